// Pod-to-pod flows of the APIM namespace, evaluated through the NetworkPolicies Flux applies:
// a flow passes when a policy of the source admits it as egress and a policy of the destination
// admits it as ingress (the VPC CNI enforces both ends). The load test reaches the gateways
// through the public ALB (test/alb-reachability.test.ts), not pod to pod. Both ways: every flow of the table is
// allowed, every other pair of APIM workloads and declared container port is denied.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { npAllows, podEndpoint } from "../policy/reachability";
import { clusterObjects, exampleEnvs } from "./support/synth-output";

/** The flows the product needs between its pods: [from, to, port, why]. */
const REQUIRED: readonly [string, string, number, string][] = [
  ["gateway-*", "admin-node-manager", 8090, "gateways register with ANM and report to it"],
  ["api-manager", "admin-node-manager", 8090, "API Manager runs in a gateway instance managed by ANM"],
  [
    "admin-node-manager",
    "gateway-*",
    8085,
    "ANM deploys to and monitors each gateway on its management port",
  ],
  ["admin-node-manager", "api-manager", 8085, "ANM manages the API Manager's instance too"],
  ["gateway-*", "api-manager", 8075, "gateways call the API Manager for the API catalogue"],
];

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** Both ends' NetworkPolicies (policy/reachability.ts): the source's egress, the target's ingress. */
function allowed(objects: readonly K8sObject[], from: K8sObject, to: K8sObject, port: number): boolean {
  const [source, target] = [podEndpoint(from, []), podEndpoint(to, [])];
  return npAllows(objects, from, "Egress", target, port) && npAllows(objects, to, "Ingress", source, port);
}

const name = (w: K8sObject) => w.metadata.name;
const workloadsOf = (objects: readonly K8sObject[]) =>
  objects.filter((o) => (o.kind === "Deployment" || o.kind === "CronJob") && o.metadata.namespace === "apim");

/** Required flows a NetworkPolicy blocks: "<from> -> <to>:<port>". */
function blockedFlows(objects: readonly K8sObject[]): string[] {
  const workloads = workloadsOf(objects);
  const blocked: string[] = [];
  for (const [fromPattern, toPattern, port] of REQUIRED) {
    const sources = workloads.filter((w) => matches(fromPattern, name(w)));
    const targets = workloads.filter((w) => matches(toPattern, name(w)));
    expect({ fromPattern, sources: sources.length > 0, targets: targets.length > 0 }).toEqual({
      fromPattern,
      sources: true,
      targets: true,
    });
    for (const s of sources)
      for (const t of targets)
        if (!allowed(objects, s, t, port)) blocked.push(`${name(s)} -> ${name(t)}:${port}`);
  }
  return blocked;
}

/** Pairs of workloads and declared ports outside the table that the policies let through. */
function openPairs(objects: readonly K8sObject[]): string[] {
  const workloads = workloadsOf(objects);
  const open: string[] = [];
  for (const s of workloads)
    for (const t of workloads)
      for (const port of podEndpoint(t, []).ports) {
        if (s === t) continue;
        const required = REQUIRED.some(
          ([f, d, p]) => matches(f, name(s)) && matches(d, name(t)) && p === port,
        );
        if (!required && allowed(objects, s, t, port)) open.push(`${name(s)} -> ${name(t)}:${port}`);
      }
  return open;
}

describe.each(exampleEnvs().map((e) => [e.name] as const))("%s", (env) => {
  const objects = clusterObjects(env);

  test("every required flow is allowed at both ends", () => {
    expect(blockedFlows(objects)).toEqual([]);
  });

  test("every other pair of workloads and declared port is denied", () => {
    // The sweep has ports to try: those the APIM containers declare (every env has the public group).
    expect(
      Object.fromEntries(workloadsOf(objects).map((w) => [name(w), podEndpoint(w, []).ports])),
    ).toMatchObject({
      "admin-node-manager": [8090],
      "api-manager": [8075, 8085],
      "gateway-public": [8065, 8080, 8085],
    });
    expect(openPairs(objects)).toEqual([]);
  });
});

describe("bad cases", () => {
  const policy = (objects: K8sObject[], policyName: string) =>
    objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === policyName)!.spec as {
      egress: { ports: { port: number }[] }[];
      ingress: { from: unknown[]; ports: { port: number }[] }[];
    };

  test("ANM's policy without egress to the management port blocks ANM -> gateway and API Manager", () => {
    const objects = structuredClone(clusterObjects("prod")) as K8sObject[];
    const anm = policy(objects, "admin-node-manager");
    anm.egress = anm.egress.filter((rule) => !rule.ports.some((p) => p.port === 8085));
    expect(blockedFlows(objects)).toEqual([
      "admin-node-manager -> gateway-public:8085",
      "admin-node-manager -> gateway-partner:8085",
      "admin-node-manager -> api-manager:8085",
    ]);
  });

  test("a gateway that may send anywhere and an API Manager that admits anyone open a pair outside the table", () => {
    const objects = structuredClone(clusterObjects("prod")) as K8sObject[];
    policy(objects, "gateway-public").egress.push({ ports: [] });
    policy(objects, "api-manager").ingress.push({ from: [{ podSelector: {} }], ports: [] });
    expect(openPairs(objects)).toEqual(["gateway-public -> api-manager:8085"]);
  });
});
