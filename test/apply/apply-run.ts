// One env's stacks applied to the AWS emulator in deploy order, each in its own folder with its
// own state, and what the run did to each resource (applied, substituted, left out).
import * as fs from "fs";
import * as path from "path";
import { AwsEmulator } from "../support/aws-emulator";
import { TerraformCli, TerraformResult } from "../support/terraform-cli";
import { EmulatorStack, emulatorStack, Touched } from "./emulator-stack";
import { SUBSTITUTIONS, Substitution } from "./substitutions";

type Json = Record<string, unknown>;

/** Credentials the emulator accepts; the account comes from the emulator (MOTO_ACCOUNT_ID). */
const EMULATOR_CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIAEMULATOR00000000", AWS_SECRET_ACCESS_KEY: "emulator" };

async function ssmParameter(endpoint: string, name: string, region: string): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "AmazonSSM.GetParameter",
      Authorization: `AWS4-HMAC-SHA256 Credential=${EMULATOR_CREDENTIALS.AWS_ACCESS_KEY_ID}/20260101/${region}/ssm/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({ Name: name }),
  });
  const body = (await response.json()) as { Parameter?: { Value?: string } };
  if (!response.ok || !body.Parameter?.Value) {
    throw new Error(`the emulator has no SSM parameter ${name} in ${region}: ${JSON.stringify(body)}`);
  }
  return body.Parameter.Value;
}

export interface StackRun {
  readonly stack: string;
  readonly dir: string;
  readonly copy: EmulatorStack;
}

export class ApplyRun {
  private readonly cli: TerraformCli;
  private readonly prepared = new Map<string, StackRun>();

  constructor(
    private readonly workDir: string,
    private readonly emulator: AwsEmulator,
    private readonly region: string,
    private readonly substitutions: readonly Substitution[] = SUBSTITUTIONS,
  ) {
    this.cli = new TerraformCli(workDir, {
      ...EMULATOR_CREDENTIALS,
      // Terraform's own retries on the emulator's errors are wasted time: fail at once.
      AWS_MAX_ATTEMPTS: "2",
    });
  }

  stateOf(stack: string): string {
    return path.join(this.workDir, stack, "terraform.tfstate");
  }

  /** Writes the emulator copy of a stack and runs `terraform init` in its folder. */
  async prepare(stack: string, json: Json): Promise<StackRun> {
    const dir = path.join(this.workDir, stack);
    fs.mkdirSync(dir, { recursive: true });
    const copy = await emulatorStack(json, {
      endpoint: this.emulator.endpoint,
      stateOf: (name) => this.stateOf(name),
      context: { region: this.region, ssmParameter: (n, r) => ssmParameter(this.emulator.endpoint, n, r) },
      substitutions: this.substitutions,
    });
    this.write(dir, copy.json);
    const init = await this.cli.run(dir, ["init", "-input=false", "-no-color"]);
    if (init.code !== 0) throw new Error(`terraform init failed in ${stack}:\n${init.stderr}${init.stdout}`);
    const run = { stack, dir, copy };
    this.prepared.set(stack, run);
    return run;
  }

  /** What the emulator substitutions did to a prepared stack. */
  touched(stack: string): readonly Touched[] {
    return this.prepared.get(stack)?.copy.touched ?? [];
  }

  /** Rewrites a prepared stack's configuration (a bad case puts a defect back). */
  rewrite(stack: string, edit: (json: Json) => void): void {
    const run = this.prepared.get(stack)!;
    const json = JSON.parse(JSON.stringify(run.copy.json)) as Json;
    edit(json);
    this.write(run.dir, json);
  }

  apply(stack: string, extra: readonly string[] = []): Promise<TerraformResult> {
    return this.cli.run(this.prepared.get(stack)!.dir, [
      "apply",
      "-input=false",
      "-auto-approve",
      "-no-color",
      "-parallelism=20",
      ...extra,
    ]);
  }

  /** `plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error; with the changes' addresses. */
  async plan(stack: string, extra: readonly string[] = []): Promise<TerraformResult & { changes: string[] }> {
    const result = await this.cli.run(this.prepared.get(stack)!.dir, [
      "plan",
      "-input=false",
      "-no-color",
      "-detailed-exitcode",
      "-json",
      "-parallelism=20",
      ...extra,
    ]);
    const changes = result.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Json)
      .filter((l) => l.type === "planned_change" || l.type === "resource_drift")
      .map((l) => {
        const change = l.change as { resource: { addr: string }; action: string };
        return `${l.type === "resource_drift" ? "drift" : change.action} ${change.resource.addr}`;
      });
    return { ...result, changes };
  }

  /** The changes a plan would make, as Terraform prints them (for failure messages). */
  async planText(stack: string): Promise<string> {
    const result = await this.cli.run(this.prepared.get(stack)!.dir, ["plan", "-input=false", "-no-color"]);
    return result.stdout
      .split("\n")
      .filter((l) => l.trim() && !/Refreshing state|Reading\.\.\.|Read complete/.test(l))
      .join("\n")
      .slice(0, 20000);
  }

  private write(dir: string, json: Json): void {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(json, null, 2));
  }
}
