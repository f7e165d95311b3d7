// The Cassandra ring outside the cluster (APIM-7): one node per zone in the data tier, each with
// its own encrypted gp3 data volume that survives the instance (final snapshot, prevent_destroy),
// termination protection, IMDSv2, no public IP, logs to CloudWatch. Boot configuration is the
// user-data script in assets/; credentials and TLS material are read from Secrets Manager.
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { VolumeAttachment } from "@cdktf/provider-aws/lib/volume-attachment";
import { policyDocument, renderPolicy, trustPolicy } from "../lib/iam-policy";
import { cassandraHeap } from "../lib/instance-capacity";
import { amazonLinuxTemplate } from "./amazon-linux-template";
import { renderUserData } from "./user-data";

/** Apache Cassandra 4.0.x is what API Gateway 7.7 (2024+ releases) is tested with. */
export const CASSANDRA_VERSION = "4.0.13";
export const DATA_DEVICE = "/dev/sdf";

export interface CassandraNodeSettings {
  readonly clusterName: string;
  readonly seeds: readonly string[];
  readonly datacenter: string;
  readonly rack: string;
  readonly instanceType: string;
  readonly region: string;
  readonly tlsSecretName: string;
  readonly adminSecretName: string;
  readonly logGroupName: string;
}

export function cassandraUserData(node: CassandraNodeSettings): string {
  const heap = cassandraHeap(node.instanceType);
  if (!heap) throw new Error(`no memory size known for ${node.instanceType} (lib/instance-capacity.ts)`);
  const values: Record<string, string> = {
    CASSANDRA_VERSION,
    CLUSTER_NAME: node.clusterName,
    SEEDS: node.seeds.join(","),
    DATACENTER: node.datacenter,
    RACK: node.rack,
    MAX_HEAP_MB: String(heap.maxHeapMb),
    NEW_HEAP_MB: String(heap.newHeapMb),
    REGION: node.region,
    TLS_SECRET: node.tlsSecretName,
    ADMIN_SECRET: node.adminSecretName,
    LOG_GROUP: node.logGroupName,
  };
  return renderUserData("cassandra-user-data.sh", values);
}

export interface CassandraRingProps {
  readonly namePrefix: string;
  readonly clusterName: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  readonly instanceType: string;
  readonly volumeSizeGb: number;
  readonly nodeCount: number;
  /** Stable DNS names of the nodes, in node order (the seeds are the first two). */
  readonly nodeNames: readonly string[];
  readonly kmsKeyArn: string;
  readonly secretsKmsKeyArn: string;
  readonly tlsSecret: { name: string; arn: string };
  readonly adminSecret: { name: string; arn: string };
  readonly logRetentionDays: number;
}

export class CassandraRing extends Construct {
  readonly nodes: Instance[];
  readonly volumes: EbsVolume[];

  constructor(scope: Construct, id: string, props: CassandraRingProps) {
    super(scope, id);
    const name = `${props.namePrefix}-cassandra`;
    // A plain string, not the log group's token: the user data is base64-encoded at synth, before
    // tokens resolve, so a token there would reach the instance as literal text.
    const logGroupName = `/apim/${props.namePrefix}/cassandra`;
    const logs = new CloudwatchLogGroup(this, "logs", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, "role", {
      name,
      assumeRolePolicy: trustPolicy("Ec2Assumes", "ec2.amazonaws.com"),
    });
    for (const [attachment, policy] of [
      ["ssm-core", "AmazonSSMManagedInstanceCore"],
      ["cloudwatch-agent", "CloudWatchAgentServerPolicy"],
    ]) {
      new IamRolePolicyAttachment(this, attachment, {
        role: role.name,
        policyArn: `arn:aws:iam::aws:policy/${policy}`,
      });
    }
    new IamRolePolicy(this, "read-secrets", {
      role: role.id,
      name: "read-node-secrets",
      policy: renderPolicy(
        policyDocument(
          {
            Sid: "ReadNodeSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: [props.tlsSecret.arn, props.adminSecret.arn],
          },
          {
            Sid: "DecryptNodeSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: props.secretsKmsKeyArn,
          },
        ),
      ),
    });
    const profile = new IamInstanceProfile(this, "profile", { name, role: role.name });
    const template = amazonLinuxTemplate(this, "launch-template", name);

    this.nodes = [];
    this.volumes = [];
    for (let i = 0; i < props.nodeCount; i++) {
      const zone = props.zones[i % props.zones.length];
      const nodeName = `${name}-${i}`;
      const node = new Instance(this, `node-${i}`, {
        launchTemplate: { id: template.id, version: "$Default" },
        instanceType: props.instanceType,
        subnetId: props.subnetIds[i % props.subnetIds.length],
        vpcSecurityGroupIds: [props.securityGroupId],
        associatePublicIpAddress: false,
        iamInstanceProfile: profile.name,
        disableApiTermination: true,
        instanceInitiatedShutdownBehavior: "stop",
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
        rootBlockDevice: { encrypted: true, kmsKeyId: props.kmsKeyArn, volumeType: "gp3", volumeSize: 30 },
        userDataBase64: Buffer.from(
          cassandraUserData({
            clusterName: props.clusterName,
            seeds: props.nodeNames.slice(0, 2),
            datacenter: props.region,
            rack: zone,
            instanceType: props.instanceType,
            region: props.region,
            tlsSecretName: props.tlsSecret.name,
            adminSecretName: props.adminSecret.name,
            logGroupName,
          }),
        ).toString("base64"),
        monitoring: true,
        ebsOptimized: true,
        dependsOn: [logs],
        tags: { Name: nodeName, CassandraNode: String(i) },
        // The script configures a node once; later changes go through the runbook, never a replacement.
        lifecycle: { ignoreChanges: ["user_data_base64"] },
      });
      const volume = new EbsVolume(this, `data-${i}`, {
        availabilityZone: zone,
        size: props.volumeSizeGb,
        type: "gp3",
        encrypted: true,
        kmsKeyId: props.kmsKeyArn,
        finalSnapshot: true,
        tags: { Name: `${nodeName}-data`, CassandraNode: String(i), Backup: "apim" },
        lifecycle: { preventDestroy: true },
      });
      new VolumeAttachment(this, `data-${i}-attachment`, {
        deviceName: DATA_DEVICE,
        instanceId: node.id,
        volumeId: volume.id,
        stopInstanceBeforeDetaching: true,
      });
      this.nodes.push(node);
      this.volumes.push(volume);
    }
  }
}
