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
];
