// The pinned charts section of the conformance report: each HelmRelease's chart and version, and
// what the chart-values proof checks against the chart's own files.
import { EnvironmentConfig } from "../envs/schema";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS, CONTROLLER_CHARTS } from "../lib/controller-charts";

export function chartsSection(env: EnvironmentConfig): string[] {
  return [
    "Every HelmRelease's values are validated against the pinned chart's values.schema.json (where it ships",
    "one), every key set must exist in its values.yaml, and each image we set must be of the chart's app",
    "version line (test/chart-values.test.ts, over the charts' files kept with their provenance).",
    "",
    "| Chart | Version | Repository | Image we set |",
    "|---|---|---|---|",
    ...Object.values(CONTROLLER_CHARTS).map((c) => {
      const image =
        c.chart === "cluster-autoscaler"
          ? `${CLUSTER_AUTOSCALER_IMAGE_TAGS[env.kubernetes.version as keyof typeof CLUSTER_AUTOSCALER_IMAGE_TAGS]} (Kubernetes ${env.kubernetes.version})`
          : "the chart's own";
      return `| ${c.chart} | ${c.version} | ${c.url} | ${image} |`;
    }),
  ];
}
