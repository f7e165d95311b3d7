// External Secrets v0.19.0 (chart 0.19.0, lib/controller-charts.ts): the read policy of the AWS
// Secrets Manager provider, verbatim; its example region, account and name prefix are placeholders.
import { ReferencePolicy } from "./types";

export const EXTERNAL_SECRETS_REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/external-secrets/external-secrets docs/provider/aws-secrets-manager.md at tag v0.19.0 (adeb26a921611c182239d54be91feb0b83664c03)",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Action: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"],
        Effect: "Allow",
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: [
          "secretsmanager:GetResourcePolicy",
          "secretsmanager:GetSecretValue",
          "secretsmanager:DescribeSecret",
          "secretsmanager:ListSecretVersionIds",
        ],
        Resource: ["arn:aws:secretsmanager:us-west-2:111122223333:secret:dev-*"],
      },
    ],
  },
  placeholders: { "us-west-2": "{region}", "111122223333": "{account}", "secret:dev-": "{secretPrefix}" },
};
