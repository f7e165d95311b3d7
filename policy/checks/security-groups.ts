// Security groups: T18, T19, T20, the flow table both ways (P3, NET-2), admin ports only from
// the bastion (P5, SECU-1) and rules that AWS accepts as distinct permissions (P31).
import { Finding, TerraformCheck } from "../check";
import {
  covers,
  ipv4Range,
  resolverAddresses,
  SecurityGroupRule,
  securityGroupRules,
  tierOf,
  vpcRanges,
  WORLD,
} from "../network-model";
import { asArray, TerraformModel } from "../terraform-model";
import { FIREWALL_TIERS, Flow, FLOWS, portLabel } from "../../lib/flow-table";

const ADMIN_PORTS = [22, 3389];

export const T18: TerraformCheck = {
  id: "T18",
  title: "No world-open admin ports",
  requirements: ["NET-3", "SECU-1"],
  evaluate: (model) =>
    securityGroupRules(model)
      .filter((r) => r.direction === "ingress")
      .map((r): Finding => {
        const world = r.peerCidrs.some((c) => WORLD.includes(c));
        const risky = [22, 3389, 80].filter((p) => covers(r, p));
        const allPorts = r.fromPort === 0 && r.toPort === 65535;
        // All ports include 22: "all ports" names the finding, it adds no condition.
        const bad = world && risky.length > 0;
        return {
          subject: r.address,
          ok: !bad,
          message: bad
            ? `open to the world on ${allPorts ? "all ports" : risky.join(", ")}`
            : "not a world-open admin port",
        };
      }),
};

export const T19: TerraformCheck = {
  id: "T19",
  title: "Security group hygiene: descriptions everywhere, default group empty",
  requirements: ["NET-3"],
  evaluate: (model) => [
    ...model.ofType("aws_security_group").map((g) => {
      const described = typeof g.attrs.description === "string" && g.attrs.description.length > 0;
      return { subject: g.address, ok: described, message: described ? "described" : "no description" };
    }),
    ...securityGroupRules(model).map((r) => ({
      subject: r.address,
      ok: !!r.description,
      message: r.description ? "described" : "rule without a description",
    })),
    ...model.ofType("aws_default_security_group").map((g) => {
      const open = asArray(g.attrs.ingress).length + asArray(g.attrs.egress).length;
      return {
        subject: g.address,
        ok: open === 0,
        message: open ? `default group has ${open} rules` : "default group has no rules",
      };
    }),
    // Left unmanaged, a VPC's default group keeps AWS's rules: all traffic among its members and
    // all egress (checkov CKV2_AWS_12). Managing it with no rules empties it.
    ...model.ofType("aws_vpc").map((vpc) => {
      const managed = model.referencing("aws_default_security_group", "vpc_id", vpc).length > 0;
      return {
        subject: vpc.address,
        ok: managed,
        message: managed ? "default group managed" : "default group not managed (AWS's allow-all rules stay)",
      };
    }),
  ],
};

export const T20: TerraformCheck = {
  id: "T20",
  title: "No unrestricted egress (all ports to the world)",
  requirements: ["NET-3"],
  evaluate: (model) =>
    securityGroupRules(model)
      .filter((r) => r.direction === "egress")
      .map((r): Finding => {
        const bad = r.peerCidrs.some((c) => WORLD.includes(c)) && r.fromPort === 0 && r.toPort === 65535;
        return {
          subject: r.address,
          ok: !bad,
          message: bad ? "all ports open to the world" : "egress limited by port",
        };
      }),
};

/**
 * The flow ids a rule's description names, as it writes them: "flow 7: ..." names flow 7;
 * "flows 7+iam-egress: ..." a permission two flows share. Undefined if it names none.
 */
function flowsNamed(description: string | undefined): string | undefined {
  return /^flows? ([A-Za-z0-9+-]+): /.exec(String(description))?.[1];
}

function isTierPeer(peer: string): boolean {
  return (FIREWALL_TIERS as readonly string[]).includes(peer);
}

/** The rule's port or range, written as the flow table writes it ("443", "1025-65535"). */
function portsOf(rule: SecurityGroupRule): string {
  return rule.fromPort === rule.toPort ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`;
}

/** Where a stack's rules may point outside its groups: the VPC's resolvers and address ranges. */
interface StackAddresses {
  readonly resolvers: readonly string[];
  readonly vpcs: ReadonlyArray<[number, number]>;
}

/**
 * Which outside peer a CIDR is: the world, the VPC's resolver, else the admin network; none
 * (undefined) for an address inside the VPC, which no flow reaches by address: tiers are peers by
 * group.
 */
function outsidePeer(cidr: string, own: StackAddresses): string | undefined {
  if (WORLD.includes(cidr)) return "internet";
  if (own.resolvers.includes(cidr)) return "vpcResolver";
  const range = ipv4Range(cidr);
  const inside = range && own.vpcs.some(([first, last]) => range[0] <= last && first <= range[1]);
  return inside ? undefined : "adminNetwork";
}

/** Does the rule realize the flow? Direction, group, every peer, protocol and port must agree. */
function realizes(flow: Flow, rule: SecurityGroupRule, own: StackAddresses): boolean {
  const [tier, other] = rule.direction === "egress" ? [flow.from, flow.to] : [flow.to, flow.from];
  if (tierOf(rule.group) !== tier) return false;
  const peers = isTierPeer(other)
    ? [tierOf(rule.peerGroup)]
    : rule.peerCidrs.map((cidr) => outsidePeer(cidr, own));
  return (
    peers.length > 0 &&
    peers.every((peer) => peer === other) &&
    rule.protocol === flow.protocol &&
    flow.ports.some((p) => portLabel(p) === portsOf(rule))
  );
}

/** The directions a flow needs rules in: egress on its source tier, ingress on its destination's. */
function directionsOf(flow: Flow): Array<"egress" | "ingress"> {
  return [
    ...(isTierPeer(flow.from) ? (["egress"] as const) : []),
    ...(isTierPeer(flow.to) ? (["ingress"] as const) : []),
  ];
}

/** Every rule belongs to a row of the flow table, and every row (opted in) has its rules. */
export const P3: TerraformCheck = {
  id: "P3",
  title: "Security groups match the flow table both ways",
  requirements: ["NET-2", "NET-3", "BAS-1"],
  evaluate: (model) => {
    const rules = securityGroupRules(model).filter((r) => r.group && tierOf(r.group));
    const byId = new Map(FLOWS.map((f) => [f.id, f]));
    // Every stack with tiers has the table's rows, whether or not it has any rules.
    const stacks = [
      ...new Set(
        model
          .ofType("aws_security_group")
          .filter((g) => tierOf(g))
          .map((g) => g.stack),
      ),
    ];
    const addresses = new Map(
      stacks.map((stack): [string, StackAddresses] => [
        stack,
        { resolvers: resolverAddresses(model, stack), vpcs: vpcRanges(model, stack) },
      ]),
    );
    const ruleFindings = rules.map((r): Finding => {
      const named = flowsNamed(r.description);
      if (!named || named.split("+").some((id) => !byId.has(id)))
        return {
          subject: r.address,
          ok: false,
          message: `rule names no flow of the table (${r.description ?? "no description"})`,
        };
      const unmatched = named
        .split("+")
        .map((id) => byId.get(id)!)
        .filter((flow) => !realizes(flow, r, addresses.get(r.stack)!));
      return unmatched.length
        ? {
            subject: r.address,
            ok: false,
            message: unmatched
              .map(
                (flow) =>
                  `does not match flow ${flow.id} (${flow.from} -> ${flow.to} ${flow.protocol}/${flow.ports.map(portLabel).join(",")})`,
              )
              .join("; "),
          }
        : { subject: r.address, ok: true, message: `realizes flow ${named}` };
    });
    const rowFindings = stacks.flatMap((stack) =>
      FLOWS.map((flow): Finding => {
        const mine = rules.filter((r) => r.stack === stack && realizes(flow, r, addresses.get(stack)!));
        const subject = `${stack}/flow.${flow.id}`;
        if (!mine.length && flow.optIn)
          return { subject, ok: true, message: `opt-in flow (${flow.optIn}) not enabled` };
        // Each port in each direction: an egress rule alone does not let a packet into the peer.
        const lacking = directionsOf(flow).flatMap((direction) => {
          const missing = flow.ports.filter(
            (p) => !mine.some((r) => r.direction === direction && portsOf(r) === portLabel(p)),
          );
          return missing.length ? [`${direction} rules for ${missing.map(portLabel).join(", ")}`] : [];
        });
        return lacking.length
          ? { subject, ok: false, message: `flow ${flow.id} lacks ${lacking.join(" and ")}` }
          : { subject, ok: true, message: `${mine.length} rules` };
      }),
    );
    return [...ruleFindings, ...rowFindings];
  },
};

/** Ports that administer rather than serve: SSH/RDP anywhere, Cassandra JMX on the data tier. */
function adminPorts(tier: string | undefined): number[] {
  return tier === "data" ? [...ADMIN_PORTS, 7199] : ADMIN_PORTS;
}

/**
 * Admin ports are reachable from the bastion tier only (or, on the bastion, from the admin
 * CIDRs). Traffic inside one tier (a group referencing itself) is not administration.
 */
export const P5: TerraformCheck = {
  id: "P5",
  title: "Admin ports only from the bastion",
  requirements: ["SECU-1"],
  evaluate: (model) =>
    securityGroupRules(model)
      .filter((r) => r.direction === "ingress" && r.peerGroup !== r.group)
      .filter((r) => adminPorts(tierOf(r.group)).some((p) => covers(r, p)))
      .map((r): Finding => {
        const fromBastion = tierOf(r.peerGroup) === "bastion";
        const adminCidrToBastion =
          tierOf(r.group) === "bastion" &&
          r.peerCidrs.length > 0 &&
          !r.peerCidrs.some((c) => WORLD.includes(c));
        const ok = fromBastion || adminCidrToBastion;
        return {
          subject: r.address,
          ok,
          message: ok
            ? "admin port reachable only through the bastion"
            : "admin port open to a non-bastion source",
        };
      }),
};

/** AWS's protocol names and numbers denote the same permission. */
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  tcp: "6",
  udp: "17",
  icmp: "1",
  icmpv6: "58",
  all: "-1",
};

/**
 * One permission per (group, direction, protocol, port range, peer), as AWS defines it: two rules
 * that differ only in their description are one permission, and AWS refuses the second with
 * InvalidPermission.Duplicate at apply time, which a plan cannot show.
 */
export const P31: TerraformCheck = {
  id: "P31",
  title: "Security group rules are distinct permissions as AWS defines them",
  requirements: ["NET-2"],
  evaluate: (model) => {
    const first = new Map<string, string>();
    return permissionsOf(model).map(({ address, key }): Finding => {
      const earlier = first.get(key);
      if (earlier) {
        return {
          subject: address,
          ok: false,
          message: `duplicates the permission of ${earlier}: AWS refuses it`,
        };
      }
      first.set(key, address);
      return { subject: address, ok: true, message: "a distinct permission" };
    });
  },
};

/** Every permission that the rule resources and inline rules create, keyed as AWS compares them:
 * one per peer of a rule (a CIDR list is several permissions). */
function permissionsOf(model: TerraformModel): { address: string; key: string }[] {
  return securityGroupRules(model).flatMap((r) => {
    const name = r.protocol.toLowerCase();
    const protocol = PROTOCOL_NUMBERS[name] ?? name;
    // Protocol -1 (all) always comes with ports 0-65535 (securityGroupRules): no special case.
    const ports = `${r.fromPort}-${r.toPort}`;
    const peers = [...r.peerCidrs, ...(r.peerGroup ? [r.peerGroup.address] : [])];
    return peers.map((peer) => ({
      address: r.address,
      key: [r.stack, r.group?.address ?? r.address, r.direction, protocol, ports, peer].join("|"),
    }));
  });
}
