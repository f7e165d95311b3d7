// Where our controller policies grant less than the upstream reference policy, on purpose. Each
// entry names the reference actions it narrows and why; `intended` is where ours grants them
// instead (templates of lib/access-table.ts), absent when ours does not grant them at all. The
// reference test proves each narrowing is real and each intended access is granted.
import { ControllerName } from "../../controllers";

export interface Narrowing {
  readonly controller: ControllerName;
  readonly actions: readonly string[];
  readonly reason: string;
  readonly intended?: {
    readonly resource: string;
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
  };
  /** For a reference on Resource "*": a resource the reference covers and ours does not. */
  readonly outside?: string;
}

const LBC = "aws-load-balancer-controller";

export const NARROWINGS: readonly Narrowing[] = [
  {
    controller: LBC,
    actions: [
      "ec2:AuthorizeSecurityGroupIngress",
      "ec2:RevokeSecurityGroupIngress",
      "ec2:CreateSecurityGroup",
      "ec2:CreateTags",
      "ec2:DeleteTags",
      "ec2:DeleteSecurityGroup",
    ],
    reason:
      "security groups come from the flow table (frontend group by annotation, enableBackendSecurityGroup false, manage-backend-security-group-rules false)",
  },
  {
    controller: LBC,
    actions: ["cognito-idp:DescribeUserPoolClient"],
    reason: "no Ingress authenticates with Cognito; the call returns client secrets",
  },
  {
    controller: LBC,
    actions: ["iam:ListServerCertificates", "iam:GetServerCertificate"],
    reason: "certificates are ACM's (discovered by host), never IAM server certificates",
  },
  {
    controller: LBC,
    actions: ["waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL"],
    reason:
      "WAF Classic is not used (the public ALB gets a WAFv2 ACL); the controller only reads the association",
  },
  {
    controller: LBC,
    actions: ["shield:CreateProtection", "shield:DeleteProtection"],
    reason: "no Ingress asks for Shield Advanced protection; the controller only reads it",
  },
  {
    controller: LBC,
    actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    reason:
      "only application load balancers (Ingress); no Service of type LoadBalancer, so no NLB listeners or rules",
    intended: {
      resource:
        "arn:aws:elasticloadbalancing:{region}:{account}:listener/app/k8s-apimpublic-0123456789/0123456789abcdef/0123456789abcdef",
    },
  },
  {
    controller: "external-dns",
    actions: ["route53:ChangeResourceRecordSets"],
    reason: "only the env's public zone (also --zone-id-filter), not every hosted zone",
    intended: { resource: "{zone:public}" },
  },
  {
    controller: "external-secrets",
    actions: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"],
    reason: "ExternalSecrets extract one named secret each (dataFrom.extract), never find by name or tag",
  },
  {
    controller: "external-secrets",
    actions: [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
    ],
    reason:
      "only the secrets a workload of the cluster receives (lib/secret-inventory.ts clusterSecretKeys), not the env's whole prefix",
    intended: { resource: "{secret:cassandra-app}" },
  },
  {
    controller: "external-secrets",
    actions: ["secretsmanager:GetResourcePolicy"],
    reason: "reading a secret never needs its resource policy (none of ours has one)",
  },
  {
    controller: "cluster-autoscaler",
    actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
    reason: "only Auto Scaling groups tagged as owned by this cluster (EKS tags its node groups' groups so)",
    intended: {
      resource:
        "arn:aws:autoscaling:{region}:{account}:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/eks-apim",
      context: { "aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster}": "owned" },
    },
  },
  {
    controller: "efs-csi-controller",
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
  {
    controller: "fluent-bit",
    actions: ["s3:PutObject"],
    reason: "only the env's log bucket",
    intended: {
      resource: "{bucket:logs}/containers/2026/01/01/log.gz",
      context: { "aws:SecureTransport": "true" },
    },
    outside: "{bucket:state}/{env}/data.tfstate",
  },
  {
    controller: "fluent-bit",
    actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
    reason: "only the container log group Terraform creates",
    intended: { resource: "{log-group:containers}:log-stream:node-1" },
    outside: "arn:aws:logs:{region}:{account}:log-group:/other:log-stream:node-1",
  },
  {
    controller: "fluent-bit",
    actions: ["logs:CreateLogGroup"],
    reason: "the log group is Terraform's (auto_create_group false): KMS, retention",
  },
];
