#!/usr/bin/env node
// Runs main.ts through ts-node with the swc transpiler (type-checking is `tsc --noEmit`, a test
// step): cdktf's default type-checking ts-node costs several seconds and ~1 GB per synth.
"use strict";
process.env.CHECKPOINT_DISABLE ??= "1";
require("./register-ts");
require("../main.ts");
