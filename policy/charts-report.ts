// The pinned charts section of the conformance report: each HelmRelease's chart and version, and
// what the chart-values proof checks against the chart's own files.
import { EnvironmentConfig } from "../envs/schema";
import { CONTROLLERS } from "../lib/controllers";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../lib/controllers/cluster-autoscaler";
import { installedByFlux } from "../lib/controllers/controller";

export function chartsSection(env: EnvironmentConfig): string[] {
  return [
    "Every HelmRelease's values are validated against the pinned chart's values.schema.json (where it ships",
    "one), every key set must exist in its values.yaml, and each image we set must be of the chart's app",
    "version line (test/chart-values.test.ts, over the charts' files kept with their provenance).",
    "",
    "| Chart | Version | Repository | Image we set |",
    "|---|---|---|---|",
    ...CONTROLLERS.filter(installedByFlux).map(({ install: { chart: c } }) => {
      const image =
        c.chart === "cluster-autoscaler"
          ? `${CLUSTER_AUTOSCALER_IMAGE_TAGS[env.kubernetes.version as keyof typeof CLUSTER_AUTOSCALER_IMAGE_TAGS]} (Kubernetes ${env.kubernetes.version})`
          : "the chart's own";
      return `| ${c.chart} | ${c.version} | ${c.url} | ${image} |`;
    }),
  ];
}
