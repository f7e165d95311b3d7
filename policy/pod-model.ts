// Workloads and their pods, for the manifest checks: every container (init included) with the
// pod it runs in, whatever the workload kind.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { Check, Failures, perSubject } from "./check";
import { ManifestModel } from "./manifest-model";

export type Spec = Record<string, unknown>;
/** Every kind that runs pods: bare Pods and the older controllers too, so none escapes a check. */
export const WORKLOAD_KINDS = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "Pod",
  "ReplicaSet",
  "ReplicationController",
];

/** The pod template (metadata and spec) of a workload; a bare Pod is its own template. */
function template(workload: K8sObject): Spec | undefined {
  if (workload.kind === "Pod") return workload as unknown as Spec;
  const spec = workload.spec as Spec | undefined;
  if (workload.kind === "CronJob") return ((spec?.jobTemplate as Spec)?.spec as Spec)?.template as Spec;
  return spec?.template as Spec | undefined;
}

export function podSpec(workload: K8sObject): Spec | undefined {
  const spec = template(workload)?.spec;
  return spec && typeof spec === "object" ? (spec as Spec) : undefined;
}

export function podLabels(workload: K8sObject): Record<string, string> {
  return ((template(workload)?.metadata as Spec)?.labels ?? {}) as Record<string, string>;
}

export interface ContainerRef {
  readonly workload: K8sObject;
  readonly pod: Spec;
  readonly container: Spec;
  readonly init: boolean;
  /** Why the pod's container list cannot be read: judged as a finding, never thrown. */
  readonly malformed?: string;
}

function containerList(
  workload: K8sObject,
  pod: Spec,
  field: "containers" | "initContainers",
): ContainerRef[] {
  const list = pod[field];
  const init = field === "initContainers";
  if (list === undefined && init) return [];
  if (!Array.isArray(list) || (!init && list.length === 0)) {
    const container = { name: `<${field}>` };
    return [{ workload, pod, container, init, malformed: `${field} is not a list of containers` }];
  }
  return list.map((c, i) =>
    c && typeof c === "object" && !Array.isArray(c)
      ? { workload, pod, container: c as Spec, init }
      : {
          workload,
          pod,
          container: { name: `<${field}[${i}]>` },
          init,
          malformed: `${field}[${i}] is not a container`,
        },
  );
}

export function containers(workloads: readonly K8sObject[]): ContainerRef[] {
  return workloads.flatMap((workload) => {
    const pod = podSpec(workload);
    if (!pod) {
      const container = { name: "<pod>" };
      return [{ workload, pod: {}, container, init: false, malformed: "no pod spec" }];
    }
    return [...containerList(workload, pod, "initContainers"), ...containerList(workload, pod, "containers")];
  });
}

export function matchesSelector(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  return (
    !!selector &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels[k] === v)
  );
}

/** A manifest check that judges every container (init containers too, unless initToo is false). */
export function perContainer(spec: {
  id: string;
  title: string;
  requirements: string[];
  passText: string;
  failures: (ref: ContainerRef) => Failures;
  initToo?: boolean;
}): Check<ManifestModel> {
  return perSubject<ManifestModel, ContainerRef>({
    ...spec,
    subjects: (model) =>
      containers(model.workloads())
        .filter((r) => spec.initToo !== false || !r.init || r.malformed)
        .map((ref) => [model.containerSubject(ref.workload, ref.container), ref]),
    failures: (ref) => (ref.malformed ? [`malformed pod spec: ${ref.malformed}`] : spec.failures(ref)),
  });
}
