// Cluster Autoscaler: adds nodes to the apim and monitoring groups when pods cannot be scheduled
// (K8S-8). Installed by Flux into kube-system; it may scale only the Auto Scaling groups tagged as
// owned by this cluster. Chart and image must be of one minor line, the cluster's.
import { PolicyStatement } from "../iam-policy";
import { Narrowing, ReferencePolicy } from "../policies/reference/types";
import { FluxController, ControllerPolicyContext, resources, RESTRICTED_CONTAINER } from "./controller";

const SERVICE_ACCOUNT = "cluster-autoscaler";

/**
 * Cluster Autoscaler's image follows the cluster's minor version, and the chart's appVersion must
 * be of the same line: moving an env to another minor means a chart of that line too.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS = {
  "1.32": "v1.32.0",
  "1.33": "v1.33.0",
  "1.34": "v1.34.0",
} as const;

function statements(ctx: ControllerPolicyContext): PolicyStatement[] {
  return [
    {
      Sid: "DescribeGroups",
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
      Resource: "*",
    },
    {
      Sid: "ScaleOwnGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: {
        StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${ctx.clusterName}`]: "owned" },
      },
    },
  ];
}

// The reference: Cluster Autoscaler (chart 9.51.0, below): "Full Cluster Autoscaler Features
// Policy (Recommended)", verbatim.
const REFERENCE: ReferencePolicy = {
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

// Where ours grants less than the reference, on purpose.
const NARROWINGS: readonly Narrowing[] = [
  {
    actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
    reason: "only Auto Scaling groups tagged as owned by this cluster (EKS tags its node groups' groups so)",
    intended: {
      resource:
        "arn:aws:autoscaling:{region}:{account}:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/eks-apim",
      context: { "aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster}": "owned" },
    },
  },
];

export const CLUSTER_AUTOSCALER: FluxController = {
  name: "cluster-autoscaler",
  namespace: "kube-system",
  install: {
    by: "flux",
    chart: {
      repository: "autoscaler",
      url: "https://kubernetes.github.io/autoscaler",
      chart: "cluster-autoscaler",
      // The last chart of the 1.33 line (appVersion 1.33.0): chart and image must be of one minor
      // line (the ClusterRole grants what that release watches; 9.37.0, of 1.30, lacked
      // volumeattachments). CLUSTER_AUTOSCALER_IMAGE_TAGS[<the envs' Kubernetes version>] must be of
      // this line too (test/chart-values.test.ts).
      version: "9.51.0",
    },
    values: () => ({
      autoDiscovery: { clusterName: "${CLUSTER_NAME}" },
      awsRegion: "${AWS_REGION}",
      image: { tag: "${CLUSTER_AUTOSCALER_IMAGE_TAG}" },
      rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT } },
      extraArgs: {
        "balance-similar-node-groups": true,
        // One apim group per zone, each with its own launch template: EKS labels the nodes with
        // it, and the autoscaler would never find the groups similar (kubernetes/autoscaler#3230).
        // The chart drops what follows "_" in a key, so one flag may repeat.
        "balancing-ignore-label_1": "eks.amazonaws.com/nodegroup",
        "balancing-ignore-label_2": "eks.amazonaws.com/sourceLaunchTemplateId",
        "balancing-ignore-label_3": "eks.amazonaws.com/sourceLaunchTemplateVersion",
        "balancing-ignore-label_4": "topology.k8s.aws/zone-id",
        "skip-nodes-with-system-pods": false,
        expander: "least-waste",
      },
      resources: resources("100m", "300Mi", "600Mi"),
      containerSecurityContext: RESTRICTED_CONTAINER,
    }),
  },
  aws: { serviceAccount: SERVICE_ACCOUNT, statements, reference: REFERENCE, narrowings: NARROWINGS },
};
