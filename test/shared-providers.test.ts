// Provider configurations hoisted into a plan root and shared between modules: what each module
// receives, what stays its own, and the address a state must record. (Real Terraform plans such
// roots in terraform-plan.test.ts and review-plan.test.ts.)
import { shareProviders, withoutDefaultTags } from "../tools/terraform/shared-providers";

type Json = Record<string, unknown>;

const config = (region: string, stack: string, alias?: string): Json => ({
  ...(alias ? { alias } : {}),
  region,
  default_tags: [{ tags: { Stack: stack } }],
});

function stack(providers: Json[], extra: Json = {}): Json {
  return {
    terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
    provider: { aws: providers },
    resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16" } } },
    ...extra,
  };
}

const root = (names: string[]): Json => ({
  terraform: { required_providers: { aws: { source: "hashicorp/aws" } } },
  module: Object.fromEntries(names.map((n) => [n, { source: `./modules/${n}`, upstream_x: "${module.x}" }])),
});

test("configurations alike but for default_tags are one root configuration under withoutDefaultTags", () => {
  const modules = new Map([
    ["network", stack([config("eu-west-1", "network")])],
    ["data", stack([config("eu-west-1", "data"), config("eu-central-1", "data", "dr")])],
  ]);
  const shared = shareProviders(root(["network", "data"]), modules, withoutDefaultTags);
  const rootProviders = (shared.root.provider as { aws: Json[] }).aws;
  expect(rootProviders.map((p) => [p.alias, p.region])).toEqual([
    ["shared_0", "eu-west-1"],
    ["shared_1", "eu-central-1"],
  ]);
  const calls = shared.root.module as Record<string, Json>;
  expect(calls.network.providers).toEqual({ aws: "aws.shared_0" });
  expect(calls.data.providers).toEqual({ aws: "aws.shared_0", "aws.dr": "aws.shared_1" });
  // The module call keeps its other arguments.
  expect(calls.data.upstream_x).toBe("${module.x}");
  // A module declares the aliases it receives and keeps no AWS configuration of its own.
  const data = shared.modules.get("data")!;
  expect(data.provider).toBeUndefined();
  expect((data.terraform as Json).required_providers).toEqual({
    aws: { source: "aws", version: "5.100.0", configuration_aliases: ["aws.dr"] },
  });
  expect((shared.modules.get("network")!.terraform as Json).required_providers).toEqual({
    aws: { source: "aws", version: "5.100.0" },
  });
  expect(data.resource).toEqual(modules.get("data")!.resource);
  expect(shared.providerAddress("data", "dr")).toBe(
    'provider["registry.terraform.io/hashicorp/aws"].shared_1',
  );
  expect(shared.providerAddress("network", "")).toBe(
    'provider["registry.terraform.io/hashicorp/aws"].shared_0',
  );
});

test("by default only identical configurations are shared: a default-tag change keeps its own", () => {
  const modules = new Map([
    ["head-data", stack([config("eu-west-1", "data")])],
    ["control-data", stack([config("eu-west-1", "data")])],
    ["head-network", stack([config("eu-west-1", "network-changed")])],
    ["control-network", stack([config("eu-west-1", "network")])],
  ]);
  const shared = shareProviders(root([...modules.keys()]), modules);
  const calls = shared.root.module as Record<string, { providers: Json }>;
  expect(calls["head-data"].providers).toEqual(calls["control-data"].providers);
  expect(calls["head-network"].providers).not.toEqual(calls["control-network"].providers);
  expect((shared.root.provider as { aws: Json[] }).aws).toHaveLength(3);
});

test("other providers stay in their module, and a module without an AWS configuration is left alone", () => {
  const withHelm = stack([config("eu-west-1", "platform")], {});
  (withHelm.provider as Json).helm = [{ kubernetes: {} }];
  const bare = { resource: { terraform_data: { x: {} } } };
  const shared = shareProviders(
    root(["platform", "bare"]),
    new Map<string, Json>([
      ["platform", withHelm],
      ["bare", bare],
    ]),
  );
  expect(shared.modules.get("platform")!.provider).toEqual({ helm: [{ kubernetes: {} }] });
  expect(shared.modules.get("bare")).toBe(bare);
  expect((shared.root.module as Record<string, Json>).bare.providers).toBeUndefined();
  expect(() => shared.providerAddress("bare", "")).toThrow("module bare has no AWS provider");
  expect(() => shared.providerAddress("platform", "dr")).toThrow(
    "module platform has no AWS provider aliased dr",
  );
});
