// Least-privilege permissions of each in-cluster controller, as data (K8S-2, T41). Every write is
// scoped to this env's resources: its secrets, its zone, its cluster's node groups, its log bucket.
import { ControllerName } from "../controllers";
import { PolicyStatement } from "../iam-policy";
import { clusterSecretKeys } from "../secret-inventory";
import { loadBalancerControllerStatements } from "./load-balancer-controller";

export interface ControllerPolicyContext {
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  /** "apim/<env>/": the prefix of the env's secrets (External Secrets reads those of the cluster). */
  readonly secretPrefix: string;
  readonly secretsKeyAlias: string;
  readonly logsKeyAlias: string;
  readonly publicZoneArn: string;
  readonly logBucketArn: string;
  readonly containerLogGroupArn: string;
}

/** AWS managed policies a controller uses as they are (the CSI drivers' published policies). */
export const MANAGED_POLICIES: Partial<Record<ControllerName, string[]>> = {
  "ebs-csi-controller": ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
  "efs-csi-controller": ["arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"],
  "vpc-cni": ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
};

function viaKeyAlias(
  ctx: ControllerPolicyContext,
  sid: string,
  actions: string[],
  alias: string,
  service: string,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: actions,
    Resource: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/*`,
    Condition: {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias },
      StringEquals: { "kms:ViaService": `${service}.${ctx.region}.amazonaws.com` },
    },
  };
}

export function controllerStatements(name: ControllerName, ctx: ControllerPolicyContext): PolicyStatement[] {
  switch (name) {
    case "aws-load-balancer-controller":
      return loadBalancerControllerStatements();
    case "external-secrets":
      return [
        {
          Sid: "ReadEnvSecrets",
          Effect: "Allow",
          Action: [
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
            "secretsmanager:ListSecretVersionIds",
          ],
          // Only the secrets a workload of the cluster receives; "-??????" is Secrets Manager's suffix.
          Resource: clusterSecretKeys().map(
            (k) =>
              `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${ctx.secretPrefix}${k}-??????`,
          ),
        },
        viaKeyAlias(ctx, "DecryptEnvSecrets", ["kms:Decrypt"], ctx.secretsKeyAlias, "secretsmanager"),
      ];
    case "external-dns":
      return [
        {
          Sid: "ChangeEnvZone",
          Effect: "Allow",
          Action: "route53:ChangeResourceRecordSets",
          Resource: ctx.publicZoneArn,
        },
        {
          Sid: "ReadZones",
          Effect: "Allow",
          Action: [
            "route53:ListHostedZones",
            "route53:ListResourceRecordSets",
            "route53:ListTagsForResource",
          ],
          Resource: "*",
        },
      ];
    case "cluster-autoscaler":
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
    case "fluent-bit":
      return [
        {
          Sid: "WriteLogObjects",
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: `${ctx.logBucketArn}/*`,
        },
        // The S3 output uploads in parts (total_file_size): with SSE-KMS, completing a multipart
        // upload decrypts the parts' data keys.
        viaKeyAlias(
          ctx,
          "EncryptLogObjects",
          ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
          ctx.logsKeyAlias,
          "s3",
        ),
        {
          Sid: "WriteLogStreams",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [ctx.containerLogGroupArn, `${ctx.containerLogGroupArn}:*`],
        },
      ];
    case "ebs-csi-controller":
    case "efs-csi-controller":
    case "vpc-cni":
      return [];
  }
}
