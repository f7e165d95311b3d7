// Reads a source map (version 3) enough to say which source a position of the bundle belongs to:
// npm run bench attributes the profile of a bundled synth to packages and folders with it.
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The VLQ numbers of one mapping segment. */
function decodeSegment(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c);
    if (digit === undefined) throw new Error(`not a base64 VLQ digit: ${c}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

export class SourceMap {
  /** Per generated line: the columns where a mapping starts and the source index from there on. */
  private readonly lines: { columns: number[]; sources: number[] }[];

  constructor(private readonly map: { sources: string[]; mappings: string }) {
    let source = 0;
    this.lines = map.mappings.split(";").map((line) => {
      const columns: number[] = [];
      const sources: number[] = [];
      let column = 0;
      for (const segment of line ? line.split(",") : []) {
        const [dColumn, dSource] = decodeSegment(segment);
        column += dColumn;
        if (dSource !== undefined) source += dSource;
        columns.push(column);
        // A segment of one field maps to no source.
        sources.push(dSource === undefined ? -1 : source);
      }
      return { columns, sources };
    });
  }

  /** The source (as the map names it) of a zero-based line and column, if any. */
  sourceAt(line: number, column: number): string | undefined {
    const entry = this.lines[line];
    if (!entry || !entry.columns.length) return undefined;
    let lo = 0;
    let hi = entry.columns.length - 1;
    if (entry.columns[0] > column) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (entry.columns[mid] <= column) lo = mid;
      else hi = mid - 1;
    }
    const index = entry.sources[lo];
    return index < 0 ? undefined : this.map.sources[index];
  }
}
