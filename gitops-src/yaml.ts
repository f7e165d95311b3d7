// YAML documents from plain objects, in the order written: deterministic, no anchors.
import { stringify } from "yaml";
import { rememberDocuments } from "../lib/yaml-known-documents";

export type Manifest = Record<string, unknown>;

export function toYaml(...documents: Manifest[]): string {
  const text = documents
    .map((d) => stringify(d, { aliasDuplicateObjects: false, lineWidth: 0 }))
    .join("---\n");
  // A manifest build of this process reads it back without parsing (lib/yaml-known-documents.ts).
  rememberDocuments(text, documents);
  return text;
}

/** A Kustomize component's kustomization.yaml. */
export function component(spec: Manifest): Manifest {
  return { apiVersion: "kustomize.config.k8s.io/v1alpha1", kind: "Component", ...spec };
}

/** A kustomization.yaml. */
export function kustomization(spec: Manifest): Manifest {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...spec };
}
