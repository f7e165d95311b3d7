// Every AWS provider configuration of a root's child modules, hoisted into the root and shared:
// Terraform starts one provider process per configuration (about two CPU-seconds each for the AWS
// provider), so modules whose configurations are alike get one process between them. Each module
// keeps its resources and receives the shared configurations through its `providers` argument
// (its aliases declared as configuration_aliases), as a reusable module does.
type Json = Record<string, unknown>;

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

export interface SharedProviders {
  readonly root: Json;
  readonly modules: ReadonlyMap<string, Json>;
  /**
   * The root provider address that now serves a module's provider ("" for its default one, else its
   * alias), as a state records it: `provider["registry.terraform.io/hashicorp/aws"].<root alias>`.
   */
  providerAddress(module: string, alias: string): string;
}

/**
 * Hoists the AWS provider configurations of `modules` (by module name in `root.module`) into the
 * root, one root configuration per distinct `keyOf(configuration without alias)`. Configurations
 * with the same key must be interchangeable for what the caller plans: the first one is kept.
 */
export function shareProviders(
  root: Json,
  modules: ReadonlyMap<string, Json>,
  keyOf: (configuration: Json) => string = (c) => JSON.stringify(c),
): SharedProviders {
  const shared: Json[] = [];
  const aliasOfKey = new Map<string, string>();
  const served = new Map<string, string>();
  const calls = { ...((root.module ?? {}) as Record<string, Json>) };
  const out = new Map<string, Json>();
  for (const [name, json] of modules) {
    const configurations = (((json.provider as Json | undefined)?.aws ?? []) as Json[]).map((c) => {
      const { alias, ...rest } = c;
      return { alias: (alias as string | undefined) ?? "", settings: rest };
    });
    if (!configurations.length || !calls[name]) {
      out.set(name, json);
      continue;
    }
    const passed: Record<string, string> = {};
    for (const { alias, settings } of configurations) {
      const key = keyOf(settings);
      let rootAlias = aliasOfKey.get(key);
      if (!rootAlias) {
        rootAlias = `shared_${shared.length}`;
        aliasOfKey.set(key, rootAlias);
        shared.push({ ...settings, alias: rootAlias });
      }
      passed[alias ? `aws.${alias}` : "aws"] = `aws.${rootAlias}`;
      served.set(`${name}\n${alias}`, rootAlias);
    }
    const { aws: _hoisted, ...otherProviders } = (json.provider ?? {}) as Json;
    void _hoisted;
    const terraform = (json.terraform ?? {}) as Json;
    const required = (terraform.required_providers ?? {}) as Json;
    const aliases = configurations.filter((c) => c.alias).map((c) => `aws.${c.alias}`);
    const copy: Json = {
      ...json,
      terraform: {
        ...terraform,
        required_providers: {
          ...required,
          aws: {
            ...((required.aws ?? { source: "hashicorp/aws" }) as Json),
            ...(aliases.length ? { configuration_aliases: aliases } : {}),
          },
        },
      },
    };
    if (Object.keys(otherProviders).length) copy.provider = otherProviders;
    else delete copy.provider;
    out.set(name, copy);
    calls[name] = { ...calls[name], providers: passed };
  }
  const rootProviders = (root.provider ?? {}) as Json;
  return {
    root: {
      ...root,
      module: calls,
      ...(shared.length
        ? { provider: { ...rootProviders, aws: [...((rootProviders.aws ?? []) as Json[]), ...shared] } }
        : {}),
    },
    modules: out,
    providerAddress(module, alias) {
      const rootAlias = served.get(`${module}\n${alias}`);
      if (!rootAlias)
        throw new Error(`module ${module} has no AWS provider${alias ? ` aliased ${alias}` : ""}`);
      return `${AWS}.${rootAlias}`;
    },
  };
}

/** The key under which the offline plans share a configuration: its settings without default_tags
 * (which only fill each resource's tags_all; the apply run applies them as written). */
export function withoutDefaultTags(configuration: Json): string {
  const { default_tags: _tags, ...rest } = configuration;
  void _tags;
  return JSON.stringify(rest);
}
