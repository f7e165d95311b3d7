// An entry point (main.ts, the synth thread) and everything it imports as one CommonJS file, bundled
// by esbuild and cached by content. Loading ~800 modules one by one (resolving, reading and
// compiling each) was most of synth's fixed cost; one file is read once, and its V8 code cache
// (compile-cache.js) is one entry.
//
// A bundle's name is the hash of everything it was built from: the sources of this repository it
// holds, the installed packages (node_modules/.package-lock.json, which npm rewrites on every
// install), Node's version and the bundling options. So a bundle is never rewritten, and trees that
// share node_modules (a review's base revision and working tree) share a bundle when their sources
// agree. Each tree keeps a record of its last bundle; a run hashes the sources that record lists
// and rebuilds when one changed. Packages that read their own files at run time (the IAM data) stay
// outside and load as usual. A module's __dirname is its own folder under the tree that runs it
// (APIM_APP_ROOT, set by the launcher), as unbundled. Stack traces show the bundle's positions,
// with each function's name; APIM_BUNDLE=0 runs the sources file by file (register-ts.js).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { threadId } = require("worker_threads");

const ROOT = path.join(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "apim-bundle");
const RECORDS = path.join(CACHE, "records");
/** Read their own data files relative to themselves: left to Node's require. */
const EXTERNAL = ["@cloud-copilot/*"];
/** A bundle no tree's record names is removed once it is this old. */
const UNUSED_FOR_MS = 2 * 24 * 3600 * 1000;

const hash = (text) => crypto.createHash("sha256").update(text).digest("hex");

function installedPackages() {
  try {
    return hash(fs.readFileSync(path.join(ROOT, "node_modules", ".package-lock.json")));
  } catch {
    return "none";
  }
}

function buildOptions(entry, plugins) {
  return {
    entryPoints: [path.join(ROOT, entry)],
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
    // A source map beside each bundle, for npm run bench's profile (nothing loads it at run time).
    sourcemap: "external",
    outfile: path.join(CACHE, "bundle.js"),
    write: false,
    logLevel: "silent",
    keepNames: false,
    minifyWhitespace: true,
    minifySyntax: true,
  };
}

/** The bundle's identity apart from its sources: entry, options, tools and installed packages. */
function settingsKey(entry) {
  const { plugins, ...options } = buildOptions(entry, []);
  void plugins;
  options.entryPoints = [entry];
  const esbuild = require("esbuild/package.json").version;
  return hash(JSON.stringify([options, process.version, esbuild, installedPackages(), OWN_SOURCE]));
}

/**
 * Gives every module of ours its own __dirname (a bundle has one folder for all), and records the
 * hash of each source as esbuild read it.
 */
const ownSources = (hashes) => ({
  name: "own-sources",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, "utf8");
      hashes[relative(args.path)] = hash(source);
      if (!/\b__dirname\b/.test(source)) return { contents: source, loader: "ts" };
      const dir = JSON.stringify(relative(path.dirname(args.path)).split("/"));
      // esbuild renames this module-level binding if another module declares one too.
      const contents = `const __dirname = require("path").join(__apimRoot, ...${dir});\n${source}`;
      return { contents, loader: "ts" };
    });
  },
});

const relative = (file) => path.relative(ROOT, file).split(path.sep).join("/");
/** This file's own text: a change to how bundles are made makes new ones. */
const OWN_SOURCE = hash(fs.readFileSync(__filename));

async function build(entry) {
  const read = {};
  const esbuild = require("esbuild");
  const result = await esbuild.build(buildOptions(entry, [ownSources(read)]));
  const sources = Object.keys(result.metafile.inputs)
    .filter((p) => !p.startsWith("node_modules/"))
    .sort();
  // Sources esbuild read itself (JSON, say) are hashed now.
  const rest = sourceHashes(sources.filter((s) => !(s in read)));
  const all = rest && Object.fromEntries(sources.map((s) => [s, read[s] ?? rest[s]]));
  const output = (suffix) => result.outputFiles.find((f) => f.path.endsWith(suffix)).text;
  return { code: output(".js"), map: output(".js.map"), sources: all };
}

function writeAtomically(file, content) {
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** The hashes of `sources` (paths relative to the root), or undefined when one is gone. */
function sourceHashes(sources) {
  const out = {};
  for (const source of sources) {
    try {
      out[source] = hash(fs.readFileSync(path.join(ROOT, source)));
    } catch {
      return undefined;
    }
  }
  return out;
}

/** Removes the records of trees that are gone and the bundles no record names that are old. */
function prune() {
  const named = new Set();
  for (const name of fs.readdirSync(RECORDS)) {
    const file = path.join(RECORDS, name);
    try {
      const record = JSON.parse(fs.readFileSync(file, "utf8"));
      if (fs.existsSync(record.root)) named.add(record.bundle);
      else fs.rmSync(file, { force: true });
    } catch {
      fs.rmSync(file, { force: true });
    }
  }
  const now = Date.now();
  for (const name of fs.readdirSync(CACHE)) {
    const file = path.join(CACHE, name);
    if (!name.endsWith(".js") || named.has(name)) continue;
    if (now - fs.statSync(file).mtimeMs > UNUSED_FOR_MS) {
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.map`, { force: true });
    }
  }
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
    const now = record.settings === settings && sourceHashes(Object.keys(record.sources));
    const file = path.join(CACHE, record.bundle);
    if (now && JSON.stringify(now) === JSON.stringify(record.sources) && fs.existsSync(file)) return file;
  } catch {
    // No record, or an unreadable one: build.
  }
  const { code, map, sources } = await build(entry);
  fs.mkdirSync(RECORDS, { recursive: true });
  const bundle = `${name}-${hash(JSON.stringify([settings, sources ?? code])).slice(0, 24)}.js`;
  const file = path.join(CACHE, bundle);
  if (!fs.existsSync(file)) {
    writeAtomically(`${file}.map`, map);
    writeAtomically(file, code);
  }
  // A source deleted while bundling leaves no record, so the next run builds again.
  if (sources) writeAtomically(recordFile, JSON.stringify({ root: ROOT, settings, sources, bundle }));
  prune();
  return file;
}

module.exports = { appBundle };
