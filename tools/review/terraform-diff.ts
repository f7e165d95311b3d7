// The fallback review where no Terraform is installed: the synthesized JSON of each stack compared
// resource by resource, and a hand-kept table of the attributes that force a replacement of the
// resources that hold data. Terraform's own plan (terraform-review.ts) is the verdict otherwise.
import { REPLACEMENT_ATTRIBUTES, STATEFUL_TYPES } from "./replacement-attributes";
import { moveCall, pairRenames } from "./renames";

type Json = unknown;
type Attrs = Record<string, Json>;

export interface ResourceChange {
  readonly stack: string;
  readonly address: string; // "<type>.<name>"
  readonly type: string;
  readonly kind: "added" | "removed" | "changed" | "replaced" | "moved";
  readonly paths: string[];
  /** Why: what forces a replacement, where a move comes from, what carries a rename. */
  readonly detail?: string[];
  /** Why this change destroys or replaces a resource holding data or keys; undefined when it does not. */
  readonly destructive?: string;
}

function resources(stack: Attrs): Map<string, Attrs> {
  const out = new Map<string, Attrs>();
  for (const [type, byName] of Object.entries(
    (stack.resource ?? {}) as Record<string, Record<string, Attrs>>,
  )) {
    for (const [name, attrs] of Object.entries(byName)) {
      // "//" holds the construct path, which a refactor changes without touching the resource.
      out.set(`${type}.${name}`, Object.fromEntries(Object.entries(attrs).filter(([key]) => key !== "//")));
    }
  }
  return out;
}

/** Dotted paths whose values differ ("a.b[0].c"); with a plan's after_unknown mask, a value known
 * only after apply counts as differing. */
export function changedPaths(before: Json, after: Json, at = "", unknown?: unknown): string[] {
  if (unknown === true) return [at || "(value)"];
  if (JSON.stringify(before) === JSON.stringify(after) && !unknown) return [];
  const isObj = (v: Json): v is Attrs => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const u = isObj(unknown) ? unknown : {};
    return [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(u)])]
      .sort()
      .flatMap((k) => changedPaths(before[k], after[k], at ? `${at}.${k}` : k, u[k]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    const u = Array.isArray(unknown) ? unknown : [];
    return before.flatMap((b, i) => changedPaths(b, after[i], `${at}[${i}]`, u[i]));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [at || "(value)"];
}

export const stateful = (type: string): type is (typeof STATEFUL_TYPES)[number] =>
  (STATEFUL_TYPES as readonly string[]).includes(type);

function replacing(type: string, paths: string[]): string | undefined {
  if (!stateful(type)) return undefined;
  const forcing = REPLACEMENT_ATTRIBUTES[type].filter((attr) =>
    paths.some((p) => p.replace(/\[\d+\]/g, "") === attr || p.replace(/\[\d+\]/g, "").startsWith(`${attr}.`)),
  );
  return forcing.length
    ? `changing ${forcing.join(", ")} replaces the ${type}: its data would be destroyed`
    : undefined;
}

export function diffStacks(
  before: Readonly<Record<string, Attrs>>,
  after: Readonly<Record<string, Attrs>>,
): ResourceChange[] {
  const changes: ResourceChange[] = [];
  const removed: { stack: string; address: string }[] = [];
  const added: { stack: string; address: string }[] = [];
  for (const stack of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const a = resources(before[stack] ?? {});
    const b = resources(after[stack] ?? {});
    for (const address of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      if (!b.has(address)) removed.push({ stack, address });
      else if (!a.has(address)) added.push({ stack, address });
      else {
        const type = address.split(".")[0];
        const paths = changedPaths(a.get(address), b.get(address));
        const forcing = replacing(type, paths);
        if (paths.length)
          changes.push({
            stack,
            address,
            type,
            kind: forcing ? "replaced" : "changed",
            paths,
            destructive: forcing,
          });
      }
    }
  }
  const renames = pairRenames(removed, added, before, after);
  for (const r of removed) {
    const type = r.address.split(".")[0];
    const rename = renames.find((n) => n.stack === r.stack && n.from === r.address);
    const detail = rename
      ? [`renamed to ${rename.to} without a moved block: ${moveCall(rename)}`]
      : undefined;
    changes.push({
      ...r,
      type,
      kind: "removed",
      paths: [],
      ...(detail ? { detail } : {}),
      destructive: stateful(type)
        ? rename
          ? `${r.address} is gone and ${rename.to} is new: without a moved block Terraform destroys it and creates an empty one; ${moveCall(rename)}`
          : `${r.address} would be destroyed with its data`
        : undefined,
    });
  }
  for (const a of added) changes.push({ ...a, type: a.address.split(".")[0], kind: "added", paths: [] });
  return changes.sort((x, y) => x.stack.localeCompare(y.stack) || x.address.localeCompare(y.address));
}
