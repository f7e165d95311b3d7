// external-dns v0.16.1 (chart 1.16.1, lib/controller-charts.ts), verbatim.
import { ReferencePolicy } from "./types";

export const EXTERNAL_DNS_REFERENCE: ReferencePolicy = {
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
