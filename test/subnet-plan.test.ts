// The five tiers in three zones fit the VPC without overlap, whatever its size in the allowed range.
import { cidrsOverlap, parseCidr } from "../lib/cidr";
import { planSubnets, SUBNET_TIERS } from "../lib/subnet-plan";

test.each(["10.0.0.0/16", "10.20.0.0/18", "10.10.0.0/20", "172.16.4.0/22"])(
  "%s: 15 subnets inside the VPC, none overlapping",
  (vpc) => {
    const plan = planSubnets(vpc);
    expect(plan).toHaveLength(SUBNET_TIERS.length * 3);
    const parent = parseCidr(vpc)!;
    const cidrs = plan.map((s) => parseCidr(s.cidr)!);
    for (const [i, c] of cidrs.entries()) {
      expect(c.network).toBeGreaterThanOrEqual(parent.network);
      expect(c.network + 2 ** (32 - c.prefix)).toBeLessThanOrEqual(
        parent.network + 2 ** (32 - parent.prefix),
      );
      for (const other of cidrs.slice(i + 1)) expect(cidrsOverlap(c, other)).toBe(false);
    }
  },
);

test("a /16 gives workers three /18s and the small tiers /22s", () => {
  const plan = planSubnets("10.0.0.0/16");
  expect(plan.filter((s) => s.tier === "workers").map((s) => s.cidr)).toEqual([
    "10.0.0.0/18",
    "10.0.64.0/18",
    "10.0.128.0/18",
  ]);
  expect(plan.find((s) => s.tier === "frontend" && s.zoneIndex === 0)?.cidr).toBe("10.0.192.0/22");
  expect(plan.find((s) => s.tier === "data" && s.zoneIndex === 2)?.cidr).toBe("10.0.236.0/22");
});

test("refuses a VPC outside /16../22 and malformed CIDRs", () => {
  expect(() => planSubnets("10.0.0.0/23")).toThrow(/between \/16 and \/22/);
  expect(() => planSubnets("10.0.0.0/8")).toThrow(/between \/16 and \/22/);
  expect(parseCidr("10.0.0.256/16")).toBeUndefined();
  expect(parseCidr("10.0.0.0/16 ")).toBeUndefined();
});
