// Changes Terraform cannot apply in place to the resources that hold data or keys: a change of
// one of these attributes destroys the resource and creates a new one. Source: the hashicorp/aws
// 5.100 resource documentation ("Forces new resource" / "Changing this creates a new ...").
// Keep it as data; add a type when a stateful resource type joins the stacks.
export const STATEFUL_TYPES = [
  "aws_db_instance",
  "aws_ebs_volume",
  "aws_efs_file_system",
  "aws_s3_bucket",
  "aws_kms_key",
  "aws_secretsmanager_secret",
  "aws_ecr_repository",
  "aws_backup_vault",
  "aws_eks_cluster",
  "aws_route53_zone",
  "aws_instance",
  "aws_cloudwatch_log_group", // the logs it holds
  "aws_secretsmanager_secret_version", // a value generated anew is a new password
] as const;

export const REPLACEMENT_ATTRIBUTES: Readonly<Record<(typeof STATEFUL_TYPES)[number], readonly string[]>> = {
  aws_db_instance: [
    "identifier",
    "engine",
    "db_name",
    "username",
    "kms_key_id",
    "storage_encrypted",
    "character_set_name",
    "availability_zone",
    "snapshot_identifier",
  ],
  aws_ebs_volume: ["availability_zone", "encrypted", "kms_key_id", "snapshot_id", "outpost_arn"],
  aws_efs_file_system: [
    "creation_token",
    "encrypted",
    "kms_key_id",
    "performance_mode",
    "availability_zone_name",
  ],
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_kms_key: ["key_usage", "customer_master_key_spec", "multi_region", "custom_key_store_id", "xks_key_id"],
  aws_secretsmanager_secret: ["name", "name_prefix"],
  aws_ecr_repository: ["name", "encryption_configuration"],
  aws_backup_vault: ["name", "kms_key_arn"],
  aws_eks_cluster: [
    "name",
    "role_arn",
    "encryption_config",
    "kubernetes_network_config",
    "outpost_config",
    "bootstrap_self_managed_addons",
  ],
  aws_route53_zone: ["name"],
  aws_cloudwatch_log_group: ["name", "name_prefix"],
  aws_secretsmanager_secret_version: ["secret_id", "secret_string", "secret_binary"],
  aws_instance: [
    "availability_zone",
    "subnet_id",
    "private_ip",
    "root_block_device.encrypted",
    "root_block_device.kms_key_id",
    "launch_template",
    "placement_group",
  ],
};
