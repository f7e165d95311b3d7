// The AWS provider the stacks pin, and where a local filesystem mirror of it may be: Terraform takes
// it from there (offline) when one exists, else from the registry.
import * as fs from "fs";
import * as path from "path";

/** hashicorp/aws version that @cdktf/provider-aws 20.1.0 targets; a test checks the synth pins it. */
export const AWS_PROVIDER_VERSION = "5.100.0";

const MIRROR_CANDIDATES = [
  process.env.TF_PROVIDER_MIRROR,
  "/opt/tf-plugins",
  "/usr/share/terraform/providers",
];

/** The first mirror folder that holds the pinned AWS provider, if any. */
export function awsProviderMirror(): string | undefined {
  return MIRROR_CANDIDATES.find(
    (dir) =>
      dir && fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION)),
  );
}
