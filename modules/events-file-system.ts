// The shared events volume (GEN-7, STO-4): EFS encrypted with its own key, elastic throughput, a
// mount target per zone in the data tier, TLS-only access, and an access point for uid/gid 1000
// (the APIM images' user) rooted at its own directory.
import { Construct } from "constructs";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { PolicyDocument, policyDocument, renderPolicy } from "../lib/iam-policy";
import { APIM_UID } from "../lib/naming";

export const EVENTS_ROOT = "/apim-events";

export interface EventsFileSystemProps {
  readonly name: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  readonly kmsKeyArn: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * A file-system policy replaces EFS's default "allow every client", and the EFS CSI driver mounts
 * without IAM authorization (an anonymous client): so the policy must allow mount and write itself.
 * It allows them only through an access point (the CSI driver provisions one per claim) and via a
 * mount target, never root access; every request without TLS is denied.
 */
export function eventsFileSystemPolicy(
  fileSystemArn: string,
  region: string,
  accountId: string,
): PolicyDocument {
  return policyDocument(
    {
      Sid: "MountThroughAccessPoints",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
      Resource: fileSystemArn,
      Condition: {
        Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" },
        ArnLike: {
          "elasticfilesystem:AccessPointArn": `arn:aws:elasticfilesystem:${region}:${accountId}:access-point/*`,
        },
      },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "*",
      Resource: fileSystemArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
}

export class EventsFileSystem extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly accessPoint: EfsAccessPoint;

  constructor(scope: Construct, id: string, props: EventsFileSystemProps) {
    super(scope, id);
    this.fileSystem = new EfsFileSystem(this, "file-system", {
      creationToken: props.name,
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: "generalPurpose",
      throughputMode: "elastic",
      tags: { Name: props.name, Backup: "apim" },
      lifecycle: { preventDestroy: true },
    });
    new EfsFileSystemPolicy(this, "policy", {
      fileSystemId: this.fileSystem.id,
      policy: renderPolicy(eventsFileSystemPolicy(this.fileSystem.arn, props.region, props.accountId)),
    });
    props.subnetIds.forEach(
      (subnetId, i) =>
        new EfsMountTarget(this, `mount-target-${i}`, {
          fileSystemId: this.fileSystem.id,
          subnetId,
          securityGroups: [props.securityGroupId],
        }),
    );
    this.accessPoint = new EfsAccessPoint(this, "access-point", {
      fileSystemId: this.fileSystem.id,
      posixUser: { uid: APIM_UID, gid: APIM_UID },
      rootDirectory: {
        path: EVENTS_ROOT,
        creationInfo: { ownerUid: APIM_UID, ownerGid: APIM_UID, permissions: "0750" },
      },
      tags: { Name: `${props.name}-events` },
    });
  }
}
