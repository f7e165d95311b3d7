// The mutation score per folder from Stryker's JSON reports (reports/mutation/<scope>.json), as
// npm run mutate prints it and npm run bench reads it. Score = killed (or timed out) / mutants
// that were tested or had no test at all. Two kinds of mutant are left out of the score and shown
// in columns of their own: equivalent ones (recorded in the source with a `Stryker disable`
// comment and its reason) and static ones (code that runs once when a module loads, such as a
// check's `types` list or the example envs' data: Stryker would have to rerun every test for each,
// so with ignoreStatic they are not tested at all). A report that does not cover every file of
// its folder (a part never run, or run narrowed with `--mutate`) is not a folder score.
import * as fs from "fs";
import * as path from "path";
import { CHECK_FILES, filesOf, SCOPES } from "./mutation-scopes";

/** The parts Stryker mutates one at a time (scripts/mutation-scopes.js), each with its own report. */
export const MUTATION_SCOPES: readonly string[] = Object.keys(SCOPES);
const REPORTS = path.join(__dirname, "..", "reports", "mutation");
export const reportOf = (scope: string, reports = REPORTS) => path.join(reports, `${scope}.json`);
const incrementalOf = (scope: string, reports: string) => path.join(reports, `${scope}-incremental.json`);

/** Removes the surviving and uncovered mutants from a part's incremental file, so that its next
 * run tests them again; returns how many. */
export function forgetSurvivors(scope: string, reports = REPORTS): number {
  const file = incrementalOf(scope, reports);
  if (!fs.existsSync(file)) return 0;
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as Report;
  let forgotten = 0;
  for (const f of Object.values(report.files)) {
    const kept = f.mutants.filter((m) => m.status !== "Survived" && m.status !== "NoCoverage");
    forgotten += f.mutants.length - kept.length;
    f.mutants = kept;
  }
  fs.writeFileSync(file, JSON.stringify(report));
  return forgotten;
}

/** Folders with a target: the checks and the env rules. lib/ and tools/ are reported without one. */
export const MUTATION_TARGETS: Readonly<Record<string, number | undefined>> = {
  "policy/": 80,
  "envs/": 80,
  "lib/": undefined,
  "tools/": undefined,
};

/** Files whose every surviving mutant must be killed by a case or recorded as equivalent. */
export { CHECK_FILES };

interface Mutant {
  readonly status: string;
  readonly statusReason?: string;
  readonly mutatorName?: string;
  readonly replacement?: string;
  readonly location?: { start: { line: number } };
}
export interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

export interface FolderScore {
  readonly folder: string;
  /** A full run of its part measured every source file of the folder. */
  readonly measured: boolean;
  /** Source files of the folder whose part has no report of a full run. */
  readonly missingFiles: readonly string[];
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly equivalent: number;
  readonly static: number;
  readonly score: number;
  readonly target?: number;
}

const isStatic = (m: Mutant) => m.status === "Ignored" && /^Static mutant/.test(m.statusReason ?? "");

/** Marks a part's last report as narrowed (`--mutate`): it leaves files of the part out. */
export const narrowedMarkerOf = (scope: string, reports = REPORTS) => path.join(reports, `${scope}.narrowed`);

/** Has the part a report of a full run? (A file with nothing to mutate is in no report.) */
const measuredInFull = (scope: string, reports: string) =>
  fs.existsSync(reportOf(scope, reports)) && !fs.existsSync(narrowedMarkerOf(scope, reports));

export function folderScores(report: Report, root: string, reports = REPORTS): FolderScore[] {
  return Object.entries(MUTATION_TARGETS).map(([folder, target]) => {
    const files = Object.entries(report.files).filter(([file]) => file.startsWith(folder));
    const missingFiles = MUTATION_SCOPES.filter((scope) => !measuredInFull(scope, reports))
      .flatMap((scope) => filesOf(scope, root))
      .filter((f) => f.startsWith(folder));
    const mutants = files.flatMap(([, f]) => f.mutants);
    const count = (...s: string[]) => mutants.filter((m) => s.includes(m.status)).length;
    const killed = count("Killed", "Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const tested = killed + survived + noCoverage;
    const statics = mutants.filter(isStatic).length;
    return {
      folder,
      measured: files.length > 0 && missingFiles.length === 0,
      missingFiles,
      killed,
      survived,
      noCoverage,
      equivalent: count("Ignored") - statics,
      static: statics,
      score: tested ? (100 * killed) / tested : 0,
      target,
    };
  });
}

/** The last report of every part that has one, as one report: each file from its own part's
 * report (a part's incremental report keeps files that have since moved to another part). */
export function readMutationReports(reports = REPORTS): Report {
  const files: Report["files"] = {};
  for (const scope of MUTATION_SCOPES) {
    const file = reportOf(scope, reports);
    if (!fs.existsSync(file)) continue;
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as Report;
    for (const [name, result] of Object.entries(report.files)) if (SCOPES[scope](name)) files[name] = result;
  }
  return { files };
}

export function scoreTable(scores: readonly FolderScore[]): string {
  const rows = scores.map((s) => {
    const verdict =
      s.target === undefined ? "" : !s.measured ? "not measured" : s.score >= s.target ? "met" : "MISSED";
    return [
      s.folder.padEnd(8),
      (s.measured ? `${s.score.toFixed(1)} %` : "n/a").padStart(8),
      String(s.killed).padStart(7),
      String(s.survived).padStart(9),
      String(s.noCoverage).padStart(12),
      String(s.equivalent).padStart(11),
      String(s.static).padStart(7),
      (s.target === undefined ? "-" : `>= ${s.target} %`).padStart(8),
      verdict +
        (s.missingFiles.length && s.killed + s.survived
          ? ` (${s.missingFiles.length} files not measured)`
          : ""),
    ].join(" ");
  });
  return ["folder      score  killed  survived  no coverage  equivalent  static   target", ...rows].join(
    "\n",
  );
}

/** Surviving or uncovered mutants of the checks, as "file:line mutator replacement". */
export function checkSurvivors(report: Report): string[] {
  const out: string[] = [];
  for (const [file, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (!CHECK_FILES.test(file)) continue;
    for (const m of f.mutants)
      if (m.status === "Survived" || m.status === "NoCoverage")
        out.push(
          `${file}:${m.location?.start.line} ${m.status} ${m.mutatorName} ${JSON.stringify(m.replacement ?? "")}`,
        );
  }
  return out;
}

/** The scores of the last full measurement, committed (the reports are too large for git), so a
 * fresh clone's bench shows them: docs/mutation-score.json. */
export const RECORDED_SCORE = path.join(__dirname, "..", "docs", "mutation-score.json");
export interface RecordedScore {
  /** The commit whose sources were measured ("+" when the tree had uncommitted changes). */
  readonly commit: string;
  readonly folders: readonly Omit<FolderScore, "missingFiles">[];
  readonly checkSurvivors: number;
}

export function recordScore(scores: readonly FolderScore[], survivors: number, commit: string): void {
  const recorded: RecordedScore = {
    commit,
    folders: scores.map((s) => {
      const { missingFiles, ...rest } = s; // eslint-disable-line @typescript-eslint/no-unused-vars
      return { ...rest, score: Math.round(rest.score * 10) / 10 };
    }),
    checkSurvivors: survivors,
  };
  fs.writeFileSync(RECORDED_SCORE, `${JSON.stringify(recorded, null, 2)}\n`);
}

export function readRecordedScore(): RecordedScore | undefined {
  return fs.existsSync(RECORDED_SCORE)
    ? (JSON.parse(fs.readFileSync(RECORDED_SCORE, "utf8")) as RecordedScore)
    : undefined;
}
