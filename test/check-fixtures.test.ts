// Every check can fail, for the right reason. Each check has a good fixture, written by hand, that
// passes (and gives the check something to judge), and bad cases that each hold one violation:
// evaluated alone, a bad case must produce exactly the one failing finding it names.
import * as fs from "fs";
import * as path from "path";
import { TERRAFORM_CHECKS } from "../policy/checks";
import { MANIFEST_CHECKS } from "../policy/manifest-checks";
import { REPOSITORY_CHECKS } from "../policy/repository-checks";
import { PLACEMENT_CHECKS } from "../policy/capacity-check";
import { PlacementInput } from "./fixtures/placement/P32";
import { Check } from "../policy/check";
import { ManifestModel } from "../policy/manifest-model";
import { TerraformModel } from "../policy/terraform-model";
import { RepositoryModel } from "../policy/repository-model";
import { TerraformStackModel } from "../policy/terraform-model";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { Fixture } from "./fixtures/bad-case";
import { REPOSITORY_FIXTURES } from "./fixtures/repository/fixtures";

const FIXTURES = path.join(__dirname, "fixtures");

function loadFixture<I>(kind: "terraform" | "manifests" | "placement", id: string): Fixture<I> {
  const file = path.join(FIXTURES, kind, `${id}.ts`);
  if (!fs.existsSync(file)) throw new Error(`check ${id} has no fixture at test/fixtures/${kind}/${id}.ts`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- fixtures are found by check id
  return require(file).fixture as Fixture<I>;
}

function repositoryFixture(id: string): Fixture<RepositoryModel> {
  const fixture = REPOSITORY_FIXTURES[id];
  if (!fixture) throw new Error(`check ${id} has no fixture in test/fixtures/repository/fixtures.ts`);
  return fixture;
}

function describeFixture<M, I>(check: Check<M>, fixture: Fixture<I>, model: (input: I) => M): void {
  describe(`check ${check.id}`, () => {
    test("passes its good fixture, judging something", () => {
      const findings = check.evaluate(model(fixture.good));
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => !f.ok)).toEqual([]);
      // A pass is evidence in the conformance report: it names its subject and says what held.
      expect(findings.filter((f) => !f.subject.trim() || !f.message.trim())).toEqual([]);
      expect(check.title.trim()).not.toBe("");
    });

    test("has bad cases, each named for its violation once", () => {
      const names = fixture.bad.map((c) => c.violation);
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    });

    // (test.each refuses an empty list; the test above names that failure.)
    if (fixture.bad.length)
      test.each(fixture.bad.map((c) => [c.violation, c] as const))(
        "bad case %s: exactly its expected finding",
        (_violation, badCase) => {
          const failing = check
            .evaluate(model(badCase.input))
            .filter((f) => !f.ok)
            .map(({ subject, message }) => ({ subject, message }));
          expect(failing).toEqual([badCase.finding]);
        },
      );
  });
}

describe("Terraform checks", () => {
  for (const check of TERRAFORM_CHECKS)
    describeFixture(
      check,
      loadFixture<TerraformStackModel[]>("terraform", check.id),
      (stacks) => new TerraformModel(stacks),
    );
});

describe("manifest checks", () => {
  for (const check of MANIFEST_CHECKS)
    describeFixture(
      check,
      loadFixture<K8sObject[]>("manifests", check.id),
      (objects) => new ManifestModel("env", objects),
    );
});

describe("placement checks", () => {
  for (const check of PLACEMENT_CHECKS)
    describeFixture(check, loadFixture<PlacementInput>("placement", check.id), ({ env, objects }) => ({
      env,
      manifests: new ManifestModel(env.name, objects),
    }));
});

describe("repository checks", () => {
  for (const check of REPOSITORY_CHECKS)
    describeFixture(check, repositoryFixture(check.id), (model: RepositoryModel) => model);
});

// Good cases are not taken from the output the sweep (checks.test.ts) already judges, nor built
// with the generators' own functions: a fixture imports only the models' types and other fixtures.
const ALLOWED_IMPORTS = [
  /^\.\/[\w-]+$/, // fixtures of the same kind
  /^\.\.\/bad-case$/,
  /^\.\.\/\.\.\/\.\.\/policy\/(terraform|repository)-model$/,
  /^\.\.\/\.\.\/\.\.\/tools\/kustomize\/kustomize-lite$/,
  /^\.\.\/\.\.\/\.\.\/envs\/schema$/, // the config's types (placement fixtures write the fields by hand)
  /^\.\.\/manifests\/fixture$/, // the manifest fixtures' object helper
  /^(fs|path)$/,
];
const fixtureFiles = ["terraform", "manifests", "placement", "repository"].flatMap((kind) =>
  fs
    .readdirSync(path.join(FIXTURES, kind))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${kind}/${f}`),
);
test.each(fixtureFiles)("fixture %s imports no generator and no synth output", (file) => {
  const source = fs.readFileSync(path.join(FIXTURES, file), "utf8");
  const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((spec) => !ALLOWED_IMPORTS.some((rule) => rule.test(spec)))).toEqual([]);
});
