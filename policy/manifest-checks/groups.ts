// GEN-6, APIM-8, SEC-5 and monitoring placement (GEN-5), judged on the built manifests.
import { Check, Finding, finding } from "../check";
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { SECRETS, SecretConsumer } from "../../lib/secret-inventory";
import { MONITORING_NODE } from "../../lib/node-roles";
import { ManifestModel } from "../manifest-model";
import { containers, podSpec, Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

const component = (o: K8sObject) => o.metadata.labels?.["app.kubernetes.io/name"];
/** A list in a message. */
const list = (items: readonly unknown[]) => items.join(", ");

export const P19: ManifestCheck = {
  id: "P19",
  title: "Each gateway group has its own Deployment, image and host",
  requirements: ["GEN-6", "APIM-4"],
  evaluate: (model) => {
    const gateways = model.ofKind("Deployment").filter((d) => component(d) === "gateway");
    // The repository: without its digest (@sha256:...) and its tag (a registry's :port stays).
    const image = (d: K8sObject) =>
      String(containers([d]).find((r) => !r.init)!.container.image)
        .split("@")[0]
        .replace(/:[^:/]+$/, "");
    const hosts = (d: K8sObject) =>
      model
        .ofKind("Ingress")
        .filter((i) => JSON.stringify(i.spec).includes(`"name":"${d.metadata.name}"`))
        .flatMap((i) => (((i.spec as Spec).rules as Spec[]) ?? []).map((r) => String(r.host)));
    return gateways.map((d, i): Finding => {
      // Sharing is mutual: it is reported once, on the later group, naming the earlier one.
      const earlier = gateways.slice(0, i);
      const sameImage = earlier.find((o) => image(o) === image(d));
      const sameHost = earlier.find((o) => hosts(o).some((h) => hosts(d).includes(h)));
      return finding(
        model.subject(d),
        [
          sameImage && `shares its image repository with ${sameImage.metadata.name}`,
          hosts(d).length === 0 && "has no host",
          sameHost && `shares a host with ${sameHost.metadata.name}`,
        ],
        `${image(d)} on ${list(hosts(d))}`,
      );
    });
  },
};

/** Ports of features EMT does not support (APIM-8): embedded ActiveMQ's broker, Ehcache's RMI. */
const UNSUPPORTED_PORTS = [61616, 40001];
const UNSUPPORTED_COMPONENTS = /portal|analytics|aga/;

export const P22: ManifestCheck = {
  id: "P22",
  title: "No embedded ActiveMQ, distributed Ehcache, API Portal or Embedded Analytics in EMT",
  requirements: ["APIM-8"],
  evaluate: (model) =>
    model
      .workloads()
      .filter((w) => w.metadata.labels?.["app.kubernetes.io/part-of"] === "apim")
      .map((w): Finding => {
        const exposed = containers([w]).flatMap((r) =>
          UNSUPPORTED_PORTS.filter((port) =>
            (r.container.ports as Spec[] | undefined)?.some((p) => Number(p.containerPort) === port),
          ),
        );
        return finding(
          model.subject(w),
          [
            exposed.length > 0 && `exposes ${list(exposed)}`,
            UNSUPPORTED_COMPONENTS.test(String(component(w))) &&
              `${String(component(w))} is not supported in EMT`,
          ],
          "supported EMT component",
        );
      }),
};

const CONSUMER_OF: Record<string, SecretConsumer> = {
  "admin-node-manager": "anm",
  "api-manager": "apiManager",
  gateway: "gateway",
  "metrics-schema": "schemaJob",
  "load-test": "loadTest",
};

/** The Secrets Manager keys behind the Kubernetes Secrets a workload reads (env and volumes). */
function secretKeys(model: ManifestModel, w: K8sObject): string[] {
  const pod = podSpec(w) ?? {};
  const names = new Set<string>([
    ...containers([w]).flatMap((r) =>
      // Stryker disable next-line ArrayDeclaration: a made-up element is a string, which has no valueFrom: it names no Secret
      ((r.container.env as Spec[] | undefined) ?? [])
        .map((e) => String(((e.valueFrom as Spec)?.secretKeyRef as Spec)?.name ?? ""))
        .filter(Boolean),
    ),
    // Stryker disable next-line ArrayDeclaration: a made-up element is a string, which has no secret: it names no Secret
    ...((pod.volumes as Spec[] | undefined) ?? [])
      .map((v) => String((v.secret as Spec)?.secretName ?? ""))
      .filter(Boolean),
  ]);
  return [...names].flatMap((name) => {
    const es = model
      .ofKind("ExternalSecret")
      .find((e) => e.metadata.name === name && e.metadata.namespace === w.metadata.namespace);
    const keys = [...JSON.stringify(es?.spec ?? {}).matchAll(/"key":"apim\/[^/]+\/([a-z0-9-]+)"/g)].map(
      (m) => m[1],
    );
    return keys.length ? keys : [`(unsynced ${name})`];
  });
}

export const P23: ManifestCheck = {
  id: "P23",
  title: "Each APIM pod receives exactly its secrets of the inventory, synced from Secrets Manager",
  requirements: ["SEC-5", "SEC-3"],
  evaluate: (model) =>
    model
      .workloads()
      .filter((w) => CONSUMER_OF[String(component(w))])
      .map((w): Finding => {
        const consumer = CONSUMER_OF[String(component(w))];
        const expected = SECRETS.filter((s) => s.consumers.includes(consumer))
          .map((s) => s.key)
          .sort();
        const actual = [...new Set(secretKeys(model, w))].sort();
        const receives = `receives [${list(actual)}]`;
        return finding(
          model.subject(w),
          [
            JSON.stringify(actual) !== JSON.stringify(expected) &&
              `${receives}, the inventory says [${list(expected)}]`,
          ],
          receives,
        );
      }),
};

/** Kubernetes' matching of a toleration against the monitoring nodes' NoSchedule taint (label key
 * and value, as the cluster stack sets it): an empty key with Exists tolerates every taint. */
function toleratesMonitoringTaint(t: Spec): boolean {
  if (t.effect !== undefined && t.effect !== "" && t.effect !== "NoSchedule") return false;
  const exists = t.operator === "Exists";
  if (t.key === undefined || t.key === "") return exists;
  if (t.key !== MONITORING_NODE.label) return false;
  return (
    exists || ((t.operator === undefined || t.operator === "Equal") && t.value === MONITORING_NODE.value)
  );
}

export const P24: ManifestCheck = {
  id: "P24",
  title: "The monitoring stack runs on the monitoring node group",
  requirements: ["GEN-5"],
  evaluate: (model) => {
    const stacks = model
      .ofKind("HelmRelease")
      .filter((r) => (((r.spec as Spec).chart as Spec)?.spec as Spec)?.chart === "kube-prometheus-stack");
    if (!stacks.length)
      return [
        {
          subject: `${model.env}/HelmRelease/monitoring/kube-prometheus-stack`,
          ok: false,
          message: "no monitoring stack",
        },
      ];
    return stacks.map((r): Finding => {
      const prometheus = ((((r.spec as Spec).values as Spec)?.prometheus as Spec)?.prometheusSpec ??
        {}) as Spec;
      const pinned =
        ((prometheus.nodeSelector ?? {}) as Record<string, string>)[MONITORING_NODE.label] ===
        MONITORING_NODE.value;
      const tolerations = (prometheus.tolerations ?? []) as Spec[];
      const tolerates = tolerations.some(toleratesMonitoringTaint);
      return finding(
        model.subject(r),
        [
          !pinned && "Prometheus is not pinned to the monitoring nodes",
          !tolerates &&
            `Prometheus's tolerations ${JSON.stringify(tolerations)} do not tolerate the monitoring nodes' taint ` +
              `${MONITORING_NODE.label}=${MONITORING_NODE.value}:NoSchedule`,
        ],
        "Prometheus on the monitoring nodes",
      );
    });
  },
};
