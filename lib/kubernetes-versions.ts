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

/**
 * EKS add-on versions, pinned per Kubernetes version (coredns and kube-proxy follow the minor
 * version; the others support every version listed). Check before changing a version:
 *   aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>
 */
export const ADDON_VERSIONS: Readonly<Record<KubernetesVersion, Readonly<Record<string, string>>>> = {
  "1.32": {
    "vpc-cni": "v1.20.4-eksbuild.2",
    coredns: "v1.11.4-eksbuild.2",
    "kube-proxy": "v1.32.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
    "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
    "aws-efs-csi-driver": "v2.1.10-eksbuild.1",
  },
  "1.33": {
    "vpc-cni": "v1.20.4-eksbuild.2",
    coredns: "v1.12.2-eksbuild.4",
    "kube-proxy": "v1.33.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
    "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
    "aws-efs-csi-driver": "v2.1.10-eksbuild.1",
  },
  "1.34": {
    "vpc-cni": "v1.20.4-eksbuild.2",
    coredns: "v1.12.3-eksbuild.1",
    "kube-proxy": "v1.34.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
    "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
    "aws-efs-csi-driver": "v2.1.10-eksbuild.1",
  },
};
