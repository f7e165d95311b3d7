// Assertions on the synthesized Terraform of the bootstrap and registry stacks.
import { stackName } from "../lib/naming";
import { block } from "../policy/terraform-model";
import { exampleEnvs, terraformModel } from "./support/synth-output";
import { AWS_PROVIDER_VERSION } from "./support/tools";

const envs = exampleEnvs();

test("every env gets its stacks", () => {
  expect(terraformModel().stacks.map((s) => s.name)).toEqual(
    envs
      .flatMap((e) =>
        ["bootstrap", "registry", "network", "data", "cluster", "platform"].map((k) => `${e.name}-${k}`),
      )
      .sort(),
  );
});

test.each(envs.map((e) => [e.name, e] as const))(
  "%s: providers pin hashicorp/aws, tag everything and stay in the env's account",
  (_n, env) => {
    for (const kind of ["bootstrap", "registry"] as const) {
      const stack = terraformModel().stacks.find((s) => s.name === stackName(env, kind))!;
      const terraform = stack.json.terraform as Record<string, Record<string, Record<string, unknown>>>;
      expect(terraform.required_providers.aws.version).toBe(AWS_PROVIDER_VERSION);
      const providers = (stack.json.provider as { aws: Record<string, unknown>[] }).aws;
      // The env's region; the bootstrap stack also the DR region, for the state bucket's replica.
      expect(providers.map((p) => p.region)).toEqual(
        kind === "bootstrap" ? [env.aws.region, env.aws.drRegion] : [env.aws.region],
      );
      for (const provider of providers) {
        expect(provider.allowed_account_ids).toEqual([env.aws.accountId]);
        expect(block(provider, "default_tags").tags).toMatchObject({
          Environment: env.name,
          ManagedBy: "cdktf",
        });
      }
    }
  },
);

test.each(envs.map((e) => [e.name, e] as const))(
  "%s: one ECR repository per image, replicated to the DR region",
  (_n, env) => {
    const repos = terraformModel()
      .ofType("aws_ecr_repository")
      .filter((r) => r.stack === stackName(env, "registry"))
      .map((r) => r.attrs.name);
    expect(repos.sort()).toEqual(
      [
        env.apim.anm.imageRepository,
        ...env.apim.gatewayGroups.map((g) => g.imageRepository),
        "apim/load-test",
      ].sort(),
    );
    const replication = terraformModel()
      .ofType("aws_ecr_replication_configuration")
      .find((r) => r.stack === stackName(env, "registry"))!;
    expect(JSON.stringify(replication.attrs)).toContain(`"region":"${env.aws.drRegion}"`);
  },
);

test.each(envs.map((e) => [e.name, e] as const))(
  "%s: the state bucket replicates to a bucket in the DR region",
  (_n, env) => {
    const stack = terraformModel().stacks.find((s) => s.name === stackName(env, "bootstrap"))!;
    const providers = (stack.json.provider as { aws: Record<string, unknown>[] }).aws;
    expect(providers.map((p) => p.region)).toEqual([env.aws.region, env.aws.drRegion]);
    const buckets = terraformModel()
      .ofType("aws_s3_bucket")
      .filter((r) => r.stack === stack.name);
    expect(buckets.map((b) => b.attrs.provider ?? "default")).toEqual(
      expect.arrayContaining(["default", "aws.dr"]),
    );
  },
);
