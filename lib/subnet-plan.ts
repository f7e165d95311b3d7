// The VPC's five tiers in three zones, computed from the VPC CIDR (NET-1, HA-1).
// Workers get three quarters of the VPC: with the VPC CNI every pod takes a VPC address.
// The four small tiers share the last quarter.
import { Cidr, cidrSize, formatCidr, parseCidr, subnetOf } from "./cidr";

export const SUBNET_TIERS = ["frontend", "bastion", "controlPlane", "workers", "data"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export const ZONE_COUNT = 3;
/** Largest and smallest VPC the plan supports: /22 leaves /28 (AWS's minimum) for the small tiers. */
export const VPC_PREFIX_RANGE = { min: 16, max: 22 } as const;
/** Addresses AWS reserves in every subnet. */
const AWS_RESERVED_PER_SUBNET = 5;

const WORKER_PREFIX_OFFSET = 2; // 4 slots of VPC/4: three zones use three
const SMALL_TIER_PREFIX_OFFSET = 6; // 64 slots of VPC/64: slots 48.. are the last quarter

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  readonly zoneIndex: number;
  readonly cidr: string;
  readonly usableAddresses: number;
}

export function planSubnets(vpcCidr: string): PlannedSubnet[] {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`not an IPv4 CIDR: ${vpcCidr}`);
  if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
    throw new Error(`VPC ${vpcCidr} must be between /${VPC_PREFIX_RANGE.min} and /${VPC_PREFIX_RANGE.max}`);
  }
  const subnets: PlannedSubnet[] = [];
  const add = (tier: SubnetTier, zoneIndex: number, cidr: Cidr) =>
    subnets.push({
      tier,
      zoneIndex,
      cidr: formatCidr(cidr),
      usableAddresses: cidrSize(cidr) - AWS_RESERVED_PER_SUBNET,
    });
  for (let zone = 0; zone < ZONE_COUNT; zone++) {
    add("workers", zone, subnetOf(vpc, vpc.prefix + WORKER_PREFIX_OFFSET, zone));
  }
  const smallTiers = SUBNET_TIERS.filter((t) => t !== "workers");
  const firstSmallSlot = 3 * 2 ** (SMALL_TIER_PREFIX_OFFSET - WORKER_PREFIX_OFFSET);
  smallTiers.forEach((tier, tierIndex) => {
    for (let zone = 0; zone < ZONE_COUNT; zone++) {
      const slot = firstSmallSlot + tierIndex * ZONE_COUNT + zone;
      add(tier, zone, subnetOf(vpc, vpc.prefix + SMALL_TIER_PREFIX_OFFSET, slot));
    }
  });
  return subnets;
}
