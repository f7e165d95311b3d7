// The subset of Kustomize that gitops/ uses, in process: resources (files and directories),
// components, namespace, labels, strategic-merge patches and image overrides. It lets synth judge
// the built manifests without a kustomize binary; a test proves it builds every directory of
// gitops/ exactly as `kubectl kustomize` does.
import * as path from "path";
import { parseAllDocuments, parse } from "yaml";

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
} & Record<string, unknown>;

/** Reads a file of the tree by its path relative to the tree's root ("/"-separated). */
export type ReadFile = (relPath: string) => string | undefined;

/** Kinds that have no namespace (the ones gitops/ uses, and their neighbours). */
export const CLUSTER_SCOPED = new Set([
  "Namespace",
  "StorageClass",
  "ClusterSecretStore",
  "ClusterRole",
  "ClusterRoleBinding",
  "IngressClass",
  "IngressClassParams",
  "CustomResourceDefinition",
  "PriorityClass",
  "PersistentVolume",
]);

interface KustomizationFile {
  resources?: string[];
  components?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  patches?: { path: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

// Every env's overlay builds the same base files: each text is parsed once per process, and each
// build gets its own copy (builds set namespaces and labels in place).
const PARSED = new Map<string, K8sObject[]>();

export function parseDocuments(text: string): K8sObject[] {
  let objects = PARSED.get(text);
  if (!objects) {
    objects = parseAllDocuments(text)
      .map((d) => d.toJS() as K8sObject | null)
      .filter((d): d is K8sObject => d !== null && typeof d === "object");
    PARSED.set(text, objects);
  }
  return structuredClone(objects);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Strategic merge as gitops/ needs it: maps merge deeply, lists of named items merge by name. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isRecord(base) && isRecord(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? strategicMerge(base[k], v) : v;
    return out;
  }
  if (
    Array.isArray(base) &&
    Array.isArray(patch) &&
    patch.every((p) => isRecord(p) && typeof p.name === "string")
  ) {
    // As kustomize (kyaml) orders a merge by key: the patch's items first, in the patch's order,
    // each merged with its base item, then the base items the patch does not name.
    const named = (list: unknown[], name: unknown) => list.find((i) => isRecord(i) && i.name === name);
    const head = patch.map((p) => {
      const match = named(base, (p as Record<string, unknown>).name);
      return match ? strategicMerge(match, p) : p;
    });
    const tail = base.filter((b) => !(isRecord(b) && named(patch, b.name)));
    return [...head, ...tail];
  }
  return patch;
}

function podSpecs(obj: K8sObject): Record<string, unknown>[] {
  const spec = obj.spec as Record<string, unknown> | undefined;
  const template = (spec?.template as Record<string, unknown> | undefined)?.spec;
  const jobTemplate = (
    (spec?.jobTemplate as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined
  )?.template;
  return [template, (jobTemplate as Record<string, unknown> | undefined)?.spec].filter(isRecord);
}

function applyImages(objects: K8sObject[], images: NonNullable<KustomizationFile["images"]>): void {
  for (const obj of objects) {
    for (const pod of podSpecs(obj)) {
      for (const container of [
        ...((pod.containers as Record<string, unknown>[]) ?? []),
        ...((pod.initContainers as Record<string, unknown>[]) ?? []),
      ]) {
        const image = String(container.image ?? "");
        const [name, tag] = image.includes("@")
          ? [image.split("@")[0], undefined]
          : [image.replace(/:[^:/]+$/, ""), /:([^:/]+)$/.exec(image)?.[1]];
        const rule = images.find((i) => i.name === name);
        if (rule)
          container.image = `${rule.newName ?? name}${rule.newTag ? `:${rule.newTag}` : tag ? `:${tag}` : ""}`;
      }
    }
  }
}

/** Builds the kustomization in `dir` (relative to the tree root). */
export function build(dir: string, read: ReadFile): K8sObject[] {
  const text = read(path.posix.join(dir, "kustomization.yaml"));
  if (text === undefined) throw new Error(`no kustomization.yaml in ${dir}`);
  const k = parse(text) as KustomizationFile;
  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const rel = path.posix.normalize(path.posix.join(dir, entry));
    const file = read(rel);
    objects.push(
      ...(file !== undefined && !rel.endsWith("/") && /\.ya?ml$/.test(rel)
        ? parseDocuments(file)
        : build(rel, read)),
    );
  }
  const transform = (objs: K8sObject[], kust: KustomizationFile, base: string) => {
    if (kust.namespace)
      for (const o of objs) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = kust.namespace;
    for (const label of kust.labels ?? [])
      for (const o of objs) o.metadata.labels = { ...o.metadata.labels, ...label.pairs };
    for (const p of kust.patches ?? []) {
      for (const patch of parseDocuments(read(path.posix.join(base, p.path)) ?? "")) {
        const i = objs.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
        if (i < 0) throw new Error(`patch ${p.path} matches no ${patch.kind}/${patch.metadata.name}`);
        objs[i] = strategicMerge(objs[i], patch) as K8sObject;
      }
    }
    if (kust.images) applyImages(objs, kust.images);
  };
  // As Kustomize does: each component in the order listed (its resources, then its own
  // transformations), then this kustomization's own transformations over everything.
  for (const component of k.components ?? []) {
    const cdir = path.posix.normalize(path.posix.join(dir, component));
    const ck = parse(read(path.posix.join(cdir, "kustomization.yaml")) ?? "{}") as KustomizationFile;
    for (const entry of ck.resources ?? [])
      objects.push(...parseDocuments(read(path.posix.join(cdir, entry)) ?? ""));
    transform(objects, ck, cdir);
  }
  transform(objects, k, dir);
  objects = objects.map((o) => JSON.parse(JSON.stringify(o)) as K8sObject);
  return objects;
}
