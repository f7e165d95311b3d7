// The Amazon EFS CSI driver's controller: provisions an access point per claim on the events file
// system (GEN-7, STO-4). Installed by EKS as the aws-efs-csi-driver add-on, which binds the pod
// identity itself; the role has AWS's managed policy, checked against the driver's own example.
import { Narrowing, ReferencePolicy } from "../policies/reference/types";
import { ClusterController } from "./controller";

// The reference: Amazon EFS CSI driver v2.1.10 (the add-on version of lib/kubernetes-versions.ts), verbatim.
const REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/kubernetes-sigs/aws-efs-csi-driver docs/iam-policy-example.json at tag v2.1.10 (d51f7115e8a4051cd51e92c59846316f582e0fa9)",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "elasticfilesystem:DescribeAccessPoints",
          "elasticfilesystem:DescribeFileSystems",
          "elasticfilesystem:DescribeMountTargets",
          "ec2:DescribeAvailabilityZones",
        ],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:CreateAccessPoint"],
        Resource: "*",
        Condition: { StringLike: { "aws:RequestTag/efs.csi.aws.com/cluster": "true" } },
      },
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:TagResource"],
        Resource: "*",
        Condition: { StringLike: { "aws:ResourceTag/efs.csi.aws.com/cluster": "true" } },
      },
      {
        Effect: "Allow",
        Action: "elasticfilesystem:DeleteAccessPoint",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/efs.csi.aws.com/cluster": "true" } },
      },
    ],
  },
};

// Where ours grants less than the reference, on purpose.
const NARROWINGS: readonly Narrowing[] = [
  {
    actions: ["elasticfilesystem:TagResource"],
    reason: "the AWS managed policy tags access points only as they are created (what the driver does)",
    intended: {
      resource: "{fs:events}",
      context: {
        "elasticfilesystem:CreateAction": "CreateAccessPoint",
        "aws:RequestTag/efs.csi.aws.com/cluster": "true",
        "aws:TagKeys": ["efs.csi.aws.com/cluster"],
      },
    },
  },
];

export const EFS_CSI_CONTROLLER: ClusterController = {
  name: "efs-csi-controller",
  namespace: "kube-system",
  install: { by: "eks-addon", addon: "aws-efs-csi-driver" },
  aws: {
    serviceAccount: "efs-csi-controller-sa",
    managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"],
    reference: REFERENCE,
    narrowings: NARROWINGS,
  },
};
