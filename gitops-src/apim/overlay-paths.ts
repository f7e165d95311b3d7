// Where an env's APIM overlays and its team-owned release file are, relative to gitops/: the
// generator, the cluster's Flux Kustomizations and `npm run release` all name them from here.
import * as path from "path";

export const RELEASE_COMPONENT = "release";

/** The env's APIM overlay (the workloads). */
export const apimOverlay = (env: string) => `apps/apim/overlays/${env}`;
/** The env's metrics schema overlay (the Job that runs before the workloads). */
export const schemaOverlay = (env: string) => `apps/apim-schema/overlays/${env}`;
/** The env's release component: the image tags of both overlays. */
export const releaseComponentDir = (env: string) => `${apimOverlay(env)}/${RELEASE_COMPONENT}`;
/** The file `npm run release` edits. */
export const releaseFile = (env: string) => `${releaseComponentDir(env)}/kustomization.yaml`;

/** The release component as the schema overlay lists it (a path relative to that overlay). */
export const schemaReleaseComponent = (env: string) =>
  path.posix.relative(schemaOverlay(env), releaseComponentDir(env));
