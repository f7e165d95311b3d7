// The internal ALB admits only the admin network and the bastion (#11: the controller ignores
// inbound-cidrs once security-groups is set, so the allowlist must be the ALB's own group).
import { FLOWS } from "../lib/flow-table";
import { T31 } from "../policy/manifest-checks/load-balancers";
import { ManifestModel } from "../policy/manifest-model";
import { securityGroupRules, tierOf } from "../policy/network-model";
import { built, mutated } from "./support/prod-manifests";
import { exampleEnvs, terraformModel } from "./support/synth-output";

const SG = "alb.ingress.kubernetes.io/security-groups";
const failures = (objects: ReturnType<typeof built>) =>
  T31.evaluate(new ManifestModel("prod", objects))
    .filter((f) => !f.ok)
    .map((f) => `${f.subject}: ${f.message}`);

test.each(exampleEnvs().map((e) => [e.name] as const))(
  "%s: the internal ALB's group admits 443 from the admin CIDRs and the bastion, nothing else",
  (env) => {
    const config = exampleEnvs().find((e) => e.name === env)!;
    const ingress = securityGroupRules(terraformModel()).filter(
      (r) => r.stack === `${env}-network` && r.direction === "ingress" && tierOf(r.group) === "internalAlb",
    );
    const peers = ingress.map(
      (r) =>
        `${r.peerGroup ? tierOf(r.peerGroup) : r.peerCidrs.join(",")} ${r.protocol}/${r.fromPort}-${r.toPort}`,
    );
    expect(peers.sort()).toEqual(
      [...config.network.adminCidrs.map((c) => `${c} tcp/443-443`), "bastion tcp/443-443"].sort(),
    );
  },
);

test("the internal ALB's group reaches only the UIs' pods", () => {
  const from = FLOWS.filter((f) => f.from === "internalAlb");
  expect(from.map((f) => [f.to, f.ports])).toEqual([["workers", [8075, 8090]]]);
});

test("T31: the prod Ingresses pass, each ALB on its own group", () => {
  const objects = built();
  const groups = objects
    .filter((o) => o.kind === "Ingress")
    .map(
      (o) => `${o.metadata.annotations!["alb.ingress.kubernetes.io/scheme"]} ${o.metadata.annotations![SG]}`,
    );
  expect(new Set(groups).size).toBe(2); // one group for internet-facing, another for internal
  expect(failures(objects)).toEqual([]);
});

test("T31: an internal ALB on the internet-facing ALB's group fails", () => {
  const publicGroup = built().find((o) => o.kind === "Ingress" && o.metadata.name === "gateway-public")!
    .metadata.annotations![SG];
  expect(publicGroup).toMatch(/^sg-/);
  const objects = mutated("Ingress", "admin-node-manager", (o) => (o.metadata.annotations[SG] = publicGroup));
  expect(failures(objects)).toEqual([
    "prod/Ingress/apim/admin-node-manager: internal ALB shares the internet-facing ALB's security group, which admits the world",
  ]);
});

test("T31: an internal ALB that relies on inbound-cidrs beside security-groups fails", () => {
  const objects = mutated(
    "Ingress",
    "admin-node-manager",
    (o) => (o.metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"] = "192.0.2.0/24"),
  );
  expect(failures(objects)).toEqual([
    "prod/Ingress/apim/admin-node-manager: inbound-cidrs is ignored when security-groups is set: the internal ALB's group must be its allowlist",
  ]);
});
