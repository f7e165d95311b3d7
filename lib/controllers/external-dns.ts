// external-dns: writes the records of the Ingress hosts into the env's public zone (and only
// there: zone filter, upsert-only). Installed by Flux in a namespace of its own.
import { PolicyStatement } from "../iam-policy";
import { Narrowing, ReferencePolicy } from "../policies/reference/types";
import { FluxController, ControllerPolicyContext, resources, RESTRICTED_CONTAINER } from "./controller";

const SERVICE_ACCOUNT = "external-dns";

function statements(ctx: ControllerPolicyContext): PolicyStatement[] {
  return [
    {
      Sid: "ChangeEnvZone",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: ctx.publicZoneArn,
    },
    {
      Sid: "ReadZones",
      Effect: "Allow",
      Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
      Resource: "*",
    },
  ];
}

// The reference: external-dns v0.16.1 (chart 1.16.1, below), verbatim.
const REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/kubernetes-sigs/external-dns docs/tutorials/aws.md (IAM Policy) at tag v0.16.1 (017f7687ca393138b565e51757a6fa8010902066)",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets"],
        Resource: ["arn:aws:route53:::hostedzone/*"],
      },
      {
        Effect: "Allow",
        Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
        Resource: ["*"],
      },
    ],
  },
};

// Where ours grants less than the reference, on purpose.
const NARROWINGS: readonly Narrowing[] = [
  {
    actions: ["route53:ChangeResourceRecordSets"],
    reason: "only the env's public zone (also --zone-id-filter), not every hosted zone",
    intended: { resource: "{zone:public}" },
  },
];

export const EXTERNAL_DNS: FluxController = {
  name: "external-dns",
  namespace: "external-dns",
  podSecurity: { level: "restricted" },
  install: {
    by: "flux",
    chart: {
      repository: "external-dns",
      url: "https://kubernetes-sigs.github.io/external-dns/",
      chart: "external-dns",
      // 1.16.1, not 1.16.0: 1.16.0's values.schema.json types serviceAccount.name as null, so Helm
      // refuses any name we give. Same app version (v0.16.1).
      version: "1.16.1",
    },
    values: () => ({
      provider: { name: "aws" },
      sources: ["ingress"],
      // Only the env's zone, and never delete records it did not create.
      domainFilters: ["${DOMAIN}"],
      extraArgs: ["--zone-id-filter=${PUBLIC_ZONE_ID}", "--aws-zone-type=public"],
      policy: "upsert-only",
      registry: "txt",
      txtOwnerId: "${CLUSTER_NAME}",
      env: [{ name: "AWS_DEFAULT_REGION", value: "${AWS_REGION}" }],
      serviceAccount: { create: true, name: SERVICE_ACCOUNT },
      resources: resources("20m", "64Mi", "128Mi"),
      securityContext: RESTRICTED_CONTAINER,
    }),
  },
  aws: { serviceAccount: SERVICE_ACCOUNT, statements, reference: REFERENCE, narrowings: NARROWINGS },
};
