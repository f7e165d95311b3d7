// Where state lives: R6's backend half (the bucket half is T32-T36) and the Terraform version.
import { Finding, TerraformCheck } from "../check";
import { Attrs, s3Backend } from "../terraform-model";

function atLeast111(constraint: unknown): boolean {
  // The first ">=" term, wherever it stands: every term of a constraint holds, so "< 2.0.0, >= 1.11.0"
  // sets the floor as well.
  const match = />=\s*(\d+)\.(\d+)/.exec(String(constraint));
  return !!match && (Number(match[1]) > 1 || (Number(match[1]) === 1 && Number(match[2]) >= 11));
}

export const R6: TerraformCheck = {
  id: "R6",
  title: "State in S3 with SSE-KMS, native locking, one key per stack; Terraform >= 1.11",
  requirements: ["BAK-1"],
  evaluate: (model) => {
    const keys = new Map<string, string>();
    return model.stacks.map((stack): Finding => {
      const subject = `${stack.name}/terraform`;
      const terraform = (stack.json.terraform ?? {}) as Attrs;
      const backend = (terraform.backend ?? {}) as Attrs;
      const s3 = s3Backend(stack);
      const failures: (string | false)[] = [
        !atLeast111(terraform.required_version) && "required_version is not >= 1.11",
      ];
      if (backend.local) {
        // Only the bootstrap stack keeps local state: it creates the bucket the others use.
        failures.push(!stack.name.endsWith("-bootstrap") && "local backend outside the bootstrap stack");
      } else if (!s3) {
        failures.push("no S3 backend");
      } else {
        const slot = `${String(s3.bucket)}/${String(s3.key)}`;
        failures.push(
          s3.encrypt !== true && "encrypt is not true",
          !s3.kms_key_id && "no kms_key_id",
          s3.use_lockfile !== true && "use_lockfile is not true",
          s3.dynamodb_table !== undefined && "dynamodb_table locking is deprecated",
          keys.has(slot) && `state key shared with ${keys.get(slot)}`,
        );
        keys.set(slot, stack.name);
      }
      const failed = failures.filter((f): f is string => typeof f === "string");
      return failed.length
        ? { subject, ok: false, message: failed.join("; ") }
        : {
            subject,
            ok: true,
            message: s3
              ? `s3://${String(s3.bucket)}/${String(s3.key)}, locked, SSE-KMS`
              : "local bootstrap state",
          };
    });
  },
};
