// Cross-field rules of one environment: what the reference architecture requires beyond the shape
// of each field. Each rule reports the field it blames and says which requirement it enforces.
import { AWS_REGIONS } from "../lib/aws-regions";
import { ALB_CERTIFICATES_PER_LISTENER, envCapacity, NON_HEAP_OVERHEAD_MIB } from "../lib/capacity";
import { cpuMilli, memoryMib } from "../lib/quantity";
import { addressesPerNode, MEMORY_MIB, nodeAllocatable } from "../lib/instance-capacity";
import { isEc2InstanceType, isRdsInstanceClass } from "../lib/instance-types";
import { CASSANDRA_RING_SIZE, edgeHosts } from "../lib/naming";
import { cidrContains, parseCidr } from "../lib/cidr";
import { FLOWS, portLabel } from "../lib/flow-table";
import { gitUrlPort } from "../lib/git-url";
import { planSubnets, VPC_PREFIX_RANGE, ZONE_COUNT } from "../lib/subnet-plan";
import { EnvironmentConfig } from "./schema";

export type FieldPath = readonly (string | number)[];
export type Report = (path: FieldPath, rule: string) => void;

/** Minimum storage of the reference architecture's sizing table (STO-2, STO-3). */
export const REFERENCE_MINIMUMS = {
  cassandraNodes: 3,
  cassandraVolumeGb: 50,
  mysqlStorageGb: 20,
  haGatewayReplicas: 3,
  haApimNodes: 3,
} as const;

/** Retention values CloudWatch Logs accepts. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** Log retention the check catalog asks for (T12: control-plane logs >= 365 days). */
export const MIN_LOG_RETENTION_DAYS = 365;

/** Backup retention window RDS accepts and the architecture asks for (BAK-1). */
export const BACKUP_RETENTION_RANGE = { min: 7, max: 35 } as const;

type Rule = (env: EnvironmentConfig, report: Report) => void;

/** Address ranges a VPC may use: RFC 1918 and the shared space AWS also accepts (RFC 6598). */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/** The JVM's heap may take at most this share of its container's memory limit: metaspace, thread
 * stacks, direct buffers and the code cache live outside the heap, and the kernel kills the
 * container that passes its limit. */
export const MAX_HEAP_SHARE_OF_LIMIT = 0.75;

function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  return match ? Number(match[1]) * (match[2] === "Gi" ? 1024 : 1) : NaN;
}

const zones: Rule = (env, report) => {
  const { region, drRegion, availabilityZones } = env.aws;
  const known = AWS_REGIONS[region];
  if (!known)
    report(["aws", "region"], "is not an AWS region this project knows (lib/aws-regions.ts lists them)");
  else if ((known.zonesPerAccount ?? known.letters.length) < ZONE_COUNT) {
    report(["aws", "region"], `offers fewer than ${ZONE_COUNT} zones to an account (HA-1)`);
  }
  if (!AWS_REGIONS[drRegion]) {
    report(["aws", "drRegion"], "is not an AWS region this project knows (lib/aws-regions.ts lists them)");
  }
  availabilityZones.forEach((zone, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      report(["aws", "availabilityZones", i], `must be a zone of the env's region ${region} (HA-1)`);
    } else if (known && !known.letters.includes(zone.slice(-1))) {
      const names = [...known.letters].map((l) => `${region}${l}`).join(", ");
      report(["aws", "availabilityZones", i], `is not a zone of ${region} (its zones: ${names}) (HA-1)`);
    }
    if (availabilityZones.indexOf(zone) !== i) {
      report(["aws", "availabilityZones", i], `must be ${ZONE_COUNT} distinct zones (HA-1)`);
    }
  });
  if (drRegion === region) report(["aws", "drRegion"], "must differ from the primary region (DR-1)");
};

const network: Rule = (env, report) => {
  const vpc = parseCidr(env.network.vpcCidr);
  if (!vpc) return; // the field rule already reported it
  const inside = PRIVATE_RANGES.some((range) => cidrContains(range, env.network.vpcCidr));
  if (!inside) {
    report(
      ["network", "vpcCidr"],
      `must lie in a private range (${PRIVATE_RANGES.join(", ")}): a public range shadows the internet addresses it covers (NET-1)`,
    );
  }
  if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
    report(
      ["network", "vpcCidr"],
      `must be /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max} so that 5 subnet tiers x ${ZONE_COUNT} zones fit (NET-1)`,
    );
    return;
  }
  // Worker subnets hold node and pod addresses (VPC CNI): size them for every node at max scale,
  // allowing one zone to carry one node more than an even share.
  const groups = [env.nodeGroups.apim, env.nodeGroups.monitoring];
  const perNode = groups.map((g) => addressesPerNode(g.instanceType));
  perNode.forEach((n, i) => {
    if (n === undefined) {
      report(
        ["nodeGroups", i === 0 ? "apim" : "monitoring", "instanceType"],
        "must be listed in lib/instance-capacity.ts so that worker subnets can be sized for it",
      );
    }
  });
  // Stryker disable next-line MethodExpression,ArrowFunction: without this return an unknown type makes `needed` NaN and `usableAddresses < NaN` is false, so nothing more is reported either way
  if (perNode.some((n) => n === undefined)) return;
  const needed = groups.reduce(
    (sum, g, i) => sum + (Math.ceil(g.maxSize / ZONE_COUNT) + 1) * (perNode[i] as number),
    0,
  );
  const workerSubnet = planSubnets(env.network.vpcCidr).find((s) => s.tier === "workers");
  if (workerSubnet && workerSubnet.usableAddresses < needed) {
    report(
      ["network", "vpcCidr"],
      `gives worker subnets of ${workerSubnet.usableAddresses} addresses; the node groups at max size need ${needed} per zone (NET-1)`,
    );
  }
};

const instanceTypes: Rule = (env, report) => {
  const ec2: [string, FieldPath][] = [
    [env.nodeGroups.apim.instanceType, ["nodeGroups", "apim", "instanceType"]],
    [env.nodeGroups.monitoring.instanceType, ["nodeGroups", "monitoring", "instanceType"]],
    [env.cassandra.instanceType, ["cassandra", "instanceType"]],
    [env.bastion.instanceType, ["bastion", "instanceType"]],
  ];
  for (const [type, at] of ec2) {
    if (!isEc2InstanceType(type))
      report(at, "is not an EC2 instance type (lib/instance-types.ts lists the families and sizes)");
  }
  if (isEc2InstanceType(env.cassandra.instanceType) && MEMORY_MIB[env.cassandra.instanceType] === undefined) {
    report(
      ["cassandra", "instanceType"],
      "must be listed in lib/instance-capacity.ts so that the heap can be sized for it",
    );
  }
  if (!isRdsInstanceClass(env.mysql.instanceClass)) {
    report(
      ["mysql", "instanceClass"],
      "is not an RDS instance class for MySQL (lib/instance-types.ts lists them)",
    );
  }
};

type Sizing = EnvironmentConfig["apim"]["anm"]["sizing"];

/** Every APIM workload with sizing: its name in messages, where its sizing is, and the sizing. */
function sizedWorkloads(env: EnvironmentConfig): [string, FieldPath, Sizing][] {
  return [
    ["ANM", ["apim", "anm", "sizing"], env.apim.anm.sizing],
    ["API Manager", ["apim", "apiManager", "sizing"], env.apim.apiManager.sizing],
    ...env.apim.gatewayGroups.map((g, i): [string, FieldPath, Sizing] => [
      `gateway group ${g.name}`,
      ["apim", "gatewayGroups", i, "sizing"],
      g.sizing,
    ]),
  ];
}

/** Kubernetes refuses a pod whose request is above its limit. */
const requestsWithinLimits: Rule = (env, report) => {
  for (const [name, at, { resources }] of sizedWorkloads(env)) {
    const amounts = {
      cpu: [cpuMilli(resources.requests.cpu), cpuMilli(resources.limits.cpu)],
      memory: [memoryMib(resources.requests.memory), memoryMib(resources.limits.memory)],
    };
    for (const [resource, [request, limit]] of Object.entries(amounts) as ["cpu" | "memory", number[]][])
      if (request > limit)
        report(
          [...at, "resources", "requests", resource],
          `${name}: a ${resources.requests[resource]} ${resource} request is above its ${resources.limits[resource]} limit: Kubernetes refuses the pod (K8S-5)`,
        );
  }
};

const heaps: Rule = (env, report) => {
  const workloads = sizedWorkloads(env).map(([name, sizing, s]): [string, FieldPath, Sizing] => [
    name,
    [...sizing, "heapMb"],
    s,
  ]);
  for (const [name, at, sizing] of workloads) {
    const limit = mebibytes(sizing.resources.limits.memory);
    // The scheduler reserves the request: one below what the JVM takes (heap + non-heap) promises
    // a node memory the pod then uses anyway, and the node runs out under load (K8S-5).
    const request = memoryMib(sizing.resources.requests.memory);
    if (sizing.heapMb > limit * MAX_HEAP_SHARE_OF_LIMIT) {
      report(
        at,
        `${name}: a ${sizing.heapMb} MB heap exceeds ${MAX_HEAP_SHARE_OF_LIMIT * 100} % of its ${sizing.resources.limits.memory} memory limit (${Math.floor(limit * MAX_HEAP_SHARE_OF_LIMIT)} MB) (K8S-5)`,
      );
    } else if (request < sizing.heapMb + NON_HEAP_OVERHEAD_MIB) {
      report(
        [...at.slice(0, -1), "resources", "requests", "memory"],
        `${name}: a ${sizing.resources.requests.memory} memory request is below its ${sizing.heapMb} MB heap + ${NON_HEAP_OVERHEAD_MIB} MiB non-heap overhead (${sizing.heapMb + NON_HEAP_OVERHEAD_MIB} MiB) (K8S-5)`,
      );
    }
  }
};

const nodeGroups: Rule = (env, report) => {
  for (const name of ["apim", "monitoring"] as const) {
    const g = env.nodeGroups[name];
    if (g.minSize > g.maxSize) report(["nodeGroups", name, "minSize"], "must be <= maxSize (K8S-8)");
    else if (g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
      report(["nodeGroups", name, "desiredSize"], "must lie between minSize and maxSize (K8S-8)");
    }
  }
  // `apim` runs as one managed node group per zone (lib/capacity.ts zoneSizes): each takes a third
  // of the maximum and must have room above its share of the minimum (P10).
  const apim = env.nodeGroups.apim;
  if (apim.minSize <= apim.maxSize && apim.maxSize % ZONE_COUNT !== 0) {
    report(
      ["nodeGroups", "apim", "maxSize"],
      `must be a multiple of ${ZONE_COUNT}: one node group per zone, each up to maxSize / ${ZONE_COUNT} (K8S-8, HA-1)`,
    );
  } else if (
    apim.minSize <= apim.maxSize &&
    Math.ceil(apim.minSize / ZONE_COUNT) >= apim.maxSize / ZONE_COUNT
  ) {
    report(
      ["nodeGroups", "apim", "maxSize"],
      `leaves a zone's node group no room to scale: ${apim.maxSize / ZONE_COUNT} per zone at most, up to ${Math.ceil(apim.minSize / ZONE_COUNT)} at least (K8S-8)`,
    );
  }
  if (env.highAvailability && env.nodeGroups.apim.minSize < REFERENCE_MINIMUMS.haApimNodes) {
    report(
      ["nodeGroups", "apim", "minSize"],
      `must be >= ${REFERENCE_MINIMUMS.haApimNodes} in an HA env: one worker per zone (SIZ-1, HA-1)`,
    );
  }
};

const storage: Rule = (env, report) => {
  const { cassandra, mysql } = env;
  if (mysql.maxAllocatedStorageGb < mysql.allocatedStorageGb) {
    report(["mysql", "maxAllocatedStorageGb"], "must be >= allocatedStorageGb (STO-3)");
  }
  if (
    mysql.backupRetentionDays < BACKUP_RETENTION_RANGE.min ||
    mysql.backupRetentionDays > BACKUP_RETENTION_RANGE.max
  ) {
    report(
      ["mysql", "backupRetentionDays"],
      `must be ${BACKUP_RETENTION_RANGE.min}-${BACKUP_RETENTION_RANGE.max} days (BAK-1)`,
    );
  }
  if (env.backup.retentionDays < BACKUP_RETENTION_RANGE.min) {
    report(["backup", "retentionDays"], `must be >= ${BACKUP_RETENTION_RANGE.min} days (BAK-1)`);
  }
  const retention = env.logs.cloudWatchRetentionDays;
  if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(retention)) {
    report(
      ["logs", "cloudWatchRetentionDays"],
      `must be a CloudWatch retention value (${CLOUDWATCH_RETENTION_DAYS.join(", ")})`,
    );
  } else if (retention < MIN_LOG_RETENTION_DAYS) {
    report(
      ["logs", "cloudWatchRetentionDays"],
      `must be >= ${MIN_LOG_RETENTION_DAYS} days (T12, BAS-2 traceability)`,
    );
  }
  if (env.logs.expirationDays <= env.logs.transitionToInfrequentAccessDays) {
    report(["logs", "expirationDays"], "must be later than transitionToInfrequentAccessDays (STO-5)");
  }
  // Every env's workloads connect to cassandra-0..2 and replicate with factor 3: a smaller ring
  // fails them in any env, HA or not.
  if (cassandra.nodeCount !== CASSANDRA_RING_SIZE) {
    report(
      ["cassandra", "nodeCount"],
      `must be ${CASSANDRA_RING_SIZE}: the workloads connect to ${CASSANDRA_RING_SIZE} nodes and keyspaces replicate with factor ${CASSANDRA_RING_SIZE}, one node per zone (APIM-7)`,
    );
  }
  if (!env.highAvailability) return;
  if (cassandra.volumeSizeGb < REFERENCE_MINIMUMS.cassandraVolumeGb) {
    report(
      ["cassandra", "volumeSizeGb"],
      `must be >= ${REFERENCE_MINIMUMS.cassandraVolumeGb} in an HA env (STO-2)`,
    );
  }
  if (mysql.allocatedStorageGb < REFERENCE_MINIMUMS.mysqlStorageGb) {
    report(
      ["mysql", "allocatedStorageGb"],
      `must be >= ${REFERENCE_MINIMUMS.mysqlStorageGb} in an HA env (STO-3)`,
    );
  }
};

const gateways: Rule = (env, report) => {
  const groups = env.apim.gatewayGroups;
  const reservedHosts = ["anm", "apimgmt", "apimgr"].map((h) => `${h}.${env.dns.domain}`);
  groups.forEach((g, i) => {
    const at = (field: string) => ["apim", "gatewayGroups", i, field];
    if (g.minReplicas > g.maxReplicas) report(at("minReplicas"), "must be <= maxReplicas (K8S-9)");
    if (env.highAvailability && g.minReplicas < REFERENCE_MINIMUMS.haGatewayReplicas) {
      report(at("minReplicas"), `must be >= ${REFERENCE_MINIMUMS.haGatewayReplicas} in an HA env (APIM-3)`);
    }
    if (g.emtDeploymentEnabled && !(env.stage === "dev" && !env.highAvailability && g.maxReplicas === 1)) {
      report(
        at("emtDeploymentEnabled"),
        "may be true only in a non-HA dev env whose group runs exactly one replica (APIM-5)",
      );
    }
    if (groups.findIndex((o) => o.name === g.name) !== i) report(at("name"), "must be unique (GEN-6)");
    if (groups.findIndex((o) => o.host === g.host) !== i) report(at("host"), "must be unique (K8S-10)");
    if (reservedHosts.includes(g.host))
      report(at("host"), "must not reuse the anm./apimgmt./apimgr. hosts (K8S-10)");
    if (g.host !== env.dns.domain && !g.host.endsWith(`.${env.dns.domain}`)) {
      report(
        at("host"),
        `must be in the env's zone ${env.dns.domain}: its certificate is validated there (SECU-4)`,
      );
    }
    if (g.imageRepository === env.apim.anm.imageRepository) {
      report(at("imageRepository"), "must differ from the ANM image repository (GEN-6)");
    }
  });
  if (!groups.some((g) => g.name === env.apim.apiManager.gatewayGroup)) {
    report(["apim", "apiManager", "gatewayGroup"], "must name one of the env's gateway groups (APIM-4)");
  }
};

/**
 * Each host of an ALB brings its own ACM certificate (lib/naming.ts certificateHosts): the public
 * ALB serves the gateway groups' hosts and apimgr., the internal one anm. and apimgmt.; an ALB
 * listener takes at most ALB_CERTIFICATES_PER_LISTENER certificates besides its default one.
 */
const certificates: Rule = (env, report) => {
  const hosts = edgeHosts(env);
  const albs: [string, string[], FieldPath][] = [
    ["public", [...new Set([hosts.traffic, ...hosts.groups])], ["apim", "gatewayGroups"]],
    // Stryker disable next-line StringLiteral: the internal ALB always serves two hosts (anm., apimgmt.), never more than a listener takes, so its name and field never reach a message
    ["internal", [hosts.anm, hosts.apiManager], ["dns", "domain"]],
  ];
  for (const [alb, names, at] of albs) {
    if (names.length > ALB_CERTIFICATES_PER_LISTENER + 1) {
      report(
        at,
        `the ${alb} ALB serves ${names.length} hosts with a certificate each; a listener takes ${ALB_CERTIFICATES_PER_LISTENER + 1} (its default and ${ALB_CERTIFICATES_PER_LISTENER} more, the Elastic Load Balancing quota): use fewer hosts, a wildcard certificate or another ALB group (K8S-10, SECU-4)`,
      );
    }
  }
};

/**
 * Every pod fits a node of its group, the HPA maxima plus singletons and a rolling update fit the
 * groups' maxima, one zone down keeps every PDB minimum, Cassandra keeps quorum (lib/capacity.ts).
 * One line: the first check that fails.
 */
const capacity: Rule = (env, report) => {
  const groups = [env.nodeGroups.apim, env.nodeGroups.monitoring];
  if (groups.some((g) => !nodeAllocatable(g.instanceType))) return; // reported by instanceTypes
  if (env.nodeGroups.apim.maxSize % ZONE_COUNT !== 0) return; // reported by nodeGroups
  // A ring of another size is reported by storage; its quorum line would say it twice.
  const failed = envCapacity(env).findings.find(
    (f) => !f.ok && !(f.group === "cassandra" && env.cassandra.nodeCount !== CASSANDRA_RING_SIZE),
  );
  if (failed) report(failed.path, failed.message);
};

/** Ports the workers (where Flux runs) may open to the internet, from the flow table. */
function workerInternetPorts(): number[] {
  const ports = FLOWS.filter(
    (f) => f.from === "workers" && f.to === "internet" && f.protocol === "tcp",
  ).flatMap((f) => f.ports.flatMap((p) => (typeof p === "number" ? [p] : [])));
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: FLOWS lists the workers' TCP internet ports in ascending order (443, 465, 587, then 443 again), and a comparator that never returns a negative keeps that order, so the list is the same sorted or not
  return [...new Set(ports)].sort((a, b) => a - b);
}

const gitops: Rule = (env, report) => {
  const port = gitUrlPort(env.flux.repositoryUrl);
  const allowed = workerInternetPorts();
  if (port === undefined) {
    report(
      ["flux", "repositoryUrl"],
      "is not a URL Flux can clone whose host and port can be read (ssh://git@<host>[:<port>]/<path> or https://<host>[:<port>]/<path>) (GEN-8)",
    );
  } else if (!allowed.includes(port)) {
    report(
      ["flux", "repositoryUrl"],
      `connects on port ${port}, which the workers may not reach (internet egress: ${allowed.map(portLabel).join(", ")}); ` +
        "use SSH over 443 (ssh://git@ssh.github.com:443/<org>/<repo>.git) or https:// (GEN-8, NET-2)",
    );
  }
};

const highAvailability: Rule = (env, report) => {
  if (env.stage === "prod" && !env.highAvailability) {
    report(["highAvailability"], "must be true for a prod env (HA-1)");
  }
};

export const ENVIRONMENT_RULES: readonly Rule[] = [
  zones,
  network,
  instanceTypes,
  heaps,
  requestsWithinLimits,
  nodeGroups,
  storage,
  gateways,
  gitops,
  highAvailability,
  certificates,
  capacity,
];
