// Locating external tools. A test that needs a missing tool skips loudly; where CI requires the tool
// (.ci/run exports REQUIRE_<TOOL>=1), a missing tool fails the test instead. Tests that run
// Terraform also require the AWS provider's local filesystem mirror, so they never download.
import { execFileSync } from "child_process";
import * as fs from "fs";
import { emulatorCommand } from "./aws-emulator";
import { sandboxUnavailable } from "./boot-sandbox";
import { onPath } from "../../tools/terraform/on-path";
import { AWS_PROVIDER_VERSION, awsProviderMirror } from "../../tools/terraform/provider-mirror";

export type ToolName =
  "terraform" | "kubectl" | "aws-provider-mirror" | "shellcheck" | "sandbox" | "aws-emulator" | "aws-cli";

export { AWS_PROVIDER_VERSION };

export function locate(tool: ToolName): string | undefined {
  switch (tool) {
    case "terraform":
      return onPath("terraform");
    case "shellcheck":
      return onPath("shellcheck");
    case "aws-emulator":
      return emulatorCommand()?.source;
    case "aws-cli":
      // Debian's AWS CLI (package awscli), as the apply tests call it; not a same-named shim.
      return fs.existsSync("/usr/bin/aws") ? "/usr/bin/aws" : undefined;
    case "sandbox":
      // Generated scripts run as root in a private mount namespace (boot-sandbox.ts).
      return sandboxUnavailable() ? undefined : onPath("unshare");
    case "kubectl": {
      const kubectl = onPath("kubectl");
      if (!kubectl) return undefined;
      // Debian's kubectl 1.20 has a kustomize too old for components; require kustomize v5.
      const version = execFileSync(kubectl, ["version", "--client"], { encoding: "utf8" });
      return /Kustomize Version: v5\./.test(version) ? kubectl : undefined;
    }
    case "aws-provider-mirror":
      return awsProviderMirror();
  }
}

function requiredByCi(tool: ToolName): boolean {
  return process.env[`REQUIRE_${tool.toUpperCase().replace(/-/g, "_")}`] === "1";
}

/**
 * describe() when every tool is present; otherwise a loud skip, or a failing test when CI
 * requires the tool.
 */
export function describeWithTools(title: string, tools: readonly ToolName[], body: () => void): void {
  const missing = tools.filter((t) => !locate(t));
  if (!missing.length) {
    describe(title, body);
    return;
  }
  const required = missing.filter(requiredByCi);
  describe(title, () => {
    if (required.length) {
      test(`requires ${required.join(", ")}`, () => {
        throw new Error(
          `${required.join(", ")} not found, but CI requires it (REQUIRE_*): the test must not skip`,
        );
      });
    } else {
      console.warn(`SKIPPED "${title}": ${missing.join(", ")} not found on this machine`);
      test.skip(`needs ${missing.join(", ")}`, () => undefined);
    }
  });
}
