// Layer 3 of the verification: real `terraform validate` and `terraform plan` of every AWS-only
// stack of every env, offline, and checks over the planned values.
import * as path from "path";
import { OfflineTerraform, StackPlan } from "./support/offline-terraform";
import { terraformModel, testDir } from "./support/synth-output";
import { describeWithTools } from "./support/tools";

/** Stacks that use only the AWS provider, so they can be planned here. */
const AWS_ONLY = /-(bootstrap|registry|network|data|cluster)$/;
/** The stack whose planned values a test reads: only it pays for `plan -out` and `show -json`. */
const DETAILED = "prod-registry";

describeWithTools("terraform validate and plan (offline)", ["terraform", "aws-provider-mirror"], () => {
  const stacks = terraformModel().stacks.filter((s) => AWS_ONLY.test(s.name));
  let plans: StackPlan[] = [];

  beforeAll(async () => {
    const terraform = new OfflineTerraform(path.join(testDir(), "terraform"));
    await terraform.init();
    plans = await terraform.planAll(stacks, (name) => stacks.find((u) => u.name === name)?.json, {
      details: new Set([DETAILED]),
    });
  });

  test("covers every AWS stack of every env", () => {
    expect(stacks.map((s) => s.name)).toEqual(expect.arrayContaining(["dev-bootstrap", "prod-registry"]));
    expect(plans).toHaveLength(stacks.length);
  });

  test.each(
    ["dev", "test", "prod"].flatMap((env) =>
      ["bootstrap", "registry", "network", "data", "cluster"].map((k) => `${env}-${k}`),
    ),
  )("%s validates and plans", (name) => {
    const plan = plans.find((p) => p.stack === name);
    expect(plan?.validate).toMatchObject({ valid: true });
    // Against an empty state, Terraform plans to create exactly the resources the stack's JSON
    // declares (a resource the provider drops or a count that evaluates to 0 shows here). An empty
    // state has nothing to update or destroy, so no other action is asserted.
    const declared = Object.entries(
      (stacks.find((s) => s.name === name)!.json.resource ?? {}) as Record<string, Record<string, unknown>>,
    ).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    const changes = plan?.changes ?? [];
    const created = changes.filter((c) => c.actions.join() === "create").map((c) => c.address);
    expect(declared.length).toBeGreaterThan(0);
    expect(created.sort()).toEqual(declared.sort());
  });

  test("planned values keep the data-safety settings the JSON declares", () => {
    const prodRegistry = plans.find((p) => p.stack === DETAILED)!;
    const planned = (
      prodRegistry.plan!.planned_values as {
        root_module: { resources: { type: string; values: Record<string, unknown> }[] };
      }
    ).root_module.resources;
    const repositories = planned.filter((r) => r.type === "aws_ecr_repository");
    expect(repositories.length).toBeGreaterThanOrEqual(2);
    for (const repo of repositories) {
      expect(repo.values).toMatchObject({ image_tag_mutability: "IMMUTABLE", force_delete: null });
    }
    // Planned values (plan -out + show -json) only where a test reads them.
    expect(plans.filter((p) => p.plan).map((p) => p.stack)).toEqual([DETAILED]);
  });
});
