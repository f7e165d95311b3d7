// The YAML texts this process wrote from objects (gitops-src/yaml.ts), with those objects: a
// manifest build (tools/kustomize) reads such a text without parsing it again. Parsing the
// generated gitops/ back was most of a build's time. A text matches only as written, after the
// comment lines a file starts with (its generated marker, a note); any other text is parsed.
// test/yaml-known-documents.test.ts proves, for every generated file, that the objects are what
// parsing the file gives.
const KNOWN = new Map<string, string>();

/** Remembers `documents` as what `text` (their YAML) holds. */
export function rememberDocuments(text: string, documents: readonly unknown[]): void {
  // As JSON: a copy that no later change to the objects reaches, and what parsing gives (YAML
  // drops undefined values as JSON does).
  KNOWN.set(text, JSON.stringify(documents));
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
