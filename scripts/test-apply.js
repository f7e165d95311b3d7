#!/usr/bin/env node
// npm run test:apply: the apply run against an AWS emulator (test/apply/, jest.apply.config.js),
// with the arguments given to it forwarded to jest. Without an emulator, Terraform or the AWS CLI
// here it says so in one line, and fails in CI (which installs them).
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");
require("./register-ts");
const { locate } = require("../test/support/tools");

const missing = ["terraform", "aws-emulator", "aws-cli"].filter((tool) => !locate(tool));
if (missing.length) {
  console.log(
    `test:apply: not run, ${missing.join(", ")} missing (README, "Apply tests against an AWS emulator")`,
  );
  process.exit(process.env.CI ? 1 : 0);
}
const jest = path.join(__dirname, "..", "node_modules", ".bin", "jest");
const result = spawnSync(jest, ["--config", "jest.apply.config.js", ...process.argv.slice(2)], {
  cwd: path.join(__dirname, ".."),
  stdio: "inherit",
});
process.exit(result.status ?? 1);
