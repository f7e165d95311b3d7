// Every packet decision of the VPC (ALL) to a KMS-encrypted log group with retention (T21).
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, renderPolicy, trustPolicy } from "../lib/iam-policy";

export interface VpcFlowLogsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
  readonly accountId: string;
}

export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: `/apim/${props.namePrefix}/vpc-flow-logs`,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new IamRole(this, "role", {
      name: `${props.namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: trustPolicy("FlowLogsDeliver", "vpc-flow-logs.amazonaws.com", {
        condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      }),
    });
    new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "deliver-flow-logs",
      policy: renderPolicy(
        policyDocument({
          Sid: "WriteFlowLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        }),
      ),
    });
    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
