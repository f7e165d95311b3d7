// npm run mutate [-- <stryker options>]: mutation testing of policy/, envs/ and lib/ (see
// stryker.config.mjs). The example envs are synthesized once, before Stryker starts, into a run
// folder that every test run reuses (test/support/global-setup.ts); then the score per folder is
// printed and the command exits non-zero when policy/ or envs/ is under its target.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS } from "../envs";
import { validateEnvironments } from "../envs/validate";
import { synthesize } from "../lib/synth";
import { folderScores, readMutationReport, scoreTable } from "./mutation-score";

const REPO = path.join(__dirname, "..");
const run = fs.mkdtempSync(path.join(os.tmpdir(), "apim-mutate-"));
let status = 1;
try {
  synthesize(validateEnvironments(ENVIRONMENTS), path.join(run, "cdktf.out"));
  fs.mkdirSync(path.join(run, "tmp"));
  const stryker = spawnSync(
    path.join(REPO, "node_modules", ".bin", "stryker"),
    ["run", ...process.argv.slice(2)],
    {
      cwd: REPO,
      stdio: "inherit",
      env: { ...process.env, APIM_TEST_DIR: run, TMPDIR: path.join(run, "tmp"), CHECKPOINT_DISABLE: "1" },
    },
  );
  const report = readMutationReport();
  if (stryker.status === 0 && report) {
    const scores = folderScores(report, REPO);
    console.log(`\nMutation score per folder\n${scoreTable(scores)}`);
    status = scores.every((s) => s.target === undefined || s.score >= s.target) ? 0 : 1;
  } else {
    console.error(`stryker exited with ${stryker.status}`);
  }
} finally {
  fs.rmSync(run, { recursive: true, force: true });
}
process.exit(status);
