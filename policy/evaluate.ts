// Runs checks over a model and applies the exemptions.
import { Check, CheckInfo, Finding } from "./check";
import { Exemption } from "./exemptions";
import { wildcardMatches } from "./wildcard";

export interface CheckOutcome {
  readonly check: CheckInfo;
  readonly findings: readonly (Finding & { exemption?: Exemption })[];
}

export interface Evaluation {
  readonly outcomes: readonly CheckOutcome[];
  /** Failing findings no exemption covers. */
  readonly failures: readonly (Finding & { check: string })[];
  readonly unusedExemptions: readonly Exemption[];
}

export function evaluate<M>(
  checks: readonly Check<M>[],
  model: M,
  exemptions: readonly Exemption[],
): Evaluation {
  const used = new Set<Exemption>();
  const outcomes: CheckOutcome[] = checks.map((check) => ({
    check,
    findings: check.evaluate(model).map((finding): Finding & { exemption?: Exemption } => {
      if (finding.ok) return finding;
      const exemption = exemptions.find(
        (e) =>
          e.check === check.id &&
          wildcardMatches(e.subject, finding.subject) &&
          (!e.message || e.message.test(finding.message)),
      );
      if (exemption) used.add(exemption);
      return exemption ? { ...finding, exemption } : finding;
    }),
  }));
  const failures = outcomes.flatMap((o) =>
    o.findings.filter((f) => !f.ok && !f.exemption).map((f) => ({ ...f, check: o.check.id })),
  );
  return { outcomes, failures, unusedExemptions: exemptions.filter((e) => !used.has(e)) };
}

/** One evaluation of several (check set, model) pairs: Terraform and manifests together. */
export function combine(...evaluations: Evaluation[]): Evaluation {
  const outcomes = evaluations.flatMap((e) => e.outcomes);
  const used = new Set(
    evaluations.flatMap((e) => e.outcomes.flatMap((o) => o.findings.map((f) => f.exemption))),
  );
  return {
    outcomes,
    failures: evaluations.flatMap((e) => e.failures),
    unusedExemptions: [...new Set(evaluations.flatMap((e) => e.unusedExemptions))].filter(
      (x) => !used.has(x),
    ),
  };
}
