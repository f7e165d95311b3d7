// gitops/apps/apim: the base shared by every env and one short overlay per env. Image tags live
// in a Kustomize component the team owns (release/), so promoting a release is a one-line PR
// (PRO-1, MNT-1) that synth never overwrites.
import { EnvironmentConfig } from "../envs/schema";
import { OutputFile } from "../lib/output/generated-file";
import { APIM_NAMESPACE, cassandraHosts, ecrRegistryHost, mysqlHost } from "../lib/naming";
import { Manifest, toYaml } from "./yaml";

export const RUNTIME_CONFIG = "apim-runtime";
export const SERVICE_ACCOUNTS = ["admin-node-manager", "api-manager"] as const;

function serviceAccount(name: string): Manifest {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name },
    // No APIM component calls the Kubernetes API (K27).
    automountServiceAccountToken: false,
  };
}

function baseFiles(): OutputFile[] {
  const runtime: Manifest = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: RUNTIME_CONFIG },
    data: {
      ACCEPT_GENERAL_CONDITIONS: "yes",
      EMT_TRACE_LEVEL: "INFO",
      APIGW_LOG_TRACE_JSON_TO_STDOUT: "true",
      APIGW_LOG_TRACE_TO_FILE: "true",
    },
  };
  return [
    {
      path: "apps/apim/base/service-accounts.yaml",
      ownership: "generated",
      body: toYaml(...SERVICE_ACCOUNTS.map(serviceAccount)),
    },
    { path: "apps/apim/base/runtime-config.yaml", ownership: "generated", body: toYaml(runtime) },
    {
      path: "apps/apim/base/kustomization.yaml",
      ownership: "generated",
      body: toYaml({
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        namespace: APIM_NAMESPACE,
        labels: [{ pairs: { "app.kubernetes.io/part-of": "apim" }, includeSelectors: false }],
        resources: ["service-accounts.yaml", "runtime-config.yaml"],
      }),
    },
  ];
}

function overlayFiles(env: EnvironmentConfig): OutputFile[] {
  const dir = `apps/apim/overlays/${env.name}`;
  const runtimePatch: Manifest = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: RUNTIME_CONFIG },
    data: {
      EMT_TRACE_LEVEL: env.apim.traceLevel,
      METRICS_DB_HOST: mysqlHost(env),
      CASS_HOSTS: cassandraHosts(env).join(","),
    },
  };
  const registry = ecrRegistryHost(env);
  const images = [
    { repository: env.apim.anm.imageRepository, tag: env.apim.anm.initialImageTag },
    ...env.apim.gatewayGroups.map((g) => ({ repository: g.imageRepository, tag: g.initialImageTag })),
  ];
  const release: Manifest = {
    apiVersion: "kustomize.config.k8s.io/v1alpha1",
    kind: "Component",
    // The base names images by repository; the component maps them to the env's ECR and a tag.
    images: images.map((i) => ({
      name: i.repository,
      newName: `${registry}/${i.repository}`,
      newTag: i.tag,
    })),
  };
  return [
    { path: `${dir}/runtime-config.patch.yaml`, ownership: "generated", body: toYaml(runtimePatch) },
    {
      path: `${dir}/kustomization.yaml`,
      ownership: "generated",
      body: toYaml({
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: ["../../base"],
        components: ["release"],
        patches: [{ path: "runtime-config.patch.yaml" }],
      }),
    },
    {
      // Team-owned: created once with the config's initial tags, then edited by release PRs.
      path: `${dir}/release/kustomization.yaml`,
      ownership: "team",
      body:
        "# Image tags of this env, owned by the team: promote a release by changing a newTag (PRO-1).\n" +
        "# npm run synth creates this file once and never overwrites it.\n" +
        toYaml(release),
    },
  ];
}

export function apimAppFiles(envs: readonly EnvironmentConfig[]): OutputFile[] {
  return [...baseFiles(), ...envs.flatMap(overlayFiles)];
}
