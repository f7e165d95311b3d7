// Flux, installed by the platform stack from the community charts (pinned), and the Git source
// that syncs gitops/clusters/<env>. flux2-sync renders the GitRepository and Kustomization with
// Helm, so Terraform never plans CRD objects before their CRDs exist.
export const FLUX_HELM_REPOSITORY = "https://fluxcd-community.github.io/helm-charts";
export const FLUX_CHART = { name: "flux2", version: "2.16.1" } as const;
export const FLUX_SYNC_CHART = { name: "flux2-sync", version: "1.13.1" } as const;
/** Name of the GitRepository (and its credentials Secret) every cluster Kustomization reads. */
export const FLUX_SOURCE = "flux-system";
