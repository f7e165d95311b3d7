// <env>-data: everything that holds the env's data, each piece protected from destroy and backed
// up to the DR region: MySQL, the Cassandra ring, the events file system, the log buckets, the
// secrets, the private names workloads use, and the backup plan (SQL-1, APIM-7, GEN-3, GEN-7,
// STO-1..5, SEC-3, SEC-5, BAK-1, BAK-2, DR-1, LOG-1, HA-1).
import { Construct } from "constructs";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { EnvironmentConfig } from "../envs/schema";
import { albLogDeliveryStatement } from "../lib/alb-log-prefixes";
import {
  albLogBucketName,
  cassandraHosts,
  cassandraRingHost,
  kmsKeyAlias,
  logBucketName,
  mysqlHost,
  privateZoneName,
  resourcePrefix,
  secretName,
} from "../lib/naming";
import { SECRETS } from "../lib/secret-inventory";
import { ApimSecrets } from "../modules/apim-secrets";
import { BackupPlan } from "../modules/backup-plan";
import { CassandraRing } from "../modules/cassandra-ring";
import { EventsFileSystem } from "../modules/events-file-system";
import { cloudWatchLogsMayUse, KmsKey } from "../modules/kms-key";
import { MysqlDatabase } from "../modules/mysql-database";
import { SecureBucket } from "../modules/secure-bucket";
import { EnvironmentStack } from "./environment-stack";
import { NetworkOutputs } from "./network-stack";

/** Bump to write new values into every generated secret (rotation by apply, docs/secrets.md). */
export const SECRET_GENERATION = 1;

/** What the other stacks of the env read from the data stack. */
export interface DataOutputs {
  readonly eventsFileSystemId: string;
  readonly eventsAccessPointId: string;
}

export interface DataStackInputs {
  readonly network: NetworkOutputs;
}

export class DataStack extends EnvironmentStack {
  readonly outputs: DataOutputs;

  constructor(scope: Construct, env: EnvironmentConfig, { network }: DataStackInputs) {
    super(scope, { env, kind: "data" });
    const prefix = resourcePrefix(env);
    const { region, accountId } = env.aws;
    const dataSubnets = [...network.dataSubnetIds];
    const dataGroup = network.securityGroupIds.data;
    const key = this.environmentKey.bind(this);
    const logsStatement = cloudWatchLogsMayUse(region, accountId);

    const secretsKey = key("secrets", "Secrets Manager secrets");
    const secrets = new ApimSecrets(this, "secrets", {
      names: (k) => secretName(env, k),
      specs: SECRETS,
      kmsKeyArn: secretsKey.arn,
      generation: SECRET_GENERATION,
    });
    const secret = (k: string) => {
      const s = secrets.secrets.get(k)!;
      return { name: secretName(env, k), arn: s.arn };
    };

    const database = new MysqlDatabase(this, "mysql", {
      identifier: `${prefix}-metrics`,
      instanceClass: env.mysql.instanceClass,
      allocatedStorageGb: env.mysql.allocatedStorageGb,
      maxAllocatedStorageGb: env.mysql.maxAllocatedStorageGb,
      backupRetentionDays: env.mysql.backupRetentionDays,
      subnetIds: dataSubnets,
      securityGroupId: dataGroup,
      kmsKeyArn: key("database", "Metrics database storage, insights and master secret").arn,
    });

    const privateZone = new Route53Zone(this, "private-zone", {
      name: privateZoneName(env),
      comment: "Stable names of the data services for the APIM workloads",
      vpc: [{ vpcId: network.vpcId }],
    });

    const cassandra = new CassandraRing(this, "cassandra", {
      namePrefix: prefix,
      clusterName: `${prefix}-apim`,
      region,
      zones: env.aws.availabilityZones,
      subnetIds: dataSubnets,
      securityGroupId: dataGroup,
      instanceType: env.cassandra.instanceType,
      volumeSizeGb: env.cassandra.volumeSizeGb,
      nodeCount: env.cassandra.nodeCount,
      nodeNames: cassandraHosts(env),
      kmsKeyArn: key("cassandra", "Cassandra volumes and logs", [logsStatement]).arn,
      secretsKmsKeyArn: secretsKey.arn,
      tlsSecret: secret("cassandra-tls"),
      adminSecret: secret("cassandra-admin"),
      logRetentionDays: env.logs.cloudWatchRetentionDays,
    });

    // Workloads reach the data services by these names, never by a Terraform output.
    new Route53Record(this, "mysql-record", {
      zoneId: privateZone.zoneId,
      name: mysqlHost(env),
      type: "CNAME",
      ttl: 60,
      records: [database.instance.address],
    });
    cassandraHosts(env).forEach(
      (host, i) =>
        new Route53Record(this, `cassandra-${i}-record`, {
          zoneId: privateZone.zoneId,
          name: host,
          type: "A",
          ttl: 60,
          records: [cassandra.nodes[i].privateIp],
        }),
    );
    new Route53Record(this, "cassandra-ring-record", {
      zoneId: privateZone.zoneId,
      name: cassandraRingHost(env),
      type: "A",
      ttl: 60,
      records: cassandra.nodes.map((n) => n.privateIp),
    });

    const events = new EventsFileSystem(this, "events", {
      name: `${prefix}-events`,
      subnetIds: dataSubnets,
      securityGroupId: dataGroup,
      kmsKeyArn: key("events", "Shared events file system").arn,
      region,
      accountId,
    });

    const lifecycle = [
      {
        id: "logs-retention",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [{ days: env.logs.transitionToInfrequentAccessDays, storageClass: "STANDARD_IA" }],
        expiration: [{ days: env.logs.expirationDays }],
      },
    ];
    new SecureBucket(this, "logs", {
      bucketName: logBucketName(env),
      encryption: key("logs", "Container, node and application logs", [logsStatement]).arn,
      noncurrentVersionExpirationDays: 30,
      currentVersionRules: lifecycle,
    });
    // ALB access logs: ELB delivers with SSE-S3 only, so this bucket cannot use KMS (exempted from T34).
    // Each ALB logs under its exposure's prefix (lib/alb-log-prefixes.ts, shared with the Ingresses).
    const albBucketArn = `arn:aws:s3:::${albLogBucketName(env)}`;
    new SecureBucket(this, "alb-logs", {
      bucketName: albLogBucketName(env),
      encryption: "SSE-S3",
      noncurrentVersionExpirationDays: 30,
      currentVersionRules: lifecycle,
      extraPolicyStatements: [albLogDeliveryStatement(albBucketArn, region, accountId)],
    });

    const drBackupKey = new KmsKey(this, "backup-dr-key", {
      alias: kmsKeyAlias(env, "backup-dr"),
      description: `Backup copies of the ${env.name} APIM environment (DR region)`,
      accountId,
      provider: this.drProvider,
    });
    new BackupPlan(this, "backup", {
      name: `${prefix}-daily`,
      retentionDays: env.backup.retentionDays,
      kmsKeyArn: key("backup", "Backup vault").arn,
      drKmsKeyArn: drBackupKey.arn,
      drProvider: this.drProvider,
      resourceArns: [database.instance.arn, events.fileSystem.arn, ...cassandra.volumes.map((v) => v.arn)],
    });

    this.outputs = {
      eventsFileSystemId: events.fileSystem.id,
      eventsAccessPointId: events.accessPoint.id,
    };
  }
}
