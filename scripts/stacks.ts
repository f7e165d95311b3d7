// npm run stacks -- <env> [--changed <file>] [--no-bootstrap]
// Prints the env's stacks in deploy order, one per line: the order of every `cdktf deploy`. Each
// is deployed on its own, after `npm run synth`, with
//   npx cdktf deploy <stack> --skip-synth --ignore-missing-stack-dependencies
// (the platform stack through scripts/cluster-tunnel.sh; README, deploy workflow).
// --changed keeps only the stacks named in the file (as `npm run review -- --stacks` writes it);
// --no-bootstrap leaves out the bootstrap stack, which is applied once, by hand, with local state
// (the workflows plan and apply the others).
import * as fs from "fs";
import { ENVIRONMENTS } from "../envs";
import { validateEnvironments } from "../envs/validate";
import { STACK_KINDS, stackName } from "../lib/naming";

function main(): number {
  const [envName] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const env = validateEnvironments(ENVIRONMENTS).find((e) => e.name === envName);
  if (!env) {
    process.stderr.write(
      `usage: npm run stacks -- <env> [--changed <file>] [--no-bootstrap]; envs: ${ENVIRONMENTS.map((e) => e.name).join(", ")}\n`,
    );
    return 2;
  }
  const i = process.argv.indexOf("--changed");
  const changed =
    i >= 0
      ? new Set(
          fs
            .readFileSync(process.argv[i + 1], "utf8")
            .split("\n")
            .filter(Boolean),
        )
      : undefined;
  const stacks = STACK_KINDS.filter((k) => !process.argv.includes("--no-bootstrap") || k !== "bootstrap")
    .map((k) => stackName(env, k))
    .filter((s) => !changed || changed.has(s));
  process.stdout.write(stacks.map((s) => `${s}\n`).join(""));
  return 0;
}

process.exitCode = main();
