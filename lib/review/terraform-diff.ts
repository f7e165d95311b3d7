// What a change does to the synthesized Terraform of each stack: resources added, changed (with
// the attribute paths), removed, and which of those destroy or replace something that holds data.
import { REPLACEMENT_ATTRIBUTES, STATEFUL_TYPES } from "./replacement-attributes";

type Json = unknown;
type Attrs = Record<string, Json>;

export interface ResourceChange {
  readonly stack: string;
  readonly address: string; // "<type>.<name>"
  readonly type: string;
  readonly kind: "added" | "removed" | "changed";
  readonly paths: string[];
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

/** Dotted paths whose values differ ("a.b[0].c"). */
export function changedPaths(before: Json, after: Json, at = ""): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: Json): v is Attrs => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .sort()
      .flatMap((k) => changedPaths(before[k], after[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => changedPaths(b, after[i], `${at}[${i}]`));
  }
  return [at || "(value)"];
}

const stateful = (type: string): type is (typeof STATEFUL_TYPES)[number] =>
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
  for (const stack of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const a = resources(before[stack] ?? {});
    const b = resources(after[stack] ?? {});
    for (const address of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const type = address.split(".")[0];
      if (!b.has(address)) {
        const renamedTo = [...b.keys()].find((n) => !a.has(n) && n.startsWith(`${type}.`));
        changes.push({
          stack,
          address,
          type,
          kind: "removed",
          paths: [],
          destructive: stateful(type)
            ? renamedTo
              ? `${address} is gone and ${renamedTo} is new: a moved or renamed construct changes the address, so Terraform destroys it and creates an empty one (add a moved block or keep the construct id)`
              : `${address} would be destroyed with its data`
            : undefined,
        });
      } else if (!a.has(address)) {
        changes.push({ stack, address, type, kind: "added", paths: [] });
      } else {
        const paths = changedPaths(a.get(address), b.get(address));
        if (paths.length)
          changes.push({ stack, address, type, kind: "changed", paths, destructive: replacing(type, paths) });
      }
    }
  }
  return changes;
}
