// IPv4 CIDR arithmetic: just what the subnet plan and config validation need.

export interface Cidr {
  readonly network: number; // unsigned 32-bit network address
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns undefined for anything that is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined; // host bits set: not canonical
  return { network: address, prefix };
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefix}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The index-th subnet of the given prefix length inside parent (like Terraform's cidrsubnet). */
export function subnetOf(parent: Cidr, prefix: number, index: number): Cidr {
  if (prefix < parent.prefix) throw new Error(`/${prefix} does not fit in ${formatCidr(parent)}`);
  const size = 2 ** (32 - prefix);
  if ((index + 1) * size > cidrSize(parent)) {
    throw new Error(`subnet #${index} of /${prefix} does not fit in ${formatCidr(parent)}`);
  }
  return { network: parent.network + index * size, prefix };
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + cidrSize(b) && b.network < a.network + cidrSize(a);
}

/** Does `outer` hold every address of `inner` (both canonical CIDR texts)? */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return !!o && !!i && o.prefix <= i.prefix && cidrsOverlap(o, i);
}

/** The Amazon DNS resolver of a VPC: its base address plus two. */
export function vpcResolverAddress(vpcCidr: string): string {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`not an IPv4 CIDR: ${vpcCidr}`);
  return formatCidr({ network: vpc.network + 2, prefix: 32 });
}
