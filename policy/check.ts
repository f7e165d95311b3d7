// A check: an id (the catalog's T/K/R ids or our own P ids), the requirements it serves, and a
// function that judges every subject it applies to. A subject that passes is evidence for the
// conformance report; one that fails breaks the run unless exempted (policy/exemptions.ts).
import { TerraformModel, TerraformResource } from "./terraform-model";

export interface Finding {
  /** "<stack>/<type>.<name>" for Terraform subjects. */
  readonly subject: string;
  readonly ok: boolean;
  readonly message: string;
}

/** What a check is, whatever it judges. */
export interface CheckInfo {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
}

export interface Check<M> extends CheckInfo {
  evaluate(model: M): Finding[];
}

/** Judges the synthesized Terraform of every stack. */
export type TerraformCheck = Check<TerraformModel>;

/** Failed conditions are strings; false or undefined means the condition held. */
export type Failures = readonly (string | false | undefined | null | "")[];

/** The finding of one subject from its failed conditions (none = pass). */
export function finding(subject: string, failures: Failures, passText: string): Finding {
  const failed = failures.filter((f): f is string => typeof f === "string" && f.length > 0);
  return failed.length
    ? { subject, ok: false, message: failed.join("; ") }
    : { subject, ok: true, message: passText };
}

/** A check that judges each subject its model yields on its own. */
export function perSubject<M, T>(
  spec: CheckInfo & {
    subjects: (model: M) => [subject: string, target: T][];
    passText: string;
    failures: (target: T, model: M) => Failures;
  },
): Check<M> {
  return {
    id: spec.id,
    title: spec.title,
    requirements: spec.requirements,
    evaluate: (model) =>
      spec
        .subjects(model)
        .map(([subject, target]) => finding(subject, spec.failures(target, model), spec.passText)),
  };
}

/** A check that judges every Terraform resource of some types on its own. */
export function perResource(
  spec: CheckInfo & {
    types: readonly string[];
    passText: string;
    failures: (resource: TerraformResource, model: TerraformModel) => Failures;
  },
): TerraformCheck {
  return perSubject<TerraformModel, TerraformResource>({
    ...spec,
    subjects: (model) =>
      model.resources.filter((r) => spec.types.includes(r.type)).map((r) => [r.address, r]),
  });
}
