// The bastion (GEN-2, BAS-2): in the bastion tier, reached through SSM with logged, encrypted
// sessions, and the session permission granted to named roles only.
import { Finding, TerraformCheck } from "../check";
import { tierOf } from "../network-model";
import { Attrs, referencesResource, TerraformModel, TerraformResource } from "../terraform-model";

function bastionInstances(model: TerraformModel): TerraformResource[] {
  return model.ofType("aws_instance").filter((i) => {
    const subnet = model
      .ofType("aws_subnet")
      .find((s) => s.stack === i.stack && referencesResource(i.attrs.subnet_id, s));
    return tierOf(subnet) === "bastion";
  });
}

export const P4: TerraformCheck = {
  id: "P4",
  title: "Bastion reached through SSM with logged sessions and named admin roles",
  requirements: ["GEN-2", "BAS-2"],
  evaluate: (model) => {
    const stacks = new Set(model.ofType("aws_vpc").map((v) => v.stack));
    return [...stacks].map((stack): Finding => {
      const instances = bastionInstances(model).filter((i) => i.stack === stack);
      const failures: string[] = [];
      if (instances.length !== 1) failures.push(`${instances.length} instances in the bastion tier (want 1)`);
      const ssmCore = model
        .ofType("aws_iam_role_policy_attachment")
        .some(
          (a) =>
            a.stack === stack &&
            /^arn:aws[a-z-]*:iam::aws:policy\/AmazonSSMManagedInstanceCore$/.test(String(a.attrs.policy_arn)),
        );
      if (!ssmCore) failures.push("no instance role with AmazonSSMManagedInstanceCore");
      const preferences = model
        .ofType("aws_ssm_document")
        .find((d) => d.stack === stack && d.attrs.document_type === "Session");
      const inputs = preferences
        ? ((JSON.parse(String(preferences.attrs.content)) as Attrs).inputs as Attrs)
        : {};
      if (
        !preferences ||
        inputs.cloudWatchEncryptionEnabled !== true ||
        !inputs.cloudWatchLogGroupName ||
        !inputs.kmsKeyId
      ) {
        failures.push("sessions are not logged to an encrypted log group with a KMS key");
      }
      const sessionPolicies = model
        .ofType("aws_iam_policy")
        .filter((p) => p.stack === stack && String(p.attrs.policy).includes('"ssm:StartSession"'));
      const granted = model
        .ofType("aws_iam_role_policy_attachment")
        .filter(
          (a) => a.stack === stack && sessionPolicies.some((p) => referencesResource(a.attrs.policy_arn, p)),
        );
      if (!granted.length) failures.push("no role is granted ssm:StartSession on the bastion");
      if (sessionPolicies.some((p) => /"Resource":"\*"/.test(String(p.attrs.policy))))
        failures.push("session policy is not scoped to the bastion");
      return failures.length
        ? { subject: `${stack}/bastion`, ok: false, message: failures.join("; ") }
        : {
            subject: `${stack}/bastion`,
            ok: true,
            message: `SSM only, sessions logged, granted to ${granted.length} admin role(s)`,
          };
    });
  },
};
