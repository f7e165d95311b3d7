// The checks over the real synth output and the repository's own files, with the exemption list
// (each check's own good and bad cases are in check-fixtures.test.ts).
import * as path from "path";
import { TERRAFORM_CHECKS } from "../policy/checks";
import { MANIFEST_CHECKS } from "../policy/manifest-checks";
import { REPOSITORY_CHECKS } from "../policy/repository-checks";
import { ManifestModel } from "../policy/manifest-model";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";
import { combine, evaluate } from "../policy/evaluate";
import { EXEMPTIONS } from "../policy/exemptions";
import { REQUIREMENTS } from "../policy/requirements";
import { RepositoryModel } from "../policy/repository-model";
import { TerraformModel } from "../policy/terraform-model";
import { fixture as T33_FIXTURE } from "./fixtures/terraform/T33";

describe.each(exampleEnvs().map((e) => [e.name, e] as const))("the %s cluster's manifests", (_n, env) => {
  const model = new ManifestModel(env.name, clusterObjects(env.name));
  const evaluation = evaluate(MANIFEST_CHECKS, model, EXEMPTIONS);

  test("pass every manifest check, or are exempted with a reason", () => {
    expect(evaluation.failures.map((f) => `${f.check} ${f.subject}: ${f.message}`)).toEqual([]);
  });

  test("give every manifest check something to judge", () => {
    // The sweep runs the manifest checks (those judged case by case in check-conditions among them).
    expect(evaluation.outcomes.map((o) => o.check.id)).toEqual(
      expect.arrayContaining(["K1", "K2", "K6", "K22", "K23", "K25", "K28"]),
    );
    expect(evaluation.outcomes.filter((o) => o.findings.length === 0).map((o) => o.check.id)).toEqual([]);
  });
});

describe("the synthesized stacks", () => {
  const evaluation = evaluate(TERRAFORM_CHECKS, terraformModel(), EXEMPTIONS);

  test("pass every check, or are exempted with a reason", () => {
    expect(evaluation.failures.map((f) => `${f.check} ${f.subject}: ${f.message}`)).toEqual([]);
  });

  test("use every exemption, Terraform and manifests together (a stale exemption fails the run)", () => {
    const manifests = exampleEnvs().map((env) =>
      evaluate(MANIFEST_CHECKS, new ManifestModel(env.name, clusterObjects(env.name)), EXEMPTIONS),
    );
    expect(combine(evaluation, ...manifests).unusedExemptions).toEqual([]);
  });

  test("give every check something to judge", () => {
    expect(evaluation.outcomes.map((o) => o.check.id)).toEqual(
      expect.arrayContaining(["T18", "T33", "T37", "P8", "P31"]),
    );
    expect(evaluation.outcomes.filter((o) => o.findings.length === 0).map((o) => o.check.id)).toEqual([]);
  });

  test("every check serves only known requirement ids", () => {
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    const checks = [...TERRAFORM_CHECKS, ...MANIFEST_CHECKS, ...REPOSITORY_CHECKS];
    expect(
      checks.flatMap((c) => c.requirements.filter((r) => !known.has(r)).map((r) => `${c.id}: ${r}`)),
    ).toEqual([]);
  });

  test("check ids are unique", () => {
    const ids = [...TERRAFORM_CHECKS, ...MANIFEST_CHECKS, ...REPOSITORY_CHECKS].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

test("the repository's own pipeline and runbooks pass every repository check", () => {
  const evaluation = evaluate(
    REPOSITORY_CHECKS,
    RepositoryModel.fromRoot(path.join(__dirname, "..")),
    EXEMPTIONS,
  );
  expect(evaluation.failures.map((f) => `${f.check} ${f.subject}: ${f.message}`)).toEqual([]);
  expect(evaluation.outcomes.map((o) => [o.check.id, o.findings.length])).toEqual(
    REPOSITORY_CHECKS.map((c) => [c.id, 1]),
  );
});

describe("exemption matching", () => {
  test("an exemption matching nothing is reported unused, and a matching one covers the failure", () => {
    const model = new TerraformModel(T33_FIXTURE.bad[0].input);
    const T33 = TERRAFORM_CHECKS.find((c) => c.id === "T33")!;
    const used = { check: "T33", subject: "env-data/aws_s3_bucket.*", reason: "fixture" };
    const unused = { check: "T33", subject: "nowhere/*", reason: "fixture" };
    const result = evaluate([T33], model, [used, unused]);
    expect(result.failures).toEqual([]);
    expect(result.unusedExemptions).toEqual([unused]);
  });
});
