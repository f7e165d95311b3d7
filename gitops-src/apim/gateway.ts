// APIM-3: one gateway group (apps/apim/groups/<group>/gateway-<group>.yaml): its Deployment,
// Service, HPA, PDB, public ingress and network policy.
import { Manifest } from "../yaml";
import { ingress } from "./ingress";
import { ANM, API_MANAGER, gatewayName, INSTALL_DIR, labels, PORTS } from "./names";
import { IAM_AND_SMTP, networkPolicy, PEERS, TO_DATA_AND_ANM } from "./network";
import { containerResources } from "./pod";
import { GroupSpec } from "./spec";
import {
  cassandraEnv,
  commonEnv,
  deployment,
  ENDPOINTS,
  probe,
  service,
  serviceAccount,
} from "./workload-parts";

/** APIM-3: one gateway Deployment per group, scaled by its HPA (no spec.replicas: K20). */
export function gatewayObjects(group: GroupSpec): Manifest[] {
  const name = gatewayName(group.name);
  const podLabels = labels("gateway", group.name);
  return [
    serviceAccount(name),
    deployment({
      name,
      podLabels,
      image: group.image,
      maxSurge: "25%",
      args: [`${INSTALL_DIR}/posix/bin/start-emt-instance`],
      ports: [
        { name: "https", containerPort: PORTS.traffic },
        { name: "health", containerPort: PORTS.health },
        { name: "management", containerPort: PORTS.management },
      ],
      env: [
        ...commonEnv(group.sizing.heapMb, name),
        { name: "GROUP_ID", value: group.name },
        // APIM-5: only a single-pod dev env lets Policy Studio deploy into the running pod.
        { name: "EMT_DEPLOYMENT_ENABLED", value: String(group.emtDeploymentEnabled) },
        ...cassandraEnv(group.name),
      ],
      probes: {
        startupProbe: probe("http", "health", "/healthcheck", {
          periodSeconds: 10,
          failureThreshold: 60,
          timeoutSeconds: 5,
        }),
        readinessProbe: probe("http", "health", "/healthcheck", {
          periodSeconds: 5,
          failureThreshold: 3,
          timeoutSeconds: 3,
        }),
        livenessProbe: probe("tcp", "https", "", {
          periodSeconds: 30,
          failureThreshold: 3,
          timeoutSeconds: 15,
        }),
      },
      resources: containerResources(group.sizing),
      // ISS-29: gateways start after the API Manager has created the Cassandra schema.
      // Only what serving needs: a gateway that waited for the single ANM or API Manager could not
      // be replaced or scaled out while either restarts. On a first deployment a gateway that
      // starts before the API Manager created the schema restarts until it exists (ISS-29).
      waitFor: [ENDPOINTS.cassandra, ENDPOINTS.mysql],
      zoneSkewStrict: true,
    }),
    service(name, podLabels, PORTS.traffic),
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
        minReplicas: group.minReplicas,
        maxReplicas: group.maxReplicas,
        // K8S-9: average CPU at 75 %.
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 75 } },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      },
    },
    {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name },
      // One pod at a time, never zero: a drain always proceeds (K22).
      spec: {
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: "AlwaysAllow",
        selector: { matchLabels: podLabels },
      },
    },
    ingress({
      name,
      exposure: "public",
      hosts: group.hosts,
      service: name,
      port: PORTS.traffic,
      healthCheck: { path: "/healthcheck", port: PORTS.health, protocol: "HTTP", successCodes: "200" },
    }),
    networkPolicy(
      name,
      podLabels,
      [
        { peers: PEERS.loadBalancers, ports: [PORTS.traffic, PORTS.health] },
        // ANM deploys configuration to and monitors every gateway on its management port.
        { peers: PEERS.pods(labels(ANM)), ports: [PORTS.management] },
        { peers: PEERS.monitoring, ports: [PORTS.traffic] },
      ],
      [
        ...TO_DATA_AND_ANM(labels(ANM)),
        { peers: PEERS.pods(labels(API_MANAGER)), ports: [PORTS.apiManager] },
        IAM_AND_SMTP,
      ],
    ),
  ];
}
