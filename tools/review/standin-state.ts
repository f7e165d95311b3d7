// A Terraform state that stands in for a deployed revision, built from that revision's own plan:
// every resource as planned, and every value the plan could only know after apply filled in. A
// value the configuration computes from other resources (a bucket name from the bucket's id, a
// subnet's VPC id) is evaluated from their filled values, as the apply would; a value only AWS
// knows (an id, an ARN) gets a stand-in of its type from the provider's schema. Planning another
// revision against this state shows what Terraform would do to what the first one deployed.
type Json = Record<string, unknown>;

/** `terraform providers schema -json`, the parts read here. */
export interface ProviderSchemas {
  readonly provider_schemas: Record<string, { resource_schemas: Record<string, { block: SchemaBlock }> }>;
}

interface SchemaBlock {
  readonly attributes?: Record<string, { type?: unknown }>;
  readonly block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

/** What a value is: a schema block, or the cty type of an attribute. */
type Shape = { block: SchemaBlock } | { type: unknown };

interface PlannedResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly schema_version: number;
  readonly values: Json;
}

/** Prefixes AWS gives ids, so a stand-in id reads like the real one. */
const ID_PREFIX: Readonly<Record<string, string>> = {
  aws_vpc: "vpc-",
  aws_subnet: "subnet-",
  aws_security_group: "sg-",
  aws_vpc_security_group_ingress_rule: "sgr-",
  aws_vpc_security_group_egress_rule: "sgr-",
  aws_route_table: "rtb-",
  aws_nat_gateway: "nat-",
  aws_internet_gateway: "igw-",
  aws_eip: "eipalloc-",
  aws_efs_file_system: "fs-",
  aws_efs_access_point: "fsap-",
  aws_efs_mount_target: "fsmt-",
  aws_instance: "i-",
  aws_ebs_volume: "vol-",
  aws_launch_template: "lt-",
  aws_vpc_endpoint: "vpce-",
  aws_flow_log: "fl-",
  aws_route53_zone: "Z0",
};

/** Computed attributes that other resources validate: a stand-in they accept. */
const ATTRIBUTE_STAND_IN: Readonly<Record<string, string>> = {
  resource_record_type: "CNAME", // ACM's DNS validation record, used as aws_route53_record.type
  resource_record_name: "_stand-in.validation.example.com", // Route 53 drops a final dot
  resource_record_value: "_stand-in.acm-validations.aws.",
};

export interface StandInContext {
  readonly region: string;
  readonly account: string;
}

interface Where {
  readonly resourceType: string;
  readonly address: string;
  readonly attribute: string;
}

/** A deterministic stand-in for a value only AWS knows, of the given shape. */
function standIn(shape: Shape | undefined, where: Where, ctx: StandInContext): unknown {
  if (!shape) return null;
  if ("block" in shape) {
    return Object.fromEntries([
      ...Object.entries(shape.block.attributes ?? {}).map(([k, a]) => [
        k,
        standIn({ type: a.type ?? "dynamic" }, { ...where, attribute: k }, ctx),
      ]),
      ...Object.keys(shape.block.block_types ?? {}).map((k) => [
        k,
        standIn(shapeOf(shape, k), { ...where, attribute: k }, ctx),
      ]),
    ]);
  }
  const type = shape.type;
  if (type === "string") {
    const { resourceType, address, attribute } = where;
    if (ATTRIBUTE_STAND_IN[attribute]) return ATTRIBUTE_STAND_IN[attribute];
    const token = address
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(-17)
      .padStart(17, "0");
    if (attribute === "arn" || attribute.endsWith("_arn")) {
      const service = resourceType.split("_")[1];
      return `arn:aws:${service}:${ctx.region}:${ctx.account}:${resourceType.replace(/^aws_/, "")}/${token}`;
    }
    if (attribute === "id" && ID_PREFIX[resourceType]) return `${ID_PREFIX[resourceType]}${token}`;
    return `stand-in-${attribute.replace(/_/g, "-")}-${token}`;
  }
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (Array.isArray(type)) {
    const [kind] = type as [string, unknown];
    if (kind === "list" || kind === "set") {
      // A list of objects gets one element, so an expression like resources[0].name evaluates.
      const element = elementShape(shape);
      const objects =
        element && ("block" in element || (Array.isArray(element.type) && element.type[0] === "object"));
      return objects ? [standIn(element, where, ctx)] : [];
    }
    if (kind === "tuple") return [];
    if (kind === "map") return {};
    if (kind === "object") {
      return Object.fromEntries(
        Object.keys(type[1] as Json).map((k) => [
          k,
          standIn(shapeOf(shape, k), { ...where, attribute: k }, ctx),
        ]),
      );
    }
  }
  return null;
}

/** The shape of one key of a value of the given shape. */
function shapeOf(shape: Shape | undefined, key: string): Shape | undefined {
  if (!shape) return undefined;
  if ("block" in shape) {
    const attribute = shape.block.attributes?.[key];
    if (attribute) return { type: attribute.type ?? "dynamic" };
    const nested = shape.block.block_types?.[key];
    if (!nested) return undefined;
    const inner = { block: nested.block };
    return nested.nesting_mode === "single" || nested.nesting_mode === "group"
      ? inner
      : { type: [nested.nesting_mode === "map" ? "map" : "list", inner] };
  }
  const type = shape.type;
  if (Array.isArray(type) && type[0] === "object") {
    const t = (type[1] as Json)[key];
    return t === undefined ? undefined : { type: t };
  }
  return undefined;
}

/** The shape of the elements of a list, set or map of the given shape. */
function elementShape(shape: Shape | undefined): Shape | undefined {
  if (!shape || "block" in shape || !Array.isArray(shape.type)) return undefined;
  const [kind, inner] = shape.type as [string, unknown];
  if (kind !== "list" && kind !== "set" && kind !== "map") return undefined;
  return inner && typeof inner === "object" && "block" in (inner as object)
    ? (inner as Shape)
    : { type: inner };
}

/** The configuration value at a path of the planned value: a block written as one object in
 * cdktf's JSON is a list of one in the plan. */
export function configAt(config: unknown, path: readonly (string | number)[]): unknown {
  let at = config;
  for (const step of path) {
    if (at === undefined || at === null) return undefined;
    if (typeof step === "number") {
      if (Array.isArray(at)) at = at[step];
      else if (step !== 0) return undefined;
    } else {
      at = (at as Json)[step];
    }
  }
  return at;
}

/** An interpolation, or the escape "$${" that stands for a literal "${" (as in IAM's $${aws:userid}). */
const TEMPLATE_PART = /\$\$\{|\$\{([^}]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([^}]*)\}$/;

export class UnsupportedExpression extends Error {}

/** A traversal "a.b[0].c", "tolist(a.b).0.c" as its steps (tolist keeps the value as it is). */
export function steps(expression: string): string[] {
  const plain = expression.trim().replace(/^tolist\(([^()]*)\)/, "$1");
  if (!/^[A-Za-z0-9_.\-[\]]+$/.test(plain)) throw new UnsupportedExpression(expression);
  return plain
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean);
}

/** A plan's sensitivity mask ({"password": true}) as the state's list of attribute paths. */
function sensitivePaths(mask: unknown, path: Json[] = []): Json[][] {
  if (mask === true) return [path];
  if (Array.isArray(mask)) {
    return mask.flatMap((m, i) =>
      sensitivePaths(m, [...path, { type: "index", value: { value: i, type: "number" } }]),
    );
  }
  if (mask && typeof mask === "object") {
    return Object.entries(mask as Json)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([k, m]) => sensitivePaths(m, [...path, { type: "get_attr", value: k }]));
  }
  return [];
}

interface ModuleSource {
  /** The module's JSON (resource, output). */
  readonly json: Json;
  readonly context: StandInContext;
}

/**
 * The state a plan (`terraform show -json`) would leave once applied. `modules` gives each stack
 * module's JSON (as planned) and the region and account of its stand-in ARNs; `providerOf` the
 * address of a resource's provider within its module.
 */
export function standInState(
  shown: Json,
  schemas: ProviderSchemas,
  modules: ReadonlyMap<string, ModuleSource>,
  providerOf: (module: string, type: string, name: string) => string,
  /** Outputs of upstream stacks that are not planned (unchanged), by stack name. */
  fixed: ReadonlyMap<string, Json> = new Map(),
): { state: Json; outputs: Map<string, Json>; notes: string[] } {
  const unknownByAddress = new Map(
    ((shown.resource_changes ?? []) as { address: string; change: { after_unknown?: unknown } }[]).map(
      (c) => [c.address, c.change.after_unknown],
    ),
  );
  const sensitiveByAddress = new Map(
    ((shown.resource_changes ?? []) as { address: string; change: { after_sensitive?: unknown } }[]).map(
      (c) => [c.address, c.change.after_sensitive],
    ),
  );
  const planned = new Map<string, { module: string; resource: PlannedResource }>();
  const walk = (module: Json | undefined, address: string) => {
    for (const r of (module?.resources ?? []) as PlannedResource[])
      if (r.mode === "managed") planned.set(r.address, { module: address, resource: r });
    for (const child of (module?.child_modules ?? []) as Json[]) walk(child, String(child.address));
  };
  walk((shown.planned_values as Json | undefined)?.root_module as Json | undefined, "");

  const filled = new Map<string, Json>();
  const inProgress = new Set<string>();
  const notes: string[] = [];
  const moduleName = (module: string) => module.replace(/^module\./, "");

  const schemaOf = (r: PlannedResource) => {
    const block = schemas.provider_schemas[r.provider_name]?.resource_schemas[r.type]?.block;
    if (!block) throw new Error(`no schema for ${r.type} in ${r.provider_name}`);
    return block;
  };

  /** The value of a traversal evaluated in a module. */
  const evaluate = (module: string, expression: string): unknown => {
    const [head, ...rest] = steps(expression);
    if (head === "var") {
      const [input, output, ...more] = rest;
      const upstream = /^upstream_(.+)$/.exec(input)?.[1];
      if (!upstream || !output) throw new UnsupportedExpression(expression);
      const given = fixed.get(upstream);
      if (given && output in given) return descend(given[output], more, expression);
      const source = modules.get(upstream)?.json.output as Record<string, { value: unknown }> | undefined;
      if (!source?.[output]) throw new UnsupportedExpression(expression);
      return descend(evaluateValue(`module.${upstream}`, source[output].value), more, expression);
    }
    if (head === "data" || head === "local" || head === "each" || head === "count" || head === "terraform") {
      throw new UnsupportedExpression(expression);
    }
    const [name, ...more] = rest;
    const address = `${module ? `${module}.` : ""}${head}.${name}`;
    if (!planned.has(address)) throw new UnsupportedExpression(expression);
    return descend(resourceState(address), more, expression);
  };

  const descend = (value: unknown, path: readonly string[], expression: string): unknown => {
    let at = value;
    for (const step of path) {
      if (Array.isArray(at)) at = at[Number(step)];
      else if (at && typeof at === "object") at = (at as Json)[step];
      else throw new UnsupportedExpression(expression);
    }
    if (at === undefined) throw new UnsupportedExpression(expression);
    return at;
  };

  /** A configuration value with its templates evaluated. */
  const evaluateValue = (module: string, value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = WHOLE_REFERENCE.exec(value);
      if (whole) return evaluate(module, whole[1]);
      return value.replace(TEMPLATE_PART, (_match: string, expression: string | undefined) => {
        if (expression === undefined) return "${";
        const v = evaluate(module, expression);
        return typeof v === "string" ? v : JSON.stringify(v);
      });
    }
    if (Array.isArray(value)) return value.map((v) => evaluateValue(module, v));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, evaluateValue(module, v)]));
    }
    return value;
  };

  /** values with every unknown path filled: from the configuration where it sets the path, else a stand-in. */
  const fill = (
    values: unknown,
    unknown: unknown,
    shape: Shape | undefined,
    path: (string | number)[],
    resource: { module: string; config: Json; where: Where },
  ): unknown => {
    if (unknown === true) {
      const config = configAt(resource.config, path);
      if (config !== undefined && config !== null) {
        try {
          return evaluateValue(resource.module, config);
        } catch (error) {
          if (!(error instanceof UnsupportedExpression)) throw error;
          notes.push(
            `${resource.where.address}: ${path.join(".")} = ${JSON.stringify(config)} has a stand-in value`,
          );
        }
      }
      return standIn(
        shape,
        { ...resource.where, attribute: String(path[path.length - 1] ?? "") },
        modules.get(moduleName(resource.module))?.context ?? { region: "us-east-1", account: "000000000000" },
      );
    }
    if (!unknown || typeof unknown !== "object") return values;
    if (Array.isArray(unknown)) {
      if (!Array.isArray(values)) return values;
      const element = elementShape(shape);
      return values.map((v, i) => fill(v, unknown[i], element, [...path, i], resource));
    }
    if (!values || typeof values !== "object" || Array.isArray(values)) return values;
    const out: Json = { ...(values as Json) };
    const isMap = shape && !("block" in shape) && Array.isArray(shape.type) && shape.type[0] === "map";
    for (const [key, mask] of Object.entries(unknown as Json)) {
      out[key] = fill(
        out[key],
        mask,
        isMap ? elementShape(shape) : shapeOf(shape, key),
        [...path, key],
        resource,
      );
    }
    return out;
  };

  function resourceState(address: string): Json {
    const done = filled.get(address);
    if (done) return done;
    if (inProgress.has(address)) throw new UnsupportedExpression(`a cycle through ${address}`);
    inProgress.add(address);
    const { module, resource } = planned.get(address)!;
    const json = modules.get(moduleName(module))?.json;
    const config = ((json?.resource as Record<string, Record<string, Json>> | undefined)?.[resource.type]?.[
      resource.name
    ] ?? {}) as Json;
    const attributes = fill(
      resource.values ?? {},
      unknownByAddress.get(address),
      { block: schemaOf(resource) },
      [],
      {
        module,
        config,
        where: { resourceType: resource.type, address, attribute: "" },
      },
    ) as Json;
    inProgress.delete(address);
    filled.set(address, attributes);
    return attributes;
  }

  const groups = new Map<string, Json>();
  for (const [address, { module, resource }] of [...planned].sort(([a], [b]) => a.localeCompare(b))) {
    const key = `${module}|${resource.type}|${resource.name}`;
    const group =
      groups.get(key) ??
      ({
        ...(module ? { module } : {}),
        mode: "managed",
        type: resource.type,
        name: resource.name,
        provider: `${module ? `${module}.` : ""}${providerOf(module, resource.type, resource.name)}`,
        instances: [],
      } as Json);
    (group.instances as Json[]).push({
      ...(resource.index !== undefined ? { index_key: resource.index } : {}),
      schema_version: resource.schema_version,
      attributes: resourceState(address),
      // Terraform plans an update where only the sensitivity of a value differs from the state.
      sensitive_attributes: sensitivePaths(sensitiveByAddress.get(address)),
    });
    groups.set(key, group);
  }
  // Each module's outputs, evaluated like any other configuration value: an unchanged upstream
  // stack hands these to the stacks that read it, instead of being planned again.
  const outputs = new Map<string, Json>();
  for (const [name, source] of modules) {
    const declared = (source.json.output ?? {}) as Record<string, { value: unknown }>;
    const values: Json = {};
    for (const [output, { value }] of Object.entries(declared)) {
      try {
        values[output] = evaluateValue(`module.${name}`, value);
      } catch (error) {
        if (!(error instanceof UnsupportedExpression)) throw error;
        notes.push(`module.${name}: output ${output} could not be evaluated`);
      }
    }
    outputs.set(name, values);
  }
  return {
    outputs,
    state: {
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "stand-in-state-of-the-base-revision",
      outputs: {},
      resources: [...groups.keys()].sort().map((k) => groups.get(k)!),
    },
    notes,
  };
}

/**
 * Stand-ins for the outputs of a stack that is not planned: each reference an output is built from
 * gets the stand-in its attribute would get in a state (an id with its prefix, an ARN).
 */
export function standInOutputs(stack: Json, ctx: StandInContext): Json {
  const declared = (stack.output ?? {}) as Record<string, { value: unknown }>;
  const fill = (value: unknown): unknown => {
    if (typeof value === "string") {
      return value.replace(TEMPLATE_PART, (_match: string, expression: string | undefined) => {
        if (expression === undefined) return "${";
        const [type, name, attribute] = expression.split(".");
        return String(
          standIn(
            { type: "string" },
            { resourceType: type, address: `${type}.${name ?? ""}`, attribute: attribute ?? "" },
            ctx,
          ),
        );
      });
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, fill(v)]));
    }
    return value;
  };
  return Object.fromEntries(Object.entries(declared).map(([name, { value }]) => [name, fill(value)]));
}
