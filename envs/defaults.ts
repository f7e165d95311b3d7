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
  nodeGroups: {
    apim: { instanceType: "m5.large", minSize: 3, desiredSize: 3, maxSize: 9, diskSizeGb: 50 },
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

/** APIM-1 (ANM), APIM-2 (API Manager UI), APIM-3 (gateway): pod sizing and heap. */
export const REFERENCE_WORKLOADS = {
  anm: {
    heapMb: 1024,
    resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1", memory: "2Gi" } },
  },
  apiManager: {
    heapMb: 1024,
    resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
  },
  gateway: {
    heapMb: 1512,
    resources: { requests: { cpu: "2", memory: "2Gi" }, limits: { cpu: "2", memory: "2Gi" } },
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
