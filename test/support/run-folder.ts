// A test run's folder: the synth of every stack of every example env (cdktf.out/) and tmp/, where
// TMPDIR points for the run. Made by the jest global setup, or by npm run mutate for all of its
// Stryker runs.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS } from "../../envs";
import { validateEnvironments } from "../../envs/validate";
import { synthesize } from "../../tools/synth";

export function makeRunFolder(prefix: string): { dir: string; tmp: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  synthesize(validateEnvironments(ENVIRONMENTS), path.join(dir, "cdktf.out"));
  const tmp = path.join(dir, "tmp");
  fs.mkdirSync(tmp);
  return { dir, tmp };
}
