// The conformance report's access table section: every row with its expected and simulated
// result, and a plain note instead of a crash when the engine (a dev dependency) is missing.
import { ACCESS_TABLE } from "../lib/access-table";
import { accessTableSection } from "../policy/access-report";
import { exampleEnvs, terraformModel } from "./support/synth-output";

test("lists every row with its expected and simulated result", () => {
  const lines = accessTableSection(exampleEnvs()[0], terraformModel());
  expect(lines).toContain(`${ACCESS_TABLE.length} of ${ACCESS_TABLE.length} rows as expected.`);
  for (const row of ACCESS_TABLE) {
    expect(
      lines.some((l) => l.startsWith(`| ${row.id} |`) && l.includes(`| ${row.expected} | ${row.expected} |`)),
    ).toBe(true);
  }
});

test("says the table was not simulated when the engine is not installed", () => {
  jest.isolateModules(() => {
    jest.doMock("@cloud-copilot/iam-simulate", () => {
      throw new Error("Cannot find module '@cloud-copilot/iam-simulate'");
    });
    // A fresh module registry, so the report's lazy require meets the missing engine.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fresh = require("../policy/access-report") as typeof import("../policy/access-report");
    const lines = fresh.accessTableSection(exampleEnvs()[0], terraformModel());
    expect(lines.join("\n")).toMatch(/Not simulated: the engine .* is not installed/);
    // The note is a paragraph of its own: a blank line before the next section.
    expect(lines.at(-1)).toBe("");
  });
});
