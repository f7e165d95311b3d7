// The synth thread (tools/synth-thread.ts is the main thread's side): loads tools/synth.ts as
// run-app.js loads main.ts (app-bundle.js, loadEntry), answers its one request (the validated envs
// and the output folder in; each env's stacks as they are written, then the folder or the error,
// out) and ends. A failure to load (a source that does not compile, a module that throws as it
// loads) is the answer as a failure of synth itself would be, so the main thread reports it as usual.
"use strict";
require("./compile-cache");
const { parentPort } = require("worker_threads");

const loaded = require("./app-bundle").loadEntry("tools/synth.ts");
loaded.catch(() => undefined); // answered when asked
parentPort.once("message", async ({ envs, outdir }) => {
  let reply;
  try {
    // Each env's stacks are announced as they are written (main.ts reads them meanwhile).
    reply = {
      outdir: (await loaded).synthesize(envs, outdir, (written) => parentPort.postMessage({ written })),
    };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
  }
  parentPort.postMessage(reply);
  parentPort.close();
});
