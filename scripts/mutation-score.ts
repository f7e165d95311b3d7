// The mutation score per folder from Stryker's JSON reports (reports/mutation/<scope>.json), as
// npm run mutate prints it and npm run bench reads it. Score = killed (or timed out) / mutants
// that were tested or had no test at all; mutants recorded as equivalent (a `Stryker disable`
// comment with its reason) are left out, as Stryker does.
import * as fs from "fs";
import * as path from "path";

export const MUTATION_SCOPES = ["policy", "envs", "lib"] as const;
const REPORTS = path.join(__dirname, "..", "reports", "mutation");
export const reportOf = (scope: string) => path.join(REPORTS, `${scope}.json`);

/** Folders with a target: the checks and the env rules. lib/ is reported without one. */
export const MUTATION_TARGETS: Readonly<Record<string, number | undefined>> = {
  "policy/": 80,
  "envs/": 80,
  "lib/": undefined,
};

export interface FolderScore {
  readonly folder: string;
  /** No report covers the folder yet. */
  readonly measured: boolean;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly equivalent: number;
  readonly score: number;
  readonly target?: number;
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

export function folderScores(report: Report, root: string): FolderScore[] {
  return Object.entries(MUTATION_TARGETS).map(([folder, target]) => {
    const statuses = Object.entries(report.files)
      .filter(([file]) => path.relative(root, path.resolve(root, file)).startsWith(folder))
      .flatMap(([, f]) => f.mutants.map((m) => m.status));
    const count = (...s: string[]) => statuses.filter((x) => s.includes(x)).length;
    const killed = count("Killed", "Timeout");
    const survived = count("Survived");
    const noCoverage = count("NoCoverage");
    const tested = killed + survived + noCoverage;
    return {
      folder,
      measured: statuses.length > 0,
      killed,
      survived,
      noCoverage,
      equivalent: count("Ignored"),
      score: tested ? (100 * killed) / tested : 0,
      target,
    };
  });
}

/** The last report of every scope that has one, as one report. */
export function readMutationReports(): Report {
  const files: Report["files"] = {};
  for (const scope of MUTATION_SCOPES)
    if (fs.existsSync(reportOf(scope)))
      Object.assign(files, (JSON.parse(fs.readFileSync(reportOf(scope), "utf8")) as Report).files);
  return { files };
}

export function scoreTable(scores: readonly FolderScore[]): string {
  const rows = scores.map((s) =>
    [
      s.folder.padEnd(8),
      (s.measured ? `${s.score.toFixed(1)} %` : "n/a").padStart(8),
      String(s.killed).padStart(7),
      String(s.survived).padStart(9),
      String(s.noCoverage).padStart(12),
      String(s.equivalent).padStart(11),
      (s.target === undefined ? "-" : `>= ${s.target} %`).padStart(8),
      s.target === undefined ? "" : !s.measured ? "not measured" : s.score >= s.target ? "met" : "MISSED",
    ].join(" "),
  );
  return ["folder      score  killed  survived  no coverage  equivalent   target", ...rows].join("\n");
}

/** The survivors of one folder, as "file:line mutator (replacement)", for the report's tail. */
export function survivors(report: Report, folder: string): string[] {
  const out: string[] = [];
  for (const [file, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.startsWith(folder)) continue;
    for (const m of f.mutants as {
      status: string;
      mutatorName?: string;
      replacement?: string;
      location?: { start: { line: number } };
    }[]) {
      if (m.status === "Survived" || m.status === "NoCoverage")
        out.push(
          `${file}:${m.location?.start.line} ${m.status} ${m.mutatorName} ${JSON.stringify(m.replacement ?? "")}`,
        );
    }
  }
  return out;
}
