// npm run mutate: Stryker mutates one part of the code at a time (MUTATE_SCOPE, set by
// scripts/mutate.ts; the parts and their files: scripts/mutation-scopes.js) and runs the tests that guard its folder (jest.mutate.config.js). A surviving
// mutant is a change to the code that no test notices. Not part of npm test: a full run takes
// hours on two cores, so policy/ is cut into five scopes, each with its own report and
// incremental file: a scope's results stay when another runs, and a rerun tests only the mutants
// of changed code or changed tests.
import { createRequire } from "module";
const { SCOPES, filesOf } = createRequire(import.meta.url)("./scripts/mutation-scopes.js");
const scope = process.env.MUTATE_SCOPE;
if (!Object.hasOwn(SCOPES, scope ?? ""))
  throw new Error(`MUTATE_SCOPE must be one of ${Object.keys(SCOPES).join(", ")}: run npm run mutate`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  // Jest loads every test file of the part for each mutant unless it may narrow them to the files
  // that import the mutated one. The check fixtures are loaded by listing their folder, an import
  // jest cannot see, so only the lib/ and tools/ parts narrow (their tests import what they test).
  jest: {
    configFile: "jest.mutate.config.js",
    enableFindRelatedTests: scope.startsWith("lib-") || scope.startsWith("tools-"),
  },
  coverageAnalysis: "perTest",
  mutate: filesOf(scope),
  // Static mutants (code that runs once, when a module loads: a check's `types` list, the example
  // envs' data) would each need every test rerun; they are not tested, and the score lists them in
  // a column of their own (scripts/mutation-score.ts), never as killed.
  ignoreStatic: true,
  concurrency: 2,
  // Jest keeps memory across runs in one process: without a fresh runner every few dozen mutants
  // the heap grows past a gigabyte and the rate falls fourfold within the hour.
  maxTestRunnerReuse: 40,
  timeoutMS: 60000,
  reporters: ["progress-append-only", "json", "html"],
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  incremental: true,
  incrementalFile: `reports/mutation/${scope}-incremental.json`,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
