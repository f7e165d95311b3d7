// Policy documents kept as data exactly as their publisher wrote them (loose statements: no Sid
// required, any condition), with where they come from; and the deliberate narrowings of ours
// against such a reference. Each controller keeps its own (lib/controllers/).
export interface LooseStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface LooseDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly LooseStatement[];
}

export interface ReferencePolicy {
  /** Upstream repository, path and tag (or the AWS managed policy and its version). */
  readonly provenance: string;
  readonly document: LooseDocument;
  /** Example values of the upstream document replaced by the env's (e.g. its example account id). */
  readonly placeholders?: Readonly<Record<string, "{region}" | "{account}" | "{secretPrefix}">>;
}

/**
 * Where a controller's policy grants less than its upstream reference, on purpose: the reference
 * actions it narrows and why. `intended` is where ours grants them instead (templates of
 * lib/access-table.ts), absent when ours does not grant them at all. The reference test proves each
 * narrowing is real and each intended access is granted.
 */
export interface Narrowing {
  readonly actions: readonly string[];
  readonly reason: string;
  readonly intended?: {
    readonly resource: string;
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
  };
  /** For a reference on Resource "*": a resource the reference covers and ours does not. */
  readonly outside?: string;
}
