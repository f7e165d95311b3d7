// Helm charts of the in-cluster controllers, pinned (K32). Flux installs them from these
// repositories; bump a version here, run synth, and review the HelmRelease diff.
export interface ChartSource {
  readonly repository: string;
  readonly url: string;
  readonly chart: string;
  readonly version: string;
}

export const CONTROLLER_CHARTS = {
  awsLoadBalancerController: {
    repository: "eks",
    url: "https://aws.github.io/eks-charts",
    chart: "aws-load-balancer-controller",
    version: "1.13.0",
  },
  externalSecrets: {
    repository: "external-secrets",
    url: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "0.19.0",
  },
  externalDns: {
    repository: "external-dns",
    url: "https://kubernetes-sigs.github.io/external-dns/",
    chart: "external-dns",
    // 1.16.1, not 1.16.0: 1.16.0's values.schema.json types serviceAccount.name as null, so Helm
    // refuses any name we give. Same app version (v0.16.1).
    version: "1.16.1",
  },
  clusterAutoscaler: {
    repository: "autoscaler",
    url: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    // The last chart of the 1.33 line (appVersion 1.33.0): chart and image must be of one minor
    // line (the ClusterRole grants what that release watches; 9.37.0, of 1.30, lacked
    // volumeattachments). CLUSTER_AUTOSCALER_IMAGE_TAGS[<the envs' Kubernetes version>] must be of
    // this line too (test/chart-values.test.ts).
    version: "9.51.0",
  },
  metricsServer: {
    repository: "metrics-server",
    url: "https://kubernetes-sigs.github.io/metrics-server/",
    chart: "metrics-server",
    version: "3.13.0",
  },
  fluentBit: {
    repository: "fluent",
    url: "https://fluent.github.io/helm-charts",
    chart: "fluent-bit",
    // Fluent Bit 3.2.10: the first 3.2 release with EKS Pod Identity credentials (fluent-bit#10114).
    version: "0.48.10",
  },
  kubePrometheusStack: {
    repository: "prometheus-community",
    url: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "77.5.0",
  },
} as const satisfies Record<string, ChartSource>;

/**
 * Cluster Autoscaler's image follows the cluster's minor version, and the chart's appVersion must
 * be of the same line: moving an env to another minor means a chart of that line too.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS = {
  "1.32": "v1.32.0",
  "1.33": "v1.33.0",
  "1.34": "v1.34.0",
} as const;
