// Policy documents kept as data exactly as their publisher wrote them (loose statements: no Sid
// required, any condition), with where they come from.
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
