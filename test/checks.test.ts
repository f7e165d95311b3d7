// Every check can fail: each has a good and a bad fixture; the good one passes (and is not vacuous),
// the bad one fails. Then the checks run over the real synth output with the exemption list.
import * as fs from "fs";
import * as path from "path";
import { TERRAFORM_CHECKS } from "../policy/checks";
import { MANIFEST_CHECKS } from "../policy/manifest-checks";
import { REPOSITORY_CHECKS } from "../policy/repository-checks";
import { REPOSITORY_FIXTURES } from "./fixtures/repository/fixtures";
import { ManifestModel } from "../policy/manifest-model";
import { ManifestFixture } from "./fixtures/manifests/fixture";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";
import { combine, evaluate } from "../policy/evaluate";
import { EXEMPTIONS } from "../policy/exemptions";
import { REQUIREMENTS } from "../policy/requirements";
import { TerraformModel } from "../policy/terraform-model";
import { CheckFixture } from "./fixtures/terraform/fixture";

function loadFixture<F>(kind: "terraform" | "manifests", id: string): F {
  const file = path.join(__dirname, "fixtures", kind, `${id}.ts`);
  if (!fs.existsSync(file)) throw new Error(`check ${id} has no fixture at test/fixtures/${kind}/${id}.ts`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- fixtures are found by check id
  return require(file).fixture as F;
}
const fixtureOf = (id: string) => loadFixture<CheckFixture>("terraform", id);

describe.each(TERRAFORM_CHECKS.map((c) => [c.id, c] as const))("check %s", (_id, check) => {
  test("passes its good fixture", () => {
    const findings = check.evaluate(new TerraformModel(fixtureOf(check.id).good));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
  });

  test("fails its bad fixture", () => {
    const findings = check.evaluate(new TerraformModel(fixtureOf(check.id).bad));
    expect(findings.filter((f) => !f.ok).length).toBeGreaterThan(0);
  });

  test("serves only known requirement ids", () => {
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    expect(check.requirements.filter((r) => !known.has(r))).toEqual([]);
  });
});

describe.each(MANIFEST_CHECKS.map((c) => [c.id, c] as const))("check %s", (_id, check) => {
  const fixture = () => loadFixture<ManifestFixture>("manifests", check.id);

  test("passes its good fixture", () => {
    const findings = check.evaluate(new ManifestModel("env", fixture().good));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
  });

  test("fails its bad fixture", () => {
    expect(
      check.evaluate(new ManifestModel("env", fixture().bad)).filter((f) => !f.ok).length,
    ).toBeGreaterThan(0);
  });
});

describe.each(exampleEnvs().map((e) => [e.name, e] as const))("the %s cluster's manifests", (_n, env) => {
  const model = new ManifestModel(env.name, clusterObjects(env.name));
  const evaluation = evaluate(MANIFEST_CHECKS, model, EXEMPTIONS);

  test("pass every manifest check, or are exempted with a reason", () => {
    expect(evaluation.failures.map((f) => `${f.check} ${f.subject}: ${f.message}`)).toEqual([]);
  });

  test("give every manifest check something to judge", () => {
    expect(evaluation.outcomes.filter((o) => o.findings.length === 0).map((o) => o.check.id)).toEqual([]);
  });
});

describe.each(REPOSITORY_CHECKS.map((c) => [c.id, c] as const))("check %s", (_id, check) => {
  const fixture = () => {
    const make = REPOSITORY_FIXTURES[check.id];
    if (!make) throw new Error(`check ${check.id} has no fixture in test/fixtures/repository/fixtures.ts`);
    return make();
  };

  test("passes the repository", () => {
    const findings = check.evaluate(fixture().good);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
  });

  test("fails when a needed step is taken out", () => {
    expect(check.evaluate(fixture().bad).filter((f) => !f.ok).length).toBeGreaterThan(0);
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
    expect(evaluation.outcomes.filter((o) => o.findings.length === 0).map((o) => o.check.id)).toEqual([]);
  });

  test("check ids are unique", () => {
    const ids = [...TERRAFORM_CHECKS, ...MANIFEST_CHECKS, ...REPOSITORY_CHECKS].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("exemption matching", () => {
  test("an exemption matching nothing is reported unused, and a matching one covers the failure", () => {
    const model = new TerraformModel(fixtureOf("T33").bad);
    const T33 = TERRAFORM_CHECKS.find((c) => c.id === "T33")!;
    const used = { check: "T33", subject: "env-data/aws_s3_bucket.*", reason: "fixture" };
    const unused = { check: "T33", subject: "nowhere/*", reason: "fixture" };
    const result = evaluate([T33], model, [used, unused]);
    expect(result.failures).toEqual([]);
    expect(result.unusedExemptions).toEqual([unused]);
  });
});

test("P21 notices a lowered throughput threshold in the load test", () => {
  const { loweredThreshold } = jest.requireActual("./fixtures/manifests/P21");
  const P21 = MANIFEST_CHECKS.find((c) => c.id === "P21")!;
  expect(P21.evaluate(new ManifestModel("prod", loweredThreshold))).toEqual([
    expect.objectContaining({ ok: false, message: expect.stringContaining("passthrough-1kb") }),
  ]);
});
