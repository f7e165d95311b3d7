// An S3 bucket for data that must not be lost or exposed: versioned, SSE-KMS with a bucket key,
// public access blocked, ACLs disabled, TLS-only, lifecycle, protected from destroy
// (T32-T36, R1, R2, R6).
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { denyInsecureTransport, PolicyStatement, policyDocument, renderPolicy } from "../lib/iam-policy";

export interface SecureBucketProps {
  readonly bucketName: string;
  /** A KMS key ARN, or "SSE-S3" where a service cannot write with KMS (ALB access logs). */
  readonly encryption: string;
  /** Days a replaced or deleted object version stays recoverable. */
  readonly noncurrentVersionExpirationDays: number;
  /** Rules for current versions (transition, expiry), on top of the multipart and noncurrent clean-up. */
  readonly currentVersionRules?: S3BucketLifecycleConfigurationRule[];
  readonly extraPolicyStatements?: PolicyStatement[];
  readonly provider?: AwsProvider;
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    this.versioning = new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [
        props.encryption === "SSE-S3"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: props.encryption,
              },
              bucketKeyEnabled: true,
            },
      ],
    });
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const arn = this.bucket.arn;
    new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: renderPolicy(
        policyDocument(denyInsecureTransport([arn, `${arn}/*`]), ...(props.extraPolicyStatements ?? [])),
      ),
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket,
      dependsOn: [this.versioning],
      rule: [
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
        },
        ...(props.currentVersionRules ?? []),
      ],
    });
  }
}
