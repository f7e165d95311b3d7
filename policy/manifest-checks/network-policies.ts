// K25: every namespace with workloads denies by default and allows DNS; every NetworkPolicy
// selects something; every APIM pod is selected by a policy (only effective with T10).
import { Check, Finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { K8sObject } from "../../lib/manifests/kustomize-lite";
import { APIM_NAMESPACE } from "../../lib/naming";

import { evaluateSelector } from "../label-selector";
import { podLabels, Spec } from "../pod-model";

/** A NetworkPolicy's podSelector: required by the API; `{}` selects every pod of the namespace. */
function podSelector(policy: K8sObject): unknown {
  return (policy.spec as Spec | undefined)?.podSelector;
}

export const K25: Check<ManifestModel> = {
  id: "K25",
  title: "Default-deny with DNS egress in the APIM namespace; every pod selected by a policy",
  requirements: ["K8S-3"],
  evaluate: (model) => {
    const policies = model.ofKind("NetworkPolicy").filter((p) => p.metadata.namespace === APIM_NAMESPACE);
    const isEmpty = (p: K8sObject) => {
      const selector = podSelector(p);
      return !!selector && typeof selector === "object" && Object.keys(selector).length === 0;
    };
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
      .ofKind(
        "Deployment",
        "StatefulSet",
        "Job",
        "DaemonSet",
        "CronJob",
        "Pod",
        "ReplicaSet",
        "ReplicationController",
      )
      .filter((w) => w.metadata.namespace === APIM_NAMESPACE);
    const ownPolicies = policies.filter((p) => !isEmpty(p));
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
        const covered = ownPolicies.some((p) => evaluateSelector(podSelector(p), podLabels(w), true).selects);
        return {
          subject: model.subject(w),
          ok: covered,
          message: covered ? "selected by its own policy" : "only the namespace defaults select it",
        };
      }),
      // kube-score networkpolicy-targets-pod / kube-linter dangling-networkpolicy.
      ...ownPolicies.map((p): Finding => {
        const verdict = workloads.map((w) => evaluateSelector(podSelector(p), podLabels(w), true));
        const malformed =
          verdict.find((v) => v.malformed)?.malformed ?? (podSelector(p) === undefined && "no podSelector");
        const any = verdict.some((v) => v.selects);
        return {
          subject: model.subject(p),
          ok: !malformed && any,
          message: malformed
            ? `malformed podSelector: ${malformed}`
            : any
              ? "selects pods"
              : "selects no pod",
        };
      }),
    ];
  },
};
