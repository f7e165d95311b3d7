// The run's shared synth output (see global-setup.ts) and models over it.
import * as path from "path";
import { ENVIRONMENTS } from "../../envs";
import { EnvironmentConfig } from "../../envs/schema";
import { validateEnvironments } from "../../envs/validate";
import { TerraformModel } from "../../policy/terraform-model";
import { clusterManifests } from "../../tools/kustomize/cluster-manifests";
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { sampleClusterVars } from "../../lib/manifests/sample-cluster-vars";
import { readGitops } from "./manifests-helpers";

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

const manifests = new Map<string, K8sObject[]>();
/** The objects Flux applies to an example env's cluster, built once per test file from gitops/. */
export function clusterObjects(envName: string): K8sObject[] {
  if (!manifests.has(envName)) {
    const env = exampleEnvs().find((e) => e.name === envName)!;
    manifests.set(envName, clusterManifests(env.name, readGitops, sampleClusterVars(env)).objects);
  }
  return manifests.get(envName)!;
}
