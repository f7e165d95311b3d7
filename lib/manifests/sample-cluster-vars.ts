// Stand-ins for the cluster-vars ConfigMap, shaped like the real values, so the built manifests
// of every env can be checked and validated without a cluster (the platform stack writes the
// real ones).
import { EnvironmentConfig } from "../../envs/schema";
import { ClusterVar, subnetVars } from "../cluster-vars";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../controller-charts";
import { clusterName } from "../naming";

export function sampleClusterVars(env: EnvironmentConfig): Record<ClusterVar, string> {
  const { region, accountId } = env.aws;
  return {
    ENV_NAME: env.name,
    AWS_REGION: region,
    AWS_ACCOUNT_ID: accountId,
    CLUSTER_NAME: clusterName(env),
    VPC_ID: "vpc-0123456789abcdef0",
    DOMAIN: env.dns.domain,
    PUBLIC_ZONE_ID: "Z0123456789ABCDEFGHIJ",
    FRONTEND_SECURITY_GROUP_ID: "sg-0123456789abcdef0",
    INTERNAL_ALB_SECURITY_GROUP_ID: "sg-0fedcba9876543210",
    WAF_ACL_ARN: `arn:aws:wafv2:${region}:${accountId}:regional/webacl/apim-${env.name}-public/00000000-0000-0000-0000-000000000000`,
    LOG_BUCKET: `apim-${env.name}-logs-${accountId}-${region}`,
    ALB_LOG_BUCKET: `apim-${env.name}-alb-logs-${accountId}-${region}`,
    CONTAINER_LOG_GROUP: `/apim/apim-${env.name}/containers`,
    EVENTS_FILE_SYSTEM_ID: "fs-0123456789abcdef0",
    EVENTS_ACCESS_POINT_ID: "fsap-0123456789abcdef0",
    ...subnetVars(env),
    CLUSTER_AUTOSCALER_IMAGE_TAG: CLUSTER_AUTOSCALER_IMAGE_TAGS[env.kubernetes.version],
  };
}
