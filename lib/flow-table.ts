// The firewall as data (NET-2, NET-3). The seed's flow table (ids 1a, 1b, 2-9, IAM and SMTP
// egress), adapted where EKS and the ALB change the mechanics, plus the flows EKS, Cassandra, EFS
// and the VPC endpoints need, each with its reason. One security group per tier is generated
// from these rows (modules/flow-table-firewall.ts); a test proves rules and rows match both ways.
import { APIM_PORTS } from "./apim-ports";
import { SUBNET_TIERS } from "./subnet-plan";

/**
 * Tiers that own a security group: the five subnet tiers, the VPC endpoints' interfaces, and the
 * internal load balancer, which has a group of its own: the load balancer controller ignores
 * `inbound-cidrs` once `security-groups` is set, so its allowlist must live in its group.
 */
export const FIREWALL_TIERS = [...SUBNET_TIERS, "vpcEndpoints", "internalAlb"] as const;
export type FirewallTier = (typeof FIREWALL_TIERS)[number];

/** Peers outside the VPC's security groups. */
export type ExternalPeer =
  | "internet" // 0.0.0.0/0 through the NAT gateways or the internet gateway
  | "adminNetwork" // the env's admin CIDR allowlist
  | "vpcResolver"; // the Amazon DNS resolver at the VPC base address + 2

export type Peer = FirewallTier | ExternalPeer;
export type PortRange = number | readonly [number, number];

export interface Flow {
  readonly id: string;
  readonly description: string;
  readonly from: Peer;
  readonly to: Peer;
  readonly protocol: "tcp" | "udp";
  readonly ports: readonly PortRange[];
  /** seed: the reference architecture's table; eks / project: added here, with `reason`. */
  readonly origin: "seed" | "eks" | "project";
  readonly reason?: string;
  /** Generated only when the env opts in. */
  readonly optIn?: "bastionSsh";
}

/** APIM container ports the ALBs reach directly (target type ip): the gateways on the public ALB;
 * API Manager and ANM on the internal one. */
export const PUBLIC_SERVING_PORTS = [APIM_PORTS.traffic] as const;
export const INTERNAL_SERVING_PORTS = [APIM_PORTS.apiManager, APIM_PORTS.anm] as const;
const WEBHOOK_PORTS: PortRange[] = [443, 4443, 6443, 8443, 9443, 10250];

export const FLOWS: readonly Flow[] = [
  // --- the seed's table ---
  {
    id: "iam-egress",
    description: "external identity access management",
    from: "workers",
    to: "internet",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
  },
  {
    id: "smtp-egress",
    description: "mail to the SMTP relay",
    from: "workers",
    to: "internet",
    protocol: "tcp",
    ports: [465, 587],
    origin: "seed",
  },
  {
    id: "1a",
    description: "consumers to the load balancer",
    from: "internet",
    to: "frontend",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
  },
  {
    id: "1b",
    description: "load balancer to the APIM pods",
    from: "frontend",
    to: "workers",
    protocol: "tcp",
    ports: [...PUBLIC_SERVING_PORTS],
    origin: "seed",
    reason:
      "the public ALB targets the gateway pods' IPs on their HTTPS container port (target type ip); the seed's 443 was an in-cluster ingress controller",
  },
  {
    id: "1b-internal",
    description: "internal load balancer to the ANM and API Manager pods",
    from: "internalAlb",
    to: "workers",
    protocol: "tcp",
    ports: [...INTERNAL_SERVING_PORTS],
    origin: "project",
    reason: "the seed's flow 1b for the UIs, from the internal ALB's own group",
  },
  {
    id: "2",
    description: "APIM to Cassandra and the metrics database",
    from: "workers",
    to: "data",
    protocol: "tcp",
    ports: [APIM_PORTS.cassandra, APIM_PORTS.mysql],
    origin: "seed",
  },
  {
    id: "3",
    description: "bastion to the Kubernetes API",
    from: "bastion",
    to: "controlPlane",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
    reason:
      "EKS serves the API (and the dashboard through it) on 443; kubectl proxy's 8001 stays local to the bastion",
  },
  {
    id: "4",
    description: "bastion to the ANM web interface",
    from: "bastion",
    to: "internalAlb",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
    reason: "ANM is published on the internal load balancer, which has its own group",
  },
  {
    id: "5",
    description: "bastion to the databases for administration",
    from: "bastion",
    to: "data",
    protocol: "tcp",
    ports: [APIM_PORTS.cassandra, APIM_PORTS.mysql],
    origin: "seed",
  },
  {
    id: "6",
    description: "admin network to the bastion (SSH/RDP)",
    from: "adminNetwork",
    to: "bastion",
    protocol: "tcp",
    ports: [22, 3389],
    origin: "seed",
    optIn: "bastionSsh",
    reason:
      "off by default: SSM Session Manager replaces inbound SSH/RDP; when enabled, only from the admin CIDRs",
  },
  {
    id: "7",
    description: "image pulls from outside registries",
    from: "workers",
    to: "internet",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
  },
  {
    id: "8",
    description: "bastion downloads (Helm charts, tools)",
    from: "bastion",
    to: "internet",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
  },
  {
    id: "9",
    description: "Kubernetes API within the control plane",
    from: "controlPlane",
    to: "controlPlane",
    protocol: "tcp",
    ports: [443],
    origin: "seed",
  },

  // --- what EKS needs ---
  {
    id: "eks-api",
    description: "nodes and pods to the Kubernetes API",
    from: "workers",
    to: "controlPlane",
    protocol: "tcp",
    ports: [443],
    origin: "eks",
    reason: "kubelet and in-cluster clients",
  },
  {
    id: "eks-kubelet-webhooks",
    description: "control plane to kubelets and admission webhooks",
    from: "controlPlane",
    to: "workers",
    protocol: "tcp",
    ports: WEBHOOK_PORTS,
    origin: "eks",
    reason:
      "kubectl logs/exec, metrics, and the webhooks of the LB controller, External Secrets and metrics-server",
  },
  {
    id: "eks-node-to-node",
    description: "pod to pod across nodes",
    from: "workers",
    to: "workers",
    protocol: "tcp",
    ports: [[1025, 65535]],
    origin: "eks",
    reason: "the VPC CNI gives pods worker-subnet addresses; NetworkPolicies (K8S-3) narrow it per pod",
  },
  {
    id: "eks-coredns-tcp",
    description: "pods to CoreDNS",
    from: "workers",
    to: "workers",
    protocol: "tcp",
    ports: [53],
    origin: "eks",
    reason: "cluster DNS runs as pods",
  },
  {
    id: "eks-coredns-udp",
    description: "pods to CoreDNS",
    from: "workers",
    to: "workers",
    protocol: "udp",
    ports: [53],
    origin: "eks",
    reason: "cluster DNS runs as pods",
  },
  {
    id: "dns-workers-udp",
    description: "nodes to the VPC resolver",
    from: "workers",
    to: "vpcResolver",
    protocol: "udp",
    ports: [53],
    origin: "eks",
    reason:
      "CoreDNS forwards to the Amazon resolver (security groups do not filter traffic to the Amazon resolver: the rule records the flow)",
  },
  {
    id: "dns-workers-tcp",
    description: "nodes to the VPC resolver",
    from: "workers",
    to: "vpcResolver",
    protocol: "tcp",
    ports: [53],
    origin: "eks",
    reason:
      "large answers fall back to TCP (security groups do not filter traffic to the Amazon resolver: the rule records the flow)",
  },

  // --- the rest of the platform ---
  {
    id: "endpoints-workers",
    description: "nodes to AWS APIs through VPC endpoints",
    from: "workers",
    to: "vpcEndpoints",
    protocol: "tcp",
    ports: [443],
    origin: "project",
    reason: "ECR, STS, logs, SSM, Secrets Manager stay inside the VPC",
  },
  {
    id: "endpoints-bastion",
    description: "bastion to AWS APIs through VPC endpoints",
    from: "bastion",
    to: "vpcEndpoints",
    protocol: "tcp",
    ports: [443],
    origin: "project",
    reason: "SSM Session Manager and CloudWatch Logs without the internet",
  },
  {
    id: "endpoints-data",
    description: "Cassandra nodes to AWS APIs through VPC endpoints",
    from: "data",
    to: "vpcEndpoints",
    protocol: "tcp",
    ports: [443],
    origin: "project",
    reason: "credentials from Secrets Manager, logs, SSM at boot",
  },
  {
    id: "dns-bastion",
    description: "bastion to the VPC resolver",
    from: "bastion",
    to: "vpcResolver",
    protocol: "udp",
    ports: [53],
    origin: "project",
    reason:
      "name resolution (security groups do not filter traffic to the Amazon resolver: the rule records the flow)",
  },
  {
    id: "dns-data",
    description: "data tier to the VPC resolver",
    from: "data",
    to: "vpcResolver",
    protocol: "udp",
    ports: [53],
    origin: "project",
    reason:
      "name resolution for Cassandra nodes (security groups do not filter traffic to the Amazon resolver: the rule records the flow)",
  },
  {
    id: "cassandra-internode",
    description: "Cassandra inter-node (TLS)",
    from: "data",
    to: "data",
    protocol: "tcp",
    ports: [7000],
    origin: "project",
    reason: "gossip and replication between the three nodes, encrypted",
  },
  {
    id: "cassandra-cql-internode",
    description: "Cassandra nodes to each other's CQL",
    from: "data",
    to: "data",
    protocol: "tcp",
    ports: [9042],
    origin: "project",
    reason: "bootstrap checks and cqlsh between nodes",
  },
  {
    id: "cassandra-jmx",
    description: "bastion to Cassandra JMX (nodetool)",
    from: "bastion",
    to: "data",
    protocol: "tcp",
    ports: [7199],
    origin: "project",
    reason: "nodetool repair/snapshot from the bastion only (SECU-1)",
  },
  {
    id: "efs",
    description: "nodes to the events file system",
    from: "workers",
    to: "data",
    protocol: "tcp",
    ports: [2049],
    origin: "project",
    reason: "NFS of the shared events volume (GEN-7)",
  },
  {
    id: "data-egress",
    description: "Cassandra nodes to package mirrors",
    from: "data",
    to: "internet",
    protocol: "tcp",
    ports: [443],
    origin: "project",
    reason: "the pinned Cassandra release and OS patches are downloaded at boot",
  },
  {
    id: "alb-internal-admin",
    description: "admin network to the internal load balancer",
    from: "adminNetwork",
    to: "internalAlb",
    protocol: "tcp",
    ports: [443],
    origin: "project",
    reason: "anm. and apimgmt. hosts, limited to the admin CIDRs (K8S-12)",
  },
  {
    id: "alb-healthcheck",
    description: "load balancer health checks of the gateways",
    from: "frontend",
    to: "workers",
    protocol: "tcp",
    ports: [APIM_PORTS.health],
    origin: "project",
    reason: "the ALB checks each gateway pod on its /healthcheck listener, which serves no API traffic",
  },
];

export function portLabel(port: PortRange): string {
  return typeof port === "number" ? String(port) : `${port[0]}-${port[1]}`;
}
