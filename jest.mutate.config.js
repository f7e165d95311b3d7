// The test files Stryker runs against each mutant (npm run mutate): those that exercise policy/,
// envs/ and lib/ in-process. Files that spend their time in Terraform, kubectl, shellcheck or the
// AWS emulator are left out; their code paths show as "no coverage" in the report, not as a pass.
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    "/node_modules/",
    // External tools or whole syntheses per test:
    "apim-layout",
    "bastion-boot",
    "cassandra-boot",
    "compile-cache",
    "deploy-path",
    "determinism",
    "generated-output",
    "gitops-build",
    "lint-rules",
    "network\\.test",
    "offline-terraform",
    "operator-scripts",
    "result-cache",
    "review-plan",
    "saved-plans",
    "shell-scripts",
    "terraform-plan",
    "wait-for",
  ],
};
