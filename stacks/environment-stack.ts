// What every stack of an env shares: the AWS provider with default tags, Terraform >= 1.11, and
// its state in the env's state bucket (SSE-KMS, native S3 locking) unless it is the bootstrap.
import { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EnvironmentConfig } from "../envs/schema";
import { PolicyStatement } from "../lib/iam-policy";
import { KmsKey } from "../modules/kms-key";
import {
  defaultTags,
  KeyPurpose,
  kmsKeyAlias,
  StackKind,
  stackName,
  stateBucketName,
  stateKey,
  stateKeyAliasArn,
} from "../lib/naming";

export const REQUIRED_TERRAFORM_VERSION = ">= 1.11.0";

export interface EnvironmentStackProps {
  readonly env: EnvironmentConfig;
  readonly kind: StackKind;
}

export abstract class EnvironmentStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly kind: StackKind;
  readonly provider: AwsProvider;
  private drProviderInstance?: AwsProvider;

  protected constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, stackName(props.env, props.kind));
    this.env = props.env;
    this.kind = props.kind;
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    this.provider = new AwsProvider(this, "aws", {
      region: props.env.aws.region,
      allowedAccountIds: [props.env.aws.accountId],
      defaultTags: [{ tags: defaultTags(props.env, props.kind) }],
    });
    if (props.kind === "bootstrap") {
      // The bucket that holds every other state cannot hold its own before it exists.
      new LocalBackend(this, { path: `../../../state/${stackName(props.env, props.kind)}.tfstate` });
    } else {
      const backend = new S3Backend(this, {
        bucket: stateBucketName(props.env),
        key: stateKey(props.env, props.kind),
        region: props.env.aws.region,
        encrypt: true,
        kmsKeyId: stateKeyAliasArn(props.env),
      });
      // cdktf 0.21's S3Backend has no useLockfile; native locking needs Terraform >= 1.11 (R6).
      backend.addOverride("use_lockfile", true);
    }
  }

  /** The env's KMS key for one purpose: construct id "<purpose>-key", alias from lib/naming. */
  protected environmentKey(
    purpose: KeyPurpose,
    description: string,
    statements: PolicyStatement[] = [],
  ): KmsKey {
    return new KmsKey(this, `${purpose}-key`, {
      alias: kmsKeyAlias(this.env, purpose),
      description: `${description} of the ${this.env.name} APIM environment`,
      accountId: this.env.aws.accountId,
      statements,
    });
  }

  /** The provider of the env's DR region (backup copies, replicas), created on first use. */
  protected get drProvider(): AwsProvider {
    this.drProviderInstance ??= new AwsProvider(this, "aws-dr", {
      alias: "dr",
      region: this.env.aws.drRegion,
      allowedAccountIds: [this.env.aws.accountId],
      defaultTags: [{ tags: defaultTags(this.env, this.kind) }],
    });
    return this.drProviderInstance;
  }
}
