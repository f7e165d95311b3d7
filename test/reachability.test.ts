// Reachability end to end (policy/reachability.ts) for every env: every required flow passes the
// security groups of both ends and the pods' NetworkPolicies, and every other pair of ALB or APIM
// pod and pod or data-service port is denied. Bad cases put back one defect each.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { reachability, REQUIRED_FLOWS } from "../policy/reachability";
import { TerraformModel } from "../policy/terraform-model";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";

type Json = Record<string, unknown>;
const prod = exampleEnvs().find((e) => e.name === "prod")!;

describe.each(exampleEnvs().map((e) => [e.name, e] as const))("%s", (name, env) => {
  const r = reachability(env, terraformModel(), clusterObjects(name));

  test("every required flow is allowed end to end", () => {
    expect(r.required.length).toBeGreaterThanOrEqual(REQUIRED_FLOWS.length);
    // Flows the product needs in every env (each env has the public gateway group).
    expect(r.required.map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual(
      expect.arrayContaining([
        "alb:public -> pod:gateway-public:8065",
        "alb:internal -> pod:admin-node-manager:8090",
        "alb:internal -> pod:api-manager:8075",
        "pod:admin-node-manager -> pod:gateway-public:8085",
        "pod:gateway-public -> pod:admin-node-manager:8090",
        "pod:gateway-public -> data:cassandra:9042",
        "pod:api-manager -> data:mysql:3306",
      ]),
    );
    expect(
      r.required.filter((f) => !f.allowed).map((f) => `${f.from} -> ${f.to}:${f.port} (${f.why})`),
    ).toEqual([]);
  });

  test("every other pair is denied", () => {
    expect(r.swept).toBeGreaterThan(30);
    expect(r.unexpected.map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual([]);
  });
});

describe("bad cases", () => {
  const objects = () => structuredClone(clusterObjects("prod")) as K8sObject[];

  test("a gateway policy without ANM's management ingress blocks ANM -> gateway:8085", () => {
    const changed = objects();
    const policy = changed.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "gateway-public")!;
    const spec = policy.spec as { ingress: { ports: { port: number }[] }[] };
    spec.ingress = spec.ingress.filter((rule) => !rule.ports.some((p) => p.port === 8085));
    const r = reachability(prod, terraformModel(), changed);
    expect(r.required.filter((f) => !f.allowed).map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual([
      "pod:admin-node-manager -> pod:gateway-public:8085",
    ]);
  });

  test("internal ALBs in the worker subnets (the old tagging) cannot reach the UIs", () => {
    const model = new TerraformModel(
      terraformModel().stacks.map((s) => {
        if (s.name !== "prod-network") return s;
        const json = structuredClone(s.json) as { resource: { aws_subnet: Record<string, { tags: Json }> } };
        for (const subnet of Object.values(json.resource.aws_subnet)) {
          const tags = subnet.tags as Record<string, string>;
          if (tags.Tier === "frontend") delete tags["kubernetes.io/role/internal-elb"];
          if (tags.Tier === "workers") tags["kubernetes.io/role/internal-elb"] = "1";
        }
        return { ...s, json: json as unknown as Json };
      }),
    );
    const r = reachability(prod, model, clusterObjects("prod"));
    expect(r.required.filter((f) => !f.allowed).map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual([
      "alb:internal -> pod:admin-node-manager:8090",
      "alb:internal -> pod:api-manager:8075",
    ]);
  });

  test("a frontend rule to the workers on 8090 lets the public ALB reach ANM: reported as not required", () => {
    const model = new TerraformModel(
      terraformModel().stacks.map((s) => {
        if (s.name !== "prod-network") return s;
        const json = structuredClone(s.json) as { resource: Record<string, Record<string, Json>> };
        const groups = json.resource.aws_security_group;
        const ref = (tier: string) =>
          `\${aws_security_group.${Object.keys(groups).find((k) => (groups[k].tags as Json).Tier === tier)}.id}`;
        const rule = (dir: "egress" | "ingress") => ({
          security_group_id: ref(dir === "egress" ? "frontend" : "workers"),
          referenced_security_group_id: ref(dir === "egress" ? "workers" : "frontend"),
          ip_protocol: "tcp",
          from_port: 8090,
          to_port: 8090,
          description: "flow x: injected",
        });
        json.resource.aws_vpc_security_group_egress_rule["injected"] = rule("egress");
        json.resource.aws_vpc_security_group_ingress_rule["injected"] = rule("ingress");
        return { ...s, json: json as unknown as Json };
      }),
    );
    const r = reachability(prod, model, clusterObjects("prod"));
    expect(r.unexpected.map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual([
      "alb:public -> pod:admin-node-manager:8090",
    ]);
  });

  test("Flux on port 22 would be refused at the workers' security group", () => {
    const ssh = { ...prod, flux: { ...prod.flux, repositoryUrl: "ssh://git@github.com/org/repo.git" } };
    const r = reachability(ssh, terraformModel(), clusterObjects("prod"));
    expect(r.required.filter((f) => !f.allowed).map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual([
      "node -> internet:22",
    ]);
  });
});
