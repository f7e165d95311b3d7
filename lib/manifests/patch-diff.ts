// The smallest strategic-merge patch that turns a base object into the desired one: maps by key,
// lists of named items by name, anything else replaced whole. Used to keep overlays to what
// differs per env; kustomize applies it, and a test proves base + patch builds the desired object.
type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isNamedList(v: Json): v is Record<string, Json>[] {
  return Array.isArray(v) && v.length > 0 && v.every((i) => isRecord(i) && typeof i.name === "string");
}

function same(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** undefined when nothing differs. Throws on removals, which a merge patch cannot express here. */
export function diff(base: Json, desired: Json, at = "$"): Json | undefined {
  if (isRecord(base) && isRecord(desired)) {
    for (const key of Object.keys(base))
      if (!(key in desired)) throw new Error(`${at}.${key}: removed in the overlay`);
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(desired)) {
      const d = key in base ? diff(base[key], value, `${at}.${key}`) : value;
      if (d !== undefined) out[key] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (isNamedList(base) && isNamedList(desired)) {
    for (const item of base)
      if (!desired.some((d) => d.name === item.name))
        throw new Error(`${at}[${String(item.name)}]: removed in the overlay`);
    const out = desired.flatMap((item) => {
      const match = base.find((b) => b.name === item.name);
      if (!match) return [item];
      const d = diff(match, item, `${at}[${String(item.name)}]`);
      return d === undefined ? [] : [{ ...(d as Record<string, Json>), name: item.name }];
    });
    return out.length ? out : undefined;
  }
  return same(base, desired) ? undefined : desired;
}

/** A patch document for kustomize: the object's identity plus what differs. */
export function patchFor(
  base: Record<string, Json>,
  desired: Record<string, Json>,
): Record<string, Json> | undefined {
  const d = diff(base, desired) as Record<string, Json> | undefined;
  if (!d) return undefined;
  const { metadata: changedMetadata, ...changed } = d;
  return {
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    metadata: {
      name: (desired.metadata as Record<string, Json>).name,
      ...((changedMetadata as object) ?? {}),
    },
    ...changed,
  };
}
