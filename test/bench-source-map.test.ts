// bench/source-map.ts against esbuild's own source maps: each function of a small bundle is found
// in the file it came from.
import * as fs from "fs";
import * as path from "path";
import { buildSync } from "esbuild";
import { SourceMap } from "../bench/source-map";
import { testDir } from "./support/synth-output";

test("a position in a bundle is traced to the source file that wrote it", () => {
  const dir = fs.mkdtempSync(path.join(testDir(), "source-map-"));
  fs.writeFileSync(
    path.join(dir, "first.ts"),
    "export function first(): string {\n  return 'first-marker' + Math.random();\n}\n",
  );
  fs.writeFileSync(
    path.join(dir, "second.ts"),
    "export const second = (): number =>\n  'second-marker'.length * Math.random();\n",
  );
  fs.writeFileSync(
    path.join(dir, "entry.ts"),
    'import { first } from "./first";\nimport { second } from "./second";\nconsole.log(first(), second());\n',
  );
  for (const minify of [false, true]) {
    const result = buildSync({
      entryPoints: [path.join(dir, "entry.ts")],
      bundle: true,
      format: "cjs",
      platform: "node",
      sourcemap: "external",
      outfile: path.join(dir, "out", "bundle.js"),
      write: false,
      minifyWhitespace: minify,
    });
    const code = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    const map = new SourceMap(JSON.parse(result.outputFiles.find((f) => f.path.endsWith(".map"))!.text));
    const at = (needle: string) => {
      const offset = code.indexOf(needle);
      expect(offset).toBeGreaterThan(-1);
      const before = code.slice(0, offset).split("\n");
      return map.sourceAt(before.length - 1, before[before.length - 1].length);
    };
    expect(at('"first-marker"')).toBe("../first.ts");
    expect(at('"second-marker"')).toBe("../second.ts");
    expect(at("console.log(")).toBe("../entry.ts");
  }
});
