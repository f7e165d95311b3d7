// The EKS Kubernetes versions this repository is tested with (T4). Update on purpose, together
// with the add-on versions of the cluster stack.
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34"] as const;
export type KubernetesVersion = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];

/** kubectl on the bastion matches the cluster's minor version (pinned patch releases). */
export const KUBECTL_VERSIONS: Readonly<Record<KubernetesVersion, string>> = {
  "1.32": "1.32.9",
  "1.33": "1.33.5",
  "1.34": "1.34.1",
};
