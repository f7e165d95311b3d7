// Writes a generated tree (gitops/, docs/conformance/) atomically and without losing work:
// - a generated file edited by hand stops the run (its marker hash no longer matches);
// - team-owned files and any unmarked file already in the tree are carried over untouched;
// - the new tree is built in a temp dir next to the target, then swapped in with renames.
import * as fs from "fs";
import * as path from "path";
import { writeAtomically } from "../../scripts/write-atomically";
import { OutputFile, readMarker, reconciled, render } from "./generated-file";

export class OutputConflictError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "OutputConflictError";
  }
}

/** The new stacks could not replace cdktf.out/; it was left as it was. */
export class StackSwapError extends Error {
  constructor(cause: unknown) {
    super(
      `cdktf.out/ could not be replaced, and was left as it was: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = "StackSwapError";
  }
}

export function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  walk(root);
  return out;
}

export interface TreeDifference {
  readonly edited: string[]; // generated files changed by hand
  readonly stale: string[]; // generated files whose content is not what synth would write now
  readonly missing: string[]; // files synth would write that are absent
  readonly orphaned: string[]; // generated files synth no longer writes
}

/** Compares a tree on disk with what the generator produces now. Team files only count when missing. */
export function compareTree(root: string, files: readonly OutputFile[]): TreeDifference {
  const diff: TreeDifference = { edited: [], stale: [], missing: [], orphaned: [] };
  const wanted = new Map(files.map((f) => [f.path, f]));
  for (const rel of listFiles(root)) {
    const content = fs.readFileSync(path.join(root, rel), "utf8");
    const marker = readMarker(content);
    const file = wanted.get(rel);
    // A generated path without its marker had the marker removed by hand: also an edit.
    if (marker.kind === "edited" || (marker.kind === "unmarked" && file?.ownership === "generated")) {
      diff.edited.push(rel);
    } else if (marker.kind === "intact" && !file) diff.orphaned.push(rel);
    else if (marker.kind === "intact" && file && content !== render(file)) diff.stale.push(rel);
    else if (file?.ownership === "team" && reconciled(file, content).changes.length) diff.stale.push(rel);
  }
  for (const file of files) {
    if (!fs.existsSync(path.join(root, file.path))) diff.missing.push(file.path);
  }
  return diff;
}

export function describeDifference(label: string, diff: TreeDifference): string[] {
  const lines: string[] = [];
  for (const f of diff.edited) {
    lines.push(
      `${label}/${f}: generated file was edited by hand (marker hash mismatch). Move the change into envs/ or the generator, or into a team-owned file, then run npm run synth`,
    );
  }
  for (const f of diff.stale)
    lines.push(`${label}/${f}: stale, differs from what npm run synth generates now`);
  for (const f of diff.missing) lines.push(`${label}/${f}: missing, npm run synth would create it`);
  for (const f of diff.orphaned)
    lines.push(`${label}/${f}: generated file that npm run synth no longer produces`);
  return lines;
}

function writeFile(root: string, rel: string, content: string): void {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}

/** Messages for the generated files of the tree that were edited by hand (empty when none). */
function handEdits(root: string, files: readonly OutputFile[], label = path.basename(root)): string[] {
  return describeEdits(label, compareTree(root, files));
}

/** Messages for the hand edits of a difference already computed. */
export function describeEdits(label: string, diff: TreeDifference): string[] {
  return describeDifference(label, { edited: diff.edited, stale: [], missing: [], orphaned: [] });
}

/** How many files writing the tree changes: stale, missing and orphaned ones. */
export function changedCount(diff: TreeDifference): number {
  return diff.stale.length + diff.missing.length + diff.orphaned.length;
}

export interface TreeWrite {
  /** Team files created (they were missing). */
  readonly created: string[];
  /** Team files brought up to date (reconcile), with what changed in each. */
  readonly updated: { readonly path: string; readonly changes: readonly string[] }[];
}

/**
 * Replaces `root` with the generated files. Refuses (and writes nothing) when a generated file was
 * edited by hand. Team files are created when missing and otherwise only reconciled. `known`: the
 * tree's difference from `files`, compared already; a tree that differs in nothing is left as it is
 * (its files keep their times).
 */
export function writeTree(
  root: string,
  files: readonly OutputFile[],
  label = path.basename(root),
  known?: TreeDifference,
): TreeWrite {
  const edited = known ? describeEdits(label, known) : handEdits(root, files, label);
  if (edited.length) throw new OutputConflictError(edited);
  if (known && changedCount(known) === 0) return { created: [], updated: [] };
  const parent = path.dirname(path.resolve(root));
  fs.mkdirSync(parent, { recursive: true });
  const temp = fs.mkdtempSync(path.join(parent, `.${path.basename(root)}.new-`));
  const result: TreeWrite = { created: [], updated: [] };
  try {
    const generatedPaths = new Set(files.filter((f) => f.ownership === "generated").map((f) => f.path));
    // Carry over what the team owns: team files and anything unmarked that synth does not generate.
    for (const rel of listFiles(root)) {
      const content = fs.readFileSync(path.join(root, rel), "utf8");
      if (readMarker(content).kind === "unmarked" && !generatedPaths.has(rel)) writeFile(temp, rel, content);
    }
    for (const file of files) {
      const existing = path.join(temp, file.path);
      if (file.ownership === "team" && fs.existsSync(existing)) {
        const update = reconciled(file, fs.readFileSync(existing, "utf8"));
        if (update.changes.length) {
          writeFile(temp, file.path, update.content);
          result.updated.push({ path: file.path, changes: update.changes });
        }
        continue;
      }
      if (file.ownership === "team") result.created.push(file.path);
      writeFile(temp, file.path, render(file));
    }
    swapInto(root, temp);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return result;
}

/** Replaces `target` by `source` with two renames; the old tree is removed only after the swap. */
export function swapInto(target: string, source: string): void {
  const old = `${source}.old`;
  const hadTarget = fs.existsSync(target);
  if (hadTarget) fs.renameSync(target, old);
  try {
    fs.renameSync(source, target);
  } catch (error) {
    if (hadTarget) fs.renameSync(old, target);
    throw error;
  }
  if (hadTarget) fs.rmSync(old, { recursive: true, force: true });
}

/**
 * What Terraform keeps in a stack's folder: the installed providers and backend settings, the
 * provider lock, and a local state with its backup and workspaces. Nothing else of an old stack
 * folder is carried (an older synth's leftover would be read as configuration).
 */
const TERRAFORM_WORKING_DATA = new Set([
  ".terraform",
  ".terraform.lock.hcl",
  "terraform.tfstate",
  "terraform.tfstate.backup",
  "terraform.tfstate.d",
]);

/**
 * Replaces the synth folder `target` (cdktf.out/) by `source`, carrying Terraform's working data
 * (TERRAFORM_WORKING_DATA) over from the folder of each stack that still exists: the next
 * `cdktf deploy --skip-synth` finds the stack initialized, as after the cdktf CLI's own synth. The
 * folders of stacks that are gone go, as the CLI removes them. If anything fails, every entry
 * carried so far is put back before the error is thrown: the caller then discards `source`.
 */
export function swapStacksInto(target: string, source: string): void {
  const moved: { from: string; to: string }[] = [];
  try {
    const stacks = path.join(source, "stacks");
    for (const stack of fs.readdirSync(stacks).sort()) {
      const old = path.join(target, "stacks", stack);
      if (!fs.existsSync(old) || !fs.statSync(old).isDirectory()) continue;
      const written = new Set(fs.readdirSync(path.join(stacks, stack)));
      for (const entry of fs.readdirSync(old).sort()) {
        if (!TERRAFORM_WORKING_DATA.has(entry) || written.has(entry)) continue;
        const move = { from: path.join(old, entry), to: path.join(stacks, stack, entry) };
        fs.renameSync(move.from, move.to);
        moved.push(move);
      }
    }
    swapInto(target, source);
  } catch (error) {
    for (const { from, to } of moved.reverse()) fs.renameSync(to, from);
    throw new StackSwapError(error);
  }
}

/**
 * Writes every file of `source` into `target` in place, each atomically, `last` after all others;
 * what else `target` holds stays (the cdktf CLI's outdir: the stacks' .terraform folders, which
 * the CLI itself keeps, and the folders of stacks that are gone, which it removes after a synth).
 */
export function publishInto(target: string, source: string, last: string): void {
  const files = listFiles(source);
  for (const rel of [...files.filter((f) => f !== last), ...files.filter((f) => f === last)]) {
    const to = path.join(target, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    writeAtomically(to, fs.readFileSync(path.join(source, rel)));
  }
}
