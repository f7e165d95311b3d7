// APIM-1: the Admin Node Manager (apps/apim/base/admin-node-manager.yaml): one replica, internal
// only, with its Service, ingress and network policy.
import { Manifest } from "../yaml";
import { ingress } from "./ingress";
import { ANM, API_MANAGER, INSTALL_DIR, labels, PORTS } from "./names";
import { networkPolicy, PEERS } from "./network";
import { containerResources } from "./pod";
import { ApimSpec, HOSTS } from "./spec";
import {
  commonEnv,
  deployment,
  ENDPOINTS,
  GATEWAY_PODS,
  METRICS_DB_ENV,
  service,
  serviceAccount,
  uiProbes,
} from "./workload-parts";

/** APIM-1: one ANM, internal only, writes metrics from the shared events volume to MySQL. */
export function anmObjects(spec: ApimSpec): Manifest[] {
  const podLabels = labels(ANM);
  return [
    serviceAccount(ANM),
    deployment({
      name: ANM,
      podLabels,
      image: spec.anm.image,
      // Exactly one: with two, gateways register with either and each ANM sees half the topology.
      replicas: 1,
      maxSurge: 0,
      args: [`${INSTALL_DIR}/posix/bin/start-emt-nodemanager`],
      ports: [{ name: "https", containerPort: PORTS.anm }],
      env: [...commonEnv(spec.anm.sizing.heapMb, ANM), ...METRICS_DB_ENV],
      probes: uiProbes("/login", 5),
      resources: containerResources(spec.anm.sizing),
      waitFor: [ENDPOINTS.mysql],
      zoneSkewStrict: false,
    }),
    service(ANM, podLabels, PORTS.anm),
    ingress({
      name: ANM,
      exposure: "internal",
      hosts: [HOSTS.anm],
      service: ANM,
      port: PORTS.anm,
      healthCheck: { path: "/login", protocol: "HTTPS", successCodes: "200,302" },
    }),
    networkPolicy(
      ANM,
      podLabels,
      [
        { peers: PEERS.loadBalancers, ports: [PORTS.anm] },
        {
          peers: [...PEERS.pods(labels(API_MANAGER)), ...GATEWAY_PODS],
          ports: [PORTS.anm],
        },
        { peers: PEERS.monitoring, ports: [PORTS.anm] },
      ],
      [
        { peers: PEERS.dataServices, ports: [PORTS.mysql] },
        { peers: [...GATEWAY_PODS, ...PEERS.pods(labels(API_MANAGER))], ports: [PORTS.management] },
      ],
    ),
  ];
}
