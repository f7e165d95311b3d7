// Secrets and backups: T40, T43, R7 of the check catalog.
import { Finding, perResource, TerraformCheck, finding } from "../check";
import {
  asArray,
  Attrs,
  block,
  providerRegions,
  referencedTypes,
  referencesResource,
} from "../terraform-model";
import { backedUp } from "./storage";

export const T40: TerraformCheck = perResource({
  id: "T40",
  title: "Secrets Manager: customer-managed key, recovery window, no value in the configuration",
  requirements: ["SEC-3", "SEC-5"],
  types: ["aws_secretsmanager_secret", "aws_secretsmanager_secret_version"],
  passText: "KMS-encrypted, recoverable, value never in the Terraform JSON or state",
  failures: (r) =>
    r.type === "aws_secretsmanager_secret"
      ? [
          !referencedTypes(r.attrs.kms_key_id).includes("aws_kms_key") && "kms_key_id is not a project key",
          // Left out, AWS's 30 days hold: Number(undefined) is NaN, not < 7.
          Number(r.attrs.recovery_window_in_days) < 7 && "recovery window shorter than 7 days",
        ]
      : [
          (r.attrs.secret_string !== undefined || r.attrs.secret_binary !== undefined) &&
            "secret value written in the configuration (use secret_string_wo)",
          typeof r.attrs.secret_string_wo === "string" &&
            !r.attrs.secret_string_wo.includes("${ephemeral.") &&
            "write-only value is a literal, not an ephemeral value",
        ],
});

export const T43: TerraformCheck = perResource({
  id: "T43",
  title: "Backup vaults encrypted with a customer-managed key",
  requirements: ["BAK-1", "SEC-3"],
  types: ["aws_backup_vault"],
  passText: "KMS-encrypted with a project key",
  failures: (v) => [
    !referencedTypes(v.attrs.kms_key_arn).includes("aws_kms_key") && "kms_key_arn is not a project key",
  ],
});

const STATEFUL_FOR_BACKUP = ["aws_db_instance", "aws_efs_file_system", "aws_ebs_volume"];

/** Every stateful resource is in a plan whose rules copy to a locked vault in another region. */
export const R7: TerraformCheck = {
  id: "R7",
  title: "AWS Backup with a cross-region copy of every stateful resource",
  requirements: ["BAK-1", "DR-1"],
  evaluate: (model) =>
    model.resources
      .filter((r) => STATEFUL_FOR_BACKUP.includes(r.type))
      .map((resource): Finding => {
        const stack = model.stacks.find((s) => s.name === resource.stack)!;
        const regions = providerRegions(stack);
        const selections = model
          .ofType("aws_backup_selection")
          .filter(
            (s) =>
              s.stack === resource.stack &&
              asArray<string>(s.attrs.resources).some((arn) => referencesResource(arn, resource)),
          );
        // The plans of those selections: of the same stack, as another env's plan may bear the name.
        const plans = model
          .ofType("aws_backup_plan")
          .filter(
            (p) =>
              p.stack === resource.stack && selections.some((s) => referencesResource(s.attrs.plan_id, p)),
          );
        const vaults = model.ofType("aws_backup_vault").filter((v) => v.stack === resource.stack);
        const locked = (vault: (typeof vaults)[number]) =>
          model
            .ofType("aws_backup_vault_lock_configuration")
            .some((l) => l.stack === vault.stack && referencesResource(l.attrs.backup_vault_name, vault));
        const copiesAway = plans.some((p) =>
          asArray<Attrs>(p.attrs.rule).some((rule) =>
            asArray<Attrs>(rule.copy_action).some((copy) => {
              const target = vaults.find((v) => referencesResource(copy.destination_vault_arn, v));
              // Stryker disable next-line Regex: cdktf writes every AWS provider reference as "aws.<alias>"
              const alias = String(target?.attrs.provider ?? "").replace(/^aws\./, "");
              const region = target ? regions.get(alias) : undefined;
              return (
                !!target &&
                region !== regions.get("") &&
                locked(target) &&
                Number(block(copy, "lifecycle").delete_after ?? 0) >= 7
              );
            }),
          ),
        );
        return finding(
          resource.address,
          [
            !backedUp(model, resource) && "in no backup selection",
            backedUp(model, resource) &&
              !copiesAway &&
              "its plan does not copy to a locked vault in another region",
          ],
          "daily backup copied to the DR region",
        );
      }),
};
