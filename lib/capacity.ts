// Capacity and placement of an env, computed from its config: node allocatable under EKS's
// reserved-resources formula, the DaemonSets every node runs, the pods each node group runs, and
// whether they fit at the HPA maxima, during a rolling update and with one zone down (K8S-8,
// K8S-9, SIZ-1, HA-1). Data in, numbers out: envs/rules.ts refuses a config that does not fit,
// policy/capacity-report.ts shows the numbers, test/capacity.test.ts proves the data below equals
// the built manifests wherever we render them.
import { EnvironmentConfig, NodeGroupConfig, WorkloadSizing } from "../envs/schema";
import { nodeAllocatable, NodeAllocatable } from "./instance-capacity";
import { CASSANDRA_RING_SIZE } from "./naming";
import { cpuMilli, memoryMib } from "./quantity";
import { ZONE_COUNT } from "./subnet-plan";

export type NodeGroupName = "apim" | "monitoring";

export interface Requests {
  readonly cpuMilli: number;
  readonly memoryMib: number;
}

/** Where a number of the data below comes from, so that a test can compare it. */
export type RenderedAt =
  /** values of a HelmRelease we render (gitops/infrastructure/controllers or configs) */
  | {
      readonly helmRelease: string;
      readonly resources: readonly string[];
      readonly replicas?: readonly string[];
    }
  /** a pod template we render (gitops/apps/apim) */
  | { readonly kind: "Deployment" | "Job" | "CronJob"; readonly name: string };

export interface DaemonSetData {
  readonly name: string;
  readonly requests: Requests;
  /** Rendered by us (then a test compares), or the add-on's own default, named. */
  readonly source: RenderedAt | string;
}

/**
 * The DaemonSets of every node: the EKS add-ons (their defaults: the add-on configuration we
 * install sets no resources) and the two we render. Every one tolerates every taint, so each
 * node of each group pays for all of them.
 */
export const DAEMONSETS: readonly DaemonSetData[] = [
  {
    name: "aws-node",
    requests: { cpuMilli: 50, memoryMib: 0 },
    source:
      "EKS add-on vpc-cni default: aws-node 25m CPU and aws-eks-nodeagent 25m CPU (network policy on), no memory request",
  },
  {
    name: "kube-proxy",
    requests: { cpuMilli: 100, memoryMib: 0 },
    source: "EKS add-on kube-proxy default: 100m CPU, no memory request",
  },
  {
    name: "eks-pod-identity-agent",
    requests: { cpuMilli: 25, memoryMib: 64 },
    source:
      "EKS add-on eks-pod-identity-agent: the chart sets no request; 25m / 64 MiB budgeted so that the agent's real use is not left out",
  },
  {
    name: "ebs-csi-node",
    requests: { cpuMilli: 30, memoryMib: 120 },
    source:
      "EKS add-on aws-ebs-csi-driver default: node plugin 10m / 40Mi; its two sidecars (registrar, liveness probe) budgeted the same",
  },
  {
    name: "efs-csi-node",
    requests: { cpuMilli: 30, memoryMib: 120 },
    source:
      "EKS add-on aws-efs-csi-driver: the chart sets no request; 10m / 40 MiB budgeted per container (plugin, registrar, liveness probe)",
  },
  {
    name: "fluent-bit",
    requests: { cpuMilli: 50, memoryMib: 64 },
    source: { helmRelease: "fluent-bit", resources: ["resources"] },
  },
  {
    name: "prometheus-node-exporter",
    requests: { cpuMilli: 20, memoryMib: 32 },
    source: { helmRelease: "kube-prometheus-stack", resources: ["prometheus-node-exporter", "resources"] },
  },
];

export interface PodData {
  readonly name: string;
  readonly nodeGroup: NodeGroupName;
  readonly replicas: number;
  readonly requests: Requests;
  readonly source: RenderedAt | string;
  /** A container the chart or operator adds to the pod without our values (not rendered by us). */
  readonly sidecar?: { readonly requests: Requests; readonly source: string };
}

/**
 * Pods that every env runs besides ANM, API Manager and the gateways, by the group that runs them
 * (the monitoring group's taint keeps everything else on `apim`).
 */
export const CLUSTER_PODS: readonly PodData[] = [
  {
    name: "coredns",
    nodeGroup: "apim",
    replicas: 2,
    requests: { cpuMilli: 100, memoryMib: 70 },
    source: "EKS add-on coredns default: 2 replicas, 100m / 70Mi",
  },
  {
    name: "ebs-csi-controller",
    nodeGroup: "apim",
    replicas: 2,
    requests: { cpuMilli: 60, memoryMib: 240 },
    source:
      "EKS add-on aws-ebs-csi-driver default: 2 replicas, plugin 10m / 40Mi; its five sidecars budgeted the same",
  },
  {
    name: "efs-csi-controller",
    nodeGroup: "apim",
    replicas: 2,
    requests: { cpuMilli: 30, memoryMib: 120 },
    source:
      "EKS add-on aws-efs-csi-driver: 2 replicas, no request in the chart; 10m / 40 MiB budgeted per container",
  },
  ...["source-controller", "kustomize-controller", "helm-controller", "notification-controller"].map(
    (name): PodData => ({
      name,
      nodeGroup: "apim",
      replicas: 1,
      requests: { cpuMilli: 100, memoryMib: 64 },
      source: "flux2 community chart default (platform stack): 100m / 64Mi per controller",
    }),
  ),
  {
    name: "aws-load-balancer-controller",
    nodeGroup: "apim",
    replicas: 2,
    requests: { cpuMilli: 100, memoryMib: 128 },
    source: {
      helmRelease: "aws-load-balancer-controller",
      resources: ["resources"],
      replicas: ["replicaCount"],
    },
  },
  {
    name: "external-secrets",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 50, memoryMib: 128 },
    source: { helmRelease: "external-secrets", resources: ["resources"] },
  },
  {
    name: "external-secrets-webhook",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 20, memoryMib: 64 },
    source: { helmRelease: "external-secrets", resources: ["webhook", "resources"] },
  },
  {
    name: "external-secrets-cert-controller",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 20, memoryMib: 64 },
    source: { helmRelease: "external-secrets", resources: ["certController", "resources"] },
  },
  {
    name: "external-dns",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 20, memoryMib: 64 },
    source: { helmRelease: "external-dns", resources: ["resources"] },
  },
  {
    name: "cluster-autoscaler",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 100, memoryMib: 300 },
    source: { helmRelease: "cluster-autoscaler", resources: ["resources"] },
  },
  {
    name: "metrics-server",
    nodeGroup: "apim",
    replicas: 2,
    requests: { cpuMilli: 50, memoryMib: 64 },
    source: { helmRelease: "metrics-server", resources: ["resources"], replicas: ["replicas"] },
  },
  {
    // Runs while the gateways are at their maximum: it is what drives them there.
    name: "load-test",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 1000, memoryMib: 1024 },
    source: { kind: "CronJob", name: "load-test" },
  },
  {
    // A one-shot Job, counted because a schema change re-runs it next to everything else.
    name: "metrics-schema",
    nodeGroup: "apim",
    replicas: 1,
    requests: { cpuMilli: 250, memoryMib: 512 },
    source: { kind: "Job", name: "metrics-schema" },
  },
  {
    name: "prometheus-operator",
    nodeGroup: "monitoring",
    replicas: 1,
    requests: { cpuMilli: 100, memoryMib: 128 },
    source: { helmRelease: "kube-prometheus-stack", resources: ["prometheusOperator", "resources"] },
  },
  {
    name: "prometheus",
    nodeGroup: "monitoring",
    replicas: 1,
    requests: { cpuMilli: 500, memoryMib: 2048 },
    source: {
      helmRelease: "kube-prometheus-stack",
      resources: ["prometheus", "prometheusSpec", "resources"],
    },
    sidecar: {
      requests: { cpuMilli: 10, memoryMib: 50 },
      source: "prometheus-operator's config-reloader sidecar default: 10m / 50Mi",
    },
  },
  {
    name: "alertmanager",
    nodeGroup: "monitoring",
    replicas: 1,
    requests: { cpuMilli: 50, memoryMib: 64 },
    source: {
      helmRelease: "kube-prometheus-stack",
      resources: ["alertmanager", "alertmanagerSpec", "resources"],
    },
  },
  {
    name: "grafana",
    nodeGroup: "monitoring",
    replicas: 1,
    requests: { cpuMilli: 100, memoryMib: 256 },
    source: { helmRelease: "kube-prometheus-stack", resources: ["grafana", "resources"] },
  },
  {
    name: "kube-state-metrics",
    nodeGroup: "monitoring",
    replicas: 1,
    requests: { cpuMilli: 50, memoryMib: 128 },
    source: { helmRelease: "kube-prometheus-stack", resources: ["kube-state-metrics", "resources"] },
  },
];

/** How the APIM Deployments roll and what their budgets keep (gitops-src/apim; the test compares). */
export const APIM_ROLLOUT = {
  /** ANM and API Manager: one pod, replaced in place (maxSurge 0), no budget. */
  singleton: { maxSurge: 0 },
  /** Gateways: maxSurge 25 %, PDB maxUnavailable 1, zone spread DoNotSchedule. */
  gateway: { maxSurgePercent: 25, pdbMaxUnavailable: 1 },
  /** Init containers request this much; a pod requests max(sum of containers, largest init). */
  waitInit: { cpuMilli: 10, memoryMib: 32 },
} as const;

/** JVM memory outside the heap (metaspace, code cache, thread stacks, direct buffers), in MiB. */
export const NON_HEAP_OVERHEAD_MIB = 256;

/** Certificates one ALB listener takes besides its default one (Elastic Load Balancing quota). */
export const ALB_CERTIFICATES_PER_LISTENER = 25;

export interface Demand {
  readonly name: string;
  readonly nodeGroup: NodeGroupName;
  readonly requests: Requests;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** DoNotSchedule across zones (hard) or ScheduleAnyway / none (soft). */
  readonly zoneSpread: "hard" | "soft";
  /** The hard spread's maxSkew, where it is not 1. */
  readonly maxSkew?: number;
  /** Pods the workload keeps through a disruption: its PDB minimum, else all its replicas. */
  readonly keep: number;
  /** Extra pods of a rolling update at maxReplicas. */
  readonly maxSurge: number;
  /** The config field that sizes it, for messages. */
  readonly sizedBy?: readonly (string | number)[];
}

export interface NodeGroupSupply {
  readonly name: NodeGroupName;
  readonly instanceType: string;
  /** One managed node group per zone (their maxima), or one group (monitoring: in one zone). */
  readonly zonal: boolean;
  readonly maxSize: number;
  readonly maxPerZone: readonly number[];
}

export interface CapacityModel {
  readonly env: string;
  readonly zones: readonly string[];
  readonly groups: readonly NodeGroupSupply[];
  readonly daemonSets: readonly DaemonSetData[];
  readonly demands: readonly Demand[];
  readonly cassandra: { readonly nodes: number; readonly replicationFactor: number };
}

/** The request of a pod: the larger of its containers' sum and its largest init container. */
export function podRequests(containers: readonly Requests[], inits: readonly Requests[] = []): Requests {
  const sum = containers.reduce(
    (a, c) => ({ cpuMilli: a.cpuMilli + c.cpuMilli, memoryMib: a.memoryMib + c.memoryMib }),
    { cpuMilli: 0, memoryMib: 0 },
  );
  return {
    cpuMilli: Math.max(sum.cpuMilli, ...inits.map((i) => i.cpuMilli)),
    memoryMib: Math.max(sum.memoryMib, ...inits.map((i) => i.memoryMib)),
  };
}

function sizingRequests(sizing: WorkloadSizing): Requests {
  return podRequests(
    [
      {
        cpuMilli: cpuMilli(sizing.resources.requests.cpu),
        memoryMib: memoryMib(sizing.resources.requests.memory),
      },
    ],
    [APIM_ROLLOUT.waitInit],
  );
}

/**
 * The managed node groups of a zonal group, one per zone: the minimum and desired sizes spread
 * over the zones (the first zones take the remainder), the maximum split evenly (the env's
 * maxSize is a multiple of the zone count; envs/rules.ts says so).
 */
export function zoneSizes(
  group: Pick<NodeGroupConfig, "minSize" | "desiredSize" | "maxSize">,
  zones = ZONE_COUNT,
): { minSize: number; desiredSize: number; maxSize: number }[] {
  const spread = (n: number, i: number) => Math.floor(n / zones) + (i < n % zones ? 1 : 0);
  return Array.from({ length: zones }, (_, i) => ({
    minSize: spread(group.minSize, i),
    desiredSize: spread(group.desiredSize, i),
    maxSize: Math.ceil(group.maxSize / zones),
  }));
}

/**
 * The capacity model of an env, from its config and the data above. `workloads`, the demands of
 * the pods the built manifests run (policy/workload-demands.ts), take the place of the ones of
 * the same name the config implies; a workload only the build has is added.
 */
export function capacityModel(env: EnvironmentConfig, workloads: readonly Demand[] = []): CapacityModel {
  const apim = env.nodeGroups.apim;
  const mon = env.nodeGroups.monitoring;
  const singleton = (
    name: string,
    sizing: WorkloadSizing,
    sizedBy: readonly (string | number)[],
  ): Demand => ({
    name,
    nodeGroup: "apim",
    requests: sizingRequests(sizing),
    minReplicas: 1,
    maxReplicas: 1,
    zoneSpread: "soft",
    keep: 1,
    maxSurge: APIM_ROLLOUT.singleton.maxSurge,
    sizedBy,
  });
  const demands: Demand[] = [
    singleton("admin-node-manager", env.apim.anm.sizing, ["apim", "anm", "sizing"]),
    singleton("api-manager", env.apim.apiManager.sizing, ["apim", "apiManager", "sizing"]),
    ...env.apim.gatewayGroups.map((g, i): Demand => ({
      name: `gateway-${g.name}`,
      nodeGroup: "apim",
      requests: sizingRequests(g.sizing),
      minReplicas: g.minReplicas,
      maxReplicas: g.maxReplicas,
      zoneSpread: "hard",
      keep: Math.max(g.minReplicas - APIM_ROLLOUT.gateway.pdbMaxUnavailable, 0),
      maxSurge: Math.ceil((g.maxReplicas * APIM_ROLLOUT.gateway.maxSurgePercent) / 100),
      sizedBy: ["apim", "gatewayGroups", i, "sizing"],
    })),
    ...CLUSTER_PODS.map((p): Demand => ({
      name: p.name,
      nodeGroup: p.nodeGroup,
      requests: p.sidecar ? podRequests([p.requests, p.sidecar.requests]) : p.requests,
      minReplicas: p.replicas,
      maxReplicas: p.replicas,
      zoneSpread: "soft",
      keep: p.replicas,
      maxSurge: 0,
    })),
  ];
  // The first built workload of a name takes the configured one's place; every other is added (a
  // second workload of the same name in another namespace still needs its nodes).
  const replacing = new Map<string, Demand>();
  const added: Demand[] = [];
  const configured = new Set(demands.map((d) => d.name));
  for (const w of workloads) {
    if (configured.has(w.name) && !replacing.has(w.name)) replacing.set(w.name, w);
    else added.push(w);
  }
  const placed = [
    ...demands.map((d) => {
      const w = replacing.get(d.name);
      return w ? { ...w, ...(d.sizedBy ? { sizedBy: d.sizedBy } : {}) } : d;
    }),
    ...added,
  ];
  return {
    env: env.name,
    zones: env.aws.availabilityZones,
    groups: [
      {
        name: "apim",
        instanceType: apim.instanceType,
        zonal: true,
        maxSize: apim.maxSize,
        maxPerZone: zoneSizes(apim).map((z) => z.maxSize),
      },
      {
        name: "monitoring",
        instanceType: mon.instanceType,
        zonal: false,
        maxSize: mon.maxSize,
        maxPerZone: [mon.maxSize],
      },
    ],
    daemonSets: DAEMONSETS,
    demands: placed,
    cassandra: { nodes: env.cassandra.nodeCount, replicationFactor: CASSANDRA_RING_SIZE },
  };
}

export interface NodeShape {
  readonly node: NodeAllocatable;
  readonly daemonSets: Requests & { pods: number };
  /** What one node leaves for the group's pods. */
  readonly free: Requests & { pods: number };
}

export function nodeShape(instanceType: string, daemonSets: readonly DaemonSetData[]): NodeShape | undefined {
  const node = nodeAllocatable(instanceType);
  if (!node) return undefined;
  const ds = daemonSets.reduce(
    (a, d) => ({ cpuMilli: a.cpuMilli + d.requests.cpuMilli, memoryMib: a.memoryMib + d.requests.memoryMib }),
    { cpuMilli: 0, memoryMib: 0 },
  );
  return {
    node,
    daemonSets: { ...ds, pods: daemonSets.length },
    free: {
      cpuMilli: node.cpuMilli - ds.cpuMilli,
      memoryMib: node.allocatableMemoryMib - ds.memoryMib,
      pods: node.maxPods - daemonSets.length,
    },
  };
}

interface PackItem {
  readonly name: string;
  readonly requests: Requests;
  readonly count: number;
  readonly zoneSpread: "hard" | "soft";
  readonly maxSkew?: number;
}

/** Where packing stopped: the workload and how many of its pods found a node. */
export interface PackFailure {
  readonly name: string;
  readonly placed: number;
  readonly wanted: number;
}

/**
 * First-fit decreasing over the nodes of each zone at their maximum; a hard-spread workload may
 * put its next pod only in a zone where that keeps the skew across zones with nodes within its
 * maxSkew (topologySpreadConstraints, DoNotSchedule; 1 unless the item says otherwise).
 */
export function pack(
  nodesPerZone: readonly number[],
  free: Requests & { pods: number },
  items: readonly PackItem[],
): PackFailure | undefined {
  const nodes = nodesPerZone.flatMap((n, zone) =>
    Array.from({ length: n }, () => ({ zone, cpu: free.cpuMilli, mem: free.memoryMib, pods: free.pods })),
  );
  const domains = nodesPerZone.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  const size = (r: Requests) =>
    r.cpuMilli / Math.max(free.cpuMilli, 1) + r.memoryMib / Math.max(free.memoryMib, 1);
  const ordered = [...items].sort(
    (a, b) =>
      (a.zoneSpread === "hard" ? 0 : 1) - (b.zoneSpread === "hard" ? 0 : 1) ||
      size(b.requests) - size(a.requests) ||
      a.name.localeCompare(b.name),
  );
  for (const item of ordered) {
    const counts = nodesPerZone.map(() => 0);
    for (let i = 0; i < item.count; i++) {
      const least = Math.min(...domains.map((z) => counts[z]));
      const zones = [...domains]
        .filter((z) => item.zoneSpread === "soft" || counts[z] + 1 - least <= (item.maxSkew ?? 1))
        .sort((a, b) => counts[a] - counts[b] || a - b);
      const node = zones
        .flatMap((z) => nodes.filter((n) => n.zone === z))
        .find((n) => n.cpu >= item.requests.cpuMilli && n.mem >= item.requests.memoryMib && n.pods >= 1);
      if (!node) return { name: item.name, placed: i, wanted: item.count };
      node.cpu -= item.requests.cpuMilli;
      node.mem -= item.requests.memoryMib;
      node.pods -= 1;
      counts[node.zone]++;
    }
  }
  return undefined;
}

export type CapacityCheck =
  "pod fits a node" | "HPA maxima" | "rolling update" | "one zone down" | "Cassandra quorum";

export interface GroupCapacity {
  readonly group: NodeGroupSupply;
  readonly shape: NodeShape;
  readonly demands: readonly Demand[];
  /** Pods and requests at the HPA maxima. */
  readonly atMax: Requests & { pods: number };
  /** The extra pods of each Deployment that surges, all rolling at once (a release). */
  readonly rollout: readonly { readonly name: string; readonly pods: number }[];
  /** Pods kept with one zone down (PDB minima, singletons). */
  readonly zoneDown: Requests & { pods: number };
}

export interface CapacityFinding {
  readonly env: string;
  readonly group: string;
  readonly check: CapacityCheck;
  readonly ok: boolean;
  /** Not judged: a check it depends on failed (that finding says so). */
  readonly skipped?: boolean;
  /** The config field to blame (relative to the env config). */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface CapacityResult {
  readonly model: CapacityModel;
  readonly groups: readonly GroupCapacity[];
  readonly findings: readonly CapacityFinding[];
}

const cpu = (m: number) => `${(m / 1000).toFixed(2)} CPU`;
const mem = (m: number) => `${(m / 1024).toFixed(1)} GiB`;
const total = (ds: readonly Demand[], count: (d: Demand) => number) =>
  ds.reduce(
    (a, d) => ({
      cpuMilli: a.cpuMilli + count(d) * d.requests.cpuMilli,
      memoryMib: a.memoryMib + count(d) * d.requests.memoryMib,
      pods: a.pods + count(d),
    }),
    { cpuMilli: 0, memoryMib: 0, pods: 0 },
  );

/** Where a group's nodes at their maximum cannot hold its pods, if anywhere. */
interface Placement {
  /** The pods at their HPA maxima. */
  readonly atMax?: PackFailure;
  /** A release rolling every Deployment at once at the maxima (tried only when the maxima fit). */
  readonly surge?: PackFailure;
  /** The first zone whose loss leaves the pods the budgets keep without room (zonal groups). */
  readonly zoneDown?: { readonly zone: number; readonly nodesLeft: number; readonly failure: PackFailure };
}

function place(
  perZone: readonly number[],
  zonal: boolean,
  free: Requests & { pods: number },
  demands: readonly Demand[],
): Placement {
  const items = (count: (d: Demand) => number) =>
    demands.map((d) => ({
      name: d.name,
      requests: d.requests,
      count: count(d),
      zoneSpread: d.zoneSpread,
      ...(d.maxSkew ? { maxSkew: d.maxSkew } : {}),
    }));
  const atMax = pack(
    perZone,
    free,
    items((d) => d.maxReplicas),
  );
  // A release changes every image tag of the env: all its Deployments roll at the same time.
  const surge = atMax
    ? undefined
    : pack(
        perZone,
        free,
        items((d) => d.maxReplicas + d.maxSurge),
      );
  let zoneDown: Placement["zoneDown"];
  for (let z = 0; zonal && z < perZone.length && !zoneDown; z++) {
    const left = perZone.map((n, i) => (i === z ? 0 : n));
    const failure = pack(
      left,
      free,
      items((d) => d.keep),
    );
    if (failure) zoneDown = { zone: z, nodesLeft: left.reduce((a, b) => a + b, 0), failure };
  }
  return { atMax, surge, zoneDown };
}

/** How far above today's maxSize the search for one that fits goes. */
const FIT_SEARCH_FACTOR = 4;

/**
 * The smallest maxSize above the group's at which the maxima, every rolling update and any zone
 * down fit: for a zonal group a multiple of its zone count (envs/rules.ts requires one), split
 * evenly as zoneSizes does.
 */
function fittingMaxSize(
  group: NodeGroupSupply,
  free: Requests & { pods: number },
  demands: readonly Demand[],
): number | undefined {
  const zones = group.zonal ? group.maxPerZone.length : 1;
  for (let size = group.maxSize + zones; size <= group.maxSize * FIT_SEARCH_FACTOR; size += zones) {
    const perZone = Array.from({ length: zones }, () => Math.ceil(size / zones));
    const p = place(perZone, group.zonal, free, demands);
    if (!p.atMax && !p.surge && !p.zoneDown) return size;
  }
  return undefined;
}

/** Every capacity check of an env's model: findings with numbers, passing and failing. */
export function evaluateCapacity(model: CapacityModel): CapacityResult {
  const findings: CapacityFinding[] = [];
  const groups: GroupCapacity[] = [];
  const finding = (
    group: NodeGroupSupply,
    check: CapacityCheck,
    field: "instanceType" | "maxSize",
    failure: string | undefined,
    pass: string,
  ) =>
    findings.push({
      env: model.env,
      group: group.name,
      check,
      ok: failure === undefined,
      path: ["nodeGroups", group.name, field],
      message: `node group ${group.name}: ${failure ?? pass}`,
    });
  for (const group of model.groups) {
    const shape = nodeShape(group.instanceType, model.daemonSets);
    if (!shape) continue; // envs/rules.ts reports an instance type without capacity data
    const demands = model.demands.filter((d) => d.nodeGroup === group.name);
    const free = shape.free;
    const nodes = `${group.maxSize} ${group.instanceType} node${group.maxSize === 1 ? "" : "s"}${group.zonal ? ` (${group.maxPerZone.join("/")} per zone)` : ""}`;
    const perNode = `${free.cpuMilli}m / ${free.memoryMib} MiB / ${free.pods} pods per node after DaemonSets (${shape.node.cpuMilli}m / ${shape.node.allocatableMemoryMib} MiB allocatable)`;

    const tooBig = demands.find(
      (d) => d.requests.cpuMilli > free.cpuMilli || d.requests.memoryMib > free.memoryMib,
    );
    finding(
      group,
      "pod fits a node",
      "instanceType",
      tooBig &&
        `pod ${tooBig.name} requests ${tooBig.requests.cpuMilli}m / ${tooBig.requests.memoryMib} MiB; a ${group.instanceType} node has ${perNode} (K8S-8, SIZ-1)`,
      `largest pod ${[...demands].sort((a, b) => b.requests.memoryMib - a.requests.memoryMib)[0]?.name ?? "-"} fits; ${perNode}`,
    );

    if (tooBig) {
      const skipped = `not evaluated: pod ${tooBig.name} fits no ${group.instanceType} node`;
      for (const check of ["HPA maxima", "rolling update", "one zone down"] as const)
        findings.push({
          env: model.env,
          group: group.name,
          check,
          ok: false,
          skipped: true,
          path: ["nodeGroups", group.name, "maxSize"],
          message: `node group ${group.name}: ${skipped}`,
        });
      continue;
    }
    const atMax = total(demands, (d) => d.maxReplicas);
    const have = `${nodes} free ${cpu(free.cpuMilli * group.maxSize)} / ${mem(free.memoryMib * group.maxSize)}`;
    const scaled = demands
      .filter((d) => d.maxReplicas > d.minReplicas)
      .map((d) => `${d.name} ${d.maxReplicas}`)
      .join(", ");
    const need = (r: Requests & { pods: number }) =>
      `${r.pods} pods need ${cpu(r.cpuMilli)} / ${mem(r.memoryMib)}`;
    // The first pod without a node; the totals before it say how far off the group is.
    const where = (f: PackFailure) => {
      const d = demands.find((x) => x.name === f.name)!;
      const size = `${d.requests.cpuMilli}m / ${d.requests.memoryMib} MiB`;
      return f.wanted === 1
        ? `no node is left for ${f.name} (${size})`
        : `no node is left for ${f.wanted - f.placed} of the ${f.wanted} pods of ${f.name} (${size} each)${d.zoneSpread === "hard" ? ` within its zone spread (maxSkew ${d.maxSkew ?? 1})` : ""}`;
    };
    const perZone = group.zonal ? group.maxPerZone : [group.maxSize];
    const placement = place(perZone, group.zonal, free, demands);
    // What would fit, so that the message says what to change, not only what broke.
    const fits =
      placement.atMax || placement.surge || placement.zoneDown
        ? fittingMaxSize(group, free, demands)
        : undefined;
    const hint =
      fits === undefined
        ? `; no maxSize up to ${group.maxSize * FIT_SEARCH_FACTOR} holds it`
        : `; maxSize ${fits} would hold it`;
    finding(
      group,
      "HPA maxima",
      "maxSize",
      placement.atMax &&
        `at the HPA maxima (${scaled || "no HPA"}) plus singletons ${need(atMax)}; ${have}: ${where(placement.atMax)}${hint} (K8S-8, K8S-9)`,
      `at the HPA maxima (${scaled || "no HPA"}) plus singletons ${need(atMax)}; ${have}`,
    );

    const rollout = demands.filter((d) => d.maxSurge > 0).map((d) => ({ name: d.name, pods: d.maxSurge }));
    const surges = rollout.map((r) => `${r.name} +${r.pods}`).join(", ");
    const release = `a release rolling every Deployment at once at the maxima (${surges}): ${need(total(demands, (d) => d.maxReplicas + d.maxSurge))}; ${have}`;
    if (placement.atMax)
      findings.push({
        env: model.env,
        group: group.name,
        check: "rolling update",
        ok: false,
        skipped: true,
        path: ["nodeGroups", group.name, "maxSize"],
        message: `node group ${group.name}: not evaluated: the HPA maxima do not fit`,
      });
    else
      finding(
        group,
        "rolling update",
        "maxSize",
        placement.surge && `${release}: ${where(placement.surge)}${hint} (K8S-8)`,
        rollout.length ? release : "no Deployment surges (maxSurge 0)",
      );

    const zoneDown = total(demands, (d) => d.keep);
    const down = placement.zoneDown;
    finding(
      group,
      "one zone down",
      "maxSize",
      down &&
        `with ${model.zones[down.zone] ?? `zone ${down.zone + 1}`} down, the PDB minima and singletons (${need(zoneDown)}) do not fit ${down.nodesLeft} nodes of the other zones: ${where(down.failure)}${hint} (HA-1)`,
      group.zonal
        ? `with any zone down, the PDB minima and singletons (${need(zoneDown)}) fit the ${perZone.reduce((a, b) => a + b, 0) - Math.max(...perZone)} nodes of the two other zones`
        : `one group in one zone (Prometheus's EBS volume lives there): monitoring is outside the zone spread (K8S-7)`,
    );
    groups.push({ group, shape, demands, atMax, rollout, zoneDown });
  }
  const { nodes, replicationFactor } = model.cassandra;
  const worstZone = Math.ceil(nodes / ZONE_COUNT);
  const quorum = Math.floor(replicationFactor / 2) + 1;
  // One node per zone and racks = zones: each zone holds one replica of every range.
  const replicasLeft = replicationFactor - Math.ceil(replicationFactor / ZONE_COUNT);
  findings.push({
    env: model.env,
    group: "cassandra",
    check: "Cassandra quorum",
    ok: replicasLeft >= quorum && nodes - worstZone >= quorum,
    path: ["cassandra", "nodeCount"],
    message: `cassandra: ${nodes} nodes, RF ${replicationFactor}: with one zone down ${nodes - worstZone} nodes and ${replicasLeft} replicas of every range remain, quorum is ${quorum} (APIM-7, HA-1)`,
  });
  return { model, groups, findings };
}

/** The capacity of an env's config, or of the workloads its manifests build (see capacityModel). */
export function envCapacity(env: EnvironmentConfig, workloads?: readonly Demand[]): CapacityResult {
  return evaluateCapacity(capacityModel(env, workloads));
}
