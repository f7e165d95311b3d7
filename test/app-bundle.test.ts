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
  fs.copyFileSync(path.join(REPO, "scripts", "app-bundle.js"), path.join(root, "scripts", "app-bundle.js"));
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

/** Bundles entry.ts of `root` with the root's own copy of app-bundle.js; the bundle's path. */
function bundle(root: string): string {
  return execFileSync(
    process.execPath,
    ["-e", 'require("./scripts/app-bundle").appBundle("entry.ts").then((f) => console.log(f))'],
    { cwd: root, encoding: "utf8" },
  ).trim();
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
    fs.appendFileSync(path.join(root, "lib", "answer.ts"), "export const unused = 1;\n");
    expect(bundle(root)).not.toBe(second);
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
});
