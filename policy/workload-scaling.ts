// How a workload scales and what protects its pods, read as Kubernetes reads them: the HPA that
// targets it, the PodDisruptionBudgets that select its pods, and the int-or-percent fields of a
// budget or a rolling update. The availability checks (K19-K24) and the placement proof (P32)
// share these.
import { K8sObject } from "../tools/kustomize/kustomize-lite";
import { selects } from "./label-selector";
import { podLabels, Spec } from "./pod-model";

/** The HPA of the workload's namespace that scales it (by kind and name). */
export function hpaFor(objects: readonly K8sObject[], w: K8sObject): K8sObject | undefined {
  return objects.find((h) => {
    if (h.kind !== "HorizontalPodAutoscaler") return false;
    const ref = ((h.spec as Spec | undefined)?.scaleTargetRef ?? {}) as Spec;
    return (
      ref.kind === w.kind && ref.name === w.metadata.name && h.metadata.namespace === w.metadata.namespace
    );
  });
}

/** The budgets of the workload's namespace that select its pods (policy/v1: an empty selector selects all, a missing one none). */
export function budgetsFor(objects: readonly K8sObject[], w: K8sObject): K8sObject[] {
  return objects.filter(
    (p) =>
      p.kind === "PodDisruptionBudget" &&
      p.metadata.namespace === w.metadata.namespace &&
      selects((p.spec as Spec | undefined)?.selector, podLabels(w), true),
  );
}

/**
 * An int-or-percent field against `pods`: a count as it is, a percentage rounded up (as the
 * disruption controller and the rolling update do). NaN when unset or unreadable: no comparison
 * with it holds.
 */
export function scaled(value: unknown, pods: number): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return NaN;
  const pct = /^(\d+)%$/.exec(value);
  return pct ? Math.ceil((Number(pct[1]) * pods) / 100) : NaN;
}
