// npm run mutate: Stryker mutates one folder at a time (MUTATE_SCOPE, set by scripts/mutate.ts:
// policy, envs or lib) and runs the tests that guard that folder (jest.mutate.config.js). A
// surviving mutant is a change to the code that no test notices. Not part of npm test: a full run
// takes about an hour on two cores; each scope's incremental file makes a rerun test only the
// mutants of changed code or changed tests.
const scope = process.env.MUTATE_SCOPE;
if (!["policy", "envs", "lib"].includes(scope ?? ""))
  throw new Error("MUTATE_SCOPE must be policy, envs or lib: run npm run mutate");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: { configFile: "jest.mutate.config.js", enableFindRelatedTests: false },
  coverageAnalysis: "perTest",
  mutate: [`${scope}/**/*.ts`],
  // Static mutants (code that runs once, when a module loads: a check's `types` list, the example
  // envs' data) would each need every test rerun; they are not tested, and the score lists them in
  // a column of their own (scripts/mutation-score.ts), never as killed.
  ignoreStatic: true,
  concurrency: 2,
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
