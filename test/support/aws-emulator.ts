// An AWS emulator (moto's server mode) on a free loopback port, for the apply tests. Where it comes
// from: a moto source tree named by APIM_MOTO_SOURCE or found beside this repository
// (../shared/tools/moto), run by Debian's python3 with Debian's packages for its dependencies
// (README, "Apply tests"), else `moto_server` on PATH (`pip install "moto[server]"`). The source tree
// comes first, so that a machine with both runs what CI runs.
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { onPath } from "../../tools/terraform/on-path";

export interface EmulatorCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Where the emulator came from, for messages. */
  readonly source: string;
}

const PYTHON = "/usr/bin/python3";
const MOTO_COMPAT = path.join(__dirname, "moto-compat");
/** The Python modules moto's server needs (Debian: python3-flask, python3-boto3, ...). */
const PYTHON_MODULES = [
  "flask",
  "flask_cors",
  "werkzeug",
  "boto3",
  "xmltodict",
  "responses",
  "jinja2",
  "yaml",
];

let located: EmulatorCommand | null | undefined;

/** How to start the emulator here, or undefined when it cannot be started. */
export function emulatorCommand(): EmulatorCommand | undefined {
  if (located !== undefined) return located ?? undefined;
  located = null;
  const source = [
    process.env.APIM_MOTO_SOURCE,
    path.join(__dirname, "..", "..", "..", "shared", "tools", "moto"),
  ]
    .filter((d): d is string => !!d)
    .find((d) => fs.existsSync(path.join(d, "moto", "server.py")));
  if (source && fs.existsSync(PYTHON)) {
    // moto-compat/sitecustomize.py fills in what Debian's older botocore lacks (see there).
    const env = { PYTHONPATH: [source, MOTO_COMPAT].join(path.delimiter) };
    const probe = spawnSync(PYTHON, ["-c", `import ${PYTHON_MODULES.join(", ")}, moto.server`], {
      env: { ...process.env, ...env },
      stdio: "pipe",
    });
    if (probe.status === 0) {
      located = { command: PYTHON, args: ["-m", "moto.server"], env, source };
      return located;
    }
  }
  const server = onPath("moto_server");
  if (server) located = { command: server, args: [], env: {}, source: server };
  return located ?? undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

class EmulatorExited extends Error {}

export class AwsEmulator {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
    private readonly log: () => string,
  ) {}

  /**
   * Starts the emulator as the given account; resolves once it answers. A port taken between
   * choosing it and the emulator binding it makes the emulator exit at once: it is started again
   * on another port.
   */
  static async start(accountId: string): Promise<AwsEmulator> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await AwsEmulator.startOnce(accountId);
      } catch (error) {
        if (attempt >= 3 || !(error instanceof EmulatorExited)) throw error;
      }
    }
  }

  private static async startOnce(accountId: string): Promise<AwsEmulator> {
    const command = emulatorCommand();
    if (!command)
      throw new Error("no AWS emulator here (moto_server, or a moto source tree with Debian's python3)");
    const port = await freePort();
    const child = spawn(command.command, [...command.args, "-H", "127.0.0.1", "-p", String(port)], {
      env: {
        ...process.env,
        ...command.env,
        MOTO_ACCOUNT_ID: accountId, // the stacks allow only their env's account
        MOTO_IAM_LOAD_MANAGED_POLICIES: "true",
        // DNS-validated certificates are issued at once (AWS: once the validation record resolves).
        MOTO_ACM_VALIDATION_WAIT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output = (output + d).slice(-20000)));
    child.stderr!.on("data", (d) => (output = (output + d).slice(-20000)));
    const emulator = new AwsEmulator(child, `http://127.0.0.1:${port}`, () => output);
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) =>
        reject(new EmulatorExited(`the emulator exited (${code}) before answering:\n${output}`)),
      ),
    );
    exited.catch(() => undefined);
    try {
      for (;;) {
        const answered = await Promise.race([
          // Each probe gives up after a few seconds and is tried again: no limit on the start.
          fetch(`${emulator.endpoint}/moto-api/`, { signal: AbortSignal.timeout(5000) }).then(
            (r) => r.ok,
            () => false,
          ),
          exited,
        ]);
        if (answered) return emulator;
        await new Promise((r) => setTimeout(r, 200));
      }
    } catch (error) {
      await emulator.stop();
      throw error;
    }
  }

  /** The emulator's recent output, for failure messages. */
  recentOutput(): string {
    return this.log();
  }

  /** Stops the emulator; safe to call twice. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}
