// What the pods Flux would run ask of the node groups, read from the built manifests (team patches
// of the overlay's custom/ component included), in the terms of lib/capacity.ts: request per pod,
// replica bounds (the HPA's, else spec.replicas), zone spread, what a PodDisruptionBudget keeps and
// a rolling update's surge. P32 places these, so a patch that raises a request or a bound is judged
// on what the cluster would really be asked for, not on the env config.
import { Demand, NodeGroupName, podRequests, Requests } from "../lib/capacity";
import { cpuMilli, memoryMib } from "../lib/quantity";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { podSpec, Spec } from "./pod-model";
import { budgetsFor, hpaFor, scaled } from "./workload-scaling";
import { APIM_NODE, MONITORING_NODE } from "../lib/node-roles";

/** Kinds whose pods the capacity model places (DaemonSets are per node, outside the packing). */
const PLACED_KINDS = ["Deployment", "StatefulSet", "Job", "CronJob"];

const asList = (value: unknown): Spec[] => (Array.isArray(value) ? (value as Spec[]) : []);

/** A container's request; where it sets only a limit, Kubernetes makes the limit its request. */
function requestsOf(container: Spec): Requests {
  const resources = (container.resources ?? {}) as Spec;
  const requests = (resources.requests ?? {}) as Spec;
  const limits = (resources.limits ?? {}) as Spec;
  const cpu = requests.cpu ?? limits.cpu;
  const memory = requests.memory ?? limits.memory;
  return {
    cpuMilli: cpu === undefined ? 0 : cpuMilli(String(cpu)),
    memoryMib: memory === undefined ? 0 : memoryMib(String(memory)),
  };
}

const plus = (a: Requests, b: Requests): Requests => ({
  cpuMilli: a.cpuMilli + b.cpuMilli,
  memoryMib: a.memoryMib + b.memoryMib,
});

/**
 * The scheduler's request of a pod: its containers and sidecars (init containers with
 * restartPolicy Always, which keep running) side by side, or an init container with the sidecars
 * started before it, whichever is larger; plus the pod's overhead.
 */
function podRequest(spec: Spec): Requests {
  let sidecars: Requests = { cpuMilli: 0, memoryMib: 0 };
  const inits: Requests[] = [];
  for (const init of asList(spec.initContainers)) {
    if (init.restartPolicy === "Always") sidecars = plus(sidecars, requestsOf(init));
    else inits.push(plus(requestsOf(init), sidecars));
  }
  const request = podRequests([...asList(spec.containers).map(requestsOf), sidecars], inits);
  return spec.overhead ? plus(request, requestsOf({ resources: { requests: spec.overhead } })) : request;
}

/** Extra pods a Deployment's rolling update runs at `replicas` (Kubernetes' default: 25 %). */
function surgeOf(workload: K8sObject, replicas: number): number {
  if (workload.kind !== "Deployment") return 0;
  const strategy = ((workload.spec as Spec | undefined)?.strategy ?? {}) as Spec;
  if (strategy.type === "Recreate") return 0;
  return scaled((strategy.rollingUpdate as Spec | undefined)?.maxSurge ?? "25%", replicas);
}

/**
 * Pods a budget keeps through a disruption at `replicas`: minAvailable (at most the pods there
 * are), or the pods less maxUnavailable; a budget that sets neither keeps them all.
 */
function keptBy(budget: K8sObject | undefined, replicas: number): number {
  const spec = (budget?.spec ?? {}) as Spec;
  if (spec.minAvailable !== undefined) return Math.min(scaled(spec.minAvailable, replicas), replicas);
  if (spec.maxUnavailable !== undefined) return Math.max(replicas - scaled(spec.maxUnavailable, replicas), 0);
  return replicas;
}

/** Node labels every node of both groups carries, which a pod may select without choosing a group. */
const EVERY_NODE: Readonly<Record<string, string>> = { "kubernetes.io/os": "linux" };

/**
 * The node role a pod requires, by nodeSelector or a required node affinity (one term, the role
 * label In one value); or why this check cannot tell where it runs (other labels or operators).
 */
function requiredRole(spec: Spec): { role?: string; unjudged?: string } {
  const selector = (spec.nodeSelector ?? {}) as Record<string, unknown>;
  const others = Object.keys(selector).filter(
    (k) => k !== MONITORING_NODE.label && EVERY_NODE[k] !== selector[k],
  );
  if (others.length) return { unjudged: `selects nodes by ${others.sort().join(", ")}` };
  const required = (((spec.affinity as Spec | undefined)?.nodeAffinity as Spec | undefined)
    ?.requiredDuringSchedulingIgnoredDuringExecution ?? undefined) as Spec | undefined;
  const terms = asList(required?.nodeSelectorTerms);
  const selected = selector[MONITORING_NODE.label];
  if (!terms.length) return selected === undefined ? {} : { role: String(selected) };
  const expressions = terms.length === 1 ? asList(terms[0].matchExpressions) : [];
  const only = expressions.length === 1 && !terms[0].matchFields ? expressions[0] : undefined;
  const values = asList(only?.values);
  if (only?.key !== MONITORING_NODE.label || only.operator !== "In" || values.length !== 1)
    return { unjudged: "requires a node affinity other than one node role" };
  const role = String(values[0]);
  if (selected !== undefined && String(selected) !== role)
    return { unjudged: `selects node role ${String(selected)} and requires ${role}` };
  return { role };
}

const NODE_GROUPS: Readonly<Record<string, NodeGroupName>> = {
  [APIM_NODE.value]: "apim",
  [MONITORING_NODE.value]: "monitoring",
};

/** The strictest hard zone spread of a pod (DoNotSchedule across zones), if any. */
function zoneSkew(spec: Spec): number | undefined {
  const skews = asList(spec.topologySpreadConstraints)
    .filter((t) => t.topologyKey === "topology.kubernetes.io/zone" && t.whenUnsatisfiable === "DoNotSchedule")
    .map((t) => Number(t.maxSkew ?? 1));
  return skews.length ? Math.min(...skews) : undefined;
}

/** Pods a Job (or a CronJob's job) runs at once. */
function parallelism(workload: K8sObject): number {
  const spec = (workload.spec ?? {}) as Spec;
  const job = workload.kind === "CronJob" ? ((spec.jobTemplate as Spec | undefined)?.spec ?? {}) : spec;
  return Number((job as Spec).parallelism ?? 1);
}

export interface WorkloadDemands {
  readonly demands: Demand[];
  /** Workloads that cannot be placed at all, with why (a role no node group has, a bad quantity). */
  readonly unplaceable: { readonly workload: string; readonly problem: string }[];
}

/**
 * The demand of every pod template in the built objects, with its HPA, its PodDisruptionBudget and
 * its zone spread, on the node group its node role selects (`apim` without one: the monitoring
 * group's taint keeps everything else off it).
 */
export function workloadDemands(objects: readonly K8sObject[]): WorkloadDemands {
  const demands: Demand[] = [];
  const unplaceable: WorkloadDemands["unplaceable"][number][] = [];
  for (const o of objects.filter((x) => PLACED_KINDS.includes(x.kind) && podSpec(x))) {
    const spec = podSpec(o)!;
    const { name, namespace } = o.metadata;
    const workload = `${o.kind}/${namespace ?? "-"}/${name}`;
    const hpa = hpaFor(objects, o);
    const replicas = ["Job", "CronJob"].includes(o.kind)
      ? parallelism(o)
      : Number((o.spec as Spec | undefined)?.replicas ?? 1);
    const minReplicas = hpa ? Number((hpa.spec as Spec).minReplicas ?? 1) : replicas;
    const maxReplicas = hpa ? Number((hpa.spec as Spec).maxReplicas) : replicas;
    // Two budgets selecting one pod make the eviction API refuse it (K22 says so); the first counts here.
    const budget = budgetsFor(objects, o)[0];
    const { role, unjudged } = requiredRole(spec);
    const nodeGroup = role === undefined ? "apim" : NODE_GROUPS[role];
    const requests = podRequest(spec);
    if (unjudged) {
      unplaceable.push({ workload, problem: `${unjudged}: this check cannot tell which node group runs it` });
      continue;
    }
    const keep = keptBy(budget, minReplicas);
    const maxSurge = surgeOf(o, maxReplicas);
    if (![replicas, minReplicas, maxReplicas].every((n) => Number.isInteger(n) && n >= 0)) {
      unplaceable.push({ workload, problem: "has a replica count or bound that is not a whole number" });
      continue;
    }
    if (!Number.isFinite(keep) || !Number.isFinite(maxSurge)) {
      unplaceable.push({
        workload,
        problem: "has a budget or a maxSurge that is neither a count nor a percentage",
      });
      continue;
    }
    if (!nodeGroup) {
      unplaceable.push({
        workload,
        problem: `requires nodes labelled ${MONITORING_NODE.label}=${role}, which no node group has`,
      });
      continue;
    }
    if (!Number.isFinite(requests.cpuMilli) || !Number.isFinite(requests.memoryMib)) {
      unplaceable.push({ workload, problem: "requests a CPU or memory quantity Kubernetes cannot read" });
      continue;
    }
    const skew = zoneSkew(spec);
    demands.push({
      name,
      nodeGroup,
      requests,
      minReplicas,
      maxReplicas,
      zoneSpread: skew === undefined ? "soft" : "hard",
      ...(skew !== undefined && skew !== 1 ? { maxSkew: skew } : {}),
      keep,
      maxSurge,
    });
  }
  return { demands, unplaceable };
}
