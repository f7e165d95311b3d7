// K25: every namespace with workloads denies by default and allows DNS; every NetworkPolicy
// selects something; every APIM pod is selected by a policy (only effective with T10).
import { Check, Finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { K8sObject } from "../../lib/manifests/kustomize-lite";
import { APIM_NAMESPACE } from "../../lib/naming";

type Spec = Record<string, unknown>;

function selects(policy: K8sObject, labels: Record<string, string>): boolean {
  const selector = ((policy.spec as Spec).podSelector ?? {}) as { matchLabels?: Record<string, string> };
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function podLabels(o: K8sObject): Record<string, string> {
  return ((((o.spec as Spec)?.template as Spec)?.metadata as Spec)?.labels ?? {}) as Record<string, string>;
}

export const K25: Check<ManifestModel> = {
  id: "K25",
  title: "Default-deny with DNS egress in the APIM namespace; every pod selected by a policy",
  requirements: ["K8S-3"],
  evaluate: (model) => {
    const policies = model.ofKind("NetworkPolicy").filter((p) => p.metadata.namespace === APIM_NAMESPACE);
    const isEmpty = (p: K8sObject) => Object.keys(((p.spec as Spec).podSelector ?? {}) as Spec).length === 0;
    const denyAll = policies.some(
      (p) =>
        isEmpty(p) &&
        !(p.spec as Spec).ingress &&
        !(p.spec as Spec).egress &&
        String((p.spec as Spec).policyTypes) === "Ingress,Egress",
    );
    const dns = policies.some(
      (p) => isEmpty(p) && JSON.stringify((p.spec as Spec).egress ?? []).includes('"port":53'),
    );
    const workloads = model
      .ofKind("Deployment", "StatefulSet", "Job", "DaemonSet")
      .filter((w) => w.metadata.namespace === APIM_NAMESPACE);
    return [
      {
        subject: `${model.env}/Namespace/-/${APIM_NAMESPACE}`,
        ok: denyAll && dns,
        message:
          denyAll && dns
            ? "default deny with DNS egress"
            : `${denyAll ? "" : "no default deny; "}${dns ? "" : "no DNS egress"}`,
      },
      ...workloads.map((w): Finding => {
        const covered = policies.some((p) => !isEmpty(p) && selects(p, podLabels(w)));
        return {
          subject: model.subject(w),
          ok: covered,
          message: covered ? "selected by its own policy" : "only the namespace defaults select it",
        };
      }),
    ];
  },
};
