// What a tree synthesizes to, for comparison: each stack's Terraform JSON and, per env, the
// objects Flux would apply (before substitution: cluster-vars are the same on both sides).
import * as fs from "fs";
import * as path from "path";
import { clusterManifests } from "../kustomize/cluster-manifests";
import { K8sObject, ReadFile } from "../kustomize/kustomize-lite";

export interface Snapshot {
  readonly terraform: Record<string, Record<string, unknown>>;
  readonly manifests: Record<string, K8sObject[]>;
}

export function readSnapshot(root: string): Snapshot {
  const stacksDir = path.join(root, "cdktf.out", "stacks");
  const terraform = Object.fromEntries(
    (fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : []).map((s) => [
      s,
      JSON.parse(fs.readFileSync(path.join(stacksDir, s, "cdk.tf.json"), "utf8")) as Record<string, unknown>,
    ]),
  );
  const gitops = path.join(root, "gitops");
  const read: ReadFile = (rel) => {
    const f = path.join(gitops, rel);
    return fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, "utf8") : undefined;
  };
  const clusters = path.join(gitops, "clusters");
  const envs = fs.existsSync(clusters) ? fs.readdirSync(clusters).sort() : [];
  const manifests = Object.fromEntries(envs.map((env) => [env, clusterManifests(env, read, {}).objects]));
  return { terraform, manifests };
}
