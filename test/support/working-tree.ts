// A copy of the working tree as it is (uncommitted changes included, not HEAD), committed as main
// in a repository of its own, with a branch to change: what a developer reviews.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { testDir } from "./synth-output";

const REPO = path.join(__dirname, "..", "..");

/** The working tree as it is (not HEAD), committed as main in a repository of its own. */
export function workingTreeRepository(): string {
  const dir = fs.mkdtempSync(path.join(testDir(), "apim-review-e2e-"));
  const skip = new Set(["node_modules", ".git", "cdktf.out"]);
  fs.cpSync(REPO, dir, {
    recursive: true,
    filter: (src) => {
      const top = path.relative(REPO, src).split(path.sep)[0];
      return !skip.has(top) && !top.startsWith(".synth-");
    },
  });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
  git("init", "--quiet", "-b", "main");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "--quiet", "-m", "base");
  git("checkout", "--quiet", "-b", "change");
  // The dependencies, linked as installed (after the commit: a link is not a folder to .gitignore).
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Replaces text in a source file of the copy; a replacement that matches nothing fails the test. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const target = path.join(dir, file);
  const text = fs.readFileSync(target, "utf8");
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit of ${file}: ${String(from)} matched nothing`);
  fs.writeFileSync(target, changed);
}

export interface ReviewRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run review -- <args>` in a tree, as its scripts run it (node scripts/run-ts.js scripts/review.ts). */
export function runReview(
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReviewRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/run-ts.js", "scripts/review.ts", ...args], {
      cwd: dir,
      env: { ...env, CHECKPOINT_DISABLE: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
