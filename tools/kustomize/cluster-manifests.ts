// Everything Flux applies to one env's cluster: its Kustomizations, then each one's path built
// and substituted from cluster-vars, as Flux's kustomize-controller would.
import * as fs from "fs";
import * as path from "path";
import { OutputFile, reconciled, render } from "../output/generated-file";
import { build, K8sObject, ReadFile } from "./kustomize-lite";
import { substitute } from "../../lib/manifests/flux-substitution";

export interface ClusterManifests {
  readonly objects: K8sObject[];
  /** ${VAR}s used with no value and no default (Flux would fail the Kustomization). */
  readonly missingVars: string[];
  readonly usedVars: string[];
}

/** Reads generated files from memory and everything else (team-owned files) from the tree on disk. */
export function treeReader(files: readonly OutputFile[], root: string): ReadFile {
  const generated = new Map(files.filter((f) => f.ownership === "generated").map((f) => [f.path, render(f)]));
  const team = new Map(files.filter((f) => f.ownership === "team").map((f) => [f.path, f]));
  return (rel) => {
    if (generated.has(rel)) return generated.get(rel);
    const full = path.join(root, rel);
    const teamFile = team.get(rel);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) {
      const content = fs.readFileSync(full, "utf8");
      // A team file as this synth will leave it (reconciled), so the checks judge what is written.
      return teamFile ? reconciled(teamFile, content).content : content;
    }
    return teamFile && render(teamFile);
  };
}

export function clusterManifests(
  envName: string,
  read: ReadFile,
  vars: Readonly<Record<string, string>>,
): ClusterManifests {
  const kustomizations = build(`clusters/${envName}`, read).filter(
    (o) => o.kind === "Kustomization" && o.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/"),
  );
  const missing = new Set<string>();
  const used = new Set<string>();
  const objects: K8sObject[] = [...kustomizations];
  for (const k of kustomizations) {
    const spec = k.spec as { path: string };
    const dir = spec.path.replace(/^\.\/gitops\//, "");
    for (const obj of build(dir, read)) {
      const result = substitute(JSON.stringify(obj), vars);
      result.missing.forEach((m) => missing.add(m));
      result.used.forEach((u) => used.add(u));
      objects.push(JSON.parse(result.text) as K8sObject);
    }
  }
  return { objects, missingVars: [...missing].sort(), usedVars: [...used].sort() };
}
