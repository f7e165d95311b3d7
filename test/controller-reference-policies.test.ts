// Each controller's pod identity policy, as synthesized, against the upstream reference policy of
// the version we pin (kept with each controller, lib/controllers/): every action the reference grants is granted by
// ours on the resources and conditions the reference names, unless it is a deliberate narrowing
// (data, with a reason), which must be real and whose intended access must be granted.
import { CONTROLLERS } from "../lib/controllers";
import { ControllerName } from "../lib/controllers/controller";
import { clusterName, resourcePrefix, roleArn } from "../lib/naming";
import { LooseStatement, Narrowing, ReferencePolicy } from "../lib/policies/reference/types";
import { EnvironmentConfig } from "../envs/schema";
import { accessPolicies } from "../policy/access-policies";
import { AccessRequest, loadEngine, simulate } from "../policy/access-simulation";
import { AccessSubjects } from "../policy/access-subjects";
import { exampleEnvs, terraformModel } from "./support/synth-output";

const engine = loadEngine()!;
/** Each controller with a reference policy, with its narrowings. */
const REFERENCES = CONTROLLERS.flatMap((c) =>
  c.aws?.reference ? [[c.name, c.aws.reference, c.aws.narrowings ?? []] as const] : [],
);
const list = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...v] : [v as T]);

/** The reference with its example values replaced by the env's. */
function adapted(reference: ReferencePolicy, env: EnvironmentConfig): LooseStatement[] {
  let text = JSON.stringify(reference.document.Statement);
  for (const [example, placeholder] of Object.entries(reference.placeholders ?? {})) {
    const value = {
      "{region}": env.aws.region,
      "{account}": env.aws.accountId,
      "{secretPrefix}": `secret:apim/${env.name}/`,
    }[placeholder];
    text = text.split(example).join(value);
  }
  return JSON.parse(text);
}

/** A resource the pattern matches: the env's region and account, "example" for every other wildcard. */
function concrete(pattern: string, env: EnvironmentConfig): string {
  if (pattern === "*") return "*";
  const parts = pattern.split(":");
  if (parts[3] === "*") parts[3] = env.aws.region;
  if (parts[4] === "*") parts[4] = env.aws.accountId;
  return parts.join(":").replace(/\*/g, "example").replace(/\?/g, "x");
}

/** A context that satisfies the statement's conditions. */
function satisfying(statement: LooseStatement): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { "aws:SecureTransport": "true" };
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      const values = list(value).map((v) => v.replace(/\*/g, "example"));
      if (operator === "Null") {
        if (values[0] === "false") context[key] = "example";
      } else context[key] = operator.startsWith("For") ? values : values[0];
    }
  }
  return context;
}

/** An action each reference is known to grant: the comparison below must reach it. */
const KNOWN_REFERENCE_ACTION: Record<string, string> = {
  "aws-load-balancer-controller": "elasticloadbalancing:SetRulePriorities",
  "cluster-autoscaler": "autoscaling:DescribeAutoScalingGroups",
  "efs-csi-controller": "elasticfilesystem:CreateAccessPoint",
  "external-dns": "route53:ListHostedZones",
  "external-secrets": "secretsmanager:GetSecretValue",
  "fluent-bit": "s3:PutObject",
};

describe.each(exampleEnvs().map((e) => [e.name, e] as const))("%s", (_name, env) => {
  const policies = accessPolicies(env, terraformModel());
  const subjects = new AccessSubjects(env, policies.resolver);
  const request = (
    controller: ControllerName,
    action: string,
    resource: string,
    context: AccessRequest["context"],
  ) => {
    const principal = roleArn(env, `${resourcePrefix(env)}-${controller}`);
    return simulate(engine, {
      principal,
      action,
      resource,
      resourceAccount: env.aws.accountId,
      context: { "aws:PrincipalArn": principal, "aws:PrincipalAccount": env.aws.accountId, ...context },
      identityPolicies: policies.identity.get(`${resourcePrefix(env)}-${controller}`) ?? [],
    }).decision;
  };

  test.each(REFERENCES)(
    "%s grants what its reference grants, except the listed narrowings",
    (controller, reference, narrowings: readonly Narrowing[]) => {
      const narrowed = new Map(narrowings.flatMap((n) => n.actions.map((a) => [a, n] as const)));
      const problems: string[] = [];
      const used = new Set<string>();
      const compared = new Set<string>();
      for (const statement of adapted(reference, env).filter((s) => s.Effect === "Allow")) {
        for (const action of list(statement.Action)) {
          compared.add(action);
          for (const pattern of list(statement.Resource)) {
            const resource = concrete(pattern, env);
            const decision = request(controller, action, resource, satisfying(statement));
            const narrowing = narrowed.get(action);
            if (!narrowing && decision !== "allow") problems.push(`${action} on ${resource}: not granted`);
            if (narrowing && decision === "deny" && !narrowing.outside) used.add(action);
          }
        }
      }
      for (const [action, narrowing] of narrowed) {
        // A request on "*" matches any resource ours grants: the narrowing names one outside instead.
        if (narrowing.outside) {
          const outside = subjects.fill(narrowing.outside);
          if (request(controller, action, outside, { "aws:SecureTransport": "true" }) === "deny")
            used.add(action);
        }
        if (!used.has(action))
          problems.push(`${action}: listed as narrowed but ours grants all the reference does`);
        if (narrowing.intended) {
          const resource = subjects.fill(narrowing.intended.resource);
          const context = subjects.fillContext({
            "aws:SecureTransport": "true",
            ...narrowing.intended.context,
          });
          if (request(controller, action, resource, context) !== "allow") {
            problems.push(`${action}: not granted on its intended resource ${resource}`);
          }
        }
      }
      expect(compared).toContain(KNOWN_REFERENCE_ACTION[controller]);
      expect(problems).toEqual([]);
    },
  );

  test("every reference names its upstream source and every controller with a policy has a reference", () => {
    for (const [, reference] of REFERENCES) {
      expect(reference.provenance).toMatch(/(github\.com\/\S+ .+ at (tag|branch) |on branch )\S+/);
    }
    // ebs-csi and vpc-cni use AWS managed policies as published: nothing narrowed to compare.
    expect(REFERENCES.map(([name]) => name).sort()).toEqual(
      [
        "aws-load-balancer-controller",
        "cluster-autoscaler",
        "efs-csi-controller",
        "external-dns",
        "external-secrets",
        "fluent-bit",
      ].sort(),
    );
    expect(clusterName(env)).toBe(`apim-${env.name}`);
  });
});
