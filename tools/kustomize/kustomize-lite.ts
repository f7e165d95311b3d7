// The subset of Kustomize that gitops/ uses, in process: resources (files and directories),
// components, namespace, labels, strategic-merge patches and image overrides. It lets synth judge
// the built manifests without a kustomize binary; a test proves it builds every directory of
// gitops/ exactly as `kubectl kustomize` does.
import * as path from "path";
import { parseAllDocuments, parse } from "yaml";
import { knownDocuments } from "../../lib/yaml-known-documents";

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

/** A tree Kustomize would refuse to build (or this subset cannot judge): one line for the user. */
export class KustomizeError extends Error {}

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
  patches?: { path?: string; patch?: string; target?: unknown }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

// Every env's overlay builds the same base files: each text is parsed once per process, and each
// build gets its own copy (builds set namespaces and labels in place).
const PARSED = new Map<string, K8sObject[]>();

export function parseDocuments(text: string): K8sObject[] {
  let objects = PARSED.get(text);
  if (!objects) {
    objects = (
      (knownDocuments(text) as (K8sObject | null)[] | undefined) ??
      parseAllDocuments(text).map((d) => d.toJS() as K8sObject | null)
    ).filter((d): d is K8sObject => d !== null && typeof d === "object");
    PARSED.set(text, objects);
  }
  return structuredClone(objects);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The merge key of a list field, where it is not `name` (Kubernetes' patchMergeKey). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
};

/**
 * Strategic merge as gitops/ needs it: maps merge deeply, lists of keyed items merge by their key
 * (`name`, or the field's own: volumeMounts by mountPath). `$patch` directives are not supported.
 */
export function strategicMerge(base: unknown, patch: unknown, field = ""): unknown {
  const directive = isRecord(patch) ? Object.keys(patch).find((k) => k.startsWith("$")) : undefined;
  if (directive) throw new KustomizeError(`strategic-merge directive ${directive} is not supported here`);
  if (isRecord(base) && isRecord(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? strategicMerge(base[k], v, k) : v;
    return out;
  }
  const key = MERGE_KEYS[field] ?? "name";
  if (
    Array.isArray(base) &&
    Array.isArray(patch) &&
    patch.every((p) => isRecord(p) && typeof p[key] === "string")
  ) {
    // As kustomize (kyaml) orders a merge by key: the patch's items first, in the patch's order,
    // each merged with its base item, then the base items the patch does not name.
    const keyed = (list: unknown[], value: unknown) => list.find((i) => isRecord(i) && i[key] === value);
    const head = patch.map((p) => {
      const match = keyed(base, (p as Record<string, unknown>)[key]);
      return match ? strategicMerge(match, p) : p;
    });
    const tail = base.filter((b) => !(isRecord(b) && keyed(patch, b[key])));
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
        if (rule?.digest) container.image = `${rule.newName ?? name}@${rule.digest}`;
        else if (rule)
          container.image = `${rule.newName ?? name}${rule.newTag ? `:${rule.newTag}` : tag ? `:${tag}` : ""}`;
      }
    }
  }
}

/** A file a kustomization lists: Kustomize stops when it is missing, and so does this. */
function required(read: ReadFile, rel: string): string {
  const text = read(rel);
  if (text === undefined) throw new KustomizeError(`${rel}: listed in a kustomization, but no such file`);
  return text;
}

/** A kustomization.yaml; like Kustomize, one whose every field is empty is refused. */
function readKustomization(dir: string, text: string): KustomizationFile {
  const known = knownDocuments(text);
  const k = ((known?.length === 1 ? known[0] : parse(text)) ?? {}) as Record<string, unknown>;
  const fields = Object.entries(k).filter(([key]) => key !== "apiVersion" && key !== "kind");
  if (!fields.some(([, v]) => v !== null && v !== undefined))
    throw new KustomizeError(
      `${dir}/kustomization.yaml is empty (Kustomize refuses it; a component without patches says patches: [])`,
    );
  return k as KustomizationFile;
}

/** Builds the kustomization in `dir` (relative to the tree root). */
export function build(dir: string, read: ReadFile): K8sObject[] {
  const text = read(path.posix.join(dir, "kustomization.yaml"));
  if (text === undefined) throw new KustomizeError(`no kustomization.yaml in ${dir}`);
  const k = readKustomization(dir, text);
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
  // Kustomize's order within one kustomization: patches, then namespace, labels and images.
  const transform = (objs: K8sObject[], kust: KustomizationFile, base: string) => {
    for (const p of kust.patches ?? []) {
      if (p.path === undefined || p.patch !== undefined || p.target !== undefined)
        throw new KustomizeError(
          `${base}/kustomization.yaml: patch ${JSON.stringify(p)}: only strategic-merge patch files (path:) are supported here`,
        );
      for (const patch of parseDocuments(required(read, path.posix.join(base, p.path)))) {
        const i = objs.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
        if (i < 0)
          throw new KustomizeError(`${base}/${p.path}: matches no ${patch.kind}/${patch.metadata.name}`);
        try {
          objs[i] = strategicMerge(objs[i], patch) as K8sObject;
        } catch (error) {
          throw new KustomizeError(`${base}/${p.path}: ${(error as Error).message}`);
        }
      }
    }
    if (kust.namespace)
      for (const o of objs) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = kust.namespace;
    for (const label of kust.labels ?? [])
      for (const o of objs) o.metadata.labels = { ...o.metadata.labels, ...label.pairs };
    if (kust.images) applyImages(objs, kust.images);
  };
  // As Kustomize does: each component in the order listed (its resources, then its own
  // transformations), then this kustomization's own transformations over everything.
  for (const component of k.components ?? []) {
    const cdir = path.posix.normalize(path.posix.join(dir, component));
    const ck = readKustomization(cdir, required(read, path.posix.join(cdir, "kustomization.yaml")));
    for (const entry of ck.resources ?? [])
      objects.push(...parseDocuments(required(read, path.posix.join(cdir, entry))));
    transform(objects, ck, cdir);
  }
  transform(objects, k, dir);
  objects = objects.map((o) => JSON.parse(JSON.stringify(o)) as K8sObject);
  return objects;
}
