#!/usr/bin/env node
// Runs the app (main.ts) as one bundled file (app-bundle.js), or file by file through swc when
// esbuild is not installed or APIM_BUNDLE=0 (register-ts.js). Either way nothing type-checks here:
// that is `tsc --noEmit`, a test step (cdktf's default, a type-checking ts-node, costs several
// seconds and ~1 GB per synth). The synth thread (tools/synth-thread.ts) is started first, so that
// it loads cdktf and the stacks while this thread loads the rest.
"use strict";
process.env.CHECKPOINT_DISABLE ??= "1";
require("./compile-cache");
const path = require("path");
const { Worker } = require("worker_threads");

// What befalls the thread before the app takes it over is kept for it (tools/synth-thread.ts).
const thread = { worker: new Worker(path.join(__dirname, "synth-thread.js")) };
thread.worker.once("error", (error) => (thread.failure = error));
thread.worker.once("exit", (code) => (thread.exitCode = code));

require("./app-bundle")
  .loadEntry("main.ts")
  .then((app) => app.main(process.argv.slice(2), new app.SynthThread(thread)))
  .then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error);
      process.exitCode = 1;
      void thread.worker.terminate();
    },
  );
