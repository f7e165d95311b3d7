// The stacks of a revision as one Terraform root that plans offline: each AWS stack becomes a child
// module, and each cross-stack reference (cdktf's terraform_remote_state on the upstream S3 state)
// becomes a module input wired to the upstream module itself. One plan then follows a change
// across stacks as Terraform would across deploys: an upstream resource that is replaced makes
// every downstream attribute built from it unknown, and Terraform decides what that replaces.
import { OFFLINE_PROVIDER_SETTINGS, withoutEphemeralText } from "../terraform/offline";
import { remoteStates } from "../terraform/remote-states";

type Json = Record<string, unknown>;

export interface StackJson {
  readonly name: string;
  readonly json: Json;
}

export interface PlanRoot {
  /** main.tf.json of the root. */
  readonly root: Json;
  /** Each module's cdk.tf.json, by stack name (module and folder modules/<prefix><name>). */
  readonly modules: ReadonlyMap<string, Json>;
  /** "module.<prefix><stack>.<type>.<name>" of every resource whose prevent_destroy was lifted to plan. */
  readonly preventDestroy: ReadonlySet<string>;
  readonly prefix: string;
}

const REMOTE_STATE = /data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs/g;

/** The module input that carries an upstream stack's outputs. */
export const upstreamInput = (stack: string): string => `upstream_${stack}`;

/** Stacks Terraform can plan here: those whose only provider is AWS (the platform stack needs a cluster). */
export function plannable(stack: Json): boolean {
  return Object.keys((stack.provider ?? {}) as Json).every((p) => p === "aws");
}

/** The stacks a stack reads through cross-stack references. */
export function upstreamsOf(stack: Json): string[] {
  return remoteStates(stack)
    .map((r) => r.upstream)
    .sort();
}

/** One stack as a module of the plan root. */
function asModule(name: string, stack: Json, preventDestroy: Set<string>): Json {
  const upstreams = upstreamsOf(stack);
  // Ephemeral values are fetched from AWS even during a plan; both revisions get the same literal.
  const text = withoutEphemeralText(stack).replace(
    REMOTE_STATE,
    (_, upstream: string) => `var.${upstreamInput(upstream)}`,
  );
  const copy = JSON.parse(text) as Json;
  const terraform = copy.terraform as Json;
  delete terraform.backend;
  delete terraform.required_version;
  for (const provider of ((copy.provider as Json | undefined)?.aws ?? []) as Json[]) {
    Object.assign(provider, OFFLINE_PROVIDER_SETTINGS);
    delete provider.allowed_account_ids; // checking it asks STS
  }
  const data = copy.data as Json | undefined;
  if (data) {
    delete data.terraform_remote_state;
    if (!Object.keys(data).length) delete copy.data;
  }
  if (upstreams.length) {
    copy.variable = {
      ...((copy.variable ?? {}) as Json),
      ...Object.fromEntries(upstreams.map((u) => [upstreamInput(u), { type: "any" }])),
    };
  }
  // Terraform refuses to plan the destroy of a prevent_destroy resource and then shows no plan at
  // all; the review lifts the flag to see the whole plan and reports each such resource itself.
  for (const [type, byName] of Object.entries(
    (copy.resource ?? {}) as Record<string, Record<string, Json>>,
  )) {
    for (const [resource, body] of Object.entries(byName)) {
      const lifecycle = body.lifecycle as Json | undefined;
      if (lifecycle?.prevent_destroy) {
        preventDestroy.add(`module.${name}.${type}.${resource}`);
        delete lifecycle.prevent_destroy;
      }
    }
  }
  return copy;
}

/**
 * The plan root of the given stacks. `providersOnly` are stacks that exist in the state but no
 * longer in the revision: their module keeps only its provider, so Terraform can plan their destroy.
 */
export function planRoot(
  stacks: readonly StackJson[],
  providersOnly: readonly StackJson[] = [],
  /** Outputs of upstream stacks left out of the plan (unchanged), given as values. */
  fixedUpstreams: ReadonlyMap<string, Json> = new Map(),
  /** Prefix of the module names, so that two revisions can share one root. */
  prefix = "",
): PlanRoot {
  const preventDestroy = new Set<string>();
  const modules = new Map<string, Json>();
  for (const s of stacks) modules.set(s.name, asModule(`${prefix}${s.name}`, s.json, preventDestroy));
  for (const s of providersOnly) {
    const { terraform, provider } = asModule(
      `${prefix}${s.name}`,
      { terraform: s.json.terraform, provider: s.json.provider },
      preventDestroy,
    );
    modules.set(s.name, { terraform, provider });
  }
  const names = [...modules.keys()].sort();
  const root: Json = {
    terraform: { required_providers: { aws: { source: "hashicorp/aws" } } },
    module: Object.fromEntries(
      names.map((name) => {
        const inputs = stacks.some((s) => s.name === name)
          ? upstreamsOf(stacks.find((s) => s.name === name)!.json).map((u) => {
              if (modules.has(u)) return [upstreamInput(u), `\${module.${prefix}${u}}`];
              const fixed = fixedUpstreams.get(u);
              if (!fixed) throw new Error(`stack ${name} reads stack ${u}, which is not in the plan`);
              return [upstreamInput(u), fixed];
            })
          : [];
        return [`${prefix}${name}`, { source: `./modules/${prefix}${name}`, ...Object.fromEntries(inputs) }];
      }),
    ),
  };
  return { root, modules, preventDestroy, prefix };
}
