// Pod pieces every APIM workload shares: the restricted security context (uid 1000, the images'
// user), the init containers that hold a pod until its dependencies answer (start order of the
// reference architecture), the secret and volume mounts, and the environment.
import { WorkloadSizing } from "../../envs/schema";
import { APIM_UID } from "../../lib/naming";
import { APIM_NODE } from "../../lib/node-roles";
import { Manifest } from "../yaml";
import { EVENTS_DIR, LICENSE_DIR } from "./names";

export const POD_SECURITY = {
  runAsNonRoot: true,
  runAsUser: APIM_UID,
  runAsGroup: APIM_UID,
  fsGroup: APIM_UID,
  fsGroupChangePolicy: "OnRootMismatch",
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** k6's image runs as its own user (uid/gid 12345), above the node's id range (K2). */
export const LOAD_TEST_UID = 12345;
export const LOAD_TEST_POD_SECURITY = {
  ...POD_SECURITY,
  runAsUser: LOAD_TEST_UID,
  runAsGroup: LOAD_TEST_UID,
  fsGroup: LOAD_TEST_UID,
} as const;

/** The EMT start scripts copy /merge into the install dir and the gateway writes conf, trace and
 * logs under it: the root filesystem stays writable (exempted from K10 with this reason). */
export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: false,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;

export function containerResources(sizing: WorkloadSizing): Manifest {
  return {
    requests: { ...sizing.resources.requests, "ephemeral-storage": "1Gi" },
    limits: { ...sizing.resources.limits, "ephemeral-storage": "4Gi" },
  };
}

export interface Endpoint {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** Endpoints of which a majority must answer: a Cassandra ring at replication factor 3 serves
 * QUORUM reads and writes with one node down, so a pod need not wait for all three. */
export interface Quorum {
  readonly name: string;
  readonly quorumOf: readonly Endpoint[];
}

// Shell functions of the wait script. No ${...} anywhere: Flux's substitution would read it as
// one of its variables.
const WAIT_FUNCTIONS = [
  `up() { timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }`,
  `each() { while [ $# -gt 0 ]; do until up $1 $2; do echo "waiting for $1:$2"; sleep 5; done; shift 2; done; }`,
  `count() { n=0; while [ $# -gt 0 ]; do if up $1 $2; then n=$((n + 1)); fi; shift 2; done; echo $n; }`,
  `quorum() { need=$1; shift; until [ "$(count "$@")" -ge "$need" ]; do echo "waiting for $need of: $*"; sleep 5; done; }`,
].join("\n");

/**
 * An init container that holds the pod until its dependencies accept TCP connections: every
 * plain endpoint, and a majority of each quorum. It runs with the workload's own image (bash's
 * /dev/tcp): no third-party image enters the cluster.
 */
export function waitFor(image: string, targets: readonly (Endpoint | Quorum)[]): Manifest {
  const pair = (e: Endpoint) => `${e.host} ${e.port}`;
  const steps = targets.map((t) =>
    "quorumOf" in t
      ? `quorum ${Math.floor(t.quorumOf.length / 2) + 1} ${t.quorumOf.map(pair).join(" ")}`
      : `each ${pair(t)}`,
  );
  return {
    name: `wait-for-${targets.map((t) => t.name).join("-")}`,
    image,
    command: ["/bin/bash", "-c"],
    args: [`${WAIT_FUNCTIONS}\n${steps.join("\n")}\n`],
    securityContext: { ...CONTAINER_SECURITY, readOnlyRootFilesystem: true },
    resources: {
      requests: { cpu: "10m", memory: "32Mi", "ephemeral-storage": "16Mi" },
      limits: { memory: "64Mi", "ephemeral-storage": "32Mi" },
    },
  };
}

/** An environment variable read from a Secret: never a literal value in the manifest (K28). */
export function secretEnv(name: string, secret: string, key: string): Manifest {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

export const VOLUMES = {
  events: { name: "events", persistentVolumeClaim: { claimName: "apim-events" } },
  license: { name: "license", secret: { secretName: "apim-license", defaultMode: 0o440 } },
  tmp: { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
} as const;

export const MOUNTS = {
  events: { name: "events", mountPath: EVENTS_DIR },
  license: { name: "license", mountPath: LICENSE_DIR, readOnly: true },
  tmp: { name: "tmp", mountPath: "/tmp" },
} as const;

/** Workers only, never the monitoring group; spread over zones, then over nodes (K8S-7). */
export function placement(podLabels: Record<string, string>, zoneSkewStrict: boolean): Manifest {
  return {
    nodeSelector: { [APIM_NODE.label]: APIM_NODE.value },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: zoneSkewStrict ? "DoNotSchedule" : "ScheduleAnyway",
        labelSelector: { matchLabels: podLabels },
        // A lost zone's nodes stay registered, tainted unreachable: Honor leaves them (and their
        // zone) out of the skew, so replacements schedule in the zones that remain.
        nodeTaintsPolicy: "Honor",
        // Skew per revision: a rollout's new pods spread on their own.
        matchLabelKeys: ["pod-template-hash"],
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: podLabels },
      },
    ],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: "kubernetes.io/hostname",
              labelSelector: { matchLabels: podLabels },
            },
          },
        ],
      },
    },
  };
}
