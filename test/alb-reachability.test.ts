// Can each ALB reach the pods behind its Ingress? The AWS Load Balancer Controller picks one subnet
// per zone by tag (kubernetes.io/role/elb for internet-facing, kubernetes.io/role/internal-elb for
// internal), read here from the synthesized network stack; target type ip sends from addresses of
// those subnets straight to the pod, where the VPC CNI enforces the pods' NetworkPolicies, read
// from the manifests Flux applies. Every backend must admit every subnet of its ALB on its port.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { albSubnets, npAllows } from "../policy/reachability";
import { Attrs } from "../policy/terraform-model";
import { routes, Scheme } from "./support/ingress-routes";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";

/** Does the pod's NetworkPolicy admit an ALB sending from `cidr` on `port`? (policy/reachability.ts) */
function admits(objects: readonly K8sObject[], pod: K8sObject, cidr: string, port: number): boolean {
  return npAllows(objects, pod, "Ingress", { name: "alb", tier: "alb", cidrs: [cidr], ports: [] }, port);
}

/** Backend pods that do not admit an ALB subnet: "<ingress> <scheme> <cidr> -> <workload>:<port>". */
function unreachable(objects: readonly K8sObject[], subnets: (scheme: Scheme) => string[]): string[] {
  return routes(objects).flatMap((r) =>
    subnets(r.scheme)
      .filter((cidr) => !admits(objects, r.workload, cidr, r.port))
      .map((cidr) => `${r.ingress} ${r.scheme} ${cidr} -> ${r.workload.metadata.name}:${r.port}`),
  );
}

describe.each(exampleEnvs().map((e) => [e.name] as const))("%s", (env) => {
  const objects = clusterObjects(env);
  const subnets = (scheme: Scheme) => albSubnets(terraformModel(), `${env}-network`, scheme);

  test("each scheme has one subnet per zone to place its ALB in", () => {
    expect(subnets("internet-facing")).toHaveLength(3);
    expect(subnets("internal")).toHaveLength(3);
  });

  test("every ALB reaches the pods behind its Ingress from each of its subnets", () => {
    const all = routes(objects);
    expect(new Set(all.map((r) => r.scheme))).toEqual(new Set(["internet-facing", "internal"]));
    expect(unreachable(objects, subnets)).toEqual([]);
  });

  test("with internal ALBs placed in the worker subnets (the old tagging), the UIs are unreachable", () => {
    const workers = terraformModel()
      .ofType("aws_subnet")
      .filter((s) => s.stack === `${env}-network` && ((s.attrs.tags ?? {}) as Attrs).Tier === "workers")
      .map((s) => String(s.attrs.cidr_block));
    expect(workers).toHaveLength(3);
    const blocked = unreachable(objects, (scheme) => (scheme === "internal" ? workers : subnets(scheme)));
    expect(blocked.length).toBeGreaterThanOrEqual(6); // ANM and API Manager, three subnets each
    expect(blocked.every((b) => / internal /.test(b))).toBe(true);
  });
});

test("an ipBlock exception that covers one ALB subnet cuts the gateway off from it", () => {
  const objects = structuredClone(clusterObjects("prod")) as K8sObject[];
  const [first] = albSubnets(terraformModel(), "prod-network", "internet-facing");
  const policy = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "gateway-public")!;
  const rules = (policy.spec as { ingress: { from: { ipBlock?: { cidr: string; except?: string[] } }[] }[] })
    .ingress;
  for (const rule of rules)
    for (const peer of rule.from) if (peer.ipBlock?.cidr === first) peer.ipBlock.except = [first];
  // One line per host of the Ingress: the same subnet, cut off from the same pods.
  const blocked = unreachable(objects, (scheme) => albSubnets(terraformModel(), "prod-network", scheme));
  expect(blocked.length).toBeGreaterThan(0);
  expect([...new Set(blocked)]).toEqual([`gateway-public internet-facing ${first} -> gateway-public:8065`]);
});
