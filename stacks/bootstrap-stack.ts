// <env>-bootstrap: the bucket that holds every other stack's state, its KMS key, and its replica
// in the DR region (R6, DR-1). Local backend: it is applied once, before anything else.
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { EnvironmentConfig } from "../envs/schema";
import { policyDocument, renderPolicy, trustPolicy } from "../lib/iam-policy";
import {
  kmsKeyAlias,
  resourcePrefix,
  stateBucketName,
  stateKeyAlias,
  stateReplicaBucketName,
} from "../lib/naming";
import { KmsKey } from "../modules/kms-key";
import { SecureBucket } from "../modules/secure-bucket";
import { EnvironmentStack } from "./environment-stack";

/** Old state versions stay recoverable this long, so a bad apply can be rolled back (R6). */
export const STATE_VERSION_RETENTION_DAYS = 90;

export class BootstrapStack extends EnvironmentStack {
  readonly stateBucket: SecureBucket;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, kind: "bootstrap" });
    const accountId = env.aws.accountId;
    const key = new KmsKey(this, "state-key", {
      alias: stateKeyAlias(env),
      description: `Terraform state of the ${env.name} APIM environment`,
      accountId,
    });
    this.stateBucket = new SecureBucket(this, "state", {
      bucketName: stateBucketName(env),
      encryption: key.arn,
      noncurrentVersionExpirationDays: STATE_VERSION_RETENTION_DAYS,
    });

    const replicaKey = new KmsKey(this, "state-replica-key", {
      alias: kmsKeyAlias(env, "tfstate-replica"),
      description: `Replica of the ${env.name} APIM Terraform state (DR region)`,
      accountId,
      provider: this.drProvider,
    });
    const replica = new SecureBucket(this, "state-replica", {
      bucketName: stateReplicaBucketName(env),
      encryption: replicaKey.arn,
      noncurrentVersionExpirationDays: STATE_VERSION_RETENTION_DAYS,
      provider: this.drProvider,
    });

    const role = new IamRole(this, "replication-role", {
      name: `${resourcePrefix(env)}-tfstate-replication`,
      assumeRolePolicy: trustPolicy("S3Replicates", "s3.amazonaws.com"),
    });
    const source = this.stateBucket.bucket.arn;
    const destination = replica.bucket.arn;
    new IamRolePolicy(this, "replication-policy", {
      role: role.id,
      name: "replicate-state",
      policy: renderPolicy(
        policyDocument(
          {
            Sid: "ReadSource",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: source,
          },
          {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: [
              "s3:GetObjectVersionForReplication",
              "s3:GetObjectVersionAcl",
              "s3:GetObjectVersionTagging",
            ],
            Resource: `${source}/*`,
          },
          {
            Sid: "WriteReplica",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${destination}/*`,
          },
          { Sid: "DecryptSource", Effect: "Allow", Action: "kms:Decrypt", Resource: key.arn },
          { Sid: "EncryptReplica", Effect: "Allow", Action: "kms:Encrypt", Resource: replicaKey.arn },
        ),
      ),
    });
    new S3BucketReplicationConfigurationA(this, "state-replication", {
      bucket: this.stateBucket.bucket.id,
      role: role.arn,
      dependsOn: [this.stateBucket.versioning, replica.versioning],
      rule: [
        {
          id: "state-to-dr-region",
          status: "Enabled",
          filter: { prefix: "" },
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: destination,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn },
          },
        },
      ],
    });
  }
}
