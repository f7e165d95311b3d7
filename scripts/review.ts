// npm run review [-- --base <rev>] [--allow-destructive] [--markdown <file>] [--stacks <file>]
// Compares what the working tree synthesizes with what <rev> synthesized (default: the merge base
// with main) and prints a markdown review. Exits 1 when a change would destroy or replace a
// resource that holds data, unless --allow-destructive is given.
import * as fs from "fs";
import { renderMarkdown, review } from "../lib/review/review";
import { readSnapshot } from "../lib/review/snapshot";
import { defaultBase, withRevisionTrees } from "./revision-trees";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const base = option("--base") ?? defaultBase();
  return withRevisionTrees(base, (baseDir, current) => {
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
  });
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
