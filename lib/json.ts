// JSON values with their keys in a stable order: deterministic output and order-free comparison.
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The value at a dotted path, list indexes as "[0]" ("spec.containers[0].image"); undefined where it stops. */
export function valueAt(value: unknown, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .reduce<unknown>(
      (at, step) => (at && typeof at === "object" ? (at as Record<string, unknown>)[step] : undefined),
      value,
    );
}
