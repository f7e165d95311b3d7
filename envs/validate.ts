// Validates every env before anything is written. One line per problem:
//   env "prod": network.vpcCidr = "10.0.0.0/8": must be /16 to /22 ... (NET-1)
import { environmentSchema, EnvironmentConfig } from "./schema";
import { cidrsOverlap, parseCidr } from "../lib/cidr";
import { ENVIRONMENT_RULES, FieldPath } from "./rules";

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid environment config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

function valueAt(input: unknown, path: FieldPath): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function problem(env: string, input: unknown, path: FieldPath, rule: string): string {
  const field = path.length ? path.join(".") : "(config)";
  return `env "${env}": ${field} = ${describe(valueAt(input, path))}: ${rule}`;
}

/** The env's name as written, for messages about an env whose name is itself invalid. */
function nameOf(input: unknown, index: number): string {
  const name = valueAt(input, ["name"]);
  return typeof name === "string" && name ? name : `#${index + 1}`;
}

export function validateEnvironments(inputs: readonly unknown[]): EnvironmentConfig[] {
  const problems: string[] = [];
  const configs: EnvironmentConfig[] = [];
  inputs.forEach((input, index) => {
    const env = nameOf(input, index);
    const parsed = environmentSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(problem(env, input, issue.path as FieldPath, issue.message));
      }
      return;
    }
    const before = problems.length;
    for (const rule of ENVIRONMENT_RULES) {
      rule(parsed.data, (path, text) => problems.push(problem(env, input, path, text)));
    }
    if (problems.length === before) configs.push(parsed.data);
  });
  const seen = new Map<string, string>();
  inputs.forEach((input, index) => {
    const env = nameOf(input, index);
    const name = valueAt(input, ["name"]);
    if (typeof name === "string" && seen.has(`name:${name}`)) {
      problems.push(problem(env, input, ["name"], "must be unique across environments"));
    }
    seen.set(`name:${String(name)}`, env);
    // The state bucket and the registry's replication configuration are account-regional singletons.
    const slot = `${String(valueAt(input, ["aws", "accountId"]))}/${String(valueAt(input, ["aws", "region"]))}`;
    const other = seen.get(`slot:${slot}`);
    if (other !== undefined) {
      problems.push(
        problem(
          env,
          input,
          ["aws", "accountId"],
          `must not share account and region with env "${other}" (one registry per env, GEN-5)`,
        ),
      );
    }
    seen.set(`slot:${slot}`, env);
    // Envs are peered, restored into one another (DR-1) and reached from one admin network: their
    // address spaces must be disjoint.
    const vpc = parseCidr(String(valueAt(input, ["network", "vpcCidr"])));
    inputs.slice(0, index).forEach((earlier, j) => {
      const theirs = String(valueAt(earlier, ["network", "vpcCidr"]));
      const other = parseCidr(theirs);
      if (vpc && other && cidrsOverlap(vpc, other)) {
        problems.push(
          problem(
            env,
            input,
            ["network", "vpcCidr"],
            `overlaps env "${nameOf(earlier, j)}"'s VPC ${theirs} (NET-1, DR-1)`,
          ),
        );
      }
    });
  });
  if (problems.length) throw new ConfigError(problems);
  return configs;
}
