// kube-prometheus-stack: the Prometheus operator with Prometheus, Alertmanager, Grafana,
// kube-state-metrics and node-exporter (GEN-5). Flux installs its chart; its HelmRelease is applied
// with infrastructure/configs, as it needs the gp3 storage class and the Grafana admin Secret
// (synced by External Secrets) that configs create. Its namespace must be privileged for
// node-exporter. It needs no AWS access.
import { GP3_STORAGE_CLASS } from "../naming";
import { MONITORING_NODE } from "../node-roles";
import { FluxController, resources } from "./controller";

/** The Secret (synced from Secrets Manager by configs) holding Grafana's admin credentials. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";

const ON_MONITORING_NODES = {
  nodeSelector: { [MONITORING_NODE.label]: MONITORING_NODE.value },
  tolerations: [
    { key: MONITORING_NODE.label, operator: "Equal", value: MONITORING_NODE.value, effect: "NoSchedule" },
  ],
};

export const KUBE_PROMETHEUS_STACK: FluxController = {
  name: "kube-prometheus-stack",
  namespace: "monitoring",
  podSecurity: {
    level: "privileged",
    reason: "node-exporter reads node metrics with the host's PID and network namespaces",
  },
  install: {
    by: "flux",
    chart: {
      repository: "prometheus-community",
      url: "https://prometheus-community.github.io/helm-charts",
      chart: "kube-prometheus-stack",
      version: "77.5.0",
    },
    releasedIn: "configs",
    values: () => ({
      // Monitoring runs on its own node group only (GEN-5); node-exporter runs everywhere.
      prometheusOperator: { ...ON_MONITORING_NODES, resources: resources("100m", "128Mi", "256Mi") },
      prometheus: {
        prometheusSpec: {
          ...ON_MONITORING_NODES,
          retention: "15d",
          resources: resources("500m", "2Gi", "4Gi"),
          // Scrape the ServiceMonitors of every namespace, the APIM one included.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          storageSpec: {
            volumeClaimTemplate: {
              spec: {
                storageClassName: GP3_STORAGE_CLASS,
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: "50Gi" } },
              },
            },
          },
        },
      },
      alertmanager: {
        alertmanagerSpec: { ...ON_MONITORING_NODES, resources: resources("50m", "64Mi", "128Mi") },
      },
      grafana: {
        ...ON_MONITORING_NODES,
        admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "username", passwordKey: "password" },
        resources: resources("100m", "256Mi", "512Mi"),
      },
      "kube-state-metrics": { ...ON_MONITORING_NODES, resources: resources("50m", "128Mi", "256Mi") },
      "prometheus-node-exporter": {
        tolerations: [{ operator: "Exists" }],
        resources: resources("20m", "32Mi", "64Mi"),
      },
    }),
  },
};
