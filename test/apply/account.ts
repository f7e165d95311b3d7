// The AWS account as the first-deployment runbook expects it before the first apply: the roles the
// env names for people (admin, deployer, viewer; the organization provides them), and what
// scripts/prepare-account.sh creates, by running that script with the AWS CLI pointed at the
// emulator.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../../envs/schema";
import { AwsEmulator } from "../support/aws-emulator";

const REPO = path.join(__dirname, "..", "..");
const AWS_CLI = "/usr/bin/aws"; // locate("aws-cli")

/** A folder with an `aws` that is the real AWS CLI talking to the emulator. */
function emulatorAwsCli(dir: string, emulator: AwsEmulator): string {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "aws"),
    `#!/bin/sh\nexec ${AWS_CLI} --endpoint-url ${emulator.endpoint} "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

export interface PreparedAccount {
  readonly roles: readonly string[];
  readonly scriptOutput: string;
}

export function prepareAccount(env: EnvironmentConfig, emulator: AwsEmulator, dir: string): PreparedAccount {
  const bin = emulatorAwsCli(dir, emulator);
  const cliEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000",
    AWS_SECRET_ACCESS_KEY: "emulator",
    AWS_DEFAULT_REGION: env.aws.region,
    AWS_PAGER: "",
  };
  const roles = [
    ...env.access.adminRoleNames,
    ...env.access.deployerRoleNames,
    ...env.access.viewerRoleNames,
  ];
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${env.aws.accountId}:root` },
        Action: "sts:AssumeRole",
      },
    ],
  });
  for (const role of roles) {
    execFileSync("aws", ["iam", "create-role", "--role-name", role, "--assume-role-policy-document", trust], {
      env: cliEnv,
      stdio: "pipe",
    });
  }
  const scriptOutput = execFileSync("bash", [path.join(REPO, "scripts", "prepare-account.sh")], {
    env: cliEnv,
    encoding: "utf8",
  });
  return { roles, scriptOutput };
}
