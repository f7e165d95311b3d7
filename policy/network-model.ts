// Security group rules of the model in one normalized form, whether written inline on
// aws_security_group, as aws_vpc_security_group_{ingress,egress}_rule or as the older
// aws_security_group_rule resources.
import { asArray, Attrs, TerraformModel, TerraformResource } from "./terraform-model";

export interface SecurityGroupRule {
  readonly address: string;
  readonly stack: string;
  readonly direction: "ingress" | "egress";
  /** The aws_security_group the rule belongs to, if found in the model. */
  readonly group?: TerraformResource;
  readonly peerCidrs: readonly string[];
  readonly peerGroup?: TerraformResource;
  readonly protocol: string; // "tcp", "udp", "-1"
  readonly fromPort: number;
  readonly toPort: number;
  readonly description?: string;
}

function groupReferenced(
  model: TerraformModel,
  stack: string,
  value: unknown,
): TerraformResource | undefined {
  if (typeof value !== "string") return undefined;
  const match = /\$\{aws_security_group\.([A-Za-z0-9_-]+)\.id\}/.exec(value);
  return match
    ? model.ofType("aws_security_group").find((g) => g.stack === stack && g.name === match[1])
    : undefined;
}

/** Port range as AWS applies it: protocol -1 (all) ignores ports, and for TCP and UDP 0-0 is
 * read as all ports (as checkov reads it); ICMP's fields are type and code, kept as they are. */
function ports(attrs: Attrs): [number, number] {
  const protocol = String(attrs.ip_protocol ?? attrs.protocol ?? "-1").toLowerCase();
  if (protocol === "-1" || protocol === "all") return [0, 65535];
  const from = Number(attrs.from_port ?? 0);
  const to = Number(attrs.to_port ?? 65535);
  const tcpOrUdp = ["tcp", "udp", "6", "17"].includes(protocol);
  return tcpOrUdp && from === 0 && to === 0 ? [0, 65535] : [from, to];
}

export function securityGroupRules(model: TerraformModel): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const r of model.ofType(`aws_vpc_security_group_${direction}_rule`)) {
      const [fromPort, toPort] = ports(r.attrs);
      rules.push({
        address: r.address,
        stack: r.stack,
        direction,
        group: groupReferenced(model, r.stack, r.attrs.security_group_id),
        peerCidrs: [r.attrs.cidr_ipv4, r.attrs.cidr_ipv6].filter((c): c is string => typeof c === "string"),
        peerGroup: groupReferenced(model, r.stack, r.attrs.referenced_security_group_id),
        protocol: String(r.attrs.ip_protocol),
        fromPort,
        toPort,
        description: r.attrs.description as string | undefined,
      });
    }
    for (const r of model.ofType("aws_security_group_rule").filter((x) => x.attrs.type === direction)) {
      const [fromPort, toPort] = ports(r.attrs);
      const group = groupReferenced(model, r.stack, r.attrs.security_group_id);
      rules.push({
        address: r.address,
        stack: r.stack,
        direction,
        group,
        peerCidrs: [...asArray<string>(r.attrs.cidr_blocks), ...asArray<string>(r.attrs.ipv6_cidr_blocks)],
        peerGroup:
          r.attrs.self === true ? group : groupReferenced(model, r.stack, r.attrs.source_security_group_id),
        protocol: String(r.attrs.protocol),
        fromPort,
        toPort,
        description: r.attrs.description as string | undefined,
      });
    }
    for (const g of model.ofType("aws_security_group")) {
      asArray<Attrs>(g.attrs[direction]).forEach((inline, i) => {
        const [fromPort, toPort] = ports(inline);
        const common = {
          address: `${g.address}.${direction}[${i}]`,
          stack: g.stack,
          direction,
          group: g,
          protocol: String(inline.protocol),
          fromPort,
          toPort,
          description: inline.description as string | undefined,
        };
        const cidrs = [...asArray<string>(inline.cidr_blocks), ...asArray<string>(inline.ipv6_cidr_blocks)];
        // One rule per peer group (self included), as AWS stores them.
        const groups = [
          ...asArray<string>(inline.security_groups).map((ref) => groupReferenced(model, g.stack, ref)),
          ...(inline.self === true ? [g] : []),
        ];
        if (cidrs.length || !groups.length) rules.push({ ...common, peerCidrs: cidrs });
        for (const peerGroup of groups) rules.push({ ...common, peerCidrs: [], peerGroup });
      });
    }
  }
  return rules;
}

export function tierOf(resource: TerraformResource | undefined): string | undefined {
  const tags = (resource?.attrs.tags ?? {}) as Record<string, string>;
  return tags.Tier;
}

export function covers(rule: SecurityGroupRule, port: number): boolean {
  return rule.fromPort <= port && port <= rule.toPort;
}

export const WORLD = ["0.0.0.0/0", "::/0"];

/** An IPv4 CIDR as its first and last address; undefined for anything else (IPv6, an expression). */
export function ipv4Range(cidr: unknown): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(String(cidr));
  if (!match) return undefined;
  const address = match.slice(1, 5).reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(match[5]));
  const first = address - (address % size);
  return [first, first + size - 1];
}

function ipv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/** The address ranges of a stack's VPCs (those written as literals). */
export function vpcRanges(model: TerraformModel, stack: string): Array<[number, number]> {
  return model
    .ofType("aws_vpc")
    .filter((v) => v.stack === stack)
    .flatMap((v) => {
      const range = ipv4Range(v.attrs.cidr_block);
      return range ? [range] : [];
    });
}

/** The Amazon DNS resolver of each VPC of a stack, as a /32: the VPC's base address plus two. */
export function resolverAddresses(model: TerraformModel, stack: string): string[] {
  return vpcRanges(model, stack).map(([first]) => `${ipv4(first + 2)}/32`);
}
