#!/usr/bin/env node
// npm test: the type-check, lint and format checks side by side (they are independent and each
// mostly waits on one core), then jest with the arguments given to npm test.
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const bin = (tool) => path.join(__dirname, "..", "node_modules", ".bin", tool);
const CHECKS = [
  ["tsc --noEmit", bin("tsc"), ["--noEmit"]],
  ["eslint", bin("eslint"), ["."]],
  ["prettier --check", bin("prettier"), ["--check", "--log-level", "warn", "."]],
];

function run(command, args, inherit) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: inherit ? "inherit" : "pipe" });
    let output = "";
    if (!inherit) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("close", (code) => resolve({ code, output }));
  });
}

(async () => {
  const results = await Promise.all(CHECKS.map(([, command, args]) => run(command, args, false)));
  let failed = false;
  results.forEach(({ code, output }, i) => {
    if (output.trim()) process.stdout.write(output);
    if (code !== 0) {
      console.error(`${CHECKS[i][0]} failed`);
      failed = true;
    }
  });
  if (failed) process.exit(1);
  const { code } = await run(bin("jest"), process.argv.slice(2), true);
  process.exit(code ?? 1);
})();
