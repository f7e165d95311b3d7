// Reachability, end to end: a flow passes when the security groups of both ends allow it (the
// synthesized network stack) and, where an end is a pod, its NetworkPolicies allow it too (the
// manifests Flux applies; the VPC CNI enforces them). The ALBs sit in the subnets the load
// balancer controller discovers by tag; pods use their node's group (no security groups for
// pods). The required flows are data; every other pair of these endpoints and listening ports
// must be denied.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { cidrContains, cidrsOverlap, parseCidr } from "../lib/cidr";
import { gitUrlPort } from "../lib/git-url";
import { EnvironmentConfig } from "../envs/schema";
import { selects } from "./label-selector";
import { covers, securityGroupRules, SecurityGroupRule, tierOf } from "./network-model";
import { containers, podLabels } from "./pod-model";
import { Attrs, TerraformModel } from "./terraform-model";

type Json = Record<string, unknown>;

export interface Endpoint {
  readonly name: string;
  /** The flow table tier whose security group the endpoint uses. */
  readonly tier: string;
  /** Addresses the endpoint sends from and listens on. */
  readonly cidrs: readonly string[];
  /** The workload whose pods these are, for NetworkPolicies. */
  readonly pod?: K8sObject;
  /** Ports it listens on (for the "everything else is denied" sweep). */
  readonly ports: readonly number[];
}

/** The flows the platform needs: from, to (a name, or a prefix ending in *), port, why. */
export const REQUIRED_FLOWS: readonly [string, string, number | "git", string][] = [
  ["alb:public", "pod:gateway-*", 8065, "API traffic to the gateways (LB-1)"],
  ["alb:public", "pod:gateway-*", 8080, "the ALB's health checks of the gateways"],
  ["alb:internal", "pod:admin-node-manager", 8090, "ANM's web interface (BAS-1)"],
  ["alb:internal", "pod:api-manager", 8075, "the API Manager UI"],
  ["pod:gateway-*", "pod:admin-node-manager", 8090, "gateways register with ANM"],
  ["pod:api-manager", "pod:admin-node-manager", 8090, "the API Manager's instance registers with ANM"],
  ["pod:admin-node-manager", "pod:gateway-*", 8085, "ANM manages each gateway"],
  ["pod:admin-node-manager", "pod:api-manager", 8085, "ANM manages the API Manager's instance"],
  ["pod:gateway-*", "pod:api-manager", 8075, "gateways read the API catalogue"],
  ["pod:gateway-*", "data:cassandra", 9042, "API Manager data and quotas (APIM-7)"],
  ["pod:api-manager", "data:cassandra", 9042, "API Manager data (APIM-7)"],
  ["pod:admin-node-manager", "data:mysql", 3306, "metrics from the events volume (GEN-7)"],
  ["pod:api-manager", "data:mysql", 3306, "API Manager's metrics"],
  ["pod:gateway-*", "data:mysql", 3306, "the gateways' metrics database connection"],
  ["node", "data:efs", 2049, "the EFS CSI driver mounts the events volume on the node (GEN-7)"],
  ["node", "aws:endpoints", 443, "controllers and nodes call AWS APIs through the VPC endpoints"],
  ["node", "internet", "git", "Flux clones its Git repository (GEN-8)"],
];

/** Subnet CIDRs of a tier, or of subnets carrying a tag, in the model's order (by resource name):
 * every reader takes them as a set. */
function subnets(model: TerraformModel, stack: string, match: (tags: Attrs) => boolean): string[] {
  return model
    .ofType("aws_subnet")
    .filter((s) => s.stack === stack && match((s.attrs.tags ?? {}) as Attrs))
    .map((s) => String(s.attrs.cidr_block));
}

/** The tag by which the load balancer controller discovers the subnets of each ALB scheme. */
const ROLE_TAG = {
  "internet-facing": "kubernetes.io/role/elb",
  internal: "kubernetes.io/role/internal-elb",
} as const;

/** The subnets the load balancer controller places an ALB of the scheme in: those tagged with its role. */
export function albSubnets(
  terraform: TerraformModel,
  stack: string,
  scheme: "internet-facing" | "internal",
): string[] {
  return subnets(terraform, stack, (tags) => tags[ROLE_TAG[scheme]] === "1");
}

/** The container ports (containerPort, name, protocol) a workload's pods declare: init containers
 * end before the pod serves. */
function containerPorts(w: K8sObject): Json[] {
  return containers([w])
    .filter((r) => !r.init)
    .flatMap((r) => (r.container.ports as Json[] | undefined) ?? []);
}

/** A workload's pods as an endpoint: they send from and listen on the worker subnets. */
export function podEndpoint(w: K8sObject, workerCidrs: readonly string[]): Endpoint {
  const ports = containerPorts(w).map((p) => Number(p.containerPort));
  return { name: `pod:${w.metadata.name}`, tier: "workers", cidrs: workerCidrs, pod: w, ports };
}

/** The endpoints of one env. */
export function endpoints(
  env: EnvironmentConfig,
  terraform: TerraformModel,
  objects: readonly K8sObject[],
): Endpoint[] {
  const stack = `${env.name}-network`;
  const tier = (t: string) => subnets(terraform, stack, (tags) => tags.Tier === t);
  const workers = tier("workers");
  const data = tier("data");
  const pods = objects
    .filter((o) => o.kind === "Deployment" && o.metadata.namespace === "apim")
    .map((w) => podEndpoint(w, workers));
  return [
    {
      name: "alb:public",
      tier: "frontend",
      cidrs: albSubnets(terraform, stack, "internet-facing"),
      ports: [443],
    },
    {
      name: "alb:internal",
      tier: "internalAlb",
      cidrs: albSubnets(terraform, stack, "internal"),
      ports: [443],
    },
    ...pods,
    { name: "node", tier: "workers", cidrs: workers, ports: [] },
    { name: "data:cassandra", tier: "data", cidrs: data, ports: [9042, 7000, 7199] },
    { name: "data:mysql", tier: "data", cidrs: data, ports: [3306] },
    { name: "data:efs", tier: "data", cidrs: data, ports: [2049] },
    { name: "aws:endpoints", tier: "vpcEndpoints", cidrs: workers, ports: [443] },
    { name: "internet", tier: "internet", cidrs: ["0.0.0.0/0"], ports: [] },
  ];
}

/** Does a rule of `group` in `direction` let `peer` through on `port`? */
function sgAllows(
  rules: readonly SecurityGroupRule[],
  group: string,
  direction: "ingress" | "egress",
  peer: Endpoint,
  port: number,
): boolean {
  return rules.some(
    (r) =>
      tierOf(r.group) === group &&
      r.direction === direction &&
      (r.protocol === "tcp" || r.protocol === "-1") &&
      covers(r, port) &&
      (tierOf(r.peerGroup) === peer.tier ||
        (peer.cidrs.length > 0 && peer.cidrs.every((c) => r.peerCidrs.some((p) => cidrContains(p, c))))),
  );
}

/** The types a NetworkPolicy isolates for. The API server defaults omitted (or empty) policyTypes to
 * Ingress, plus Egress when the policy has egress rules. */
function policyTypes(spec: Json): readonly string[] {
  const given = (spec.policyTypes as string[] | undefined) ?? [];
  const egressRules = ((spec.egress as unknown[] | undefined) ?? []).length > 0;
  return given.length ? given : egressRules ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Does a policy's port entry admit a TCP flow (every flow here is TCP) to `port` of `dest`, the
 * receiving pod if the flow ends at one? Protocol defaults to TCP; no port means every port; a
 * numeric port with endPort is the range port..endPort; a name is the receiving pod's TCP
 * container port of that name. */
function portMatches(entry: Json, port: number, dest: K8sObject | undefined): boolean {
  if ((entry.protocol ?? "TCP") !== "TCP") return false;
  const p = entry.port;
  if (p === undefined || p === null) return true;
  if (typeof p === "string") {
    return (
      !!dest &&
      containerPorts(dest).some(
        (c) => c.name === p && (c.protocol ?? "TCP") === "TCP" && Number(c.containerPort) === port,
      )
    );
  }
  const end = entry.endPort === undefined || entry.endPort === null ? Number(p) : Number(entry.endPort);
  return Number(p) <= port && port <= end;
}

/** A namespace's labels: its Namespace object's, and the name label the API server sets on every one. */
function namespaceLabels(objects: readonly K8sObject[], name: string | undefined): Record<string, string> {
  const ns = objects.find((o) => o.kind === "Namespace" && o.metadata.name === name);
  return { ...ns?.metadata.labels, ...(name ? { "kubernetes.io/metadata.name": name } : {}) };
}

/** Does a policy's pod peer select `other`? A podSelector alone looks in the policy's own namespace;
 * a namespaceSelector picks namespaces by their labels, all their pods or, with a podSelector, those. */
function peerSelects(objects: readonly K8sObject[], policy: K8sObject, peer: Json, other?: K8sObject) {
  if (!other || (!peer.podSelector && !peer.namespaceSelector)) return false;
  const ns = other.metadata.namespace;
  const inNamespace = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels(objects, ns), true)
    : ns === policy.metadata.namespace;
  return inNamespace && (!peer.podSelector || selects(peer.podSelector, podLabels(other), true));
}

/** Do the NetworkPolicies of `pod` let the other end through on `port`, in `type`? Ingress or egress
 * isolation applies once any policy of the namespace selects the pod for that type. */
export function npAllows(
  objects: readonly K8sObject[],
  pod: K8sObject,
  type: "Ingress" | "Egress",
  other: Endpoint,
  port: number,
) {
  const policies = objects.filter(
    (p) =>
      p.kind === "NetworkPolicy" &&
      p.metadata.namespace === pod.metadata.namespace &&
      selects((p.spec as Json).podSelector ?? {}, podLabels(pod), true) &&
      policyTypes(p.spec as Json).includes(type),
  );
  if (!policies.length) return true;
  const key = type === "Ingress" ? "from" : "to";
  const receiver = type === "Ingress" ? pod : other.pod;
  return policies.some((p) =>
    (
      (((p.spec as Json)[type === "Ingress" ? "ingress" : "egress"] as Json[] | undefined) ?? []) as Json[]
    ).some((rule) => {
      const peers = (rule[key] as Json[] | undefined) ?? [];
      const ports = (rule.ports as Json[] | undefined) ?? [];
      const portOk = !ports.length || ports.some((x) => portMatches(x, port, receiver));
      // A pod peer by its namespace and labels; addresses when every address of the other end lies
      // in some block and outside its exceptions.
      const blocks = peers
        .map((x) => x.ipBlock as { cidr: string; except?: string[] } | undefined)
        .filter((b) => !!b);
      const inBlock = (c: string) =>
        blocks.some(
          (b) =>
            cidrContains(b!.cidr, c) &&
            !(b!.except ?? []).some((e) => cidrsOverlap(parseCidr(e)!, parseCidr(c)!)),
        );
      const peerOk =
        !peers.length ||
        peers.some((x) => peerSelects(objects, p, x, other.pod)) ||
        (other.cidrs.length > 0 && other.cidrs.every(inBlock));
      return portOk && peerOk;
    }),
  );
}

export interface FlowVerdict {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly securityGroups: boolean;
  readonly networkPolicies: boolean | "n/a";
  readonly allowed: boolean;
}

export function evaluateFlow(
  rules: readonly SecurityGroupRule[],
  objects: readonly K8sObject[],
  from: Endpoint,
  to: Endpoint,
  port: number,
): FlowVerdict {
  const egress = from.tier === "internet" || sgAllows(rules, from.tier, "egress", to, port);
  // Traffic to the internet has no security group at the far end; within a tier, the group's rule
  // names the group itself.
  const ingress = to.tier === "internet" || sgAllows(rules, to.tier, "ingress", from, port);
  const securityGroups = egress && ingress;
  const sides = [
    ...(from.pod ? [npAllows(objects, from.pod, "Egress", to, port)] : []),
    ...(to.pod ? [npAllows(objects, to.pod, "Ingress", from, port)] : []),
  ];
  const networkPolicies = sides.length ? sides.every(Boolean) : "n/a";
  return {
    from: from.name,
    to: to.name,
    port,
    securityGroups,
    networkPolicies,
    allowed: securityGroups && networkPolicies !== false,
  };
}

const matches = (pattern: string, name: string) =>
  pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

export interface Reachability {
  /** Every required flow, resolved to concrete endpoints. */
  readonly required: (FlowVerdict & { why: string })[];
  /** Pairs outside the table that are nevertheless allowed. */
  readonly unexpected: FlowVerdict[];
  /** How many pairs outside the table were evaluated (and found denied, or listed above). */
  readonly swept: number;
}

export function reachability(
  env: EnvironmentConfig,
  terraform: TerraformModel,
  objects: readonly K8sObject[],
): Reachability {
  const model = terraform.filter((s) => s === `${env.name}-network`);
  const rules = securityGroupRules(model);
  const all = endpoints(env, terraform, objects);
  const required = REQUIRED_FLOWS.flatMap(([fromPattern, toPattern, port, why]) => {
    const concretePort = port === "git" ? (gitUrlPort(env.flux.repositoryUrl) ?? -1) : port;
    const sources = all.filter((e) => matches(fromPattern, e.name));
    const targets = all.filter((e) => matches(toPattern, e.name));
    if (!sources.length || !targets.length) {
      return [
        {
          from: fromPattern,
          to: toPattern,
          port: concretePort,
          securityGroups: false,
          networkPolicies: false,
          allowed: false,
          why: `${why} (no such endpoint)`,
        },
      ];
    }
    return sources.flatMap((s) =>
      targets.map((t) => ({ ...evaluateFlow(rules, objects, s, t, concretePort), why })),
    );
  });
  // Everything else between the ALBs, the APIM pods and the data services is denied.
  const sweepFrom = all.filter((e) => e.name.startsWith("alb:") || e.name.startsWith("pod:"));
  const sweepTo = all.filter((e) => e.name.startsWith("pod:") || e.name.startsWith("data:"));
  const others = sweepFrom.flatMap((s) =>
    sweepTo.flatMap((t) =>
      t.ports
        .filter(
          (port) => s !== t && !required.some((r) => r.from === s.name && r.to === t.name && r.port === port),
        )
        .map((port) => evaluateFlow(rules, objects, s, t, port)),
    ),
  );
  return { required, unexpected: others.filter((v) => v.allowed), swept: others.length };
}
