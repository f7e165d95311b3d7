// One folder per test run: the run's synth (every stack of every example env, synthesized once and
// read by the test files through synthOutput()) and, through TMPDIR, every temporary file the tests
// and the tools they start create. global-teardown.ts removes it, so a run leaves nothing behind.
// `npm run mutate` synthesizes before Stryker starts and hands that folder over (APIM_TEST_DIR with
// APIM_TEST_DIR_REUSE=1, TMPDIR inside it); it is reused as is and left to its owner. Any other
// APIM_TEST_DIR in the environment is ignored: a run never tests a stale synth.
import * as fs from "fs";
import * as path from "path";
import { makeRunFolder } from "./run-folder";

export default function globalSetup(): void {
  const given = process.env.APIM_TEST_DIR;
  if (process.env.APIM_TEST_DIR_REUSE === "1" && given && fs.existsSync(path.join(given, "cdktf.out")))
    return;
  const { dir, tmp } = makeRunFolder("apim-test-");
  process.env.APIM_TEST_DIR = dir;
  process.env.APIM_TEST_OWNS_DIR = "1";
  process.env.TMPDIR = tmp;
}
