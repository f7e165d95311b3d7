// A construct renamed without a moved block changes its resource's address: Terraform destroys the
// old resource and creates the new one. Each removed resource is paired with the added resource of
// its type in the same stack that it resembles most (one-to-one), and the review prints the cdktf
// call that would carry the rename as a moved block.
type Json = Record<string, unknown>;

export interface Rename {
  readonly stack: string;
  readonly from: string; // "<type>.<name>"
  readonly to: string;
  /** The construct path of the new resource, where the call goes. */
  readonly constructPath: string;
}

function resourceOf(stack: Json | undefined, address: string): Json | undefined {
  const [type, name] = address.split(".");
  return ((stack?.resource ?? {}) as Record<string, Record<string, Json>>)[type]?.[name];
}

/** How many top-level arguments two resource bodies share with equal values. */
function likeness(a: Json, b: Json): number {
  return Object.keys(a).filter((k) => k !== "//" && JSON.stringify(a[k]) === JSON.stringify(b[k])).length;
}

/**
 * Pairs removed with added resources of the same type and stack: the most alike pairs first, each
 * resource in one pair at most, and only pairs that share at least one argument.
 */
export function pairRenames(
  removed: readonly { stack: string; address: string }[],
  added: readonly { stack: string; address: string }[],
  base: Readonly<Record<string, Json>>,
  head: Readonly<Record<string, Json>>,
): Rename[] {
  const candidates: { from: string; to: string; stack: string; score: number }[] = [];
  for (const r of removed) {
    const type = r.address.split(".")[0];
    const old = resourceOf(base[r.stack], r.address);
    if (!old) continue;
    for (const a of added) {
      if (a.stack !== r.stack || a.address.split(".")[0] !== type) continue;
      const now = resourceOf(head[a.stack], a.address);
      if (now) candidates.push({ from: r.address, to: a.address, stack: r.stack, score: likeness(old, now) });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
  const used = new Set<string>();
  const renames: Rename[] = [];
  for (const c of candidates) {
    const from = `${c.stack}|${c.from}`;
    const to = `${c.stack}|${c.to}`;
    if (c.score === 0 || used.has(from) || used.has(to)) continue;
    used.add(from);
    used.add(to);
    const metadata = (resourceOf(head[c.stack], c.to)?.["//"] as Json | undefined)?.metadata as
      Json | undefined;
    renames.push({ stack: c.stack, from: c.from, to: c.to, constructPath: String(metadata?.path ?? c.to) });
  }
  return renames.sort((x, y) => `${x.stack}|${x.from}`.localeCompare(`${y.stack}|${y.from}`));
}

/** The cdktf call that turns the rename into a moved block. */
export function moveCall(rename: Rename): string {
  return `on the resource at construct path \`${rename.constructPath}\`, call \`.moveFromId("${rename.from}")\``;
}
