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
  const all = workloadDemands(objects);
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

  test("maxUnavailable: the minimum less that many (a percent rounds down)", () => {
    expect(demandOf(web(), hpa("web", 4, 8), budget({ maxUnavailable: 1 })).keep).toBe(3);
    expect(demandOf(web(), hpa("web", 4, 8), budget({ maxUnavailable: "30%" })).keep).toBe(3);
  });

  test("minAvailable: that many (a percent of the minimum rounds up)", () => {
    expect(demandOf(web(), hpa("web", 4, 8), budget({ minAvailable: 2 })).keep).toBe(2);
    expect(demandOf(web(), hpa("web", 4, 8), budget({ minAvailable: "60%" })).keep).toBe(3);
  });

  test("a budget in another namespace or selecting other pods is not this one's", () => {
    expect(demandOf(web(), budget({ minAvailable: 1 }, "backend")).keep).toBe(3);
    const other = budget({ minAvailable: 1 }) as Json;
    other.spec.selector = { matchLabels: { "app.kubernetes.io/name": "api" } };
    expect(demandOf(web(), other as K8sObject).keep).toBe(3);
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

  test("hard only for DoNotSchedule across zones with maxSkew 1", () => {
    const zone = {
      topologyKey: "topology.kubernetes.io/zone",
      maxSkew: 1,
      whenUnsatisfiable: "DoNotSchedule",
    };
    expect(demandOf(spread(zone)).zoneSpread).toBe("hard");
    expect(demandOf(spread({ ...zone, whenUnsatisfiable: "ScheduleAnyway" })).zoneSpread).toBe("soft");
    expect(demandOf(spread({ ...zone, maxSkew: 2 })).zoneSpread).toBe("soft");
    expect(demandOf(spread({ ...zone, topologyKey: "kubernetes.io/hostname" })).zoneSpread).toBe("soft");
    expect(demandOf(web()).zoneSpread).toBe("soft");
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
});

test("objects that run no pods of their own on a node group are left out", () => {
  const daemonSet = obj("apps/v1", "DaemonSet", "agent", "apim", {
    spec: { template: { spec: { containers: [{ name: "agent" }] } } },
  });
  const service = obj("v1", "Service", "web", "apim", { spec: { ports: [{ port: 80 }] } });
  expect(workloadDemands([daemonSet, service, hpa("web", 1, 2)])).toEqual([]);
});
