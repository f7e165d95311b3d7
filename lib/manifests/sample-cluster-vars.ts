// Stand-ins for the cluster-vars ConfigMap, shaped like the real values, so the built manifests
// of every env can be checked and validated without a cluster (the platform stack writes the
// real ones). Only the values Terraform alone knows are samples; the rest are the real ones.
import { EnvironmentConfig } from "../../envs/schema";
import { ClusterVar, clusterVarValues } from "../cluster-vars";
import { webAclName } from "../naming";

export function sampleClusterVars(env: EnvironmentConfig): Record<ClusterVar, string> {
  const { region, accountId } = env.aws;
  return clusterVarValues(env, {
    VPC_ID: "vpc-0123456789abcdef0",
    PUBLIC_ZONE_ID: "Z0123456789ABCDEFGHIJ",
    FRONTEND_SECURITY_GROUP_ID: "sg-0123456789abcdef0",
    INTERNAL_ALB_SECURITY_GROUP_ID: "sg-0fedcba9876543210",
    WAF_ACL_ARN: `arn:aws:wafv2:${region}:${accountId}:regional/webacl/${webAclName(env)}/00000000-0000-0000-0000-000000000000`,
    EVENTS_FILE_SYSTEM_ID: "fs-0123456789abcdef0",
    EVENTS_ACCESS_POINT_ID: "fsap-0123456789abcdef0",
  });
}
