// Findings the project accepts, each with its reason. `subject` may use * as a wildcard.
// An exemption that matches no failing finding fails the run: stale exemptions are removed.
export interface Exemption {
  readonly check: string;
  readonly subject: string;
  readonly reason: string;
}

export const EXEMPTIONS: readonly Exemption[] = [];
