// The shape of one environment's config. Cross-field rules live in rules.ts.
import { z } from "zod";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../lib/kubernetes-versions";
import {
  allowlistCidr,
  awsAccountId,
  awsRegion,
  cidr,
  cpuQuantity,
  dnsLabel,
  ecrRepositoryName,
  envName,
  fqdn,
  gitBranch,
  gitRepositoryUrl,
  iamRoleName,
  imageTag,
  memoryQuantity,
  positiveInt,
} from "./fields";

const nodeGroup = z.strictObject({
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type"),
  minSize: positiveInt,
  desiredSize: positiveInt,
  maxSize: positiveInt,
  diskSizeGb: positiveInt,
});

const resources = z.strictObject({
  requests: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
  limits: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }),
});

/** JVM heap and container resources of one APIM workload (K8S-5). */
const workloadSizing = z.strictObject({ heapMb: positiveInt, resources });

const gatewayGroup = z.strictObject({
  name: dnsLabel,
  /** ECR repository of the group's image; the API Manager UI of the group uses the same one (APIM-4). */
  imageRepository: ecrRepositoryName,
  /** Tag written once into the team-owned release file; later bumps happen there. */
  initialImageTag: imageTag,
  minReplicas: positiveInt,
  maxReplicas: positiveInt,
  /** Public host of the group's traffic listener. */
  host: fqdn,
  /** Lets Policy Studio deploy into a running pod: a single-pod dev env only (APIM-5). */
  emtDeploymentEnabled: z.boolean(),
  sizing: workloadSizing,
});

export const environmentSchema = z.strictObject({
  name: envName,
  /** dev allows what the reference architecture keeps to development (APIM-5). */
  stage: z.enum(["dev", "test", "prod"]),
  /** Redundancy in all three zones (HA-1); prod must set it. */
  highAvailability: z.boolean(),
  aws: z.strictObject({
    accountId: awsAccountId,
    region: awsRegion,
    /** The three zones, named: no data source looks them up, so plans stay offline and stable. */
    availabilityZones: z.tuple([z.string(), z.string(), z.string()]),
    /** Region of backup copies, state replica and ECR replication (DR-1). */
    drRegion: awsRegion,
  }),
  network: z.strictObject({
    vpcCidr: cidr,
    /** Callers allowed to the bastion's opt-in SSH and to the internal admin endpoints. */
    adminCidrs: z.array(allowlistCidr).min(1, "must list at least one admin CIDR"),
  }),
  bastion: z.strictObject({
    instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type"),
    /** Opens the seed's flow 6 (SSH/RDP from the admin CIDRs); off: SSM Session Manager only. */
    sshIngress: z.boolean(),
  }),
  dns: z.strictObject({
    /** Public zone of the env: anm., apimgmt., apimgr. live under it (K8S-10). */
    domain: fqdn,
  }),
  access: z.strictObject({
    adminRoleNames: z.array(iamRoleName).min(1, "must name at least one admin role"),
    deployerRoleNames: z.array(iamRoleName),
    viewerRoleNames: z.array(iamRoleName),
  }),
  flux: z.strictObject({ repositoryUrl: gitRepositoryUrl, branch: gitBranch }),
  kubernetes: z.strictObject({
    version: z.enum(SUPPORTED_KUBERNETES_VERSIONS, {
      error: `must be one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}`,
    }),
    /** Public API endpoint stays off unless callers are listed here. */
    publicEndpointCidrs: z.array(allowlistCidr),
  }),
  nodeGroups: z.strictObject({ apim: nodeGroup, monitoring: nodeGroup }),
  cassandra: z.strictObject({
    nodeCount: positiveInt,
    instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type"),
    volumeSizeGb: positiveInt,
  }),
  mysql: z.strictObject({
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class"),
    allocatedStorageGb: positiveInt,
    maxAllocatedStorageGb: positiveInt,
    backupRetentionDays: positiveInt,
  }),
  logs: z.strictObject({
    /** Retention of every CloudWatch log group (flow logs, sessions, control plane; T12, T21). */
    cloudWatchRetentionDays: positiveInt,
    transitionToInfrequentAccessDays: positiveInt,
    expirationDays: positiveInt,
  }),
  backup: z.strictObject({ retentionDays: positiveInt }),
  registry: z.strictObject({
    keepTaggedImages: positiveInt,
    untaggedImageExpiryDays: positiveInt,
  }),
  apim: z.strictObject({
    traceLevel: z.enum(["INFO", "DEBUG", "DATA"]),
    /** Max disk space of the transaction event log per gateway (FED setting; STO-4). */
    eventLogMaxDiskSpaceGb: positiveInt,
    anm: z.strictObject({
      imageRepository: ecrRepositoryName,
      initialImageTag: imageTag,
      sizing: workloadSizing,
    }),
    /** The API Manager UI runs the image of this gateway group (APIM-4). */
    apiManager: z.strictObject({ gatewayGroup: dnsLabel, sizing: workloadSizing }),
    gatewayGroups: z.array(gatewayGroup).min(1, "must define at least one gateway group (GEN-6)"),
  }),
});

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type GatewayGroupConfig = EnvironmentConfig["apim"]["gatewayGroups"][number];
export type NodeGroupConfig = EnvironmentConfig["nodeGroups"]["apim"];
export type WorkloadSizing = EnvironmentConfig["apim"]["anm"]["sizing"];
