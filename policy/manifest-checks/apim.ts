// The APIM workloads as the reference architecture sizes and wires them (APIM-1..6, GEN-7,
// STO-4, K8S-4, K8S-9, PERF-1, LOG-1), judged on the built manifests.
import { Check, finding } from "../check";
import { memoryMib } from "../../lib/quantity";
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { APIM_EVENTS_DIR as EVENTS_DIR, APIM_NAMESPACE } from "../../lib/naming";
import { THROUGHPUT_THRESHOLDS } from "../../lib/performance-thresholds";
import { ManifestModel } from "../manifest-model";
import { containers, podSpec, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

const isApim = (o: K8sObject) => o.metadata.labels?.["app.kubernetes.io/part-of"] === "apim";
const component = (o: K8sObject) => o.metadata.labels?.["app.kubernetes.io/name"];
const gateways = (m: ManifestModel) => m.ofKind("Deployment").filter((d) => component(d) === "gateway");
const mainContainer = (w: K8sObject) => containers([w]).find((r) => !r.init)!.container;
const envOf = (w: K8sObject, name: string) =>
  (mainContainer(w).env as Spec[] | undefined)?.find((e) => e.name === name);
const ports = (w: K8sObject) =>
  // Stryker disable next-line ArrayDeclaration: a made-up element is a string, which has no containerPort (NaN is no port)
  ((mainContainer(w).ports as Spec[] | undefined) ?? []).map((p) => Number(p.containerPort));

export const P15: ManifestCheck = {
  id: "P15",
  title: "Every APIM object in the APIM namespace",
  requirements: ["K8S-4"],
  evaluate: (model) =>
    model.objects
      .filter(isApim)
      .map((o) =>
        finding(
          model.subject(o),
          [o.metadata.namespace !== APIM_NAMESPACE && `in ${String(o.metadata.namespace)}`],
          APIM_NAMESPACE,
        ),
      ),
};

export const P16: ManifestCheck = {
  id: "P16",
  title: "One RWX events volume, sized by the seed's formula, mounted by ANM and every gateway",
  requirements: ["GEN-7", "STO-4", "APIM-1", "APIM-3"],
  evaluate: (model) => {
    const claims = model.ofKind("PersistentVolumeClaim").filter((c) => c.metadata.name === "apim-events");
    const claim = claims[0];
    const spec = (claim?.spec ?? {}) as Spec;
    const storage = String(((spec.resources as Spec)?.requests as Spec)?.storage ?? "");
    // Any memory unit Kubernetes takes (500Mi is half a GiB, not 500 Gi); unparseable fails.
    const requestGi = Number((memoryMib(storage) / 1024).toFixed(2));
    const maxReplicas = model
      .ofKind("HorizontalPodAutoscaler")
      .reduce((sum, h) => sum + Number((h.spec as Spec).maxReplicas ?? 0), 0);
    const needed = maxReplicas + 1;
    const mounters = [
      ...model.ofKind("Deployment").filter((d) => component(d) === "admin-node-manager"),
      ...gateways(model),
    ];
    return [
      finding(
        `${model.env}/PersistentVolumeClaim/${APIM_NAMESPACE}/apim-events`,
        [
          claims.length === 0 && "no apim-events claim",
          claims.length > 1 && "more than one apim-events claim",
          // Judged on a claim only: a missing one is one failure, not three.
          claim &&
            !(spec.accessModes as string[] | undefined)?.includes("ReadWriteMany") &&
            "not ReadWriteMany",
          claim && Number.isNaN(requestGi) && `storage request ${JSON.stringify(storage)} is not a quantity`,
          claim &&
            requestGi < needed &&
            `${requestGi} Gi < 1 GB x ${maxReplicas} max gateway replicas + 1 GB = ${needed} Gi`,
        ],
        `${requestGi} Gi for ${maxReplicas} gateways at most (STO-4)`,
      ),
      ...mounters.map((w) => {
        const mount = (mainContainer(w).volumeMounts as Spec[] | undefined)?.find(
          (m) => m.mountPath === EVENTS_DIR,
        );
        const volume = (podSpec(w)?.volumes as Spec[] | undefined)?.find((v) => v.name === mount?.name);
        return finding(
          model.subject(w),
          [
            (volume?.persistentVolumeClaim as Spec)?.claimName !== "apim-events" &&
              `does not mount apim-events at ${EVENTS_DIR}`,
          ],
          "mounts the events volume",
        );
      }),
    ];
  },
};

export const P17: ManifestCheck = {
  id: "P17",
  title: "APIM pods as the seed's tables: replicas, ports, heap, image, start order, EMT deployment",
  requirements: ["APIM-1", "APIM-2", "APIM-3", "APIM-4", "APIM-5", "K8S-5"],
  evaluate: (model) => {
    const anm = model.ofKind("Deployment").filter((d) => component(d) === "admin-node-manager");
    const managers = model.ofKind("Deployment").filter((d) => component(d) === "api-manager");
    const hpa = (w: K8sObject) =>
      model
        .ofKind("HorizontalPodAutoscaler")
        .find((h) => ((h.spec as Spec).scaleTargetRef as Spec).name === w.metadata.name);
    const initWaitsFor = (w: K8sObject, needles: string[]) => {
      const script = JSON.stringify(
        containers([w])
          .filter((r) => r.init)
          .map((r) => r.container.args),
      );
      return needles.filter((n) => !script.includes(n));
    };
    const heap = (w: K8sObject) => Number(envOf(w, "EMT_HEAP_SIZE_MB")?.value ?? 0);
    return [
      ...anm.map((w) =>
        finding(
          model.subject(w),
          [
            (w.spec as Spec).replicas !== 1 && "ANM must run exactly one replica (APIM-1)",
            hpa(w) !== undefined && "ANM must not autoscale",
            !ports(w).includes(8090) && "no port 8090",
            !heap(w) && "no EMT_HEAP_SIZE_MB",
            ...initWaitsFor(w, ["mysql."]).map((n) => `does not wait for ${n}`),
          ],
          "1 replica, 8090, heap set, waits for MySQL",
        ),
      ),
      ...managers.map((w) => {
        const group = envOf(w, "GROUP_ID")?.value;
        const gateway = gateways(model).find((g) => String(envOf(g, "GROUP_ID")?.value) === group);
        return finding(
          model.subject(w),
          [
            (w.spec as Spec).replicas !== 1 && "API Manager UI runs one replica (APIM-2)",
            !ports(w).includes(8075) && "no port 8075",
            !heap(w) && "no EMT_HEAP_SIZE_MB",
            group === undefined && "no GROUP_ID",
            group !== undefined && !gateway && `no gateway of its group ${String(group)}`,
            gateway &&
              mainContainer(gateway).image !== mainContainer(w).image &&
              "image differs from its group's gateways (APIM-4)",
            ...initWaitsFor(w, [
              "cassandra-0.",
              "cassandra-1.",
              "cassandra-2.",
              "mysql.",
              "admin-node-manager",
            ]).map((n) => `does not wait for ${n}`),
          ],
          `1 replica, 8075, image of group ${group}`,
        );
      }),
      ...gateways(model).map((w) => {
        const h = hpa(w);
        const single = !!h && Number((h.spec as Spec).maxReplicas) === 1;
        return finding(
          model.subject(w),
          [
            !h && "no HPA (APIM-3)",
            !ports(w).includes(8065) && "no port 8065",
            !heap(w) && "no EMT_HEAP_SIZE_MB",
            envOf(w, "EMT_DEPLOYMENT_ENABLED")?.value === "true" &&
              !single &&
              "EMT_DEPLOYMENT_ENABLED in a group that runs more than one pod (APIM-5)",
            envOf(w, "EMT_DEPLOYMENT_ENABLED")?.value === undefined &&
              "EMT_DEPLOYMENT_ENABLED not set (the official chart defaults it to true)",
            // The data services only: waiting for the single ANM or API Manager would stop every
            // replacement and scale-out while either restarts (README: differences from the seed).
            ...initWaitsFor(w, ["cassandra-0.", "cassandra-1.", "cassandra-2.", "mysql."]).map(
              (n) => `does not wait for ${n}`,
            ),
            ...["admin-node-manager", "api-manager"]
              .filter((n) => !initWaitsFor(w, [n]).length)
              .map((n) => `waits for the single ${n}: a restart of it would block scaling`),
          ],
          "autoscaled on 8065, waits for its data services",
        );
      }),
    ];
  },
};

export const P18: ManifestCheck = {
  id: "P18",
  title: "One HPA per gateway group at 75 % CPU",
  requirements: ["K8S-9", "APIM-3"],
  evaluate: (model) =>
    gateways(model).map((w) => {
      const h = model
        .ofKind("HorizontalPodAutoscaler")
        .find((x) => ((x.spec as Spec).scaleTargetRef as Spec).name === w.metadata.name);
      // The CPU metric's own target: a memory target at 75 % (or a CPU one at 750 %) is not it.
      const cpu = ((h?.spec as Spec | undefined)?.metrics as Spec[] | undefined)?.find(
        (m) => (m.resource as Spec | undefined)?.name === "cpu",
      );
      const spec = (cpu?.resource as Spec | undefined)?.target as Spec | undefined;
      // A Utilization target: with type AverageValue the HPA ignores averageUtilization.
      const target = spec?.type === "Utilization" ? spec.averageUtilization : undefined;
      return finding(
        model.subject(w),
        [
          !h && "no HPA",
          h && target !== 75 && "CPU target is not 75 %",
          h && h.apiVersion !== "autoscaling/v2" && h.apiVersion,
        ],
        "HPA at 75 % CPU",
      );
    }),
};

export const P21: ManifestCheck = {
  id: "P21",
  title: "The performance test ships with the seed's thresholds, suspended",
  requirements: ["PERF-1"],
  evaluate: (model) => {
    const cron = model.ofKind("CronJob").find((c) => c.metadata.name === "load-test");
    const script = String(
      (model.ofKind("ConfigMap").find((c) => c.metadata.name === "load-test")?.data as Spec | undefined)?.[
        "load-test.js"
      ],
    );
    // The k6 options object the script exports, read back as data.
    const options = /export const options = (\{[\s\S]*?\});\n/.exec(script)?.[1];
    const thresholds =
      ((options ? JSON.parse(options) : {}) as { thresholds?: Record<string, string[]> }).thresholds ?? {};
    const missing = THROUGHPUT_THRESHOLDS.filter(
      (t) => !thresholds[`http_reqs{scenario:${t.id}}`]?.includes(`rate>${t.minTps}`),
    );
    return [
      finding(
        `${model.env}/CronJob/${APIM_NAMESPACE}/load-test`,
        [
          !cron && "no load-test CronJob",
          cron &&
            (cron.spec as Spec).suspend !== true &&
            "not suspended: it would load the env on a schedule",
          missing.length > 0 && `thresholds missing: ${missing.map((t) => t.id).join(", ")}`,
        ],
        `${THROUGHPUT_THRESHOLDS.length} scenarios, 20 users x 300 s`,
      ),
    ];
  },
};

export const K34: ManifestCheck = {
  id: "K34",
  title: "A log shipper sends container logs to S3 and CloudWatch",
  requirements: ["LOG-1", "STO-5"],
  evaluate: (model) => {
    const shippers = model
      .ofKind("HelmRelease")
      .filter((r) => (((r.spec as Spec).chart as Spec)?.spec as Spec)?.chart === "fluent-bit");
    return shippers.length
      ? shippers.map((r) => {
          const outputs = String((((r.spec as Spec).values as Spec)?.config as Spec)?.outputs);
          return finding(
            model.subject(r),
            [
              !/Name s3/.test(outputs) && "no S3 output",
              !/Name cloudwatch_logs/.test(outputs) && "no CloudWatch output",
            ],
            "S3 and CloudWatch",
          );
        })
      : [{ subject: `${model.env}/HelmRelease/-/fluent-bit`, ok: false, message: "no log shipper" }];
  },
};
