// What every APIM workload is built from (K8S-5..14, SEC-5): its ServiceAccount, Service, probes,
// environment and Deployment, the endpoints its init checks wait for (ports from names.ts), and
// the names of the runtime ConfigMap and the shared claims its pods mount.
import { groupKeyspaces } from "../../lib/cassandra-keyspaces";
import { Manifest } from "../yaml";
import { ANM, API_MANAGER, DATA_HOSTS, INSTALL_DIR, PORTS } from "./names";
import {
  CONTAINER_SECURITY,
  Endpoint,
  MOUNTS,
  placement,
  Quorum,
  POD_SECURITY,
  secretEnv,
  VOLUMES,
  waitFor,
} from "./pod";

export const RUNTIME_CONFIG = "apim-runtime";
export const EVENTS_CLAIM = "apim-events";
export const AUDIT_CLAIM = "apim-audit";

// Every APIM pod mounts the events, audit and license volumes (and a tmp of its own).
const AUDIT_VOLUME = { name: "audit", persistentVolumeClaim: { claimName: AUDIT_CLAIM } };
const AUDIT_MOUNT = { name: "audit", mountPath: `${INSTALL_DIR}/logs/audit` };

export const ENDPOINTS = {
  mysql: { name: "mysql", host: DATA_HOSTS.mysql, port: PORTS.mysql },
  // A majority of the ring, not all of it: RF 3 with QUORUM survives one node (or zone) down.
  // The reference architecture waits for every node; a lost zone would then block every new pod.
  cassandra: {
    name: "cassandra-quorum",
    quorumOf: DATA_HOSTS.cassandra.map((host, i) => ({ name: `cassandra${i}`, host, port: PORTS.cassandra })),
  },
  anm: { name: "anm", host: ANM, port: PORTS.anm },
  apiManager: { name: "api-manager", host: API_MANAGER, port: PORTS.apiManager },
} satisfies Record<string, Endpoint | Quorum>;

export function serviceAccount(name: string): Manifest {
  // No APIM component calls the Kubernetes API (K27).
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name },
    automountServiceAccountToken: false,
  };
}

export function service(name: string, podLabels: Record<string, string>, port: number): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels: podLabels },
    spec: {
      type: "ClusterIP",
      selector: podLabels,
      ports: [{ name: "https", port, targetPort: "https", protocol: "TCP" }],
    },
  };
}

export function probe(
  kind: "https" | "http" | "tcp",
  port: number | string,
  path: string,
  timing: Record<string, number>,
): Manifest {
  const action =
    kind === "tcp"
      ? { tcpSocket: { port } }
      : {
          httpGet: {
            path,
            port,
            scheme: kind.toUpperCase(),
            httpHeaders: [{ name: "k8sprobe", value: "kubelet" }],
          },
        };
  return { ...action, ...timing };
}

/** Probes of a web UI on its HTTPS port: a startup window for the first start, then readiness
 * every 10 s and a slower liveness check (different from readiness, K16). */
export function uiProbes(path: string, startupMinutes: number): DeploymentSpec["probes"] {
  return {
    startupProbe: probe("https", "https", path, {
      periodSeconds: 10,
      failureThreshold: startupMinutes * 6,
      timeoutSeconds: 5,
    }),
    readinessProbe: probe("https", "https", path, {
      periodSeconds: 10,
      failureThreshold: 3,
      timeoutSeconds: 5,
    }),
    livenessProbe: probe("https", "https", path, {
      periodSeconds: 60,
      failureThreshold: 3,
      timeoutSeconds: 15,
    }),
  };
}

/** Environment common to every APIM container: the runtime ConfigMap, plus who this pod is. */
export function commonEnv(heapMb: number, parentHost: string): Manifest[] {
  return [
    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    { name: "EMT_HEAP_SIZE_MB", value: String(heapMb) },
    { name: "EMT_PARENT_HOST", value: parentHost },
    // Audit logs on the shared audit volume, one file per pod (LOG-1).
    { name: "APIGW_AUDIT_LOG_DIR", value: `${INSTALL_DIR}/logs/audit` },
    { name: "APIGW_AUDIT_LOG_NAME", value: "audit-$(POD_NAME).log" },
  ];
}

export const METRICS_DB_ENV = [
  secretEnv("METRICS_DB_USERNAME", "metrics-db", "username"),
  secretEnv("METRICS_DB_PASS", "metrics-db", "password"),
];
/** Cassandra credentials, and the keyspaces of the gateway group the instance belongs to. */
export const cassandraEnv = (group: string): Manifest[] => [
  secretEnv("CASS_USERNAME", "cassandra-app", "username"),
  secretEnv("CASS_PASS", "cassandra-app", "password"),
  { name: "CASS_KEYSPACE", value: groupKeyspaces(group).keyspace },
  { name: "CASS_TKEYSPACE", value: groupKeyspaces(group).throttling },
];

interface DeploymentSpec {
  readonly name: string;
  readonly podLabels: Record<string, string>;
  readonly image: string;
  readonly replicas?: number;
  readonly maxSurge: string | number;
  readonly env: Manifest[];
  readonly ports: { name: string; containerPort: number }[];
  readonly probes: { startupProbe: Manifest; readinessProbe: Manifest; livenessProbe: Manifest };
  readonly resources: Manifest;
  readonly waitFor: (Endpoint | Quorum)[];
  readonly args: string[];
  readonly zoneSkewStrict: boolean;
}

export function deployment(spec: DeploymentSpec): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: spec.name, labels: spec.podLabels },
    spec: {
      ...(spec.replicas !== undefined ? { replicas: spec.replicas } : {}),
      revisionHistoryLimit: 5,
      selector: { matchLabels: spec.podLabels },
      // K8S-14: one pod at a time, a quarter more during a rollout.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: spec.maxSurge } },
      template: {
        metadata: { labels: spec.podLabels },
        spec: {
          serviceAccountName: spec.name,
          automountServiceAccountToken: false,
          securityContext: POD_SECURITY,
          // The ALB drains a target for 30 s (ingress.ts): the pod keeps serving through it.
          terminationGracePeriodSeconds: 75,
          ...placement(spec.podLabels, spec.zoneSkewStrict),
          initContainers: [waitFor(spec.image, spec.waitFor)],
          containers: [
            {
              name: spec.name,
              image: spec.image,
              imagePullPolicy: "IfNotPresent",
              args: spec.args,
              ports: spec.ports.map((p) => ({ ...p, protocol: "TCP" })),
              envFrom: [{ configMapRef: { name: RUNTIME_CONFIG } }],
              env: spec.env,
              resources: spec.resources,
              securityContext: CONTAINER_SECURITY,
              ...spec.probes,
              // Let the load balancer deregister the pod before it stops taking traffic.
              lifecycle: { preStop: { exec: { command: ["/bin/sleep", "35"] } } },
              volumeMounts: [MOUNTS.events, AUDIT_MOUNT, MOUNTS.license, MOUNTS.tmp],
            },
          ],
          volumes: [VOLUMES.events, AUDIT_VOLUME, VOLUMES.license, VOLUMES.tmp],
        },
      },
    },
  };
}

/** The gateways of every group. */
export const GATEWAY_PODS = [
  { podSelector: { matchExpressions: [{ key: "apim.axway.com/gateway-group", operator: "Exists" }] } },
];
