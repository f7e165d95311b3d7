// The reachability section of the conformance report: every required flow with what decided it.
import { EnvironmentConfig } from "../envs/schema";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { reachability } from "./reachability";
import { TerraformModel } from "./terraform-model";

const mark = (v: boolean | "n/a") => (v === "n/a" ? "n/a" : v ? "allow" : "DENY");

export function reachabilitySection(
  env: EnvironmentConfig,
  terraform: TerraformModel,
  objects: readonly K8sObject[],
): string[] {
  const r = reachability(env, terraform, objects);
  return [
    "Each required flow through the security groups of both ends and, for pods, their NetworkPolicies; the",
    "ALBs in the subnets the load balancer controller discovers. Every other pair of ALB or APIM pod and",
    `pod or data service port is denied: ${r.swept - r.unexpected.length} of ${r.swept} evaluated` +
      (r.unexpected.length
        ? `; allowed although not required: ${r.unexpected.map((u) => `${u.from} -> ${u.to}:${u.port}`).join(", ")}.`
        : "."),
    "",
    "| From | To | Port | Security groups | NetworkPolicies | End to end | Why |",
    "|---|---|---|---|---|---|---|",
    ...r.required.map(
      (f) =>
        `| ${f.from} | ${f.to} | ${f.port} | ${mark(f.securityGroups)} | ${mark(f.networkPolicies)} | ${mark(f.allowed)} | ${f.why} |`,
    ),
  ];
}
