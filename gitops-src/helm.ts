// Flux HelmRepository and HelmRelease objects with the project's defaults: pinned chart, CRDs
// created and replaced, remediation on install and upgrade, drift detection (K32).
import { ChartSource } from "../lib/controllers/controller";
import { FLUX_NAMESPACE } from "../lib/cluster-vars";
import { Manifest } from "./yaml";

export function helmRepository(source: ChartSource): Manifest {
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "HelmRepository",
    metadata: { name: source.repository, namespace: FLUX_NAMESPACE },
    spec: { interval: "12h", url: source.url },
  };
}

export interface ReleaseSpec {
  readonly name: string;
  readonly namespace: string;
  readonly source: ChartSource;
  readonly values: Manifest;
  readonly dependsOn?: readonly { name: string; namespace: string }[];
}

export function helmRelease(spec: ReleaseSpec): Manifest {
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name: spec.name, namespace: spec.namespace },
    spec: {
      interval: "30m",
      timeout: "10m",
      ...(spec.dependsOn?.length ? { dependsOn: spec.dependsOn } : {}),
      chart: {
        spec: {
          chart: spec.source.chart,
          version: spec.source.version,
          sourceRef: { kind: "HelmRepository", name: spec.source.repository, namespace: FLUX_NAMESPACE },
          interval: "12h",
        },
      },
      install: { crds: "CreateReplace", remediation: { retries: 3 } },
      upgrade: {
        crds: "CreateReplace",
        cleanupOnFail: true,
        remediation: { retries: 3, remediateLastFailure: true },
      },
      driftDetection: { mode: "enabled" },
      values: spec.values,
    },
  };
}
