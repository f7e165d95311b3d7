// A managed node group in worker subnets (HA-1, SIZ-1/2, K8S-8): one zone's subnet for each of the
// per-zone `apim` groups, all three zones' for the monitoring group. A launch
// template with IMDSv2 (hop limit 1), an encrypted gp3 root volume and the flow table's worker
// security group, no SSH. Labels and taints are also written as Cluster Autoscaler node-template
// tags on the group's Auto Scaling group, so it can scale the group up from zero.
import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { AutoscalingGroupTagA as AutoscalingGroupTag } from "@cdktf/provider-aws/lib/autoscaling-group-tag";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { trustPolicy } from "../lib/iam-policy";

/** The node role's managed policies: join the cluster, pull from ECR (SEC-4: no registry password), SSM. */
export const NODE_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEC2ContainerRegistryReadOnly",
  "AmazonSSMManagedInstanceCore",
];

export function nodeRole(scope: Construct, id: string, name: string): IamRole {
  const role = new IamRole(scope, id, {
    name,
    assumeRolePolicy: trustPolicy("Ec2Assumes", "ec2.amazonaws.com"),
  });
  for (const policy of NODE_POLICIES) {
    new IamRolePolicyAttachment(scope, `${id}-${policy}`, {
      role: role.name,
      policyArn: `arn:aws:iam::aws:policy/${policy}`,
    });
  }
  return role;
}

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  readonly name: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGb: number;
  readonly kmsKeyArn: string;
  readonly labels: Record<string, string>;
  readonly taints?: readonly NodeTaint[];
  /** What must exist before nodes join (the networking and pod identity add-ons). */
  readonly dependsOn?: ITerraformDependable[];
}

const TAINT_EFFECT = {
  NO_SCHEDULE: "NoSchedule",
  NO_EXECUTE: "NoExecute",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const template = new LaunchTemplate(this, "launch-template", {
      name: `${props.clusterName}-${props.name}`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [props.securityGroupId],
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: props.diskSizeGb,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: props.kmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${props.clusterName}-${props.name}` } }],
    });
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [props.instanceType],
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      labels: props.labels,
      taint: (props.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      dependsOn: props.dependsOn,
      // The autoscaler owns the desired size once the group exists.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });
    const asgName = this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
    const templateTags: [string, string][] = [
      ...Object.entries(props.labels).map(([k, v]): [string, string] => [
        `k8s.io/cluster-autoscaler/node-template/label/${k}`,
        v,
      ]),
      ...(props.taints ?? []).map((t): [string, string] => [
        `k8s.io/cluster-autoscaler/node-template/taint/${t.key}`,
        `${t.value}:${TAINT_EFFECT[t.effect]}`,
      ]),
    ];
    templateTags.forEach(
      ([key, value], i) =>
        new AutoscalingGroupTag(this, `autoscaler-template-${i}`, {
          autoscalingGroupName: asgName,
          tag: { key, value, propagateAtLaunch: false },
        }),
    );
  }
}
