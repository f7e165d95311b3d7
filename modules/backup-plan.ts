// Daily AWS Backup of every stateful resource with a copy to a vault in the DR region
// (BAK-1, DR-1; R5, R7, T43). Both vaults are KMS-encrypted and locked (governance mode).
import { Construct } from "constructs";
import { BackupPlan as BackupPlanResource } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { trustPolicy } from "../lib/iam-policy";

export interface BackupPlanProps {
  readonly name: string;
  readonly retentionDays: number;
  readonly kmsKeyArn: string;
  readonly drKmsKeyArn: string;
  readonly drProvider: AwsProvider;
  /** ARNs of everything to back up: the database, the file system, each Cassandra volume. */
  readonly resourceArns: string[];
  /** Daily, after the RDS backup window. */
  readonly schedule?: string;
}

export class BackupPlan extends Construct {
  readonly vault: BackupVault;
  readonly drVault: BackupVault;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    this.vault = new BackupVault(this, "vault", {
      name: props.name,
      kmsKeyArn: props.kmsKeyArn,
      lifecycle: { preventDestroy: true },
    });
    this.drVault = new BackupVault(this, "dr-vault", {
      provider: props.drProvider,
      name: `${props.name}-dr`,
      kmsKeyArn: props.drKmsKeyArn,
      lifecycle: { preventDestroy: true },
    });
    for (const [lockId, vault, provider] of [
      ["vault-lock", this.vault, undefined],
      ["dr-vault-lock", this.drVault, props.drProvider],
    ] as const) {
      new BackupVaultLockConfiguration(this, lockId, {
        provider,
        backupVaultName: vault.name,
        minRetentionDays: 7,
        maxRetentionDays: Math.max(props.retentionDays, 35) * 4,
      });
    }
    const plan = new BackupPlanResource(this, "plan", {
      name: props.name,
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          schedule: props.schedule ?? "cron(0 4 * * ? *)",
          startWindow: 60,
          completionWindow: 360,
          lifecycle: { deleteAfter: props.retentionDays },
          copyAction: [
            { destinationVaultArn: this.drVault.arn, lifecycle: { deleteAfter: props.retentionDays } },
          ],
          recoveryPointTags: { Plan: props.name },
        },
      ],
    });
    const role = new IamRole(this, "role", {
      name: `${props.name}-backup`,
      assumeRolePolicy: trustPolicy("BackupAssumes", "backup.amazonaws.com"),
    });
    for (const policy of ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"]) {
      new IamRolePolicyAttachment(this, policy, {
        role: role.name,
        policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
      });
    }
    new BackupSelection(this, "selection", {
      name: `${props.name}-stateful`,
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: props.resourceArns,
    });
  }
}
