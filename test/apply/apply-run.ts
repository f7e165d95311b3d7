// One env's stacks applied to the AWS emulator in deploy order, each in its own folder with its
// own state, and what the run did to each resource (applied, substituted, left out).
import * as fs from "fs";
import * as path from "path";
import { AwsEmulator } from "../support/aws-emulator";
import { remoteStates } from "../../tools/terraform/remote-states";
import { TerraformCli, TerraformResult } from "../../tools/terraform/terraform-cli";
import { EMULATOR_CREDENTIALS, EmulatorAws, emulatorAws } from "./account";
import { EmulatorStack, emulatorStack, Touched } from "./emulator-stack";
import { SUBSTITUTIONS, Substitution } from "./substitutions";

type Json = Record<string, unknown>;

/**
 * The stacks an apply run applies, in deploy order (README). The cluster stack applies as far as
 * the emulator allows (substitutions.ts); the platform stack installs into a running Kubernetes,
 * which the emulator does not provide.
 */
export const APPLIED_KINDS = ["bootstrap", "registry", "network", "data", "cluster"] as const;

export interface StackRun {
  readonly stack: string;
  readonly dir: string;
  readonly copy: EmulatorStack;
}

export class ApplyRun {
  private readonly cli: TerraformCli;
  private readonly aws: EmulatorAws;
  private readonly prepared = new Map<string, StackRun>();
  /** Each prepared stack as synthesized, before the emulator copy. */
  private readonly originals = new Map<string, Json>();

  constructor(
    private readonly workDir: string,
    emulator: AwsEmulator,
    private readonly region: string,
    private readonly substitutions: readonly Substitution[] = SUBSTITUTIONS,
  ) {
    this.aws = emulatorAws(workDir, emulator);
    this.cli = new TerraformCli(workDir, {
      ...EMULATOR_CREDENTIALS,
      // Every service goes to the emulator, never to AWS (the provider blocks name no endpoint).
      AWS_ENDPOINT_URL: emulator.endpoint,
      // One retry on the emulator's errors: the SDK's default of three only slows a failure down.
      AWS_MAX_ATTEMPTS: "2",
    });
  }

  stateOf(stack: string): string {
    return path.join(this.workDir, stack, "terraform.tfstate");
  }

  private emulatorCopy(json: Json): Promise<EmulatorStack> {
    this.checkRemoteStates(json);
    return emulatorStack(json, {
      stateOf: (name) => this.stateOf(name),
      context: {
        region: this.region,
        ssmParameter: async (name, region) =>
          this.aws(
            ["ssm", "get-parameter", "--name", name, "--query", "Parameter.Value", "--output", "text"],
            region,
          ),
      },
      substitutions: this.substitutions,
    });
  }

  /**
   * The emulator copy reads each upstream stack's state from a local file: before that rewrite,
   * each terraform_remote_state must name exactly the S3 backend (bucket, key, region, key id) the
   * upstream stack writes, or a wrong key would go unnoticed here.
   */
  private checkRemoteStates(json: Json): void {
    for (const { name, upstream, source } of remoteStates(json)) {
      const written = (
        (this.originals.get(upstream)?.terraform as Json | undefined)?.backend as Json | undefined
      )?.s3 as Json | undefined;
      const read = source.config as Json;
      const fields = ["bucket", "key", "region", "kms_key_id"];
      if (
        source.backend !== "s3" ||
        !written ||
        fields.some((f) => JSON.stringify(read[f]) !== JSON.stringify(written[f]))
      ) {
        throw new Error(
          `${name} reads ${JSON.stringify({ backend: source.backend, ...read })}, but ${upstream} writes its state to ${JSON.stringify(written ?? "nothing applied here")}`,
        );
      }
    }
  }

  /** Writes the emulator copy of a stack and runs `terraform init` in its folder. */
  async prepare(stack: string, json: Json): Promise<StackRun> {
    const dir = path.join(this.workDir, stack);
    fs.mkdirSync(dir, { recursive: true });
    const copy = await this.emulatorCopy(json);
    this.originals.set(stack, json);
    this.write(dir, copy.json);
    const init = await this.cli.run(dir, ["init", "-input=false", "-no-color"]);
    if (init.code !== 0) throw new Error(`terraform init failed in ${stack}:\n${init.stderr}${init.stdout}`);
    const run = { stack, dir, copy };
    this.prepared.set(stack, run);
    return run;
  }

  /**
   * Prepares and applies stacks, each once the stacks it reads (its terraform_remote_state) have
   * applied; with local backends nothing else orders them. afterApply runs as each apply ends.
   * Resolves to each stack's apply result (none for a stack whose upstream failed).
   */
  async applyAll(
    stacks: readonly { name: string; json: Json }[],
    afterApply: (stack: string, result: TerraformResult) => void = () => undefined,
  ): Promise<Map<string, TerraformResult>> {
    const results = new Map<string, TerraformResult>();
    const done = new Map<string, Promise<boolean>>();
    for (const { name, json } of stacks) {
      const upstream = remoteStates(json)
        .map((ref) => done.get(ref.upstream))
        .filter((p): p is Promise<boolean> => !!p);
      done.set(
        name,
        Promise.all(upstream).then(async (ok) => {
          if (!ok.every(Boolean)) return false;
          await this.prepare(name, json);
          const result = await this.apply(name);
          results.set(name, result);
          afterApply(name, result);
          return result.code === 0;
        }),
      );
    }
    // Every apply ends before this returns, even when one throws: none outlives the emulator.
    const settled = await Promise.allSettled(done.values());
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failure) throw failure.reason;
    return results;
  }

  /** What the emulator substitutions did to a prepared stack. */
  touched(stack: string): readonly Touched[] {
    return this.prepared.get(stack)?.copy.touched ?? [];
  }

  /**
   * A copy of an applied stack's folder, state included, under another name: a bad case or a
   * review applies or plans there without touching the state other stacks read.
   */
  fork(stack: string, name: string): void {
    const run = this.prepared.get(stack)!;
    const dir = path.join(this.workDir, name);
    fs.cpSync(run.dir, dir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !src.endsWith(".terraform.tfstate.lock.info"),
    });
    this.prepared.set(name, { ...run, stack: name, dir });
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

  /**
   * A review against a real state: another synthesis of an applied stack (the head of a change,
   * where the applied one is its base) planned against what the base's apply left in the emulator.
   */
  async planAgainstApplied(stack: string, head: Json): Promise<Awaited<ReturnType<ApplyRun["plan"]>>> {
    const run = this.prepared.get(stack)!;
    this.write(run.dir, (await this.emulatorCopy(head)).json);
    return this.plan(stack);
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
