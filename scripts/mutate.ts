// npm run mutate [-- <part>...] [--survivors] [<stryker options>]: mutation testing of policy/,
// envs/, lib/ and tools/ (default: every part, one Stryker run each; the parts are in
// scripts/mutation-scopes.js). The example envs are
// synthesized once, before Stryker starts, into a run folder that every test run reuses
// (test/support/global-setup.ts); then the score per folder is printed, and the command exits
// non-zero when policy/ or envs/ is under its target.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { makeRunFolder } from "../test/support/run-folder";
import {
  checkSurvivors,
  forgetSurvivors,
  folderScores,
  MUTATION_SCOPES,
  narrowedMarkerOf,
  readMutationReports,
  recordScore,
  scoreTable,
} from "./mutation-score";

const REPO = path.join(__dirname, "..");
const args = process.argv.slice(2);
const named = args.filter((a) => (MUTATION_SCOPES as readonly string[]).includes(a));
const scopes = named.length ? named : [...MUTATION_SCOPES];
// --survivors: test again every mutant that survived or had no test, reusing the killed ones.
// Stryker's incremental mode reruns a mutant when its code or its test file changes, not when a
// fixture module the test file imports does, so a new case can leave a stale "survived".
const survivorsOnly = args.includes("--survivors");
const strykerArgs = args.filter((a) => !named.includes(a) && a !== "--survivors");

const { dir: run, tmp } = makeRunFolder("apim-mutate-");
let status = 0;
try {
  for (const scope of scopes) {
    console.log(`\nMutating ${scope}/`);
    if (survivorsOnly) console.log(`  survivors again: ${forgetSurvivors(scope)} mutants`);
    const stryker = spawnSync(path.join(REPO, "node_modules", ".bin", "stryker"), ["run", ...strykerArgs], {
      cwd: REPO,
      stdio: "inherit",
      env: {
        ...process.env,
        MUTATE_SCOPE: scope,
        APIM_TEST_DIR: run,
        APIM_TEST_DIR_REUSE: "1",
        TMPDIR: tmp,
        CHECKPOINT_DISABLE: "1",
      },
    });
    // A run narrowed to some files (--mutate) leaves the part's other files out of its report.
    const narrowed = strykerArgs.some((a) => a === "--mutate" || a === "-m" || a.startsWith("--mutate="));
    if (narrowed) fs.writeFileSync(narrowedMarkerOf(scope), "");
    else fs.rmSync(narrowedMarkerOf(scope), { force: true });
    if (stryker.status !== 0) {
      console.error(`stryker exited with ${stryker.status} on ${scope}/`);
      status = 1;
    }
  }
  const report = readMutationReports();
  const scores = folderScores(report, REPO);
  console.log(`\nMutation score per folder\n${scoreTable(scores)}`);
  if (!scores.every((s) => s.target === undefined || (s.measured && s.score >= s.target))) status = 1;
  // Every surviving mutant of a check is either killed by a new case or recorded as equivalent.
  const survivors = checkSurvivors(report);
  // Once every folder is measured in full, the scores are recorded for the bench of any clone.
  if (scores.every((s) => s.measured)) {
    const git = (...a: string[]) => spawnSync("git", a, { cwd: REPO, encoding: "utf8" }).stdout.trim();
    const dirty = git("status", "--porcelain", "--", "policy", "envs", "lib", "tools", "test") !== "";
    recordScore(scores, survivors.length, `${git("rev-parse", "--short=12", "HEAD")}${dirty ? "+" : ""}`);
  }
  if (survivors.length) {
    console.log(
      `\n${survivors.length} surviving mutants in the checks (kill each with a case, or record it):`,
    );
    for (const s of survivors) console.log(`  ${s}`);
    status = 1;
  }
} finally {
  fs.rmSync(run, { recursive: true, force: true });
}
process.exit(status);
