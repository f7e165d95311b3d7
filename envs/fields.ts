// Field-level rules of the environment config: each names the rule it enforces, because that
// text is what an operator reads when a value is refused.
import { z } from "zod";
import { parseCidr } from "../lib/cidr";

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const FQDN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
// Docker reference grammar for a tag.
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// ECR repository name grammar (lower case path components).
const ECR_REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export const envName = z
  .string()
  .regex(/^[a-z][a-z0-9]{1,11}$/, "must be 2-12 lower-case letters or digits, starting with a letter");
export const dnsLabel = z.string().regex(DNS_LABEL, "must be a DNS label (lower case, digits, '-')");
export const fqdn = z.string().regex(FQDN, "must be a lower-case fully qualified DNS name");
export const awsRegion = z.string().regex(AWS_REGION, "must be an AWS region name such as eu-west-1");
export const awsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
export const iamRoleName = z.string().regex(IAM_ROLE_NAME, "must be an IAM role name (not an ARN)");
export const ecrRepositoryName = z.string().regex(ECR_REPOSITORY, "must be an ECR repository name");
export const positiveInt = z.number().int("must be a whole number").positive("must be positive");

export const cidr = z.string().refine((v) => parseCidr(v) !== undefined, {
  message: "must be a canonical IPv4 CIDR (a.b.c.d/n, no host bits set)",
});

/** A CIDR that callers may be allowed in from: never the whole internet, never wider than /8. */
export const allowlistCidr = cidr.superRefine((v, ctx) => {
  const prefix = parseCidr(v)?.prefix;
  if (prefix === 0)
    ctx.addIssue({ code: "custom", message: "must not be 0.0.0.0/0: admin access is never world-open" });
  else if (prefix !== undefined && prefix < 8)
    ctx.addIssue({ code: "custom", message: "must be /8 or narrower" });
});

export const imageTag = z
  .string()
  .regex(IMAGE_TAG, "must be a Docker image tag")
  .refine((v) => v !== "latest", { message: "must be a pinned release, never 'latest' (PRO-1, SEC-2)" });

export const gitRepositoryUrl = z
  .string()
  .regex(/^(ssh:\/\/git@|https:\/\/)[\w.@:/~-]+$/, "must be an ssh://git@… or https://… Git URL");
export const gitBranch = z
  .string()
  .regex(/^(?!\/|.*\/\/|.*\.\.)[\w./-]{1,100}$/, "must be a Git branch name");

/** Kubernetes quantity for CPU ("500m", "2") and memory ("512Mi", "2Gi"). */
export const cpuQuantity = z.string().regex(/^\d+(\.\d+)?m?$/, "must be a CPU quantity such as 500m or 2");
export const memoryQuantity = z.string().regex(/^\d+(Mi|Gi)$/, "must be a memory quantity in Mi or Gi");
