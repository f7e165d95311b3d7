// gitops/infrastructure: shared by every cluster; per-cluster values arrive through Flux
// substitution from cluster-vars. configs: the APIM namespace under Pod Security "restricted"
// (K8S-4, SECU-3) and its default-deny network policy with DNS egress (K8S-3).
import { OutputFile } from "../lib/output/generated-file";
import { APIM_NAMESPACE } from "../lib/naming";
import { Manifest, toYaml } from "./yaml";

/** Pod Security admission version the labels pin (K11). */
export const POD_SECURITY_VERSION = "v1.33";

function kustomization(resources: string[]): Manifest {
  return { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources };
}

function apimNamespace(): Manifest {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
    labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
  }
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: APIM_NAMESPACE, labels } };
}

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

export function infrastructureFiles(): OutputFile[] {
  return [
    // Controllers (load balancer, secrets, DNS, autoscaler, logs, monitoring) are added here as
    // HelmReleases; until then the layer exists so the dependency chain is in place.
    {
      path: "infrastructure/controllers/kustomization.yaml",
      ownership: "generated",
      body: toYaml(kustomization([])),
    },
    { path: "infrastructure/configs/namespace.yaml", ownership: "generated", body: toYaml(apimNamespace()) },
    {
      path: "infrastructure/configs/network-policies.yaml",
      ownership: "generated",
      body: toYaml(defaultDeny(), allowDns()),
    },
    {
      path: "infrastructure/configs/kustomization.yaml",
      ownership: "generated",
      body: toYaml(kustomization(["namespace.yaml", "network-policies.yaml"])),
    },
  ];
}
