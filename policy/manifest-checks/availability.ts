// Replicas, autoscaling, disruption budgets, spreading and rollouts: K19-K24 of the catalog.
import { Check, finding } from "../check";
import { K8sObject } from "../../lib/manifests/kustomize-lite";
import { ManifestModel } from "../manifest-model";
import { matchesSelector, podLabels, podSpec, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

function deployments(model: ManifestModel): K8sObject[] {
  return model.ofKind("Deployment", "StatefulSet");
}

function hpaFor(model: ManifestModel, w: K8sObject): K8sObject | undefined {
  return model.ofKind("HorizontalPodAutoscaler").find((h) => {
    const ref = (h.spec as Spec).scaleTargetRef as Spec;
    return (
      ref.kind === w.kind && ref.name === w.metadata.name && h.metadata.namespace === w.metadata.namespace
    );
  });
}

export const K19: ManifestCheck = {
  id: "K19",
  title: "At least two replicas (or an HPA minimum of two)",
  requirements: ["HA-1", "APIM-3"],
  evaluate: (model) =>
    deployments(model).map((w) => {
      const hpa = hpaFor(model, w);
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
      .filter((w) => hpaFor(model, w))
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

export const K22: ManifestCheck = {
  id: "K22",
  title: "A PDB for every replicated workload, never blocking a drain",
  requirements: ["K8S-14", "HA-1"],
  evaluate: (model) =>
    deployments(model)
      .filter((w) => hpaFor(model, w) || Number((w.spec as Spec).replicas ?? 1) > 1)
      .map((w) => {
        const pdbs = model
          .ofKind("PodDisruptionBudget")
          .filter((p) =>
            matchesSelector(
              ((p.spec as Spec).selector as Spec)?.matchLabels as Record<string, string>,
              podLabels(w),
            ),
          );
        const spec = (pdbs[0]?.spec ?? {}) as Spec;
        return finding(
          model.subject(w),
          [
            !pdbs.length && "no PodDisruptionBudget selects its pods",
            pdbs.length > 0 &&
              spec.maxUnavailable === undefined &&
              spec.minAvailable === undefined &&
              "PDB sets neither maxUnavailable nor minAvailable",
            pdbs.length > 0 &&
              (spec.maxUnavailable === 0 || spec.maxUnavailable === "0%") &&
              "maxUnavailable 0 blocks every drain",
            pdbs.length > 0 &&
              spec.unhealthyPodEvictionPolicy !== "AlwaysAllow" &&
              "unhealthy pods cannot be evicted",
          ],
          "drainable PDB",
        );
      }),
};

export const K23: ManifestCheck = {
  id: "K23",
  title: "Replicas spread across zones and nodes",
  requirements: ["K8S-7", "HA-1", "K8S-13"],
  evaluate: (model) =>
    deployments(model).map((w) => {
      const pod = podSpec(w) ?? {};
      const labels = podLabels(w);
      const spreads = ((pod.topologySpreadConstraints as Spec[] | undefined) ?? []).filter((t) =>
        matchesSelector((t.labelSelector as Spec)?.matchLabels as Record<string, string>, labels),
      );
      const keys = spreads.map((t) => t.topologyKey);
      const antiAffinity = JSON.stringify(((pod.affinity ?? {}) as Spec).podAntiAffinity ?? {}).includes(
        "kubernetes.io/hostname",
      );
      return finding(
        model.subject(w),
        [
          !keys.includes("topology.kubernetes.io/zone") && "not spread over zones",
          !keys.includes("kubernetes.io/hostname") && !antiAffinity && "not spread over nodes",
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
      const selector = ((spec.selector as Spec)?.matchLabels ?? {}) as Record<string, string>;
      return finding(
        model.subject(w),
        [
          (strategy.type ?? "RollingUpdate") !== "RollingUpdate" && `strategy ${String(strategy.type)}`,
          String(rolling.maxUnavailable ?? "25%") !== "1" &&
            `maxUnavailable ${String(rolling.maxUnavailable ?? "25% (default)")}`,
          !matchesSelector(selector, podLabels(w)) && "selector does not match the template's labels",
        ],
        "rolling, one pod at a time",
      );
    }),
};
