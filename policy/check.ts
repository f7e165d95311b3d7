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

/** Builds the finding of one resource from a list of failed conditions (empty = pass). */
export function judge(
  resource: TerraformResource,
  failures: (string | false | undefined)[],
  passText: string,
): Finding {
  const failed = failures.filter((f): f is string => typeof f === "string");
  return failed.length
    ? { subject: resource.address, ok: false, message: failed.join("; ") }
    : { subject: resource.address, ok: true, message: passText };
}

/** A check that judges every resource of some types on its own. */
export function perResource(
  spec: Omit<TerraformCheck, "evaluate"> & {
    types: readonly string[];
    passText: string;
    failures: (resource: TerraformResource, model: TerraformModel) => (string | false | undefined)[];
  },
): TerraformCheck {
  return {
    id: spec.id,
    title: spec.title,
    requirements: spec.requirements,
    evaluate: (model) =>
      model.resources
        .filter((r) => spec.types.includes(r.type))
        .map((r) => judge(r, spec.failures(r, model), spec.passText)),
  };
}
