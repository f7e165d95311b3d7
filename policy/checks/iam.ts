// IAM policies grant what they need and no more: T41 of the check catalog.
import { perResource, TerraformCheck } from "../check";
import { asArray, Attrs } from "../terraform-model";

/** Read-only verbs that AWS often cannot scope to a resource. */
const READ_ONLY = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$/;
/** Reads that hand out data or secrets (checkov CKV_AWS_108, data exfiltration): never on "*". */
const DATA_READS =
  /^(s3:GetObject|ssm:GetParameters?|ssm:GetParametersByPath|secretsmanager:GetSecretValue)$/;
/** Conditions that scope a statement on Resource "*" to the project's own resources. */
const SCOPING_CONDITION = /aws:(Resource|Request)Tag\/|kms:ResourceAliases|iam:AWSServiceName/;

/** The statements of a policy, a text Terraform requires of every type judged here. */
function statements(text: unknown): Attrs[] {
  return asArray<Attrs>(JSON.parse(String(text)).Statement);
}

export const T41: TerraformCheck = perResource({
  id: "T41",
  title: "IAM least privilege",
  requirements: [],
  types: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy_attachment"],
  passText: "no wildcard actions, no unscoped write or data read",
  failures: (r) => {
    if (r.type === "aws_iam_role_policy_attachment") {
      return [String(r.attrs.policy_arn).endsWith("/AdministratorAccess") && "attaches AdministratorAccess"];
    }
    const text = r.type === "aws_iam_role" ? r.attrs.assume_role_policy : r.attrs.policy;
    return statements(text)
      .filter((s) => s.Effect === "Allow")
      .flatMap((s) => {
        const actions = asArray<string>(s.Action);
        const resources = asArray<string>(s.Resource);
        return [
          actions.some((a) => a === "*" || a.endsWith(":*")) &&
            `statement ${String(s.Sid)} allows a wildcard action`,
          resources.includes("*") &&
            !actions.every((a) => READ_ONLY.test(a)) &&
            !SCOPING_CONDITION.test(JSON.stringify(s.Condition ?? {})) &&
            `statement ${String(s.Sid)} allows write actions on Resource *`,
          resources.includes("*") &&
            actions.some((a) => DATA_READS.test(a)) &&
            !SCOPING_CONDITION.test(JSON.stringify(s.Condition ?? {})) &&
            `statement ${String(s.Sid)} reads secrets or data on Resource *`,
        ];
      });
  },
});
