// The accesses the platform needs and those it must not have, as data (like the flow table for the
// network). Each row is evaluated against the synthesized policies with an IAM policy engine
// (policy/access-evaluation.ts); its expected result comes from here, never from the output.
//
// Principals and resources are templates, filled per env (policy/access-subjects.ts):
//   {account} {region} {env} {prefix} {cluster}   the env's values (prefix: apim-<env>)
//   {role:<name>}        arn:aws:iam::{account}:role/{prefix}-<name>
//   {autoscaling-slr}    EC2 Auto Scaling's service-linked role of the account
//   {elb-log-delivery}   the principal ELB delivers access logs as in the region
//   anonymous            an unsigned request (an EFS mount without IAM authorization)
//   {key:<purpose>}      the KMS key with alias alias/{prefix}-<purpose>; {alias:<purpose>} that alias
//   {secret:<key>}       the secret apim/<env>/<key>; {rds-master-secret} the one RDS manages
//   {db:metrics} {fs:events} {access-point} {zone:public} {log-group:containers} {cluster-arn}
//   {bucket:alb-logs} {bucket:logs} {bucket:state} {repo:anm}
import { ALB_LOG_PREFIXES } from "./alb-log-prefixes";
import { OPERATOR_SCRIPTS } from "./operator-scripts";
import { clusterSecretKeys, SECRETS } from "./secret-inventory";

export type Expected = "allow" | "deny";

export interface AccessRow {
  readonly id: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly expected: Expected;
  readonly why: string;
  readonly requirement: string;
}

const TLS = { "aws:SecureTransport": "true" };
const viaSecretsManager = (alias: string) => ({
  "kms:ResourceAliases": [`{alias:${alias}}`],
  "kms:ViaService": "secretsmanager.{region}.amazonaws.com",
});
const viaS3 = (alias: string) => ({
  "kms:ResourceAliases": [`{alias:${alias}}`],
  "kms:ViaService": "s3.{region}.amazonaws.com",
});
const efsMount = {
  ...TLS,
  "elasticfilesystem:AccessedViaMountTarget": "true",
  "elasticfilesystem:AccessPointArn": "{access-point}",
};
const stateObject = "{bucket:state}/{env}/data.tfstate";

const albLogs: AccessRow[] = [
  ...Object.values(ALB_LOG_PREFIXES).map((prefix, i): AccessRow => ({
    id: `ALB-${i + 1}`,
    principal: "{elb-log-delivery}",
    action: "s3:PutObject",
    resource: `{bucket:alb-logs}/${prefix}/AWSLogs/{account}/elasticloadbalancing/{region}/2026/01/01/log.gz`,
    context: TLS,
    expected: "allow",
    why: `the ${prefix} ALB delivers its access logs under its prefix`,
    requirement: "LOG-1",
  })),
  {
    id: "ALB-3",
    principal: "{elb-log-delivery}",
    action: "s3:PutObject",
    resource: "{bucket:alb-logs}/other/AWSLogs/{account}/log.gz",
    context: TLS,
    expected: "deny",
    why: "no ALB logs under another prefix",
    requirement: "LOG-1",
  },
  {
    id: "ALB-4",
    principal: "{elb-log-delivery}",
    action: "s3:PutObject",
    resource: "{bucket:alb-logs}/internal/AWSLogs/999999999999/log.gz",
    context: TLS,
    expected: "deny",
    why: "ELB writes only this account's logs",
    requirement: "LOG-1",
  },
  {
    id: "ALB-5",
    principal: "{elb-log-delivery}",
    action: "s3:GetObject",
    resource: "{bucket:alb-logs}/internal/AWSLogs/{account}/log.gz",
    context: TLS,
    expected: "deny",
    why: "ELB only writes",
    requirement: "LOG-1",
  },
];

/** [id, action, resource, context, expected, why]: rows of one principal for one requirement. */
type Entry = readonly [string, string, string, AccessRow["context"], Expected, string];
function rowsOf(principal: string, requirement: string, entries: readonly Entry[]): AccessRow[] {
  return entries.map(([id, action, resource, context, expected, why]) => ({
    id,
    principal,
    action,
    resource,
    context,
    expected,
    why,
    requirement,
  }));
}

const nodeKey = rowsOf("{autoscaling-slr}", "K8S-8", [
  [
    "NKEY-1",
    "kms:CreateGrant",
    "{key:nodes}",
    { "kms:GrantIsForAWSResource": "true" },
    "allow",
    "EC2 attaches the encrypted root volume of a node it launches",
  ],
  [
    "NKEY-2",
    "kms:GenerateDataKeyWithoutPlaintext",
    "{key:nodes}",
    {},
    "allow",
    "a new root volume gets its data key",
  ],
  ["NKEY-3", "kms:Decrypt", "{key:nodes}", {}, "allow", "a node's root volume is read at launch"],
  [
    "NKEY-4",
    "kms:CreateGrant",
    "{key:nodes}",
    { "kms:GrantIsForAWSResource": "false" },
    "deny",
    "grants only for AWS resources",
  ],
  ["NKEY-5", "kms:ScheduleKeyDeletion", "{key:nodes}", {}, "deny", "Auto Scaling never administers the key"],
]);

const noTls = { ...efsMount, "aws:SecureTransport": "false" };
const events: AccessRow[] = [
  ...rowsOf("anonymous", "GEN-7", [
    [
      "EFS-1",
      "elasticfilesystem:ClientMount",
      "{fs:events}",
      efsMount,
      "allow",
      "the EFS CSI driver mounts a claim's access point over TLS",
    ],
    [
      "EFS-2",
      "elasticfilesystem:ClientWrite",
      "{fs:events}",
      efsMount,
      "allow",
      "gateways write transaction events",
    ],
    ["EFS-3", "elasticfilesystem:ClientMount", "{fs:events}", noTls, "deny", "never without TLS"],
    ["EFS-4", "elasticfilesystem:ClientWrite", "{fs:events}", noTls, "deny", "never without TLS"],
    [
      "EFS-5",
      "elasticfilesystem:ClientMount",
      "{fs:events}",
      { ...TLS, "elasticfilesystem:AccessedViaMountTarget": "true" },
      "deny",
      "only through an access point (its uid/gid and root directory)",
    ],
    [
      "EFS-6",
      "elasticfilesystem:ClientRootAccess",
      "{fs:events}",
      efsMount,
      "deny",
      "no client is root on the file system",
    ],
  ]),
  ...rowsOf("{role:efs-csi-controller}", "GEN-7", [
    [
      "EFS-7",
      "elasticfilesystem:CreateAccessPoint",
      "{fs:events}",
      {
        ...TLS,
        "aws:RequestTag/efs.csi.aws.com/cluster": "true",
        "aws:TagKeys": ["efs.csi.aws.com/cluster"],
      },
      "allow",
      "the CSI controller provisions an access point per claim",
    ],
    [
      "EFS-8",
      "elasticfilesystem:DeleteFileSystem",
      "{fs:events}",
      TLS,
      "deny",
      "the driver never deletes the file system",
    ],
  ]),
];

/** Every AWS call of the operator scripts, from lib/operator-scripts.ts. */
const operator: AccessRow[] = OPERATOR_SCRIPTS.flatMap((script) =>
  script.calls.map((call): Omit<AccessRow, "id"> => {
    const base = {
      principal: "{role:bastion}",
      action: call.action,
      expected: "allow" as const,
      context: TLS,
    };
    const why = `${script.source}`;
    if ("secret" in call) return { ...base, resource: `{secret:${call.secret}}`, why, requirement: "GEN-2" };
    if ("rdsMasterSecret" in call) {
      return {
        ...base,
        resource: "{rds-master-secret}",
        context: { ...TLS, "aws:ResourceTag/aws:rds:primaryDBInstanceArn": "{db:metrics}" },
        why,
        requirement: "SQL-1",
      };
    }
    return { ...base, resource: "{db:metrics}", why, requirement: "SQL-1" };
  }),
).map((row, i) => ({ ...row, id: `OPS-${i + 1}` }));
operator.push(
  ...rowsOf("{role:bastion}", "GEN-2", [
    [
      "OPS-D1",
      "kms:Decrypt",
      "{key:secrets}",
      viaSecretsManager("secrets"),
      "allow",
      "the scripts' secrets are encrypted with the secrets key",
    ],
    [
      "OPS-D2",
      "kms:Decrypt",
      "{key:database}",
      viaSecretsManager("database"),
      "allow",
      "RDS encrypts its master secret with the database key",
    ],
    [
      "OPS-K",
      "eks:DescribeCluster",
      "{cluster-arn}",
      TLS,
      "allow",
      "apim-kubeconfig (cluster access itself is an access entry)",
    ],
    [
      "OPS-X1",
      "secretsmanager:GetSecretValue",
      "{secret:flux-git}",
      TLS,
      "deny",
      "the bastion never reads Flux's deploy key",
    ],
    [
      "OPS-X2",
      "secretsmanager:GetSecretValue",
      "{secret:domain-passphrase}",
      TLS,
      "deny",
      "nor the image build's secrets",
    ],
    [
      "OPS-X3",
      "secretsmanager:GetSecretValue",
      "{rds-master-secret}",
      { ...TLS, "aws:ResourceTag/aws:rds:primaryDBInstanceArn": "arn:aws:rds:{region}:{account}:db:other" },
      "deny",
      "only the metrics database's master secret",
    ],
    ["OPS-X4", "s3:GetObject", stateObject, TLS, "deny", "the Terraform state is not the bastion's"],
    ["OPS-X5", "kms:Decrypt", "{key:tfstate}", viaS3("tfstate"), "deny", "nor its key"],
  ]),
);

/** External Secrets reads exactly the secrets a workload of the cluster receives (inventory). */
const externalSecrets: AccessRow[] = SECRETS.map((s, i) => {
  const allowed = clusterSecretKeys().includes(s.key);
  return {
    id: `ESO-${i + 1}`,
    principal: "{role:external-secrets}",
    action: "secretsmanager:GetSecretValue",
    resource: `{secret:${s.key}}`,
    context: TLS,
    expected: allowed ? "allow" : "deny",
    why: allowed
      ? `synced for ${s.consumers.join(", ")}`
      : `not for the cluster (${s.consumers.join(", ") || "image build"})`,
    requirement: "SEC-3",
  };
});
externalSecrets.push(
  {
    id: "ESO-D",
    principal: "{role:external-secrets}",
    action: "kms:Decrypt",
    resource: "{key:secrets}",
    context: viaSecretsManager("secrets"),
    expected: "allow",
    why: "the env's secrets are encrypted with the secrets key",
    requirement: "SEC-3",
  },
  {
    id: "ESO-X1",
    principal: "{role:external-secrets}",
    action: "secretsmanager:GetSecretValue",
    resource: "arn:aws:secretsmanager:{region}:{account}:secret:apim/other/license-AbCdEf",
    context: TLS,
    expected: "deny",
    why: "never a secret outside the env's prefix",
    requirement: "SEC-3",
  },
  {
    id: "ESO-X2",
    principal: "{role:external-secrets}",
    action: "secretsmanager:GetSecretValue",
    resource: "{rds-master-secret}",
    context: { ...TLS, "aws:ResourceTag/aws:rds:primaryDBInstanceArn": "{db:metrics}" },
    expected: "deny",
    why: "the database's master secret is the operator's",
    requirement: "SEC-3",
  },
  {
    id: "ESO-X3",
    principal: "{role:external-secrets}",
    action: "kms:Decrypt",
    resource: "{key:database}",
    context: viaSecretsManager("database"),
    expected: "deny",
    why: "nor its key",
    requirement: "SEC-3",
  },
);

const controllers: AccessRow[] = [
  {
    id: "DNS-1",
    principal: "{role:external-dns}",
    action: "route53:ChangeResourceRecordSets",
    resource: "{zone:public}",
    expected: "allow",
    why: "records of the env's hosts",
    requirement: "K8S-10",
  },
  {
    id: "DNS-2",
    principal: "{role:external-dns}",
    action: "route53:ChangeResourceRecordSets",
    resource: "arn:aws:route53:::hostedzone/ZOTHERZONE",
    expected: "deny",
    why: "only the env's zone",
    requirement: "K8S-10",
  },
  {
    id: "CAS-1",
    principal: "{role:cluster-autoscaler}",
    action: "autoscaling:SetDesiredCapacity",
    resource:
      "arn:aws:autoscaling:{region}:{account}:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/eks-apim",
    context: { "aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster}": "owned" },
    expected: "allow",
    why: "scales the cluster's node groups",
    requirement: "K8S-8",
  },
  {
    id: "CAS-2",
    principal: "{role:cluster-autoscaler}",
    action: "autoscaling:SetDesiredCapacity",
    resource:
      "arn:aws:autoscaling:{region}:{account}:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/other",
    expected: "deny",
    why: "never a group the cluster does not own",
    requirement: "K8S-8",
  },
  {
    id: "FB-1",
    principal: "{role:fluent-bit}",
    action: "s3:PutObject",
    resource: "{bucket:logs}/containers/2026/01/01/log.gz",
    context: TLS,
    expected: "allow",
    why: "container logs to S3 for retention",
    requirement: "LOG-1",
  },
  {
    id: "FB-2",
    principal: "{role:fluent-bit}",
    action: "kms:GenerateDataKey",
    resource: "{key:logs}",
    context: viaS3("logs"),
    expected: "allow",
    why: "the log bucket is encrypted with the logs key",
    requirement: "LOG-1",
  },
  {
    id: "FB-2b",
    principal: "{role:fluent-bit}",
    action: "kms:Decrypt",
    resource: "{key:logs}",
    context: viaS3("logs"),
    expected: "allow",
    why: "the S3 output uploads in parts; completing a multipart upload under SSE-KMS decrypts",
    requirement: "LOG-1",
  },
  {
    id: "FB-2c",
    principal: "{role:fluent-bit}",
    action: "kms:Decrypt",
    resource: "{key:logs}",
    context: TLS,
    expected: "deny",
    why: "decrypt only through S3, never directly",
    requirement: "LOG-1",
  },
  {
    id: "FB-3",
    principal: "{role:fluent-bit}",
    action: "logs:PutLogEvents",
    resource: "{log-group:containers}:log-stream:node-1",
    expected: "allow",
    why: "container logs to CloudWatch for search",
    requirement: "LOG-1",
  },
  {
    id: "FB-4",
    principal: "{role:fluent-bit}",
    action: "s3:PutObject",
    resource: "{bucket:alb-logs}/internal/AWSLogs/{account}/forged.log.gz",
    context: TLS,
    expected: "deny",
    why: "no forged ALB logs",
    requirement: "LOG-1",
  },
  {
    id: "LBC-1",
    principal: "{role:aws-load-balancer-controller}",
    action: "elasticloadbalancing:SetRulePriorities",
    resource:
      "arn:aws:elasticloadbalancing:{region}:{account}:listener-rule/app/k8s-apimpublic-0123456789/0123456789abcdef/0123456789abcdef/0123456789abcdef",
    expected: "allow",
    why: "an ingress group orders its rules",
    requirement: "LB-1",
  },
  {
    id: "LBC-2",
    principal: "{role:aws-load-balancer-controller}",
    action: "elasticloadbalancing:CreateLoadBalancer",
    resource:
      "arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app/k8s-apimpublic-0123456789/0123456789abcdef",
    context: { "aws:RequestTag/elbv2.k8s.aws/cluster": "{cluster}" },
    expected: "allow",
    why: "an ALB per exposure, tagged with the cluster",
    requirement: "LB-1",
  },
  {
    id: "LBC-3",
    principal: "{role:aws-load-balancer-controller}",
    action: "ec2:AuthorizeSecurityGroupIngress",
    resource: "arn:aws:ec2:{region}:{account}:security-group/sg-0123456789abcdef0",
    expected: "deny",
    why: "security groups come from the flow table, never from the controller",
    requirement: "NET-2",
  },
];

const CONTROLLER_ROLES = [
  "aws-load-balancer-controller",
  "external-secrets",
  "external-dns",
  "cluster-autoscaler",
  "fluent-bit",
  "efs-csi-controller",
  "node",
] as const;

/** What no pod or node role may do: read the operator's secrets, the state or its key. */
const forbidden: AccessRow[] = CONTROLLER_ROLES.flatMap((role, i): AccessRow[] => [
  {
    id: `X-${i + 1}a`,
    principal: `{role:${role}}`,
    action: "secretsmanager:GetSecretValue",
    resource: "{secret:cassandra-admin}",
    context: TLS,
    expected: "deny",
    why: "the Cassandra superuser is the operator's only",
    requirement: "SEC-3",
  },
  {
    id: `X-${i + 1}b`,
    principal: `{role:${role}}`,
    action: "s3:GetObject",
    resource: stateObject,
    context: TLS,
    expected: "deny",
    why: "the Terraform state holds every resource's attributes",
    requirement: "SEC-3",
  },
  {
    id: `X-${i + 1}c`,
    principal: `{role:${role}}`,
    action: "kms:Decrypt",
    resource: "{key:tfstate}",
    context: viaS3("tfstate"),
    expected: "deny",
    why: "nor decrypt it",
    requirement: "SEC-3",
  },
]);
forbidden.push(
  {
    id: "NODE-1",
    principal: "{role:node}",
    action: "ecr:BatchGetImage",
    resource: "{repo:anm}",
    expected: "allow",
    why: "nodes pull the APIM images (no registry password, SEC-4)",
    requirement: "SEC-4",
  },
  {
    id: "NODE-2",
    principal: "{role:node}",
    action: "secretsmanager:GetSecretValue",
    resource: "{secret:license}",
    context: TLS,
    expected: "deny",
    why: "pods receive secrets through External Secrets, never the node",
    requirement: "SEC-3",
  },
  {
    id: "NODE-3",
    principal: "{role:bastion}",
    action: "ecr:BatchGetImage",
    resource: "{repo:anm}",
    expected: "deny",
    why: "pulls are the nodes' and the admins' only (SEC-1: the images carry the licence)",
    requirement: "SEC-1",
  },
);

/** An admin opens a shell or the cluster tunnel (scripts/cluster-tunnel.sh) on the bastion, nothing else. */
const admins = rowsOf("{admin-role}", "BAS-2", [
  ["ADM-1", "ssm:StartSession", "{instance:bastion}", {}, "allow", "a shell or a tunnel on the bastion"],
  [
    "ADM-2",
    "ssm:StartSession",
    "arn:aws:ssm:{region}::document/AWS-StartPortForwardingSessionToRemoteHost",
    {},
    "allow",
    "the tunnel to the private EKS endpoint",
  ],
  [
    "ADM-3",
    "ssm:StartSession",
    "arn:aws:ssm:{region}::document/AWS-StartSSHSession",
    {},
    "deny",
    "no SSH-over-SSM: sessions are the logged shell or the tunnel",
  ],
  ["ADM-4", "eks:DescribeCluster", "{cluster-arn}", {}, "allow", "the tunnel reads the cluster's endpoint"],
  ["ADM-5", "ec2:DescribeInstances", "*", {}, "allow", "the tunnel finds the bastion by its tag"],
]);

export const ACCESS_TABLE: readonly AccessRow[] = [
  ...albLogs,
  ...nodeKey,
  ...events,
  ...operator,
  ...externalSecrets,
  ...controllers,
  ...forbidden,
  ...admins,
];
