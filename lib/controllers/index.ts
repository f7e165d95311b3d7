// The in-cluster controllers, in order: the cluster stack creates a pod identity for each that
// needs AWS access, and the gitops generator installs each that Flux installs, one file apiece
// under gitops/infrastructure/controllers. Add a controller by adding its module here.
import { AWS_LOAD_BALANCER_CONTROLLER } from "./aws-load-balancer-controller";
import { CLUSTER_AUTOSCALER } from "./cluster-autoscaler";
import { ClusterController } from "./controller";
import { EBS_CSI_CONTROLLER } from "./ebs-csi-controller";
import { EFS_CSI_CONTROLLER } from "./efs-csi-controller";
import { EXTERNAL_DNS } from "./external-dns";
import { EXTERNAL_SECRETS } from "./external-secrets";
import { FLUENT_BIT } from "./fluent-bit";
import { KUBE_PROMETHEUS_STACK } from "./kube-prometheus-stack";
import { METRICS_SERVER } from "./metrics-server";
import { VPC_CNI } from "./vpc-cni";

export const CONTROLLERS: readonly ClusterController[] = [
  AWS_LOAD_BALANCER_CONTROLLER,
  EXTERNAL_SECRETS,
  EXTERNAL_DNS,
  CLUSTER_AUTOSCALER,
  METRICS_SERVER,
  FLUENT_BIT,
  KUBE_PROMETHEUS_STACK,
  EBS_CSI_CONTROLLER,
  EFS_CSI_CONTROLLER,
  VPC_CNI,
];
