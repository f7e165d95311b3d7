// The synthesized Terraform of all stacks as one model: resources by type and address, plus each
// stack's terraform block (backend, required version) and providers. Checks read this model; it
// comes from cdk.tf.json files on disk or straight from JSON objects (fixtures).
import * as fs from "fs";
import * as path from "path";

export type Attrs = Record<string, unknown>;

export interface TerraformResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** "<stack>/<type>.<name>": unique across the model, used by exemptions. */
  readonly address: string;
  readonly attrs: Attrs;
}

export interface TerraformStackModel {
  readonly name: string;
  readonly json: Attrs;
}

export class TerraformModel {
  readonly resources: TerraformResource[];

  constructor(readonly stacks: readonly TerraformStackModel[]) {
    this.resources = stacks.flatMap((stack) => {
      const byType = (stack.json.resource ?? {}) as Record<string, Record<string, Attrs>>;
      return Object.keys(byType)
        .sort()
        .flatMap((type) =>
          Object.keys(byType[type])
            .sort()
            .map((name) => ({
              stack: stack.name,
              type,
              name,
              address: `${stack.name}/${type}.${name}`,
              attrs: byType[type][name],
            })),
        );
    });
  }

  ofType(type: string): TerraformResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Resources of `type` in the same stack whose attribute `attr` references `target` (by id, arn, name...). */
  referencing(type: string, attr: string, target: TerraformResource): TerraformResource[] {
    return this.ofType(type).filter(
      (r) => r.stack === target.stack && referencesResource(r.attrs[attr], target),
    );
  }

  /**
   * The resource a value points at, following cdktf's cross-stack references: a remote-state
   * output of another stack is looked up in that stack's outputs.
   */
  resolve(stack: string, value: unknown): TerraformResource | undefined {
    if (typeof value !== "string") return undefined;
    const direct = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/.exec(value);
    if (direct)
      return this.resources.find((r) => r.stack === stack && r.type === direct[1] && r.name === direct[2]);
    const remote =
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/.exec(
        value,
      );
    if (!remote) return undefined;
    const upstream = this.stacks.find((s) => s.name === remote[1]);
    const output = ((upstream?.json.output ?? {}) as Record<string, { value?: unknown }>)[remote[2]];
    return upstream && output ? this.resolve(upstream.name, output.value) : undefined;
  }

  /** Only the stacks (and their resources) whose name satisfies the filter. */
  filter(predicate: (stackName: string) => boolean): TerraformModel {
    return new TerraformModel(this.stacks.filter((s) => predicate(s.name)));
  }

  /** The stacks synthesized into `outdir`: all of them, or those named. */
  static fromOutdir(outdir: string, only?: readonly string[]): TerraformModel {
    const stacksDir = path.join(outdir, "stacks");
    const names = [...(only ?? fs.readdirSync(stacksDir))].sort();
    return new TerraformModel(
      names.map((name) => ({
        name,
        json: JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8")),
      })),
    );
  }
}

/** `"${aws_kms_key.x.arn}"` references resource aws_kms_key.x. */
/** The env a stack belongs to: stacks are named <env>-<kind> (lib/naming.ts). */
export function envOfStack(stack: string): string {
  // Stryker disable next-line Regex: an env name has no hyphen (envs/fields.ts), so the first hyphen is the last
  return stack.replace(/-[a-z]+$/, "");
}

export function referencesResource(value: unknown, target: { type: string; name: string }): boolean {
  return typeof value === "string" && value.includes(`\${${target.type}.${target.name}.`);
}

/** The resource types a value references, e.g. ["aws_kms_key"]. */
export function referencedTypes(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return [...value.matchAll(/\$\{(?:data\.)?([a-z0-9_]+)\.[A-Za-z0-9_-]+\./g)].map((m) => m[1]);
}

/** cdktf emits a block that may appear once as an object and a repeatable one as an array. */
export function asArray<T = Attrs>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function block(attrs: Attrs, key: string): Attrs {
  return asArray(attrs[key])[0] ?? {};
}

/** The stack's S3 backend block, if it has one. */
export function s3Backend(stack: TerraformStackModel): Attrs | undefined {
  const terraform = (stack.json.terraform ?? {}) as Attrs;
  return ((terraform.backend ?? {}) as Attrs).s3 as Attrs | undefined;
}

/** Regions of the stack's AWS providers, by alias ("" for the default provider). */
export function providerRegions(stack: TerraformStackModel): Map<string, string> {
  const providers = asArray<Attrs>(((stack.json.provider ?? {}) as Attrs).aws);
  return new Map(providers.map((p) => [String(p.alias ?? ""), String(p.region)]));
}
