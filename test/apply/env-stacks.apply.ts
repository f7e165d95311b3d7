// npm run test:apply: the bootstrap, registry, network and data stacks of one env applied to an AWS
// emulator in deploy order, with the real cross-stack wiring; then every applied stack planned
// again (no changes allowed), a destroy of each stack that holds data refused by prevent_destroy,
// and a defect AWS refuses at apply time (a duplicate security-group permission) put back to see
// the emulator refuse it too. What the emulator cannot do is in substitutions.ts, with its reason.
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../../envs/schema";
import { AwsEmulator } from "../support/aws-emulator";
import { exampleEnvs, terraformModel, testDir } from "../support/synth-output";
import { TerraformResult } from "../support/terraform-cli";
import { describeWithTools } from "../support/tools";
import { prepareAccount } from "./account";
import { ApplyRun } from "./apply-run";
import { SUBSTITUTIONS } from "./substitutions";

type Json = Record<string, unknown>;

/** The env applied: the HA one, three zones. */
const ENV = "prod";
/** Deploy order (README); the cluster and platform stacks need a real EKS. */
const KINDS = ["bootstrap", "registry", "network", "data"] as const;
/** The stacks that hold data or keys: a destroy must be refused. */
const HOLDS_DATA = ["bootstrap", "registry", "data"] as const;

function stackJson(name: string): Json {
  const stack = terraformModel().stacks.find((s) => s.name === name);
  if (!stack) throw new Error(`no synthesized stack ${name}`);
  return stack.json as Json;
}

/** Addresses of a stack's resources with prevent_destroy, read from the synthesized JSON. */
function protectedResources(json: Json): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(
    (json.resource ?? {}) as Record<string, Record<string, Json>>,
  )) {
    for (const [name, body] of Object.entries(byName)) {
      if ((body.lifecycle as Json | undefined)?.prevent_destroy === true) out.push(`${type}.${name}`);
    }
  }
  return out.sort();
}

/** The stacks whose state a stack reads (its cdktf cross-stack references). */
function dependsOn(stack: string): string[] {
  const remote = ((stackJson(stack).data as Json | undefined)?.terraform_remote_state ?? {}) as Json;
  return Object.keys(remote).map((name) => name.replace(/^cross-stack-reference-input-/, ""));
}

function stateResources(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as {
    resources?: { mode: string; type: string; name: string }[];
  };
  return (state.resources ?? []).filter((r) => r.mode === "managed").map((r) => `${r.type}.${r.name}`);
}

/** The network stack with its first egress rule copied under a new name, applied (that rule only). */
function applyWithDuplicateRule(run: ApplyRun, stack: string): Promise<TerraformResult> {
  let duplicate = "";
  run.rewrite(stack, (json) => {
    const rules = (json.resource as Record<string, Record<string, Json>>).aws_vpc_security_group_egress_rule;
    const [name, body] = Object.entries(rules)[0];
    duplicate = `${name}_duplicate`;
    rules[duplicate] = JSON.parse(JSON.stringify(body)) as Json;
  });
  // Only the duplicate is applied: the refusal is about it alone.
  return run.apply(stack, ["-refresh=false", `-target=aws_vpc_security_group_egress_rule.${duplicate}`]);
}

const explain = (r: TerraformResult) => `exit ${r.code}\n${r.stderr.slice(0, 6000)}${r.stdout.slice(-2000)}`;

describeWithTools("one env applied to the AWS emulator", ["terraform", "aws-emulator", "aws-cli"], () => {
  const env = exampleEnvs().find((e) => e.name === ENV) as EnvironmentConfig;
  const stacks = KINDS.map((k) => `${ENV}-${k}`);
  const applied = new Map<string, TerraformResult>();
  const replanned = new Map<string, Promise<Awaited<ReturnType<ApplyRun["plan"]>>>>();
  const seconds = new Map<string, { apply: number; replan?: number }>();
  const destroyPlans = new Map<string, ReturnType<ApplyRun["plan"]>>();
  let duplicateApply: Promise<TerraformResult> | undefined;
  let emulator: AwsEmulator | undefined;
  let run: ApplyRun;
  const work = path.join(testDir(), "apply");

  beforeAll(async () => {
    emulator = await AwsEmulator.start(env.aws.accountId);
    run = new ApplyRun(work, emulator, env.aws.region);
    prepareAccount(env, emulator, work);
    const applyAndReplan = async (stack: string) => {
      const started = Date.now();
      await run.prepare(stack, stackJson(stack));
      const result = await run.apply(stack);
      applied.set(stack, result);
      seconds.set(stack, { apply: (Date.now() - started) / 1000 });
      // Planned again at once: later stacks only read this one's state.
      if (result.code === 0) {
        const replanStarted = Date.now();
        replanned.set(
          stack,
          run.plan(stack).then((plan) => {
            seconds.get(stack)!.replan = (Date.now() - replanStarted) / 1000;
            return plan;
          }),
        );
      }
      return result.code === 0;
    };
    // Deploy order as far as it is a dependency here: with local backends the other stacks no
    // longer need the bootstrap stack's state bucket, so the stacks with nothing to read go
    // together; each dependent stack waits for the applies it reads (dependsOn).
    const done = new Map<string, Promise<boolean>>();
    for (const stack of stacks) {
      const upstream = dependsOn(stack).map((u) => done.get(u) ?? Promise.resolve(true));
      done.set(
        stack,
        Promise.all(upstream).then((ok) => (ok.every(Boolean) ? applyAndReplan(stack) : false)),
      );
    }
    await Promise.all(done.values());
    await Promise.all(replanned.values());
    // The refusals next, side by side: they change no state (plans, and an apply AWS refuses).
    for (const stack of HOLDS_DATA.map((k) => `${ENV}-${k}`)) {
      if (applied.get(stack)?.code === 0)
        destroyPlans.set(stack, run.plan(stack, ["-destroy", "-refresh=false"]));
    }
    if (applied.get(`${ENV}-network`)?.code === 0)
      duplicateApply = applyWithDuplicateRule(run, `${ENV}-network`);
    await Promise.all([...destroyPlans.values(), duplicateApply]);
  });

  afterAll(async () => {
    await emulator?.stop();
    const lines = [
      "| Stack | Applied | Apply, re-plan (s) | Substituted (row: resources) | Left out |",
      "|---|---|---|---|---|",
    ];
    for (const stack of stacks) {
      const touched = run?.touched(stack) ?? [];
      const byRow = new Map<string, number>();
      for (const t of touched.filter((t) => !t.change.startsWith("left out")))
        byRow.set(t.substitution, (byRow.get(t.substitution) ?? 0) + 1);
      const substituted = [...byRow].map(([row, n]) => `${row}: ${n}`).join(", ") || "-";
      const leftOut =
        touched
          .filter((t) => t.change.startsWith("left out"))
          .map((t) => `${t.address} (${t.substitution})`)
          .join(", ") || "-";
      lines.push(
        `| ${stack} | ${stateResources(run?.stateOf(stack) ?? "").length} | ${substituted} | ${leftOut} |`,
      );
    }
    fs.writeFileSync(path.join(testDir(), "apply-report.md"), `${lines.join("\n")}\n`);
    console.log(`apply run against the emulator:\n${lines.join("\n")}`);
  });

  test("the data stack reads the network stack's applied state", () => {
    expect(dependsOn(`${ENV}-data`)).toEqual([`${ENV}-network`]);
  });

  test.each(stacks)("%s applies", (stack) => {
    const result = applied.get(stack);
    expect(result && { code: result.code }).toEqual({ code: 0 });
    if (result && result.code !== 0) throw new Error(explain(result));
  });

  test.each(stacks)("%s: a second plan after the apply shows no changes", async (stack) => {
    const plan = await replanned.get(stack);
    expect(plan).toBeDefined();
    const changes = plan!.changes.filter((c) => !c.startsWith("drift "));
    if (changes.length)
      throw new Error(`${stack} plans changes after its apply:\n${await run.planText(stack)}`);
    expect({ code: plan!.code, stderr: plan!.stderr }).toEqual({ code: 0, stderr: "" });
  });

  test.each(HOLDS_DATA.map((k) => `${ENV}-${k}`))(
    "%s refuses to be destroyed, naming each resource that holds data or keys",
    async (stack) => {
      const expected = protectedResources(stackJson(stack));
      expect(expected.length).toBeGreaterThan(0);
      const plan = await destroyPlans.get(stack);
      expect(plan?.code).toBe(1);
      const refused = [
        ...new Set(
          [
            ...plan!.stdout.matchAll(
              /Resource ([a-z0-9_]+\.[A-Za-z0-9_-]+) has lifecycle\.prevent_destroy set/g,
            ),
          ].map((m) => m[1]),
        ),
      ];
      // Terraform names the protected resources the destroy reaches first (a key outlives the
      // repositories that use it, so it is not reached): each one named is protected.
      expect(refused.length).toBeGreaterThan(0);
      expect(expected).toEqual(expect.arrayContaining(refused));
      // Nothing was destroyed: every protected resource is still in the state.
      expect(stateResources(run.stateOf(stack))).toEqual(expect.arrayContaining(expected));
    },
  );

  test("a duplicate security-group permission put back is refused at apply, as AWS refuses it", async () => {
    const result = await duplicateApply;
    expect(result?.code).toBe(1);
    expect(result?.stderr).toMatch(/InvalidPermission\.Duplicate/);
  });

  test("every substitution the run made is a row of the table, with its reason", () => {
    const ids = new Set(SUBSTITUTIONS.map((s) => s.id));
    for (const stack of stacks) for (const t of run.touched(stack)) expect(ids).toContain(t.substitution);
    for (const s of SUBSTITUTIONS) expect(s.reason.length).toBeGreaterThan(20);
  });
});
