// The APIM workloads as the seed's pod tables describe them (APIM-1..6, K8S-5..14, SEC-5):
// ANM (1 replica, internal), the API Manager UI (1 replica, sticky, internal) and one gateway
// Deployment per group (autoscaled, public), each with its Service, probes on every serving
// port, start-order init checks, exactly its secrets, its network policy and its ingress.
import { groupKeyspaces } from "../../lib/cassandra-keyspaces";
import { Manifest } from "../yaml";
import { ingress } from "./ingress";
import { ANM, API_MANAGER, DATA_HOSTS, gatewayName, INSTALL_DIR, labels, PORTS } from "./names";
import { IAM_AND_SMTP, networkPolicy, PEERS, TO_DATA_AND_ANM } from "./network";
import {
  CONTAINER_SECURITY,
  containerResources,
  Endpoint,
  MOUNTS,
  placement,
  Quorum,
  POD_SECURITY,
  secretEnv,
  VOLUMES,
  waitFor,
} from "./pod";
import { ApimSpec, GroupSpec, HOSTS } from "./spec";

export const RUNTIME_CONFIG = "apim-runtime";
export const EVENTS_CLAIM = "apim-events";
export const AUDIT_CLAIM = "apim-audit";

const ENDPOINTS = {
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

function serviceAccount(name: string): Manifest {
  // No APIM component calls the Kubernetes API (K27).
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name },
    automountServiceAccountToken: false,
  };
}

function service(name: string, podLabels: Record<string, string>, port: number): Manifest {
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

function probe(
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
function uiProbes(path: string, startupMinutes: number): DeploymentSpec["probes"] {
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
function commonEnv(heapMb: number, parentHost: string): Manifest[] {
  return [
    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    { name: "EMT_HEAP_SIZE_MB", value: String(heapMb) },
    { name: "EMT_PARENT_HOST", value: parentHost },
    // Audit logs on the shared audit volume, one file per pod (LOG-1).
    { name: "APIGW_AUDIT_LOG_DIR", value: `${INSTALL_DIR}/logs/audit` },
    { name: "APIGW_AUDIT_LOG_NAME", value: "audit-$(POD_NAME).log" },
  ];
}

const METRICS_DB_ENV = [
  secretEnv("METRICS_DB_USERNAME", "metrics-db", "username"),
  secretEnv("METRICS_DB_PASS", "metrics-db", "password"),
];
/** Cassandra credentials, and the keyspaces of the gateway group the instance belongs to. */
const cassandraEnv = (group: string): Manifest[] => [
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
  readonly volumes: Manifest[];
  readonly mounts: Manifest[];
  readonly args: string[];
  readonly zoneSkewStrict: boolean;
}

function deployment(spec: DeploymentSpec): Manifest {
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
              volumeMounts: [...spec.mounts, MOUNTS.tmp],
            },
          ],
          volumes: [...spec.volumes, VOLUMES.tmp],
        },
      },
    },
  };
}

/** The gateways of every group. */
const GATEWAY_PODS = [
  { podSelector: { matchExpressions: [{ key: "apim.axway.com/gateway-group", operator: "Exists" }] } },
];

const AUDIT_VOLUME = { name: "audit", persistentVolumeClaim: { claimName: AUDIT_CLAIM } };
const AUDIT_MOUNT = { name: "audit", mountPath: `${INSTALL_DIR}/logs/audit` };

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
      volumes: [VOLUMES.events, AUDIT_VOLUME, VOLUMES.license],
      mounts: [MOUNTS.events, AUDIT_MOUNT, MOUNTS.license],
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
      volumes: [VOLUMES.events, AUDIT_VOLUME, VOLUMES.license],
      mounts: [MOUNTS.events, AUDIT_MOUNT, MOUNTS.license],
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
      volumes: [VOLUMES.events, AUDIT_VOLUME, VOLUMES.license],
      mounts: [MOUNTS.events, AUDIT_MOUNT, MOUNTS.license],
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

/** The runtime settings every APIM container reads (EMT variables, data services by stable name). */
export function runtimeConfig(spec: ApimSpec): Manifest {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: RUNTIME_CONFIG },
    data: {
      ACCEPT_GENERAL_CONDITIONS: "yes",
      EMT_TRACE_LEVEL: spec.traceLevel,
      EMT_ANM_HOSTS: `${ANM}:${PORTS.anm}`,
      // JSON trace and open-traffic events on stdout, shipped by Fluent Bit (LOG-1).
      APIGW_LOG_TRACE_JSON_TO_STDOUT: "true",
      APIGW_LOG_TRACE_TO_FILE: "false",
      APIGW_LOG_OPENTRAFFIC_OUTPUT: "stdout",
      // TLS required by the server; to verify its certificate too, add the RDS CA to the image's truststore.
      METRICS_DB_URL: `jdbc:mysql://${DATA_HOSTS.mysql}:${PORTS.mysql}/metrics?sslMode=REQUIRED`,
      // The factory API Manager configuration's one contact point: the ring's name, which
      // resolves to every node, so it survives a node down (lib/image-contract.ts).
      CASS_HOST: DATA_HOSTS.cassandraRing,
      CASS_HOST1: DATA_HOSTS.cassandra[0],
      CASS_HOST2: DATA_HOSTS.cassandra[1],
      CASS_HOST3: DATA_HOSTS.cassandra[2],
      CASS_PORT: String(PORTS.cassandra),
    },
  };
}
