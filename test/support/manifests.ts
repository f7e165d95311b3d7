// Real Kustomize over gitops/, and schema validation of what it builds.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { locate } from "./tools";

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

/** Every directory under root that holds a kustomization.yaml. */
export function kustomizationDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (fs.existsSync(path.join(dir, "kustomization.yaml"))) out.push(dir);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
    }
  };
  walk(root);
  return out.sort();
}

export function isComponent(dir: string): boolean {
  return /^kind:\s*Component\s*$/m.test(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8"));
}

export function parseYaml(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null);
}

export function kustomizeBuild(dir: string): K8sObject[] {
  const kubectl = locate("kubectl");
  if (!kubectl) throw new Error("kubectl not found");
  return parseYaml(
    execFileSync(kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }),
  );
}

export interface SchemaResult {
  readonly index: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** Validates objects against the Kubernetes, Flux and External Secrets schemas in one child process. */
export function validateSchemas(objects: readonly unknown[]): SchemaResult[] {
  const script = path.join(__dirname, "validate-manifests.mjs");
  const out = execFileSync(process.execPath, [script], {
    input: JSON.stringify(objects),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as SchemaResult[];
}
