// The metrics database (SQL-1): RDS MySQL 8.0 Multi-AZ in the data subnets, encrypted with its own
// key, TLS required, IAM authentication, the master password generated and kept by RDS in Secrets
// Manager, backups, deletion protection, a final snapshot, logs, Performance Insights and enhanced
// monitoring (T23-T26, R3).
import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { trustPolicy } from "../lib/iam-policy";

/** The current RDS CA (RSA 2048, valid to 2061): clients trust the RDS global bundle. */
export const RDS_CA = "rds-ca-rsa2048-g1";
export const METRICS_DATABASE = "metrics";

export interface MysqlDatabaseProps {
  readonly identifier: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly backupRetentionDays: number;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
}

export class MysqlDatabase extends Construct {
  readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: MysqlDatabaseProps) {
    super(scope, id);
    const subnets = new DbSubnetGroup(this, "subnets", {
      name: props.identifier,
      description: "data tier, three zones",
      subnetIds: props.subnetIds,
    });
    const parameters = new DbParameterGroup(this, "parameters", {
      name: `${props.identifier}-mysql80`,
      family: "mysql8.0",
      description: "TLS only; metrics retention of binary logs",
      parameter: [
        { name: "require_secure_transport", value: "1" },
        { name: "tls_version", value: "TLSv1.2,TLSv1.3", applyMethod: "pending-reboot" },
        { name: "binlog_expire_logs_seconds", value: "604800" },
        { name: "slow_query_log", value: "1" },
        { name: "long_query_time", value: "2" },
      ],
    });
    const monitoring = new IamRole(this, "monitoring-role", {
      name: `${props.identifier}-rds-monitoring`,
      assumeRolePolicy: trustPolicy("RdsMonitoringAssumes", "monitoring.rds.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: monitoring.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
    this.instance = new DbInstance(this, "instance", {
      identifier: props.identifier,
      engine: "mysql",
      engineVersion: "8.0",
      // RDS standard support for MySQL 8.0 ended on 2026-07-31: stated, so the extended-support
      // charge is a decision in the code, until Axway supports the metrics schema on 8.4.
      engineLifecycleSupport: "open-source-rds-extended-support",
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      instanceClass: props.instanceClass,
      dbName: METRICS_DATABASE,
      username: "apim_master",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      multiAz: true,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
      caCertIdentifier: RDS_CA,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:03:30-sun:04:30",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
      enabledCloudwatchLogsExports: ["error", "slowquery", "general"],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: 60,
      monitoringRoleArn: monitoring.arn,
      tags: { Name: props.identifier, Backup: "apim" },
      lifecycle: { preventDestroy: true },
    });
  }
}
