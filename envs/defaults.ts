// Defaults that encode the reference architecture's sizing. Each env spreads what it keeps and
// overrides what differs; the values cite the requirement they come from.
import { EnvironmentInput } from "./schema";

type Sizing = Pick<
  EnvironmentInput,
  "bastion" | "nodeGroups" | "cassandra" | "mysql" | "logs" | "backup" | "registry"
>;

/** SIZ-1/SIZ-2 (2 vCPU / 8 GB workers, Cassandra, monitoring node; db.t3.large), STO-1..5. */
export const REFERENCE_SIZING: Sizing = {
  // GEN-2: one bastion, reached through SSM; the seed's inbound SSH/RDP stays closed.
  bastion: { instanceType: "t3.small", sshIngress: false },
  // `apim` is one managed node group per zone (sizes are totals, maxSize a multiple of 3). Its
  // maximum holds the gateways at their HPA maxima (K8S-9: 3..12 per group; prod's partner 6)
  // plus ANM, API Manager, the controllers and the load test, and a gateway rolling update's surge
  // on top: 9 nodes hold the maxima but not the surge of 3 (lib/capacity.ts), so 12 (4 per zone).
  nodeGroups: {
    apim: { instanceType: "m5.large", minSize: 3, desiredSize: 3, maxSize: 12, diskSizeGb: 50 },
    monitoring: { instanceType: "m5.large", minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGb: 50 },
  },
  cassandra: { nodeCount: 3, instanceType: "m5.large", volumeSizeGb: 50 },
  mysql: {
    instanceClass: "db.t3.large",
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 100,
    backupRetentionDays: 35,
  },
  // STO-5: 100 GB of logs; S3 keeps them durably (BAK-2), cheaper after a month.
  logs: { cloudWatchRetentionDays: 365, transitionToInfrequentAccessDays: 30, expirationDays: 400 },
  backup: { retentionDays: 35 },
  registry: { keepTaggedImages: 50, untaggedImageExpiryDays: 14 },
};

/**
 * APIM-1 (ANM), APIM-2 (API Manager UI), APIM-3 (gateway): pod sizing and heap. The reference
 * architecture's 2 CPU / 2 GB per gateway is the LIMIT; the request is what the scheduler reserves
 * on an `apim` node (m5.large: 1930m / ~6.9 GiB allocatable, less DaemonSets; lib/capacity.ts):
 * Axway's sample requests 0.5 CPU, and memory is requested for the heap plus the JVM's non-heap
 * overhead (NON_HEAP_OVERHEAD_MIB, envs/rules.ts), so a request never promises less than the JVM
 * takes: gateway 1512 + 256 -> 1792Mi, API Manager 1024 + 256 -> 1280Mi.
 */
export const REFERENCE_WORKLOADS = {
  anm: {
    heapMb: 1024,
    resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } },
  },
  apiManager: {
    heapMb: 1024,
    resources: { requests: { cpu: "500m", memory: "1280Mi" }, limits: { cpu: "2", memory: "2Gi" } },
  },
  gateway: {
    heapMb: 1512,
    resources: { requests: { cpu: "500m", memory: "1792Mi" }, limits: { cpu: "2", memory: "2Gi" } },
  },
} as const;

/** K8S-9: the HPA runs gateways between 3 and 12 replicas. */
export const REFERENCE_GATEWAY_REPLICAS = { minReplicas: 3, maxReplicas: 12 } as const;

/** STO-4: 1 GB max disk space of the transaction event log per gateway (the FED's default). */
export const REFERENCE_EVENT_LOG_MAX_DISK_GB = 1;

/** The ANM image repository of every env (the gateway groups name their own). */
export const ANM_IMAGE_REPOSITORY = "apim/admin-node-manager";

type ApimInput = EnvironmentInput["apim"];
type GatewayGroupInput = ApimInput["gatewayGroups"][number];

/**
 * A gateway group with the reference sizing (APIM-3, K8S-9) and its own image repository
 * `apim/gateway-<name>` (GEN-6); overrides change bounds, host or the EMT deployment flag.
 */
export function gatewayGroup(
  name: string,
  host: string,
  initialImageTag: string,
  overrides: Partial<GatewayGroupInput> = {},
): GatewayGroupInput {
  return {
    name,
    imageRepository: `apim/gateway-${name}`,
    initialImageTag,
    ...REFERENCE_GATEWAY_REPLICAS,
    host,
    emtDeploymentEnabled: false,
    sizing: REFERENCE_WORKLOADS.gateway,
    ...overrides,
  };
}

/** The APIM workloads of an env with the reference sizing of ANM (APIM-1) and API Manager (APIM-2). */
export function referenceApim(props: {
  traceLevel: ApimInput["traceLevel"];
  anmImageTag: string;
  /** The group whose image the API Manager UI runs (APIM-4): the first one. */
  gatewayGroups: [GatewayGroupInput, ...GatewayGroupInput[]];
}): ApimInput {
  return {
    traceLevel: props.traceLevel,
    eventLogMaxDiskSpaceGb: REFERENCE_EVENT_LOG_MAX_DISK_GB,
    anm: {
      imageRepository: ANM_IMAGE_REPOSITORY,
      initialImageTag: props.anmImageTag,
      sizing: REFERENCE_WORKLOADS.anm,
    },
    apiManager: { gatewayGroup: props.gatewayGroups[0].name, sizing: REFERENCE_WORKLOADS.apiManager },
    gatewayGroups: props.gatewayGroups,
  };
}
