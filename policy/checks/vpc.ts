// The VPC's layout and logging: T17, T21, R8.
import { Finding, perResource, TerraformCheck } from "../check";
import { tierOf } from "../network-model";
import { asArray, block, referencesResource, referencedTypes } from "../terraform-model";
import { SUBNET_TIERS } from "../../lib/subnet-plan";

export const T17: TerraformCheck = perResource({
  id: "T17",
  title: "Subnets do not assign public IPs",
  requirements: ["NET-1"],
  types: ["aws_subnet"],
  passText: "map_public_ip_on_launch is off",
  // Terraform JSON may carry a bool as a string.
  failures: (s) => [String(s.attrs.map_public_ip_on_launch) === "true" && "map_public_ip_on_launch = true"],
});

export const T21: TerraformCheck = perResource({
  id: "T21",
  title: "VPC flow logs (ALL) to an encrypted log group with retention",
  requirements: ["NET-2"],
  types: ["aws_vpc"],
  passText: "ALL traffic logged to a KMS-encrypted group with retention",
  failures: (vpc, model) => {
    const logs = model.referencing("aws_flow_log", "vpc_id", vpc);
    if (!logs.length) return ["no aws_flow_log for this VPC"];
    return logs.flatMap((log) => {
      const group = model
        .ofType("aws_cloudwatch_log_group")
        .find((g) => g.stack === vpc.stack && referencesResource(log.attrs.log_destination, g));
      return [
        log.attrs.traffic_type !== "ALL" && `traffic_type is ${String(log.attrs.traffic_type)}`,
        !group && "destination is not a log group of this stack",
        group && !group.attrs.retention_in_days && "log group keeps logs forever (no retention)",
        group &&
          !referencedTypes(group.attrs.kms_key_id).includes("aws_kms_key") &&
          "log group is not KMS-encrypted",
      ];
    });
  },
});

const ZONES = 3;

/** Each tier has one subnet in each of three zones, and every zone its own NAT and route table. */
export const R8: TerraformCheck = {
  id: "R8",
  title: "Multi-AZ layout: 5 tiers x 3 zones, NAT and private routes per zone",
  requirements: ["HA-1", "NET-1"],
  evaluate: (model) =>
    model.ofType("aws_vpc").map((vpc): Finding => {
      const subnets = model.referencing("aws_subnet", "vpc_id", vpc);
      const failures: string[] = [];
      for (const tier of SUBNET_TIERS) {
        const zones = new Set(
          subnets.filter((s) => tierOf(s) === tier).map((s) => String(s.attrs.availability_zone)),
        );
        const count = subnets.filter((s) => tierOf(s) === tier).length;
        if (count !== ZONES || zones.size !== ZONES)
          failures.push(`${tier}: ${count} subnets in ${zones.size} zones`);
      }
      const nats = model.ofType("aws_nat_gateway").filter((n) => n.stack === vpc.stack);
      const natSubnets = new Set(nats.map((n) => String(n.attrs.subnet_id)));
      if (nats.length !== ZONES || natSubnets.size !== ZONES)
        failures.push(`${nats.length} NAT gateways in ${natSubnets.size} subnets`);
      const privateTables = model
        .referencing("aws_route_table", "vpc_id", vpc)
        .filter((t) => JSON.stringify(asArray(t.attrs.route)).includes("aws_nat_gateway."));
      const natsRouted = new Set(
        privateTables.map((t) => JSON.stringify(block(t.attrs, "route").nat_gateway_id)),
      );
      if (privateTables.length !== ZONES || natsRouted.size !== ZONES) {
        failures.push(`${privateTables.length} private route tables over ${natsRouted.size} NAT gateways`);
      }
      return failures.length
        ? { subject: vpc.address, ok: false, message: failures.join("; ") }
        : {
            subject: vpc.address,
            ok: true,
            message: "5 tiers x 3 zones; 3 NAT gateways, one private route table each",
          };
    }),
};
