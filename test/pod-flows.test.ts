// Pod-to-pod flows of the APIM namespace, evaluated through the NetworkPolicies Flux applies:
// a flow passes when a policy of the source admits it as egress and a policy of the destination
// admits it as ingress (the VPC CNI enforces both ends). The load test reaches the gateways
// through the public ALB (test/alb-reachability.test.ts), not pod to pod. Both ways: every flow of the table is
// allowed, every other pair of APIM workloads and declared container port is denied.
import { K8sObject } from "../lib/manifests/kustomize-lite";
import { selects } from "../policy/label-selector";
import { podLabels } from "../policy/pod-model";
import { clusterObjects, exampleEnvs } from "./support/synth-output";

type Json = Record<string, unknown>;

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

function policiesOf(objects: readonly K8sObject[], pod: K8sObject, type: "Ingress" | "Egress"): Json[] {
  return objects
    .filter(
      (p) =>
        p.kind === "NetworkPolicy" &&
        p.metadata.namespace === pod.metadata.namespace &&
        selects((p.spec as Json).podSelector ?? {}, podLabels(pod), true) &&
        ((p.spec as Json).policyTypes as string[]).includes(type),
    )
    .map((p) => p.spec as Json);
}

function admits(rules: Json[] | undefined, peerKey: "from" | "to", peer: K8sObject, port: number): boolean {
  return (rules ?? []).some((rule) => {
    const peers = (rule[peerKey] as Json[] | undefined) ?? [];
    const ports = (rule.ports as Json[] | undefined) ?? [];
    const portOk = !ports.length || ports.some((p) => Number(p.port) === port);
    const peerOk =
      !peers.length || peers.some((x) => !!x.podSelector && selects(x.podSelector, podLabels(peer), true));
    return portOk && peerOk;
  });
}

function allowed(objects: readonly K8sObject[], from: K8sObject, to: K8sObject, port: number): boolean {
  const out = policiesOf(objects, from, "Egress");
  const into = policiesOf(objects, to, "Ingress");
  const egressOk = !out.length || out.some((p) => admits(p.egress as Json[], "to", to, port));
  const ingressOk = !into.length || into.some((p) => admits(p.ingress as Json[], "from", from, port));
  return egressOk && ingressOk;
}

function declaredPorts(w: K8sObject): number[] {
  const spec =
    w.kind === "CronJob" ? (((w.spec as Json).jobTemplate as Json).spec as Json) : (w.spec as Json);
  const containers = ((spec.template as Json).spec as Json).containers as Json[];
  return containers.flatMap((c) =>
    ((c.ports as Json[] | undefined) ?? []).map((p) => Number(p.containerPort)),
  );
}

describe.each(exampleEnvs().map((e) => [e.name] as const))("%s", (env) => {
  const objects = clusterObjects(env);
  const workloads = objects.filter(
    (o) => (o.kind === "Deployment" || o.kind === "CronJob") && o.metadata.namespace === "apim",
  );
  const name = (w: K8sObject) => w.metadata.name;

  test("every required flow is allowed at both ends", () => {
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
    expect(blocked).toEqual([]);
  });

  test("every other pair of workloads and declared port is denied", () => {
    const open: string[] = [];
    for (const s of workloads)
      for (const t of workloads)
        for (const port of declaredPorts(t)) {
          if (s === t) continue;
          const required = REQUIRED.some(
            ([f, d, p]) => matches(f, name(s)) && matches(d, name(t)) && p === port,
          );
          if (!required && allowed(objects, s, t, port)) open.push(`${name(s)} -> ${name(t)}:${port}`);
        }
    expect(open).toEqual([]);
  });
});
