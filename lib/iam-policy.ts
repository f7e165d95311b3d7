// IAM policy documents as typed data. Rendered with sorted keys so the Terraform JSON is stable
// and the policy checks can read the statements back without evaluating Terraform.
import { sortKeys } from "./json";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[] };
  readonly Action: string | readonly string[];
  /** Absent only in trust policies, where IAM forbids it. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>
  >;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

export function renderPolicy(doc: PolicyDocument): string {
  return JSON.stringify(sortKeys(doc));
}

/** Deny every request that does not use TLS (T35). */
export function denyInsecureTransport(resources: string[]): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The trust policy of a role assumed by an AWS service. */
export function trustPolicy(
  sid: string,
  service: string,
  options: { tagSession?: boolean; condition?: PolicyStatement["Condition"] } = {},
): string {
  return renderPolicy(
    policyDocument({
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: service },
      Action: options.tagSession ? ["sts:AssumeRole", "sts:TagSession"] : "sts:AssumeRole",
      ...(options.condition ? { Condition: options.condition } : {}),
    }),
  );
}
