// The EKS control plane (K8S-1, K8S-2, SEC-3): network interfaces in the control-plane tier,
// private endpoint (public only for an explicit allowlist), secrets envelope-encrypted with its
// own key, all five control-plane logs to a group created here, API authentication mode with no
// standing admin for the creator, and access entries for the env's roles (T1-T6, T12).
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { trustPolicy } from "../lib/iam-policy";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Who may do what in the cluster (K8S-2, BAS-2): an EKS access policy and its scope. */
export interface ClusterAccess {
  readonly roleArn: string;
  readonly policy: "AmazonEKSClusterAdminPolicy" | "AmazonEKSEditPolicy" | "AmazonEKSViewPolicy";
  /** Namespaces the policy is limited to; empty = the whole cluster. */
  readonly namespaces: readonly string[];
}

export interface EksClusterProps {
  readonly name: string;
  readonly version: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly publicAccessCidrs: readonly string[];
  readonly secretsKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  readonly access: readonly ClusterAccess[];
}

export class EksCluster extends Construct {
  readonly cluster: EksClusterResource;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    // Created before the cluster, so EKS does not create it without retention or encryption (T12).
    const logs = new CloudwatchLogGroup(this, "control-plane-logs", {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    const role = new IamRole(this, "role", {
      name: `${props.name}-cluster`,
      assumeRolePolicy: trustPolicy("EksAssumes", "eks.amazonaws.com", { tagSession: true }),
    });
    const policy = new IamRolePolicyAttachment(this, "cluster-policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });
    const publicAccess = props.publicAccessCidrs.length > 0;
    this.cluster = new EksClusterResource(this, "cluster", {
      name: props.name,
      version: props.version,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        securityGroupIds: [props.securityGroupId],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: [...props.publicAccessCidrs] } : {}),
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.secretsKeyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: "STANDARD" },
      // The EKS add-ons below replace the self-managed defaults.
      bootstrapSelfManagedAddons: false,
      dependsOn: [logs, policy],
      lifecycle: { preventDestroy: true },
    });
    props.access.forEach((access, i) => {
      const entry = new EksAccessEntry(this, `access-${i}`, {
        clusterName: this.cluster.name,
        principalArn: access.roleArn,
        type: "STANDARD",
      });
      new EksAccessPolicyAssociation(this, `access-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:aws:eks::aws:cluster-access-policy/${access.policy}`,
        accessScope: access.namespaces.length
          ? { type: "namespace", namespaces: [...access.namespaces] }
          : { type: "cluster" },
      });
    });
  }
}
