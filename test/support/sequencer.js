// Starts the suites that take longest first (real Terraform, the cdktf CLI, the sandbox, kustomize),
// so that the two workers finish together instead of one waiting on a long suite started last.
// Jest orders by the durations it cached from earlier runs; a fresh clone (CI) has none.
"use strict";
const Sequencer = require("@jest/test-sequencer").default;

const LONGEST_FIRST = [
  "review-plan.test.ts",
  "terraform-plan.test.ts",
  "deploy-path.test.ts",
  "cassandra-boot.test.ts",
  "gitops-build.test.ts",
  "generated-output.test.ts",
  "offline-terraform.test.ts",
  "review.test.ts",
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = LONGEST_FIRST.findIndex((name) => t.path.endsWith(name));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
