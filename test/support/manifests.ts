// Real Kustomize over gitops/, and schema validation of what it builds.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { contentKey, ResultCache } from "./result-cache";
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

/** Every file of a tree, by relative path, in a stable order. */
function treeFiles(root: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push([path.relative(root, full), fs.readFileSync(full, "utf8")]);
    }
  };
  walk(root);
  return out;
}

/**
 * `kubectl kustomize <dir>`, parsed. A build reads only its gitops/ tree (bases and components are
 * relative paths within it), so outside CI its output is cached under the hash of that whole tree,
 * the folder and the kubectl binary.
 */
export function kustomizeBuild(dir: string): K8sObject[] {
  const kubectl = locate("kubectl");
  if (!kubectl) throw new Error("kubectl not found");
  const builds = ResultCache.forRun<string>("apim-kustomize-builds");
  const root = gitopsRootOf(dir);
  const binary = fs.statSync(fs.realpathSync(kubectl));
  // Outside a gitops/ tree a build may read anything: never cached.
  const key =
    builds && root
      ? contentKey(
          fs.realpathSync(kubectl),
          binary.size,
          binary.mtimeMs,
          path.relative(root, dir),
          treeFiles(root),
        )
      : undefined;
  let text = key ? builds!.read(key) : undefined;
  if (text === undefined) {
    text = execFileSync(kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (key) builds!.write(key, text);
  }
  return parseYaml(text);
}

/** The nearest folder named gitops that holds dir. */
function gitopsRootOf(dir: string): string | undefined {
  for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if (path.basename(d) === "gitops") return d;
  }
  return undefined;
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
