// What Terraform itself would do with a change: the stacks whose JSON differs (and those that read
// them) are planned, offline and without refresh, against the state the base revision leaves, a
// stand-in built from the base's own plan (standin-state.ts) or states pulled from the backend.
// The verdict is read from the plan's resource_changes: actions, replace_paths, previous_address.
import * as fs from "fs";
import * as path from "path";
import { writeAtomically } from "../../scripts/write-atomically";
import { shareProviders } from "../terraform/shared-providers";
import { TerraformCli } from "../terraform/terraform-cli";
import { PlanRoot, planRoot, plannable, StackJson, upstreamsOf } from "./plan-root";
import {
  configAt,
  ProviderSchemas,
  StandInContext,
  standInOutputs,
  standInState,
  steps,
  UnsupportedExpression,
} from "./standin-state";
import { changedPaths } from "./terraform-diff";
import { RevisionError } from "./revision-error";

type Json = Record<string, unknown>;
export type Stacks = Readonly<Record<string, Json>>;

export interface PlannedChange {
  readonly stack: string;
  /** "<type>.<name>" within the stack. */
  readonly address: string;
  readonly type: string;
  /** Terraform's actions: ["create"], ["update"], ["delete"], ["delete","create"] (replace), ["no-op"] (a move). */
  readonly actions: readonly string[];
  /** The attributes that force the replacement, as Terraform reports them. */
  readonly replacePaths: readonly string[];
  /** Attributes whose planned value differs from what the base revision has. */
  readonly paths: readonly string[];
  /** The address a moved block carries this resource from. */
  readonly movedFrom?: string;
  /** Why a replacement happens, following references across resources and stacks. */
  readonly causes: readonly string[];
  /** The head still sets prevent_destroy on the resource: an apply would stop here. */
  readonly preventDestroy: boolean;
  /** The base or the head sets prevent_destroy: the resource holds data or keys. */
  readonly heldData: boolean;
}

export interface OutputChange {
  readonly stack: string;
  readonly output: string;
  /** Read by this stack, which Terraform cannot plan here. */
  readonly readBy: string;
  readonly unknown: boolean;
}

export interface TerraformPlanReview {
  readonly changes: PlannedChange[];
  readonly outputs: OutputChange[];
  /** Stacks whose configuration differs, in any block (provider, backend, output, data...). */
  readonly changedStacks: string[];
  /** Stacks Terraform planned. */
  readonly planned: string[];
  /** Stacks that differ but Terraform cannot plan offline, with the reason. */
  readonly notPlanned: { stack: string; reason: string }[];
  readonly notes: string[];
}

/** The JSON without cdktf's construct metadata ("//"), which a refactor changes alone. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, withoutMetadata(v)]),
    );
  }
  return value;
}

/** Every stack that reads `names`, directly or through another. */
function downstreamOf(names: ReadonlySet<string>, stacks: Stacks): Set<string> {
  const out = new Set(names);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, json] of Object.entries(stacks))
      if (!out.has(name) && upstreamsOf(json).some((u) => out.has(u))) {
        out.add(name);
        grew = true;
      }
  }
  return out;
}

/** Every stack that `names` read, directly or through another, and `names` themselves. */
function upstreamClosure(names: Iterable<string>, stacks: Stacks): Set<string> {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name) || !stacks[name]) return;
    out.add(name);
    upstreamsOf(stacks[name]).forEach(visit);
  };
  [...names].forEach(visit);
  return out;
}

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/** The region and account a stack's stand-in ARNs use: its default AWS provider's. */
function contextOf(stack: Json): StandInContext {
  const provider = (((stack.provider as Json | undefined)?.aws as Json[] | undefined) ?? [])[0] ?? {};
  const account = ((provider.allowed_account_ids as string[] | undefined) ?? ["123456789012"])[0];
  return { region: String(provider.region ?? "us-east-1"), account };
}

/** The states pulled from the backend (one per stack) as the state of the plan root. */
export function mergedState(states: Readonly<Record<string, Json>>): Json {
  const resources = Object.keys(states)
    .sort()
    .flatMap((stack) =>
      ((states[stack].resources ?? []) as Json[])
        .filter((r) => r.mode === "managed")
        .map((r) => ({
          ...r,
          module: r.module ? `module.${stack}.${String(r.module)}` : `module.${stack}`,
          provider: `module.${stack}.${String(r.provider).replace(/^module\.[^.]+(\.module\.[^.]+)*\./, "")}`,
        })),
    );
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "pulled-states",
    outputs: {},
    resources,
  };
}

function writeRoot(
  dir: string,
  root: ReturnType<typeof planRoot>,
  extraOutputs: Json,
  state: Json | undefined,
): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify(
      { ...root.root, ...(Object.keys(extraOutputs).length ? { output: extraOutputs } : {}) },
      null,
      1,
    ),
  );
  for (const [name, json] of root.modules) {
    fs.mkdirSync(path.join(dir, "modules", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "modules", name, "cdk.tf.json"), JSON.stringify(json, null, 1));
  }
  if (state) fs.writeFileSync(path.join(dir, "terraform.tfstate"), JSON.stringify(state));
}

const SCHEMA_CACHE = path.join(__dirname, "..", "..", "node_modules", ".cache", "apim-provider-schemas");

/**
 * `terraform providers schema -json` (seconds: it loads the provider), kept per Terraform and
 * provider version: the same binaries always print the same schema.
 */
async function providerSchemas(cli: TerraformCli, root: string): Promise<string> {
  const version = JSON.parse(await cli.output(root, ["version", "-json"])) as { terraform_version: string };
  const lock = fs.readFileSync(path.join(root, ".terraform.lock.hcl"), "utf8");
  const provider = /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/.exec(
    lock,
  )?.[1];
  const file =
    provider && path.join(SCHEMA_CACHE, `terraform-${version.terraform_version}-aws-${provider}.json`);
  if (file && fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  const text = await cli.output(root, ["providers", "schema", "-json"]);
  if (file) {
    fs.mkdirSync(SCHEMA_CACHE, { recursive: true });
    writeAtomically(file, text);
  }
  return text;
}

const PLAN = ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.bin"];

interface ShownChange {
  readonly address: string;
  readonly module_address?: string;
  readonly type: string;
  readonly mode: string;
  readonly previous_address?: string;
  readonly change: {
    readonly actions: string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly replace_paths?: unknown[][];
  };
}

const pathText = (p: readonly unknown[]) =>
  p
    .map((s) => (typeof s === "number" ? `[${s}]` : `.${String(s)}`))
    .join("")
    .replace(/^\./, "");

/** "module.<stack>.<type>.<name>" → stack and address in it. */
function split(address: string): { stack: string; address: string } {
  const m = /^module\.([^.]+)\.(.+)$/.exec(address);
  return m ? { stack: m[1], address: m[2] } : { stack: "", address };
}

const REFERENCE = /\$\{([^}]*)\}/g;

export async function planReview(
  base: Stacks,
  head: Stacks,
  options: { workDir: string; states?: Readonly<Record<string, Json>> },
): Promise<TerraformPlanReview> {
  const names = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const changedStacks = names.filter(
    (n) =>
      JSON.stringify(withoutMetadata(base[n] ?? null)) !== JSON.stringify(withoutMetadata(head[n] ?? null)),
  );
  const all = { ...base, ...head };
  const isPlannable = (n: string) => plannable(all[n]);
  const affected = new Set([
    ...downstreamOf(new Set(changedStacks), head),
    ...downstreamOf(new Set(changedStacks), base),
  ]);
  const notPlanned = changedStacks
    .filter((n) => !isPlannable(n))
    .map((stack) => ({
      stack,
      reason: `its providers (${Object.keys((all[stack].provider ?? {}) as Json).join(", ")}) need the cluster's API; compared as JSON`,
    }));
  const planned = [...upstreamClosure([...affected].filter(isPlannable), all)].filter(isPlannable).sort();
  const empty: TerraformPlanReview = {
    changes: [],
    outputs: [],
    changedStacks,
    planned: [],
    notPlanned,
    notes: [],
  };
  if (!planned.some((n) => affected.has(n))) return empty;

  // The head and the control plan only the stacks a change reaches; an unchanged upstream they
  // read is handed to them as its (stand-in or pulled) output values instead of planned again.
  const reached = planned.filter((n) => affected.has(n));
  const fixed = planned.filter((n) => !affected.has(n));
  const pick = (stacks: Stacks, among: readonly string[] = planned): StackJson[] =>
    among.filter((n) => stacks[n]).map((name) => ({ name, json: stacks[name] }));
  const cli = new TerraformCli(options.workDir);
  const notes: string[] = [];

  // Outputs of planned stacks that stacks Terraform cannot plan here read: root outputs, so the
  // plan tells which of them change.
  const readers = names.filter((n) => head[n] && !isPlannable(n));
  const exported: Record<string, { stack: string; output: string; readBy: string }> = {};
  for (const reader of readers) {
    const text = JSON.stringify(head[reader]);
    for (const m of text.matchAll(
      /data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g,
    )) {
      if (reached.includes(m[1]) && head[m[1]])
        exported[`${m[1]}--${m[2]}`] = { stack: m[1], output: m[2], readBy: reader };
    }
  }

  const dirs = {
    base: path.join(options.workDir, "base"),
    head: path.join(options.workDir, "head"),
  };

  let state: Json;
  let withControl = false;
  const fixedOutputs = new Map<string, Json>();
  if (options.states) {
    const states = options.states;
    const missing = planned.filter((n) => base[n] && !states[n]);
    if (missing.length)
      throw new RevisionError(
        `no pulled state for stack(s) ${missing.join(", ")}: pull each with terraform state pull`,
      );
    state = mergedState(Object.fromEntries(reached.filter((n) => states[n]).map((n) => [n, states[n]])));
    for (const n of fixed) {
      const outputs = (states[n].outputs ?? {}) as Record<string, { value: unknown }>;
      fixedOutputs.set(n, Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.value])));
    }
  } else {
    // An unchanged upstream is not planned at all: its outputs are stand-ins of their own, the
    // same for the base, the control and the head.
    for (const n of fixed) fixedOutputs.set(n, standInOutputs(base[n], contextOf(base[n])));
    const baseRoot = planRoot(pick(base, reached), [], fixedOutputs);
    writeRoot(dirs.base, baseRoot, {}, undefined);
    await cli.output(dirs.base, ["init", "-input=false", "-backend=false"]);
    const [, schemaText] = await Promise.all([cli.output(dirs.base, PLAN), providerSchemas(cli, dirs.base)]);
    const shown = JSON.parse(await cli.output(dirs.base, ["show", "-json", "plan.bin"])) as Json;
    const contexts = new Map(
      [...baseRoot.modules].map(([name, json]) => [name, { json, context: contextOf(base[name]) }]),
    );
    // A resource on an aliased provider ("aws.dr") is recorded with that alias, as an apply would.
    const providerOf = (module: string, type: string, name: string) => {
      const json = baseRoot.modules.get(module.replace(/^module\./, ""));
      const alias = /^aws\.(.+)$/.exec(
        String(
          ((json?.resource as Record<string, Record<string, Json>>)?.[type]?.[name] ?? {}).provider ?? "",
        ),
      )?.[1];
      return alias ? `${PROVIDER}.${alias}` : PROVIDER;
    };
    const standIn = standInState(
      shown,
      JSON.parse(schemaText) as ProviderSchemas,
      contexts,
      providerOf,
      fixedOutputs,
    );
    notes.push(...standIn.notes);
    state = standIn.state;
    withControl = true;
  }
  // The head, and (against a stand-in state) the base again as a control, side by side in one root
  // and one plan: a change the control shows too is an artifact of the stand-ins, not of the change.
  const headRoot = planRoot(
    pick(head, reached),
    reached.filter((n) => base[n] && !head[n]).map((name) => ({ name, json: base[name] })),
    fixedOutputs,
    withControl ? "head-" : "",
  );
  const controlRoot = withControl ? planRoot(pick(base, reached), [], fixedOutputs, "control-") : undefined;
  const roots = controlRoot ? [headRoot, controlRoot] : [headRoot];
  const outputKey = (root: PlanRoot, key: string) => `${root.prefix}${key}`;
  const combined: PlanRoot = {
    root: {
      ...headRoot.root,
      module: Object.assign({}, ...roots.map((r) => r.root.module)) as Json,
    },
    modules: new Map(roots.flatMap((r) => [...r.modules].map(([n, j]) => [`${r.prefix}${n}`, j] as const))),
    preventDestroy: new Set(roots.flatMap((r) => [...r.preventDestroy])),
    prefix: "",
  };
  const outputs = Object.fromEntries(
    roots.flatMap((r) =>
      Object.entries(exported).map(([key, o]) => [
        outputKey(r, key),
        { value: `\${module.${r.prefix}${o.stack}.${o.output}}`, sensitive: true },
      ]),
    ),
  );
  const copies = (resources: Json[]): Json[] =>
    roots.flatMap((r) =>
      resources.map((res) => ({
        ...res,
        module: String(res.module).replace(/^module\./, `module.${r.prefix}`),
        provider: String(res.provider).replace(/^module\./, `module.${r.prefix}`),
      })),
    );
  // The control's provider configurations are the head's unless the change touched them: shared,
  // they cost one provider process instead of two.
  const shared = shareProviders(combined.root, combined.modules);
  const sharedProvider = (resource: Json): string => {
    const m = /^module\.([^.]+)\.provider\["[^"]+"\](?:\.([A-Za-z0-9_-]+))?$/.exec(String(resource.provider));
    if (!m) throw new Error(`unexpected provider address in the state: ${String(resource.provider)}`);
    return shared.providerAddress(m[1], m[2] ?? "");
  };
  writeRoot(dirs.head, { ...combined, root: shared.root, modules: shared.modules }, outputs, {
    ...state,
    resources: copies(state.resources as Json[]).map((r) => ({ ...r, provider: sharedProvider(r) })),
  });
  await cli.output(dirs.head, ["init", "-input=false", "-backend=false"]);
  await cli.output(dirs.head, PLAN);
  const shown = JSON.parse(await cli.output(dirs.head, ["show", "-json", "plan.bin"])) as Json;

  /** The changes of one revision's modules, addressed as "module.<stack>...". */
  const changesOf = (root: PlanRoot): ShownChange[] => {
    const from = `module.${root.prefix}`;
    const strip = (a?: string) => (a?.startsWith(from) ? `module.${a.slice(from.length)}` : a);
    return ((shown.resource_changes ?? []) as ShownChange[])
      .filter((c) => c.address.startsWith(from))
      .map((c) => ({ ...c, address: strip(c.address)!, previous_address: strip(c.previous_address) }));
  };
  const controlChanges = new Map((controlRoot ? changesOf(controlRoot) : []).map((c) => [c.address, c]));
  const headChanges = changesOf(headRoot).filter((c) => c.mode === "managed");
  const replaced = new Map(
    headChanges
      .filter((c) => c.change.actions.includes("delete") && c.change.actions.includes("create"))
      .map((c) => [c.address, c]),
  );

  /** Why a resource is replaced: the replaced resources its forcing attributes are built from. */
  const causesOf = (change: ShownChange, seen: Set<string>): string[] => {
    const { stack, address } = split(change.address);
    const [type, name] = address.split(".");
    const config = ((headRoot.modules.get(stack)?.resource as Record<string, Record<string, Json>>)?.[type]?.[
      name
    ] ?? {}) as Json;
    const out: string[] = [];
    for (const p of change.change.replace_paths ?? []) {
      const at = configAt(config, p as (string | number)[]);
      const refs = [...JSON.stringify(at ?? "").matchAll(REFERENCE)].map((m) => m[1]);
      for (const ref of refs) {
        const target = resolve(stack, ref);
        const upstream = target && replaced.get(target);
        if (!upstream || seen.has(target)) continue;
        seen.add(target);
        const where = split(target);
        const forcing = (upstream.change.replace_paths ?? []).map(pathText).join(", ");
        out.push(`${pathText(p)} follows ${where.stack} ${where.address}, replaced (${forcing})`);
        out.push(...causesOf(upstream, seen));
      }
    }
    return out;
  };
  /** The module address of the resource a reference in a stack points at. */
  const resolve = (stack: string, ref: string): string | undefined => {
    let traversal: string[];
    try {
      traversal = steps(ref);
    } catch (error) {
      if (error instanceof UnsupportedExpression) return undefined;
      throw error;
    }
    if (traversal[0] === "var") {
      const upstream = traversal[1].replace(/^upstream_/, "");
      const value = ((headRoot.modules.get(upstream)?.output ?? {}) as Record<string, { value?: string }>)[
        traversal[2]
      ]?.value;
      const inner = value && /^\$\{([^}]*)\}$/.exec(value)?.[1];
      return inner ? resolve(upstream, inner) : undefined;
    }
    return traversal.length >= 2 ? `module.${stack}.${traversal[0]}.${traversal[1]}` : undefined;
  };

  const changes: PlannedChange[] = [];
  for (const c of headChanges) {
    const actions = c.change.actions;
    const moved = c.previous_address && c.previous_address !== c.address;
    if (actions.join() === "no-op" && !moved) continue;
    const control = controlChanges.get(c.address);
    if (
      control &&
      control.change.actions.join() === actions.join() &&
      JSON.stringify(control.change.after) === JSON.stringify(c.change.after) &&
      JSON.stringify(control.change.after_unknown) === JSON.stringify(c.change.after_unknown)
    )
      continue; // the base plans the same against the stand-in: not this change's doing
    const { stack, address } = split(c.address);
    const before =
      control && !control.change.actions.includes("delete") ? control.change.after : c.change.before;
    changes.push({
      stack,
      address,
      type: c.type,
      actions,
      replacePaths: (c.change.replace_paths ?? []).map(pathText),
      paths: actions.includes("update")
        ? changedPaths(before, c.change.after, "", c.change.after_unknown)
        : [],
      ...(moved ? { movedFrom: split(c.previous_address!).address } : {}),
      causes: replaced.has(c.address) ? causesOf(c, new Set([c.address])) : [],
      // Only the head's own flag stops an apply: a resource whose block is gone is destroyed.
      preventDestroy: headRoot.preventDestroy.has(
        c.address.replace(/^module\./, `module.${headRoot.prefix}`),
      ),
      heldData: [headRoot, controlRoot].some((r) =>
        r?.preventDestroy.has(c.address.replace(/^module\./, `module.${r.prefix}`)),
      ),
    });
  }

  const outputChange = (root: PlanRoot | undefined, key: string) =>
    root &&
    (shown.output_changes as Record<string, ShownChange["change"]> | undefined)?.[outputKey(root, key)];
  const outputChanges = Object.entries(exported)
    .filter(([key]) => {
      const h = outputChange(headRoot, key);
      const b = outputChange(controlRoot, key);
      if (!h) return false;
      if (!b) return h.actions.join() !== "no-op";
      return (
        JSON.stringify(h.after) !== JSON.stringify(b.after) ||
        JSON.stringify(h.after_unknown) !== JSON.stringify(b.after_unknown)
      );
    })
    .map(([key, o]) => ({ ...o, unknown: outputChange(headRoot, key)?.after_unknown === true }));

  return { changes, outputs: outputChanges, changedStacks, planned: reached, notPlanned, notes };
}
