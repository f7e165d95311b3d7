// The hand-off to Flux (GEN-8): Flux from a pinned chart, synced to gitops/clusters/<env>, Git
// credentials that never reach the state, the cluster-vars Terraform knows, and providers that
// authenticate with `aws eks get-token` rather than a stored token.
import { Finding, TerraformCheck, finding } from "../check";
import { CLUSTER_VARS } from "../../lib/cluster-vars";
import { asArray, Attrs, envOfStack } from "../terraform-model";
import { parse } from "yaml";

function releaseValues(release: Attrs): Attrs {
  return asArray<string>(release.values).reduce<Attrs>(
    (all, text) => ({ ...all, ...(parse(text) as Attrs) }),
    {},
  );
}

export const P14: TerraformCheck = {
  id: "P14",
  title: "Flux installed from pinned charts and synced to the env's cluster path; no stored token or Git key",
  requirements: ["GEN-8"],
  evaluate: (model) =>
    model.stacks
      .filter((s) => ((s.json.resource ?? {}) as Attrs).helm_release !== undefined)
      .map((stack): Finding => {
        const env = envOfStack(stack.name);
        const releases = Object.values(
          ((stack.json.resource as Attrs).helm_release ?? {}) as Record<string, Attrs>,
        );
        const providers = [
          ...asArray<Attrs>(((stack.json.provider ?? {}) as Attrs).kubernetes),
          ...asArray<Attrs>(((stack.json.provider ?? {}) as Attrs).helm).map(
            (h) => (h.kubernetes ?? {}) as Attrs,
          ),
        ];
        const sync = releases.find((r) => r.chart === "flux2-sync");
        const syncPath = sync
          ? (((releaseValues(sync).kustomization as Attrs)?.spec as Attrs)?.path as string)
          : undefined;
        const secrets = Object.values(
          ((stack.json.resource as Attrs).kubernetes_secret_v1 ?? {}) as Record<string, Attrs>,
        );
        const configMaps = Object.values(
          ((stack.json.resource as Attrs).kubernetes_config_map_v1 ?? {}) as Record<string, Attrs>,
        );
        const vars = configMaps.find((c) => (c.metadata as Attrs).name === "cluster-vars");
        const varKeys = Object.keys((vars?.data ?? {}) as Attrs).sort();
        return finding(
          `${stack.name}/flux`,
          [
            releases.some((r) => !/^\d+\.\d+\.\d+$/.test(String(r.version))) &&
              "a chart version is not pinned",
            !releases.some((r) => r.chart === "flux2") && "Flux is not installed",
            syncPath !== `./gitops/clusters/${env}` &&
              `root Kustomization path is ${String(syncPath)}, not ./gitops/clusters/${env}`,
            providers.some(
              (p) => p.token !== undefined || p.password !== undefined || p.client_key !== undefined,
            ) && "a provider carries a stored credential",
            // A missing exec stringifies to undefined: as text, "undefined", which runs no get-token.
            providers.some((p) => !String(JSON.stringify(p.exec)).includes("get-token")) &&
              "a provider does not authenticate with aws eks get-token",
            secrets.some((s) => s.data !== undefined || s.binary_data !== undefined) &&
              "a Secret's value is written into the state",
            JSON.stringify(varKeys) !== JSON.stringify(Object.keys(CLUSTER_VARS).sort()) &&
              "cluster-vars keys differ from lib/cluster-vars.ts",
          ],
          `Flux syncs ./gitops/clusters/${env}`,
        );
      }),
};
