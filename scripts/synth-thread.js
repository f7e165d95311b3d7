// The synth thread's script (tools/synth-thread.ts): tools/synth-worker.ts as a bundle, or through
// swc file by file, the same choice as run-app.js makes for the main thread. A failure to load (a
// source that does not compile, a module that throws as it loads) is the thread's answer when it
// is asked, as a failure of synth itself would be, so the main thread reports it as usual.
"use strict";
require("./compile-cache");
const { parentPort } = require("worker_threads");

async function load() {
  const bundle =
    process.env.APIM_BUNDLE === "0"
      ? undefined
      : await require("./app-bundle").appBundle("tools/synth-worker.ts");
  if (bundle) return require(bundle);
  require("./register-ts");
  return require("../tools/synth-worker.ts");
}

load().catch((error) => {
  const e = error instanceof Error ? error : new Error(String(error));
  parentPort.once("message", () => {
    parentPort.postMessage({
      error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
    });
    parentPort.close();
  });
});
