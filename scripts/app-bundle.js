// An entry point (main.ts, the synth thread) and everything it imports as one CommonJS file, bundled
// by esbuild and cached. Loading ~800 modules one by one (resolving, reading and compiling each) was
// most of synth's fixed cost; one file is read once, and its V8 code cache (compile-cache.js) is one
// entry.
//
// Never stale: each tree (a repository, a review's base revision) keeps a record of its last bundle:
// the hash of every source of the tree esbuild read (as it read it), the size and time of every
// installed package file it read, the entries of every folder a source sits in or under (a new file
// there can change what an import resolves to), and the settings (options, Node, esbuild, this file,
// tsconfig.json, package.json, node_modules/.package-lock.json). A run checks all of it and builds
// again when anything differs. A bundle's name is the hash of its code, so a bundle file never
// changes; trees that share node_modules and agree in their sources share one. Packages that read
// their own files at run time (the IAM data) stay outside and load as usual. A module's __dirname is
// its own folder under the tree that runs it (APIM_APP_ROOT, set by the launcher), as unbundled.
// Stack traces show the bundle's positions and function names (esbuild renames one of two that
// collide); `node --enable-source-maps` maps them to the sources. APIM_BUNDLE=0 runs the sources
// file by file (register-ts.js).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { entryPath } = require("./compile-cache");
const { writeAtomically } = require("./write-atomically");

const ROOT = path.join(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "apim-bundle");
const RECORDS = path.join(CACHE, "records");
/** Read their own data files relative to themselves: left to Node's require. */
const EXTERNAL = ["@cloud-copilot/*"];
/** Bundles no tree's record names: the most recent are kept (a branch switched back), the rest go. */
const UNNAMED_KEPT = 4;

const hash = (text) => crypto.createHash("sha256").update(text).digest("hex");
const relative = (file) => path.relative(ROOT, file).split(path.sep).join("/");
const inPackages = (rel) => rel.split("/").includes("node_modules");

function fileHash(rel) {
  try {
    return hash(fs.readFileSync(path.join(ROOT, rel)));
  } catch {
    return "none";
  }
}

function buildOptions(entry, plugins) {
  return {
    entryPoints: [path.join(ROOT, entry)],
    absWorkingDir: ROOT,
    // A review's trees link node_modules: their bundles then name packages as this tree does.
    preserveSymlinks: true,
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "cjs",
    external: EXTERNAL,
    banner: {
      js: 'var __apimRoot = process.env.APIM_APP_ROOT; if (!__apimRoot) throw new Error("APIM_APP_ROOT is not set: start the app with scripts/run-app.js");',
    },
    plugins,
    metafile: true,
    sourcemap: "external",
    // Names the outputs (the source map's paths are relative to it); nothing is written by esbuild.
    outfile: path.join(CACHE, "bundle.js"),
    write: false,
    logLevel: "silent",
    minifyWhitespace: true,
    minifySyntax: true,
  };
}

/** The bundle's identity apart from its sources and packages. */
function settingsKey(entry) {
  const { plugins, entryPoints, absWorkingDir, outfile, ...options } = buildOptions(entry, []);
  (void plugins, entryPoints, absWorkingDir, outfile);
  const esbuild = require("esbuild/package.json").version;
  const files = ["scripts/app-bundle.js", "tsconfig.json", "package.json", "node_modules/.package-lock.json"];
  return hash(JSON.stringify([entry, options, process.version, esbuild, files.map(fileHash)]));
}

/**
 * Reads every source of the tree for esbuild, recording its hash as read; gives each module of ours
 * its own __dirname (a bundle has one folder for all).
 */
const ownSources = (hashes) => ({
  name: "own-sources",
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) => {
      const rel = relative(args.path);
      if (inPackages(rel) || rel.startsWith("..")) return undefined;
      const loader = { ".ts": "ts", ".json": "json", ".js": "js" }[path.extname(args.path)];
      if (!loader) return undefined; // read by esbuild, hashed after the build
      const source = fs.readFileSync(args.path, "utf8");
      hashes[rel] = hash(source);
      if (loader !== "ts" || !/\b__dirname\b/.test(source)) return { contents: source, loader };
      const dir = JSON.stringify(relative(path.dirname(args.path)).split("/"));
      // esbuild renames this module-level binding if another module declares one too. It goes on
      // the first line, so that the source map's line numbers are the file's.
      return {
        contents: `const __dirname = require("path").join(__apimRoot, ...${dir}); ${source}`,
        loader,
      };
    });
  },
});

/** Size and time of an installed package's file: an edit in node_modules (a patch) shows. */
function packageStamp(rel) {
  try {
    const stat = fs.statSync(path.join(ROOT, rel));
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "none";
  }
}

/**
 * What the app itself writes at the root, which no import resolves to: cdktf.out/ and the staging
 * folders (.synth-*) a run creates, maybe while the synth thread loads its bundle. Listed, they
 * would make every run's record differ from the last and bundle again.
 */
const APP_OUTPUT = /^(?:cdktf\.out|\.synth-.*)$/;

/**
 * The entries of each folder a source sits in and of every folder above it: a file added there can
 * change what an import resolves to (./lib/answer: lib/answer.ts before lib/answer/index.ts).
 */
function folderListings(sources) {
  const folders = new Set([""]);
  for (const source of sources)
    for (
      let dir = path.posix.dirname(source);
      dir !== "." && !folders.has(dir);
      dir = path.posix.dirname(dir)
    )
      folders.add(dir);
  return Object.fromEntries(
    [...folders].sort().map((dir) => {
      try {
        const entries = fs
          .readdirSync(path.join(ROOT, dir))
          .filter((name) => dir !== "" || !APP_OUTPUT.test(name));
        return [dir, entries.sort().join("/")];
      } catch {
        return [dir, "none"];
      }
    }),
  );
}

/**
 * What a record checks, for the given sources and packages, as they are now; `read`: the hashes of
 * sources as the bundler read them, which stand instead (one edited meanwhile is bundled again).
 */
function stateOf(sources, packages, read = {}) {
  return {
    sources: Object.fromEntries(sources.map((s) => [s, read[s] ?? fileHash(s)])),
    packages: Object.fromEntries(packages.map((p) => [p, packageStamp(p)])),
    folders: folderListings(sources),
  };
}

async function build(entry) {
  const read = {};
  const esbuild = require("esbuild");
  const result = await esbuild.build(buildOptions(entry, [ownSources(read)]));
  const inputs = Object.keys(result.metafile.inputs).sort();
  const sources = inputs.filter((p) => !inPackages(p));
  const packages = inputs.filter(inPackages);
  const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix)).text;
  return { code: output(".js"), map: output(".js.map"), state: stateOf(sources, packages, read) };
}

/** Removes a file another run may have removed first. */
const remove = (file) => fs.rmSync(file, { force: true });

/**
 * Removes the records of trees that are gone, the bundles (with their source maps and V8 code
 * caches) no record names beyond the most recent few, and files a killed write left.
 */
function prune() {
  const mtime = (file) => {
    try {
      return fs.statSync(file).mtimeMs;
    } catch {
      return 0;
    }
  };
  const hourAgo = Date.now() - 3600 * 1000;
  for (const dir of [CACHE, RECORDS])
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".tmp")))
      if (mtime(path.join(dir, name)) < hourAgo) remove(path.join(dir, name));
  const named = new Set();
  for (const name of fs.readdirSync(RECORDS).filter((n) => n.endsWith(".json"))) {
    const file = path.join(RECORDS, name);
    try {
      const record = JSON.parse(fs.readFileSync(file, "utf8"));
      if (fs.existsSync(record.root)) named.add(record.bundle);
      else remove(file);
    } catch {
      remove(file);
    }
  }
  const entries = fs.readdirSync(CACHE);
  const unnamed = entries
    .filter((n) => n.endsWith(".js") && !named.has(n))
    .map((n) => ({ name: n, time: mtime(path.join(CACHE, n)) }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of unnamed.slice(UNNAMED_KEPT)) {
    const file = path.join(CACHE, name);
    try {
      remove(entryPath(fs.realpathSync(file), fs.readFileSync(file, "utf8")));
    } catch {
      // Gone already.
    }
    remove(`${file}.map`);
    remove(file);
  }
  for (const name of entries.filter((n) => n.endsWith(".js.map") && !entries.includes(n.slice(0, -4))))
    remove(path.join(CACHE, name));
}

/**
 * The path of an up-to-date bundle of `entry` (relative to the root), built if needed; undefined
 * when esbuild is not installed (a production-only install), so the caller runs the sources.
 */
async function appBundle(entry) {
  try {
    require.resolve("esbuild");
  } catch {
    return undefined;
  }
  process.env.APIM_APP_ROOT = ROOT;
  const name = entry.replace(/\.ts$/, "").replace(/[^A-Za-z0-9]/g, "-");
  const recordFile = path.join(RECORDS, `${name}-${hash(ROOT).slice(0, 16)}.json`);
  const settings = settingsKey(entry);
  try {
    const record = JSON.parse(fs.readFileSync(recordFile, "utf8"));
    const file = path.join(CACHE, record.bundle);
    if (
      record.settings === settings &&
      JSON.stringify(stateOf(Object.keys(record.state.sources), Object.keys(record.state.packages))) ===
        JSON.stringify(record.state) &&
      fs.existsSync(file)
    )
      return file;
  } catch {
    // No record, or an unreadable one: build.
  }
  const { code, map, state } = await build(entry);
  fs.mkdirSync(RECORDS, { recursive: true });
  const bundle = `${name}-${hash(JSON.stringify([settings, code])).slice(0, 24)}.js`;
  const file = path.join(CACHE, bundle);
  if (!fs.existsSync(file)) {
    writeAtomically(`${file}.map`, map);
    writeAtomically(file, `${code}//# sourceMappingURL=${bundle}.map\n`);
  }
  writeAtomically(recordFile, JSON.stringify({ root: ROOT, settings, state, bundle }));
  prune();
  return file;
}

/**
 * Loads `entry` (relative to the root) as its bundle, or its sources file by file through swc when
 * esbuild is not installed or APIM_BUNDLE=0 (register-ts.js): the launchers' one way to start code.
 */
async function loadEntry(entry) {
  const bundle = process.env.APIM_BUNDLE === "0" ? undefined : await appBundle(entry);
  if (bundle) return require(bundle);
  require("./register-ts");
  return require(path.join(ROOT, entry));
}

module.exports = { appBundle, loadEntry };
