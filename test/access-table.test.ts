// The access table (lib/access-table.ts) evaluated with an IAM policy engine against every example
// env's synthesized policies, both ways: every required access is allowed, every forbidden one
// denied. The expected value of each row comes from the table; bad cases put back each old defect
// and prove the table catches it.
import { ACCESS_TABLE, AccessRow } from "../lib/access-table";
import { ALB_LOG_PREFIXES, albLogDeliveryStatement } from "../lib/alb-log-prefixes";
import { policyDocument } from "../lib/iam-policy";
import { OPERATOR_SCRIPTS, operatorScriptText } from "../lib/operator-scripts";
import { bastionUserData } from "../modules/bastion";
import { AccessOutcome, accessRequest, evaluateAccessTable } from "../policy/access-evaluation";
import { accessPolicies } from "../policy/access-policies";
import { loadEngine, simulate, simulateValidated } from "../policy/access-simulation";
import { AccessSubjects } from "../policy/access-subjects";
import { REQUIREMENTS } from "../policy/requirements";
import { Attrs, TerraformModel } from "../policy/terraform-model";
import { exampleEnvs, terraformModel } from "./support/synth-output";

const engine = loadEngine()!;
const envs = exampleEnvs();

function failures(outcomes: AccessOutcome[]): string[] {
  return outcomes
    .filter((o) => o.simulated?.decision !== o.row.expected)
    .map((o) => `${o.row.id}: expected ${o.row.expected}, got ${o.simulated?.result ?? o.error}`);
}

test("the table is well formed: unique ids, known requirements, a reason each", () => {
  const ids = ACCESS_TABLE.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  expect(ACCESS_TABLE.filter((r) => !known.has(r.requirement)).map((r) => r.id)).toEqual([]);
  expect(ACCESS_TABLE.filter((r) => !r.why.trim()).map((r) => r.id)).toEqual([]);
  // Both ways: the table holds accesses that must work and accesses that must not.
  expect(ACCESS_TABLE.some((r) => r.expected === "allow")).toBe(true);
  expect(ACCESS_TABLE.some((r) => r.expected === "deny")).toBe(true);
});

describe.each(envs.map((e) => [e.name, e] as const))("%s", (_name, env) => {
  test("every row evaluates to its expected result", () => {
    const outcomes = evaluateAccessTable(engine, env, terraformModel());
    expect(outcomes.filter((o) => o.error).map((o) => `${o.row.id}: ${o.error}`)).toEqual([]);
    expect(failures(outcomes)).toEqual([]);
  });

  test("the engine's validated path agrees (known actions, resource types and context keys)", async () => {
    const policies = accessPolicies(env, terraformModel());
    const subjects = new AccessSubjects(env, policies.resolver);
    const wrong: string[] = [];
    // AWS-owned SSM documents have no account in their ARN (arn:aws:ssm:<region>::document/AWS-...);
    // the engine's resource patterns require one, so only its fast path judges those rows.
    const awsOwned = ACCESS_TABLE.filter((r) => /^arn:aws:ssm:\{region\}::document\/AWS-/.test(r.resource));
    expect(awsOwned.map((r) => r.id)).toEqual(["ADM-2", "ADM-3"]);
    for (const row of ACCESS_TABLE.filter((r) => !awsOwned.includes(r))) {
      const simulated = await simulateValidated(engine, accessRequest(row, subjects, policies));
      if (simulated.decision !== row.expected) wrong.push(`${row.id}: ${simulated.result}`);
    }
    expect(wrong).toEqual([]);
  });
});

// Bad cases: the synthesized model with one policy put back as it was before its fix.
type Statement = { Sid?: string; Action: string | string[]; Resource: string | string[] };
type Edit = (statements: Statement[]) => Statement[];

function withPolicy(
  model: TerraformModel,
  type: string,
  match: (name: string) => boolean,
  edit: Edit,
): TerraformModel {
  return new TerraformModel(
    model.stacks.map((stack) => {
      const json = structuredClone(stack.json);
      const resources = ((json.resource ?? {}) as Record<string, Record<string, Attrs>>)[type] ?? {};
      for (const [name, attrs] of Object.entries(resources)) {
        if (!match(name)) continue;
        const doc = JSON.parse(String(attrs.policy));
        attrs.policy = JSON.stringify({ ...doc, Statement: edit(doc.Statement) });
      }
      return { name: stack.name, json };
    }),
  );
}

const rows = (...ids: string[]): AccessRow[] => ACCESS_TABLE.filter((r) => ids.includes(r.id));
const dev = envs.find((e) => e.name === "dev")!;

test.each([
  [
    "EFS policy with only the TLS deny: every mount refused",
    withPolicy(
      terraformModel(),
      "aws_efs_file_system_policy",
      () => true,
      (s) => s.filter((x) => x.Sid === "DenyInsecureTransport"),
    ),
    ["EFS-1", "EFS-2"],
  ],
  [
    "ALB log bucket policy without the prefixes: delivery refused",
    withPolicy(
      terraformModel(),
      "aws_s3_bucket_policy",
      (n) => n.startsWith("alb-logs"),
      (s) =>
        s.map((x) =>
          x.Sid === "ElbDeliversAccessLogs"
            ? { ...x, Resource: String([x.Resource].flat()[0]).replace(/\/[a-z]+\/AWSLogs\//, "/AWSLogs/") }
            : x,
        ),
    ),
    ["ALB-1", "ALB-2"],
  ],
  [
    "node key policy without Auto Scaling: nodes never launch",
    withPolicy(
      terraformModel(),
      "aws_kms_key",
      (n) => n.startsWith("nodes-key"),
      (s) => s.filter((x) => !String(x.Sid).startsWith("AutoScaling")),
    ),
    ["NKEY-1", "NKEY-2", "NKEY-3"],
  ],
  [
    "bastion role without the operator policy: the scripts fail",
    withPolicy(
      terraformModel(),
      "aws_iam_role_policy",
      (n) => n.startsWith("bastion_operator-scripts"),
      () => [],
    ),
    ["OPS-1", "OPS-4", "OPS-5", "OPS-D1"],
  ],
  [
    "load balancer controller without SetRulePriorities",
    withPolicy(
      terraformModel(),
      "aws_iam_role_policy",
      (n) => n.startsWith("identity-aws-load-balancer-controller"),
      (s) =>
        s.map((x) => ({
          ...x,
          Action: [x.Action].flat().filter((a) => a !== "elasticloadbalancing:SetRulePriorities"),
        })),
    ),
    ["LBC-1"],
  ],
  [
    "External Secrets reading the whole env prefix: the operator's secrets leak",
    withPolicy(
      terraformModel(),
      "aws_iam_role_policy",
      (n) => n.startsWith("identity-external-secrets"),
      (s) =>
        s.map((x) =>
          x.Sid === "ReadEnvSecrets"
            ? { ...x, Resource: [x.Resource].flat()[0].replace(/apim\/dev\/.*$/, "apim/dev/*") }
            : x,
        ),
    ),
    ["X-2a"],
  ],
])("bad case: %s", (_title, model, ids) => {
  const outcomes = evaluateAccessTable(engine, dev, model, rows(...ids));
  expect(outcomes).toHaveLength(ids.length);
  expect(outcomes.filter((o) => o.error)).toEqual([]);
  expect(failures(outcomes)).toHaveLength(ids.length);
});

test("where ELB delivers as a service principal (regions since 2022), the same prefixes are allowed", () => {
  const bucket = "arn:aws:s3:::apim-x-alb-logs";
  const policy = {
    name: "alb-logs",
    policy: policyDocument(albLogDeliveryStatement(bucket, "eu-south-2", "111111111111")),
  };
  const put = (key: string) =>
    simulate(engine, {
      principal: "logdelivery.elasticloadbalancing.amazonaws.com",
      action: "s3:PutObject",
      resource: `${bucket}/${key}`,
      resourceAccount: "111111111111",
      context: {},
      identityPolicies: [],
      resourcePolicy: policy,
    }).decision;
  // One prefix per ALB: the internet-facing one and the internal one.
  expect(Object.values(ALB_LOG_PREFIXES)).toEqual(["public", "internal"]);
  for (const prefix of ["public", "internal"]) {
    expect(put(`${prefix}/AWSLogs/111111111111/x.log.gz`)).toBe("allow");
  }
  expect(put("AWSLogs/111111111111/x.log.gz")).toBe("deny");
});

describe("operator scripts", () => {
  // "aws <service> <operation>" in a script is the IAM action <service>:<Operation>.
  const iamAction = (service: string, operation: string) =>
    `${service}:${operation.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`.replace(
      "DescribeDbInstances",
      "DescribeDBInstances",
    );

  test.each(OPERATOR_SCRIPTS.map((s) => [s.source, s] as const))(
    "%s: every AWS call it makes is listed, and every secret it reads",
    (_source, script) => {
      const text = operatorScriptText(script);
      const calls = [...text.matchAll(/\baws ([a-z0-9-]+) ([a-z0-9-]+)/g)].map((m) => iamAction(m[1], m[2]));
      expect(new Set(calls)).toEqual(new Set(script.calls.map((c) => c.action)));
      for (const call of script.calls) {
        if ("secret" in call) expect(text).toMatch(new RegExp(`\\b${call.secret}\\b`));
      }
    },
  );

  test("the bastion's user data installs each script, unchanged", () => {
    const userData = bastionUserData({
      kubectlVersion: "1.33.5",
      region: "eu-west-1",
      clusterName: "apim-dev",
    });
    for (const script of OPERATOR_SCRIPTS) {
      expect(userData).toContain(
        `cat > ${script.installedAs} <<'APIM_OPERATOR_SCRIPT_END'\n${operatorScriptText(script).trimEnd()}\nAPIM_OPERATOR_SCRIPT_END\n`,
      );
    }
    // EC2 refuses user data over 16 KB.
    expect(Buffer.byteLength(userData)).toBeLessThan(16 * 1024);
  });
});
