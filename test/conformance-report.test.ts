// The report never claims more than the checks show.
import { TERRAFORM_CHECKS } from "../policy/checks";
import { requirementRows } from "../policy/conformance-report";
import { evaluate } from "../policy/evaluate";
import { PROVEN_AT_RUNTIME, REQUIRED_EVIDENCE } from "../policy/requirement-evidence";
import { REQUIREMENTS } from "../policy/requirements";
import { TerraformModel } from "../policy/terraform-model";
import { fixture as T33 } from "./fixtures/terraform/T33";
import { fixture as T37 } from "./fixtures/terraform/T37";

const check = (id: string) => TERRAFORM_CHECKS.filter((c) => c.id === id);
const status = (rows: ReturnType<typeof requirementRows>, id: string) =>
  rows.find((r) => r.id === id)?.status;

test("lists every requirement of the catalog exactly once", () => {
  const rows = requirementRows(evaluate([], new TerraformModel([]), []));
  expect(rows.map((r) => r.id)).toEqual(REQUIREMENTS.map((r) => r.id));
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["not yet"]));
});

test("a requirement is failing when a check serving it fails", () => {
  const rows = requirementRows(evaluate(check("T33"), new TerraformModel(T33.bad), []));
  expect(status(rows, "BAK-1")).toBe("failing");
});

test("met needs every required check; with some missing it is partial", () => {
  expect(status(requirementRows(evaluate(check("T37"), new TerraformModel(T37.good), [])), "GEN-4")).toBe(
    "met",
  );
  const backup = requirementRows(evaluate(check("T33"), new TerraformModel(T33.good), []));
  expect(status(backup, "BAK-1")).toBe("partial");
  expect(backup.find((r) => r.id === "BAK-1")?.evidence).toContain("awaiting R1");
});

test("the evidence table names known requirements", () => {
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  expect(Object.keys(REQUIRED_EVIDENCE).filter((id) => !known.has(id))).toEqual([]);
  expect(Object.keys(PROVEN_AT_RUNTIME).filter((id) => !known.has(id))).toEqual([]);
});
