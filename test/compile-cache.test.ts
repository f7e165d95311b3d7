// scripts/compile-cache.js: a module's code cache never outlives its source, and modules outside
// the repository (npm's own, under NODE_OPTIONS) are left to Node.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");
const HOOK = path.join(REPO, "scripts", "compile-cache.js");

// The hook writes to a cache folder of this test's own: the repository's is shared with every
// synth the other test files start meanwhile.
const CACHE_ROOT = fs.mkdtempSync(path.join(REPO, "node_modules", ".cache", "apim-compile-cache-entries-"));
const CACHE = path.join(CACHE_ROOT, `${process.version}-${process.arch}`);
afterAll(() => fs.rmSync(CACHE_ROOT, { recursive: true, force: true }));

function entries(): Set<string> {
  return new Set(fs.existsSync(CACHE) ? fs.readdirSync(CACHE) : []);
}

function runWithHook(file: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, ["--require", HOOK, file], {
    encoding: "utf8",
    env: { ...process.env, APIM_COMPILE_CACHE_DIR: CACHE_ROOT, ...env },
  }).trim();
}

describe("the V8 code cache of synth and the tools", () => {
  const dir = fs.mkdtempSync(path.join(REPO, "node_modules", ".cache", "apim-compile-cache-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("an edited module runs its new source, and each version gets its own entry", () => {
    const file = path.join(dir, "answer.js");
    fs.writeFileSync(file, "#!/usr/bin/env node\nconsole.log(require('./part').value * 2);\n");
    fs.writeFileSync(path.join(dir, "part.js"), "exports.value = 21;\n");
    const before = entries();
    expect(runWithHook(file)).toBe("42");
    const afterFirst = entries();
    expect([...afterFirst].filter((e) => !before.has(e))).toHaveLength(2); // answer.js and part.js
    expect(runWithHook(file)).toBe("42"); // from the cache: no new entry
    expect(entries().size).toBe(afterFirst.size);
    fs.writeFileSync(path.join(dir, "part.js"), "exports.value = 50;\n");
    expect(runWithHook(file)).toBe("100");
    expect(entries().size).toBe(afterFirst.size + 1);
  });

  test("APIM_COMPILE_CACHE=0 turns it off", () => {
    const file = path.join(dir, "off.js");
    fs.writeFileSync(file, "console.log('off');\n");
    const before = entries().size;
    expect(runWithHook(file, { APIM_COMPILE_CACHE: "0" })).toBe("off");
    expect(entries().size).toBe(before);
  });

  test("a module outside the repository is compiled by Node, not cached", () => {
    const outside = fs.mkdtempSync(path.join(testDir(), "outside-"));
    const file = path.join(outside, "outside.js");
    fs.writeFileSync(file, "console.log(typeof require.resolve);\n");
    const before = entries().size;
    expect(runWithHook(file)).toBe("function");
    expect(entries().size).toBe(before);
  });

  test("import() inside a cached CommonJS module loads an ES module", () => {
    const file = path.join(dir, "dynamic.js");
    fs.writeFileSync(path.join(dir, "esm.mjs"), "export const word = 'loaded';\n");
    fs.writeFileSync(file, "import('./esm.mjs').then((m) => console.log(m.word));\n");
    expect(runWithHook(file)).toBe("loaded");
  });
});
