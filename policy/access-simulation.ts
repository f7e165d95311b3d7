// The IAM policy evaluation engine behind the access table: @cloud-copilot/iam-simulate, a dev
// dependency (AGPL-3.0-or-later, see README "Dependencies and licences"). It is required lazily so
// that synth starts without it (~0.06 s to load, then ~1-3 ms per request, 0.1-0.3 s per env) and
// the report says "engine not installed" instead of failing when it is absent.
import type * as IamSimulate from "@cloud-copilot/iam-simulate";
import { NamedPolicy } from "./access-policies";

export type Decision = "allow" | "deny";

export interface AccessRequest {
  /** A principal ARN, a service principal, or "anonymous" (an unsigned request, e.g. an EFS mount without IAM). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly resourcePolicy?: NamedPolicy;
}

export interface Simulated {
  readonly decision: Decision;
  /** The engine's result: Allowed, ImplicitlyDenied or ExplicitlyDenied. */
  readonly result: string;
}

/** The engine, or undefined when the dev dependency is not installed (require keeps the module once loaded). */
export function loadEngine(): typeof IamSimulate | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    return require("@cloud-copilot/iam-simulate") as typeof IamSimulate;
  } catch {
    // Not installed: the table is not simulated.
  }
  return undefined;
}

function simulation(sim: typeof IamSimulate, req: AccessRequest, unsafe = false): IamSimulate.Simulation {
  return {
    request: {
      principal: req.principal === "anonymous" ? sim.anonymousPrincipal : req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount },
      contextVariables: { ...req.context },
    },
    identityPolicies: req.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    // The unvalidated path loads the resource policy without a name and then reads it: handing it
    // the shape of an already validated policy (iam-policy's ValidatedPolicy) carries the name.
    resourcePolicy:
      req.resourcePolicy && unsafe
        ? {
            __validated: true,
            policyDocument: req.resourcePolicy.policy,
            // Stryker disable next-line ObjectLiteral: the name shows only in the engine's explanations, which simulate does not return
            metadata: { name: req.resourcePolicy.name },
            // Stryker disable next-line ArrayDeclaration: the unsafe path reads the document and metadata, never the errors
            errors: [],
          }
        : req.resourcePolicy?.policy,
  };
}

/** Synchronous evaluation (the engine's core, without input validation): for synth and the report. */
export function simulate(sim: typeof IamSimulate, req: AccessRequest): Simulated {
  const result = sim.runUnsafeSimulation(simulation(sim, req, true), {});
  return { decision: result === "Allowed" ? "allow" : "deny", result };
}

/** The engine's validated path: also rejects unknown actions, wrong resource types, bad context. */
export async function simulateValidated(sim: typeof IamSimulate, req: AccessRequest): Promise<Simulated> {
  const response = await sim.runSimulation(simulation(sim, req), {});
  if (response.resultType === "error") {
    throw new Error(`${req.action} on ${req.resource}: ${JSON.stringify(response.errors)}`);
  }
  const result = response.overallResult;
  return { decision: result === "Allowed" ? "allow" : "deny", result };
}
