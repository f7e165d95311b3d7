// The values only Terraform knows, handed to Flux through the cluster-vars ConfigMap and
// postBuild.substituteFrom. Everything else in gitops/ is fixed at synth time. The platform stack
// fills exactly these keys; a test proves every ${VAR} used in gitops/ is one of them.
import { EnvironmentConfig } from "../envs/schema";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "./controllers/cluster-autoscaler";
import { albLogBucketName, clusterName, containerLogGroupName, logBucketName } from "./naming";
import { planSubnets } from "./subnet-plan";

export const CLUSTER_VARS = {
  ENV_NAME: "name of the env",
  AWS_REGION: "region of the cluster",
  AWS_ACCOUNT_ID: "account of the env",
  CLUSTER_NAME: "EKS cluster name",
  VPC_ID: "the env's VPC (the load balancer controller cannot read it from IMDS at hop limit 1)",
  DOMAIN: "public DNS domain of the env",
  PUBLIC_ZONE_ID: "Route 53 zone external-dns writes to",
  FRONTEND_SECURITY_GROUP_ID: "the flow table's frontend group, attached to the public ALB",
  INTERNAL_ALB_SECURITY_GROUP_ID:
    "the flow table's internalAlb group (admin CIDRs and the bastion), attached to the internal ALB",
  WAF_ACL_ARN: "web ACL of the public ALB",
  LOG_BUCKET: "S3 bucket for container, node and application logs",
  ALB_LOG_BUCKET: "S3 bucket for ALB access logs",
  CONTAINER_LOG_GROUP: "CloudWatch log group of the log shipper",
  EVENTS_FILE_SYSTEM_ID: "EFS file system of the shared events volume",
  EVENTS_ACCESS_POINT_ID: "EFS access point (uid/gid 1000) of the events volume",
  FRONTEND_CIDR_A: "frontend subnet of the first zone (where the ALBs reach pods from)",
  FRONTEND_CIDR_B: "frontend subnet of the second zone",
  FRONTEND_CIDR_C: "frontend subnet of the third zone",
  DATA_CIDR_A: "data subnet of the first zone (RDS, Cassandra, EFS)",
  DATA_CIDR_B: "data subnet of the second zone",
  DATA_CIDR_C: "data subnet of the third zone",
  CLUSTER_AUTOSCALER_IMAGE_TAG: "Cluster Autoscaler release matching the cluster's Kubernetes minor version",
} as const;

export type ClusterVar = keyof typeof CLUSTER_VARS;

/** The ids and ARNs of what the stacks create: the cluster-vars only Terraform knows. */
export type TerraformOnlyVar =
  | "VPC_ID"
  | "PUBLIC_ZONE_ID"
  | "FRONTEND_SECURITY_GROUP_ID"
  | "INTERNAL_ALB_SECURITY_GROUP_ID"
  | "WAF_ACL_ARN"
  | "EVENTS_FILE_SYSTEM_ID"
  | "EVENTS_ACCESS_POINT_ID";

/**
 * Every cluster-var, in CLUSTER_VARS' order: those fixed at synth from the env, and the ones only
 * Terraform knows as the caller gives them (the platform stack: references; checks: samples).
 */
export function clusterVarValues(
  env: EnvironmentConfig,
  fromTerraform: Readonly<Record<TerraformOnlyVar, string>>,
): Record<ClusterVar, string> {
  const values: Record<Exclude<ClusterVar, TerraformOnlyVar>, string> = {
    ENV_NAME: env.name,
    AWS_REGION: env.aws.region,
    AWS_ACCOUNT_ID: env.aws.accountId,
    CLUSTER_NAME: clusterName(env),
    DOMAIN: env.dns.domain,
    LOG_BUCKET: logBucketName(env),
    ALB_LOG_BUCKET: albLogBucketName(env),
    CONTAINER_LOG_GROUP: containerLogGroupName(env),
    ...subnetVars(env),
    CLUSTER_AUTOSCALER_IMAGE_TAG: CLUSTER_AUTOSCALER_IMAGE_TAGS[env.kubernetes.version],
  };
  const all: Record<ClusterVar, string> = { ...values, ...fromTerraform };
  return Object.fromEntries((Object.keys(CLUSTER_VARS) as ClusterVar[]).map((k) => [k, all[k]])) as Record<
    ClusterVar,
    string
  >;
}

export const CLUSTER_VARS_CONFIG_MAP = "cluster-vars";
export const FLUX_NAMESPACE = "flux-system";

/** The frontend and data subnets of the three zones, as the network stack creates them. */
export function subnetVars(
  env: EnvironmentConfig,
): Record<`${"FRONTEND" | "DATA"}_CIDR_${"A" | "B" | "C"}`, string> {
  const plan = planSubnets(env.network.vpcCidr);
  const cidr = (tier: "frontend" | "data", zone: number) =>
    plan.find((s) => s.tier === tier && s.zoneIndex === zone)!.cidr;
  return {
    FRONTEND_CIDR_A: cidr("frontend", 0),
    FRONTEND_CIDR_B: cidr("frontend", 1),
    FRONTEND_CIDR_C: cidr("frontend", 2),
    DATA_CIDR_A: cidr("data", 0),
    DATA_CIDR_B: cidr("data", 1),
    DATA_CIDR_C: cidr("data", 2),
  };
}
