// P32: the pods the built manifests run fit the node groups. envs/rules.ts refuses a config that
// does not fit; this check places what Flux would really apply (the team's custom/ patches
// included), so a patch that raises a request, an HPA maximum, a surge or a budget is judged too.
import { EnvironmentConfig } from "../envs/schema";
import { envCapacity } from "../lib/capacity";
import { Check } from "./check";
import { ManifestModel } from "./manifest-model";
import { workloadDemands } from "./workload-demands";

/** An env's config (its node groups) and the objects its cluster would apply. */
export interface PlacementModel {
  readonly env: EnvironmentConfig;
  readonly manifests: ManifestModel;
}

export const P32: Check<PlacementModel> = {
  id: "P32",
  title:
    "The pods of the built manifests fit their node groups: each pod on a node, the HPA maxima, a rolling update, one zone down",
  requirements: ["K8S-8", "K8S-9", "SIZ-1", "HA-1"],
  evaluate: ({ env, manifests }) =>
    envCapacity(env, workloadDemands(manifests.objects))
      // Cassandra's quorum is the config's alone (envs/rules.ts); a skipped check repeats the
      // finding that a pod fits no node.
      .findings.filter((f) => f.group !== "cassandra" && !f.skipped)
      .map((f) => ({
        subject: `${env.name}/node-group/${f.group}/${f.check}`,
        ok: f.ok,
        message: f.message,
      })),
};

export const PLACEMENT_CHECKS: readonly Check<PlacementModel>[] = [P32];
