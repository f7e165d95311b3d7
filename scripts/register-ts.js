// Registers ts-node with swc for the app and the tools. ts-node also installs source-map support,
// which formats every captured stack trace through the source maps; cdktf captures one per token,
// which makes synth several times slower. The V8 default comes back unless APIM_SOURCE_MAPS=1
// (TypeScript line numbers in stack traces, for debugging).
"use strict";
const path = require("path");
const v8Default = Error.prepareStackTrace;
require("ts-node").register({ swc: true, project: path.join(__dirname, "..", "tsconfig.json") });
if (process.env.APIM_SOURCE_MAPS !== "1") Error.prepareStackTrace = v8Default;
