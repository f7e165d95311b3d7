// RDS MySQL: T23-T26 and R3 of the check catalog.
import { perResource, TerraformCheck } from "../check";
import { tierOf } from "../network-model";
import { asArray, Attrs, referencedTypes, referencesResource } from "../terraform-model";

/** RDS certificate authorities that are current (T26). */
export const CURRENT_RDS_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

const RDS = ["aws_db_instance"];
const cmk = (value: unknown) => referencedTypes(value).includes("aws_kms_key");

export const T23: TerraformCheck = perResource({
  id: "T23",
  title: "RDS encrypted at rest with a customer-managed key",
  requirements: ["SEC-3", "SQL-1"],
  types: RDS,
  passText: "storage encrypted with a project key",
  failures: (db) => [
    db.attrs.storage_encrypted !== true && "storage is not encrypted",
    !cmk(db.attrs.kms_key_id) && "kms_key_id is not a project key",
  ],
});

export const T24: TerraformCheck = perResource({
  id: "T24",
  title: "RDS private, in the three data subnets",
  requirements: ["SQL-1", "NET-1"],
  types: RDS,
  passText: "not public; subnet group over the data tier's three zones",
  failures: (db, model) => {
    const group = model
      .ofType("aws_db_subnet_group")
      .find((g) => g.stack === db.stack && referencesResource(db.attrs.db_subnet_group_name, g));
    const subnets = asArray<string>(group?.attrs.subnet_ids).map((s) => model.resolve(db.stack, s));
    const zones = new Set(subnets.map((s) => s?.attrs.availability_zone));
    return [
      db.attrs.publicly_accessible === true && "publicly accessible",
      !group && "no subnet group of this stack",
      group &&
        (subnets.length !== 3 || zones.size !== 3) &&
        `subnet group has ${subnets.length} subnets in ${zones.size} zones, not 3 in 3`,
      group && !subnets.every((s) => tierOf(s) === "data") && "subnets are not all in the data tier",
    ];
  },
});

export const T25: TerraformCheck = perResource({
  id: "T25",
  title: "RDS Multi-AZ with deletion protection and backups",
  requirements: ["SQL-1", "HA-1", "BAK-1"],
  types: RDS,
  passText: "Multi-AZ, deletion protection, 7-35 days of backups, tags copied to snapshots",
  failures: (db) => {
    const retention = Number(db.attrs.backup_retention_period ?? 0);
    return [
      db.attrs.multi_az !== true && "not Multi-AZ",
      db.attrs.deletion_protection !== true && "no deletion protection",
      (retention < 7 || retention > 35) && `backup retention ${retention} days is outside 7-35`,
      db.attrs.copy_tags_to_snapshot !== true && "tags are not copied to snapshots",
    ];
  },
});

export const T26: TerraformCheck = perResource({
  id: "T26",
  title: "RDS authentication, TLS, logs and operations",
  requirements: ["SEC-3", "SECU-2", "SQL-1"],
  types: RDS,
  passText: "IAM auth, TLS required, logs, monitoring, insights, current CA, managed master password",
  failures: (db, model) => {
    const group = model
      .ofType("aws_db_parameter_group")
      .find((g) => g.stack === db.stack && referencesResource(db.attrs.parameter_group_name, g));
    const tlsOnly = asArray<Attrs>(group?.attrs.parameter).some(
      (p) => p.name === "require_secure_transport" && String(p.value) === "1",
    );
    return [
      db.attrs.iam_database_authentication_enabled !== true && "IAM authentication is off",
      !tlsOnly && "parameter group does not set require_secure_transport = 1",
      asArray(db.attrs.enabled_cloudwatch_logs_exports).length === 0 && "no log exports",
      !(Number(db.attrs.monitoring_interval ?? 0) > 0) && "no enhanced monitoring",
      (db.attrs.performance_insights_enabled !== true || !cmk(db.attrs.performance_insights_kms_key_id)) &&
        "Performance Insights off or not encrypted with a project key",
      db.attrs.auto_minor_version_upgrade === false && "minor upgrades are off",
      !CURRENT_RDS_CAS.includes(String(db.attrs.ca_cert_identifier)) &&
        `CA ${String(db.attrs.ca_cert_identifier)} is not current`,
      db.attrs.manage_master_user_password !== true && "master password is not managed by RDS",
      (db.attrs.password !== undefined || db.attrs.password_wo !== undefined) &&
        "a master password is in the configuration",
    ];
  },
});

export const R3: TerraformCheck = perResource({
  id: "R3",
  title: "RDS final snapshot and retained backups",
  requirements: ["BAK-1"],
  types: RDS,
  passText: "final snapshot named, automated backups kept, no major upgrades",
  failures: (db) => [
    db.attrs.skip_final_snapshot === true && "skip_final_snapshot = true",
    !db.attrs.final_snapshot_identifier && "no final_snapshot_identifier",
    db.attrs.delete_automated_backups !== false && "automated backups are deleted with the instance",
    db.attrs.allow_major_version_upgrade === true && "major version upgrades are allowed",
  ],
});
