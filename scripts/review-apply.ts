// npm run review:apply [-- --base <rev>] [--env <name>]
// A review against a real state: the base revision's bootstrap, registry, network, data and cluster stacks
// of one env (default prod) are applied to the AWS emulator (README, "Apply tests against an AWS
// emulator"), then the working tree's same stacks are planned against what those applies left,
// and Terraform's own changes are printed per stack. Exits 1 when the base does not apply.
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENTS } from "../envs";
import { validateEnvironments } from "../envs/validate";
import { TerraformModel } from "../policy/terraform-model";
import { prepareAccount } from "../test/apply/account";
import { APPLIED_KINDS, ApplyRun } from "../test/apply/apply-run";
import { AwsEmulator } from "../test/support/aws-emulator";
import { defaultBase, withRevisionTrees } from "./revision-trees";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const envName = option("--env") ?? "prod";
  const env = validateEnvironments(ENVIRONMENTS).find((e) => e.name === envName);
  if (!env) throw new Error(`no env ${envName} in envs/`);
  const names = APPLIED_KINDS.map((k) => `${envName}-${k}`);
  return withRevisionTrees(option("--base") ?? defaultBase(), async (baseDir, currentDir) => {
    const stacksOf = (dir: string) => TerraformModel.fromOutdir(path.join(dir, "cdktf.out")).stacks;
    const base = stacksOf(baseDir);
    const head = stacksOf(currentDir);
    const emulator = await AwsEmulator.start(env.aws.accountId);
    const work = fs.mkdtempSync(path.join(baseDir, "..", "apply-"));
    try {
      const run = new ApplyRun(work, emulator, env.aws.region);
      prepareAccount(env, emulator, work);
      const jsonOf = (stacks: typeof base, name: string) => stacks.find((s) => s.name === name)?.json;
      const applied = await run.applyAll(
        names.filter((n) => jsonOf(base, n)).map((name) => ({ name, json: jsonOf(base, name)! })),
      );
      const failed = [...applied].filter(([, r]) => r.code !== 0);
      for (const [stack, result] of failed)
        console.error(`${stack}: the base does not apply:\n${result.stderr}`);
      if (failed.length || applied.size < names.length) return 1;
      console.log(
        `# Terraform's plan of the working tree against the base applied to the emulator (${envName})\n`,
      );
      for (const name of names) {
        const headJson = jsonOf(head, name);
        if (!headJson) {
          console.log(`## ${name}\nremoved from the working tree: every resource would be destroyed\n`);
          continue;
        }
        const plan = await run.planAgainstApplied(name, headJson);
        const changes = plan.changes.filter((c) => !c.startsWith("drift "));
        console.log(
          `## ${name}\n${plan.code === 1 ? `plan failed:\n${plan.stderr}` : changes.join("\n") || "no changes"}\n`,
        );
      }
      return 0;
    } finally {
      await emulator.stop();
    }
  });
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
