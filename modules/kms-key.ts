// A customer-managed KMS key for one purpose: rotation on, an explicit policy, an alias, and
// protected from destroy (T39, R1, R2).
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PolicyStatement, policyDocument, renderPolicy } from "../lib/iam-policy";
import { autoScalingServiceRoleArn } from "../lib/naming";

export interface KmsKeyProps {
  readonly alias: string; // "alias/..."
  readonly description: string;
  readonly accountId: string;
  /** Statements beyond the account's own administration of the key (service principals, roles). */
  readonly statements?: PolicyStatement[];
  readonly provider?: AwsProvider;
}

export class KmsKey extends Construct {
  readonly key: KmsKeyResource;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const accountAdministers: PolicyStatement = {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    };
    this.key = new KmsKeyResource(this, "key", {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(policyDocument(accountAdministers, ...(props.statements ?? []))),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "alias", { provider: props.provider, name: props.alias, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}

/** Lets CloudWatch Logs of this account and region encrypt log groups with the key. */
export function cloudWatchLogsMayUse(region: string, accountId: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsEncrypt",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` },
    },
  };
}

/**
 * Lets EC2 Auto Scaling launch instances whose EBS volumes use the key: without these two
 * statements (EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with encrypted
 * volumes") a node group's instances fail to launch.
 */
export function autoScalingMayUse(accountId: string): PolicyStatement[] {
  const principal = { AWS: autoScalingServiceRoleArn(accountId) };
  return [
    {
      Sid: "AutoScalingUsesKey",
      Effect: "Allow",
      Principal: principal,
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
    },
    {
      Sid: "AutoScalingGrantsForVolumes",
      Effect: "Allow",
      Principal: principal,
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}
