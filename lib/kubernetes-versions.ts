// The EKS Kubernetes versions this repository is tested with (T4). Update on purpose, together
// with the add-on versions of the cluster stack.
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34"] as const;
export type KubernetesVersion = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];
