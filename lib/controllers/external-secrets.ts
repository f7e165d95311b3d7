// External Secrets: syncs the env's Secrets Manager secrets into Kubernetes Secrets (through the
// ClusterSecretStore of infrastructure/configs). Installed by Flux in a namespace of its own; its
// pod identity reads only the secrets a workload of the cluster receives.
import { PolicyStatement } from "../iam-policy";
import { Narrowing, ReferencePolicy } from "../policies/reference/types";
import { clusterSecretKeys } from "../secret-inventory";
import {
  FluxController,
  ControllerPolicyContext,
  resources,
  RESTRICTED_CONTAINER,
  viaKeyAlias,
} from "./controller";

const SERVICE_ACCOUNT = "external-secrets";

function statements(ctx: ControllerPolicyContext): PolicyStatement[] {
  return [
    {
      Sid: "ReadEnvSecrets",
      Effect: "Allow",
      Action: [
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret",
        "secretsmanager:ListSecretVersionIds",
      ],
      // Only the secrets a workload of the cluster receives; "-??????" is Secrets Manager's suffix.
      Resource: clusterSecretKeys().map(
        (k) => `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${ctx.secretPrefix}${k}-??????`,
      ),
    },
    viaKeyAlias(ctx, "DecryptEnvSecrets", ["kms:Decrypt"], ctx.secretsKeyAlias, "secretsmanager"),
  ];
}

// The reference: External Secrets v0.19.0 (chart 0.19.0, below): the read policy of the AWS
// Secrets Manager provider, verbatim; its example region, account and name prefix are placeholders.
const REFERENCE: ReferencePolicy = {
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

// Where ours grants less than the reference, on purpose.
const NARROWINGS: readonly Narrowing[] = [
  {
    actions: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"],
    reason: "ExternalSecrets extract one named secret each (dataFrom.extract), never find by name or tag",
  },
  {
    actions: [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
    ],
    reason:
      "only the secrets a workload of the cluster receives (lib/secret-inventory.ts clusterSecretKeys), not the env's whole prefix",
    intended: { resource: "{secret:cassandra-app}" },
  },
  {
    actions: ["secretsmanager:GetResourcePolicy"],
    reason: "reading a secret never needs its resource policy (none of ours has one)",
  },
];

export const EXTERNAL_SECRETS: FluxController = {
  name: "external-secrets",
  namespace: "external-secrets",
  podSecurity: { level: "restricted" },
  install: {
    by: "flux",
    chart: {
      repository: "external-secrets",
      url: "https://charts.external-secrets.io",
      chart: "external-secrets",
      version: "0.19.0",
    },
    values: () => ({
      installCRDs: true,
      serviceAccount: { create: true, name: SERVICE_ACCOUNT },
      resources: resources("50m", "128Mi", "256Mi"),
      securityContext: RESTRICTED_CONTAINER,
      webhook: { resources: resources("20m", "64Mi", "128Mi"), securityContext: RESTRICTED_CONTAINER },
      certController: {
        resources: resources("20m", "64Mi", "128Mi"),
        securityContext: RESTRICTED_CONTAINER,
      },
    }),
  },
  aws: { serviceAccount: SERVICE_ACCOUNT, statements, reference: REFERENCE, narrowings: NARROWINGS },
};
