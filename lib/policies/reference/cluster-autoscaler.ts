// Cluster Autoscaler (chart 9.37.0, lib/controller-charts.ts): "Full Cluster Autoscaler Features
// Policy (Recommended)", verbatim.
import { ReferencePolicy } from "./types";

export const CLUSTER_AUTOSCALER_REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md at tag cluster-autoscaler-chart-9.37.0 (adea8a0fab7aee3e57ab1cb350b793eddc8b0cd8)",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: ["*"],
      },
      {
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: ["*"],
      },
    ],
  },
};
