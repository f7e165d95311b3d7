// Names fixed at synth time. Workloads and stacks reach each other through these, never through
// copied Terraform outputs (README, "GitOps layout": only what Terraform alone knows goes through
// the cluster-vars ConfigMap).
import { EnvironmentConfig } from "../envs/schema";

export const STACK_KINDS = ["bootstrap", "registry", "network", "data", "cluster", "platform"] as const;
export type StackKind = (typeof STACK_KINDS)[number];

export function stackName(env: EnvironmentConfig, kind: StackKind): string {
  return `${env.name}-${kind}`;
}

/** Globally unique S3 name: the account id makes it unguessable-by-collision, the region readable. */
export function stateBucketName(env: EnvironmentConfig): string {
  return `apim-${env.name}-tfstate-${env.aws.accountId}-${env.aws.region}`;
}

export function stateReplicaBucketName(env: EnvironmentConfig): string {
  return `apim-${env.name}-tfstate-${env.aws.accountId}-${env.aws.drRegion}`;
}

/** What each KMS key of an env encrypts; its alias is alias/<resource prefix>-<purpose>. */
export type KeyPurpose =
  | "tfstate"
  | "tfstate-replica"
  | "registry"
  | "network"
  | "secrets"
  | "database"
  | "cassandra"
  | "events"
  | "logs"
  | "backup"
  | "backup-dr"
  | "cluster-logs"
  | "cluster-secrets"
  | "nodes";

export function kmsKeyAlias(env: EnvironmentConfig, purpose: KeyPurpose): string {
  return `alias/${resourcePrefix(env)}-${purpose}`;
}

export function stateKeyAlias(env: EnvironmentConfig): string {
  return kmsKeyAlias(env, "tfstate");
}

export function stateKeyAliasArn(env: EnvironmentConfig): string {
  return `arn:aws:kms:${env.aws.region}:${env.aws.accountId}:${stateKeyAlias(env)}`;
}

export function stateKey(env: EnvironmentConfig, kind: StackKind): string {
  return `${env.name}/${kind}.tfstate`;
}

export function accountRootArn(env: EnvironmentConfig): string {
  return `arn:aws:iam::${env.aws.accountId}:root`;
}

export function roleArn(env: EnvironmentConfig, roleName: string): string {
  return `arn:aws:iam::${env.aws.accountId}:role/${roleName}`;
}

export function ecrRegistryHost(env: EnvironmentConfig): string {
  return `${env.aws.accountId}.dkr.ecr.${env.aws.region}.amazonaws.com`;
}

/** The performance test's image (k6 with the project's script runner), built by the pipeline. */
export const LOAD_TEST_IMAGE_REPOSITORY = "apim/load-test";

/** Every repository of the env's registry: ANM, one per gateway group (APIM-4, GEN-6), the load test. */
export function imageRepositories(env: EnvironmentConfig): string[] {
  return [
    env.apim.anm.imageRepository,
    ...env.apim.gatewayGroups.map((g) => g.imageRepository),
    LOAD_TEST_IMAGE_REPOSITORY,
  ];
}

export function defaultTags(env: EnvironmentConfig, kind: StackKind): Record<string, string> {
  return { Project: "apim", Environment: env.name, Stack: kind, ManagedBy: "cdktf" };
}

/** The user and group the Axway images run as (the EMT scripts' emtuser): pods, EFS access points. */
export const APIM_UID = 1000;

/** Where the APIM containers read and write transaction events (the shared volume, GEN-7). */
export const APIM_EVENTS_DIR = "/opt/Axway/apigateway/events";

/** The one namespace of every APIM workload (K8S-4). */
export const APIM_NAMESPACE = "apim";

/** The encrypted gp3 storage class (infrastructure/configs) the monitoring stack's volumes use. */
export const GP3_STORAGE_CLASS = "gp3-encrypted";

/** Private hosted zone of the env: workloads reach MySQL and Cassandra by these names. */
export function privateZoneName(env: EnvironmentConfig): string {
  return `${env.name}.apim.internal`;
}

export function mysqlHost(env: EnvironmentConfig): string {
  return `mysql.${privateZoneName(env)}`;
}

/** Nodes of every env's Cassandra ring: one per zone, replication factor 3 (APIM-7). */
export const CASSANDRA_RING_SIZE = 3;

/** One name for the whole ring: an A record with every node's address, so a client's single
 * contact point survives any one node (or zone) down. */
export function cassandraRingHost(env: EnvironmentConfig): string {
  return `cassandra.${privateZoneName(env)}`;
}

export function cassandraHosts(env: EnvironmentConfig): string[] {
  return Array.from({ length: env.cassandra.nodeCount }, (_, i) => `cassandra-${i}.${privateZoneName(env)}`);
}

/** Path of the env's cluster directory in the Git repository Flux syncs. */
export function clusterPath(env: EnvironmentConfig): string {
  return `./gitops/clusters/${env.name}`;
}

/** The EKS cluster is named like the env's other resources. */
export function clusterName(env: EnvironmentConfig): string {
  return resourcePrefix(env);
}

/** The IAM role of the cluster's nodes: the one principal that pulls images at run time (SEC-4). */
export function nodeRoleName(env: EnvironmentConfig): string {
  return `${clusterName(env)}-node`;
}

/** The bastion's instance role: read-only in the cluster (the kubeconfig alias of its sessions). */
export function bastionRoleName(env: EnvironmentConfig): string {
  return `${resourcePrefix(env)}-bastion`;
}

/** Prefix of the env's AWS resource names. */
export function resourcePrefix(env: EnvironmentConfig): string {
  return `apim-${env.name}`;
}

/** The per-UI/API hosts of K8S-10: ANM and API Manager internal, gateway traffic public. */
export function edgeHosts(env: EnvironmentConfig): {
  anm: string;
  apiManager: string;
  traffic: string;
  groups: string[];
} {
  return {
    anm: `anm.${env.dns.domain}`,
    apiManager: `apimgmt.${env.dns.domain}`,
    traffic: `apimgr.${env.dns.domain}`,
    groups: env.apim.gatewayGroups.map((g) => g.host),
  };
}

/** Every host that needs a certificate, each once, in a stable order. */
export function certificateHosts(env: EnvironmentConfig): string[] {
  const hosts = edgeHosts(env);
  return [...new Set([hosts.anm, hosts.apiManager, hosts.traffic, ...hosts.groups])];
}

/** The bucket of the cluster's and the data tier's logs. */
export function logBucketName(env: EnvironmentConfig): string {
  return `${resourcePrefix(env)}-logs-${env.aws.accountId}-${env.aws.region}`;
}

/** The bucket the load balancers write their access logs to. */
export function albLogBucketName(env: EnvironmentConfig): string {
  return `${resourcePrefix(env)}-alb-logs-${env.aws.accountId}-${env.aws.region}`;
}

/** The log group the cluster's log shipper writes container logs to. */
export function containerLogGroupName(env: EnvironmentConfig): string {
  return `/apim/${resourcePrefix(env)}/containers`;
}

/** The web ACL of the public load balancer. */
export function webAclName(env: EnvironmentConfig): string {
  return `${resourcePrefix(env)}-public`;
}

/** EC2 Auto Scaling's service-linked role of the account (it launches managed node groups). */
export function autoScalingServiceRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/** The env's Secrets Manager secret of a key (lib/secret-inventory.ts lists them). */
export function secretName(env: EnvironmentConfig, key: string): string {
  return `apim/${env.name}/${key}`;
}
