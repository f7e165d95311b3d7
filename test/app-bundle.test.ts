// scripts/app-bundle.js: a bundle is never served stale, trees with the same sources share one,
// every module keeps its own __dirname under the tree that runs it; and the app bundled, with its
// synth thread, writes exactly what the sources run file by file write.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { listFiles } from "../tools/output/output-tree";
import { synthOutdir, testDir } from "./support/synth-output";

const REPO = path.join(__dirname, "..");

/** A small tree laid out as the repository is: its own scripts/, the repository's node_modules. */
function tree(name: string, answer: string): string {
  const root = fs.mkdtempSync(path.join(testDir(), `bundle-${name}-`));
  fs.mkdirSync(path.join(root, "scripts"));
  for (const script of ["app-bundle.js", "compile-cache.js", "write-atomically.js"])
    fs.copyFileSync(path.join(REPO, "scripts", script), path.join(root, "scripts", script));
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"), "dir");
  fs.mkdirSync(path.join(root, "lib", "assets"), { recursive: true });
  fs.writeFileSync(path.join(root, "lib", "assets", "answer.txt"), answer);
  fs.writeFileSync(
    path.join(root, "lib", "answer.ts"),
    'import * as fs from "fs";\nimport * as path from "path";\n' +
      'export const answer = (): string => fs.readFileSync(path.join(__dirname, "assets", "answer.txt"), "utf8");\n',
  );
  fs.writeFileSync(
    path.join(root, "entry.ts"),
    'import { answer } from "./lib/answer";\nexport const factor: number = 2;\nconsole.log(`${answer()} x${factor}`);\n',
  );
  return root;
}

/** Bundles entry.ts of `root` with the root's own copy of app-bundle.js (run from `cwd`); its path. */
function bundle(root: string, cwd = root): string {
  const script = JSON.stringify(path.join(root, "scripts", "app-bundle.js"));
  return execFileSync(
    process.execPath,
    ["-e", `require(${script}).appBundle("entry.ts").then((f) => console.log(f))`],
    { cwd, encoding: "utf8" },
  ).trim();
}

/** The tree's record of its last bundle (the sources, packages and folders it checks). */
function recordOf(root: string): {
  state: { sources: Record<string, string>; packages: Record<string, string> };
} {
  const records = path.join(root, "node_modules", ".cache", "apim-bundle", "records");
  const mine = fs
    .readdirSync(records)
    .map((f) => JSON.parse(fs.readFileSync(path.join(records, f), "utf8")) as { root: string; state: never })
    .filter((r) => r.root === root);
  expect(mine).toHaveLength(1);
  return mine[0] as ReturnType<typeof recordOf>;
}

function runBundle(file: string, root: string | undefined): ReturnType<typeof spawnSync> {
  const env = { ...process.env };
  delete env.APIM_APP_ROOT;
  if (root) env.APIM_APP_ROOT = root;
  return spawnSync(process.execPath, [file], { encoding: "utf8", env });
}

describe("the app bundle", () => {
  test("an unchanged tree reuses its bundle; an edited source makes a new one, which runs the edit", () => {
    const root = tree("edit", "42");
    const first = bundle(root);
    expect(runBundle(first, root).stdout).toBe("42 x2\n");
    expect(bundle(root)).toBe(first);
    fs.writeFileSync(
      path.join(root, "entry.ts"),
      fs.readFileSync(path.join(root, "entry.ts"), "utf8").replace("= 2", "= 3"),
    );
    const second = bundle(root);
    expect(second).not.toBe(first);
    expect(runBundle(second, root).stdout).toBe("42 x3\n");
    // An edit to a module the entry imports counts too, not only the entry.
    fs.writeFileSync(
      path.join(root, "lib", "answer.ts"),
      fs.readFileSync(path.join(root, "lib", "answer.ts"), "utf8").replace('"utf8")', '"utf8") + "!"'),
    );
    const third = bundle(root);
    expect(third).not.toBe(second);
    expect(runBundle(third, root).stdout).toBe("42! x3\n");
    // So does a new file where an import could find it: ./lib/answer now means lib/answer/index.ts.
    fs.renameSync(path.join(root, "lib", "answer.ts"), path.join(root, "lib", "answer.ts.old"));
    fs.mkdirSync(path.join(root, "lib", "answer"));
    fs.writeFileSync(
      path.join(root, "lib", "answer", "index.ts"),
      'export const answer = (): string => "43";\n',
    );
    expect(runBundle(bundle(root), root).stdout).toBe("43 x3\n");
    fs.writeFileSync(path.join(root, "lib", "answer.ts"), 'export const answer = (): string => "44";\n');
    // TypeScript's resolution (and esbuild's) prefers the file to the folder.
    expect(runBundle(bundle(root), root).stdout).toBe("44 x3\n");
  });

  test("a JSON source, an installed package's file and the folder an import runs from are watched too", () => {
    const root = tree("more", "42");
    fs.writeFileSync(path.join(root, "lib", "factor.json"), '{ "factor": 2 }\n');
    fs.mkdirSync(path.join(root, "lib", "node_modules", "greeting"), { recursive: true });
    fs.writeFileSync(
      path.join(root, "lib", "node_modules", "greeting", "index.js"),
      'exports.word = "hello";\n',
    );
    fs.writeFileSync(
      path.join(root, "lib", "answer.ts"),
      'import { factor } from "./factor.json";\nimport { word } from "greeting";\n' +
        "export const answer = (): string => `${word} ${factor}`;\n",
    );
    // Run from a folder of the tree, not its root: the same bundle, and its record is kept.
    const first = bundle(root, path.join(root, "lib"));
    expect(runBundle(first, root).stdout).toBe("hello 2 x2\n");
    expect(Object.keys(recordOf(root).state.sources)).toEqual([
      "entry.ts",
      "lib/answer.ts",
      "lib/factor.json",
    ]);
    expect(Object.keys(recordOf(root).state.packages)).toEqual(["lib/node_modules/greeting/index.js"]);
    expect(bundle(root)).toBe(first);
    fs.writeFileSync(path.join(root, "lib", "factor.json"), '{ "factor": 5 }\n');
    expect(runBundle(bundle(root), root).stdout).toBe("hello 5 x2\n");
    // A package patched in place (its lockfile unchanged) is bundled again.
    fs.writeFileSync(
      path.join(root, "lib", "node_modules", "greeting", "index.js"),
      'exports.word = "hi there";\n',
    );
    expect(runBundle(bundle(root), root).stdout).toBe("hi there 5 x2\n");
  });

  test("what the app writes beside its sources (cdktf.out/, .synth-* staging) bundles nothing again", () => {
    const root = tree("output", "42");
    const first = bundle(root);
    const records = path.join(root, "node_modules", ".cache", "apim-bundle", "records");
    const recordFile = fs
      .readdirSync(records)
      .map((f) => path.join(records, f))
      .find((f) => (JSON.parse(fs.readFileSync(f, "utf8")) as { root: string }).root === root)!;
    const written = () => fs.statSync(recordFile).mtimeMs;
    const before = written();
    // As a synth leaves them, and as the synth thread may see them while it loads its bundle.
    fs.mkdirSync(path.join(root, "cdktf.out", "stacks"), { recursive: true });
    fs.mkdirSync(path.join(root, ".synth-Ab12Cd"));
    expect(bundle(root)).toBe(first);
    // Not bundled again: the record a build writes is untouched.
    expect(written()).toBe(before);
    // The control: any other new entry where an import could look is a reason to bundle again,
    // the same names in a source folder included.
    fs.mkdirSync(path.join(root, "lib", ".synth-Ef34Gh"));
    expect(bundle(root)).toBe(first);
    expect(written()).not.toBe(before);
  });

  test("a source edited while it is bundled is bundled again at the next run", () => {
    const root = tree("race", "42");
    fs.writeFileSync(path.join(root, "lib", "factor.json"), '{ "factor": 2 }\n');
    fs.writeFileSync(
      path.join(root, "entry.ts"),
      'import { factor } from "./lib/factor.json";\nconsole.log(`x${factor}`);\n',
    );
    // The edit lands just after the bundler has read the file (a preload hooks the read).
    const preload = path.join(root, "edit-after-read.js");
    fs.writeFileSync(
      preload,
      `const fs = require("fs");
       const read = fs.readFileSync;
       let done = false;
       fs.readFileSync = function (file, ...rest) {
         const out = read.call(fs, file, ...rest);
         if (!done && String(file).endsWith("factor.json")) {
           done = true;
           fs.writeFileSync(file, '{ "factor": 3 }\\n');
         }
         return out;
       };`,
    );
    const script = JSON.stringify(path.join(root, "scripts", "app-bundle.js"));
    const raced = execFileSync(
      process.execPath,
      ["-r", preload, "-e", `require(${script}).appBundle("entry.ts").then((f) => console.log(f))`],
      { cwd: root, encoding: "utf8" },
    ).trim();
    expect(runBundle(raced, root).stdout).toBe("x2\n"); // what was read
    expect(runBundle(bundle(root), root).stdout).toBe("x3\n"); // what is there now
  });

  test("a bundled stack trace maps to the sources with node --enable-source-maps", () => {
    const root = tree("trace", "42");
    fs.appendFileSync(
      path.join(root, "lib", "answer.ts"),
      'export function fail(): never {\n  throw new Error("boom");\n}\n',
    );
    fs.appendFileSync(path.join(root, "entry.ts"), 'import { fail } from "./lib/answer";\nfail();\n');
    const file = bundle(root);
    const result = spawnSync(process.execPath, ["--enable-source-maps", file], {
      encoding: "utf8",
      env: { ...process.env, APIM_APP_ROOT: root },
    });
    expect(result.stderr).toContain("Error: boom");
    // Paths are as the tree that built the bundle has them (here the first to build it).
    expect(result.stderr).toMatch(/at fail \(.*lib\/answer\.ts:5:9\)/);
  });

  test("trees with the same sources share a bundle, and each module reads its own tree's files", () => {
    const one = tree("one", "from one");
    const two = tree("two", "from two"); // the asset differs, the sources do not
    const file = bundle(one);
    // The same file in the shared node_modules, reached through each tree's link to it.
    expect(fs.realpathSync(bundle(two))).toBe(fs.realpathSync(file));
    expect(runBundle(file, one).stdout).toBe("from one x2\n");
    expect(runBundle(file, two).stdout).toBe("from two x2\n");
  });

  test("run without the tree it belongs to, a bundle says so instead of reading another's files", () => {
    const root = tree("no-root", "42");
    const result = runBundle(bundle(root), undefined);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("APIM_APP_ROOT is not set: start the app with scripts/run-app.js");
  });
});

describe("the app as npm run synth runs it", () => {
  function read(dir: string): Record<string, string> {
    return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
  }

  // The run's synth (global setup) runs the sources in this process, on one thread.
  test.each([
    ["bundled, stacks synthesized on the synth thread", {}],
    ["file by file (APIM_BUNDLE=0), stacks synthesized on the synth thread", { APIM_BUNDLE: "0" }],
  ])("%s: the same Terraform, gitops/ and reports as the sources on one thread", (_, env) => {
    const root = fs.mkdtempSync(path.join(testDir(), "app-run-"));
    // The committed gitops/ as the team has it, with a generated file gone for synth to bring back.
    fs.cpSync(path.join(REPO, "gitops"), path.join(root, "gitops"), { recursive: true });
    fs.rmSync(path.join(root, "gitops", "clusters", "prod", "apps.yaml"));
    const result = spawnSync(process.execPath, [path.join(REPO, "scripts", "run-app.js"), "--root", root], {
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("gitops/ 56 files (1 changed)");
    expect(read(path.join(root, "cdktf.out"))).toEqual(read(synthOutdir()));
    expect(read(path.join(root, "gitops"))).toEqual(read(path.join(REPO, "gitops")));
    expect(read(path.join(root, "docs", "conformance"))).toEqual(
      read(path.join(REPO, "docs", "conformance")),
    );
    expect(fs.readdirSync(root).sort()).toEqual(["cdktf.out", "docs", "gitops"]); // no staging left
  });

  /** A copy of the repository's sources (its node_modules linked) to break. */
  function sourceCopy(name: string): string {
    const root = fs.mkdtempSync(path.join(testDir(), `${name}-`));
    const skip = new Set(["node_modules", ".git", "cdktf.out", "test", "reports"]);
    fs.cpSync(REPO, root, {
      recursive: true,
      filter: (src) => {
        const top = path.relative(REPO, src).split(path.sep)[0];
        return !skip.has(top) && !top.startsWith(".synth-");
      },
    });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"), "dir");
    return root;
  }

  const runApp = (root: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.join(root, "scripts", "run-app.js")], {
      encoding: "utf8",
      env: { ...process.env, ...env },
    });

  test("a stack that fails as it loads on the synth thread is one error and exit 1; nothing is written", () => {
    const root = sourceCopy("app-load-failure");
    fs.appendFileSync(
      path.join(root, "stacks", "data-stack.ts"),
      '\nthrow new Error("data-stack cannot load");\n',
    );
    const run = (env: Record<string, string>) => runApp(root, env);
    const before = listFiles(root);
    for (const env of [{}, { APIM_BUNDLE: "0" }] as Record<string, string>[]) {
      const result = run(env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("Error: data-stack cannot load");
      // Reported by the app, not thrown from Node's event machinery past it.
      expect(result.stderr).not.toContain("node:internal/event_target");
      expect(listFiles(root)).toEqual(before); // nothing written, no staging left
    }
  });

  test("a synth that fails after announcing envs (prod's data stack, once dev and test are written) is one error; nothing is written", () => {
    const root = sourceCopy("app-late-failure");
    const file = path.join(root, "stacks", "data-stack.ts");
    const text = fs.readFileSync(file, "utf8");
    const anchor = '    super(scope, { env, kind: "data" });\n';
    expect(text).toContain(anchor);
    // A value that fails only as cdktf resolves prod's data stack, after the other envs' are written.
    fs.writeFileSync(
      file,
      'import { Lazy as FailingLazy, TerraformOutput as FailingOutput } from "cdktf";\n' +
        text.replace(
          anchor,
          `${anchor}    new FailingOutput(this, "fails", { value: FailingLazy.stringValue({ produce: () => { if (env.name === "prod") throw new Error("prod-data cannot resolve"); return "ok"; } }) });\n`,
        ),
    );
    const before = listFiles(root);
    const result = runApp(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("prod-data cannot resolve");
    expect(result.stderr).not.toMatch(/node:internal|Unhandled|unhandled/);
    expect(listFiles(root)).toEqual(before); // nothing written, no staging left
    // Run by the cdktf CLI, into its outdir: the last synth's stacks and manifest stay as they were.
    const outdir = path.join(fs.mkdtempSync(path.join(testDir(), "app-late-failure-cli-")), "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "dev-data"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), "the last synth's manifest");
    fs.writeFileSync(path.join(outdir, "stacks", "dev-data", "cdk.tf.json"), "the last synth's stack");
    const cli = runApp(root, { CDKTF_OUTDIR: outdir });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain("prod-data cannot resolve");
    expect(listFiles(outdir)).toEqual(["manifest.json", "stacks/dev-data/cdk.tf.json"]);
    expect(fs.readFileSync(path.join(outdir, "stacks", "dev-data", "cdk.tf.json"), "utf8")).toBe(
      "the last synth's stack",
    );
    expect(listFiles(root)).toEqual(before);
  });
});
