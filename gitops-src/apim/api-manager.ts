// APIM-2: the API Manager UI (apps/apim/base/api-manager.yaml): one replica on its group's image,
// sticky sessions, internal only, with its Service, ingress and network policy.
import { Manifest } from "../yaml";
import { ingress } from "./ingress";
import { ANM, API_MANAGER, INSTALL_DIR, labels, PORTS } from "./names";
import { IAM_AND_SMTP, networkPolicy, PEERS, TO_DATA_AND_ANM } from "./network";
import { containerResources } from "./pod";
import { ApimSpec, HOSTS } from "./spec";
import {
  cassandraEnv,
  commonEnv,
  deployment,
  ENDPOINTS,
  GATEWAY_PODS,
  METRICS_DB_ENV,
  service,
  serviceAccount,
  uiProbes,
} from "./workload-parts";

/** APIM-2: one API Manager UI on its group's image, sticky sessions, internal only. */
export function apiManagerObjects(spec: ApimSpec): Manifest[] {
  const podLabels = labels(API_MANAGER);
  return [
    serviceAccount(API_MANAGER),
    deployment({
      name: API_MANAGER,
      podLabels,
      image: spec.apiManager.image,
      replicas: 1,
      maxSurge: 0,
      args: [`${INSTALL_DIR}/posix/bin/start-emt-instance`],
      // An instance of its group's gateway: ANM manages it on the management port too.
      ports: [
        { name: "https", containerPort: PORTS.apiManager },
        { name: "management", containerPort: PORTS.management },
      ],
      env: [
        ...commonEnv(spec.apiManager.sizing.heapMb, API_MANAGER),
        { name: "GROUP_ID", value: spec.apiManager.group },
        { name: "EMT_DEPLOYMENT_ENABLED", value: "false" },
        ...cassandraEnv(spec.apiManager.group),
        ...METRICS_DB_ENV,
      ],
      // First start creates the Cassandra schema: allow ten minutes.
      probes: uiProbes("/", 10),
      resources: containerResources(spec.apiManager.sizing),
      waitFor: [ENDPOINTS.cassandra, ENDPOINTS.mysql, ENDPOINTS.anm],
      zoneSkewStrict: false,
    }),
    service(API_MANAGER, podLabels, PORTS.apiManager),
    ingress({
      name: API_MANAGER,
      exposure: "internal",
      hosts: [HOSTS.apiManager],
      service: API_MANAGER,
      port: PORTS.apiManager,
      healthCheck: { path: "/", protocol: "HTTPS", successCodes: "200,302" },
      stickySeconds: 43200,
    }),
    networkPolicy(
      API_MANAGER,
      podLabels,
      [
        { peers: PEERS.loadBalancers, ports: [PORTS.apiManager] },
        { peers: GATEWAY_PODS, ports: [PORTS.apiManager] },
        { peers: PEERS.pods(labels(ANM)), ports: [PORTS.management] },
        { peers: PEERS.monitoring, ports: [PORTS.apiManager] },
      ],
      [...TO_DATA_AND_ANM(labels(ANM)), IAM_AND_SMTP],
    ),
  ];
}
