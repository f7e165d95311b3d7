// Where each ALB writes its access logs in the env's ALB log bucket: one key prefix per exposure.
// The ingress generator sets `access_logs.s3.prefix` from this and the bucket policy allows exactly
// these prefixes, so the two cannot drift apart (ELB delivers to <prefix>/AWSLogs/<account>/...).
import { ELB_LOG_DELIVERY_ACCOUNTS } from "./elb-accounts";
import { PolicyStatement } from "./iam-policy";

export const ALB_LOG_PREFIXES = { public: "public", internal: "internal" } as const;
export type AlbExposure = keyof typeof ALB_LOG_PREFIXES;

/** The objects ELB writes for one prefix. */
export function albLogObjects(bucketArn: string, prefix: string, accountId: string): string {
  return `${bucketArn}/${prefix}/AWSLogs/${accountId}/*`;
}

/** The principal that delivers ALB logs in a region: ELB's account there, or the service principal
 * in regions opened after August 2022 (ELB user guide, "Enable access logs"). */
export function elbLogDeliveryPrincipal(region: string): PolicyStatement["Principal"] {
  const account = ELB_LOG_DELIVERY_ACCOUNTS[region];
  return account
    ? { AWS: `arn:aws:iam::${account}:root` }
    : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
}

/** The bucket policy statement that lets ELB deliver the access logs of every exposure. */
export function albLogDeliveryStatement(
  bucketArn: string,
  region: string,
  accountId: string,
): PolicyStatement {
  return {
    Sid: "ElbDeliversAccessLogs",
    Effect: "Allow",
    Principal: elbLogDeliveryPrincipal(region),
    Action: "s3:PutObject",
    Resource: Object.values(ALB_LOG_PREFIXES).map((p) => albLogObjects(bucketArn, p, accountId)),
  };
}
