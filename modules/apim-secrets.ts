// The env's secrets in Secrets Manager, KMS-encrypted, under stable names. A generated value is
// written once through a write-only attribute from an ephemeral random password, so it is in
// neither the Terraform JSON nor the state; bump `generation` to rotate it.
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecretSpec } from "../lib/secret-inventory";

export interface ApimSecretsProps {
  readonly names: (key: string) => string;
  readonly specs: readonly SecretSpec[];
  readonly kmsKeyArn: string;
  /** Increment to write new generated values (rotation by apply). */
  readonly generation: number;
}

export class ApimSecrets extends Construct {
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: ApimSecretsProps) {
    super(scope, id);
    const secrets = new Map<string, SecretsmanagerSecret>();
    const stack = TerraformStack.of(this);
    for (const spec of props.specs) {
      const secret = new SecretsmanagerSecret(this, spec.key, {
        name: props.names(spec.key),
        description: `${spec.description} (${spec.source === "operator" ? "set by the operator" : "generated"})`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: 30,
        tags: { Source: spec.source },
        lifecycle: { preventDestroy: true },
      });
      secrets.set(spec.key, secret);
      if (spec.source !== "generated") continue;
      // Ephemeral: opened at plan and apply, never persisted (Terraform >= 1.10).
      const random = `${id}-${spec.key}-password`;
      stack.addOverride(`ephemeral.aws_secretsmanager_random_password.${random}`, {
        password_length: 40,
        exclude_punctuation: true,
      });
      const password = `\${ephemeral.aws_secretsmanager_random_password.${random}.random_password}`;
      new SecretsmanagerSecretVersion(this, `${spec.key}-value`, {
        secretId: secret.id,
        secretStringWo: spec.username ? `{"username":"${spec.username}","password":"${password}"}` : password,
        secretStringWoVersion: props.generation,
      });
    }
    this.secrets = secrets;
  }
}
