// K25: every namespace with workloads denies by default and allows DNS; every NetworkPolicy
// selects something; every APIM pod is selected by a policy (only effective with T10).
import { Check, Finding, finding } from "../check";
import { ManifestModel } from "../manifest-model";
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { APIM_NAMESPACE } from "../../lib/naming";

import { evaluateSelector, hasNoTerms } from "../label-selector";
import { podLabels, Spec } from "../pod-model";

/** A NetworkPolicy's spec: the API server reads an omitted one as its defaults (every pod of the
 * namespace, ingress only, no rule). */
const specOf = (policy: K8sObject) => (policy.spec ?? {}) as Spec;

/** A NetworkPolicy's podSelector: the API server reads an omitted one as `{}`, every pod of the
 * namespace. */
function podSelector(policy: K8sObject): unknown {
  return specOf(policy).podSelector ?? {};
}

/** Does an egress rule allow DNS: a rule without ports, or a port entry without a port, allows
 * every port; otherwise port 53 (number or string), the named port dns, or a range over 53. */
function allowsDns(rule: Spec): boolean {
  const ports = rule.ports as Spec[] | undefined;
  return (
    !ports?.length ||
    ports.some(
      (p) =>
        p.port === undefined ||
        [53, "53", "dns"].includes(p.port as number | string) ||
        // Stryker disable next-line EqualityOperator: a range that starts at 53 was allowed by the line above
        (Number(p.port) <= 53 && 53 <= Number(p.endPort)),
    )
  );
}

export const K25: Check<ManifestModel> = {
  id: "K25",
  title: "Default-deny with DNS egress in the APIM namespace; every pod selected by a policy",
  requirements: ["K8S-3"],
  evaluate: (model) => {
    const policies = model.ofKind("NetworkPolicy").filter((p) => p.metadata.namespace === APIM_NAMESPACE);
    const isEmpty = (p: K8sObject) => hasNoTerms(podSelector(p));
    const denyAll = policies.some(
      (p) =>
        isEmpty(p) &&
        !specOf(p).ingress &&
        !specOf(p).egress &&
        ["Ingress", "Egress"].every((t) => (specOf(p).policyTypes as string[] | undefined)?.includes(t)),
    );
    const dns = policies.some(
      (p) => isEmpty(p) && ((specOf(p).egress as Spec[] | undefined) ?? []).some(allowsDns),
    );
    const workloads = model.workloads().filter((w) => w.metadata.namespace === APIM_NAMESPACE);
    const ownPolicies = policies.filter((p) => !isEmpty(p));
    return [
      finding(
        `${model.env}/Namespace/-/${APIM_NAMESPACE}`,
        [!denyAll && "no default deny", !dns && "no DNS egress"],
        "default deny with DNS egress",
      ),
      ...workloads.map((w): Finding => {
        // Stryker disable next-line BooleanLiteral: an own policy's selector has terms, the rule for none never applies
        const covered = ownPolicies.some((p) => evaluateSelector(podSelector(p), podLabels(w), true).selects);
        return {
          subject: model.subject(w),
          ok: covered,
          message: covered ? "selected by its own policy" : "only the namespace defaults select it",
        };
      }),
      // kube-score networkpolicy-targets-pod / kube-linter dangling-networkpolicy.
      ...ownPolicies.map((p): Finding => {
        // Stryker disable next-line BooleanLiteral: an own policy's selector has terms, the rule for none never applies
        const verdict = workloads.map((w) => evaluateSelector(podSelector(p), podLabels(w), true));
        const malformed = verdict.find((v) => v.malformed)?.malformed;
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
