// Same input, byte-identical output: no absolute paths, timestamps or random names.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateEnvironments } from "../envs/validate";
import { ENVIRONMENTS } from "../envs";
import { generateGitops } from "../gitops-src";
import { listFiles } from "../tools/output/output-tree";
import { synthesize } from "../tools/synth";
import { synthOutdir, testDir } from "./support/synth-output";

function read(root: string): Record<string, string> {
  return Object.fromEntries(listFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
}

test("a second synth is byte-identical to the first", () => {
  const again = path.join(fs.mkdtempSync(path.join(testDir(), "apim-again-")), "cdktf.out");
  synthesize(validateEnvironments(ENVIRONMENTS), again);
  expect(read(again)).toEqual(read(synthOutdir()));
  fs.rmSync(path.dirname(again), { recursive: true, force: true });
});

test("the output holds no absolute path, home directory or timestamp", () => {
  const texts = [
    ...Object.values(read(synthOutdir())),
    ...generateGitops(validateEnvironments(ENVIRONMENTS)).map((f) => f.body),
  ];
  const repo = path.resolve(__dirname, "..");
  const offenders = texts.filter(
    (t) =>
      t.includes(repo) ||
      t.includes(testDir()) ||
      t.includes(`${os.homedir()}/`) ||
      /\d{4}-\d{2}-\d{2}T\d{2}:/.test(t),
  );
  expect(offenders).toEqual([]);
});
