// gitops/clusters/<env>: the Flux Kustomizations of one cluster, chained by dependsOn
// infrastructure-controllers -> infrastructure-configs -> apim, each substituting the values only
// Terraform knows from the cluster-vars ConfigMap (written by the platform stack).
import { EnvironmentConfig } from "../envs/schema";
import { OutputFile } from "../tools/output/generated-file";
import { apimOverlay, schemaOverlay } from "./apim/overlay-paths";
import { kustomization, Manifest, toYaml } from "./yaml";

import { CLUSTER_VARS_CONFIG_MAP as CLUSTER_VARS, FLUX_NAMESPACE } from "../lib/cluster-vars";
import { FLUX_SOURCE } from "../lib/flux-charts";

export interface FluxKustomizationSpec {
  readonly name: string;
  readonly path: string;
  readonly dependsOn: readonly string[];
  readonly timeout: string;
}

/** The chain, as data: the report shows it, the generator renders it. */
export function fluxChain(env: EnvironmentConfig): FluxKustomizationSpec[] {
  return [
    {
      name: "infrastructure-controllers",
      path: "./gitops/infrastructure/controllers",
      dependsOn: [],
      timeout: "10m",
    },
    {
      name: "infrastructure-configs",
      path: "./gitops/infrastructure/configs",
      dependsOn: ["infrastructure-controllers"],
      // The monitoring stack's HelmRelease (CRDs, an EBS claim) may take its own 10m on first install.
      timeout: "15m",
    },
    // The metrics schema Job runs to completion before any APIM workload starts (APIM-6).
    {
      name: "apim-schema",
      path: `./gitops/${schemaOverlay(env.name)}`,
      dependsOn: ["infrastructure-configs"],
      timeout: "20m",
    },
    {
      name: "apim",
      path: `./gitops/${apimOverlay(env.name)}`,
      dependsOn: ["apim-schema"],
      timeout: "30m",
    },
  ];
}

/** Minutes of a Flux duration such as "10m" or "1h30m". */
export function durationMinutes(duration: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(duration);
  if (!match || duration === "") throw new Error(`not an hours-and-minutes duration: ${duration}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/**
 * The root Kustomization (flux-system, applying clusters/<env>) waits for the chain it applies:
 * its timeout covers the chain's timeouts in sequence, or it turns not-ready while the chain is
 * still converging.
 */
export function rootTimeout(env: EnvironmentConfig): string {
  const minutes = fluxChain(env).reduce((sum, k) => sum + durationMinutes(k.timeout), 0);
  return `${minutes}m`;
}

function fluxKustomization(spec: FluxKustomizationSpec): Manifest {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: spec.name, namespace: FLUX_NAMESPACE },
    spec: {
      ...(spec.dependsOn.length ? { dependsOn: spec.dependsOn.map((name) => ({ name })) } : {}),
      interval: "10m",
      retryInterval: "1m",
      timeout: spec.timeout,
      sourceRef: { kind: "GitRepository", name: FLUX_SOURCE },
      path: spec.path,
      prune: true,
      wait: true,
      postBuild: { substituteFrom: [{ kind: "ConfigMap", name: CLUSTER_VARS }] },
    },
  };
}

export function clusterFiles(env: EnvironmentConfig): OutputFile[] {
  const dir = `clusters/${env.name}`;
  const [controllers, configs, schema, apim] = fluxChain(env).map(fluxKustomization);
  return [
    { path: `${dir}/infrastructure.yaml`, ownership: "generated", body: toYaml(controllers, configs) },
    { path: `${dir}/apps.yaml`, ownership: "generated", body: toYaml(schema, apim) },
    {
      path: `${dir}/kustomization.yaml`,
      ownership: "generated",
      body: toYaml(
        kustomization({
          resources: ["infrastructure.yaml", "apps.yaml"],
        }),
      ),
    },
  ];
}
