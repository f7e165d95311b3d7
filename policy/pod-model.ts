// Workloads and their pods, for the manifest checks: every container (init included) with the
// pod it runs in, whatever the workload kind.
import { K8sObject } from "../lib/manifests/kustomize-lite";
import { Check, Failures, perSubject } from "./check";
import { ManifestModel } from "./manifest-model";

export type Spec = Record<string, unknown>;
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

export function podSpec(workload: K8sObject): Spec | undefined {
  const spec = workload.spec as Spec | undefined;
  if (workload.kind === "CronJob")
    return ((((spec?.jobTemplate as Spec)?.spec as Spec)?.template as Spec)?.spec as Spec) ?? undefined;
  return ((spec?.template as Spec)?.spec as Spec) ?? undefined;
}

export function podLabels(workload: K8sObject): Record<string, string> {
  const spec = workload.spec as Spec | undefined;
  const template =
    workload.kind === "CronJob"
      ? (((spec?.jobTemplate as Spec)?.spec as Spec)?.template as Spec)
      : (spec?.template as Spec);
  return ((template?.metadata as Spec)?.labels ?? {}) as Record<string, string>;
}

export interface ContainerRef {
  readonly workload: K8sObject;
  readonly pod: Spec;
  readonly container: Spec;
  readonly init: boolean;
}

export function containers(workloads: readonly K8sObject[]): ContainerRef[] {
  return workloads.flatMap((workload) => {
    const pod = podSpec(workload);
    if (!pod) return [];
    return [
      ...((pod.initContainers as Spec[] | undefined) ?? []).map((container) => ({
        workload,
        pod,
        container,
        init: true,
      })),
      ...((pod.containers as Spec[] | undefined) ?? []).map((container) => ({
        workload,
        pod,
        container,
        init: false,
      })),
    ];
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
        .filter((r) => spec.initToo !== false || !r.init)
        .map((ref) => [model.containerSubject(ref.workload, ref.container), ref]),
  });
}
