// The access table (lib/access-table.ts) evaluated for one env against its synthesized policies.
// A request is decided as AWS does: an explicit deny anywhere wins; in the same account an allow
// in the identity or the resource policy suffices (for KMS the key policy must allow, itself or
// through the account statement that delegates to IAM); across accounts both must allow.
import type * as IamSimulate from "@cloud-copilot/iam-simulate";
import { EnvironmentConfig } from "../envs/schema";
import { AccessRow, ACCESS_TABLE } from "../lib/access-table";
import { AccessPolicies, accessPolicies, NamedPolicy, resourcePolicyFor } from "./access-policies";
import { AccessRequest, Simulated, simulate } from "./access-simulation";
import { AccessSubjects, ELB_DELIVERY_ROLE } from "./access-subjects";
import { TerraformModel } from "./terraform-model";

/** What ELB's own account grants its delivery role: outside this project, assumed as AWS documents. */
const ELB_DELIVERY_IDENTITY: NamedPolicy = {
  name: "elb-delivery (ELB's account)",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] },
};

export interface AccessOutcome {
  readonly row: AccessRow;
  readonly request?: AccessRequest;
  readonly simulated?: Simulated;
  /** Why the row could not be evaluated (an unknown managed policy, an unresolved name). */
  readonly error?: string;
}

/** The account an ARN names: its account field when that is an account ID (12 digits), else `fallback`. */
function accountOf(arn: string, fallback: string): string {
  const account = arn.split(":")[4];
  return /^\d{12}$/.test(account) ? account : fallback;
}

/** The request of a row in an env, with every policy that governs it. */
export function accessRequest(
  row: AccessRow,
  subjects: AccessSubjects,
  policies: AccessPolicies,
): AccessRequest {
  const env = subjects.env;
  const principal = subjects.fill(row.principal);
  const resource = subjects.fill(row.resource);
  const role = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(principal);
  const roleName = role?.[2];
  const unknown = roleName ? policies.unknownManaged.get(roleName) : undefined;
  if (unknown?.length)
    throw new Error(`${roleName} has managed policies not kept as data: ${unknown.join(", ")}`);
  const identityPolicies =
    roleName === ELB_DELIVERY_ROLE
      ? [ELB_DELIVERY_IDENTITY]
      : roleName
        ? (policies.identity.get(roleName) ?? [])
        : [];
  return {
    principal,
    action: row.action,
    resource,
    resourceAccount: accountOf(resource, env.aws.accountId),
    // AWS sets these on every signed request by an IAM principal; the engine leaves them to us.
    context: {
      ...(role ? { "aws:PrincipalArn": principal, "aws:PrincipalAccount": role[1] } : {}),
      ...subjects.fillContext(row.context),
    },
    identityPolicies,
    resourcePolicy: resourcePolicyFor(policies, resource),
  };
}

export function evaluateAccessTable(
  engine: typeof IamSimulate,
  env: EnvironmentConfig,
  model: TerraformModel,
  rows: readonly AccessRow[] = ACCESS_TABLE,
): AccessOutcome[] {
  const policies = accessPolicies(env, model);
  const subjects = new AccessSubjects(env, policies.resolver);
  return rows.map((row) => {
    try {
      const request = accessRequest(row, subjects, policies);
      return { row, request, simulated: simulate(engine, request) };
    } catch (error) {
      return { row, error: (error as Error).stack ?? String(error) };
    }
  });
}
