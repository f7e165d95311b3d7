// Replicas, autoscaling, disruption budgets, spreading and rollouts: K19-K24 of the catalog.
import { Check, finding } from "../check";
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { ManifestModel } from "../manifest-model";
import { evaluateSelector, selects } from "../label-selector";
import { podLabels, podSpec, Spec } from "../pod-model";
import { budgetsFor, hpaFor, scaled } from "../workload-scaling";

type ManifestCheck = Check<ManifestModel>;

function deployments(model: ManifestModel): K8sObject[] {
  return model.ofKind("Deployment", "StatefulSet");
}

export const K19: ManifestCheck = {
  id: "K19",
  title: "At least two replicas (or an HPA minimum of two)",
  requirements: ["HA-1", "APIM-3"],
  evaluate: (model) =>
    deployments(model).map((w) => {
      const hpa = hpaFor(model.objects, w);
      const min = hpa ? Number((hpa.spec as Spec).minReplicas ?? 1) : Number((w.spec as Spec).replicas ?? 1);
      return finding(
        model.subject(w),
        [min < 2 && `runs ${min} replica${min === 1 ? "" : "s"}`],
        `${min}+ replicas`,
      );
    }),
};

export const K20: ManifestCheck = {
  id: "K20",
  title: "An HPA-driven Deployment sets no replicas (Flux would fight the HPA)",
  requirements: ["K8S-9"],
  evaluate: (model) =>
    deployments(model)
      .filter((w) => hpaFor(model.objects, w))
      .map((w) =>
        finding(
          model.subject(w),
          [(w.spec as Spec).replicas !== undefined && "spec.replicas is set"],
          "replicas left to the HPA",
        ),
      ),
};

export const K21: ManifestCheck = {
  id: "K21",
  title: "HPA targets a Deployment of the bundle and can scale",
  requirements: ["K8S-9"],
  evaluate: (model) =>
    model.ofKind("HorizontalPodAutoscaler").map((h) => {
      const spec = h.spec as Spec;
      const ref = spec.scaleTargetRef as Spec;
      const target = model.objects.find(
        (o) =>
          o.kind === ref.kind &&
          o.metadata.name === ref.name &&
          o.metadata.namespace === h.metadata.namespace,
      );
      return finding(
        model.subject(h),
        [
          !target && `target ${String(ref.kind)}/${String(ref.name)} not in the bundle`,
          !(Number(spec.maxReplicas) > Number(spec.minReplicas ?? 1)) && "maxReplicas <= minReplicas",
        ],
        `scales ${String(ref.name)}`,
      );
    }),
};

/** Does the API server accept `value` in an int-or-percent field of a PDB (unset included)? */
function validBudget(value: unknown): boolean {
  if (value === undefined || (Number.isInteger(value) && (value as number) >= 0)) return true;
  const pct = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
  return pct !== null && Number(pct[1]) <= 100;
}

const invalidBudget = (field: string, value: unknown) =>
  !validBudget(value) && `${field} ${JSON.stringify(value)} is not a count or a percentage`;

export const K22: ManifestCheck = {
  id: "K22",
  title: "A PDB for every replicated workload, never blocking a drain",
  requirements: ["K8S-14", "HA-1"],
  evaluate: (model) =>
    deployments(model)
      .filter((w) => hpaFor(model.objects, w) || Number((w.spec as Spec).replicas ?? 1) > 1)
      .map((w) => {
        // A PDB guards the pods of its own namespace only.
        const pdbs = budgetsFor(model.objects, w);
        const spec = (pdbs[0]?.spec ?? {}) as Spec;
        const hpa = hpaFor(model.objects, w);
        // With an HPA, the fewest pods there may be is its minimum.
        const pods = hpa
          ? Number((hpa.spec as Spec).minReplicas ?? 1)
          : Number((w.spec as Spec).replicas ?? 1);
        const minAvailable = scaled(spec.minAvailable, pods);
        const maxUnavailable = scaled(spec.maxUnavailable, pods);
        return finding(
          model.subject(w),
          [
            !pdbs.length && "no PodDisruptionBudget in its namespace selects its pods",
            pdbs.length > 1 && `${pdbs.length} PDBs select its pods: the eviction API refuses such pods`,
            pdbs.length > 0 &&
              spec.maxUnavailable === undefined &&
              spec.minAvailable === undefined &&
              "PDB sets neither maxUnavailable nor minAvailable",
            spec.maxUnavailable !== undefined &&
              spec.minAvailable !== undefined &&
              "PDB sets both maxUnavailable and minAvailable (the API refuses it)",
            invalidBudget("minAvailable", spec.minAvailable),
            invalidBudget("maxUnavailable", spec.maxUnavailable),
            maxUnavailable === 0 && "maxUnavailable 0 blocks every drain",
            minAvailable >= pods &&
              `minAvailable ${String(spec.minAvailable)} of ${pods} ${hpa ? "pods at the HPA minimum" : "replicas"} blocks every drain`,
            pdbs.length > 0 &&
              spec.unhealthyPodEvictionPolicy !== "AlwaysAllow" &&
              "unhealthy pods cannot be evicted",
          ],
          "drainable PDB",
        );
      }),
};

const HOSTNAME = "kubernetes.io/hostname";

/** A pod anti-affinity term that keeps the workload's own pods on different nodes. */
function separatesOwnPods(term: Spec | undefined, w: K8sObject): boolean {
  if (!term || term.topologyKey !== HOSTNAME) return false;
  const namespaces = term.namespaces as unknown[] | undefined;
  if (namespaces?.length && !namespaces.includes(w.metadata.namespace)) return false;
  return selects(term.labelSelector, podLabels(w), true);
}

export const K23: ManifestCheck = {
  id: "K23",
  title: "Replicas spread across zones and nodes",
  requirements: ["K8S-7", "HA-1", "K8S-13"],
  evaluate: (model) =>
    deployments(model).map((w) => {
      const pod = podSpec(w) ?? {};
      const labels = podLabels(w);
      const constraints = pod.topologySpreadConstraints as Spec[] | undefined;
      // A spread constraint counts when it selects the workload's own pods.
      const spreadsOver = (key: string) =>
        constraints?.some(
          (t) => t.topologyKey === key && evaluateSelector(t.labelSelector, labels, true).selects,
        );
      const anti = (((pod.affinity ?? {}) as Spec).podAntiAffinity ?? {}) as Spec;
      const required = anti.requiredDuringSchedulingIgnoredDuringExecution as Spec[] | undefined;
      const preferred = anti.preferredDuringSchedulingIgnoredDuringExecution as Spec[] | undefined;
      const antiAffinity =
        required?.some((t) => separatesOwnPods(t, w)) ||
        preferred?.some((p) => separatesOwnPods(p.podAffinityTerm as Spec | undefined, w));
      return finding(
        model.subject(w),
        [
          !spreadsOver("topology.kubernetes.io/zone") && "not spread over zones",
          !spreadsOver(HOSTNAME) && !antiAffinity && "not spread over nodes",
        ],
        "spread over zones and nodes",
      );
    }),
};

export const K24: ManifestCheck = {
  id: "K24",
  title: "Rolling updates one pod at a time; selector within the template's labels",
  requirements: ["K8S-14", "MNT-1"],
  evaluate: (model) =>
    model.ofKind("Deployment").map((w) => {
      const spec = w.spec as Spec;
      const strategy = (spec.strategy ?? {}) as Spec;
      const rolling = (strategy.rollingUpdate ?? {}) as Spec;
      const isRolling = (strategy.type ?? "RollingUpdate") === "RollingUpdate";

      return finding(
        model.subject(w),
        [
          !isRolling && `strategy ${String(strategy.type)}`,
          // maxUnavailable belongs to rolling updates (the API refuses rollingUpdate with Recreate).
          isRolling &&
            String(rolling.maxUnavailable) !== "1" &&
            `maxUnavailable ${String(rolling.maxUnavailable ?? "25% (default)")}`,
          !evaluateSelector(spec.selector, podLabels(w), false).selects &&
            "selector does not match the template's labels",
        ],
        "rolling, one pod at a time",
      );
    }),
};
