// The EKS control plane: T1-T6 and T12 of the check catalog.
import { perResource, TerraformCheck } from "../check";
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../lib/kubernetes-versions";
import { asArray, block, referencedTypes, referencesResource } from "../terraform-model";

const CLUSTER = ["aws_eks_cluster"];
export const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const T1: TerraformCheck = perResource({
  id: "T1",
  title: "Secrets envelope-encrypted with a customer-managed key",
  requirements: ["SEC-3"],
  types: CLUSTER,
  passText: "secrets encrypted with a project key",
  failures: (c) => {
    const encryption = block(c.attrs, "encryption_config");
    return [
      !asArray<string>(encryption.resources).includes("secrets") && "secrets are not envelope-encrypted",
      !referencedTypes(block(encryption, "provider").key_arn).includes("aws_kms_key") &&
        "key is not a project key",
    ];
  },
});

export const T2: TerraformCheck = perResource({
  id: "T2",
  title: "Control-plane logging for all five types",
  requirements: ["BAS-2"],
  types: CLUSTER,
  passText: "all five log types enabled",
  failures: (c) => {
    const enabled = asArray<string>(c.attrs.enabled_cluster_log_types);
    const missing = ALL_LOG_TYPES.filter((t) => !enabled.includes(t));
    return [missing.length > 0 && `missing log types: ${missing.join(", ")}`];
  },
});

export const T3: TerraformCheck = perResource({
  id: "T3",
  title: "Private API endpoint; public only for an allowlist",
  requirements: ["SECU-1"],
  types: CLUSTER,
  passText: "private endpoint on; public off or allowlisted",
  failures: (c) => {
    const vpc = block(c.attrs, "vpc_config");
    const cidrs = asArray<string>(vpc.public_access_cidrs);
    const isPublic = vpc.endpoint_public_access !== false;
    return [
      vpc.endpoint_private_access !== true && "private endpoint is off",
      isPublic && (cidrs.length === 0 || cidrs.includes("0.0.0.0/0")) && "public endpoint open to the world",
    ];
  },
});

export const T4: TerraformCheck = perResource({
  id: "T4",
  title: "Supported Kubernetes version on standard support",
  requirements: [],
  types: CLUSTER,
  passText: "a supported version",
  failures: (c) => [
    !(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(String(c.attrs.version)) &&
      `version ${String(c.attrs.version)} is not supported here`,
    block(c.attrs, "upgrade_policy").support_type !== "STANDARD" &&
      "not on standard support (extended support costs and drifts)",
  ],
});

export const T5: TerraformCheck = perResource({
  id: "T5",
  title: "Access entries; the creator is not a permanent admin",
  requirements: ["K8S-2", "BAS-2"],
  types: CLUSTER,
  passText: "API authentication, no creator admin, access entries with policies",
  failures: (c, model) => {
    const accessConfig = block(c.attrs, "access_config");
    const entries = model
      .ofType("aws_eks_access_entry")
      .filter((e) => e.stack === c.stack && referencesResource(e.attrs.cluster_name, c));
    const policies = model.ofType("aws_eks_access_policy_association").filter((p) => p.stack === c.stack);
    return [
      !["API", "API_AND_CONFIG_MAP"].includes(String(accessConfig.authentication_mode)) &&
        "authentication mode is not API",
      accessConfig.bootstrap_cluster_creator_admin_permissions !== false &&
        "the creator keeps admin permissions",
      entries.length === 0 && "no access entries",
      entries.some((e) => !policies.some((p) => referencesResource(p.attrs.principal_arn, e))) &&
        "an access entry has no access policy",
    ];
  },
});

export const T6: TerraformCheck = perResource({
  id: "T6",
  title: "Cluster protected from destroy",
  requirements: [],
  types: CLUSTER,
  passText: "prevent_destroy",
  failures: (c) => [block(c.attrs, "lifecycle").prevent_destroy !== true && "no lifecycle.prevent_destroy"],
});

export const T12: TerraformCheck = perResource({
  id: "T12",
  title: "Control-plane log group created first, with retention and KMS",
  requirements: ["BAS-2"],
  types: CLUSTER,
  passText: "own log group, >= 365 days, KMS, created before the cluster",
  failures: (c, model) => {
    const group = model
      .ofType("aws_cloudwatch_log_group")
      .find(
        (g) => g.stack === c.stack && String(g.attrs.name) === `/aws/eks/${String(c.attrs.name)}/cluster`,
      );
    const dependsOn = asArray<string>(c.attrs.depends_on);
    return [
      !group && "the stack does not create /aws/eks/<cluster>/cluster",
      group && Number(group.attrs.retention_in_days ?? 0) < 365 && "retention under 365 days",
      group &&
        !referencedTypes(group.attrs.kms_key_id).includes("aws_kms_key") &&
        "log group not KMS-encrypted",
      group &&
        !dependsOn.includes(`aws_cloudwatch_log_group.${group.name}`) &&
        "cluster does not depend on its log group",
    ];
  },
});
