// metrics-server: the resource metrics API (kubectl top, autoscalers). Installed by Flux into
// kube-system; it needs no AWS access.
import { FluxController, resources, RESTRICTED_CONTAINER } from "./controller";

export const METRICS_SERVER: FluxController = {
  name: "metrics-server",
  namespace: "kube-system",
  install: {
    by: "flux",
    chart: {
      repository: "metrics-server",
      url: "https://kubernetes-sigs.github.io/metrics-server/",
      chart: "metrics-server",
      version: "3.13.0",
    },
    values: () => ({
      replicas: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      resources: resources("50m", "64Mi", "128Mi"),
      securityContext: RESTRICTED_CONTAINER,
    }),
  },
};
