// Synthesizes every stack of every example env once per test run, into a temp dir that the test
// files read through synthOutput().
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS } from "../../envs";
import { validateEnvironments } from "../../envs/validate";
import { synthesize } from "../../lib/synth";

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apim-test-"));
  synthesize(validateEnvironments(ENVIRONMENTS), path.join(dir, "cdktf.out"));
  process.env.APIM_TEST_DIR = dir;
}
