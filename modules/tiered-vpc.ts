// The env's VPC: five subnet tiers in three zones from the computed plan (NET-1, HA-1), a NAT
// gateway and a private route table per zone so that losing a zone does not cut the others'
// egress, no public IPs on launch, and the default security group stripped of every rule.
import { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { planSubnets, SUBNET_TIERS, SubnetTier } from "../lib/subnet-plan";

export interface TieredVpcProps {
  readonly namePrefix: string;
  readonly cidr: string;
  readonly zones: readonly [string, string, string];
  /** Extra tags per tier, e.g. load balancer discovery. */
  readonly tierTags?: Partial<Record<SubnetTier, Record<string, string>>>;
}

export class TieredVpc extends Construct {
  readonly vpc: Vpc;
  /** Subnets by tier, in zone order. */
  readonly subnets: Readonly<Record<SubnetTier, Subnet[]>>;
  readonly privateRouteTables: RouteTable[];

  constructor(scope: Construct, id: string, props: TieredVpcProps) {
    super(scope, id);
    const name = props.namePrefix;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    // No rules at all: nothing may use the default group by accident (T19).
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpc.id,
      tags: { Name: `${name}-default-unused` },
    });

    const subnets = Object.fromEntries(SUBNET_TIERS.map((t) => [t, [] as Subnet[]])) as Record<
      SubnetTier,
      Subnet[]
    >;
    for (const planned of planSubnets(props.cidr)) {
      const zone = props.zones[planned.zoneIndex];
      subnets[planned.tier].push(
        new Subnet(this, `${planned.tier}-${planned.zoneIndex}`, {
          vpcId: this.vpc.id,
          cidrBlock: planned.cidr,
          availabilityZone: zone,
          mapPublicIpOnLaunch: false,
          tags: {
            Name: `${name}-${planned.tier}-${zone}`,
            Tier: planned.tier,
            ...props.tierTags?.[planned.tier],
          },
        }),
      );
    }
    this.subnets = subnets;

    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, "frontend-routes", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: `${name}-frontend` },
    });
    subnets.frontend.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `frontend-${i}-routes`, {
          subnetId: subnet.id,
          routeTableId: publicRoutes.id,
        }),
    );

    this.privateRouteTables = props.zones.map((zone, i) => {
      const eip = new Eip(this, `nat-${i}-address`, { domain: "vpc", tags: { Name: `${name}-nat-${zone}` } });
      const nat = new NatGateway(this, `nat-${i}`, {
        allocationId: eip.allocationId,
        subnetId: subnets.frontend[i].id,
        tags: { Name: `${name}-${zone}` },
        dependsOn: [igw],
      });
      const routes = new RouteTable(this, `private-${i}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
        tags: { Name: `${name}-private-${zone}` },
      });
      for (const tier of SUBNET_TIERS.filter((t) => t !== "frontend")) {
        new RouteTableAssociation(this, `${tier}-${i}-routes`, {
          subnetId: subnets[tier][i].id,
          routeTableId: routes.id,
        });
      }
      return routes;
    });
  }
}
