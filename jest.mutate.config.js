// The tests Stryker runs against each mutant of one folder (npm run mutate; MUTATE_SCOPE). A check
// is guarded by its own fixtures, not by the sweep over the real output (checks.test.ts), which
// would hide a weak fixture; the env rules by the config and transition cases. Tests that spend
// their time in Terraform, kubectl, shellcheck, the sandbox or the AWS emulator, or that synthesize
// again, are left out. The example envs are synthesized once, unmutated, before Stryker starts
// (scripts/mutate.ts): code that only shapes the synth output counts as "survived" or "no
// coverage", so the score says what the unit-level tests notice.
const base = require("./jest.config");

// The checks' own cases and the report's status rules. A check is judged by these alone: the
// simulations over the real output would hide a weak fixture.
const CHECK_TESTS = ["check-fixtures", "check-conditions", "conformance-report"];

// The manifests and the data around them (lib-manifests, tools-manifests), and the rest of lib/
// and tools/ (lib-core, tools-core).
const MANIFEST_TESTS = ["apim-layout", "image-contract", "cassandra-keyspaces"];
const CORE_TESTS = [
  "capacity",
  "delivery",
  "internal-alb",
  "provider-mirror",
  "rollouts",
  "storage-sizing",
  "subnet-plan",
  "waf",
];

const TESTS = {
  "policy-checks": CHECK_TESTS,
  "policy-manifest-checks": CHECK_TESTS,
  // The IAM engine: its own cases, then the access table and the controllers' reference policies
  // simulated over the synthesized policies.
  "policy-access": ["access-engine", "access-table", "access-report", "controller-reference-policies"],
  // Reachability and capacity: their own cases, then the simulations over the built manifests
  // and node groups.
  "policy-reachability": [
    "reachability-engine",
    "capacity-report",
    "capacity",
    "reachability",
    "alb-reachability",
    "pod-flows",
  ],
  // The models, evaluation and report: the checks' cases and the flow table's rules.
  "policy-core": [...CHECK_TESTS, "network", "pod-flows", "reachability"],
  envs: ["config", "transitions"],
  // lib/ and tools/: the tests of each part's modules.
  "lib-manifests": MANIFEST_TESTS,
  "lib-policies": ["access-table", "controller-reference-policies", "iam-actions", "chart-values"],
  "lib-core": CORE_TESTS,
  "tools-review": ["review"],
  "tools-manifests": MANIFEST_TESTS,
  "tools-core": CORE_TESTS,
};

const scope = process.env.MUTATE_SCOPE ?? "";
if (!TESTS[scope]) throw new Error("MUTATE_SCOPE must name a part: run npm run mutate");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: TESTS[scope].map((f) => `<rootDir>/test/${f}.test.ts`),
  // The run's synth is made once by scripts/mutate.ts; nothing to order.
  testSequencer: undefined,
};
