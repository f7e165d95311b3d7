// The two trees a review compares: a base revision checked out as a git worktree, and the working
// tree as it is (team-owned files included) copied; each synthesized into its own root.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..");

import { RevisionError } from "../tools/review/revision-error";

export { RevisionError };

function git(args: string[], cwd = REPO): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The merge base with main: what the change under review started from. */
export function defaultBase(): string {
  for (const main of ["origin/main", "main"]) {
    try {
      return git(["merge-base", "HEAD", main]);
    } catch {
      // try the next candidate
    }
  }
  throw new RevisionError("no main branch to compare with: pass --base <rev>");
}

/** Synthesizes a tree into its own root (cdktf.out, gitops, docs). */
function synth(root: string): void {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "run-app.js"), "--root", root], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  // An env config the synth refuses is the change's to fix: its message, not a stack trace.
  if (result.status !== 0)
    throw new RevisionError(
      `synth of ${path.basename(root) === "base" ? "the base" : "the working tree"} failed:\n${result.stderr.trim()}`,
    );
}

/** Runs body with the synthesized base and current trees; removes them afterwards. */
export async function withRevisionTrees<T>(
  base: string,
  body: (baseDir: string, currentDir: string) => T | Promise<T>,
): Promise<T> {
  const commit = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${base}^{commit}`], {
    cwd: REPO,
    encoding: "utf8",
  });
  if (commit.status !== 0) throw new RevisionError(`--base ${base}: not a revision of this repository`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "apim-review-"));
  const baseDir = path.join(work, "base");
  try {
    git(["worktree", "add", "--detach", "--quiet", baseDir, base]);
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(baseDir, "node_modules"), "dir");
    synth(baseDir);
    const current = path.join(work, "current");
    fs.mkdirSync(current);
    for (const entry of fs.readdirSync(REPO)) {
      if ([".git", "node_modules", "cdktf.out"].includes(entry) || entry.startsWith(".synth-")) continue;
      fs.cpSync(path.join(REPO, entry), path.join(current, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(current, "node_modules"), "dir");
    synth(current);
    return await body(baseDir, current);
  } finally {
    spawnSync("git", ["worktree", "remove", "--force", baseDir], { cwd: REPO });
    fs.rmSync(work, { recursive: true, force: true });
  }
}
