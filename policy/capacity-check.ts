// P32: the pods the built manifests run fit the node groups. envs/rules.ts refuses a config that
// does not fit; this check places what Flux would really apply (the team's custom/ patches
// included), so a patch that raises a request, an HPA maximum, a surge or a budget is judged too.
// A failure says how the manifests differ from what the env config implies: that is where to look.
import { EnvironmentConfig } from "../envs/schema";
import { capacityModel, Demand, envCapacity } from "../lib/capacity";
import { Check, Finding } from "./check";
import { ManifestModel } from "./manifest-model";
import { workloadDemands } from "./workload-demands";

/** An env's config (its node groups) and the objects its cluster would apply. */
export interface PlacementModel {
  readonly env: EnvironmentConfig;
  readonly manifests: ManifestModel;
}

const size = (d: Demand) => `${d.requests.cpuMilli}m / ${d.requests.memoryMib} MiB`;
const spread = (d: Demand) => (d.zoneSpread === "hard" ? `maxSkew ${d.maxSkew ?? 1}` : "no zone spread");
const skew = (d: Demand) => (d.zoneSpread === "hard" ? (d.maxSkew ?? 1) : Infinity);

/** What a built workload asks beyond what its env config implies, field by field (never less). */
function askedBeyond(built: Demand, configured: Demand | undefined): string[] {
  if (!configured) return [`${built.name} (${built.maxReplicas} x ${size(built)}; not in the env config)`];
  const b = built;
  const c = configured;
  const more: [boolean, string][] = [
    [b.nodeGroup !== c.nodeGroup, `runs on ${b.nodeGroup} (config: ${c.nodeGroup})`],
    [
      b.requests.cpuMilli > c.requests.cpuMilli || b.requests.memoryMib > c.requests.memoryMib,
      `requests ${size(b)} (config: ${size(c)})`,
    ],
    [
      b.maxReplicas > c.maxReplicas || b.minReplicas > c.minReplicas,
      `replicas ${b.minReplicas}-${b.maxReplicas} (config: ${c.minReplicas}-${c.maxReplicas})`,
    ],
    [b.maxSurge > c.maxSurge, `maxSurge ${b.maxSurge} (config: ${c.maxSurge})`],
    [b.keep > c.keep, `kept with a zone down ${b.keep} (config: ${c.keep})`],
    [skew(b) < skew(c), `zone spread ${spread(b)} (config: ${spread(c)})`],
  ];
  return more.filter(([asks]) => asks).map(([, text]) => `${b.name} ${text}`);
}

export const P32: Check<PlacementModel> = {
  id: "P32",
  title:
    "The pods of the built manifests fit their node groups: each pod on a node, the HPA maxima, a release's rolling update, one zone down",
  requirements: ["K8S-8", "K8S-9", "SIZ-1", "HA-1"],
  evaluate: ({ env, manifests }) => {
    const { demands, unplaceable } = workloadDemands(manifests.objects);
    const configured = new Map(capacityModel(env).demands.map((d) => [d.name, d]));
    // As capacityModel pairs them: the first workload of a configured name takes its place.
    const seen = new Set<string>();
    const beyond = demands.map((d) => {
      const pair = seen.has(d.name) ? undefined : configured.get(d.name);
      seen.add(d.name);
      return { group: d.nodeGroup, asks: askedBeyond(d, pair) };
    });
    const differing = (group: string) => beyond.filter((b) => b.group === group).flatMap((b) => b.asks);
    const placement: Finding[] = envCapacity(env, demands)
      // Cassandra's quorum is the config's alone (envs/rules.ts); a skipped check repeats the
      // finding it depends on.
      .findings.filter((f) => f.group !== "cassandra" && !f.skipped)
      .map((f) => {
        const changed = f.ok ? [] : differing(f.group);
        const cause = changed.length
          ? `; the manifests ask more than envs/${env.name} implies: ${changed.join(", ")}`
          : "";
        return {
          subject: `${env.name}/node-group/${f.group}/${f.check}`,
          ok: f.ok,
          message: `${f.message}${cause}`,
        };
      });
    return [
      ...unplaceable.map((u) => ({ subject: `${env.name}/${u.workload}`, ok: false, message: u.problem })),
      ...placement,
    ];
  },
};

export const PLACEMENT_CHECKS: readonly Check<PlacementModel>[] = [P32];
