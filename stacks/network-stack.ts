// <env>-network: the VPC with five tiers in three zones, NAT per zone, VPC endpoints, flow logs,
// one security group per tier generated from the flow table, and the bastion
// (NET-1..3, HA-1, GEN-2, BAS-1, BAS-2, SECU-1).
import { Construct } from "constructs";
import { EnvironmentConfig } from "../envs/schema";
import { vpcResolverAddress } from "../lib/cidr";
import { FLOWS } from "../lib/flow-table";
import { KUBECTL_VERSIONS } from "../lib/kubernetes-versions";
import { clusterName, kmsKeyAlias, resourcePrefix } from "../lib/naming";
import { secretName } from "../lib/naming";
import { Bastion } from "../modules/bastion";
import { FlowTableFirewall } from "../modules/flow-table-firewall";
import { cloudWatchLogsMayUse, KmsKey } from "../modules/kms-key";
import { TieredVpc } from "../modules/tiered-vpc";
import { VpcEndpoints } from "../modules/vpc-endpoints";
import { VpcFlowLogs } from "../modules/vpc-flow-logs";
import { EnvironmentStack } from "./environment-stack";

/** What the other stacks of the env read from the network: ids only, each named for what it is. */
export interface NetworkOutputs {
  readonly vpcId: string;
  readonly dataSubnetIds: readonly string[];
  readonly controlPlaneSubnetIds: readonly string[];
  /** One per zone, in the order of env.aws.availabilityZones. */
  readonly workerSubnetIds: readonly string[];
  readonly securityGroupIds: {
    readonly data: string;
    readonly controlPlane: string;
    readonly workers: string;
    readonly frontend: string;
    readonly internalAlb: string;
  };
}

export class NetworkStack extends EnvironmentStack {
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, kind: "network" });
    const prefix = resourcePrefix(env);
    const { region, accountId } = env.aws;

    const network = new TieredVpc(this, "vpc", {
      namePrefix: prefix,
      cidr: env.network.vpcCidr,
      zones: env.aws.availabilityZones,
      // Where the AWS Load Balancer Controller places internet-facing and internal ALBs: both in
      // the frontend tier, the one whose addresses the pods' NetworkPolicies admit (an internal
      // ALB has private addresses only, wherever its subnets route).
      tierTags: {
        frontend: { "kubernetes.io/role/elb": "1", "kubernetes.io/role/internal-elb": "1" },
      },
    });
    const vpcId = network.vpc.id;

    const firewall = new FlowTableFirewall(this, "firewall", {
      namePrefix: prefix,
      vpcId,
      flows: FLOWS,
      externalCidrs: {
        internet: ["0.0.0.0/0"],
        adminNetwork: env.network.adminCidrs,
        vpcResolver: [vpcResolverAddress(env.network.vpcCidr)],
      },
      optIns: new Set(env.bastion.sshIngress ? (["bastionSsh"] as const) : []),
    });

    new VpcEndpoints(this, "endpoints", {
      region,
      vpcId,
      subnetIds: network.subnets.workers.map((s) => s.id),
      securityGroupId: firewall.groups.vpcEndpoints.id,
      routeTableIds: network.privateRouteTables.map((t) => t.id),
    });

    const logsKey = new KmsKey(this, "logs-key", {
      alias: kmsKeyAlias(env, "network"),
      description: `Flow logs, bastion sessions and bastion volume of the ${env.name} APIM environment`,
      accountId,
      statements: [cloudWatchLogsMayUse(region, accountId)],
    });
    new VpcFlowLogs(this, "flow-logs", {
      namePrefix: prefix,
      vpcId,
      kmsKeyArn: logsKey.arn,
      retentionDays: env.logs.cloudWatchRetentionDays,
      accountId,
    });

    new Bastion(this, "bastion", {
      namePrefix: prefix,
      region,
      accountId,
      subnetId: network.subnets.bastion[0].id,
      securityGroupId: firewall.groups.bastion.id,
      kmsKeyArn: logsKey.arn,
      instanceType: env.bastion.instanceType,
      kubectlVersion: KUBECTL_VERSIONS[env.kubernetes.version],
      clusterName: clusterName(env),
      adminRoleNames: env.access.adminRoleNames,
      logRetentionDays: env.logs.cloudWatchRetentionDays,
      secretPrefix: secretName(env, ""),
      secretsKeyAlias: kmsKeyAlias(env, "secrets"),
      databaseKeyAlias: kmsKeyAlias(env, "database"),
    });

    this.outputs = {
      vpcId,
      dataSubnetIds: network.subnets.data.map((s) => s.id),
      controlPlaneSubnetIds: network.subnets.controlPlane.map((s) => s.id),
      workerSubnetIds: network.subnets.workers.map((s) => s.id),
      securityGroupIds: {
        data: firewall.groups.data.id,
        controlPlane: firewall.groups.controlPlane.id,
        workers: firewall.groups.workers.id,
        frontend: firewall.groups.frontend.id,
        internalAlb: firewall.groups.internalAlb.id,
      },
    };
  }
}
