// Capacity and placement, proven per env: the EKS allocatable formula, the data of lib/capacity.ts
// against the built manifests and the synthesized node groups, every pod on a node of the group
// its nodeSelector and tolerations pick, the HPA maxima, a rolling update and one zone down
// (lib/capacity.ts), and the config rules that refuse what does not fit (envs/rules.ts).
import { dev } from "../envs/dev";
import { prod } from "../envs/prod";
import { test as testEnv } from "../envs/test";
import { validateEnvironments } from "../envs/validate";
import {
  ALB_CERTIFICATES_PER_LISTENER,
  APIM_ROLLOUT,
  capacityModel,
  CLUSTER_PODS,
  DAEMONSETS,
  envCapacity,
  NON_HEAP_OVERHEAD_MIB,
  nodeShape,
  podRequests,
  RenderedAt,
  Requests,
} from "../lib/capacity";
import { kubeReservedCpuMilli, nodeAllocatable } from "../lib/instance-capacity";
import { cpuMilli, memoryMib } from "../lib/quantity";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { capacityReport } from "../policy/capacity-report";
import { asArray, Attrs } from "../policy/terraform-model";
import { clusterObjects, exampleEnvs, terraformModel } from "./support/synth-output";
import { problemsOf } from "./support/config-problems";

type Json = Record<string, unknown>;
const ENVS = ["dev", "test", "prod"] as const;

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Json)[k] : undefined), value);
}

function requestsOf(resources: unknown): Requests {
  const r = (at(resources, ["requests"]) ?? {}) as Json;
  return {
    cpuMilli: r.cpu === undefined ? 0 : cpuMilli(String(r.cpu)),
    memoryMib: r.memory === undefined ? 0 : memoryMib(String(r.memory)),
  };
}

function podSpec(o: K8sObject): Json | undefined {
  const path =
    o.kind === "CronJob" ? ["spec", "jobTemplate", "spec", "template", "spec"] : ["spec", "template", "spec"];
  return ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"].includes(o.kind)
    ? (at(o, path) as Json)
    : undefined;
}

function podOf(spec: Json): Requests {
  return podRequests(
    asArray<Json>(spec.containers).map((c) => requestsOf(c.resources)),
    asArray<Json>(spec.initContainers).map((c) => requestsOf(c.resources)),
  );
}

/** The node pools of an env's cluster stack: groups of the same labels (the per-zone groups of `apim`). */
function pools(env: string) {
  const groups = terraformModel()
    .ofType("aws_eks_node_group")
    .filter((g) => g.stack === `${env}-cluster`);
  const byRole = new Map<string, { labels: Json; taints: Json[]; groups: typeof groups }>();
  for (const g of groups) {
    const labels = (g.attrs.labels ?? {}) as Json;
    const role = String(labels["apim.axway.com/node-role"]);
    const effect = {
      NO_SCHEDULE: "NoSchedule",
      NO_EXECUTE: "NoExecute",
      PREFER_NO_SCHEDULE: "PreferNoSchedule",
    };
    const taints = asArray<Json>(g.attrs.taint).map((t) => ({
      ...t,
      effect: effect[t.effect as keyof typeof effect],
    }));
    byRole.set(role, { labels, taints, groups: [...(byRole.get(role)?.groups ?? []), g] });
  }
  return byRole;
}

function tolerates(tolerations: Json[], taint: Json): boolean {
  return tolerations.some(
    (t) =>
      (t.key === undefined && t.operator === "Exists") ||
      (t.key === taint.key &&
        (t.operator === "Exists" || t.value === taint.value) &&
        (t.effect === undefined || t.effect === taint.effect)),
  );
}

/** The pools a pod may run on: labels match its nodeSelector, it tolerates every taint. */
function poolsFor(env: string, spec: Json | undefined): string[] {
  const selector = (spec?.nodeSelector ?? {}) as Json;
  const tolerations = asArray<Json>(spec?.tolerations);
  return [...pools(env)]
    .filter(
      ([, p]) =>
        Object.entries(selector).every(([k, v]) => p.labels[k] === v) &&
        p.taints.every((t) => tolerates(tolerations, t)),
    )
    .map(([role]) => role);
}

describe("node allocatable (EKS AMI formula)", () => {
  test("kube-reserved CPU: 6 % of core 1, 1 % of core 2, 0.5 % of cores 3-4, 0.25 % after", () => {
    expect([1, 2, 4, 8, 16].map(kubeReservedCpuMilli)).toEqual([60, 70, 80, 90, 110]);
  });

  test("m5.large: 1930m, 29 pods, 8192 MiB x 0.925 - (11 x 29 + 255) - 100 = 6903 MiB", () => {
    expect(nodeAllocatable("m5.large")).toEqual({
      instanceType: "m5.large",
      vcpus: 2,
      memoryMib: 8192,
      maxPods: 29,
      cpuMilli: 1930,
      allocatableMemoryMib: 6903,
    });
    expect(nodeAllocatable("m5.4xlarge")?.maxPods).toBe(110); // 234 by ENIs, capped below 30 vCPUs
    expect(nodeAllocatable("x9.unknown")).toBeUndefined();
  });
});

describe.each(ENVS)("%s: the data of lib/capacity.ts is what we render", (name) => {
  const objects = () => clusterObjects(name);
  const release = (n: string) => objects().find((o) => o.kind === "HelmRelease" && o.metadata.name === n);
  const rendered = (source: RenderedAt | string) => {
    if (typeof source === "string") return undefined;
    if ("helmRelease" in source) {
      const values = at(release(source.helmRelease), ["spec", "values"]);
      return {
        requests: requestsOf(at(values, source.resources)),
        replicas: source.replicas && at(values, source.replicas),
        placement: at(values, source.resources.slice(0, -1)) as Json,
      };
    }
    const o = objects().find((x) => x.kind === source.kind && x.metadata.name === source.name);
    const spec = o && podSpec(o);
    return spec && { requests: podOf(spec), replicas: undefined, placement: spec };
  };

  test("DaemonSets we render: the numbers of their HelmRelease values", () => {
    const ours = DAEMONSETS.filter((x) => typeof x.source !== "string");
    // The others are EKS add-ons, known by their documented defaults.
    expect(ours.map((d) => d.name)).toEqual(["fluent-bit", "prometheus-node-exporter"]);
    for (const d of ours) {
      const r = rendered(d.source)!;
      expect([d.name, r.requests]).toEqual([d.name, d.requests]);
      // They run on every node: they tolerate every taint of every pool.
      expect([d.name, poolsFor(name, r.placement).sort()]).toEqual([d.name, [...pools(name).keys()].sort()]);
    }
  });

  test("controllers and jobs we render: requests, replicas and node group of their values or pod templates", () => {
    const ours = CLUSTER_PODS.filter((x) => typeof x.source !== "string");
    // The controllers of our HelmReleases, the load test and the schema Job (the rest are EKS
    // add-ons and the platform stack's Flux, known by their charts' defaults).
    expect(ours.map((p) => p.name).sort()).toEqual(
      [
        "aws-load-balancer-controller",
        "external-secrets",
        "external-secrets-webhook",
        "external-secrets-cert-controller",
        "external-dns",
        "cluster-autoscaler",
        "metrics-server",
        "load-test",
        "metrics-schema",
        "prometheus-operator",
        "prometheus",
        "alertmanager",
        "grafana",
        "kube-state-metrics",
      ].sort(),
    );
    for (const p of ours) {
      const r = rendered(p.source);
      expect([p.name, r !== undefined]).toEqual([p.name, true]);
      expect([p.name, r!.requests]).toEqual([p.name, p.requests]);
      if (r!.replicas !== undefined) expect([p.name, r!.replicas]).toEqual([p.name, p.replicas]);
      expect([p.name, poolsFor(name, r!.placement)]).toEqual([p.name, [p.nodeGroup]]);
    }
  });

  test("every pod template of the manifests is in the model with the same request, group and bounds", () => {
    const env = exampleEnvs().find((e) => e.name === name)!;
    const model = capacityModel(env);
    const hpa = (target: string) =>
      objects().find(
        (o) => o.kind === "HorizontalPodAutoscaler" && at(o, ["spec", "scaleTargetRef", "name"]) === target,
      );
    const pdb = (n: string) =>
      objects().find((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === n);
    const templates = objects().filter((o) => podSpec(o));
    expect(templates.length).toBeGreaterThan(0);
    for (const o of templates) {
      const spec = podSpec(o)!;
      const demand = model.demands.find((d) => d.name === o.metadata.name);
      expect([o.metadata.name, demand !== undefined]).toEqual([o.metadata.name, true]);
      expect([o.metadata.name, podOf(spec)]).toEqual([o.metadata.name, demand!.requests]);
      expect([o.metadata.name, poolsFor(name, spec)]).toEqual([o.metadata.name, [demand!.nodeGroup]]);
      if (o.kind !== "Deployment") continue;
      const h = hpa(o.metadata.name);
      const bounds = h
        ? [at(h, ["spec", "minReplicas"]), at(h, ["spec", "maxReplicas"])]
        : [at(o, ["spec", "replicas"]), at(o, ["spec", "replicas"])];
      expect([o.metadata.name, bounds]).toEqual([
        o.metadata.name,
        [demand!.minReplicas, demand!.maxReplicas],
      ]);
      const zone = asArray<Json>(spec.topologySpreadConstraints).find(
        (t) => t.topologyKey === "topology.kubernetes.io/zone",
      );
      const hard = zone?.whenUnsatisfiable === "DoNotSchedule" && zone.maxSkew === 1;
      expect([o.metadata.name, hard ? "hard" : "soft"]).toEqual([o.metadata.name, demand!.zoneSpread]);
      const surge = at(o, ["spec", "strategy", "rollingUpdate", "maxSurge"]);
      const budget = pdb(o.metadata.name);
      if (demand!.zoneSpread === "hard") {
        expect(surge).toBe(`${APIM_ROLLOUT.gateway.maxSurgePercent}%`);
        expect(at(budget, ["spec", "maxUnavailable"])).toBe(APIM_ROLLOUT.gateway.pdbMaxUnavailable);
      } else {
        expect([o.metadata.name, surge]).toEqual([o.metadata.name, APIM_ROLLOUT.singleton.maxSurge]);
        expect(budget).toBeUndefined();
      }
    }
  });

  test("the node groups of the model are the synthesized ones: per-zone apim groups, one monitoring group", () => {
    const env = exampleEnvs().find((e) => e.name === name)!;
    const model = capacityModel(env);
    const tf = terraformModel();
    expect(model.groups.map((g) => [g.name, g.zonal])).toEqual([
      ["apim", true],
      ["monitoring", false],
    ]);
    for (const group of model.groups) {
      const synthesized = pools(name).get(group.name)!.groups;
      expect(synthesized.map((g) => asArray<string>(g.attrs.instance_types))).toEqual(
        synthesized.map(() => [group.instanceType]),
      );
      const zonesOf = (g: (typeof synthesized)[number]) =>
        asArray<string>(g.attrs.subnet_ids).map((s) => tf.resolve(g.stack, s)?.attrs.availability_zone);
      const max = (g: (typeof synthesized)[number]) => Number((g.attrs.scaling_config as Attrs).max_size);
      if (group.zonal) {
        // Defect 5: one group per zone, each in its zone's worker subnet only.
        expect(synthesized.map(zonesOf)).toEqual(env.aws.availabilityZones.map((z) => [z]));
        expect(synthesized.map(max)).toEqual(group.maxPerZone);
      } else {
        // The monitoring group lives in one zone, with Prometheus's EBS volume.
        expect(synthesized).toHaveLength(1);
        expect(zonesOf(synthesized[0])).toEqual([env.aws.availabilityZones[0]]);
        expect(max(synthesized[0])).toBe(group.maxSize);
      }
    }
  });
});

describe.each(ENVS)("%s: capacity and placement", (name) => {
  test("every pod of the manifests fits a node of the group it runs on (defect 1)", () => {
    const env = exampleEnvs().find((e) => e.name === name)!;
    for (const o of clusterObjects(name).filter((x) => podSpec(x))) {
      const spec = podSpec(o)!;
      const [pool] = poolsFor(name, spec);
      const group = pool === "apim" ? env.nodeGroups.apim : env.nodeGroups.monitoring;
      const free = nodeShape(group.instanceType, DAEMONSETS)!.free;
      const pod = podOf(spec);
      expect([o.metadata.name, pod.cpuMilli <= free.cpuMilli, pod.memoryMib <= free.memoryMib]).toEqual([
        o.metadata.name,
        true,
        true,
      ]);
    }
  });

  test("every JVM container requests its heap plus the non-heap overhead (defect 11)", () => {
    const env = exampleEnvs().find((e) => e.name === name)!;
    const judged: string[] = [];
    for (const o of clusterObjects(name).filter((x) => podSpec(x))) {
      for (const c of asArray<Json>(podSpec(o)!.containers)) {
        const heap = asArray<Json>(c.env).find((e) => e.name === "EMT_HEAP_SIZE_MB");
        if (!heap) continue;
        judged.push(String(c.name));
        const requested = requestsOf(c.resources).memoryMib;
        expect([c.name, requested >= Number(heap.value) + NON_HEAP_OVERHEAD_MIB]).toEqual([c.name, true]);
      }
    }
    // The JVMs: ANM, the API Manager and each gateway group's gateways.
    expect(judged.sort()).toEqual(
      ["admin-node-manager", "api-manager", ...env.apim.gatewayGroups.map((g) => `gateway-${g.name}`)].sort(),
    );
  });

  test("each ALB's hosts fit its certificate quota (defect 14)", () => {
    const hosts = new Map<string, Set<string>>();
    for (const ing of clusterObjects(name).filter((o) => o.kind === "Ingress")) {
      const group = String(at(ing, ["metadata", "annotations", "alb.ingress.kubernetes.io/group.name"]));
      for (const tls of asArray<Json>(at(ing, ["spec", "tls"]))) {
        for (const h of asArray<string>(tls.hosts))
          hosts.set(group, new Set([...(hosts.get(group) ?? []), h]));
      }
    }
    // Two ALBs: the internet-facing one and the internal one.
    expect([...hosts.keys()].sort()).toEqual(["apim-internal", "apim-public"]);
    for (const [group, set] of hosts)
      expect([group, set.size <= ALB_CERTIFICATES_PER_LISTENER + 1]).toEqual([group, true]);
  });

  test("HPA maxima, rolling update, one zone down and Cassandra quorum fit", () => {
    const env = exampleEnvs().find((e) => e.name === name)!;
    const { findings } = envCapacity(env);
    // Every check ran on each node group (none skipped for want of capacity data), and the ring's.
    const checks = ["pod fits a node", "HPA maxima", "rolling update", "one zone down"];
    expect(findings.map((f) => `${f.group}: ${f.check}`)).toEqual([
      ...checks.map((c) => `apim: ${c}`),
      ...checks.map((c) => `monitoring: ${c}`),
      "cassandra: Cassandra quorum",
    ]);
    expect(findings.filter((f) => !f.ok).map((f) => f.message)).toEqual([]);
  });

  test("the report shows every group and every check", () => {
    const env = exampleEnvs().find((e) => e.name === name)!;
    const lines = capacityReport(env);
    expect(lines.filter((l) => /^\| (apim|monitoring) \| m5/.test(l))).toHaveLength(2);
    // 4 checks on each of the 2 groups, and the Cassandra quorum.
    expect(lines.filter((l) => l.includes("| fits |"))).toHaveLength(9);
  });
});

describe("the config rules refuse what does not fit: one line naming env, group and numbers", () => {
  test("prod's numbers: 12 + 6 gateways at 500m / 1792 MiB need 12 m5.large nodes with a rolling update", () => {
    const env = validateEnvironments([prod])[0];
    const apim = envCapacity(env).groups.find((g) => g.group.name === "apim")!;
    expect(apim.shape.free).toEqual({ cpuMilli: 1625, memoryMib: 6503, pods: 22 });
    expect(apim.group.maxPerZone).toEqual([4, 4, 4]);
    // 9 nodes hold the maxima but not a release's rolling update: 3 + 2 extra gateways at once.
    expect(problemsOf(prod, (e) => (e.nodeGroups.apim.maxSize = 9))).toEqual([
      expect.stringMatching(
        /^env "prod": nodeGroups\.apim\.maxSize = 9: node group apim: a release rolling every Deployment at once at the maxima \(gateway-public \+3, gateway-partner \+2\): 46 pods need 15\.54 CPU .* 9 m5\.large nodes \(3\/3\/3 per zone\).*; maxSize 12 would hold it \(K8S-8\)$/,
      ),
    ]);
  });

  test("a larger request: a gateway pod that no node can hold", () => {
    expect(
      problemsOf(prod, (e) => {
        const g = e.apim.gatewayGroups[0];
        g.sizing = {
          ...g.sizing,
          resources: { ...g.sizing.resources, requests: { cpu: "2", memory: "1792Mi" } },
        };
      }),
    ).toEqual([
      'env "prod": nodeGroups.apim.instanceType = "m5.large": node group apim: pod gateway-public requests 2000m / 1792 MiB; a m5.large node has 1625m / 6503 MiB / 22 pods per node after DaemonSets (1930m / 6903 MiB allocatable) (K8S-8, SIZ-1)',
    ]);
  });

  test("a smaller node type: the gateways' maxima no longer fit", () => {
    expect(problemsOf(prod, (e) => (e.nodeGroups.apim.instanceType = "c5.large"))).toEqual([
      expect.stringMatching(
        /^env "prod": nodeGroups\.apim\.maxSize = 12: node group apim: at the HPA maxima \(gateway-public 12, gateway-partner 6\) plus singletons 41 pods need 13\.04 CPU \/ 38\.3 GiB; 12 c5\.large nodes \(4\/4\/4 per zone\) free 19\.50 CPU \/ 31\.8 GiB: no node is left for \d+ of the 12 pods of gateway-public \(500m \/ 1792 MiB each\) within its zone spread \(maxSkew 1\); maxSize (1[5-9]|[2-4]\d) would hold it \(K8S-8, K8S-9\)$/,
      ),
    ]);
  });

  test("a higher maximum: test's 6 nodes cannot hold 12 gateways", () => {
    expect(problemsOf(testEnv, (e) => (e.apim.gatewayGroups[0].maxReplicas = 12))).toEqual([
      expect.stringMatching(
        /^env "test": nodeGroups\.apim\.maxSize = 6: node group apim: (at the HPA maxima \(gateway-public 12\)|a release rolling every Deployment at once at the maxima \(gateway-public \+3\)).* 6 m5\.large nodes \(2\/2\/2 per zone\)/,
      ),
    ]);
  });

  test("one zone down: the PDB minima must fit the other two zones", () => {
    expect(
      problemsOf(testEnv, (e) => {
        e.apim.gatewayGroups[0].minReplicas = 6;
        e.apim.gatewayGroups[0].maxReplicas = 6;
      }),
    ).toEqual([
      expect.stringMatching(
        /^env "test": nodeGroups\.apim\.maxSize = 6: node group apim: with eu-west-1a down, the PDB minima and singletons \(\d+ pods need [\d.]+ CPU \/ [\d.]+ GiB\) do not fit 4 nodes of the other zones: .* \(HA-1\)$/,
      ),
    ]);
  });

  test("a memory request below heap + overhead (today's API Manager: 512Mi for a 1024 MB heap)", () => {
    expect(
      problemsOf(prod, (e) => {
        const s = e.apim.apiManager.sizing;
        e.apim.apiManager.sizing = {
          ...s,
          resources: { ...s.resources, requests: { ...s.resources.requests, memory: "512Mi" } },
        };
      }),
    ).toEqual([
      'env "prod": apim.apiManager.sizing.resources.requests.memory = "512Mi": API Manager: a 512Mi memory request is below its 1024 MB heap + 256 MiB non-heap overhead (1280 MiB) (K8S-5)',
    ]);
  });

  test("more hosts on the public ALB than its certificate quota", () => {
    const problems = problemsOf(dev, (e) => {
      const [first] = e.apim.gatewayGroups;
      for (let i = 0; i < 25; i++) {
        e.apim.gatewayGroups.push({
          ...first,
          name: `g${i}`,
          host: `g${i}.dev.apim.example.com`,
          imageRepository: `apim/gateway-g${i}`,
          emtDeploymentEnabled: false,
        });
      }
      e.nodeGroups.apim.maxSize = 30;
      e.network.vpcCidr = "10.10.0.0/18";
    });
    expect(problems).toEqual([expect.stringContaining('env "dev": apim.gatewayGroups = [{"name":"public",')]);
    expect(problems[0]).toContain(
      "the public ALB serves 27 hosts with a certificate each; a listener takes 26 (its default and 25 more, the Elastic Load Balancing quota)",
    );
  });

  test("the apim maximum is a multiple of the zone count, with room above each zone's minimum", () => {
    expect(problemsOf(prod, (e) => (e.nodeGroups.apim.maxSize = 10))).toEqual([
      'env "prod": nodeGroups.apim.maxSize = 10: must be a multiple of 3: one node group per zone, each up to maxSize / 3 (K8S-8, HA-1)',
    ]);
    expect(
      problemsOf(
        prod,
        (e) => (e.nodeGroups.apim = { ...e.nodeGroups.apim, minSize: 12, desiredSize: 12, maxSize: 12 }),
      ),
    ).toEqual([
      expect.stringContaining(
        "leaves a zone's node group no room to scale: 4 per zone at most, up to 4 at least",
      ),
    ]);
  });
});
