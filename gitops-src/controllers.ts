// gitops/infrastructure/controllers: one file per controller Flux installs (lib/controllers/), as
// in fluxcd/flux2-kustomize-helm-example: the namespace it owns, its chart's HelmRepository and its
// HelmRelease. Releases are bound to the pod identities of the cluster stack by service account
// name alone (pod identity needs no annotation); per-cluster values come from cluster-vars (${VAR}).
import { CONTROLLERS } from "../lib/controllers";
import { FluxController, installedByFlux } from "../lib/controllers/controller";
import { OutputFile } from "../tools/output/generated-file";
import { helmRelease, helmRepository } from "./helm";
import { namespace } from "./namespaces";
import { kustomization, Manifest, toYaml } from "./yaml";

/** The HelmRelease of a controller Flux installs. */
export function controllerRelease(controller: FluxController): Manifest {
  return helmRelease({
    name: controller.name,
    namespace: controller.namespace,
    source: controller.install.chart,
    values: controller.install.values(),
  });
}

function controllerObjects(controller: FluxController): Manifest[] {
  const { podSecurity } = controller;
  return [
    ...(podSecurity ? [namespace(controller.namespace, podSecurity.level, podSecurity.reason)] : []),
    helmRepository(controller.install.chart),
    ...(controller.install.releasedIn === "configs" ? [] : [controllerRelease(controller)]),
  ];
}

/** Where the HelmRelease of a controller released with the configs is, for a reader of this file. */
function releaseNote(controller: FluxController): string {
  return controller.install.releasedIn === "configs"
    ? `# The HelmRelease of ${controller.name} is in infrastructure/configs/${controller.namespace}.yaml: it needs\n` +
        "# what the configs create first (a storage class, an ExternalSecret).\n"
    : "";
}

export function controllerFiles(): OutputFile[] {
  const dir = "infrastructure/controllers";
  const installed = CONTROLLERS.filter(installedByFlux);
  return [
    ...installed.map((c): OutputFile => ({
      path: `${dir}/${c.name}.yaml`,
      ownership: "generated",
      body: releaseNote(c) + toYaml(...controllerObjects(c)),
    })),
    {
      path: `${dir}/kustomization.yaml`,
      ownership: "generated",
      body: toYaml(kustomization({ resources: installed.map((c) => `${c.name}.yaml`) })),
    },
  ];
}
