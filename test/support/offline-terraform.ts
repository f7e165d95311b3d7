// Real Terraform, offline: every AWS-only stack is copied, given a local backend and a provider
// that needs no account, then planned. Providers are installed once (from the local mirror when
// there is one) and shared by all stacks. Each Terraform command loads the AWS provider's schema
// (seconds), so all stacks are planned by one command: `plan -json` validates and reports every
// planned change. Each provider configuration costs a provider process (~2 CPU-seconds), so the
// stacks share one per region (tools/terraform/shared-providers.ts): their default_tags, which only
// fill tags_all, are left out here and applied as written by the apply run (test/apply/).
// `validate` runs only where a plan cannot see the configuration (ephemeral resources, which are
// replaced before planning), and `plan -out` + `show -json` only where a test reads planned values.
// Outside CI, results are cached by the content of what is planned, so a rerun plans only stacks
// whose JSON changed.
import * as fs from "fs";
import * as path from "path";
import { OFFLINE_PROVIDER_SETTINGS, withoutEphemeralText } from "../../tools/terraform/offline";
import { remoteStates } from "../../tools/terraform/remote-states";
import { contentKey, ResultCache } from "./result-cache";
import { shareProviders, withoutDefaultTags } from "../../tools/terraform/shared-providers";
import { TerraformCli } from "../../tools/terraform/terraform-cli";
import { AWS_PROVIDER_VERSION } from "./tools";

type Json = Record<string, unknown>;

/** Finds the JSON of an upstream stack by name, to read its cross-stack outputs. */
export type StackLookup = (stackName: string) => Json | undefined;

/** ID prefixes AWS uses, so a placeholder looks like the real thing (and passes provider validation). */
const ID_PREFIX: Record<string, string> = {
  aws_vpc: "vpc-",
  aws_subnet: "subnet-",
  aws_security_group: "sg-",
  aws_route_table: "rtb-",
  aws_nat_gateway: "nat-",
  aws_internet_gateway: "igw-",
  aws_efs_file_system: "fs-",
  aws_efs_access_point: "fsap-",
  aws_instance: "i-",
  aws_ebs_volume: "vol-",
  aws_route53_zone: "Z0",
};

/** A type-correct stand-in for `${<type>.<name>.<attr>}`: ARNs look like ARNs, ids like ids. */
export function placeholderFor(expression: string): string {
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(expression);
  if (!match) return "placeholder";
  const [, type, name, attr] = match;
  const suffix = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .padEnd(17, "0")
    .slice(0, 17);
  if (attr === "arn" || attr.endsWith("_arn")) {
    return `arn:aws:${type.split("_")[1]}:eu-west-1:111111111111:${type.replace(/^aws_/, "")}/${name}`;
  }
  if (attr === "id" && ID_PREFIX[type]) return `${ID_PREFIX[type]}${suffix}`;
  return `${type}-${name}-${attr}`;
}

export interface PlannedChange {
  readonly address: string;
  /** Terraform's actions, as in a plan's resource_changes: replace is ["delete", "create"]. */
  readonly actions: readonly string[];
}

export interface StackPlan {
  readonly stack: string;
  readonly validate: { valid: boolean; diagnostics: unknown[] };
  readonly changes: readonly PlannedChange[];
  /** `terraform show -json` of the plan, when asked for (`details`). */
  readonly plan?: Json;
  readonly cached: boolean;
}

/** `terraform plan -json` UI actions as resource_changes actions. */
const ACTIONS: Readonly<Record<string, string[]>> = {
  create: ["create"],
  read: ["read"],
  update: ["update"],
  delete: ["delete"],
  replace: ["delete", "create"],
  noop: ["no-op"],
  remove: ["forget"],
  move: ["no-op"],
  import: ["no-op"],
};

/** The stack as Terraform will plan it here: no remote backend, no account lookups. */
export function offlineCopy(stack: Json, stateDir: string, upstream: StackLookup): Json {
  const copy = JSON.parse(JSON.stringify(stack)) as Json;
  const terraform = copy.terraform as Json;
  delete terraform.backend;
  const providers = (copy.provider as Json | undefined)?.aws as Json[] | undefined;
  for (const provider of providers ?? []) {
    Object.assign(provider, OFFLINE_PROVIDER_SETTINGS);
    delete provider.allowed_account_ids; // cannot be checked without asking STS
  }
  // cdktf turns cross-stack references into terraform_remote_state on the upstream S3 state.
  for (const { name, upstream: upstreamName, source } of remoteStates(copy)) {
    const statePath = path.join(stateDir, `${name}.tfstate`);
    source.backend = "local";
    source.config = { path: statePath };
    delete source.workspace;
    const declared = (upstream(upstreamName)?.output ?? {}) as Record<string, { value: string }>;
    const outputs = Object.fromEntries(
      Object.keys(declared)
        .sort()
        .map((o) => [o, { value: placeholderFor(declared[o].value), type: "string" }]),
    );
    fs.writeFileSync(
      statePath,
      JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 1,
        lineage: name,
        outputs,
        resources: [],
      }),
    );
  }
  return copy;
}

/** Replaces every ephemeral value with a literal stand-in; write-only attributes accept any string. */
export function withoutEphemeral(stack: Json): Json {
  return JSON.parse(withoutEphemeralText(stack)) as Json;
}

/** Bump when what a cached result means changes. */
/** Bump when what a cached plan result holds changes. */
const PLAN_CACHE_VERSION = 1;

type CachedPlan = Omit<StackPlan, "stack" | "cached">;

/** The part of a whole-root `show -json` that belongs to one module, addressed as in its own root. */
function moduleView(shown: Json, name: string): Json {
  const address = `module.${name}`;
  const strip = (a: string) => (a.startsWith(`${address}.`) ? a.slice(address.length + 1) : a);
  const children = (((shown.planned_values as Json)?.root_module as Json)?.child_modules ?? []) as Json[];
  const mine = children.find((c) => c.address === address) ?? {};
  return {
    planned_values: {
      root_module: {
        resources: ((mine.resources ?? []) as Json[]).map((r) => ({
          ...r,
          address: strip(String(r.address)),
        })),
      },
    },
    resource_changes: ((shown.resource_changes ?? []) as Json[])
      .filter((c) => c.module_address === address)
      .map((c) => ({ ...c, address: strip(String(c.address)), module_address: undefined })),
  };
}

export class OfflineTerraform {
  private readonly cli: TerraformCli;
  private readonly sharedDir: string;

  private readonly cache = ResultCache.forRun<CachedPlan>("apim-terraform-plans");

  constructor(private readonly workDir: string) {
    this.cli = new TerraformCli(workDir);
    this.sharedDir = path.join(workDir, "providers");
  }

  /** Installs the providers once; every stack copy links to them. */
  async init(): Promise<void> {
    fs.mkdirSync(this.sharedDir, { recursive: true });
    fs.writeFileSync(
      path.join(this.sharedDir, "main.tf.json"),
      JSON.stringify({
        terraform: {
          required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
        },
      }),
    );
    await this.tf(this.sharedDir, ["init", "-input=false", "-backend=false"]);
  }

  /** One stack: see planAll. */
  async plan(
    stack: string,
    json: Json,
    upstream: StackLookup,
    options: { details?: boolean } = {},
  ): Promise<StackPlan> {
    const [result] = await this.planAll([{ name: stack, json }], upstream, {
      details: new Set(options.details ? [stack] : []),
    });
    return result;
  }

  /**
   * Every stack as a child module of one root, planned by one Terraform process: the AWS
   * provider's schema (most of a plan's cost) is loaded once, not once per stack. Results are
   * per stack; a stack's diagnostics and changes are told apart by their module address.
   */
  async planAll(
    stacks: readonly { name: string; json: Json }[],
    upstream: StackLookup,
    options: { details?: ReadonlySet<string> } = {},
  ): Promise<StackPlan[]> {
    const root = path.join(this.workDir, "all");
    const prepared = stacks.map((s) => {
      const dir = path.join(root, "modules", s.name);
      fs.mkdirSync(dir, { recursive: true });
      const copy = offlineCopy(s.json, dir, upstream);
      const planned = withoutEphemeral(copy);
      const details = options.details?.has(s.name) ?? false;
      // The key holds no absolute path: the same stack hashes alike in every run's temp dir.
      const states = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".tfstate"))
        .sort()
        .map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
      const key = contentKey(
        JSON.stringify([PLAN_CACHE_VERSION, AWS_PROVIDER_VERSION, details, copy, states])
          .split(dir)
          .join("<dir>"),
      );
      return {
        name: s.name,
        dir,
        copy,
        planned,
        details,
        key,
        hasEphemeral: JSON.stringify(planned) !== JSON.stringify(copy),
      };
    });
    const results = new Map<string, StackPlan>();
    for (const p of prepared) {
      const cached = this.cache?.read(p.key);
      if (cached) results.set(p.name, { ...cached, stack: p.name, cached: true });
    }
    const pending = prepared.filter((p) => !results.has(p.name));
    if (pending.length) {
      const moduleOf = (text: string | undefined) => /module\.([A-Za-z0-9_-]+)/.exec(text ?? "")?.[1];
      const fileOf = (text: string | undefined) => /modules\/([A-Za-z0-9_-]+)\//.exec(text ?? "")?.[1];
      const errors = new Map<string, unknown[]>(pending.map((p) => [p.name, []]));
      const blame = (diagnostic: Json) => {
        const range = diagnostic.range as { filename?: string } | undefined;
        const owner = fileOf(range?.filename) ?? moduleOf(diagnostic.address as string | undefined);
        for (const p of pending) if (!owner || owner === p.name) errors.get(p.name)!.push(diagnostic);
      };
      // Ephemeral resources call AWS (GetRandomPassword) even during a plan, so the plan sees a copy
      // without them, and `validate` checks the stacks that have them as written, in a root of
      // their own, at the same time. Each provider configuration costs a provider start (most of
      // a plan's time), so validating only those stacks saves most of a second pass.
      const ephemeral = pending.filter((p) => p.hasEphemeral);
      const validation = ephemeral.length
        ? this.validateAsWritten(ephemeral, path.join(this.workDir, "validate"))
        : Promise.resolve([]);
      validation.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      this.writeRoot(
        root,
        pending.map((p) => ({ name: p.name, json: p.planned, dir: p.dir })),
      );
      await this.tf(root, ["init", "-input=false", "-backend=false"]);
      const details = pending.some((p) => p.details);
      const planned = this.tf(
        root,
        [
          "plan",
          "-input=false",
          "-lock=false",
          "-refresh=false",
          "-json",
          ...(details ? ["-out=plan.bin"] : []),
        ],
        true,
      );
      const [validateErrors, planText] = await Promise.all([validation, planned]);
      validateErrors.forEach(blame);
      const lines = planText
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Json);
      lines
        .filter((l) => l.type === "diagnostic" && (l.diagnostic as Json)?.severity === "error")
        .forEach((l) => blame(l.diagnostic as Json));
      const failed = [...errors.values()].some((e) => e.length);
      const shown =
        details && !failed
          ? (JSON.parse(await this.tf(root, ["show", "-json", "plan.bin"])) as Json)
          : undefined;
      for (const p of pending) {
        const prefix = `module.${p.name}.`;
        const changes = lines
          .filter((l) => l.type === "planned_change")
          .map((l) => l.change as { resource: { addr: string }; action: string })
          .filter((c) => c.resource.addr.startsWith(prefix))
          .map((c) => ({
            address: c.resource.addr.slice(prefix.length),
            actions: ACTIONS[c.action] ?? [c.action],
          }));
        const diagnostics = errors.get(p.name)!;
        const result: CachedPlan = {
          validate: { valid: diagnostics.length === 0, diagnostics },
          changes,
          ...(p.details && shown ? { plan: moduleView(shown, p.name) } : {}),
        };
        if (result.validate.valid) this.cache?.write(p.key, result);
        results.set(p.name, { ...result, stack: p.name, cached: false });
      }
    }
    return stacks.map((s) => results.get(s.name)!);
  }

  /**
   * A root whose child modules are the given stacks, each written into its own folder. The stacks'
   * AWS provider configurations are shared (shared-providers.ts): alike but for default_tags, they
   * cost one provider process each instead of one per stack.
   */
  private writeRoot(root: string, modules: readonly { name: string; json: Json; dir: string }[]): void {
    fs.mkdirSync(root, { recursive: true });
    const shared = shareProviders(
      {
        terraform: {
          required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
        },
        module: Object.fromEntries(
          modules.map((m) => [
            m.name,
            { source: `./${path.relative(root, m.dir).split(path.sep).join("/")}` },
          ]),
        ),
      },
      new Map(modules.map((m) => [m.name, m.json])),
      withoutDefaultTags,
    );
    fs.writeFileSync(path.join(root, "main.tf.json"), JSON.stringify(shared.root));
    for (const m of modules) {
      fs.mkdirSync(m.dir, { recursive: true });
      fs.writeFileSync(path.join(m.dir, "cdk.tf.json"), JSON.stringify(shared.modules.get(m.name), null, 2));
    }
    fs.copyFileSync(path.join(this.sharedDir, ".terraform.lock.hcl"), path.join(root, ".terraform.lock.hcl"));
  }

  /** `terraform validate` of stacks as written (ephemeral resources included): its error diagnostics. */
  private async validateAsWritten(
    stacks: readonly { name: string; copy: Json }[],
    root: string,
  ): Promise<Json[]> {
    this.writeRoot(
      root,
      stacks.map((s) => ({ name: s.name, json: s.copy, dir: path.join(root, "modules", s.name) })),
    );
    await this.tf(root, ["init", "-input=false", "-backend=false"]);
    const validate = JSON.parse(await this.tf(root, ["validate", "-json"], true)) as { diagnostics?: Json[] };
    return (validate.diagnostics ?? []).filter((d) => d.severity === "error");
  }

  private tf(cwd: string, args: string[], allowFailure = false): Promise<string> {
    return this.cli.output(cwd, args, allowFailure);
  }
}
