// Resources holding data or keys survive a mistaken destroy: R1 and R2 of the check catalog.
import { perResource, TerraformCheck } from "../check";
import { block } from "../terraform-model";

/** Types that hold data or keys (R1): their loss is the loss of data, keys or state. */
export const STATEFUL_TYPES = [
  "aws_db_instance",
  "aws_efs_file_system",
  "aws_ebs_volume",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_backup_vault",
  "aws_secretsmanager_secret",
  "aws_ecr_repository",
  "aws_eks_cluster",
] as const;

export const R1: TerraformCheck = perResource({
  id: "R1",
  title: "prevent_destroy on everything that holds data or keys",
  requirements: ["BAK-1", "DR-1"],
  types: STATEFUL_TYPES,
  passText: "lifecycle.prevent_destroy = true",
  failures: (r) => [block(r.attrs, "lifecycle").prevent_destroy !== true && "no lifecycle.prevent_destroy"],
});

/** Attribute values that let Terraform delete data without a second step (R2). */
const FORCE_FLAGS: Record<string, (attrs: Record<string, unknown>) => string | false> = {
  aws_s3_bucket: (a) => a.force_destroy === true && "force_destroy = true",
  aws_ecr_repository: (a) => a.force_delete === true && "force_delete = true",
  aws_backup_vault: (a) => a.force_destroy === true && "force_destroy = true",
  aws_secretsmanager_secret: (a) => a.recovery_window_in_days === 0 && "recovery_window_in_days = 0",
  aws_kms_key: (a) =>
    a.deletion_window_in_days !== undefined &&
    a.deletion_window_in_days !== 30 &&
    "deletion window shorter than 30 days",
};

export const R2: TerraformCheck = perResource({
  id: "R2",
  title: "No force-delete flags",
  requirements: ["BAK-1"],
  types: Object.keys(FORCE_FLAGS),
  passText: "no force-delete flag",
  failures: (r) => [FORCE_FLAGS[r.type](r.attrs)],
});
