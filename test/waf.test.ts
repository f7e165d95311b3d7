// The public web ACL, read from the synthesized Terraform, judged against the traffic the product
// must carry: a request of the reference load test (PERF-1) must not meet a managed rule that
// blocks it by size. The managed rules' limits are data (lib/waf-rules.ts).
import { MANAGED_SIZE_RULES } from "../lib/waf-rules";
import { THROUGHPUT_THRESHOLDS } from "../lib/performance-thresholds";
import { exampleEnvs, terraformModel } from "./support/synth-output";

interface AclRule {
  Name: string;
  OverrideAction?: { None?: object; Count?: object };
  Statement: {
    ManagedRuleGroupStatement?: {
      Name: string;
      RuleActionOverrides?: { Name: string; ActionToUse: Record<string, object> }[];
    };
  };
}

/** The managed size rules that would block a request with a body of `bytes`. */
function blockingSizeRules(rules: readonly AclRule[], bytes: number): string[] {
  return MANAGED_SIZE_RULES.filter((limit) => limit.part === "body" && bytes > limit.maxBytes).flatMap(
    (limit) => {
      const group = rules.find((r) => r.Statement.ManagedRuleGroupStatement?.Name === limit.group);
      if (!group || group.OverrideAction?.Count) return [];
      const override = group.Statement.ManagedRuleGroupStatement!.RuleActionOverrides?.find(
        (o) => o.Name === limit.rule,
      );
      const action = override ? Object.keys(override.ActionToUse)[0] : "Block";
      return action === "Block" ? [`${limit.group}/${limit.rule}`] : [];
    },
  );
}

const bodies = THROUGHPUT_THRESHOLDS.filter((t) => t.messageSizeKb).map(
  (t) => [t.id, t.messageSizeKb! * 1024] as const,
);

test("the load test posts bodies above the managed body limit (the case is real)", () => {
  expect(bodies.filter(([, bytes]) => bytes > 8 * 1024).length).toBeGreaterThanOrEqual(3);
});

test("the simulation blocks a 10 KB body on the managed rule group without an override", () => {
  const plain: AclRule[] = [
    {
      Name: "crs",
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { Name: "AWSManagedRulesCommonRuleSet" } },
    },
  ];
  expect(blockingSizeRules(plain, 10 * 1024)).toEqual(["AWSManagedRulesCommonRuleSet/SizeRestrictions_BODY"]);
  expect(blockingSizeRules(plain, 1024)).toEqual([]);
});

describe.each(exampleEnvs().map((e) => [e.name] as const))("%s public web ACL", (env) => {
  const acls = terraformModel()
    .ofType("aws_wafv2_web_acl")
    .filter((r) => r.stack === `${env}-cluster`);

  test.each(bodies)("carries the %s scenario's body (%d bytes)", (_id, bytes) => {
    expect(acls).toHaveLength(1);
    const rules = JSON.parse(String(acls[0].attrs.rule_json)) as AclRule[];
    // The group of the body-size rule is there and blocks as a whole: the pass below comes from
    // the rule's own Count override, not from a missing or counted group.
    const common = rules.find(
      (r) => r.Statement.ManagedRuleGroupStatement?.Name === "AWSManagedRulesCommonRuleSet",
    );
    expect(common?.OverrideAction).toEqual({ None: {} });
    expect(common?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } },
    ]);
    expect(blockingSizeRules(rules, bytes)).toEqual([]);
  });
});
