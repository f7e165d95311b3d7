// KMS keys: T39 of the check catalog.
import { perResource, TerraformCheck } from "../check";
import { asArray, Attrs } from "../terraform-model";

export const T39: TerraformCheck = perResource({
  id: "T39",
  title: "KMS key rotates and has an explicit, non-public policy",
  requirements: ["SEC-3"],
  types: ["aws_kms_key"],
  passText: "rotation on, explicit policy, 30-day deletion window",
  failures: (key) => {
    const policy = typeof key.attrs.policy === "string" ? (JSON.parse(key.attrs.policy) as Attrs) : undefined;
    const publicAllow = asArray<Attrs>(policy?.Statement).some(
      (s) =>
        s.Effect === "Allow" &&
        !s.Condition &&
        // "*" and {"AWS": "*"} alike; no Principal means a NotPrincipal: everyone but those named.
        (s.Principal === undefined || JSON.stringify(s.Principal).includes('"*"')),
    );
    const window = key.attrs.deletion_window_in_days;
    return [
      key.attrs.enable_key_rotation !== true && "rotation is off",
      !policy && "no explicit key policy",
      publicAllow && "policy allows Principal * without a condition",
      key.attrs.is_enabled === false && "key is disabled",
      window !== undefined && window !== 30 && `deletion window is ${String(window)} days, not 30`,
    ];
  },
});
