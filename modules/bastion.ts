// The administration host (GEN-2, BAS-1, BAS-2): one instance in the bastion tier with no public
// IP, reached through SSM Session Manager. Sessions are logged to a KMS-encrypted log group, and
// only the env's admin roles receive the permission to start one. IMDSv2 with hop limit 1 and an
// encrypted root volume. Inbound SSH/RDP is not opened here: the flow table's row 6 is opt-in.
// Admins open sessions with their own role, but the AWS CLI in a session uses the instance role:
// so the role reads exactly what the operator scripts (lib/operator-scripts.ts) call, and the user
// data installs those scripts.
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { PolicyStatement, policyDocument, renderPolicy, trustPolicy } from "../lib/iam-policy";
import { OPERATOR_SCRIPTS, operatorScriptText, operatorSecretKeys } from "../lib/operator-scripts";
import { amazonLinuxTemplate } from "./amazon-linux-template";
import { CASSANDRA_VERSION } from "./cassandra-ring";
import { renderUserData } from "./user-data";

/** Amazon Linux 2023, resolved by EC2 at launch; the launch template keeps the reference, so
 * no data source is needed and a new AMI release does not replace the bastion. */
export const BASTION_IMAGE =
  "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
/** Session Manager reads its preferences from this account-regional document name. */
export const SESSION_PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell";
/** The AWS-owned document scripts/cluster-tunnel.sh forwards the private EKS endpoint with. */
export const PORT_FORWARDING_DOCUMENT = "AWS-StartPortForwardingSessionToRemoteHost";
export const CQLSH_VERSION = "6.1.2";

export interface BastionProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly subnetId: string;
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
  readonly instanceType: string;
  readonly kubectlVersion: string;
  readonly clusterName: string;
  readonly adminRoleNames: readonly string[];
  readonly logRetentionDays: number;
  /** Secrets the bastion's scripts may read: "apim/<env>/". */
  readonly secretPrefix: string;
  /** Alias of the key that encrypts them. */
  readonly secretsKeyAlias: string;
  /** Alias of the key that encrypts the metrics database's RDS-managed master secret. */
  readonly databaseKeyAlias: string;
}

export function bastionUserData(
  props: Pick<BastionProps, "kubectlVersion" | "region" | "clusterName">,
): string {
  return renderUserData("bastion-user-data.sh", {
    KUBECTL_VERSION: props.kubectlVersion,
    CQLSH_VERSION,
    CASSANDRA_VERSION,
    REGION: props.region,
    CLUSTER_NAME: props.clusterName,
    OPERATOR_SCRIPTS: operatorScriptsSection(),
  });
}

const SCRIPT_END = "APIM_OPERATOR_SCRIPT_END";

/** The body of the boot script's install_operator_scripts: writes each operator script under
 * /usr/local/bin from the copy in this repository (quoted heredocs: nothing in them is expanded
 * at boot). */
export function operatorScriptsSection(): string {
  return [
    ...OPERATOR_SCRIPTS.flatMap((script) => {
      const text = operatorScriptText(script);
      if (text.split("\n").includes(SCRIPT_END)) throw new Error(`${script.source} contains ${SCRIPT_END}`);
      return [
        `cat > ${script.installedAs} <<'${SCRIPT_END}'`,
        text.trimEnd(),
        SCRIPT_END,
        `chmod 0755 ${script.installedAs}`,
      ];
    }),
  ].join("\n");
}

export interface OperatorAccessContext {
  readonly region: string;
  readonly accountId: string;
  readonly namePrefix: string;
  readonly clusterName: string;
  readonly secretPrefix: string;
  readonly secretsKeyAlias: string;
  readonly databaseKeyAlias: string;
}

/**
 * What the operator scripts call with the bastion's instance role (a session's AWS CLI uses it):
 * read the env secrets they name, the RDS-managed master secret of the metrics database only,
 * describe that database, decrypt through Secrets Manager with the two keys that encrypt them, and
 * describe the cluster for `apim-kubeconfig` (cluster access itself needs an access entry).
 */
export function operatorAccessStatements(ctx: OperatorAccessContext): PolicyStatement[] {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
  const database = arn("rds", `db:${ctx.namePrefix}-metrics`);
  return [
    {
      Sid: "ReadOperatorSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      // Secrets Manager appends "-" and six random characters to every secret's ARN.
      Resource: operatorSecretKeys().map((k) =>
        arn("secretsmanager", `secret:${ctx.secretPrefix}${k}-??????`),
      ),
    },
    {
      Sid: "ReadMetricsMasterSecret",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: arn("secretsmanager", "secret:rds!db-*"),
      // RDS tags the secret it manages with the instance it belongs to.
      Condition: { StringEquals: { "aws:ResourceTag/aws:rds:primaryDBInstanceArn": database } },
    },
    {
      Sid: "DescribeMetricsDatabase",
      Effect: "Allow",
      Action: "rds:DescribeDBInstances",
      Resource: database,
    },
    {
      Sid: "DecryptOperatorSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: arn("kms", "key/*"),
      Condition: {
        "ForAnyValue:StringEquals": {
          "kms:ResourceAliases": [ctx.secretsKeyAlias, ctx.databaseKeyAlias],
        },
        StringEquals: { "kms:ViaService": `secretsmanager.${ctx.region}.amazonaws.com` },
      },
    },
    {
      Sid: "DescribeCluster",
      Effect: "Allow",
      Action: "eks:DescribeCluster",
      Resource: arn("eks", `cluster/${ctx.clusterName}`),
    },
  ];
}

export class Bastion extends Construct {
  readonly instance: Instance;
  readonly sessionLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const name = `${props.namePrefix}-bastion`;
    this.sessionLogGroup = new CloudwatchLogGroup(this, "session-logs", {
      name: `/apim/${props.namePrefix}/bastion-sessions`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    new SsmDocument(this, "session-preferences", {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: "Session",
      documentFormat: "JSON",
      content: JSON.stringify({
        schemaVersion: "1.0",
        description: "Session Manager preferences: every session encrypted and logged (BAS-2)",
        sessionType: "Standard_Stream",
        inputs: {
          cloudWatchLogGroupName: this.sessionLogGroup.name,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          kmsKeyId: props.kmsKeyArn,
          idleSessionTimeout: "20",
          maxSessionDuration: "120",
          runAsEnabled: false,
          shellProfile: { linux: "cd ~ && exec bash -l", windows: "" },
        },
      }),
    });

    const role = new IamRole(this, "role", {
      name,
      assumeRolePolicy: trustPolicy("Ec2Assumes", "ec2.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "ssm-core", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    });
    new IamRolePolicy(this, "session-logging", {
      role: role.id,
      name: "session-logging",
      policy: renderPolicy(
        policyDocument(
          {
            Sid: "WriteSessionLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [this.sessionLogGroup.arn, `${this.sessionLogGroup.arn}:*`],
          },
          { Sid: "FindLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
          {
            Sid: "SessionEncryption",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: props.kmsKeyArn,
          },
        ),
      ),
    });
    new IamRolePolicy(this, "operator-scripts", {
      role: role.id,
      name: "operator-scripts",
      policy: renderPolicy(policyDocument(...operatorAccessStatements(props))),
    });
    const profile = new IamInstanceProfile(this, "profile", { name, role: role.name });

    const template = amazonLinuxTemplate(this, "launch-template", name);
    this.instance = new Instance(this, "instance", {
      launchTemplate: { id: template.id, version: "$Default" },
      instanceType: props.instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [props.securityGroupId],
      associatePublicIpAddress: false,
      iamInstanceProfile: profile.name,
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
      rootBlockDevice: { encrypted: true, kmsKeyId: props.kmsKeyArn, volumeType: "gp3", volumeSize: 30 },
      userDataBase64: Buffer.from(bastionUserData(props)).toString("base64"),
      userDataReplaceOnChange: false,
      monitoring: true,
      ebsOptimized: true,
      tags: { Name: name },
    });

    // Only the env's admin roles may open a session on the bastion (BAS-2).
    const startSession = new IamPolicy(this, "start-session", {
      name: `${name}-session`,
      description: "Open an SSM session on the APIM bastion",
      policy: renderPolicy(
        policyDocument(
          {
            Sid: "StartSessionOnBastion",
            Effect: "Allow",
            Action: "ssm:StartSession",
            Resource: [
              this.instance.arn,
              `arn:aws:ssm:${props.region}:${props.accountId}:document/${SESSION_PREFERENCES_DOCUMENT}`,
            ],
          },
          {
            // scripts/cluster-tunnel.sh: the private EKS endpoint, forwarded through the bastion.
            // AWS-owned documents have no account in their ARN.
            Sid: "ForwardClusterApiThroughBastion",
            Effect: "Allow",
            Action: "ssm:StartSession",
            Resource: [
              this.instance.arn,
              `arn:aws:ssm:${props.region}::document/${PORT_FORWARDING_DOCUMENT}`,
            ],
          },
          {
            Sid: "ManageOwnSessions",
            Effect: "Allow",
            Action: ["ssm:TerminateSession", "ssm:ResumeSession"],
            // "$${" keeps Terraform from reading the IAM policy variable as an interpolation.
            Resource: `arn:aws:ssm:${props.region}:${props.accountId}:session/` + "$${aws:userid}-*",
          },
          {
            Sid: "SessionEncryption",
            Effect: "Allow",
            Action: "kms:GenerateDataKey",
            Resource: props.kmsKeyArn,
          },
        ),
      ),
    });
    // What scripts/cluster-tunnel.sh reads before it opens the tunnel: the bastion by its Name tag
    // (DescribeInstances has no resource-level permission) and the cluster's private endpoint.
    const tunnelLookup = new IamPolicy(this, "tunnel-lookup", {
      name: `${name}-tunnel-lookup`,
      description: "Find the APIM bastion and the EKS endpoint for scripts/cluster-tunnel.sh",
      policy: renderPolicy(
        policyDocument(
          { Sid: "FindBastion", Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
          {
            Sid: "ReadClusterEndpoint",
            Effect: "Allow",
            Action: "eks:DescribeCluster",
            Resource: `arn:aws:eks:${props.region}:${props.accountId}:cluster/${props.clusterName}`,
          },
        ),
      ),
    });
    props.adminRoleNames.forEach((roleName) => {
      new IamRolePolicyAttachment(this, `session-${roleName}`, {
        role: roleName,
        policyArn: startSession.arn,
      });
      new IamRolePolicyAttachment(this, `tunnel-lookup-${roleName}`, {
        role: roleName,
        policyArn: tunnelLookup.arn,
      });
    });
  }
}
