// The Amazon VPC CNI (aws-node): pod networking and network policies. Installed by EKS as the
// vpc-cni add-on, which binds the pod identity itself; the role has AWS's managed policy as
// published (nothing narrowed, so no reference is kept).
import { ClusterController } from "./controller";

export const VPC_CNI: ClusterController = {
  name: "vpc-cni",
  namespace: "kube-system",
  install: { by: "eks-addon", addon: "vpc-cni" },
  aws: { serviceAccount: "aws-node", managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"] },
};
