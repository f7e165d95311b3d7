// One security group per tier, with exactly the rules of the flow table (lib/flow-table.ts):
// a flow between two tiers becomes an egress rule on the source group and an ingress rule on the
// destination group; flows from or to outside peers become CIDR rules. Every rule's description
// names its flow ids, so a rule can always be traced back to its rows. Two flows that imply the
// same permission (group, direction, protocol, ports, peer) share one rule: AWS refuses a second
// rule for a permission it already holds (InvalidPermission.Duplicate), whatever its description.
import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ExternalPeer, FIREWALL_TIERS, FirewallTier, Flow, portLabel } from "../lib/flow-table";

export interface FlowTableFirewallProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly flows: readonly Flow[];
  /** CIDRs that stand for each outside peer. */
  readonly externalCidrs: Readonly<Record<ExternalPeer, readonly string[]>>;
  /** Opt-in flows to generate. */
  readonly optIns: ReadonlySet<NonNullable<Flow["optIn"]>>;
}

function isTier(peer: string): peer is FirewallTier {
  return (FIREWALL_TIERS as readonly string[]).includes(peer);
}

/** A rule as the table implies it: which group, which direction, which peer, for which flows. */
export interface ImpliedRule {
  readonly flows: readonly string[];
  readonly group: FirewallTier;
  readonly direction: "ingress" | "egress";
  readonly peer: string; // a tier name or a CIDR
  readonly protocol: "tcp" | "udp";
  readonly port: string;
}

/** The rules a flow table implies, one per permission, in table order. */
export function impliedRules(
  flows: readonly Flow[],
  externalCidrs: Readonly<Record<ExternalPeer, readonly string[]>>,
  optIns: ReadonlySet<string>,
): ImpliedRule[] {
  const byPermission = new Map<string, { flows: string[] } & Omit<ImpliedRule, "flows">>();
  for (const { flow, ...rule } of flowRules(flows, externalCidrs, optIns)) {
    const key = [rule.group, rule.direction, rule.protocol, rule.port, rule.peer].join("|");
    const known = byPermission.get(key);
    if (known) known.flows.push(flow);
    else byPermission.set(key, { flows: [flow], ...rule });
  }
  return [...byPermission.values()];
}

/** A flow's rules before merging: several flows may imply the same permission. */
function flowRules(
  flows: readonly Flow[],
  externalCidrs: Readonly<Record<ExternalPeer, readonly string[]>>,
  optIns: ReadonlySet<string>,
): (Omit<ImpliedRule, "flows"> & { flow: string })[] {
  const rules: (Omit<ImpliedRule, "flows"> & { flow: string })[] = [];
  for (const flow of flows) {
    if (flow.optIn && !optIns.has(flow.optIn)) continue;
    for (const range of flow.ports) {
      const port = portLabel(range);
      const base = { flow: flow.id, protocol: flow.protocol, port };
      if (isTier(flow.from)) {
        const peers = isTier(flow.to) ? [flow.to] : externalCidrs[flow.to];
        for (const peer of peers) rules.push({ ...base, group: flow.from, direction: "egress", peer });
      }
      if (isTier(flow.to)) {
        const peers = isTier(flow.from) ? [flow.from] : externalCidrs[flow.from];
        for (const peer of peers) rules.push({ ...base, group: flow.to, direction: "ingress", peer });
      }
    }
  }
  return rules;
}

/** "flow 7: ..." or, for a shared permission, "flows 7+iam-egress: ...; ...". */
export function ruleDescription(flows: readonly Flow[]): string {
  const ids = flows.map((f) => f.id).join("+");
  return `${flows.length > 1 ? "flows" : "flow"} ${ids}: ${flows.map((f) => f.description).join("; ")}`;
}

function portBounds(port: string): [number, number] {
  const [from, to] = port.split("-").map(Number);
  return [from, to ?? from];
}

export class FlowTableFirewall extends Construct {
  readonly groups: Readonly<Record<FirewallTier, SecurityGroup>>;

  constructor(scope: Construct, id: string, props: FlowTableFirewallProps) {
    super(scope, id);
    const groups = {} as Record<FirewallTier, SecurityGroup>;
    for (const tier of FIREWALL_TIERS) {
      groups[tier] = new SecurityGroup(this, tier, {
        name: `${props.namePrefix}-${tier}`,
        description: `${tier} tier: only the flows of the flow table (NET-2)`,
        vpcId: props.vpcId,
        tags: { Name: `${props.namePrefix}-${tier}`, Tier: tier },
      });
    }
    this.groups = groups;
    const byId = new Map(props.flows.map((f) => [f.id, f]));
    const seen = new Map<string, number>();
    for (const rule of impliedRules(props.flows, props.externalCidrs, props.optIns)) {
      const flows = rule.flows.map((f) => byId.get(f)!);
      const [fromPort, toPort] = portBounds(rule.port);
      // The first flow names the rule, so adding a flow to a permission moves nothing.
      const key = `${rule.flows[0]}-${rule.direction}-${rule.group}-${rule.protocol}-${rule.port}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const common = {
        securityGroupId: groups[rule.group].id,
        description: ruleDescription(flows),
        ipProtocol: rule.protocol,
        fromPort,
        toPort,
        ...(isTier(rule.peer)
          ? { referencedSecurityGroupId: groups[rule.peer].id }
          : { cidrIpv4: rule.peer }),
      };
      const ruleId = n ? `${key}-${n}` : key;
      if (rule.direction === "ingress") new VpcSecurityGroupIngressRule(this, ruleId, common);
      else new VpcSecurityGroupEgressRule(this, ruleId, common);
    }
  }
}
