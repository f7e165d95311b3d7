// gitops/infrastructure/configs: what needs the controllers' CRDs and classes, shared by every
// cluster (per-cluster values through cluster-vars): the APIM namespace under Pod Security
// "restricted" (K8S-4, SECU-3) with its default-deny policy and DNS egress (K8S-3), the storage
// classes (EFS for the events volume, encrypted gp3), the Secrets Manager store, and the
// monitoring stack, which needs both.
import { GRAFANA_ADMIN_SECRET, KUBE_PROMETHEUS_STACK } from "../lib/controllers/kube-prometheus-stack";
import { APIM_NAMESPACE, APIM_UID, GP3_STORAGE_CLASS } from "../lib/naming";
import { OutputFile } from "../tools/output/generated-file";
import { controllerFiles, controllerRelease } from "./controllers";
import { namespace, READINESS_GATE_INJECTION } from "./namespaces";
import { kustomization, Manifest, toYaml } from "./yaml";

export const EVENTS_STORAGE_CLASS = "apim-events";
export const SECRET_STORE = "aws-secrets-manager";

function defaultDeny(): Manifest {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny", namespace: APIM_NAMESPACE },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}

function allowDns(): Manifest {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-dns-egress", namespace: APIM_NAMESPACE },
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    },
  };
}

function storageClasses(): Manifest[] {
  return [
    {
      // The shared events volume (GEN-7, STO-4): one access point per claim, owned by the APIM user.
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: EVENTS_STORAGE_CLASS },
      provisioner: "efs.csi.aws.com",
      parameters: {
        provisioningMode: "efs-ap",
        fileSystemId: "${EVENTS_FILE_SYSTEM_ID}",
        directoryPerms: "750",
        uid: String(APIM_UID),
        gid: String(APIM_UID),
        basePath: "/dynamic",
      },
      reclaimPolicy: "Retain",
      volumeBindingMode: "Immediate",
    },
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: GP3_STORAGE_CLASS },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    },
  ];
}

function secretStore(): Manifest {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: SECRET_STORE },
    spec: {
      // The External Secrets controller's pod identity may read only apim/<env>/* (cluster stack).
      provider: { aws: { service: "SecretsManager", region: "${AWS_REGION}" } },
      conditions: [{ namespaces: [APIM_NAMESPACE, KUBE_PROMETHEUS_STACK.namespace] }],
    },
  };
}

/** A Kubernetes Secret synced from apim/<env>/<key> of Secrets Manager (all of its JSON keys). */
export function externalSecret(name: string, key: string, ns?: string): Manifest {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: SECRET_STORE },
      target: { name, creationPolicy: "Owner", deletionPolicy: "Retain" },
      dataFrom: [{ extract: { key: `apim/\${ENV_NAME}/${key}` } }],
    },
  };
}

/** The monitoring stack (lib/controllers/kube-prometheus-stack.ts) released here, with its Grafana admin Secret. */
function monitoring(): Manifest[] {
  return [
    externalSecret(GRAFANA_ADMIN_SECRET, "grafana-admin", KUBE_PROMETHEUS_STACK.namespace),
    controllerRelease(KUBE_PROMETHEUS_STACK),
  ];
}

export function infrastructureFiles(): OutputFile[] {
  const dir = "infrastructure/configs";
  const files: [string, Manifest[]][] = [
    ["namespace.yaml", [namespace(APIM_NAMESPACE, "restricted", undefined, READINESS_GATE_INJECTION)]],
    ["network-policies.yaml", [defaultDeny(), allowDns()]],
    ["storage-classes.yaml", storageClasses()],
    ["secret-store.yaml", [secretStore()]],
    // Named after its namespace: the controller's own file points here (controllers.ts).
    [`${KUBE_PROMETHEUS_STACK.namespace}.yaml`, monitoring()],
  ];
  return [
    ...controllerFiles(),
    ...files.map(([name, objects]): OutputFile => ({
      path: `${dir}/${name}`,
      ownership: "generated",
      body: toYaml(...objects),
    })),
    {
      path: `${dir}/kustomization.yaml`,
      ownership: "generated",
      body: toYaml(kustomization({ resources: files.map(([name]) => name) })),
    },
  ];
}
