// The tests Stryker runs against each mutant of one folder (npm run mutate; MUTATE_SCOPE). A check
// is guarded by its own fixtures, not by the sweep over the real output (checks.test.ts), which
// would hide a weak fixture; the env rules by the config and transition cases. Tests that spend
// their time in Terraform, kubectl, shellcheck, the sandbox or the AWS emulator, or that synthesize
// again, are left out. The example envs are synthesized once, unmutated, before Stryker starts
// (scripts/mutate.ts): code that only shapes the synth output counts as "survived" or "no
// coverage", so the score says what the unit-level tests notice.
const base = require("./jest.config");

const TESTS = {
  // The checks' own cases and the report's status rules. The simulations over the real output
  // (access table, capacity, reachability) take seconds per run: a mutant that only they notice
  // counts as "no coverage" here.
  policy: ["check-fixtures", "check-conditions", "conformance-report"],
  envs: ["config", "transitions"],
  lib: [
    "access-table",
    "cassandra-keyspaces",
    "chart-values",
    "controller-reference-policies",
    "delivery",
    "iam-actions",
    "image-contract",
    "internal-alb",
    "review",
    "provider-mirror",
    "rollouts",
    "storage-sizing",
    "subnet-plan",
    "waf",
  ],
};

// A scope is a folder, or a part of one (policy-checks): the folder's tests guard it.
const scope = (process.env.MUTATE_SCOPE ?? "").split("-")[0];
if (!TESTS[scope]) throw new Error("MUTATE_SCOPE must name a folder's part: run npm run mutate");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: TESTS[scope].map((f) => `<rootDir>/test/${f}.test.ts`),
  // The run's synth is made once by scripts/mutate.ts; nothing to order.
  testSequencer: undefined,
};
