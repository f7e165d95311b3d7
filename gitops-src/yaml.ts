// YAML documents from plain objects, in the order written: deterministic, no anchors.
import { stringify } from "yaml";

export type Manifest = Record<string, unknown>;

export function toYaml(...documents: Manifest[]): string {
  return documents.map((d) => stringify(d, { aliasDuplicateObjects: false, lineWidth: 0 })).join("---\n");
}

/** A Kustomize component's kustomization.yaml. */
export function component(spec: Manifest): Manifest {
  return { apiVersion: "kustomize.config.k8s.io/v1alpha1", kind: "Component", ...spec };
}

/** A kustomization.yaml. */
export function kustomization(spec: Manifest): Manifest {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", ...spec };
}
