// <env>-cluster: EKS with its node groups and add-ons, the pod identities of the controllers that
// gitops installs, and the edge (zone, certificates, WAF). AWS provider only, so it is planned
// offline like the other AWS stacks (K8S-1, K8S-2, K8S-8, SEC-1, SEC-4, SIZ-1, SIZ-2, HA-1,
// K8S-10, SECU-4).
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EnvironmentConfig } from "../envs/schema";
import { zoneSizes } from "../lib/capacity";
import { CONTROLLERS } from "../lib/controllers";
import { ControllerPolicyContext } from "../lib/controllers/controller";
import { ADDON_VERSIONS } from "../lib/kubernetes-versions";
import {
  APIM_NAMESPACE,
  bastionRoleName,
  certificateHosts,
  clusterName,
  containerLogGroupName,
  kmsKeyAlias,
  logBucketName,
  nodeRoleName,
  resourcePrefix,
  roleArn,
  webAclName,
} from "../lib/naming";
import { APIM_NODE, MONITORING_NODE } from "../lib/node-roles";
import { secretName } from "../lib/naming";
import { ClusterAccess, EksCluster } from "../modules/eks-cluster";
import { Edge } from "../modules/edge";
import { autoScalingMayUse, cloudWatchLogsMayUse } from "../modules/kms-key";
import { ManagedNodeGroup, nodeRole } from "../modules/managed-node-group";
import { PodIdentityRole } from "../modules/pod-identity-role";
import { EnvironmentStack } from "./environment-stack";
import { NetworkOutputs } from "./network-stack";

/** Installed before any node joins: pod networking, service routing and pod identity. */
const BEFORE_NODES = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"];

/** What the other stacks of the env read from the cluster stack. */
export interface ClusterOutputs {
  /** The EKS API server's URL (https://...). */
  readonly clusterEndpoint: string;
  /** The cluster's certificate authority, base64-encoded PEM as EKS returns it. */
  readonly clusterCertificateAuthorityData: string;
  readonly publicZoneId: string;
  readonly webAclArn: string;
}

export interface ClusterStackInputs {
  readonly network: NetworkOutputs;
}

export class ClusterStack extends EnvironmentStack {
  readonly outputs: ClusterOutputs;

  constructor(scope: Construct, env: EnvironmentConfig, { network }: ClusterStackInputs) {
    super(scope, { env, kind: "cluster" });
    const name = clusterName(env);
    const prefix = resourcePrefix(env);
    const { region, accountId } = env.aws;
    const key = this.environmentKey.bind(this);
    const logsKey = key("cluster-logs", "Control-plane and container logs", [
      cloudWatchLogsMayUse(region, accountId),
    ]);

    const roles = (names: string[]) => names.map((n) => roleArn(env, n));
    const access: ClusterAccess[] = [
      ...roles(env.access.adminRoleNames).map((arn): ClusterAccess => ({
        roleArn: arn,
        policy: "AmazonEKSClusterAdminPolicy",
        namespaces: [],
      })),
      ...roles(env.access.deployerRoleNames).map((arn): ClusterAccess => ({
        roleArn: arn,
        policy: "AmazonEKSEditPolicy",
        namespaces: [APIM_NAMESPACE],
      })),
      ...roles(env.access.viewerRoleNames).map((arn): ClusterAccess => ({
        roleArn: arn,
        policy: "AmazonEKSViewPolicy",
        namespaces: [],
      })),
      // A session on the bastion uses the instance role: it may look, never change (BAS-1, BAS-2).
      { roleArn: roleArn(env, bastionRoleName(env)), policy: "AmazonEKSViewPolicy", namespaces: [] },
    ];
    const eks = new EksCluster(this, "eks", {
      name,
      version: env.kubernetes.version,
      subnetIds: [...network.controlPlaneSubnetIds],
      securityGroupId: network.securityGroupIds.controlPlane,
      publicAccessCidrs: env.kubernetes.publicEndpointCidrs,
      secretsKeyArn: key("cluster-secrets", "Kubernetes secrets envelope encryption").arn,
      logsKeyArn: logsKey.arn,
      logRetentionDays: env.logs.cloudWatchRetentionDays,
      access,
    });
    const cluster = eks.cluster;

    const edge = new Edge(this, "edge", {
      name: prefix,
      webAclName: webAclName(env),
      domain: env.dns.domain,
      hosts: certificateHosts(env),
    });
    const containerLogs = new CloudwatchLogGroup(this, "container-logs", {
      name: containerLogGroupName(env),
      retentionInDays: env.logs.cloudWatchRetentionDays,
      kmsKeyId: logsKey.arn,
    });

    // A pod identity for each controller with AWS access; an EKS add-on binds its own (below).
    const policyContext: ControllerPolicyContext = {
      region,
      accountId,
      clusterName: name,
      secretPrefix: secretName(env, ""),
      secretsKeyAlias: kmsKeyAlias(env, "secrets"),
      logsKeyAlias: kmsKeyAlias(env, "logs"),
      publicZoneArn: edge.zone.arn,
      logBucketArn: `arn:aws:s3:::${logBucketName(env)}`,
      containerLogGroupArn: containerLogs.arn,
    };
    /** By EKS add-on: the role of the controller it installs, which the add-on binds itself. */
    const addonIdentities = new Map<string, { identity: PodIdentityRole; serviceAccount: string }>();
    for (const controller of CONTROLLERS) {
      const { aws, install } = controller;
      if (!aws) continue;
      const identity = new PodIdentityRole(this, `identity-${controller.name}`, {
        roleName: `${prefix}-${controller.name}`,
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        accountId,
        namespace: controller.namespace,
        serviceAccount: aws.serviceAccount,
        statements: aws.statements?.(policyContext) ?? [],
        managedPolicyArns: aws.managedPolicyArns,
        associate: install.by !== "eks-addon",
      });
      if (install.by === "eks-addon")
        addonIdentities.set(install.addon, { identity, serviceAccount: aws.serviceAccount });
    }

    const addon = (addonName: string, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) => {
      const bound = addonIdentities.get(addonName);
      return new EksAddon(this, `addon-${addonName}`, {
        clusterName: cluster.name,
        addonName,
        addonVersion: ADDON_VERSIONS[env.kubernetes.version][addonName],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
        ...(bound
          ? {
              podIdentityAssociation: [
                { roleArn: bound.identity.role.arn, serviceAccount: bound.serviceAccount },
              ],
            }
          : {}),
        ...extra,
      });
    };
    const early = BEFORE_NODES.map((n) =>
      addon(
        n,
        n === "vpc-cni" ? { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) } : {},
      ),
    );

    const nodes = nodeRole(this, "node-role", nodeRoleName(env));
    // Managed node groups launch through EC2 Auto Scaling, whose service-linked role needs the key.
    const nodeKey = key("nodes", "Node root volumes", autoScalingMayUse(accountId));
    const workers = network.workerSubnetIds;
    // `apim`: one managed node group per zone. The gateways spread across zones with
    // DoNotSchedule; a group over three zones lets the autoscaler add a node in a zone the pending
    // pod cannot use, and scale-up stalls. Per-zone groups (balanced by the autoscaler's
    // balance-similar-node-groups) let it pick the zone (K8S-8, HA-1).
    const zoneGroups = zoneSizes(env.nodeGroups.apim).map(
      (sizes, i) =>
        new ManagedNodeGroup(this, `apim-nodes-${env.aws.availabilityZones[i]}`, {
          clusterName: cluster.name,
          name: `apim-${env.aws.availabilityZones[i]}`,
          nodeRoleArn: nodes.arn,
          subnetIds: [workers[i]],
          securityGroupId: network.securityGroupIds.workers,
          instanceType: env.nodeGroups.apim.instanceType,
          diskSizeGb: env.nodeGroups.apim.diskSizeGb,
          ...sizes,
          kmsKeyArn: nodeKey.arn,
          labels: { [APIM_NODE.label]: APIM_NODE.value },
          dependsOn: early,
        }),
    );
    const groups = [
      ...zoneGroups,
      new ManagedNodeGroup(this, "monitoring-nodes", {
        clusterName: cluster.name,
        name: "monitoring",
        nodeRoleArn: nodes.arn,
        // One zone: Prometheus keeps its data on an EBS volume, which lives in one zone; a node
        // replaced in another zone could never mount it. Monitoring is outside the HA scope (K8S-7).
        subnetIds: workers.slice(0, 1),
        securityGroupId: network.securityGroupIds.workers,
        ...env.nodeGroups.monitoring,
        kmsKeyArn: nodeKey.arn,
        labels: { [MONITORING_NODE.label]: MONITORING_NODE.value },
        taints: [{ key: MONITORING_NODE.label, value: MONITORING_NODE.value, effect: "NO_SCHEDULE" }],
        dependsOn: early,
      }),
    ];
    // These run as pods: they need nodes to become active.
    for (const n of ["coredns", "aws-ebs-csi-driver", "aws-efs-csi-driver"]) {
      addon(n, { dependsOn: groups.map((g) => g.nodeGroup) });
    }

    this.outputs = {
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      publicZoneId: edge.zone.zoneId,
      webAclArn: edge.webAcl.arn,
    };
  }
}
