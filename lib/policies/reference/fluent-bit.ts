// Fluent Bit 3.2 (chart 0.48.10, lib/controller-charts.ts): the permissions of the two outputs we
// configure (s3 and cloudwatch_logs), verbatim from the "Permissions" section of each page.
import { ReferencePolicy } from "./types";

export const FLUENT_BIT_REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/fluent/fluent-bit-docs pipeline/outputs/s3.md and pipeline/outputs/cloudwatch.md on branch 3.2 (36106a0740d3f62f05d0e9e69b2c0e21dfa9de21)",
  document: {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:PutObject"], Resource: "*" },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"],
        Resource: "*",
      },
    ],
  },
};
