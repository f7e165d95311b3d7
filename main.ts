// The app: validate every env, then synthesize all stacks, the gitops/ tree and the conformance
// report. Nothing is written unless every env is valid and no generated file was edited by hand.
//   npm run synth            write cdktf.out/, gitops/, docs/conformance/
//   npm run check:generated  compare gitops/ and docs/conformance/ with what synth would write
// Options for tests and tooling: --root <dir> writes there instead of the repository;
// --environments <file.json> reads env configs from a JSON array instead of envs/.
import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENTS } from "./envs";
import { ConfigError, validateEnvironments } from "./envs/validate";
import { generateGitops } from "./gitops-src";
import { treeReader } from "./tools/kustomize/cluster-manifests";
import { KustomizeError } from "./tools/kustomize/kustomize-lite";
import {
  changedCount,
  compareTree,
  describeDifference,
  describeEdits,
  OutputConflictError,
  publishInto,
  StackSwapError,
  swapStacksInto,
  writeTree,
} from "./tools/output/output-tree";
import { Synthesizer, onThisThread } from "./tools/synth-thread";
import { conformanceReport, manifestModels, reportsAhead, summaryLines } from "./policy/conformance-report";
import { EXEMPTIONS } from "./policy/exemptions";
import { RepositoryModel } from "./policy/repository-model";
import { TerraformModel } from "./policy/terraform-model";

/** A promise with its resolve function (Promise.withResolvers is ES2024; this project compiles to ES2022). */
function withResolve<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function run(args: readonly string[], thread: Synthesizer): Promise<number> {
  const ROOT = path.resolve(option(args, "--root") ?? __dirname);
  const TREES = { gitops: path.join(ROOT, "gitops"), conformance: path.join(ROOT, "docs", "conformance") };
  const file = option(args, "--environments");
  const inputs: readonly unknown[] = file ? JSON.parse(fs.readFileSync(file, "utf8")) : ENVIRONMENTS;
  const envs = validateEnvironments(inputs);

  // cdktf synthesizes on the thread while this one generates gitops/, builds its manifests and runs
  // the checks that read no Terraform. The stacks go to a staging folder first, so that a run that
  // fails (in any env) leaves cdktf.out as it was. cdktf CLI runs (synth, diff, deploy) set
  // CDKTF_OUTDIR and own that directory: the stacks are written into it in place, manifest last.
  const cliOutdir = process.env.CDKTF_OUTDIR;
  const staging = fs.mkdtempSync(path.join(ROOT, ".synth-"));
  const outdir = path.join(staging, "cdktf.out");
  // Each env's stacks as the thread announces them written: its Terraform is checked meanwhile.
  const written = new Map(envs.map((env) => [env.name, withResolve<readonly string[]>()]));
  const synthesized = thread.synthesize(envs, outdir, (w) => written.get(w.env)?.resolve(w.stacks));
  try {
    const gitops = generateGitops(envs);
    const manifests = manifestModels(envs, treeReader(gitops, TREES.gitops));
    // The pipeline and runbooks are sources of this repository, wherever the output goes.
    const repository = RepositoryModel.fromRoot(__dirname);
    const ahead = reportsAhead(envs, manifests, repository);
    // Each tree on disk is read once: for --check, the refusal of hand edits, the closing line and
    // the write (a tree that would not change is not rewritten).
    const gitopsDiff = compareTree(TREES.gitops, gitops);
    // Each env's report reads only its own stacks (policy/conformance-report.ts), as soon as they
    // are written. A failed synth announces nothing more: its error ends the wait. (A synthesizer
    // that ended without announcing has written everything: the whole folder is read.)
    const ended = synthesized.then(() => undefined);
    ended.catch(() => undefined); // thrown by `await synthesized` below, not left unobserved
    const results: ReturnType<typeof conformanceReport>[] = [];
    for (const [i, env] of envs.entries()) {
      const stacks = await Promise.race([written.get(env.name)!.promise, ended]);
      const model = TerraformModel.fromOutdir(outdir, stacks);
      results.push(conformanceReport(env, model, manifests[i]!, repository, EXEMPTIONS, ahead[i]));
    }
    await synthesized;
    const reports = results.map((r) => r.file);
    const summaries = results.map((r) => r.summary);

    // One line per env; a failing requirement names its check and subject and fails the run
    // (after writing, so that the report can be read).
    summaries.flatMap(summaryLines).forEach((line) => console.log(line));
    const failing = summaries.some((s) => s.failing.length > 0);
    const diffs = {
      gitops: gitopsDiff,
      conformance: compareTree(TREES.conformance, reports),
    };
    if (args.includes("--check")) {
      const problems = [
        ...describeDifference("gitops", diffs.gitops),
        ...describeDifference("docs/conformance", diffs.conformance),
      ];
      problems.forEach((p) => console.error(p));
      if (!problems.length) console.log("gitops/ and docs/conformance/ match what npm run synth generates");
      return problems.length || failing ? 1 : 0;
    }
    // Refuse before touching anything if a generated file was edited by hand.
    const edited = [
      ...describeEdits("gitops", diffs.gitops),
      ...describeEdits("docs/conformance", diffs.conformance),
    ];
    if (edited.length) throw new OutputConflictError(edited);

    // What this run changes, for the closing line (a newcomer sees that synth did something).
    const gitopsChanges = changedCount(diffs.gitops);
    const reportChanges = changedCount(diffs.conformance);
    const stacks = fs.readdirSync(path.join(outdir, "stacks")).length;
    if (!args.includes("--report-only")) {
      if (cliOutdir) publishInto(cliOutdir, outdir, "manifest.json");
      else swapStacksInto(path.join(ROOT, "cdktf.out"), outdir);
      const { created, updated } = writeTree(TREES.gitops, gitops, "gitops", diffs.gitops);
      created.forEach((f) => console.log(`created team-owned gitops/${f} (synth will not overwrite it)`));
      for (const u of updated)
        console.log(
          `updated team-owned gitops/${u.path}: ${u.changes.join("; ")} (the rest left as the team set it)`,
        );
    }
    writeTree(TREES.conformance, reports, "docs/conformance", diffs.conformance);
    console.log(
      args.includes("--report-only")
        ? `synth: docs/conformance/ written (${reportChanges} file(s) changed)`
        : `synth: ${stacks} stacks of ${envs.map((e) => e.name).join(", ")} in cdktf.out/; ` +
            `gitops/ ${gitops.length} files (${gitopsChanges} changed); docs/conformance/ ${reports.length} files (${reportChanges} changed)`,
    );
    if (failing)
      console.error(
        "an env has failing requirements: fix them, or exempt a finding with its reason (policy/exemptions.ts)",
      );
    return failing ? 1 : 0;
  } finally {
    // The thread may still be writing into the staging folder when this thread failed first.
    await thread.finished();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs the app on `args`, the stacks synthesized by `thread` (scripts/run-app.js: the synth thread). */
export async function main(args: readonly string[], thread: Synthesizer): Promise<number> {
  try {
    return await run(args, thread);
  } catch (error) {
    await thread.stop();
    if (error instanceof ConfigError || error instanceof OutputConflictError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof StackSwapError) {
      console.error(`synth: ${error.message} (nothing was written)`);
      return 1;
    }
    if (error instanceof KustomizeError) {
      // A tree Flux could not build either (a team file that lists a missing patch, say): one line.
      console.error(`gitops: ${error.message} (nothing was written)`);
      return 1;
    }
    throw error;
  }
}

// Run directly (ts-node main.ts: the default cdktf path, which npm run bench compares with), it is
// a plain cdktf app: one thread. tools/synth is required by a computed path, which keeps cdktf and
// the providers out of the bundle of main.ts (scripts/app-bundle.js).
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- computed on purpose (above)
  const { synthesize } = require(path.join(__dirname, "tools", "synth")) as typeof import("./tools/synth");
  main(process.argv.slice(2), onThisThread(synthesize)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

// The main thread's side of the synth thread, for scripts/run-app.js (which loads this file bundled).
export { SynthThread } from "./tools/synth-thread";
