// npm run mutate: Stryker mutates the checks (policy/), the env config and its rules (envs/) and the
// data and logic under lib/, and runs the tests that exercise them in-process (jest.mutate.config.js).
// A surviving mutant is a change to the code that no test notices. Not part of npm test: it takes
// tens of minutes on two cores; the incremental file makes a rerun only test what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: { configFile: "jest.mutate.config.js", enableFindRelatedTests: false },
  coverageAnalysis: "perTest",
  mutate: ["policy/**/*.ts", "envs/**/*.ts", "lib/**/*.ts"],
  // Types, comments and log text are not behaviour.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 60000,
  reporters: ["progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
