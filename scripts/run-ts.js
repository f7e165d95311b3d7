#!/usr/bin/env node
// Runs a TypeScript entry point (benchmark, tools) through ts-node with swc.
"use strict";
const path = require("path");
require("ts-node").register({ swc: true, project: path.join(__dirname, "..", "tsconfig.json") });
const [, , entry, ...rest] = process.argv;
process.argv = [process.argv[0], entry, ...rest];
require(path.resolve(entry));
