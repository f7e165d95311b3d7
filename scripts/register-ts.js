// Runs the app and the tools' TypeScript with swc, transpile-only (type-checking is `tsc --noEmit`,
// a test step). Neither ts-node nor TypeScript is loaded: loading them was most of synth's fixed
// cost (npm run bench profiles it). Each file's output is cached by its content, the swc version
// and these options, so a run transpiles only what changed since the last one. Stack traces keep
// V8's JavaScript positions (cdktf captures one per token; mapping them cost seconds).
"use strict";
require("./compile-cache");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { writeAtomically } = require("./write-atomically");

const ROOT = path.join(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "apim-swc");
const OPTIONS = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: false,
};

let swc; // loaded on the first cache miss only
const swcVersion = require("@swc/core/package.json").version;
const optionsKey = JSON.stringify([swcVersion, OPTIONS]);

function transpile(source, filename) {
  const key = crypto.createHash("sha256").update(optionsKey).update(filename).update(source).digest("hex");
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    swc ??= require("@swc/core");
    const { code } = swc.transformSync(source, { ...OPTIONS, filename });
    fs.mkdirSync(CACHE, { recursive: true });
    writeAtomically(cached, code);
    return code;
  }
}

require.extensions[".ts"] = (module, filename) => {
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
