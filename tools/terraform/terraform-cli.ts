// The real Terraform CLI as the offline plans, the review and the apply tests run it: the AWS provider from the local filesystem
// mirror when there is one, no checkpoint calls, dummy credentials unless a caller gives its own.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { onPath } from "./on-path";
import { awsProviderMirror } from "./provider-mirror";

const execFileAsync = promisify(execFile);

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

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class TerraformCli {
  private readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;

  /** workDir receives the CLI configuration; env is added to (and overrides) the defaults. */
  constructor(workDir: string, env: NodeJS.ProcessEnv = {}) {
    const terraform = onPath("terraform");
    if (!terraform) throw new Error("terraform not found");
    this.binary = terraform;
    fs.mkdirSync(workDir, { recursive: true });
    const config = path.join(workDir, "terraform.rc");
    fs.writeFileSync(config, cliConfig(awsProviderMirror()));
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: config,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      AWS_ACCESS_KEY_ID: "AKIAOFFLINEPLAN00000", // dummy: an offline plan never calls AWS
      AWS_SECRET_ACCESS_KEY: "offline-plan-dummy-secret",
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    };
  }

  /** Runs terraform in cwd; never throws: the caller reads the exit code. */
  async run(cwd: string, args: readonly string[]): Promise<TerraformResult> {
    try {
      const { stdout, stderr } = await execFileAsync(this.binary, [...args], {
        cwd,
        env: this.env,
        maxBuffer: 256 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return {
        code: typeof e.code === "number" ? e.code : 1,
        stdout: e.stdout ?? "",
        stderr: e.stderr ?? "",
      };
    }
  }

  /** Runs terraform in cwd and returns its stdout; a failure throws with the command and output,
   * unless allowFailure and it printed something (JSON diagnostics). */
  async output(cwd: string, args: readonly string[], allowFailure = false): Promise<string> {
    const result = await this.run(cwd, args);
    if (result.code === 0 || (allowFailure && result.stdout)) return result.stdout;
    throw new Error(
      `terraform ${args.join(" ")} failed in ${path.basename(cwd)}:\n${result.stderr}${result.stdout}`,
    );
  }
}
