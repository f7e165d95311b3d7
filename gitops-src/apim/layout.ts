// gitops/apps: how the APIM objects are laid out for review.
//   apps/apim/base               ANM, API Manager, shared claims and secrets, load test (reference sizing)
//   apps/apim/groups/<group>     one gateway group: Deployment, Service, HPA, PDB, policy, ingress
//   apps/apim/overlays/<env>     which groups the env runs; differences/ patches what differs from the base
//   apps/apim/overlays/<env>/release   team-owned image tags (PRO-1)
//   apps/apim/overlays/<env>/custom    team-owned patches, in YAML, reviewed in pull requests
//   apps/apim-schema/...         the metrics schema Job, applied and awaited before apim
// Each env's desired objects are built from its config; the overlay holds only their difference
// from the base, so a pull request shows exactly what changes in one env.
import {
  apimOverlay,
  RELEASE_COMPONENT,
  releaseFile,
  schemaOverlay,
  schemaReleaseComponent,
} from "./overlay-paths";
import { EnvironmentConfig } from "../../envs/schema";
import { APIM_NAMESPACE } from "../../lib/naming";
import { patchFor } from "../../lib/manifests/patch-diff";
import { OutputFile } from "../../tools/output/generated-file";
import { component, kustomization, Manifest, toYaml } from "../yaml";
import { anmObjects } from "./admin-node-manager";
import { apiManagerObjects } from "./api-manager";
import { runtimeConfig } from "./apim-runtime";
import { gatewayObjects } from "./gateway";
import { loadTestObjects } from "./load-test";
import { schemaObjects } from "./schema-job";
import { CUSTOM_COMPONENT, customComponent } from "./custom";
import { reconcileRelease, releaseComponent } from "./release";
import { claims, secrets } from "./shared";
import { ApimSpec, apimSpec, GroupSpec, referenceGroup, referenceSpec, REFERENCE_GROUP } from "./spec";

interface Layer {
  readonly dir: string;
  readonly objects: Manifest[];
}

/** The generated component of an env overlay: the patches of what the env changes from the base. */
const DIFFERENCES_COMPONENT = "differences";

function baseObjects(spec: ApimSpec): Manifest[] {
  const trafficHost = spec.groups.find((g) => g.name === spec.apiManager.group)!.hosts[0];
  return [
    runtimeConfig(spec),
    ...claims(spec.eventsVolumeGb),
    ...secrets(),
    ...anmObjects(spec),
    ...apiManagerObjects(spec),
    ...loadTestObjects(trafficHost),
  ];
}

/** Objects grouped by the file they go to, in a stable order. */
function files(dir: string, objects: Manifest[]): OutputFile[] {
  const byFile = new Map<string, Manifest[]>();
  for (const o of objects) {
    const kind = String(o.kind);
    const name = (o.metadata as { name: string }).name;
    const file = [
      "Deployment",
      "Service",
      "Ingress",
      "NetworkPolicy",
      "ServiceAccount",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
    ].includes(kind)
      ? `${name}.yaml`
      : kind === "CronJob" ||
          (kind === "ConfigMap" && name === "load-test") ||
          (kind === "ExternalSecret" && name === "load-test")
        ? "load-test.yaml"
        : kind === "PersistentVolumeClaim"
          ? "volumes.yaml"
          : kind === "ExternalSecret"
            ? "secrets.yaml"
            : `${name}.yaml`;
    byFile.set(file, [...(byFile.get(file) ?? []), o]);
  }
  const names = [...byFile.keys()].sort();
  return [
    ...names.map((f): OutputFile => ({
      path: `${dir}/${f}`,
      ownership: "generated",
      body: toYaml(...byFile.get(f)!),
    })),
    {
      path: `${dir}/kustomization.yaml`,
      ownership: "generated",
      body: toYaml(
        kustomization({
          namespace: APIM_NAMESPACE,
          // Every APIM object says so (P15 finds them by it).
          labels: [{ pairs: { "app.kubernetes.io/part-of": "apim" }, includeSelectors: false }],
          resources: names,
        }),
      ),
    },
  ];
}

function key(o: Manifest): string {
  return `${String(o.kind)}/${(o.metadata as { name: string }).name}`;
}

/** Patches turning the layers' objects into the env's desired objects. */
function patches(layers: Layer[], desired: Manifest[]): Manifest[] {
  const base = new Map(layers.flatMap((l) => l.objects).map((o) => [key(o), o]));
  return desired.flatMap((o) => {
    const from = base.get(key(o));
    if (!from) throw new Error(`${key(o)} is in no base layer`);
    const patch = patchFor(from as Record<string, unknown>, o as Record<string, unknown>);
    return patch ? [patch as Manifest] : [];
  });
}

export function groupLayer(name: string): Layer {
  return {
    dir: `apps/apim/groups/${name}`,
    objects: gatewayObjects(referenceGroup(name, name === REFERENCE_GROUP)),
  };
}

export function desiredObjects(env: EnvironmentConfig): {
  base: Manifest[];
  groups: Map<string, Manifest[]>;
} {
  const spec = apimSpec(env);
  return {
    base: baseObjects(spec),
    groups: new Map(spec.groups.map((g: GroupSpec) => [g.name, gatewayObjects(g)])),
  };
}

export function apimLayoutFiles(envs: readonly EnvironmentConfig[]): OutputFile[] {
  const reference = referenceSpec();
  const base: Layer = { dir: "apps/apim/base", objects: baseObjects(reference) };
  const groupNames = [
    ...new Set([REFERENCE_GROUP, ...envs.flatMap((e) => e.apim.gatewayGroups.map((g) => g.name))]),
  ].sort();
  const groups = new Map(groupNames.map((n) => [n, groupLayer(n)]));
  const schemaBase: Layer = { dir: "apps/apim-schema/base", objects: schemaObjects(reference.anm.image) };

  const out: OutputFile[] = [
    ...files(base.dir, base.objects),
    ...[...groups.values()].flatMap((g) => files(g.dir, g.objects)),
    ...files(schemaBase.dir, schemaBase.objects),
  ];
  for (const env of envs) {
    const dir = apimOverlay(env.name);
    const desired = desiredObjects(env);
    const envGroups = env.apim.gatewayGroups.map((g) => groups.get(g.name)!);
    const envPatches = [
      ...patches([base], desired.base),
      ...[...desired.groups.entries()].flatMap(([name, objects]) => patches([groups.get(name)!], objects)),
    ];
    // Kustomize applies components in the order listed, and a kustomization's own patches after
    // all of them: so the env's differences are a component too, listed before the team's two,
    // and a team patch of a field the differences also set wins (it is the later one).
    const components = [
      ...(envPatches.length ? [DIFFERENCES_COMPONENT] : []),
      RELEASE_COMPONENT,
      CUSTOM_COMPONENT,
    ];
    out.push(
      ...(envPatches.length
        ? [
            {
              path: `${dir}/${DIFFERENCES_COMPONENT}/kustomization.yaml`,
              ownership: "generated" as const,
              body: toYaml(component({ patches: [{ path: "patches.yaml" }] })),
            },
            {
              path: `${dir}/${DIFFERENCES_COMPONENT}/patches.yaml`,
              ownership: "generated" as const,
              body: toYaml(...envPatches),
            },
          ]
        : []),
      {
        path: `${dir}/kustomization.yaml`,
        ownership: "generated",
        body: toYaml(
          kustomization({
            namespace: APIM_NAMESPACE,
            resources: ["../../base", ...envGroups.map((g) => `../../groups/${g.dir.split("/").pop()}`)],
            components,
          }),
        ),
      },
      {
        path: releaseFile(env.name),
        ownership: "team",
        body: releaseComponent(env),
        reconcile: (existing) => reconcileRelease(env, existing),
      },
      { path: `${dir}/${CUSTOM_COMPONENT}/kustomization.yaml`, ownership: "team", body: customComponent() },
      {
        path: `${schemaOverlay(env.name)}/kustomization.yaml`,
        ownership: "generated",
        body: toYaml(
          kustomization({
            namespace: APIM_NAMESPACE,
            resources: ["../../base"],
            components: [schemaReleaseComponent(env.name)],
          }),
        ),
      },
    );
  }
  return out;
}
