// The run's shared synth output (see global-setup.ts) and models over it.
import * as path from "path";
import { ENVIRONMENTS } from "../../envs";
import { EnvironmentConfig } from "../../envs/schema";
import { validateEnvironments } from "../../envs/validate";
import { TerraformModel } from "../../policy/terraform-model";

export function testDir(): string {
  const dir = process.env.APIM_TEST_DIR;
  if (!dir) throw new Error("APIM_TEST_DIR is not set: run the tests through jest (global setup)");
  return dir;
}

export function synthOutdir(): string {
  return path.join(testDir(), "cdktf.out");
}

let model: TerraformModel | undefined;
export function terraformModel(): TerraformModel {
  model ??= TerraformModel.fromOutdir(synthOutdir());
  return model;
}

export function exampleEnvs(): EnvironmentConfig[] {
  return validateEnvironments(ENVIRONMENTS);
}
