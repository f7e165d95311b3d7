// npm run review [-- --base <rev>] [--allow-destructive] [--markdown <file>] [--stacks <file>]
// Compares what the working tree synthesizes with what <rev> synthesized (default: the merge base
// with main) and prints a markdown review. Exits 1 when a change would destroy or replace a
// resource that holds data, unless --allow-destructive is given.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderMarkdown, review } from "../lib/review/review";
import { readSnapshot } from "../lib/review/snapshot";

const REPO = path.resolve(__dirname, "..");

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function git(args: string[], cwd = REPO): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

function defaultBase(): string {
  for (const main of ["origin/main", "main"]) {
    try {
      return git(["merge-base", "HEAD", main]);
    } catch {
      // try the next candidate
    }
  }
  throw new Error("no main branch to compare with: pass --base <rev>");
}

/** Synthesizes a tree into its own root (cdktf.out, gitops, docs). */
function synth(root: string): void {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "run-app.js"), "--root", root], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) throw new Error(`synth failed in ${root}:\n${result.stderr}`);
}

function main(): number {
  const base = option("--base") ?? defaultBase();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "apim-review-"));
  const baseDir = path.join(work, "base");
  try {
    git(["worktree", "add", "--detach", "--quiet", baseDir, base]);
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(baseDir, "node_modules"), "dir");
    synth(baseDir);
    // The working tree as it is, team-owned files included, synthesized into a copy.
    const current = path.join(work, "current");
    fs.mkdirSync(current);
    for (const entry of fs.readdirSync(REPO)) {
      if ([".git", "node_modules", "cdktf.out"].includes(entry) || entry.startsWith(".synth-")) continue;
      fs.cpSync(path.join(REPO, entry), path.join(current, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(current, "node_modules"), "dir");
    synth(current);
    const result = review(readSnapshot(baseDir), readSnapshot(current));
    const markdown = renderMarkdown(result);
    process.stdout.write(`${markdown}\n`);
    const out = option("--markdown");
    if (out) fs.writeFileSync(out, `${markdown}\n`);
    const stacks = option("--stacks");
    if (stacks)
      fs.writeFileSync(stacks, `${[...new Set(result.terraform.map((c) => c.stack))].sort().join("\n")}\n`);
    if (result.destructive.length && !process.argv.includes("--allow-destructive")) {
      process.stderr.write(
        `review: ${result.destructive.length} destructive change(s); see above. Use --allow-destructive to accept them.\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    spawnSync("git", ["worktree", "remove", "--force", baseDir], { cwd: REPO });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
