// The values we give each pinned Helm chart, checked against that chart as published: its
// values.schema.json (Helm refuses a release whose merged values break it), its values.yaml (a key
// the chart does not have is ignored by Helm without a word), its appVersion against the image
// we run, and the ClusterRole rules it renders. The charts are kept, trimmed to those files, under
// test/fixtures/charts/<chart>/<version>/ (PROVENANCE.md there says where each comes from).
import * as fs from "fs";
import * as path from "path";
import Ajv, { AnySchema } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";

export const CHART_FIXTURES = path.join(__dirname, "..", "fixtures", "charts");

type Values = Record<string, unknown>;

export interface Chart {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  /** The chart's values.yaml, its sub-charts' values.yaml under their names (as Helm merges them). */
  readonly defaults: Values;
  readonly schema?: AnySchema;
  /** The rules of its ClusterRole as rendered with our values, where kept. */
  readonly clusterRoleRules?: readonly PolicyRule[];
}

export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** clusterrole-rules.yaml: the rules of one ClusterRole, or of each of several. */
interface KeptRules {
  readonly rules?: PolicyRule[];
  readonly clusterRoles?: { name: string; template: string; rules: PolicyRule[] }[];
}

function isMap(v: unknown): v is Values {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Helm's coalescing: maps merge key by key, anything else (lists included) replaces; null deletes. */
export function coalesce(defaults: unknown, values: unknown): unknown {
  if (!isMap(defaults) || !isMap(values)) return values;
  const out: Values = { ...defaults };
  for (const [k, v] of Object.entries(values)) {
    if (v === null) delete out[k];
    else out[k] = coalesce(defaults[k], v);
  }
  return out;
}

function readIf(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** A kept chart, or undefined when test/fixtures/charts has no such chart version. */
export function loadChart(name: string, version: string, root = CHART_FIXTURES): Chart | undefined {
  const dir = path.join(root, name, version);
  const meta = readIf(path.join(dir, "Chart.yaml"));
  if (meta === undefined) return undefined;
  const chartYaml = parse(meta) as {
    appVersion: string;
    dependencies?: { name: string; version: string; alias?: string }[];
  };
  let defaults = (parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8")) ?? {}) as Values;
  for (const dep of chartYaml.dependencies ?? []) {
    const sub = loadChart(dep.name, dep.version, root);
    if (!sub) continue;
    const key = dep.alias ?? dep.name;
    defaults = { ...defaults, [key]: coalesce(sub.defaults, defaults[key] ?? {}) };
  }
  const schema = readIf(path.join(dir, "values.schema.json"));
  const rules = readIf(path.join(dir, "clusterrole-rules.yaml"));
  return {
    name,
    version,
    appVersion: String(chartYaml.appVersion),
    defaults,
    schema: schema === undefined ? undefined : (JSON.parse(schema) as AnySchema),
    clusterRoleRules: rules === undefined ? undefined : keptRules(parse(rules) as KeptRules),
  };
}

function keptRules(kept: KeptRules): PolicyRule[] {
  return kept.rules ?? (kept.clusterRoles ?? []).flatMap((r) => r.rules);
}

/** (1) The schema errors of the values Helm validates: the chart's defaults with ours over them. */
export function schemaErrors(schema: AnySchema, defaults: Values, values: Values): string[] {
  const dialect = String((schema as { $schema?: string }).$schema ?? "");
  const ajv = dialect.includes("2020-12")
    ? new Ajv2020({ strict: false, allErrors: true })
    : new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  if (validate(coalesce(defaults, values))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim());
}

/**
 * Maps whose keys are ours to choose (the chart passes them on whole, or makes one flag or label of
 * each), though the chart's values.yaml lists a few: a key we set under them is not unknown.
 * Maps whose default is empty ({}) or null are taken as free-form without being listed.
 */
export const FREE_FORM_VALUES: readonly { chart: string; path: string; reason: string }[] = [
  {
    chart: "cluster-autoscaler",
    path: "extraArgs",
    reason: "each key becomes a --<key>=<value> flag of the autoscaler (templates/deployment.yaml)",
  },
  {
    chart: "aws-load-balancer-controller",
    path: "securityContext",
    reason: "the container's SecurityContext, rendered whole (toYaml, templates/deployment.yaml)",
  },
  {
    chart: "external-dns",
    path: "securityContext",
    reason: "the container's SecurityContext, rendered whole (toYaml, templates/deployment.yaml)",
  },
];

/** Every resources map is a Kubernetes ResourceRequirements rendered whole (requests, limits). */
const PASS_THROUGH_KEYS = new Set(["resources"]);

/** (2) The key paths of `values` that the chart's values.yaml does not have (Helm ignores them). */
export function unknownKeys(
  chart: string,
  defaults: Values,
  values: Values,
  freeForm = FREE_FORM_VALUES,
): string[] {
  const free = new Set(freeForm.filter((f) => f.chart === chart).map((f) => f.path));
  const walk = (def: Values, ours: Values, prefix: string): string[] =>
    Object.entries(ours).flatMap(([key, value]) => {
      const at = prefix ? `${prefix}.${key}` : key;
      if (!(key in def)) return [at];
      const d = def[key];
      if (free.has(at) || PASS_THROUGH_KEYS.has(key)) return [];
      if (!isMap(value)) return [];
      if (d === null || d === undefined || (isMap(d) && Object.keys(d).length === 0)) return [];
      if (!isMap(d)) return [`${at} (a map where the chart has ${JSON.stringify(d)})`];
      return walk(d, value, at);
    });
  return walk(defaults, values, "");
}

/** "v1.33.0" -> "1.33"; undefined when the tag is no version. */
export function minorLine(version: string): string | undefined {
  return /^v?(\d+)\.(\d+)(?:\.|$|-)/.exec(version)?.slice(1, 3).join(".");
}

/** (3) Every image tag we set (at any `image.tag`), as a path and tag, that is not of the app's minor line. */
export function imageLineMismatches(appVersion: string, values: Values): string[] {
  const line = minorLine(appVersion);
  const tags: [string, string][] = [];
  const walk = (v: unknown, at: string): void => {
    if (!isMap(v)) return;
    for (const [k, sub] of Object.entries(v)) {
      const p = at ? `${at}.${k}` : k;
      if (k === "image" && isMap(sub) && typeof sub.tag === "string" && sub.tag !== "") {
        tags.push([`${p}.tag`, sub.tag]);
      }
      walk(sub, p);
    }
  };
  walk(values, "");
  return tags
    .filter(([, tag]) => line === undefined || minorLine(tag) !== line)
    .map(([p, tag]) => `${p} ${tag} is not of the chart's app line ${appVersion}`);
}

/** Whether the rules allow `verb` on `group`/`resource` (any name). */
export function rulesGrant(
  rules: readonly PolicyRule[],
  group: string,
  resource: string,
  verb: string,
): boolean {
  return rules.some(
    (r) =>
      (r.apiGroups ?? []).some((g) => g === group || g === "*") &&
      (r.resources ?? []).some((x) => x === resource || x === "*") &&
      (r.verbs.includes(verb) || r.verbs.includes("*")) &&
      !r.resourceNames?.length,
  );
}
