// npm run review [-- --base <rev>] [--state <dir>] [--allow-destructive] [--markdown <file>] [--stacks <file>]
// Compares what the working tree synthesizes with what <rev> synthesized (default: the merge base
// with main) and prints a markdown review. Terraform plans the stacks that change against the state
// the base leaves: a stand-in built from the base's own plan, or with --state the states pulled from
// the backend (<dir>/<stack>.tfstate, from `terraform state pull`). Exits 1 when a change would
// destroy or replace a resource that holds data, unless --allow-destructive is given (exit codes
// below).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { onPath } from "../tools/terraform/on-path";
import { describeTransition, refusedTransitions } from "../envs/transitions";
import { plannedReview, renderMarkdown, Review, tableReview } from "../tools/review/review";
import { readSnapshot, Snapshot } from "../tools/review/snapshot";
import { planReview } from "../tools/review/terraform-review";
import { defaultBase, RevisionError, withRevisionTrees } from "./revision-trees";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith("--")) throw new RevisionError(`${name} needs a value`);
  return value;
}

function pulledStates(dir: string): Record<string, Record<string, unknown>> {
  if (!fs.existsSync(dir)) throw new RevisionError(`--state ${dir}: no such folder`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".tfstate"))
    .sort();
  if (!files.length) throw new RevisionError(`--state ${dir}: no <stack>.tfstate file in it`);
  return Object.fromEntries(
    files.map((f) => [f.replace(/\.tfstate$/, ""), JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))]),
  );
}

async function reviewOf(before: Snapshot, after: Snapshot, stateDir: string | undefined): Promise<Review> {
  if (!onPath("terraform")) {
    if (stateDir) throw new RevisionError("--state needs terraform on PATH");
    // CI sets this where Terraform is installed: a review that silently fell back would be wrong.
    if (process.env.REQUIRE_TERRAFORM === "1")
      throw new RevisionError("REQUIRE_TERRAFORM=1 but terraform is not on PATH");
    return tableReview(before, after, "Terraform is not installed here");
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "apim-review-plan-"));
  try {
    const states = stateDir ? pulledStates(stateDir) : undefined;
    const plan = await planReview(before.terraform, after.terraform, {
      workDir,
      ...(states ? { states } : {}),
    });
    const against = stateDir
      ? `the states pulled into ${stateDir}`
      : "a stand-in state built from the base's own plan";
    return plannedReview(before, after, plan, against);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The env configs a tree defines (envs/index.ts), as plain data. */
function environmentsOf(root: string): Record<string, unknown>[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- another revision's envs, loaded by path
  const { ENVIRONMENTS } = require(path.join(root, "envs")) as { ENVIRONMENTS: Record<string, unknown>[] };
  return JSON.parse(JSON.stringify(ENVIRONMENTS)) as Record<string, unknown>[];
}

async function main(): Promise<number> {
  // CI sets this where Terraform is installed: a review that silently fell back would be wrong.
  if (process.env.REQUIRE_TERRAFORM === "1" && !onPath("terraform"))
    throw new RevisionError("REQUIRE_TERRAFORM=1 but terraform is not on PATH");
  const stateDir = option("--state");
  const base = option("--base") ?? defaultBase();
  const allowDestructive = process.argv.includes("--allow-destructive");
  return withRevisionTrees(base, async (baseDir, current) => {
    const transitions = refusedTransitions(environmentsOf(baseDir), environmentsOf(current));
    const result = await reviewOf(readSnapshot(baseDir), readSnapshot(current), stateDir);
    const refusal = transitions.length
      ? [
          "### Refused config transitions",
          "",
          ...transitions.map(
            (t) =>
              `- ${describeTransition(t)}${t.acceptable ? " (accepted only with --allow-destructive)" : ""}`,
          ),
          "",
        ].join("\n")
      : "";
    const headline = transitions.length
      ? `**REFUSED: ${transitions.length} config transition(s) AWS cannot make or that take an outage; see the end.**\n\n`
      : "";
    const markdown = [
      renderMarkdown(result).replace("## Change review\n\n", `## Change review\n\n${headline}`),
      refusal,
    ]
      .filter(Boolean)
      .join("\n");
    process.stdout.write(`${markdown}\n`);
    const out = option("--markdown");
    if (out) fs.writeFileSync(out, `${markdown}\n`);
    const stacks = option("--stacks");
    if (stacks) fs.writeFileSync(stacks, result.stacks.length ? `${result.stacks.join("\n")}\n` : "");
    const blocking = transitions.filter((t) => !t.acceptable || !allowDestructive);
    blocking.forEach((t) => process.stderr.write(`review: ${describeTransition(t)}\n`));
    const destructive = result.destructive.length > 0 && !allowDestructive;
    if (destructive)
      process.stderr.write(
        `review: ${result.destructive.length} destructive change(s); see above. Use --allow-destructive to accept them.\n`,
      );
    return blocking.length || destructive ? 1 : 0;
  });
}

// Exit codes: 0 nothing to decide; 1 a destructive change or refused transition (the one a
// pull request may accept by decision); 2 a wrong revision, option or input; 3 the review failed.
function run(): void {
  let started: Promise<number>;
  try {
    started = main();
  } catch (error) {
    started = Promise.reject(error);
  }
  started.then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      // A wrong revision or option is the user's to fix: one line, not a stack trace.
      console.error(error instanceof RevisionError ? `review: ${error.message}` : error);
      process.exitCode = error instanceof RevisionError ? 2 : 3;
    },
  );
}

run();
