// The YAML texts this process wrote from objects (gitops-src/yaml.ts), with those objects: a
// manifest build (tools/kustomize) reads such a text without parsing it again. Parsing the
// generated gitops/ back was most of a build's time. A text matches only as written, after the
// comment lines a file starts with (its generated marker, a note); any other text is parsed.
// test/yaml-known-documents.test.ts proves, for every generated file, that the objects are what
// parsing the file gives.
const KNOWN = new Map<string, string>();

/**
 * Whether JSON carries `value` as YAML does: plain objects, arrays, strings, booleans, null and
 * finite numbers other than -0 (JSON turns NaN and Infinity into null, -0 into 0, a Map into {}).
 * An undefined field is dropped by both; one in an array is not.
 */
function jsonExact(value: unknown, inArray = false): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (value === undefined) return !inArray;
  if (Array.isArray(value)) return value.every((v) => jsonExact(v, true));
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((v) => jsonExact(v));
}

/** Remembers `documents` as what `text` (their YAML) holds, when JSON can carry them exactly. */
export function rememberDocuments(text: string, documents: readonly unknown[]): void {
  // As JSON: a copy that no later change to the objects reaches, and what parsing gives.
  if (documents.every((d) => jsonExact(d))) KNOWN.set(text, JSON.stringify(documents));
}

/** The documents of a text written by rememberDocuments, as new objects; else undefined. */
export function knownDocuments(text: string): unknown[] | undefined {
  let start = 0;
  while (text.startsWith("#", start)) {
    const end = text.indexOf("\n", start);
    if (end < 0) return undefined;
    start = end + 1;
  }
  const json = KNOWN.get(start ? text.slice(start) : text);
  return json === undefined ? undefined : (JSON.parse(json) as unknown[]);
}
