// Amazon EFS CSI driver v2.1.10 (the add-on version of lib/kubernetes-versions.ts), verbatim.
import { ReferencePolicy } from "./types";

export const EFS_CSI_DRIVER_REFERENCE: ReferencePolicy = {
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
