// What the apply run changes for the AWS emulator, and why: one row per gap of the emulator (moto),
// applied to the copy the run applies, never to the product. The run's report lists every resource
// each row touched.

type Json = Record<string, unknown>;

export interface EmulatorContext {
  /** The value the emulator's SSM parameter store holds for a parameter (as AWS would resolve it). */
  readonly ssmParameter: (name: string, region: string) => Promise<string>;
  readonly region: string;
}

export interface Substitution {
  readonly id: string;
  readonly resourceTypes: readonly string[];
  /** Only the resources of that type for which this holds (all when absent). */
  readonly when?: (body: Json) => boolean;
  /** What the run does instead: "left out" (with whatever depends on it), or the change made. */
  readonly change: string;
  readonly reason: string;
  /** Edits the resource body in place; absent: the resource is left out. */
  readonly edit?: (body: Json, context: EmulatorContext) => Promise<void>;
}

const SSM_IMAGE = /^resolve:ssm:(.+)$/;

/** The CA RDS gives a new DB instance in a commercial region unless the account overrides it (ModifyCertificates). */
const RDS_DEFAULT_CA = "rds-ca-rsa2048-g1";

/** Terraform ignores later differences in these attributes: what the emulator returns for them. */
function ignoreChanges(...attributes: string[]): (body: Json) => Promise<void> {
  return async (body) => {
    const lifecycle = (body.lifecycle as Json | undefined) ?? {};
    const ignored = (lifecycle.ignore_changes as string[] | undefined) ?? [];
    body.lifecycle = { ...lifecycle, ignore_changes: [...ignored, ...attributes] };
  };
}

export const SUBSTITUTIONS: readonly Substitution[] = [
  {
    id: "ami-from-ssm",
    resourceTypes: ["aws_launch_template"],
    when: (body) => SSM_IMAGE.test(String(body.image_id ?? "")),
    change: "image_id set to the AMI id the emulator's own SSM parameter of that name holds",
    reason:
      "EC2 resolves `resolve:ssm:` image ids when it launches; the emulator does not, and refuses the launch",
    edit: async (body, context) => {
      const name = SSM_IMAGE.exec(String(body.image_id))![1];
      body.image_id = await context.ssmParameter(name, context.region);
    },
  },
  {
    id: "no-detailed-monitoring",
    resourceTypes: ["aws_instance"],
    when: (body) => body.monitoring === true,
    change: "monitoring = false",
    reason: "the emulator does not implement MonitorInstances: the provider would wait for it forever",
    edit: async (body) => {
      body.monitoring = false;
    },
  },
  {
    id: "replication-rule-as-stored",
    resourceTypes: ["aws_s3_bucket_replication_configuration"],
    change:
      "lifecycle ignore_changes = [rule[0].delete_marker_replication, rule[0].source_selection_criteria]",
    reason:
      "the emulator stores neither delete-marker replication nor the SSE-KMS source selection of a rule, so every plan would show them again",
    edit: ignoreChanges("rule[0].delete_marker_replication", "rule[0].source_selection_criteria"),
  },
  {
    id: "rule-description-as-stored",
    resourceTypes: ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
    change: "lifecycle ignore_changes = [description]",
    reason: "the emulator drops the description of a security-group rule, so every plan would set it again",
    edit: ignoreChanges("description"),
  },
  {
    id: "launch-template-tags-as-stored",
    resourceTypes: ["aws_launch_template"],
    change: "lifecycle ignore_changes = [tag_specifications]",
    reason:
      "the emulator files the launch template's own tags (the provider's default tags) among the tags for instances it launches",
    edit: ignoreChanges("tag_specifications"),
  },
  {
    id: "instance-network-as-stored",
    resourceTypes: ["aws_instance"],
    change:
      "lifecycle ignore_changes = [associate_public_ip_address, vpc_security_group_ids, credit_specification, root_block_device]",
    reason:
      "the emulator gives an instance launched from a template a public address, and reports neither the template's security groups, credit setting nor volume tags, which would replace the instance on every plan",
    edit: ignoreChanges(
      "associate_public_ip_address",
      "vpc_security_group_ids",
      "credit_specification",
      "root_block_device",
    ),
  },
  {
    id: "termination-protection-at-launch",
    resourceTypes: ["aws_instance"],
    when: (body) => body.disable_api_termination === true,
    change: "lifecycle ignore_changes = [disable_api_termination]",
    reason:
      "the emulator ignores DisableApiTermination when it launches an instance (RunInstances), so every plan would set it again",
    edit: ignoreChanges("disable_api_termination"),
  },
  {
    id: "backup-tags-as-stored",
    resourceTypes: ["aws_backup_plan", "aws_backup_vault"],
    change: "lifecycle ignore_changes = [tags_all]",
    reason:
      "the emulator returns no tags for Backup plans and vaults, so every plan would set the default tags again",
    edit: ignoreChanges("tags_all"),
  },
  {
    id: "database-settings-as-stored",
    resourceTypes: ["aws_db_instance"],
    change:
      "lifecycle ignore_changes = [engine_lifecycle_support, monitoring_interval, monitoring_role_arn, performance_insights_*]",
    reason:
      "the emulator stores neither the extended-support choice, enhanced monitoring nor Performance Insights of a DB instance",
    edit: ignoreChanges(
      "engine_lifecycle_support",
      "monitoring_interval",
      "monitoring_role_arn",
      "performance_insights_enabled",
      "performance_insights_kms_key_id",
      "performance_insights_retention_period",
    ),
  },
  {
    id: "database-ca-as-created",
    resourceTypes: ["aws_db_instance"],
    when: (body) => body.ca_cert_identifier === RDS_DEFAULT_CA,
    change: "ca_cert_identifier left unset: the instance keeps the CA the emulator gives it",
    reason: `the provider does not send the CA with CreateDBInstance: it compares the CA the instance was created with and changes it afterwards (ModifyDBInstance, then a second wait of at least 80 s). AWS creates instances with ${RDS_DEFAULT_CA}, the CA the stack pins, so nothing changes there; the emulator creates them with rds-ca-default (observed: the second wait doubled the data stack's apply)`,
    edit: async (body) => {
      delete body.ca_cert_identifier;
    },
  },
  {
    id: "database-parameters-as-stored",
    resourceTypes: ["aws_db_parameter_group"],
    change: "lifecycle ignore_changes = [parameter]",
    reason:
      "the emulator returns none of the parameters set on a DB parameter group when the provider reads them back (observed: every parameter planned again)",
    edit: ignoreChanges("parameter"),
  },
  {
    id: "private-zone-vpc-as-stored",
    resourceTypes: ["aws_route53_zone"],
    when: (body) => Array.isArray(body.vpc) && body.vpc.length > 0,
    change: "lifecycle ignore_changes = [vpc]",
    reason: "the emulator does not return a private hosted zone's VPC association",
    edit: ignoreChanges("vpc"),
  },
  {
    id: "no-backup-selection",
    resourceTypes: ["aws_backup_selection"],
    change: "left out",
    reason: "the emulator does not implement AWS Backup selections",
  },
  {
    id: "eks-cluster-settings-as-stored",
    resourceTypes: ["aws_eks_cluster"],
    change: "lifecycle ignore_changes = [access_config, upgrade_policy]",
    reason:
      "the emulator returns neither a cluster's access configuration nor its upgrade policy; the missing access configuration would replace the cluster on every plan",
    edit: ignoreChanges("access_config", "upgrade_policy"),
  },
  {
    id: "node-group-settings-as-stored",
    resourceTypes: ["aws_eks_node_group"],
    change: "lifecycle ignore_changes = [remote_access, update_config]",
    reason:
      "the emulator invents SSH remote access (key eksKeypair) for a node group that asks for none, which would replace it on every plan, and does not store its update configuration",
    edit: ignoreChanges("remote_access", "update_config"),
  },
  {
    id: "no-eks-access-entries",
    resourceTypes: ["aws_eks_access_entry"],
    change: "left out",
    reason: "the emulator does not implement EKS access entries",
  },
  {
    id: "no-eks-access-policies",
    resourceTypes: ["aws_eks_access_policy_association"],
    change: "left out",
    reason: "the emulator does not implement EKS access entries, to which these policies belong",
  },
  {
    id: "no-eks-addons",
    resourceTypes: ["aws_eks_addon"],
    change: "left out",
    reason: "the emulator does not implement EKS add-ons",
  },
  {
    id: "no-node-group-auto-scaling-group",
    resourceTypes: ["aws_autoscaling_group_tag"],
    change: "left out",
    reason:
      "the emulator's EKS node groups name an Auto Scaling group that it never creates, so tagging that group fails",
  },
  {
    id: "no-pod-identity",
    resourceTypes: ["aws_eks_pod_identity_association"],
    change: "left out",
    reason: "the emulator does not implement EKS Pod Identity associations",
  },
];
