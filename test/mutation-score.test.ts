// The mutation score's bookkeeping (scripts/mutation-score.ts), on hand-made Stryker reports in a
// folder of the run: each file counts from its own part's report only; a folder is measured only
// when every part that owns its files has a full run; equivalent and static mutants stay out of
// the score; --survivors forgets exactly the surviving and uncovered mutants.
import * as fs from "fs";
import * as path from "path";
import {
  folderScores,
  forgetSurvivors,
  narrowedMarkerOf,
  readMutationReports,
  Report,
  reportOf,
} from "../scripts/mutation-score";
import { testDir } from "./support/synth-output";

const ROOT = path.join(__dirname, "..");
/** The parts that own policy/'s files (scripts/mutation-scopes.js). */
const POLICY_PARTS = [
  "policy-checks",
  "policy-manifest-checks",
  "policy-access",
  "policy-reachability",
  "policy-core",
];

const mutant = (status: string, statusReason?: string) => ({
  status,
  ...(statusReason ? { statusReason } : {}),
});
const KILLED = mutant("Killed");
const SURVIVED = mutant("Survived");
const NO_COVERAGE = mutant("NoCoverage");
const EQUIVALENT = mutant("Ignored", "Stryker disable: no input tells it apart");
const STATIC = mutant("Ignored", 'Static mutant (and "ignoreStatic" was enabled)');

let n = 0;
/** A fresh reports folder with each part's report as given (parts not given have none). */
function reportsFolder(parts: Record<string, Report["files"]>): string {
  const dir = path.join(testDir(), `mutation-reports-${n++}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [part, files] of Object.entries(parts))
    fs.writeFileSync(reportOf(part, dir), JSON.stringify({ files }));
  return dir;
}
const policyOf = (dir: string) =>
  folderScores(readMutationReports(dir), ROOT, dir).find((s) => s.folder === "policy/")!;
const everyPolicyPart = (files: Record<string, Report["files"]>) =>
  Object.fromEntries(POLICY_PARTS.map((p) => [p, files[p] ?? {}]));

test("killed / (killed + survived + no coverage); equivalent and static mutants apart", () => {
  const dir = reportsFolder(
    everyPolicyPart({
      "policy-checks": {
        "policy/checks/ecr.ts": { mutants: [KILLED, KILLED, KILLED, SURVIVED, EQUIVALENT, STATIC, STATIC] },
      },
    }),
  );
  expect(policyOf(dir)).toMatchObject({
    measured: true,
    killed: 3,
    survived: 1,
    noCoverage: 0,
    equivalent: 1,
    static: 2,
    score: 75,
  });
});

test("a file counts from the report of the part that owns it, not from a stale copy in another", () => {
  // policy-core's incremental report still holds the access report from before the parts split.
  const dir = reportsFolder(
    everyPolicyPart({
      "policy-core": { "policy/access-report.ts": { mutants: [NO_COVERAGE, NO_COVERAGE] } },
      "policy-access": { "policy/access-report.ts": { mutants: [KILLED, SURVIVED] } },
    }),
  );
  expect(policyOf(dir)).toMatchObject({ killed: 1, survived: 1, noCoverage: 0, score: 50 });
});

test("a folder is not measured while a part owning its files has no report", () => {
  const parts = everyPolicyPart({});
  delete parts["policy-reachability"];
  const score = policyOf(reportsFolder(parts));
  expect(score.measured).toBe(false);
  expect(score.missingFiles).toContain("policy/reachability.ts");
  expect(score.missingFiles).not.toContain("policy/access-report.ts");
});

test("a folder is not measured when a part's last run was narrowed with --mutate", () => {
  const dir = reportsFolder(
    everyPolicyPart({ "policy-checks": { "policy/checks/ecr.ts": { mutants: [KILLED] } } }),
  );
  expect(policyOf(dir).measured).toBe(true);
  fs.writeFileSync(narrowedMarkerOf("policy-core", dir), "");
  expect(policyOf(dir)).toMatchObject({ measured: false });
  expect(policyOf(dir).missingFiles).toContain("policy/terraform-model.ts");
});

test("--survivors forgets the surviving and uncovered mutants of the part's incremental file, nothing else", () => {
  const dir = reportsFolder({});
  const incremental = path.join(dir, "policy-core-incremental.json");
  fs.writeFileSync(
    incremental,
    JSON.stringify({
      files: {
        "policy/evaluate.ts": { mutants: [KILLED, SURVIVED, NO_COVERAGE, EQUIVALENT] },
        "policy/check.ts": { mutants: [SURVIVED, mutant("Timeout")] },
      },
    }),
  );
  expect(forgetSurvivors("policy-core", dir)).toBe(3);
  const kept = JSON.parse(fs.readFileSync(incremental, "utf8")) as Report;
  expect(kept.files["policy/evaluate.ts"].mutants.map((m) => m.status)).toEqual(["Killed", "Ignored"]);
  expect(kept.files["policy/check.ts"].mutants.map((m) => m.status)).toEqual(["Timeout"]);
  expect(forgetSurvivors("policy-checks", dir)).toBe(0); // no incremental file: nothing to forget
});
