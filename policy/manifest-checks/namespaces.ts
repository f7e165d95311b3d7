// Namespaces and API versions: K11 (Pod Security labels) and K29 (namespaced, current APIs).
import removedApis from "../../lib/manifests/removed-apis.json";
import { Check, Finding } from "../check";
import { CLUSTER_SCOPED } from "../../tools/kustomize/kustomize-lite";
import { ManifestModel } from "../manifest-model";

type ManifestCheck = Check<ManifestModel>;

export const K11: ManifestCheck = {
  id: "K11",
  title: "Pod Security labels on every namespace (enforce, audit, warn, pinned version)",
  requirements: ["K8S-4", "SECU-3"],
  evaluate: (model) =>
    model.ofKind("Namespace").map((ns): Finding => {
      const labels = ns.metadata.labels ?? {};
      const level = labels["pod-security.kubernetes.io/enforce"];
      const complete = ["enforce", "audit", "warn"].every(
        (m) => labels[`pod-security.kubernetes.io/${m}`] && labels[`pod-security.kubernetes.io/${m}-version`],
      );
      const justified =
        level === "restricted" || !!ns.metadata.annotations?.["apim.axway.com/pod-security-reason"];
      const ok = complete && justified;
      return {
        subject: model.subject(ns),
        ok,
        message: ok
          ? `enforces ${level}`
          : !complete
            ? "Pod Security labels incomplete"
            : `${level} without a written reason`,
      };
    }),
};

export const K29: ManifestCheck = {
  id: "K29",
  title: "Namespaced objects outside default; no removed API versions",
  requirements: ["K8S-4"],
  evaluate: (model) =>
    model.objects.map((o): Finding => {
      const removed = removedApis.removed.includes(o.apiVersion);
      const inDefault =
        !CLUSTER_SCOPED.has(o.kind) && (!o.metadata.namespace || o.metadata.namespace === "default");
      const ok = !removed && !inDefault;
      return {
        subject: model.subject(o),
        ok,
        message: ok
          ? "namespaced and current"
          : removed
            ? `${o.apiVersion} is removed`
            : "in the default namespace",
      };
    }),
};
