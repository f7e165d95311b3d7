// The report never claims more than the checks show.
import { TERRAFORM_CHECKS } from "../policy/checks";
import { requirementRows } from "../policy/conformance-report";
import { combine, evaluate } from "../policy/evaluate";
import { BEHAVIOR_PROOFS, BEHAVIORAL_REQUIREMENTS } from "../policy/behavior-evidence";
import { PROVEN_AT_RUNTIME, REQUIRED_EVIDENCE } from "../policy/requirement-evidence";
import { REQUIREMENTS } from "../policy/requirements";
import { TerraformModel } from "../policy/terraform-model";
import { fixture as T33 } from "./fixtures/terraform/T33";
import { fixture as T37 } from "./fixtures/terraform/T37";
import { fixture as K28 } from "./fixtures/manifests/K28";
import { fixture as P8 } from "./fixtures/terraform/P8";
import { MANIFEST_CHECKS } from "../policy/manifest-checks";
import { ManifestModel } from "../policy/manifest-model";
import { fixture as P31 } from "./fixtures/terraform/P31";
import * as fs from "fs";
import * as path from "path";

const check = (id: string) => TERRAFORM_CHECKS.filter((c) => c.id === id);
const status = (rows: ReturnType<typeof requirementRows>, id: string) =>
  rows.find((r) => r.id === id)?.status;

test("lists every requirement of the catalog exactly once", () => {
  const rows = requirementRows(evaluate([], new TerraformModel([]), []));
  expect(rows.map((r) => r.id)).toEqual(REQUIREMENTS.map((r) => r.id));
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["not yet"]));
});

test("a requirement is failing when a check serving it fails", () => {
  const rows = requirementRows(evaluate(check("T33"), new TerraformModel(T33.bad[0].input), []));
  expect(status(rows, "BAK-1")).toBe("failing");
});

test("met needs every required check; with some missing it is partial", () => {
  // SEC-2 (the tag strategy) is declared configuration: its check alone makes it met.
  expect(BEHAVIORAL_REQUIREMENTS).not.toContain("SEC-2");
  expect(status(requirementRows(evaluate(check("T37"), new TerraformModel(T37.good), [])), "SEC-2")).toBe(
    "met",
  );
  const backup = requirementRows(evaluate(check("T33"), new TerraformModel(T33.good), []));
  expect(status(backup, "BAK-1")).toBe("partial");
  expect(backup.find((r) => r.id === "BAK-1")?.evidence).toContain("awaiting R1");
});

test("a requirement whose only failures are exempted is 'met with exemptions', naming each", () => {
  // SEC-2 is met by T37 alone (above); here T37 also fails on one subject, and the project exempts it.
  const failing = T37.bad[0];
  const model = new TerraformModel([
    ...T37.good,
    ...failing.input.map((s) => ({ ...s, name: `x${s.name}` })),
  ]);
  const exemption = { check: "T37", subject: `x${failing.finding.subject}`, reason: "accepted for the test" };
  const row = requirementRows(evaluate(check("T37"), model, [exemption])).find((r) => r.id === "SEC-2")!;
  expect(row.status).toBe("met with exemptions");
  expect(row.evidence).toContain(`exempted: T37 x${failing.finding.subject} (accepted for the test)`);
  // Without the exemption the same failure makes it failing; with nothing failing it is plain met.
  expect(status(requirementRows(evaluate(check("T37"), model, [])), "SEC-2")).toBe("failing");
  expect(
    status(requirementRows(evaluate(check("T37"), new TerraformModel(T37.good), [exemption])), "SEC-2"),
  ).toBe("met");
});

test("a requirement whose checks only fail, each failure exempted, is partial, naming the exemptions", () => {
  // A check of its own for SEC-2 that judges one subject and fails it.
  const only = {
    id: "X1",
    title: "fails its one subject",
    requirements: ["SEC-2"],
    evaluate: () => [{ subject: "env-x/thing", ok: false, message: "wrong" }],
  };
  const exemption = { check: "X1", subject: "env-x/*", reason: "accepted for the test" };
  const row = requirementRows(evaluate([only], null, [exemption])).find((r) => r.id === "SEC-2");
  expect(row).toEqual({
    id: "SEC-2",
    status: "partial",
    evidence: "no passing check; only exempted failures; exempted: X1 env-x/thing (accepted for the test)",
  });
});

test("the evidence table names known requirements", () => {
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  // Entries the tests above rely on: BAK-1 awaits R1, SEC-5 needs P8 and K28; PERF-1 is measured.
  expect(REQUIRED_EVIDENCE["BAK-1"]).toContain("R1");
  expect(REQUIRED_EVIDENCE["SEC-5"]).toEqual(["P8", "K28"]);
  expect(Object.keys(PROVEN_AT_RUNTIME)).toContain("PERF-1");
  expect(Object.keys(REQUIRED_EVIDENCE).filter((id) => !known.has(id))).toEqual([]);
  expect(Object.keys(PROVEN_AT_RUNTIME).filter((id) => !known.has(id))).toEqual([]);
});

test("a behavioral requirement with passing checks but no proof of its behavior is partial", () => {
  // SEC-5 (each pod receives exactly its secrets) is behavior; nothing runs or simulates it yet.
  expect(BEHAVIORAL_REQUIREMENTS).toContain("SEC-5");
  expect(BEHAVIOR_PROOFS.filter((p) => p.requirements.includes("SEC-5"))).toEqual([]);
  // Both checks SEC-5 needs pass (the secrets exist; pods receive secrets by reference) ...
  const k28 = MANIFEST_CHECKS.filter((c) => c.id === "K28");
  const evaluation = combine(
    evaluate(check("P8"), new TerraformModel(P8.good), []),
    evaluate(k28, new ManifestModel("env", K28.good), []),
  );
  const row = requirementRows(evaluation).find((r) => r.id === "SEC-5")!;
  // ... and still it is partial, saying why.
  expect(row.status).toBe("partial");
  expect(row.evidence).toMatch(
    /^P8 \(\d+ passed\), K28 \(\d+ passed\); declared only: no executed or simulated proof/,
  );
});

test("a behavioral requirement with a proof is met and names the proof's kind", () => {
  // NET-2's checks over a fixture, and the security-group permission simulation of npm test.
  const rows = requirementRows(evaluate(check("P31"), new TerraformModel(P31.good), []));
  const row = rows.find((r) => r.id === "NET-2")!;
  expect(row.status).toBe("met");
  expect(row.evidence).toContain("simulated: security-group-permissions");
});

test("every proof names a test file that exists and known requirement ids", () => {
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  // Proofs the report is known to name (NET-2's above among them).
  expect(BEHAVIOR_PROOFS.map((p) => p.id)).toEqual(
    expect.arrayContaining(["cassandra-boot", "access-table", "security-group-permissions", "reachability"]),
  );
  for (const proof of BEHAVIOR_PROOFS) {
    const file = path.join(__dirname, "..", proof.test);
    expect({ proof: proof.id, exists: fs.existsSync(file) }).toEqual({ proof: proof.id, exists: true });
    expect(fs.readFileSync(file, "utf8")).toMatch(/\b(test|it)(\.each\([^)]*\))?\(/);
    expect(proof.requirements.filter((r) => !known.has(r))).toEqual([]);
  }
  expect(BEHAVIORAL_REQUIREMENTS.filter((r) => !known.has(r))).toEqual([]);
  expect(new Set(BEHAVIOR_PROOFS.map((p) => p.id)).size).toBe(BEHAVIOR_PROOFS.length);
});
