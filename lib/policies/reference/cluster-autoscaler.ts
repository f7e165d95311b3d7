// Cluster Autoscaler (chart 9.51.0, lib/controller-charts.ts): "Full Cluster Autoscaler Features
// Policy (Recommended)", verbatim.
import { ReferencePolicy } from "./types";

export const CLUSTER_AUTOSCALER_REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md at tag cluster-autoscaler-chart-9.51.0 (9befb31fd94d73ae0b888bd9536ae085cd9304e1)",
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
