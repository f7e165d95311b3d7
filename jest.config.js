// Tests run on the swc transformer (type-checking is `tsc --noEmit`, run before jest by npm test).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  // No timeout below CI's own limit (90 min) decides a test's outcome: slowness belongs in
  // npm run bench, not in a red test on a busy machine.
  testTimeout: 90 * 60 * 1000,
  maxWorkers: 2,
  // Not under the temp folder: a run leaves nothing in it (.ci/run checks).
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  testSequencer: "<rootDir>/test/support/sequencer.js",
};
