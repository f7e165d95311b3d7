// Zero-downtime rollouts as the load balancer controller and Flux run them (K8S-14): new pods are
// ALB targets before old ones go (readiness gate injection), old targets drain within their pods'
// grace period, and the schema Job is not recreated by Flux every day.
import { parse } from "yaml";
import { routes } from "./support/ingress-routes";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";

type Json = Record<string, unknown>;

describe.each(exampleEnvs().map((e) => [e.name] as const))("%s", (env) => {
  const objects = clusterObjects(env);

  test("the APIM namespace gets the controller's pod readiness gate", () => {
    const ns = objects.find((o) => o.kind === "Namespace" && o.metadata.name === "apim")!;
    expect(ns.metadata.labels?.["elbv2.k8s.aws/pod-readiness-gate-inject"]).toBe("enabled");
  });

  test("every ALB target drains within its pod's grace period, behind a preStop pause", () => {
    const served = routes(objects);
    expect(new Set(served.map((r) => r.ingress)).size).toBeGreaterThanOrEqual(3);
    for (const { ingress, workload: deployment } of served) {
      const ing = objects.find((o) => o.kind === "Ingress" && o.metadata.name === ingress)!;
      const attrs = String(ing.metadata.annotations?.["alb.ingress.kubernetes.io/target-group-attributes"]);
      const delay = Number(/deregistration_delay\.timeout_seconds=(\d+)/.exec(attrs)?.[1]);
      const pod = ((deployment.spec as Json).template as Json).spec as Json;
      const grace = Number(pod.terminationGracePeriodSeconds);
      const main = (pod.containers as Json[])[0];
      const preStop = ((((main.lifecycle as Json).preStop as Json).exec as Json).command as string[]).join(
        " ",
      );
      const pause = Number(/sleep (\d+)/.exec(preStop)?.[1]);
      expect({ ingress: ing.metadata.name, drainsInGrace: delay > 0 && delay <= grace }).toEqual({
        ingress: ing.metadata.name,
        drainsInGrace: true,
      });
      expect(pause).toBeGreaterThanOrEqual(5); // the ALB stops routing before the process stops
      expect(pause).toBeLessThan(grace);
    }
  });

  test("the schema Job has no TTL (Flux would recreate and rerun it) and is replaceable", () => {
    const job = objects.find((o) => o.kind === "Job" && o.metadata.name === "metrics-schema")!;
    expect((job.spec as Json).ttlSecondsAfterFinished).toBeUndefined();
    expect(job.metadata.annotations?.["kustomize.toolkit.fluxcd.io/force"]).toBe("enabled");
  });
});

test.each(exampleEnvs().map((e) => [e.name] as const))(
  "%s: the root Kustomization waits at least as long as the chain it applies takes",
  (name) => {
    const platform = terraformModel().stacks.find((s) => s.name === `${name}-platform`)!;
    const releases = ((platform.json.resource as Json).helm_release ?? {}) as Record<string, Json>;
    const sync = Object.values(releases).find(
      (r) => r.name === "flux-system" || String(r.chart).includes("flux2-sync"),
    )!;
    const values = parse(String((sync.values as string[])[0])) as {
      kustomization: { spec: { timeout: string } };
    };
    const minutes = (d: string) => {
      const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(d)!;
      return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
    };
    const chain = clusterObjects(name)
      .filter((o) => o.kind === "Kustomization" && o.metadata.namespace === "flux-system")
      .map((k) => minutes(String((k.spec as Json).timeout)));
    expect(chain).toHaveLength(4);
    expect(minutes(values.kustomization.spec.timeout)).toBeGreaterThanOrEqual(
      chain.reduce((a, b) => a + b, 0),
    );
  },
);

describe.each(exampleEnvs().map((e) => [e.name] as const))("%s: scheduling through a zone outage", (env) => {
  const objects = clusterObjects(env);

  test("the gateways' strict zone spread leaves out tainted (unreachable) nodes and counts per revision", () => {
    const gateways = objects.filter((o) => o.kind === "Deployment" && o.metadata.name.startsWith("gateway-"));
    const groups = exampleEnvs().find((e) => e.name === env)!.apim.gatewayGroups;
    expect(gateways.map((g) => g.metadata.name).sort()).toEqual(
      groups.map((g) => `gateway-${g.name}`).sort(),
    );
    for (const g of gateways) {
      const spread = (((g.spec as Json).template as Json).spec as Json).topologySpreadConstraints as Json[];
      const zone = spread.find((c) => c.topologyKey === "topology.kubernetes.io/zone")!;
      expect(zone).toMatchObject({
        whenUnsatisfiable: "DoNotSchedule",
        nodeTaintsPolicy: "Honor",
        matchLabelKeys: ["pod-template-hash"],
      });
    }
  });

  test("the autoscaler treats the per-zone apim groups as similar despite their own launch templates", () => {
    const ca = objects.find((o) => o.kind === "HelmRelease" && o.metadata.name === "cluster-autoscaler")!;
    const args = ((ca.spec as Json).values as Json).extraArgs as Record<string, unknown>;
    expect(args["balance-similar-node-groups"]).toBe(true);
    const ignored = Object.entries(args)
      .filter(([k]) => k.split("_")[0] === "balancing-ignore-label")
      .map(([, v]) => v);
    expect(ignored).toEqual(
      expect.arrayContaining([
        "eks.amazonaws.com/sourceLaunchTemplateId",
        "eks.amazonaws.com/sourceLaunchTemplateVersion",
        "eks.amazonaws.com/nodegroup",
      ]),
    );
  });
});
