// The lint rule that keeps provider imports deep (measured: the barrel costs ~2 s and ~1 GB
// per process) refuses a barrel import and accepts a deep one. ESLint runs as a child process:
// its flat config is an ES module, which jest's CommonJS runtime cannot load.
import { spawnSync } from "child_process";
import * as path from "path";

const REPO = path.join(__dirname, "..");

function messages(code: string): string[] {
  const eslint = path.join(REPO, "node_modules", ".bin", "eslint");
  const run = spawnSync(eslint, ["--stdin", "--stdin-filename", "stacks/example.ts", "--format", "json"], {
    cwd: REPO,
    input: code,
    encoding: "utf8",
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

test("a barrel import of a provider package is refused", () => {
  expect(messages('import { S3Bucket } from "@cdktf/provider-aws";\nexport const b = S3Bucket;\n')).toEqual([
    expect.stringContaining("by deep path"),
  ]);
  expect(
    messages('import { Release } from "@cdktf/provider-helm/lib";\nexport const r = Release;\n'),
  ).toHaveLength(1);
});

test("a deep import is accepted", () => {
  expect(
    messages('import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\nexport const b = S3Bucket;\n'),
  ).toEqual([]);
});
