// An IAM role for one (namespace, service account) of one cluster, bound with EKS Pod Identity:
// the trust policy admits only the EKS Pod Identity service acting for this cluster, and the
// association pins the service account (T11, K8S-2).
import { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { PolicyStatement, policyDocument, renderPolicy } from "../lib/iam-policy";

export interface PodIdentityRoleProps {
  readonly roleName: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly accountId: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly statements: readonly PolicyStatement[];
  readonly managedPolicyArns?: readonly string[];
  /** Skip the association when an EKS add-on binds the role itself. */
  readonly associate?: boolean;
}

export class PodIdentityRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `Pod identity of ${props.namespace}/${props.serviceAccount} in ${props.clusterName}`,
      assumeRolePolicy: renderPolicy(
        policyDocument({
          Sid: "EksPodIdentity",
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: { "aws:SourceAccount": props.accountId },
            ArnEquals: { "aws:SourceArn": props.clusterArn },
          },
        }),
      ),
    });
    if (props.statements.length) {
      new IamRolePolicy(this, "policy", {
        role: this.role.id,
        name: "least-privilege",
        policy: renderPolicy(policyDocument(...props.statements)),
      });
    }
    (props.managedPolicyArns ?? []).forEach(
      (arn, i) => new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.role.name, policyArn: arn }),
    );
    if (props.associate ?? true) {
      new EksPodIdentityAssociation(this, "association", {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.arn,
      });
    }
  }
}
