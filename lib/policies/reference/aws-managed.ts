// AWS managed policies the stacks attach, kept as data so the access table can evaluate the roles
// that use them offline. Transcribed from the AWS Managed Policy Reference Guide (the default
// version as of 2026); a principal with an attached managed policy missing here cannot be
// evaluated (the access evaluation reports it instead of guessing).
import { LooseDocument } from "./types";

const doc = (...Statement: LooseDocument["Statement"]): LooseDocument => ({
  Version: "2012-10-17",
  Statement,
});

export const AWS_MANAGED_POLICIES: Readonly<Record<string, LooseDocument>> = {
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy": doc({
    Sid: "WorkerNodePermissions",
    Effect: "Allow",
    Action: [
      "ec2:DescribeInstances",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeVolumes",
      "ec2:DescribeVolumesModifications",
      "ec2:DescribeVpcs",
      "eks:DescribeCluster",
      "eks-auth:AssumeRoleForPodIdentity",
    ],
    Resource: "*",
  }),
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly": doc({
    Effect: "Allow",
    Action: [
      "ecr:GetAuthorizationToken",
      "ecr:BatchCheckLayerAvailability",
      "ecr:GetDownloadUrlForLayer",
      "ecr:GetRepositoryPolicy",
      "ecr:DescribeRepositories",
      "ecr:ListImages",
      "ecr:DescribeImages",
      "ecr:BatchGetImage",
      "ecr:GetLifecyclePolicy",
      "ecr:GetLifecyclePolicyPreview",
      "ecr:ListTagsForResource",
      "ecr:DescribeImageScanFindings",
    ],
    Resource: "*",
  }),
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore": doc(
    {
      Effect: "Allow",
      Action: [
        "ssm:DescribeAssociation",
        "ssm:GetDeployablePatchSnapshotForInstance",
        "ssm:GetDocument",
        "ssm:DescribeDocument",
        "ssm:GetManifest",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:ListAssociations",
        "ssm:ListInstanceAssociations",
        "ssm:PutInventory",
        "ssm:PutComplianceItems",
        "ssm:PutConfigurePackageResult",
        "ssm:UpdateAssociationStatus",
        "ssm:UpdateInstanceAssociationStatus",
        "ssm:UpdateInstanceInformation",
      ],
      Resource: "*",
    },
    {
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
    {
      Effect: "Allow",
      Action: [
        "ec2messages:AcknowledgeMessage",
        "ec2messages:DeleteMessage",
        "ec2messages:FailMessage",
        "ec2messages:GetEndpoint",
        "ec2messages:GetMessages",
        "ec2messages:SendReply",
      ],
      Resource: "*",
    },
  ),
  "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy": doc(
    {
      Sid: "CWACloudWatchServerPermissions",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricData",
        "ec2:DescribeVolumes",
        "ec2:DescribeTags",
        "logs:PutLogEvents",
        "logs:PutRetentionPolicy",
        "logs:DescribeLogStreams",
        "logs:DescribeLogGroups",
        "logs:CreateLogStream",
        "logs:CreateLogGroup",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    },
    {
      Sid: "CWASSMServerPermissions",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: "arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*",
    },
  ),
  "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy": doc(
    {
      Sid: "AllowDescribe",
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
      Sid: "AllowCreateAccessPoint",
      Effect: "Allow",
      Action: ["elasticfilesystem:CreateAccessPoint"],
      Resource: "*",
      Condition: {
        Null: { "aws:RequestTag/efs.csi.aws.com/cluster": "false" },
        "ForAllValues:StringEquals": { "aws:TagKeys": "efs.csi.aws.com/cluster" },
      },
    },
    {
      Sid: "AllowTagNewAccessPoints",
      Effect: "Allow",
      Action: ["elasticfilesystem:TagResource"],
      Resource: "*",
      Condition: {
        StringEquals: { "elasticfilesystem:CreateAction": "CreateAccessPoint" },
        Null: { "aws:RequestTag/efs.csi.aws.com/cluster": "false" },
        "ForAllValues:StringEquals": { "aws:TagKeys": "efs.csi.aws.com/cluster" },
      },
    },
    {
      Sid: "AllowDeleteAccessPoint",
      Effect: "Allow",
      Action: "elasticfilesystem:DeleteAccessPoint",
      Resource: "*",
      Condition: { Null: { "aws:ResourceTag/efs.csi.aws.com/cluster": "false" } },
    },
  ),
};
