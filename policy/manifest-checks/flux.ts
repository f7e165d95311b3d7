// K32: Flux objects are sane: Kustomizations prune, wait (or check health), time out and name
// their source; HelmReleases pin an exact chart version and remediate failed installs/upgrades.
import { Check, Finding, finding } from "../check";
import { ManifestModel } from "../manifest-model";

type Spec = Record<string, unknown>;

export const K32: Check<ManifestModel> = {
  id: "K32",
  title: "Flux Kustomizations and HelmReleases are pinned, pruned, bounded and remediated",
  requirements: ["GEN-8"],
  evaluate: (model) => [
    ...model
      .ofKind("Kustomization")
      .filter((k) => k.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/"))
      .map((k): Finding => {
        const spec = (k.spec ?? {}) as Spec;
        return finding(
          model.subject(k),
          [
            spec.prune !== true && "prune is not true",
            spec.wait !== true && !spec.healthChecks && "neither wait nor healthChecks",
            !spec.timeout && "no timeout",
            !(spec.sourceRef as Spec | undefined)?.name && "no sourceRef",
            !spec.interval && "no interval",
          ],
          "pruned, waited on, bounded",
        );
      }),
    ...model.ofKind("HelmRelease").map((r): Finding => {
      const spec = (r.spec ?? {}) as Spec;
      const chart = ((spec.chart as Spec | undefined)?.spec ?? {}) as Spec;
      const retries = (phase: string) =>
        ((((spec[phase] as Spec | undefined)?.remediation ?? {}) as Spec).retries as number | undefined) ?? 0;
      return finding(
        model.subject(r),
        [
          !/^\d+\.\d+\.\d+$/.test(String(chart.version)) &&
            `chart version "${String(chart.version)}" is not pinned`,
          retries("install") < 1 && "no install remediation",
          retries("upgrade") < 1 && "no upgrade remediation",
        ],
        `chart ${String(chart.chart)} ${String(chart.version)}`,
      );
    }),
  ],
};
