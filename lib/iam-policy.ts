// IAM policy documents as typed data. Rendered with sorted keys so the Terraform JSON is stable
// and the policy checks can read the statements back without evaluating Terraform.
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

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
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
