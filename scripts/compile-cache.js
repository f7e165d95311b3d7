// A V8 code cache for every CommonJS module this process loads (cdktf, the providers, our own
// transpiled sources). Node 22's own module.enableCompileCache() made a synth no faster than no cache
// at all (measured with NODE_COMPILE_CACHE), while this hook saves about a fifth of it. Without a
// cache a synth spends a third of its time parsing and compiling the ~800 modules it loads.
//
// Each module's cache entry is keyed by its path, its source and the Node version, so an edited or
// upgraded file is simply compiled again; V8 also checks the entry itself and rejects a stale one.
// The entry is written at exit, after the run, so it holds the functions the run compiled lazily
// too. Set APIM_COMPILE_CACHE=0 to turn it off.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");
const { writeAtomically } = require("./write-atomically");

const ROOT = path.join(__dirname, "..");
const ROOT_PREFIX = ROOT + path.sep;
// APIM_COMPILE_CACHE_DIR: another folder (a test's own, which no concurrent run writes to).
const CACHE = path.join(
  process.env.APIM_COMPILE_CACHE_DIR || path.join(ROOT, "node_modules", ".cache", "apim-v8"),
  `${process.version}-${process.arch}`,
);

function entryPath(filename, content) {
  const key = crypto.createHash("sha256").update(filename).update("\0").update(content).digest("hex");
  return path.join(CACHE, `${key}.bin`);
}

/** The `require` Node gives a module, built from the public Module API. */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function enable() {
  const toWrite = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename, format) {
    // So do ES modules loaded through require(), and whatever lies outside this repository (npm's
    // own code, when NODE_OPTIONS carries this hook into npx).
    if ((format && format !== "commonjs") || filename.endsWith(".mjs") || !filename.startsWith(ROOT_PREFIX)) {
      return compile.call(this, content, filename, format);
    }
    const entry = entryPath(filename, content);
    // A shebang is only valid at the very start of a script, not inside Node's wrapper.
    const body = content.startsWith("#!") ? `//${content.slice(2)}` : content;
    let cachedData;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(body), {
      filename,
      cachedData,
      // import() inside a CommonJS module resolves as Node's own loader would.
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) toWrite.push([entry, script]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    const dirname = path.dirname(filename);
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname);
  };
  process.once("exit", () => {
    if (!toWrite.length) return;
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      for (const [entry, script] of toWrite) writeAtomically(entry, script.createCachedData());
    } catch {
      // A cache that cannot be written only costs the next run its speed.
    }
  });
}

if (process.env.APIM_COMPILE_CACHE !== "0" && !Module.prototype._compile.name.startsWith("compileWithCache"))
  enable();

module.exports = { entryPath };
