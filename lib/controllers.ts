// The in-cluster controllers that need AWS access, as data: the (namespace, service account) the
// cluster stack binds a pod identity role to, and the gitops generator installs them under.
export type ControllerName =
  | "aws-load-balancer-controller"
  | "external-secrets"
  | "external-dns"
  | "cluster-autoscaler"
  | "fluent-bit"
  | "ebs-csi-controller"
  | "efs-csi-controller"
  | "vpc-cni";

export interface ControllerIdentity {
  readonly name: ControllerName;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export const CONTROLLER_IDENTITIES: Readonly<Record<ControllerName, ControllerIdentity>> = {
  "aws-load-balancer-controller": {
    name: "aws-load-balancer-controller",
    namespace: "kube-system",
    serviceAccount: "aws-load-balancer-controller",
  },
  "external-secrets": {
    name: "external-secrets",
    namespace: "external-secrets",
    serviceAccount: "external-secrets",
  },
  "external-dns": { name: "external-dns", namespace: "external-dns", serviceAccount: "external-dns" },
  "cluster-autoscaler": {
    name: "cluster-autoscaler",
    namespace: "kube-system",
    serviceAccount: "cluster-autoscaler",
  },
  "fluent-bit": { name: "fluent-bit", namespace: "logging", serviceAccount: "fluent-bit" },
  "ebs-csi-controller": {
    name: "ebs-csi-controller",
    namespace: "kube-system",
    serviceAccount: "ebs-csi-controller-sa",
  },
  "efs-csi-controller": {
    name: "efs-csi-controller",
    namespace: "kube-system",
    serviceAccount: "efs-csi-controller-sa",
  },
  "vpc-cni": { name: "vpc-cni", namespace: "kube-system", serviceAccount: "aws-node" },
};
