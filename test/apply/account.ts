// The AWS account as the first-deployment runbook expects it before the first apply: the roles the
// env names for people (admin, deployer, viewer; the organization provides them), and what
// scripts/prepare-account.sh creates, by running that script with the AWS CLI pointed at the
// emulator.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../../envs/schema";
import { AwsEmulator } from "../support/aws-emulator";
import { locate } from "../support/tools";

const REPO = path.join(__dirname, "..", "..");

/** Runs the real AWS CLI (locate("aws-cli")) against the emulator in a region; returns its output. */
export type EmulatorAws = (args: readonly string[], region: string) => string;

/** A folder with an `aws` on PATH that is the real AWS CLI talking to the emulator. */
function emulatorAwsBin(dir: string, emulator: AwsEmulator): string {
  const cli = locate("aws-cli");
  if (!cli) throw new Error("the AWS CLI is not installed (Debian package awscli)");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, "aws"),
    `#!/bin/sh\nexec ${cli} --endpoint-url ${emulator.endpoint} "$@"\n`,
    {
      mode: 0o755,
    },
  );
  return bin;
}

function cliEnv(bin: string, region: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: region,
    AWS_PAGER: "",
  };
}

/** Credentials the emulator accepts; the account comes from the emulator (MOTO_ACCOUNT_ID). */
export const EMULATOR_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000",
  AWS_SECRET_ACCESS_KEY: "emulator",
};

export function emulatorAws(dir: string, emulator: AwsEmulator): EmulatorAws {
  const bin = emulatorAwsBin(dir, emulator);
  return (args, region) =>
    execFileSync("aws", [...args], { env: cliEnv(bin, region), encoding: "utf8" }).trim();
}

export interface PreparedAccount {
  readonly roles: readonly string[];
  readonly scriptOutput: string;
}

export function prepareAccount(env: EnvironmentConfig, emulator: AwsEmulator, dir: string): PreparedAccount {
  const bin = emulatorAwsBin(dir, emulator);
  const awsEnv = cliEnv(bin, env.aws.region);
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
      env: awsEnv,
      stdio: "pipe",
    });
  }
  const scriptOutput = execFileSync("bash", [path.join(REPO, "scripts", "prepare-account.sh")], {
    env: awsEnv,
    encoding: "utf8",
  });
  return { roles, scriptOutput };
}
