// The policies an env's requests are evaluated against, read from its synthesized Terraform:
// identity policies by role name (inline, customer managed and AWS managed attachments) and
// resource policies by resource ARN (S3 bucket, KMS key, EFS file system, Secrets Manager, ECR).
import { EnvironmentConfig } from "../envs/schema";
import { AWS_MANAGED_POLICIES } from "../lib/policies/reference/aws-managed";
import { ReferenceResolver } from "./policy-references";
import { TerraformModel, TerraformResource } from "./terraform-model";

export interface NamedPolicy {
  readonly name: string;
  readonly policy: unknown;
}

export interface AccessPolicies {
  readonly resolver: ReferenceResolver;
  /** Identity policies by role name. */
  readonly identity: ReadonlyMap<string, NamedPolicy[]>;
  /** AWS managed policies attached to a role that are not kept as data: the role cannot be evaluated. */
  readonly unknownManaged: ReadonlyMap<string, string[]>;
  /** Resource policies by the ARN of the resource that holds them. */
  readonly resource: ReadonlyMap<string, NamedPolicy>;
}

/** [attribute holding the policy, attribute naming the resource (undefined: the resource itself)]. */
const RESOURCE_POLICY_TYPES: Readonly<Record<string, [string, string | undefined]>> = {
  aws_s3_bucket_policy: ["policy", "bucket"],
  aws_kms_key: ["policy", undefined],
  aws_efs_file_system_policy: ["policy", "file_system_id"],
  aws_secretsmanager_secret_policy: ["policy", "secret_arn"],
  aws_ecr_repository_policy: ["policy", "repository"],
};

/** The key policy AWS gives a key created without one: the account's IAM policies decide (AWS KMS
 * developer guide, "Default key policy"). Every other type here requires its policy. */
function defaultKeyPolicy(accountId: string): unknown {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

export function accessPolicies(env: EnvironmentConfig, all: TerraformModel): AccessPolicies {
  const model = all.filter((stack) => stack.startsWith(`${env.name}-`));
  const resolver = new ReferenceResolver(model, env);
  const text = (r: TerraformResource, attr: string) => resolver.text(r.stack, String(r.attrs[attr]));
  const parse = (r: TerraformResource, attr: string) => JSON.parse(text(r, attr)) as unknown;

  const identity = new Map<string, NamedPolicy[]>();
  const unknownManaged = new Map<string, string[]>();
  for (const r of model.ofType("aws_iam_role_policy")) {
    push(identity, text(r, "role"), { name: r.address, policy: parse(r, "policy") });
  }
  const customerManaged = new Map(model.ofType("aws_iam_policy").map((p) => [resolver.arnOf(p), p]));
  for (const r of model.ofType("aws_iam_role_policy_attachment")) {
    const role = text(r, "role");
    const arn = text(r, "policy_arn");
    const own = customerManaged.get(arn);
    if (own) push(identity, role, { name: own.address, policy: parse(own, "policy") });
    else if (AWS_MANAGED_POLICIES[arn])
      push(identity, role, { name: arn, policy: AWS_MANAGED_POLICIES[arn] });
    else push(unknownManaged, role, arn);
  }

  const resource = new Map<string, NamedPolicy>();
  for (const [type, [policyAttr, target]] of Object.entries(RESOURCE_POLICY_TYPES)) {
    for (const r of model.ofType(type)) {
      const holder = target ? model.resolve(r.stack, r.attrs[target]) : r;
      if (!holder) throw new Error(`${r.address}: cannot find the resource its policy belongs to`);
      // Only a key has a policy when none is written; any other type without one is an error.
      const written = r.attrs[policyAttr] !== undefined;
      if (!written && type !== "aws_kms_key") throw new Error(`${r.address}: no ${policyAttr}`);
      const policy = written ? parse(r, policyAttr) : defaultKeyPolicy(env.aws.accountId);
      resource.set(resolver.arnOf(holder), { name: r.address, policy });
    }
  }
  return { resolver, identity, unknownManaged, resource };
}

/** The resource policy that governs a request on `arn`: an S3 object's is its bucket's. */
export function resourcePolicyFor(policies: AccessPolicies, arn: string): NamedPolicy | undefined {
  return policies.resource.get(arn.startsWith("arn:aws:s3:::") ? arn.split("/")[0] : arn);
}
