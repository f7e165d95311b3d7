// Real Terraform, offline: every AWS-only stack is copied, given a local backend and a provider
// that needs no account, then `terraform validate`, `plan` and `show -json` run on the copy.
// Providers are installed once (from the local mirror when there is one) and shared by all stacks.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { AWS_PROVIDER_VERSION, locate } from "./tools";

const run = promisify(execFile);

type Json = Record<string, unknown>;

/** Finds the JSON of an upstream stack by name, to read its cross-stack outputs. */
export type StackLookup = (stackName: string) => Json | undefined;

/** ID prefixes AWS uses, so a placeholder looks like the real thing (and passes provider validation). */
const ID_PREFIX: Record<string, string> = {
  aws_vpc: "vpc-",
  aws_subnet: "subnet-",
  aws_security_group: "sg-",
  aws_route_table: "rtb-",
  aws_nat_gateway: "nat-",
  aws_internet_gateway: "igw-",
  aws_efs_file_system: "fs-",
  aws_efs_access_point: "fsap-",
  aws_instance: "i-",
  aws_ebs_volume: "vol-",
  aws_route53_zone: "Z0",
};

/** A type-correct stand-in for `${<type>.<name>.<attr>}`: ARNs look like ARNs, ids like ids. */
export function placeholderFor(expression: string): string {
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/.exec(expression);
  if (!match) return "placeholder";
  const [, type, name, attr] = match;
  const suffix = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .padEnd(17, "0")
    .slice(0, 17);
  if (attr === "arn" || attr.endsWith("_arn")) {
    return `arn:aws:${type.split("_")[1]}:eu-west-1:111111111111:${type.replace(/^aws_/, "")}/${name}`;
  }
  if (attr === "id" && ID_PREFIX[type]) return `${ID_PREFIX[type]}${suffix}`;
  return `${type}-${name}-${attr}`;
}

export interface StackPlan {
  readonly stack: string;
  readonly validate: { valid: boolean; diagnostics: unknown[] };
  /** `terraform show -json` of the plan. */
  readonly plan: Json;
}

const OFFLINE_PROVIDER_SETTINGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

/** The stack as Terraform will plan it here: no remote backend, no account lookups. */
export function offlineCopy(stack: Json, stateDir: string, upstream: StackLookup): Json {
  const copy = JSON.parse(JSON.stringify(stack)) as Json;
  const terraform = copy.terraform as Json;
  delete terraform.backend;
  const providers = (copy.provider as Json | undefined)?.aws as Json[] | undefined;
  for (const provider of providers ?? []) {
    Object.assign(provider, OFFLINE_PROVIDER_SETTINGS);
    delete provider.allowed_account_ids; // cannot be checked without asking STS
  }
  // cdktf turns cross-stack references into terraform_remote_state on the upstream S3 state.
  const remote = ((copy.data as Json | undefined)?.terraform_remote_state ?? {}) as Record<string, Json>;
  for (const [name, source] of Object.entries(remote)) {
    const statePath = path.join(stateDir, `${name}.tfstate`);
    source.backend = "local";
    source.config = { path: statePath };
    delete source.workspace;
    const upstreamName = name.replace(/^cross-stack-reference-input-/, "");
    const declared = (upstream(upstreamName)?.output ?? {}) as Record<string, { value: string }>;
    const outputs = Object.fromEntries(
      Object.keys(declared)
        .sort()
        .map((o) => [o, { value: placeholderFor(declared[o].value), type: "string" }]),
    );
    fs.writeFileSync(
      statePath,
      JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 1,
        lineage: name,
        outputs,
        resources: [],
      }),
    );
  }
  return copy;
}

/** Replaces every ephemeral value with a literal stand-in; write-only attributes accept any string. */
export function withoutEphemeral(stack: Json): Json {
  const text = JSON.stringify({ ...stack, ephemeral: undefined });
  return JSON.parse(
    text.replace(/\$\{ephemeral\.[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}/g, "offline-plan-stand-in"),
  ) as Json;
}

function cliConfig(mirror: string | undefined): string {
  if (!mirror) return "";
  return [
    "provider_installation {",
    `  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }`,
    '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }',
    "}",
    "",
  ].join("\n");
}

export class OfflineTerraform {
  private readonly env: NodeJS.ProcessEnv;
  private readonly terraform: string;
  private readonly sharedDir: string;

  constructor(private readonly workDir: string) {
    const terraform = locate("terraform");
    if (!terraform) throw new Error("terraform not found");
    this.terraform = terraform;
    fs.mkdirSync(workDir, { recursive: true });
    const config = path.join(workDir, "terraform.rc");
    fs.writeFileSync(config, cliConfig(locate("aws-provider-mirror")));
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: config,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      AWS_ACCESS_KEY_ID: "AKIAOFFLINEPLAN00000", // dummy: the plan never calls AWS
      AWS_SECRET_ACCESS_KEY: "offline-plan-dummy-secret",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    this.sharedDir = path.join(workDir, "providers");
  }

  /** Installs the providers once; every stack copy links to them. */
  async init(): Promise<void> {
    fs.mkdirSync(this.sharedDir, { recursive: true });
    fs.writeFileSync(
      path.join(this.sharedDir, "main.tf.json"),
      JSON.stringify({
        terraform: {
          required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
        },
      }),
    );
    await this.tf(this.sharedDir, ["init", "-input=false", "-backend=false"]);
  }

  async plan(stack: string, json: Json, upstream: StackLookup): Promise<StackPlan> {
    const dir = path.join(this.workDir, "stacks", stack);
    fs.mkdirSync(dir, { recursive: true });
    const copy = offlineCopy(json, dir, upstream);
    const file = path.join(dir, "cdk.tf.json");
    fs.writeFileSync(file, JSON.stringify(copy, null, 2));
    fs.symlinkSync(path.join(this.sharedDir, ".terraform"), path.join(dir, ".terraform"));
    fs.copyFileSync(path.join(this.sharedDir, ".terraform.lock.hcl"), path.join(dir, ".terraform.lock.hcl"));
    // Validate the configuration as written, ephemeral resources included ...
    const validate = JSON.parse(await this.tf(dir, ["validate", "-json"], true));
    if (!validate.valid) return { stack, validate, plan: {} };
    // ... but plan without them: they call AWS (GetRandomPassword) even during a plan.
    fs.writeFileSync(file, JSON.stringify(withoutEphemeral(copy), null, 2));
    await this.tf(dir, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.bin"]);
    const plan = JSON.parse(await this.tf(dir, ["show", "-json", "plan.bin"]));
    return { stack, validate, plan };
  }

  private async tf(cwd: string, args: string[], allowFailure = false): Promise<string> {
    try {
      const { stdout } = await run(this.terraform, args, {
        cwd,
        env: this.env,
        maxBuffer: 256 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      if (allowFailure && e.stdout) return e.stdout;
      throw new Error(
        `terraform ${args.join(" ")} failed in ${path.basename(cwd)}:\n${e.stderr ?? ""}${e.stdout ?? ""}`,
      );
    }
  }
}

/** Runs tasks with at most `limit` in flight (the machine has 2 cores). */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
