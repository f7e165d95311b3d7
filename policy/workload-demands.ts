// What the pods Flux would run ask of the node groups, read from the built manifests (team patches
// of the overlay's custom/ component included), in the terms of lib/capacity.ts: request per pod,
// replica bounds (the HPA's, else spec.replicas), zone spread, what a PodDisruptionBudget keeps and
// a rolling update's surge. P32 places these, so a patch that raises a request or a bound is judged
// on what the cluster would really be asked for, not on the env config.
import { cpuMilli, Demand, memoryMib, NodeGroupName, podRequests, Requests } from "../lib/capacity";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { podLabels, podSpec, Spec } from "./pod-model";
import { selects } from "./label-selector";
import { MONITORING_NODE } from "../lib/node-roles";

/** Kinds whose pods the capacity model places (DaemonSets are per node, outside the packing). */
const PLACED_KINDS = ["Deployment", "StatefulSet", "Job", "CronJob"];

const asList = (value: unknown): Spec[] => (Array.isArray(value) ? (value as Spec[]) : []);

function requestsOf(container: Spec): Requests {
  const requests = ((container.resources as Spec | undefined)?.requests ?? {}) as Spec;
  return {
    cpuMilli: requests.cpu === undefined ? 0 : cpuMilli(String(requests.cpu)),
    memoryMib: requests.memory === undefined ? 0 : memoryMib(String(requests.memory)),
  };
}

/** An int-or-percent field (maxSurge, maxUnavailable) of `of` pods; percents round as Kubernetes does. */
function intOrPercent(value: unknown, of: number, round: "up" | "down"): number {
  const percent = /^(\d+)%$/.exec(String(value));
  if (!percent) return Number(value);
  const exact = (Number(percent[1]) * of) / 100;
  return round === "up" ? Math.ceil(exact) : Math.floor(exact);
}

/** Extra pods a Deployment's rolling update runs at `replicas` (Kubernetes' default: 25 %). */
function surgeOf(workload: K8sObject, replicas: number): number {
  if (workload.kind !== "Deployment") return 0;
  const strategy = ((workload.spec as Spec | undefined)?.strategy ?? {}) as Spec;
  if (strategy.type === "Recreate") return 0;
  const surge = (strategy.rollingUpdate as Spec | undefined)?.maxSurge ?? "25%";
  return intOrPercent(surge, replicas, "up");
}

/**
 * The demand of every pod template in the built objects that runs on a node group, with its HPA,
 * its PodDisruptionBudget and its zone spread. A workload without a node-role selector runs on
 * `apim` (the monitoring group's taint keeps everything else off it).
 */
export function workloadDemands(objects: readonly K8sObject[]): Demand[] {
  const hpas = objects.filter((o) => o.kind === "HorizontalPodAutoscaler");
  const budgets = objects.filter((o) => o.kind === "PodDisruptionBudget");
  return objects
    .filter((o) => PLACED_KINDS.includes(o.kind) && podSpec(o))
    .map((o): Demand => {
      const spec = podSpec(o)!;
      const namespace = o.metadata.namespace;
      const hpa = hpas.find((h) => {
        const target = ((h.spec as Spec | undefined)?.scaleTargetRef ?? {}) as Spec;
        return (
          h.metadata.namespace === namespace && target.kind === o.kind && target.name === o.metadata.name
        );
      });
      const replicas = Number((o.spec as Spec | undefined)?.replicas ?? 1);
      const minReplicas = hpa ? Number((hpa.spec as Spec).minReplicas ?? 1) : replicas;
      const maxReplicas = hpa ? Number((hpa.spec as Spec).maxReplicas) : replicas;
      const budget = budgets.find(
        (b) =>
          b.metadata.namespace === namespace &&
          selects((b.spec as Spec | undefined)?.selector, podLabels(o), false),
      );
      const budgetSpec = (budget?.spec ?? {}) as Spec;
      const keep = !budget
        ? minReplicas
        : budgetSpec.minAvailable !== undefined
          ? intOrPercent(budgetSpec.minAvailable, minReplicas, "up")
          : Math.max(minReplicas - intOrPercent(budgetSpec.maxUnavailable, minReplicas, "down"), 0);
      const zone = asList(spec.topologySpreadConstraints).find(
        (t) => t.topologyKey === "topology.kubernetes.io/zone",
      );
      const role = ((spec.nodeSelector ?? {}) as Spec)[MONITORING_NODE.label];
      return {
        name: o.metadata.name,
        nodeGroup: (role === MONITORING_NODE.value ? "monitoring" : "apim") satisfies NodeGroupName,
        requests: podRequests(
          asList(spec.containers).map(requestsOf),
          asList(spec.initContainers).map(requestsOf),
        ),
        minReplicas,
        maxReplicas,
        zoneSpread: zone?.whenUnsatisfiable === "DoNotSchedule" && zone.maxSkew === 1 ? "hard" : "soft",
        keep,
        maxSurge: surgeOf(o, maxReplicas),
      };
    });
}
