// The synth thread's script (tools/synth-thread.ts): tools/synth-worker.ts as a bundle, or through
// swc file by file, the same choice as run-app.js makes for the main thread.
"use strict";
require("./compile-cache");

function unbundled() {
  require("./register-ts");
  require("../tools/synth-worker.ts");
}

if (process.env.APIM_BUNDLE === "0") unbundled();
else
  require("./app-bundle")
    .appBundle("tools/synth-worker.ts")
    .then((bundle) => (bundle ? require(bundle) : unbundled()));
