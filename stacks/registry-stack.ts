// <env>-registry: the env's private image registry (GEN-4, GEN-5): ANM plus one repository per
// gateway group (APIM-4, GEN-6), replicated to the DR region so the env can be rebuilt there (DR-1).
import { Construct } from "constructs";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { EnvironmentConfig } from "../envs/schema";
import { imageRepositories, kmsKeyAlias, nodeRoleName, roleArn } from "../lib/naming";
import { ImageRepository } from "../modules/image-repository";
import { KmsKey } from "../modules/kms-key";
import { EnvironmentStack } from "./environment-stack";

/** Repositories whose names start with this are replicated. */
export const REPLICATED_PREFIX = "apim/";

export class RegistryStack extends EnvironmentStack {
  readonly repositories: ImageRepository[];

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, { env, kind: "registry" });
    const key = new KmsKey(this, "registry-key", {
      alias: kmsKeyAlias(env, "registry"),
      description: `Images of the ${env.name} APIM environment (license, certificates, config: SEC-1)`,
      accountId: env.aws.accountId,
    });
    this.repositories = imageRepositories(env).map(
      (name) =>
        new ImageRepository(this, name.replace(/\//g, "-"), {
          repositoryName: name,
          kmsKeyArn: key.arn,
          keepTaggedImages: env.registry.keepTaggedImages,
          untaggedImageExpiryDays: env.registry.untaggedImageExpiryDays,
          pullerArns: [nodeRoleName(env), ...env.access.adminRoleNames].map((role) => roleArn(env, role)),
        }),
    );
    new EcrReplicationConfiguration(this, "replication", {
      replicationConfiguration: {
        rule: [
          {
            destination: [{ region: env.aws.drRegion, registryId: env.aws.accountId }],
            repositoryFilter: [{ filter: REPLICATED_PREFIX, filterType: "PREFIX_MATCH" }],
          },
        ],
      },
    });
  }
}
