// NetworkPolicies of the APIM pods (K8S-3): on top of the namespace's default deny and DNS egress,
// each workload gets exactly the flows it needs: the load balancers to its serving ports, the
// pods it talks to, the data services, monitoring probes, and the egress its product features use.
import { Manifest } from "../yaml";
import { PORTS } from "./names";

type Peer = Record<string, unknown>;
export interface Rule {
  readonly peers: readonly Peer[];
  readonly ports: readonly number[];
}

const cidrs = (prefix: "FRONTEND" | "DATA"): Peer[] =>
  ["A", "B", "C"].map((zone) => ({ ipBlock: { cidr: `\${${prefix}_CIDR_${zone}}` } }));

export const PEERS = {
  /** The ALBs' addresses: target type ip sends from the frontend subnets. */
  loadBalancers: cidrs("FRONTEND"),
  dataServices: cidrs("DATA"),
  monitoring: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
  /** Backends, identity providers and SMTP relays live anywhere outside the cluster. */
  outside: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
  pods: (labels: Record<string, string>): Peer[] => [{ podSelector: { matchLabels: labels } }],
};

const tcp = (ports: readonly number[]) => ports.map((port) => ({ protocol: "TCP", port }));

export function networkPolicy(
  name: string,
  podLabels: Record<string, string>,
  ingress: Rule[],
  egress: Rule[],
): Manifest {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name },
    spec: {
      podSelector: { matchLabels: podLabels },
      policyTypes: ["Ingress", "Egress"],
      ingress: ingress.map((r) => ({ from: r.peers, ports: tcp(r.ports) })),
      egress: egress.map((r) => ({ to: r.peers, ports: tcp(r.ports) })),
    },
  };
}

/** Egress every API Manager and gateway pod needs: Cassandra, MySQL, ANM. */
export const TO_DATA_AND_ANM = (anmLabels: Record<string, string>): Rule[] => [
  { peers: PEERS.dataServices, ports: [PORTS.cassandra, PORTS.mysql] },
  { peers: PEERS.pods(anmLabels), ports: [PORTS.anm] },
];

/** The seed's IAM and SMTP egress flows. */
export const IAM_AND_SMTP: Rule = { peers: PEERS.outside, ports: [443, 465, 587] };
