// Kubernetes label selectors as the API server evaluates them: matchLabels and matchExpressions
// (In, NotIn, Exists, DoesNotExist) are ANDed. What a selector with no terms selects depends on
// the field: everything for a PodDisruptionBudget (policy/v1) or a NetworkPolicy's podSelector,
// and an absent selector selects nothing. A malformed selector selects nothing, and says so.
type Labels = Readonly<Record<string, string>>;

export type SelectorVerdict = { readonly selects: boolean; readonly malformed?: string };

interface Requirement {
  readonly key?: unknown;
  readonly operator?: unknown;
  readonly values?: unknown;
}

function requirementHolds(req: Requirement, labels: Labels): SelectorVerdict {
  if (typeof req.key !== "string" || !req.key)
    return { selects: false, malformed: "an expression without a key" };
  const values = Array.isArray(req.values) ? req.values.map(String) : undefined;
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case "In":
      if (!values?.length) return { selects: false, malformed: `In on ${req.key} without values` };
      return { selects: has && values.includes(labels[req.key]) };
    case "NotIn":
      if (!values?.length) return { selects: false, malformed: `NotIn on ${req.key} without values` };
      return { selects: !has || !values.includes(labels[req.key]) };
    case "Exists":
    case "DoesNotExist":
      if (values?.length) return { selects: false, malformed: `${req.operator} on ${req.key} with values` };
      return { selects: req.operator === "Exists" ? has : !has };
    default:
      return { selects: false, malformed: `unknown operator ${String(req.operator)} on ${req.key}` };
  }
}

/**
 * Does `selector` select a pod with `labels`? `emptySelectsAll` is the field's rule for a selector
 * object without terms; an absent (null/undefined) selector always selects nothing.
 */
export function evaluateSelector(
  selector: unknown,
  labels: Labels,
  emptySelectsAll: boolean,
): SelectorVerdict {
  if (selector === undefined || selector === null) return { selects: false };
  if (typeof selector !== "object" || Array.isArray(selector)) {
    return { selects: false, malformed: "the selector is not an object" };
  }
  const { matchLabels, matchExpressions, ...rest } = selector as Record<string, unknown>;
  if (Object.keys(rest).length) {
    return { selects: false, malformed: `unknown selector fields ${Object.keys(rest).join(", ")}` };
  }
  if (
    matchLabels !== undefined &&
    (typeof matchLabels !== "object" || matchLabels === null || Array.isArray(matchLabels))
  ) {
    return { selects: false, malformed: "matchLabels is not a map" };
  }
  if (matchExpressions !== undefined && !Array.isArray(matchExpressions)) {
    return { selects: false, malformed: "matchExpressions is not a list" };
  }
  const exact = Object.entries((matchLabels ?? {}) as Record<string, unknown>);
  const expressions = (matchExpressions ?? []) as Requirement[];
  if (!exact.length && !expressions.length) return { selects: emptySelectsAll };
  // Every expression is read before any decides: a malformed one is malformed for every pod.
  const verdicts = expressions.map((req) => requirementHolds(req, labels));
  const malformed = verdicts.find((v) => v.malformed);
  if (malformed) return malformed;
  return { selects: verdicts.every((v) => v.selects) && exact.every(([k, v]) => labels[k] === String(v)) };
}

/** A selector object with no terms (`{}`, or empty matchLabels and matchExpressions). */
export function hasNoTerms(selector: unknown): boolean {
  if (!selector || typeof selector !== "object" || Array.isArray(selector)) return false;
  const { matchLabels, matchExpressions, ...rest } = selector as Record<string, unknown>;
  return (
    !Object.keys(rest).length &&
    !Object.keys((matchLabels ?? {}) as object).length &&
    !((matchExpressions as unknown[] | undefined) ?? []).length
  );
}

export function selects(selector: unknown, labels: Labels, emptySelectsAll: boolean): boolean {
  return evaluateSelector(selector, labels, emptySelectsAll).selects;
}
