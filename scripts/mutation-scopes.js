// The parts npm run mutate runs Stryker on, one at a time, each with its own report: one place for
// which source file belongs to which part. stryker.config.mjs mutates a part's files;
// scripts/mutation-score.ts counts each file from its own part's report only (Stryker's
// incremental report keeps files that once belonged to a part). policy/ is cut into five parts,
// lib/ and tools/ into three each, so that each finishes in minutes and runs only the tests that
// guard it (jest.mutate.config.js).
"use strict";
const fs = require("fs");
const path = require("path");

const CHECKS = /^policy\/(checks\/|manifest-checks\/|repository-checks\.ts$)/;
const ACCESS = /^policy\/(access-[^/]*|policy-references)\.ts$/;
const REACHABILITY = /^policy\/(reachability[^/]*|capacity-report)\.ts$/;
const LIB_MANIFESTS = /^lib\/(manifests\/|cluster-vars\.ts$|image-contract\.ts$|cassandra-keyspaces\.ts$)/;
const LIB_POLICIES =
  /^lib\/(policies\/|controllers\/|(access-table|iam-policy|flux-charts|node-roles|alb-log-prefixes)\.ts$)/;
const TOOLS_REVIEW = /^tools\/review\//;
const TOOLS_MANIFESTS = /^tools\/(kustomize|output)\//;

/** Part -> does a file (repository-relative, "/"-separated) belong to it. */
const SCOPES = {
  "policy-checks": (f) => f.startsWith("policy/checks/"),
  "policy-manifest-checks": (f) => CHECKS.test(f) && !f.startsWith("policy/checks/"),
  // The IAM engine and the access table it simulates.
  "policy-access": (f) => ACCESS.test(f),
  // Reachability and capacity over the built manifests and node groups.
  "policy-reachability": (f) => REACHABILITY.test(f),
  // The rest of policy/: models, evaluation, exemptions, the conformance report.
  "policy-core": (f) => f.startsWith("policy/") && ![CHECKS, ACCESS, REACHABILITY].some((r) => r.test(f)),
  envs: (f) => f.startsWith("envs/"),
  // lib/ in three parts, for the same reason.
  "lib-manifests": (f) => LIB_MANIFESTS.test(f),
  "lib-policies": (f) => LIB_POLICIES.test(f),
  "lib-core": (f) => f.startsWith("lib/") && ![LIB_MANIFESTS, LIB_POLICIES].some((r) => r.test(f)),
  // tools/ in three: the review; kustomize-lite, the cluster build and the output tree; the rest
  // (the synth driver, the Terraform CLI and its settings).
  "tools-review": (f) => TOOLS_REVIEW.test(f),
  "tools-manifests": (f) => TOOLS_MANIFESTS.test(f),
  "tools-core": (f) => f.startsWith("tools/") && ![TOOLS_REVIEW, TOOLS_MANIFESTS].some((r) => r.test(f)),
};

/** The TypeScript sources of a part, sorted. */
function filesOf(scope, root = path.join(__dirname, "..")) {
  const belongs = SCOPES[scope];
  return ["policy", "envs", "lib", "tools"]
    .flatMap((dir) =>
      fs
        .readdirSync(path.join(root, dir), { recursive: true })
        .map((f) => `${dir}/${f.split(path.sep).join("/")}`),
    )
    .filter((f) => f.endsWith(".ts") && belongs(f))
    .sort();
}

module.exports = { SCOPES, filesOf, CHECK_FILES: CHECKS };
