// npm run test:apply: the bootstrap, registry, network, data and cluster stacks of one env applied to an AWS
// emulator in deploy order, with the real cross-stack wiring; then every applied stack planned
// again (no changes allowed), a destroy of each stack that holds data refused by prevent_destroy,
// and a defect AWS refuses at apply time (a duplicate security-group permission) put back to see
// the emulator refuse it too. What the emulator cannot do is in substitutions.ts, with its reason.
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../../envs/schema";
import { validateEnvironments } from "../../envs/validate";
import { synthesize } from "../../tools/synth";
import { AwsEmulator } from "../support/aws-emulator";
import { exampleEnvs, terraformModel, testDir } from "../support/synth-output";
import { TerraformResult } from "../../tools/terraform/terraform-cli";
import { describeWithTools } from "../support/tools";
import { edit, ReviewRun, runReview, workingTreeRepository } from "../support/working-tree";
import { prepareAccount } from "./account";
import { APPLIED_KINDS, ApplyRun } from "./apply-run";
import { SUBSTITUTIONS } from "./substitutions";

type Json = Record<string, unknown>;

/** The env applied: the HA one, three zones. */
const ENV = "prod";

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

/** The managed resources of a state file with their attributes (none when nothing was applied). */
function stateAttributes(file: string): Map<string, Json> {
  if (!fs.existsSync(file)) return new Map();
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as {
    resources?: { mode: string; type: string; name: string; instances: { attributes: Json }[] }[];
  };
  return new Map(
    (state.resources ?? [])
      .filter((r) => r.mode === "managed" && r.instances.length)
      .map((r) => [`${r.type}.${r.name}`, r.instances[0].attributes]),
  );
}

/**
 * The network stack with a second rule for a permission it already grants (a CIDR egress rule,
 * copied under another name and flow description, as when two flows need the same permission),
 * applied alone, in a copy of the stack's folder and state.
 */
function applyWithDuplicateRule(run: ApplyRun, stack: string): Promise<TerraformResult> {
  const fork = `${stack}-duplicate-rule`;
  run.fork(stack, fork);
  let duplicate = "";
  run.rewrite(fork, (json) => {
    const rules = (json.resource as Record<string, Record<string, Json>>).aws_vpc_security_group_egress_rule;
    const [name, body] = Object.entries(rules).find(([, b]) => typeof b.cidr_ipv4 === "string")!;
    duplicate = `${name}_duplicate`;
    rules[duplicate] = { ...body, description: "another flow that needs the same permission" };
  });
  return run.apply(fork, ["-refresh=false", `-target=aws_vpc_security_group_egress_rule.${duplicate}`]);
}

/** The env's stack synthesized again with one reviewed change: every log group keeps 400 days, not 365. */
function headStack(env: EnvironmentConfig, stack: string, outdir: string): Json {
  const [head] = validateEnvironments([
    {
      ...env,
      logs: { ...env.logs, cloudWatchRetentionDays: env.logs.cloudWatchRetentionDays === 400 ? 365 : 400 },
    },
  ]);
  synthesize([head], outdir);
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
}

/** Addresses of the resources whose configuration differs between two syntheses of a stack. */
function changedResources(base: Json, head: Json): string[] {
  const out: string[] = [];
  const resources = (json: Json) => (json.resource ?? {}) as Record<string, Record<string, Json>>;
  for (const [type, byName] of Object.entries(resources(head))) {
    for (const [name, body] of Object.entries(byName)) {
      const before = resources(base)[type]?.[name];
      if (before && JSON.stringify(before) !== JSON.stringify(body)) out.push(`${type}.${name}`);
    }
  }
  return out;
}

/** Whether a resource's configuration uses or depends on another, directly or through resources between. */
function usesTransitively(json: Json, from: string, to: string): boolean {
  const resources = (json.resource ?? {}) as Record<string, Record<string, Json>>;
  const bodyOf = (address: string) => {
    const [type, name] = address.split(".");
    return JSON.stringify(resources[type]?.[name] ?? {});
  };
  const seen = new Set<string>();
  const visit = (address: string): boolean => {
    if (seen.has(address)) return false;
    seen.add(address);
    const text = bodyOf(address);
    // Attribute references, and depends_on entries (which also order a destroy).
    const refs = [...text.matchAll(/"?\$?\{?(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)[."]/g)].map((m) => m[1]);
    return refs.includes(to) || refs.some(visit);
  };
  return visit(from);
}

const explain = (r: TerraformResult) => `exit ${r.code}\n${r.stderr.slice(0, 6000)}${r.stdout.slice(-2000)}`;

describeWithTools(
  "one env applied to the AWS emulator",
  ["terraform", "aws-provider-mirror", "aws-emulator", "aws-cli"],
  () => {
    const env = exampleEnvs().find((e) => e.name === ENV) as EnvironmentConfig;
    const stacks = APPLIED_KINDS.map((k) => `${ENV}-${k}`);
    /** The stacks with a resource that holds data or keys (prevent_destroy): a destroy must be refused. */
    const holdingData = stacks.filter((s) => protectedResources(stackJson(s)).length > 0);
    const applied = new Map<string, TerraformResult>();
    const replanned = new Map<string, Promise<Awaited<ReturnType<ApplyRun["plan"]>>>>();
    const seconds = new Map<string, { apply: number; replan?: number }>();
    const destroyPlans = new Map<string, ReturnType<ApplyRun["plan"]>>();
    let duplicateApply: Promise<TerraformResult> | undefined;
    let stateReview: Promise<ReviewRun> | undefined;
    let emulator: AwsEmulator | undefined;
    let run: ApplyRun;
    const work = path.join(testDir(), "apply");

    beforeAll(async () => {
      emulator = await AwsEmulator.start(env.aws.accountId);
      run = new ApplyRun(work, emulator, env.aws.region);
      prepareAccount(env, emulator, work);
      // Deploy order as far as it is a dependency here: with local backends the other stacks no
      // longer need the bootstrap stack's state bucket, so the stacks that read no other stack apply
      // side by side, and each stack that reads one waits for its apply. Each applied stack is
      // planned again at once (later stacks only read its state).
      // The checks of a stack follow its own re-plan, beside the applies still running: the
      // refusals change no state (plans; an apply AWS refuses, in a copy), nor does the review plan.
      const network = `${ENV}-network`;
      const checks: Promise<unknown>[] = [];
      const started = Date.now();
      const results = await run.applyAll(
        stacks.map((name) => ({ name, json: stackJson(name) })),
        (stack, result) => {
          seconds.set(stack, { apply: (Date.now() - started) / 1000 });
          if (result.code !== 0) return;
          const replanStarted = Date.now();
          const replan = run.plan(stack).then((plan) => {
            seconds.get(stack)!.replan = (Date.now() - replanStarted) / 1000;
            return plan;
          });
          replanned.set(stack, replan);
          if (holdingData.includes(stack)) {
            destroyPlans.set(
              stack,
              replan.then(() => run.plan(stack, ["-destroy", "-refresh=false", "-lock=false"])),
            );
          }
          if (stack === network) duplicateApply = replan.then(() => applyWithDuplicateRule(run, stack));
        },
      );
      results.forEach((result, stack) => applied.set(stack, result));
      // Every state is final now: the review against them runs beside the remaining checks.
      stateReview = reviewAgainstAppliedStates();
      await Promise.allSettled([
        ...replanned.values(),
        ...destroyPlans.values(),
        duplicateApply,
        ...checks,
        stateReview,
      ]);
    });

    afterAll(async () => {
      await emulator?.stop();
      const lines = [
        "| Stack | Applied | Applied after, re-plan (s) | Substituted (row: resources) | Left out |",
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
        const time = seconds.get(stack);
        const timing = time ? `${time.apply.toFixed(0)}, ${time.replan?.toFixed(0) ?? "-"}` : "-";
        lines.push(
          `| ${stack} | ${stateAttributes(run?.stateOf(stack) ?? "").size} | ${timing} | ${substituted} | ${leftOut} |`,
        );
      }
      console.log(`apply run against the emulator:\n${lines.join("\n")}`);
    });

    test("the data stack was wired to what the network stack's apply created", () => {
      // The database's security group is a cross-stack reference: its id in the data stack's state
      // must be the id the emulator gave the group in the network stack's apply.
      const network = stateAttributes(run.stateOf(`${ENV}-network`));
      const data = stateAttributes(run.stateOf(`${ENV}-data`));
      const dataGroup = [...network].find(([address]) => /^aws_security_group\.firewall_data_/.test(address));
      const database = [...data].find(([address]) => address.startsWith("aws_db_instance."));
      expect(dataGroup?.[1].id).toMatch(/^sg-/);
      expect(database?.[1].vpc_security_group_ids).toEqual([dataGroup![1].id]);
    });

    test.each(stacks)("%s applies", (stack) => {
      const result = applied.get(stack);
      // Terraform's own words first: a bare "code 1" would not say what failed.
      if (result && result.code !== 0) throw new Error(explain(result));
      expect(result && { code: result.code }).toEqual({ code: 0 });
    });

    test.each(stacks)("%s: a second plan after the apply shows no changes", async (stack) => {
      const plan = await replanned.get(stack);
      expect(plan).toBeDefined();
      const changes = plan!.changes.filter((c) => !c.startsWith("drift "));
      if (changes.length)
        throw new Error(`${stack} plans changes after its apply:\n${await run.planText(stack)}`);
      expect({ code: plan!.code, stderr: plan!.stderr }).toEqual({ code: 0, stderr: "" });
    });

    test.each(holdingData)(
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
        // Terraform names the protected resources the destroy reaches first and stops there; a
        // protected resource it does not name must be one that a named resource uses (a key outlives
        // the repositories encrypted with it), so its destroy was never reached.
        expect(refused.length).toBeGreaterThan(0);
        expect(expected).toEqual(expect.arrayContaining(refused));
        const json = stackJson(stack);
        for (const unnamed of expected.filter((a) => !refused.includes(a))) {
          expect({ [unnamed]: refused.some((named) => usesTransitively(json, named, unnamed)) }).toEqual({
            [unnamed]: true,
          });
        }
      },
    );

    test("a duplicate security-group permission put back is refused at apply, as AWS refuses it", async () => {
      const result = await duplicateApply;
      expect(result?.code).toBe(1);
      expect(result?.stderr).toMatch(/InvalidPermission\.Duplicate/);
    });

    test("every row of the substitutions table was needed by this run, and every change made is a row", () => {
      const ids = SUBSTITUTIONS.map((s) => s.id);
      const used = new Set(stacks.flatMap((stack) => run.touched(stack).map((t) => t.substitution)));
      expect(ids.filter((id) => !used.has(id))).toEqual([]);
      expect([...used].filter((id) => !ids.includes(id))).toEqual([]);
    });

    /** `npm run review -- --state` of a head that changes the log retention, against the applied states. */
    async function reviewAgainstAppliedStates(): Promise<ReviewRun> {
      // What `terraform state pull > states/<stack>.tfstate` gives: each applied stack's state.
      const states = path.join(work, "pulled-states");
      fs.mkdirSync(states, { recursive: true });
      for (const stack of stacks) fs.copyFileSync(run.stateOf(stack), path.join(states, `${stack}.tfstate`));
      const dir = workingTreeRepository();
      edit(
        dir,
        `envs/${ENV}.ts`,
        "  ...REFERENCE_SIZING,\n",
        "  ...REFERENCE_SIZING,\n  logs: { ...REFERENCE_SIZING.logs, cloudWatchRetentionDays: 400 },\n",
      );
      // --allow-destructive: what the emulator left out of the states is created again by the head.
      const result = await runReview(dir, ["--base", "main", "--state", states, "--allow-destructive"]);
      fs.rmSync(dir, { recursive: true, force: true });
      return result;
    }

    test("npm run review -- --state: a head reviewed against the applied states, as pulled from a backend", async () => {
      const result = (await stateReview)!;
      const states = path.join(work, "pulled-states");
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`against the states pulled into ${states}`);
      // What changed, read from the two synthesized configurations, not from the review: each such
      // resource is updated in place, and only its retention changes.
      const outdir = path.join(work, "head");
      headStack(env, `${ENV}-network`, outdir);
      const headOf = (stack: string) =>
        JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
      const changed = stacks.flatMap((stack) =>
        changedResources(stackJson(stack), headOf(stack)).map((a) => `${stack} ${a}`),
      );
      expect(changed.length).toBeGreaterThan(0);
      const listed = new Map<string, string>();
      let section = "";
      for (const line of result.stdout.split("\n")) {
        const header = /^\*\*([a-z0-9-]+)\*\* \(/.exec(line);
        if (header) section = header[1];
        const entry = /^- (\S+) `([^`]+)`(?:: (.*))?$/.exec(line);
        if (entry && section) listed.set(`${section} ${entry[2]}`, `${entry[1]} ${entry[3] ?? ""}`);
      }
      for (const resource of changed)
        expect([resource, listed.get(resource)?.slice(0, 2)]).toEqual([resource, "~ "]);
      for (const [resource, what] of listed)
        if (resource.includes(" aws_cloudwatch_log_group."))
          expect([resource, what]).toEqual([resource, "~ retention_in_days"]);
    });
  },
);
