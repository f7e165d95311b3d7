#!/usr/bin/env node
// Runs a TypeScript entry point (benchmark, tools) through ts-node with swc (register-ts.js).
"use strict";
const path = require("path");
require("./register-ts");
const [, , entry, ...rest] = process.argv;
process.argv = [process.argv[0], entry, ...rest];
require(path.resolve(entry));
