// The AWS provider the stacks pin, and the local filesystem mirror Terraform takes it from: the
// folder TF_PROVIDER_MIRROR names, else one of the folders Terraform itself searches without any
// configuration (its "implied local mirror directories" on Linux). Without a mirror, the review
// and the tools let Terraform install from the registry; the tests that run Terraform require a
// mirror instead (test/support/tools.ts), so a test never downloads.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** hashicorp/aws version that @cdktf/provider-aws 20.1.0 targets; a test checks the synth pins it. */
export const AWS_PROVIDER_VERSION = "5.100.0";

/** Terraform's implied local mirror directories on Linux, in its search order. */
export function impliedMirrors(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? os.homedir();
  const dataHome = env.XDG_DATA_HOME || path.join(home, ".local", "share");
  const dataDirs = (env.XDG_DATA_DIRS || "/usr/local/share:/usr/share").split(":").filter(Boolean);
  return [
    path.join(home, ".terraform.d", "plugins"),
    ...[dataHome, ...dataDirs].map((dir) => path.join(dir, "terraform", "plugins")),
  ];
}

/** The mirror holds the pinned provider, unpacked (`aws/<version>/<os_arch>/`) or packed as
 * `terraform providers mirror` writes it (`aws/terraform-provider-aws_<version>_<os_arch>.zip`). */
function holdsProvider(dir: string): boolean {
  const aws = path.join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (fs.existsSync(path.join(aws, AWS_PROVIDER_VERSION))) return true;
  const packed = `terraform-provider-aws_${AWS_PROVIDER_VERSION}_`;
  return fs.existsSync(aws) && fs.readdirSync(aws).some((f) => f.startsWith(packed) && f.endsWith(".zip"));
}

/** The mirror folder that holds the pinned AWS provider, if any. */
export function awsProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.TF_PROVIDER_MIRROR;
  if (named) return holdsProvider(named) ? named : undefined;
  return impliedMirrors(env).find(holdsProvider);
}
