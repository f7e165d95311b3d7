// One private ECR repository: immutable tags, scan on push, KMS, a lifecycle policy, protected
// from destroy (SEC-1, SEC-2, T37, R1).
import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { policyDocument, renderPolicy } from "../lib/iam-policy";

export interface ImageRepositoryProps {
  readonly repositoryName: string;
  readonly kmsKeyArn: string;
  readonly keepTaggedImages: number;
  readonly untaggedImageExpiryDays: number;
  /** The only principals that may pull (SEC-1): the nodes, and people who debug an image. */
  readonly pullerArns: readonly string[];
}

export class ImageRepository extends Construct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "repository", {
      name: props.repositoryName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
      lifecycle: { preventDestroy: true },
    });
    // Images carry the license and the domain key: nobody else in the account pulls them, whatever
    // their IAM policies say. AWS service-linked roles (replication to the DR region) stay allowed.
    new EcrRepositoryPolicy(this, "policy", {
      repository: this.repository.name,
      policy: renderPolicy(
        policyDocument({
          Sid: "PullOnlyByTheNodesAndAdmins",
          Effect: "Deny",
          Principal: "*",
          Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Condition: {
            StringNotLike: {
              "aws:PrincipalArn": [...props.pullerArns, "arn:aws:iam::*:role/aws-service-role/*"],
            },
          },
        }),
      ),
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `expire untagged images after ${props.untaggedImageExpiryDays} days`,
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: props.untaggedImageExpiryDays,
            },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `keep the ${props.keepTaggedImages} newest tagged images (rollback window)`,
            selection: {
              tagStatus: "any",
              countType: "imageCountMoreThan",
              countNumber: props.keepTaggedImages,
            },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }
}
