// Findings the project accepts, each with its reason. `subject` may use * as a wildcard.
// An exemption that matches no failing finding fails the run: stale exemptions are removed.
export interface Exemption {
  readonly check: string;
  readonly subject: string;
  readonly reason: string;
}

export const EXEMPTIONS: readonly Exemption[] = [
  {
    check: "T34",
    subject: "*-data/aws_s3_bucket.alb-logs_bucket_*",
    reason:
      "ALB access logs: Elastic Load Balancing delivers only to buckets with SSE-S3 (AES256) default encryption, " +
      "not SSE-KMS (ELB user guide; aws/aws-cdk#21947). The bucket is otherwise private, versioned and TLS-only.",
  },
  {
    check: "P6",
    subject: "dev-data/aws_ebs_volume.*",
    reason:
      "dev is a non-HA development env: 20 GB Cassandra volumes are enough there; HA envs are held to 50 GB by config validation.",
  },
  {
    check: "T41",
    subject: "*-cluster/aws_iam_role_policy.identity-aws-load-balancer-controller_policy_*",
    reason:
      "AWS Load Balancer Controller: listeners and rules are created before they carry the cluster tag, so " +
      "their create/modify/delete actions cannot be tag-conditioned (the controller's published policy leaves them " +
      "on Resource * too). Every other write of this policy is tag- or ARN-scoped.",
  },
];
