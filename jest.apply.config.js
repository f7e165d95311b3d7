// npm run test:apply: the apply run against the AWS emulator (test/apply/), with the same
// transform and the one synth of the run as npm test.
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ["**/apply/*.apply.ts"],
  testSequencer: undefined,
};
