// The Amazon EBS CSI driver's controller: provisions the encrypted gp3 volumes (Prometheus's).
// Installed by EKS as the aws-ebs-csi-driver add-on, which binds the pod identity itself; the role
// has AWS's managed policy as published (nothing narrowed, so no reference is kept).
import { ClusterController } from "./controller";

export const EBS_CSI_CONTROLLER: ClusterController = {
  name: "ebs-csi-controller",
  namespace: "kube-system",
  install: { by: "eks-addon", addon: "aws-ebs-csi-driver" },
  aws: {
    serviceAccount: "ebs-csi-controller-sa",
    managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
  },
};
