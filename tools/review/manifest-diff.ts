// What a change does to the objects Flux applies to each env's cluster: objects added, removed,
// and the fields that changed.
import { valueAt } from "../../lib/json";
import { K8sObject } from "../kustomize/kustomize-lite";
import { changedPaths } from "./terraform-diff";

export interface ObjectChange {
  readonly env: string;
  readonly object: string; // "Kind/namespace/name"
  readonly kind: "added" | "removed" | "changed";
  readonly paths: string[];
  /** A claim or namespace removed: Flux prunes it unless pruning is disabled on it. */
  readonly destructive?: string;
  /** Each changed image field with its old and new value (a release shows as its tags). */
  readonly images?: { path: string; before: string; after: string }[];
}

const id = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? "-"}/${o.metadata.name}`;

export function diffManifests(
  env: string,
  before: readonly K8sObject[],
  after: readonly K8sObject[],
): ObjectChange[] {
  const a = new Map(before.map((o) => [id(o), o]));
  const b = new Map(after.map((o) => [id(o), o]));
  return [...new Set([...a.keys(), ...b.keys()])].sort().flatMap((key): ObjectChange[] => {
    const old = a.get(key);
    const now = b.get(key);
    if (old && !now) {
      const keeps = old.metadata.annotations?.["kustomize.toolkit.fluxcd.io/prune"] === "disabled";
      const holdsData = ["PersistentVolumeClaim", "Namespace"].includes(old.kind);
      return [
        {
          env,
          object: key,
          kind: "removed",
          paths: [],
          destructive: holdsData && !keeps ? `${key} would be pruned with its data` : undefined,
        },
      ];
    }
    if (!old && now) return [{ env, object: key, kind: "added", paths: [] }];
    const paths = changedPaths(old, now);
    const images = paths
      .filter((p) => p.endsWith(".image"))
      .map((p) => ({ path: p, before: String(valueAt(old, p)), after: String(valueAt(now, p)) }));
    return paths.length
      ? [{ env, object: key, kind: "changed", paths, ...(images.length ? { images } : {}) }]
      : [];
  });
}
