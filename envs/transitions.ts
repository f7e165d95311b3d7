// Changes of an env's config that are valid on their own but not as a change from what is deployed:
// AWS cannot perform them, or they take an outage. The review compares the head's config of each
// env with the base's and refuses these, naming env, field, old and new value.
import { valueAt } from "../lib/json";

type Json = Record<string, unknown>;

export interface TransitionRule {
  /** Dotted path in the env config. */
  readonly field: string;
  /** The refusal when the change from old to new is not allowed; undefined when it is. */
  readonly refuse: (before: unknown, after: unknown) => string | undefined;
  /** A refusal the team may accept with --allow-destructive (an outage they schedule), or never. */
  readonly acceptable: boolean;
}

// Stryker disable next-line Regex,OptionalChaining: versions are validated against SUPPORTED_KUBERNETES_VERSIONS ("1.<minor>") before any transition is judged, so the anchors and a failed match cannot occur
const minor = (version: unknown) => Number(/^1\.(\d+)$/.exec(String(version))?.[1]);

export const RING_ROLLING_PROCEDURE =
  "docs/runbooks/cassandra-rolling-change.md: change one node at a time " +
  "(terraform apply -target on that node's aws_instance, wait for nodetool status to show it UN), then merge";

export const TRANSITION_RULES: readonly TransitionRule[] = [
  {
    field: "cassandra.volumeSizeGb",
    refuse: (a, b) =>
      Number(b) < Number(a)
        ? "an EBS volume cannot shrink; grow it, or migrate the ring to new volumes"
        : undefined,
    acceptable: false,
  },
  {
    field: "mysql.allocatedStorageGb",
    refuse: (a, b) =>
      Number(b) < Number(a)
        ? "RDS cannot reduce allocated storage; restore a snapshot into a new instance instead"
        : undefined,
    acceptable: false,
  },
  {
    field: "kubernetes.version",
    refuse: (a, b) =>
      minor(b) < minor(a)
        ? "EKS cannot downgrade a cluster's Kubernetes version"
        : minor(b) > minor(a) + 1
          ? `EKS upgrades one minor version at a time: go to 1.${minor(a) + 1} first`
          : undefined,
    acceptable: false,
  },
  {
    field: "cassandra.instanceType",
    refuse: (a, b) =>
      a !== b
        ? `every Cassandra node would be stopped and changed at once, taking the ring down; follow ${RING_ROLLING_PROCEDURE}`
        : undefined,
    acceptable: true,
  },
];

export interface RefusedTransition {
  readonly env: string;
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string;
  readonly acceptable: boolean;
}

/** Every refused transition from the base's env configs to the head's (envs matched by name). */
export function refusedTransitions(
  base: readonly Json[],
  head: readonly Json[],
  rules: readonly TransitionRule[] = TRANSITION_RULES,
): RefusedTransition[] {
  const refused: RefusedTransition[] = [];
  for (const after of head) {
    const before = base.find((b) => b.name === after.name);
    // Stryker disable next-line ConditionalExpression: without it, the missing base reads every field as undefined and the next check skips the rule: the line says why, it decides nothing
    if (!before) continue; // a new env has nothing deployed to change from
    for (const rule of rules) {
      const [a, b] = [valueAt(before, rule.field), valueAt(after, rule.field)];
      if (a === undefined || b === undefined) continue;
      const reason = rule.refuse(a, b);
      if (reason)
        refused.push({
          env: String(after.name),
          field: rule.field,
          before: a,
          after: b,
          reason,
          acceptable: rule.acceptable,
        });
    }
  }
  return refused;
}

export function describeTransition(t: RefusedTransition): string {
  return `${t.env}: ${t.field} ${JSON.stringify(t.before)} -> ${JSON.stringify(t.after)}: ${t.reason}`;
}
