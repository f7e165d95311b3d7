// Readers for the committed gitops/ tree, for kustomize-lite and the cluster manifests.
import * as fs from "fs";
import * as path from "path";
import { sortKeys } from "../../lib/json";
import { ReadFile } from "../../tools/kustomize/kustomize-lite";

export const GITOPS = path.join(__dirname, "..", "..", "gitops");

export const readGitops: ReadFile = (rel) => {
  const full = path.join(GITOPS, rel);
  return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, "utf8") : undefined;
};

/** Order-insensitive form of a list of objects: kustomize sorts, kustomize-lite keeps file order. */
export function canonical(
  objects: readonly { kind: string; metadata: { name: string; namespace?: string } }[],
): string[] {
  return objects.map((o) => JSON.stringify(sortKeys(o))).sort();
}
