// policy/workload-demands.ts: what a built pod template asks of the node groups, one rule per case,
// each from objects written by hand (Kubernetes' own semantics for the numbers).
import { workloadDemands } from "../policy/workload-demands";
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { deployment, obj } from "./fixtures/manifests/fixture";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LABELS = { "app.kubernetes.io/name": "web" };

/** A Deployment "web" in apim asking 200m / 256Mi, three replicas; `change` edits it. */
function web(change: (d: Json) => void = () => undefined): K8sObject {
  const d = deployment("web", {}, { resources: { requests: { cpu: "200m", memory: "256Mi" } } }) as Json;
  change(d);
  return d as K8sObject;
}

const hpa = (name: string, min: number, max: number, namespace = "apim", kind = "Deployment") =>
  obj("autoscaling/v2", "HorizontalPodAutoscaler", name, namespace, {
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind, name }, minReplicas: min, maxReplicas: max },
  });
const budget = (spec: Json, namespace = "apim") =>
  obj("policy/v1", "PodDisruptionBudget", "web", namespace, {
    spec: { ...spec, selector: { matchLabels: LABELS } },
  });

const demandOf = (...objects: K8sObject[]) => {
  const all = workloadDemands(objects).demands;
  expect(all).toHaveLength(1);
  return all[0];
};

describe("the pod's request", () => {
  test("the sum of its containers", () => {
    const d = demandOf(
      web((o) =>
        o.spec.template.spec.containers.push({
          name: "sidecar",
          resources: { requests: { cpu: "0.1", memory: "1Gi" } },
        }),
      ),
    );
    expect(d.requests).toEqual({ cpuMilli: 300, memoryMib: 1280 });
  });

  test("or its largest init container, where that is larger (per resource)", () => {
    const d = demandOf(
      web(
        (o) =>
          (o.spec.template.spec.initContainers = [
            { name: "migrate", resources: { requests: { cpu: "1", memory: "64Mi" } } },
          ]),
      ),
    );
    expect(d.requests).toEqual({ cpuMilli: 1000, memoryMib: 256 });
  });

  test("a container with limits only asks for its limits (Kubernetes defaults requests to limits)", () => {
    const d = demandOf(
      web((o) => (o.spec.template.spec.containers[0].resources = { limits: { cpu: "750m", memory: "1Gi" } })),
    );
    expect(d.requests).toEqual({ cpuMilli: 750, memoryMib: 1024 });
  });

  test("a sidecar (an init container that keeps running) adds to the containers", () => {
    const d = demandOf(
      web(
        (o) =>
          (o.spec.template.spec.initContainers = [
            {
              name: "proxy",
              restartPolicy: "Always",
              resources: { requests: { cpu: "100m", memory: "64Mi" } },
            },
          ]),
      ),
    );
    expect(d.requests).toEqual({ cpuMilli: 300, memoryMib: 320 });
  });

  test("an init container runs beside the sidecars started before it, not those after", () => {
    const sidecar = (name: string) => ({
      name,
      restartPolicy: "Always",
      resources: { requests: { cpu: "400m", memory: "16Mi" } },
    });
    const migrate = { name: "migrate", resources: { requests: { cpu: "300m", memory: "16Mi" } } };
    // migrate runs beside a: 700m; running, the container and both sidecars ask 1000m, which wins
    const before = demandOf(
      web((o) => (o.spec.template.spec.initContainers = [sidecar("a"), migrate, sidecar("b")])),
    );
    expect(before.requests.cpuMilli).toBe(1000);
    const large = { ...migrate, resources: { requests: { cpu: "900m", memory: "16Mi" } } };
    // 400m (a) + 900m = 1300m, above the running 1000m; b, started after it, does not count
    const first = demandOf(
      web((o) => (o.spec.template.spec.initContainers = [sidecar("a"), large, sidecar("b")])),
    );
    expect(first.requests.cpuMilli).toBe(1300);
  });

  test("the pod's overhead is added", () => {
    const d = demandOf(web((o) => (o.spec.template.spec.overhead = { cpu: "250m", memory: "120Mi" })));
    expect(d.requests).toEqual({ cpuMilli: 450, memoryMib: 376 });
  });

  test("a container without requests asks for nothing", () => {
    const d = demandOf(web((o) => delete o.spec.template.spec.containers[0].resources));
    expect(d.requests).toEqual({ cpuMilli: 0, memoryMib: 0 });
  });

  test("a CronJob's pod is its job template's", () => {
    const job = obj("batch/v1", "CronJob", "nightly", "apim", {
      spec: {
        schedule: "0 1 * * *",
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [{ name: "run", resources: { requests: { cpu: "1500m", memory: "2Gi" } } }],
              },
            },
          },
        },
      },
    });
    expect(demandOf(job)).toMatchObject({
      name: "nightly",
      requests: { cpuMilli: 1500, memoryMib: 2048 },
      maxSurge: 0,
    });
  });
});

describe("the replica bounds", () => {
  test("the HPA's minimum and maximum", () => {
    expect(demandOf(web(), hpa("web", 2, 9))).toMatchObject({ minReplicas: 2, maxReplicas: 9 });
  });

  test("an HPA of another workload, namespace or kind is not this one's: spec.replicas holds", () => {
    for (const other of [
      hpa("api", 2, 9),
      hpa("web", 2, 9, "backend"),
      hpa("web", 2, 9, "apim", "StatefulSet"),
    ])
      expect(demandOf(web(), other)).toMatchObject({ minReplicas: 3, maxReplicas: 3 });
  });

  test("without spec.replicas, one", () => {
    expect(demandOf(web((o) => delete o.spec.replicas))).toMatchObject({ minReplicas: 1, maxReplicas: 1 });
  });
});

describe("what a disruption keeps", () => {
  test("no budget: every replica at the minimum", () => {
    expect(demandOf(web(), hpa("web", 4, 8)).keep).toBe(4);
  });

  test("maxUnavailable: the minimum less that many (a percent rounds up, as the disruption controller does)", () => {
    expect(demandOf(web(), hpa("web", 4, 8), budget({ maxUnavailable: 1 })).keep).toBe(3);
    expect(demandOf(web(), hpa("web", 4, 8), budget({ maxUnavailable: "30%" })).keep).toBe(2);
  });

  test("minAvailable: that many (a percent of the minimum rounds up), at most the pods there are", () => {
    expect(demandOf(web(), hpa("web", 4, 8), budget({ minAvailable: 2 })).keep).toBe(2);
    expect(demandOf(web(), hpa("web", 4, 8), budget({ minAvailable: "60%" })).keep).toBe(3);
    expect(demandOf(web(), hpa("web", 4, 8), budget({ minAvailable: 6 })).keep).toBe(4);
  });

  test("a budget that sets neither keeps every pod", () => {
    expect(demandOf(web(), hpa("web", 4, 8), budget({})).keep).toBe(4);
  });

  test("a budget in another namespace or selecting other pods is not this one's", () => {
    expect(demandOf(web(), budget({ minAvailable: 1 }, "backend")).keep).toBe(3);
    const other = budget({ minAvailable: 1 }) as Json;
    other.spec.selector = { matchLabels: { "app.kubernetes.io/name": "api" } };
    expect(demandOf(web(), other as K8sObject).keep).toBe(3);
  });

  test("a budget without a selector (policy/v1) selects no pod", () => {
    const none = budget({ minAvailable: 1 }) as Json;
    delete none.spec.selector;
    expect(demandOf(web(), none as K8sObject).keep).toBe(3);
  });

  test("an empty selector (policy/v1) selects every pod of its namespace", () => {
    const all = budget({ minAvailable: 1 }) as Json;
    all.spec.selector = {};
    expect(demandOf(web(), all as K8sObject).keep).toBe(1);
  });
});

describe("a rolling update's surge, at the maximum", () => {
  test("a count", () => {
    expect(demandOf(web((o) => (o.spec.strategy = { rollingUpdate: { maxSurge: 2 } }))).maxSurge).toBe(2);
  });

  test("a percent of the maximum, rounded up", () => {
    const d = demandOf(
      web((o) => (o.spec.strategy = { rollingUpdate: { maxSurge: "10%" } })),
      hpa("web", 3, 12),
    );
    expect(d.maxSurge).toBe(2);
  });

  test("unset: Kubernetes' default of 25 %", () => {
    expect(demandOf(web(), hpa("web", 3, 10)).maxSurge).toBe(3);
  });

  test("Recreate: none", () => {
    expect(
      demandOf(
        web((o) => (o.spec.strategy = { type: "Recreate" })),
        hpa("web", 3, 10),
      ).maxSurge,
    ).toBe(0);
  });
});

describe("the zone spread and the node group", () => {
  const spread = (constraint: Json) =>
    web(
      (o) =>
        (o.spec.template.spec.topologySpreadConstraints = [
          { labelSelector: { matchLabels: LABELS }, ...constraint },
        ]),
    );

  test("hard for DoNotSchedule across zones, with its maxSkew; soft otherwise", () => {
    const zone = {
      topologyKey: "topology.kubernetes.io/zone",
      maxSkew: 1,
      whenUnsatisfiable: "DoNotSchedule",
    };
    expect(demandOf(spread(zone))).toMatchObject({ zoneSpread: "hard" });
    expect(demandOf(spread(zone)).maxSkew).toBeUndefined();
    expect(demandOf(spread({ ...zone, maxSkew: 2 }))).toMatchObject({ zoneSpread: "hard", maxSkew: 2 });
    expect(demandOf(spread({ ...zone, whenUnsatisfiable: "ScheduleAnyway" })).zoneSpread).toBe("soft");
    expect(demandOf(spread({ ...zone, topologyKey: "kubernetes.io/hostname" })).zoneSpread).toBe("soft");
    expect(demandOf(web()).zoneSpread).toBe("soft");
  });

  test("of two hard zone spreads, the stricter", () => {
    const zone = { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" };
    const both = web(
      (o) =>
        (o.spec.template.spec.topologySpreadConstraints = [
          { ...zone, maxSkew: 3 },
          { ...zone, maxSkew: 2 },
        ]),
    );
    expect(demandOf(both)).toMatchObject({ zoneSpread: "hard", maxSkew: 2 });
  });

  test("the monitoring group for a pod that selects its nodes, apim otherwise", () => {
    const monitoring = web(
      (o) => (o.spec.template.spec.nodeSelector = { "apim.axway.com/node-role": "monitoring" }),
    );
    expect(demandOf(monitoring).nodeGroup).toBe("monitoring");
    const apim = web((o) => (o.spec.template.spec.nodeSelector = { "apim.axway.com/node-role": "apim" }));
    expect(demandOf(apim).nodeGroup).toBe("apim");
    expect(demandOf(web()).nodeGroup).toBe("apim");
  });

  test("a required node affinity to the role counts as the selector does", () => {
    const affinity = web(
      (o) =>
        (o.spec.template.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: "apim.axway.com/node-role", operator: "In", values: ["monitoring"] },
                  ],
                },
              ],
            },
          },
        }),
    );
    expect(demandOf(affinity).nodeGroup).toBe("monitoring");
  });

  test("a role no node group has, or a quantity Kubernetes cannot read, cannot be placed: said, not packed", () => {
    const typo = web((o) => (o.spec.template.spec.nodeSelector = { "apim.axway.com/node-role": "monitor" }));
    expect(workloadDemands([typo])).toEqual({
      demands: [],
      unplaceable: [
        {
          workload: "Deployment/apim/web",
          problem: "requires nodes labelled apim.axway.com/node-role=monitor, which no node group has",
        },
      ],
    });
    const quantity = web((o) => (o.spec.template.spec.containers[0].resources.requests.cpu = "2 cores"));
    expect(workloadDemands([quantity]).unplaceable).toEqual([
      {
        workload: "Deployment/apim/web",
        problem: "requests a CPU or memory quantity Kubernetes cannot read",
      },
    ]);
  });
});

describe("what this check cannot judge is said, not guessed", () => {
  const problemOf = (o: K8sObject, ...rest: K8sObject[]) => workloadDemands([o, ...rest]).unplaceable;
  const affinity = (terms: Json[]) =>
    web(
      (o) =>
        (o.spec.template.spec.affinity = {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
        }),
    );
  const role = (operator: string, values: string[]) => ({
    matchExpressions: [{ key: "apim.axway.com/node-role", operator, values }],
  });

  test("a nodeSelector on a label that does not tell the groups apart", () => {
    const o = web(
      (d) => (d.spec.template.spec.nodeSelector = { "node.kubernetes.io/instance-type": "m5.large" }),
    );
    expect(problemOf(o)).toEqual([
      {
        workload: "Deployment/apim/web",
        problem:
          "selects nodes by node.kubernetes.io/instance-type: this check cannot tell which node group runs it",
      },
    ]);
    // Every node is Linux: selecting that chooses no group.
    const linux = web((d) => (d.spec.template.spec.nodeSelector = { "kubernetes.io/os": "linux" }));
    expect(workloadDemands([linux])).toMatchObject({ unplaceable: [], demands: [{ nodeGroup: "apim" }] });
  });

  test.each([
    ["NotIn", [role("NotIn", ["monitoring"])]],
    ["In with two roles", [role("In", ["apim", "monitoring"])]],
    ["two terms (either)", [role("In", ["apim"]), role("In", ["monitoring"])]],
  ])("a required node affinity by %s", (_name, terms) => {
    expect(problemOf(affinity(terms))).toEqual([
      {
        workload: "Deployment/apim/web",
        problem:
          "requires a node affinity other than one node role: this check cannot tell which node group runs it",
      },
    ]);
  });

  test.each([
    ["a budget of words", budget({ minAvailable: "two" })],
    ["a maxSurge written as a string count (the API wants a percentage there)", undefined],
  ])("%s", (_name, pdb) => {
    const o = pdb ? web() : web((d) => (d.spec.strategy = { rollingUpdate: { maxSurge: "2" } }));
    expect(problemOf(o, ...(pdb ? [pdb] : []))).toEqual([
      {
        workload: "Deployment/apim/web",
        problem: "has a budget or a maxSurge that is neither a count nor a percentage",
      },
    ]);
  });

  test("a replica bound that is not a whole number", () => {
    const bad = hpa("web", 2, 9) as Json;
    bad.spec.maxReplicas = "lots";
    expect(problemOf(web(), bad as K8sObject)).toEqual([
      { workload: "Deployment/apim/web", problem: "has a replica count or bound that is not a whole number" },
    ]);
  });
});

describe("a Job's pods", () => {
  test("as many at once as its parallelism, a CronJob's by its job template", () => {
    const pod = {
      template: { spec: { containers: [{ name: "run", resources: { requests: { cpu: "1" } } }] } },
    };
    const job = obj("batch/v1", "Job", "load", "apim", { spec: { parallelism: 4, ...pod } });
    expect(demandOf(job)).toMatchObject({ minReplicas: 4, maxReplicas: 4 });
    const cron = obj("batch/v1", "CronJob", "nightly", "apim", {
      spec: { schedule: "0 1 * * *", jobTemplate: { spec: { parallelism: 2, ...pod } } },
    });
    expect(demandOf(cron)).toMatchObject({ minReplicas: 2, maxReplicas: 2 });
    expect(demandOf(obj("batch/v1", "Job", "once", "apim", { spec: pod }))).toMatchObject({ maxReplicas: 1 });
  });
});

test("objects that run no pods of their own on a node group are left out", () => {
  const daemonSet = obj("apps/v1", "DaemonSet", "agent", "apim", {
    spec: { template: { spec: { containers: [{ name: "agent" }] } } },
  });
  const service = obj("v1", "Service", "web", "apim", { spec: { ports: [{ port: 80 }] } });
  expect(workloadDemands([daemonSet, service, hpa("web", 1, 2)])).toEqual({ demands: [], unplaceable: [] });
});
