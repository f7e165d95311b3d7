// The deploy path, executed. The commands of the README's deploy section, of the first-deployment
// runbook and of the deploy workflow's deploy step are read from those documents and run as
// written, through the real cdktf CLI (node_modules/.bin/cdktf), in a copy of the repository. A
// stand-in `terraform` on PATH records its arguments, working directory and TF_VAR_cluster_api_tunnel
// and answers what cdktf asks of it (`version -json`, `-v`, `output -json`); stand-in `aws` and
// `session-manager-plugin` let scripts/cluster-tunnel.sh run up to where an AWS account is needed:
// its `ssm start-session` opens the forwarded port on 127.0.0.1. Each command must reach Terraform
// for its stack with the right subcommand, and each document deploys in dependency order. (The
// pull-request workflow's diff loop is checked as text: one more CLI run costs ~5 CPU-seconds,
// and the README's diff runs the same `cdktf diff --skip-synth`.)
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { parse } from "yaml";
import { STACK_KINDS } from "../lib/naming";
import { CLUSTER_API_TUNNEL_VARIABLE } from "../stacks/platform-stack";
import { asArray, Attrs } from "../policy/terraform-model";
import { exampleEnvs, terraformModel, testDir } from "./support/synth-output";
import { describeWithTools, locate } from "./support/tools";

const REPO = path.join(__dirname, "..");
const ENV = exampleEnvs().find((e) => e.name === "prod")!;
const REGION = ENV.aws.region;
const DEPLOY_ORDER = STACK_KINDS.map((k) => `${ENV.name}-${k}`);
const TUNNEL_SCRIPT = "scripts/cluster-tunnel.sh";
const BASTION_INSTANCE = "i-0b45710a000000001";
const ENDPOINT_HOST = "0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com";
const SESSION_ID = "admin-0a1b2c3d4e5f67890";
const TUNNEL_VAR = `TF_VAR_${CLUSTER_API_TUNNEL_VARIABLE}`;

// ---------------------------------------------------------------------------------------------
// Reading the commands out of the documents

const read = (rel: string) => fs.readFileSync(path.join(REPO, rel), "utf8");

/** The bodies of the ```sh blocks of a markdown text. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^[ \t]*```(?:sh|bash)\n([\s\S]*?)^[ \t]*```/gm)].map((m) => m[1]);
}

/** One `## heading` section of a markdown text, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The lines of shell blocks that belong to the deploy path, comments cut. */
const DEPLOY_PATH_LINE =
  /^(npm run synth$|npm run stacks -- |npx cdktf (deploy|diff) |scripts\/cluster-tunnel\.sh )/;
function deployPathCommands(blocks: string[]): string[] {
  return blocks
    .flatMap((b) => b.split("\n"))
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => DEPLOY_PATH_LINE.test(l));
}

interface WorkflowStep {
  name?: string;
  run?: string;
}
function workflowSteps(file: string, job: string): WorkflowStep[] {
  return (parse(read(file)) as { jobs: Record<string, { steps: WorkflowStep[] }> }).jobs[job].steps;
}

/** A run step's script with its `${{ ... }}` expressions replaced; an unknown one fails. */
function expand(script: string, values: Record<string, string>): string {
  return script.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    if (!(expr in values)) throw new Error(`no value for \${{ ${expr} }}`);
    return values[expr];
  });
}

const readme = deployPathCommands(shellBlocks(section(read("README.md"), "Stacks and deploy order")));
const runbook = deployPathCommands(shellBlocks(read("docs/runbooks/first-deployment.md")));
const deploySteps = workflowSteps(".github/workflows/deploy.yml", "deploy");
const deployStepIndex = deploySteps.findIndex((s) => s.run?.includes("scripts/apply-reviewed-plans.sh"));
const diffSteps = workflowSteps(".github/workflows/pull-request.yml", "plan");
const diffStepIndex = diffSteps.findIndex((s) => s.run?.includes("scripts/plan-stacks.sh"));
// What the pull request's plan job saved, in no particular order: two stacks the loop must put in
// dependency order, and the platform stack it must leave to an admin. (Each deploy costs seconds.)
const CHANGED = ["platform", "cluster", "network"].map((k) => `${ENV.name}-${k}`);
const WORKFLOW_DEPLOYS = [`${ENV.name}-network`, `${ENV.name}-cluster`];
const WORKFLOW_VALUES = {
  "matrix.env": ENV.name,
  "vars.AWS_REGION": REGION,
};

const stackOf = (command: string) => /cdktf (?:deploy|diff) (\S+)/.exec(command)?.[1];
const deploysOf = (commands: string[]) =>
  commands.filter((c) => /cdktf deploy /.test(c)).map((c) => stackOf(c)!);

describe("the documents hold the deploy path", () => {
  test("README: synth, one deploy per stack in order, a diff, the stack list", () => {
    expect(readme).toHaveLength(9);
    expect(readme[0]).toBe("npm run synth");
    expect(deploysOf(readme)).toEqual(DEPLOY_ORDER);
    expect(readme.filter((c) => c.includes("cdktf diff"))).toHaveLength(1);
    expect(readme).toContain(`npm run stacks -- ${ENV.name}`);
  });

  test("first-deployment runbook: synth in step 1, one deploy per stack in order, the stack list", () => {
    expect(runbook).toHaveLength(7);
    expect(read("docs/runbooks/first-deployment.md")).toMatch(/^\s+npm ci && npm run synth && npm test$/m);
    expect(deploysOf(runbook)).toEqual(DEPLOY_ORDER);
    expect(runbook).toContain(`npm run stacks -- ${ENV.name}`);
  });

  test("every single-stack deploy skips synth and cdktf's all-dependencies check", () => {
    for (const c of [...readme, ...runbook].filter((l) => l.includes("cdktf deploy"))) {
      expect(c).toMatch(/ --skip-synth( |$)/);
      expect(c).toMatch(/ --ignore-missing-stack-dependencies( |$)/);
    }
  });

  test("the platform stack, and only it, is deployed through the tunnel", () => {
    for (const c of [...readme, ...runbook].filter((l) => l.includes("cdktf deploy"))) {
      expect(c.startsWith(`${TUNNEL_SCRIPT} ${ENV.name} ${REGION} -- npx cdktf deploy`)).toBe(
        stackOf(c) === `${ENV.name}-platform`,
      );
    }
  });

  test("workflows: one synth step before the reviewed plans are applied and before the plans are saved", () => {
    expect(deployStepIndex).toBeGreaterThan(0);
    expect(deploySteps.slice(0, deployStepIndex).some((s) => s.run?.trim() === "npm run synth")).toBe(true);
    expect(deploySteps[deployStepIndex].run).toContain(
      'scripts/apply-reviewed-plans.sh reviewed-plans "${stacks[@]}"',
    );
    expect(diffStepIndex).toBeGreaterThan(0);
    expect(diffSteps.slice(0, diffStepIndex).some((s) => s.run?.trim() === "npm run synth")).toBe(true);
    expect(diffSteps[diffStepIndex].run).toContain('scripts/plan-stacks.sh reviewed-plans "${stacks[@]}"');
  });
});

// ---------------------------------------------------------------------------------------------
// The stand-ins

const TERRAFORM_STUB = `#!/bin/sh
# Stand-in terraform: records where it runs (cwd, or -chdir), the tunnel variable and argv;
# answers what cdktf parses.
where=$PWD
case "$1" in -chdir=*) where=$(cd "\${1#-chdir=}" && pwd); shift ;; esac
printf '%s\\t%s\\t%s\\n' "$where" "\${${TUNNEL_VAR}-}" "$*" >> "$TF_STUB_LOG"
case "$1" in
  version) echo '{"terraform_version":"1.11.4","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}' ;;
  -v) echo 'Terraform v1.11.4 on linux_amd64' ;;
  output) echo '{}' ;;
  *) echo "stand-in terraform: $1 done" ;;
esac
`;

const SESSION_SERVER = `
const fs = require("fs");
const [port, log] = process.argv.slice(1);
const server = require("net").createServer((c) => c.end());
server.listen(Number(port), "127.0.0.1", () => fs.appendFileSync(log, "session listening " + port + "\\n"));
process.on("SIGTERM", () => { fs.appendFileSync(log, "session stopped\\n"); process.exit(0); });
`;

const AWS_STUB = `#!/usr/bin/env bash
# Stand-in AWS CLI: records argv; the port-forwarding session listens on its local port.
printf '%s\\n' "$*" >> "$AWS_STUB_LOG"
case "$1 $2" in
  "ec2 describe-instances") printf '%s\\n' "\${AWS_STUB_INSTANCES-${BASTION_INSTANCE}}" ;;
  "eks describe-cluster") echo "https://${ENDPOINT_HOST}" ;;
  "ssm start-session")
    params=""
    while (($#)); do
      if [[ $1 == --parameters ]]; then params=$2; fi
      shift
    done
    port=\${params##*localPortNumber=}
    port=\${port%%,*}
    echo "Starting session with SessionId: ${SESSION_ID}"
    if [[ -n \${AWS_STUB_SESSION_FAILS-} ]]; then
      echo "An error occurred (AccessDeniedException) when calling the StartSession operation"
      exit 254
    fi
    exec node -e '${SESSION_SERVER.replace(/'/g, "'\\''")}' "$port" "$AWS_STUB_LOG"
    ;;
  "ssm terminate-session") echo "{}" ;;
  *) echo "stand-in aws: unexpected call: $*" >&2; exit 1 ;;
esac
`;

interface Sandbox {
  readonly repo: string;
  readonly bin: string;
  readonly logs: string;
}

function makeSandbox(withRepository: boolean): Sandbox {
  const root = fs.mkdtempSync(path.join(testDir(), "apim-deploy-path-"));
  const bin = path.join(root, "bin");
  const logs = path.join(root, "logs");
  const repo = path.join(root, "repo");
  fs.mkdirSync(bin);
  fs.mkdirSync(logs);
  fs.writeFileSync(path.join(bin, "terraform"), TERRAFORM_STUB, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "aws"), AWS_STUB, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "session-manager-plugin"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  if (withRepository) {
    // The sources and documents, not the output, the history or the dependencies (linked).
    const skip = new Set(["node_modules", "cdktf.out", ".git"]);
    fs.cpSync(REPO, repo, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(REPO, src);
        const top = rel.split(path.sep)[0];
        return !skip.has(top) && !top.startsWith(".synth-");
      },
    });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(repo, "node_modules"), "dir");
  } else {
    fs.mkdirSync(repo);
  }
  return { repo, bin, logs };
}

function baseEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith("TF_VAR_") || key.startsWith("CDKTF_")) delete env[key];
  delete env.TERRAFORM_BINARY_NAME;
  delete env.CLUSTER_TUNNEL_PORT;
  return {
    ...env,
    PATH: `${sandbox.bin}${path.delimiter}${process.env.PATH}`,
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    FORCE_COLOR: "0",
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

interface TerraformCall {
  readonly stack?: string; // undefined: not in a stack directory (cdktf's version probes)
  readonly tunnel: string;
  readonly args: string;
}

interface Result {
  readonly command: string;
  readonly status: number | null;
  readonly output: string;
  readonly seconds: number;
  readonly terraform: TerraformCall[];
  readonly aws: string[];
  readonly port: number;
}

let runs = 0;
async function run(
  sandbox: Sandbox,
  command: string,
  opts: { shellArgs?: string[]; env?: Record<string, string> } = {},
): Promise<Result> {
  const id = ++runs;
  const tfLog = path.join(sandbox.logs, `terraform-${id}.log`);
  const awsLog = path.join(sandbox.logs, `aws-${id}.log`);
  const port = await freePort();
  const started = Date.now();
  const child: ChildProcess = spawn("bash", [...(opts.shellArgs ?? []), "-c", command], {
    cwd: sandbox.repo,
    env: {
      ...baseEnv(sandbox),
      TF_STUB_LOG: tfLog,
      AWS_STUB_LOG: awsLog,
      CLUSTER_TUNNEL_PORT: String(port),
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const lines = (file: string) =>
    fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  const stacksDir = path.join(fs.realpathSync(sandbox.repo), "cdktf.out", "stacks") + path.sep;
  const terraform = lines(tfLog).map((l): TerraformCall => {
    const [cwd, tunnel, args] = l.split("\t");
    const real = fs.realpathSync(cwd);
    return {
      stack: real.startsWith(stacksDir) ? path.relative(stacksDir, real) : undefined,
      tunnel,
      // cdktf adds -no-color when its output is not a terminal.
      args: args.replace(/ -no-color\b/g, ""),
    };
  });
  return {
    command,
    status,
    output,
    seconds: (Date.now() - started) / 1000,
    terraform,
    aws: lines(awsLog),
    port,
  };
}

/** Runs the tasks at most `width` at a time (the CLI is CPU-bound; the machine has two cores). */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

const inStacks = (r: Result) => r.terraform.filter((c) => c.stack !== undefined);
const stacksReached = (r: Result) => [...new Set(inStacks(r).map((c) => c.stack!))];
const subcommands = (r: Result) => inStacks(r).map((c) => c.args);

/** One `cdktf deploy <stack>` reached Terraform for that stack only: init, apply, outputs. */
function expectSucceeded(r: Result): void {
  if (r.status !== 0) throw new Error(`${r.command}\nexited ${r.status}:\n${r.output}`);
}

function expectDeployed(r: Result, stack: string, apply = "apply"): void {
  expectSucceeded(r);
  expect(stacksReached(r)).toEqual([stack]);
  const calls = subcommands(r);
  expect(calls[0]).toBe("init");
  expect(calls).toContain(apply);
  expect(calls.indexOf(apply)).toBeGreaterThan(0);
  expect(calls[calls.length - 1]).toBe("output -json");
}

// ---------------------------------------------------------------------------------------------
// The documents' commands, executed

describe("the deploy path, executed with the real cdktf CLI and a stand-in terraform", () => {
  let sandbox: Sandbox;
  const results = new Map<string, Result>();
  let workflow: Result;
  let withoutFlag: Result;
  let synthSeconds = 0;
  let totalSeconds = 0;

  beforeAll(async () => {
    const started = Date.now();
    sandbox = makeSandbox(true);
    // `npm run synth` first (the README's first command, the runbook's step 1, the workflows'
    // synth step): every other command deploys what it wrote (--skip-synth).
    const synth = await run(sandbox, "npm run synth");
    synthSeconds = synth.seconds;
    results.set(synth.command, synth);
    if (synth.status !== 0) throw new Error(`npm run synth failed:\n${synth.output}`);
    // The README's and the runbook's commands are the same lines: each distinct line runs once.
    const distinct = [...new Set([...readme, ...runbook])].filter((c) => !results.has(c));
    const tasks: (() => Promise<void>)[] = [
      async () => {
        // What the download step brings: the changed stacks and the plans the pull request saved.
        fs.mkdirSync(path.join(sandbox.repo, "reviewed-plans"), { recursive: true });
        fs.writeFileSync(
          path.join(sandbox.repo, "reviewed-plans", "changed-stacks.txt"),
          `${CHANGED.join("\n")}\n`,
        );
        for (const stack of WORKFLOW_DEPLOYS)
          fs.writeFileSync(path.join(sandbox.repo, "reviewed-plans", `${stack}.tfplan`), "saved plan");
        workflow = await run(sandbox, expand(deploySteps[deployStepIndex].run!, WORKFLOW_VALUES), {
          shellArgs: ["-e"], // GitHub's default shell for run steps: bash -e {0}
        });
      },
      ...distinct.map((c) => async () => void results.set(c, await run(sandbox, c))),
      async () => {
        // The control: the old command shape stops at cdktf's check, before Terraform.
        withoutFlag = await run(sandbox, `npx cdktf deploy ${ENV.name}-registry --skip-synth`);
      },
    ];
    await pool(tasks, 2);
    totalSeconds = (Date.now() - started) / 1000;
  });

  afterAll(() => {
    if (sandbox) fs.rmSync(path.dirname(sandbox.repo), { recursive: true, force: true });
    const slowest = [...results.values(), workflow, withoutFlag]
      .filter(Boolean)
      .map((r) => `${r.seconds.toFixed(1)}s ${r.command.split("\n")[0].slice(0, 90)}`);
    console.log(
      `deploy path: ${totalSeconds.toFixed(1)}s in all (synth ${synthSeconds.toFixed(1)}s)\n${slowest.join("\n")}`,
    );
  });

  test("npm run synth writes every stack that the manifest lists for cdktf", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(sandbox.repo, "cdktf.out", "manifest.json"), "utf8"),
    );
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(DEPLOY_ORDER));
  });

  test.each(DEPLOY_ORDER.map((s) => [s] as const))(
    "README and runbook: the deploy of %s reaches terraform apply in its stack directory",
    (stack) => {
      for (const doc of [readme, runbook]) {
        const command = doc.find((c) => stackOf(c) === stack && c.includes("cdktf deploy"))!;
        const r = results.get(command)!;
        expectDeployed(r, stack);
        const platform = stack === `${ENV.name}-platform`;
        // Through the tunnel only the platform stack sees the forwarded port.
        for (const call of inStacks(r)) expect(call.tunnel).toBe(platform ? `127.0.0.1:${r.port}` : "");
      }
    },
  );

  test("without --ignore-missing-stack-dependencies, cdktf stops before Terraform runs", () => {
    expect(withoutFlag.status).not.toBe(0);
    expect(withoutFlag.output).toContain(
      `The following dependencies are not included in the stacks to run: ${ENV.name}-bootstrap`,
    );
    expect(inStacks(withoutFlag)).toEqual([]);
  });

  test("README and runbook deploy in dependency order, as Terraform saw it", () => {
    for (const doc of [readme, runbook]) {
      const reached = doc
        .filter((c) => c.includes("cdktf deploy"))
        .flatMap((c) => stacksReached(results.get(c)!));
      expect(reached).toEqual(DEPLOY_ORDER);
    }
  });

  test("the platform deploy went through the bastion's port forward, and the session was stopped", async () => {
    const command = readme.find((c) => c.startsWith(TUNNEL_SCRIPT))!;
    const r = results.get(command)!;
    expect(r.aws[0]).toContain(`ec2 describe-instances --region ${REGION}`);
    expect(r.aws[0]).toContain(`Name=tag:Name,Values=apim-${ENV.name}-bastion`);
    expect(r.aws[1]).toBe(
      `eks describe-cluster --region ${REGION} --name apim-${ENV.name} --query cluster.endpoint --output text`,
    );
    expect(r.aws[2]).toBe(
      `ssm start-session --region ${REGION} --target ${BASTION_INSTANCE} ` +
        `--document-name AWS-StartPortForwardingSessionToRemoteHost ` +
        `--parameters host=${ENDPOINT_HOST},portNumber=443,localPortNumber=${r.port}`,
    );
    expect(r.aws).toContain(`session listening ${r.port}`);
    expect(r.aws).toContain("session stopped");
    expect(r.aws[r.aws.length - 1]).toBe(
      `ssm terminate-session --region ${REGION} --session-id ${SESSION_ID}`,
    );
    expect(await portIsOpen(r.port)).toBe(false);
  });

  test("README: the diff plans its stack and applies nothing", () => {
    const command = readme.find((c) => c.includes("cdktf diff"))!;
    const r = results.get(command)!;
    expectSucceeded(r);
    expect(stacksReached(r)).toEqual([stackOf(command)]);
    expect(subcommands(r)).toContain("plan -input=false -out plan");
    expect(subcommands(r).some((a) => a.startsWith("apply"))).toBe(false);
  });

  test("README and runbook: npm run stacks prints the deploy order, bootstrap first", () => {
    expect(results.get(`npm run stacks -- ${ENV.name}`)!.output).toContain(DEPLOY_ORDER.join("\n") + "\n");
  });

  test("deploy workflow: the reviewed plans of the changed stacks, in dependency order; the platform left to an admin", () => {
    expectSucceeded(workflow);
    const reached = inStacks(workflow).map((c) => c.stack!);
    // In dependency order, and each stack's calls contiguous: one stack at a time.
    expect(reached.filter((s, i) => i === 0 || reached[i - 1] !== s)).toEqual(WORKFLOW_DEPLOYS);
    for (const stack of WORKFLOW_DEPLOYS) {
      const calls = inStacks(workflow).filter((c) => c.stack === stack);
      // (the log drops -no-color, as for cdktf's own calls): outputs read before and after the apply
      const args = calls.map((c) => c.args);
      expect(args.slice(0, 2)).toEqual(["init -input=false", "output -json"]);
      expect(args[2]).toMatch(new RegExp(`^apply -input=false /\\S+/reviewed-plans/${stack}\\.tfplan$`));
      expect(args.slice(3)).toEqual(["output -json"]);
    }
    expect(workflow.output).toContain(
      `::warning::${ENV.name}-platform changed: deploy it with an admin role`,
    );
    expect(workflow.output).toContain(
      `${TUNNEL_SCRIPT} ${ENV.name} ${REGION} -- npx cdktf deploy ${ENV.name}-platform`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The tunnel on its own: success, failure, no bastion, a session that does not open

describe("scripts/cluster-tunnel.sh, executed with stand-in aws and session-manager-plugin", () => {
  let sandbox: Sandbox;
  const script = path.join(REPO, TUNNEL_SCRIPT);
  beforeAll(() => {
    sandbox = makeSandbox(false);
  });
  afterAll(() => fs.rmSync(path.dirname(sandbox.repo), { recursive: true, force: true }));

  // The command checks the port is open while it runs and records the variable it was given.
  const probe = (exit: number) =>
    `bash -c '(exec 3<>"/dev/tcp/127.0.0.1/$CLUSTER_TUNNEL_PORT") && echo "tunnel=$${TUNNEL_VAR}" && exit ${exit}'`;

  test("runs the command with the forwarded port exported, and stops the session", async () => {
    const r = await run(sandbox, `${script} ${ENV.name} ${REGION} -- ${probe(0)}`);
    expect(r.status).toBe(0);
    expect(r.output).toContain(`tunnel=127.0.0.1:${r.port}`);
    expect(r.aws.filter((l) => l.startsWith("ssm start-session"))).toEqual([
      `ssm start-session --region ${REGION} --target ${BASTION_INSTANCE} --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=${ENDPOINT_HOST},portNumber=443,localPortNumber=${r.port}`,
    ]);
    expect(r.aws.slice(-2)).toEqual([
      "session stopped",
      `ssm terminate-session --region ${REGION} --session-id ${SESSION_ID}`,
    ]);
    expect(await portIsOpen(r.port)).toBe(false);
  });

  test("a failing command: its exit status, and the session stopped all the same", async () => {
    const r = await run(sandbox, `${script} ${ENV.name} ${REGION} -- ${probe(7)}`);
    expect(r.status).toBe(7);
    expect(r.output).toContain(`tunnel=127.0.0.1:${r.port}`);
    expect(r.aws).toContain("session stopped");
    expect(r.aws[r.aws.length - 1]).toBe(
      `ssm terminate-session --region ${REGION} --session-id ${SESSION_ID}`,
    );
    expect(await portIsOpen(r.port)).toBe(false);
  });

  test("no running bastion, or more than one: stops before any session, naming the tag", async () => {
    const r = await run(sandbox, `${script} ${ENV.name} ${REGION} -- ${probe(0)}`, {
      env: { AWS_STUB_INSTANCES: "" },
    });
    expect(r.status).toBe(1);
    expect(r.output).toContain(`Name=apim-${ENV.name}-bastion`);
    expect(r.output).not.toContain("tunnel=");
    expect(r.aws.some((l) => l.startsWith("ssm "))).toBe(false);
    const two = await run(sandbox, `${script} ${ENV.name} ${REGION} -- ${probe(0)}`, {
      env: { AWS_STUB_INSTANCES: "i-0b45710a000000001\ni-0b45710a000000002" },
    });
    expect(two.status).toBe(1);
    expect(two.output).toContain("expected one running instance");
    expect(two.aws.some((l) => l.startsWith("ssm "))).toBe(false);
  });

  test("a session refused before the port opens: its error shown, the command not run", async () => {
    const r = await run(sandbox, `${script} ${ENV.name} ${REGION} -- ${probe(0)}`, {
      env: { AWS_STUB_SESSION_FAILS: "1" },
    });
    expect(r.status).toBe(1);
    expect(r.output).toContain("AccessDeniedException");
    expect(r.output).not.toContain("tunnel=");
  });

  test("usage errors", async () => {
    expect((await run(sandbox, `${script} ${ENV.name} ${REGION}`)).status).toBe(2);
    expect((await run(sandbox, `${script} Prod/x ${REGION} -- true`)).status).toBe(2);
  });
});

describeWithTools("scripts/cluster-tunnel.sh, linted", ["shellcheck"], () => {
  test("passes shellcheck", () => {
    execFileSync(locate("shellcheck")!, ["--severity=style", path.join(REPO, TUNNEL_SCRIPT)], {
      stdio: "pipe",
    });
  });
});

// ---------------------------------------------------------------------------------------------
// What the tunnel relies on in the synthesized Terraform

describe("the platform stack's providers and the bastion's path to the API", () => {
  const stack = (kind: string) => terraformModel().stacks.find((s) => s.name === `${ENV.name}-${kind}`)!;

  test("a cluster_api_tunnel variable, empty by default, limited to 127.0.0.1:<port>", () => {
    const variable = ((stack("platform").json.variable ?? {}) as Attrs)[CLUSTER_API_TUNNEL_VARIABLE] as Attrs;
    expect(variable).toMatchObject({ type: "string", default: "" });
    expect(JSON.stringify(variable.validation)).toContain("127[.]0[.]0[.]1");
  });

  test("helm and kubernetes: the tunnel when set, verified under the endpoint's name; else the endpoint", () => {
    const providers = stack("platform").json.provider as Attrs;
    const configs = [
      ...asArray<Attrs>(providers.kubernetes),
      ...asArray<Attrs>(providers.helm).map((h) => h.kubernetes as Attrs),
    ];
    expect(configs).toHaveLength(2);
    for (const c of configs) {
      expect(c.host).toMatch(
        new RegExp(
          `^\\$\\{\\(length\\(var\\.${CLUSTER_API_TUNNEL_VARIABLE}\\) < 1\\) \\? data\\.terraform_remote_state\\.[\\w-]+\\.outputs\\.[\\w-]+endpoint : "https://\\$\\{var\\.${CLUSTER_API_TUNNEL_VARIABLE}\\}"\\}$`,
        ),
      );
      expect(c.tls_server_name).toMatch(
        /^\$\{\(length\(var\.cluster_api_tunnel\) < 1\) \? null : trimprefix\(data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+endpoint, "https:\/\/"\)\}$/,
      );
      expect(String(c.cluster_ca_certificate)).toContain("certificate_authority");
    }
  });

  test("flow 3: the bastion's group may reach the control plane's group on 443, the group EKS uses", () => {
    const network = terraformModel().resources.filter((r) => r.stack === `${ENV.name}-network`);
    const groupId = (tier: string) => {
      const g = network.find(
        (r) => r.type === "aws_security_group" && r.attrs.name === `apim-${ENV.name}-${tier}`,
      )!;
      return `\${aws_security_group.${g.name}.id}`;
    };
    const flow3 = network.filter((r) => String(r.attrs.description).startsWith("flow 3:"));
    expect(
      flow3.map((r) => [r.type, r.attrs.security_group_id, r.attrs.referenced_security_group_id]).sort(),
    ).toEqual(
      [
        ["aws_vpc_security_group_egress_rule", groupId("bastion"), groupId("controlPlane")],
        ["aws_vpc_security_group_ingress_rule", groupId("controlPlane"), groupId("bastion")],
      ].sort(),
    );
    for (const r of flow3)
      expect([r.attrs.ip_protocol, r.attrs.from_port, r.attrs.to_port]).toEqual(["tcp", 443, 443]);
    const bastion = network.find((r) => r.type === "aws_instance")!;
    expect(bastion.attrs.vpc_security_group_ids).toEqual([groupId("bastion")]);
    const cluster = terraformModel()
      .ofType("aws_eks_cluster")
      .find((r) => r.stack === `${ENV.name}-cluster`)!;
    const vpc = Array.isArray(cluster.attrs.vpc_config)
      ? (cluster.attrs.vpc_config as Attrs[])[0]
      : (cluster.attrs.vpc_config as Attrs);
    expect(vpc).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    const outputs = (stack("network").json.output ?? {}) as Record<string, { value: string }>;
    const [sg] = vpc.security_group_ids as string[];
    const output = /outputs\.([\w-]+)\}$/.exec(sg)![1];
    expect(outputs[output].value).toBe(groupId("controlPlane"));
  });
});

describeWithTools("the providers' connection, evaluated by Terraform", ["terraform"], () => {
  // The platform stack's host and tls_server_name expressions, with the cluster stack's endpoint
  // output replaced by a value, as outputs of a configuration without providers.
  const ENDPOINT = `https://${ENDPOINT_HOST}`;
  let dir: string;
  const terraform = (args: string[], env: Record<string, string> = {}) =>
    execFileSync(locate("terraform")!, args, {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ...env },
    });

  beforeAll(() => {
    const json = terraformModel().stacks.find((s) => s.name === `${ENV.name}-platform`)!.json;
    const kubernetes = asArray<Attrs>((json.provider as Attrs).kubernetes)[0];
    const withEndpoint = (expression: unknown) =>
      String(expression).replace(
        /data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+endpoint/g,
        JSON.stringify(ENDPOINT),
      );
    dir = fs.mkdtempSync(path.join(testDir(), "apim-tunnel-expr-"));
    fs.writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({
        variable: json.variable,
        output: {
          host: { value: withEndpoint(kubernetes.host) },
          tls_server_name: { value: withEndpoint(kubernetes.tls_server_name) },
        },
      }),
    );
    terraform(["init", "-input=false", "-no-color"]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const outputs = (tunnel: string) => {
    terraform(["apply", "-auto-approve", "-input=false", "-no-color"], { [TUNNEL_VAR]: tunnel });
    return JSON.parse(terraform(["output", "-json"])) as Record<string, { value: unknown }>;
  };

  test("unset: the endpoint itself, no server name override", () => {
    const o = outputs("");
    expect(o.host.value).toBe(ENDPOINT);
    expect(o.tls_server_name).toBeUndefined(); // a null output is not listed
  });

  test("set by the tunnel: the local port, verified under the endpoint's host name", () => {
    const o = outputs("127.0.0.1:8443");
    expect(o.host.value).toBe("https://127.0.0.1:8443");
    expect(o.tls_server_name.value).toBe(ENDPOINT_HOST);
  });

  test("anything but 127.0.0.1:<port> is refused", () => {
    expect(() => outputs("attacker.example:443")).toThrow(/cluster_api_tunnel is empty or 127.0.0.1:<port>/);
  });
});
