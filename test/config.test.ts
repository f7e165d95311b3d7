// Bad input gets one clear message naming env, field, value and rule.
import { ENVIRONMENTS } from "../envs";
import { dev } from "../envs/dev";
import { prod } from "../envs/prod";
import { EnvironmentInput } from "../envs/schema";
import { ConfigError, validateEnvironments } from "../envs/validate";

type Mutation = (env: EnvironmentInput) => void;

function problemsOf(base: EnvironmentInput, mutate: Mutation): string[] {
  const env = structuredClone(base);
  mutate(env);
  try {
    validateEnvironments([env]);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...error.problems];
  }
}

test("the example envs are valid", () => {
  expect(validateEnvironments(ENVIRONMENTS).map((e) => e.name)).toEqual(["dev", "test", "prod"]);
});

// [case, base env, mutation, field named in the message, value shown, words of the rule]
const CASES: [string, EnvironmentInput, Mutation, string, string, string][] = [
  [
    "Flux over SSH on port 22, which the workers may not reach",
    prod,
    (e) => (e.flux.repositoryUrl = "ssh://git@github.com/example-org/apim-platform.git"),
    "flux.repositoryUrl",
    '"ssh://git@github.com/example-org/apim-platform.git"',
    "connects on port 22, which the workers may not reach (internet egress: 443, 465, 587)",
  ],
  [
    "Flux over HTTPS on a port the workers may not reach",
    dev,
    (e) => (e.flux.repositoryUrl = "https://git.example.com:8443/org/repo.git"),
    "flux.repositoryUrl",
    '"https://git.example.com:8443/org/repo.git"',
    "connects on port 8443",
  ],
  [
    "malformed CIDR",
    prod,
    (e) => (e.network.vpcCidr = "10.0.0.0/33"),
    "network.vpcCidr",
    '"10.0.0.0/33"',
    "IPv4 CIDR",
  ],
  [
    "CIDR with host bits",
    prod,
    (e) => (e.network.vpcCidr = "10.0.0.1/16"),
    "network.vpcCidr",
    '"10.0.0.1/16"',
    "no host bits",
  ],
  [
    "VPC too small for the tiers",
    prod,
    (e) => (e.network.vpcCidr = "10.0.0.0/24"),
    "network.vpcCidr",
    '"10.0.0.0/24"',
    "5 subnet tiers",
  ],
  [
    "workers do not fit",
    prod,
    (e) => ((e.network.vpcCidr = "10.0.0.0/22"), (e.nodeGroups.apim.maxSize = 30)),
    "network.vpcCidr",
    '"10.0.0.0/22"',
    "node groups at max size",
  ],
  [
    "duplicate zones",
    prod,
    (e) => (e.aws.availabilityZones = ["eu-west-1a", "eu-west-1a", "eu-west-1b"]),
    "aws.availabilityZones.1",
    '"eu-west-1a"',
    "3 distinct zones",
  ],
  [
    "zone of another region",
    prod,
    (e) => (e.aws.availabilityZones[2] = "us-east-1c"),
    "aws.availabilityZones.2",
    '"us-east-1c"',
    "zone of the env's region eu-west-1",
  ],
  [
    "only two zones",
    prod,
    (e) => ((e.aws.availabilityZones as unknown as string[]).length = 2),
    "aws.availabilityZones",
    "",
    "",
  ],
  [
    "HA gateways below 3",
    prod,
    (e) => (e.apim.gatewayGroups[0].minReplicas = 2),
    "apim.gatewayGroups.0.minReplicas",
    "2",
    "APIM-3",
  ],
  [
    "gateway min above max",
    prod,
    (e) => (e.apim.gatewayGroups[1].minReplicas = 8),
    "apim.gatewayGroups.1.minReplicas",
    "8",
    "<= maxReplicas",
  ],
  [
    "EMT deployment in prod",
    prod,
    (e) => (e.apim.gatewayGroups[0].emtDeploymentEnabled = true),
    "apim.gatewayGroups.0.emtDeploymentEnabled",
    "true",
    "APIM-5",
  ],
  [
    "EMT deployment in dev with 2 replicas",
    dev,
    (e) => (e.apim.gatewayGroups[0].maxReplicas = 2),
    "apim.gatewayGroups.0.emtDeploymentEnabled",
    "true",
    "exactly one replica",
  ],
  [
    "world-open admin CIDR",
    prod,
    (e) => (e.network.adminCidrs = ["0.0.0.0/0"]),
    "network.adminCidrs.0",
    '"0.0.0.0/0"',
    "never world-open",
  ],
  [
    "invalid domain",
    prod,
    (e) => (e.dns.domain = "APIM_example"),
    "dns.domain",
    '"APIM_example"',
    "DNS name",
  ],
  [
    "latest image tag",
    prod,
    (e) => (e.apim.anm.initialImageTag = "latest"),
    "apim.anm.initialImageTag",
    '"latest"',
    "never 'latest'",
  ],
  [
    "DR region equals primary",
    prod,
    (e) => (e.aws.drRegion = "eu-west-1"),
    "aws.drRegion",
    '"eu-west-1"',
    "DR-1",
  ],
  ["prod without HA", prod, (e) => (e.highAvailability = false), "highAvailability", "false", "HA-1"],
  [
    "unsupported Kubernetes version",
    prod,
    (e) => ((e.kubernetes as { version: string }).version = "1.25"),
    "kubernetes.version",
    '"1.25"',
    "must be one of",
  ],
  [
    "node group min above max",
    prod,
    (e) => (e.nodeGroups.monitoring.minSize = 3),
    "nodeGroups.monitoring.minSize",
    "3",
    "<= maxSize",
  ],
  [
    "HA env with 2 apim nodes",
    prod,
    (e) => ((e.nodeGroups.apim.minSize = 2), (e.nodeGroups.apim.desiredSize = 2)),
    "nodeGroups.apim.minSize",
    "2",
    "SIZ-1",
  ],
  [
    "world-open public endpoint",
    prod,
    (e) => (e.kubernetes.publicEndpointCidrs = ["0.0.0.0/0"]),
    "kubernetes.publicEndpointCidrs.0",
    '"0.0.0.0/0"',
    "never world-open",
  ],
  [
    "Cassandra volume below 50 GB in an HA env",
    prod,
    (e) => (e.cassandra.volumeSizeGb = 30),
    "cassandra.volumeSizeGb",
    "30",
    "STO-2",
  ],
  [
    "MySQL below 20 GB in an HA env",
    prod,
    (e) => ((e.mysql.allocatedStorageGb = 10), (e.mysql.maxAllocatedStorageGb = 10)),
    "mysql.allocatedStorageGb",
    "10",
    "STO-3",
  ],
  [
    "HA env with 2 Cassandra nodes",
    prod,
    (e) => (e.cassandra.nodeCount = 2),
    "cassandra.nodeCount",
    "2",
    "APIM-7",
  ],
  [
    "backup retention under 7 days",
    prod,
    (e) => (e.backup.retentionDays = 3),
    "backup.retentionDays",
    "3",
    "BAK-1",
  ],
  ["unknown field", prod, (e) => Object.assign(e.network, { vpcCidrs: "x" }), "network", "", "vpcCidrs"],
  [
    "API Manager on an unknown group",
    prod,
    (e) => (e.apim.apiManager.gatewayGroup = "nope"),
    "apim.apiManager.gatewayGroup",
    '"nope"',
    "APIM-4",
  ],
  [
    "host outside the env zone",
    prod,
    (e) => (e.apim.gatewayGroups[0].host = "api.other.org"),
    "apim.gatewayGroups.0.host",
    '"api.other.org"',
    "SECU-4",
  ],
];

test.each(CASES)("%s is refused with one clear message", (_name, base, mutate, field, value, rule) => {
  const problems = problemsOf(base, mutate);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(`env "${base.name}": ${field} = `);
  expect(problems[0]).toContain(value);
  expect(problems[0]).toContain(rule);
});

test("env names must be unique, and envs may not share account and region", () => {
  const copy = { ...structuredClone(prod) };
  expect(() => validateEnvironments([prod, copy])).toThrow(/env "prod": name = "prod": must be unique/);
  const sameAccount = { ...structuredClone(prod), name: "prod2" };
  expect(() => validateEnvironments([prod, sameAccount])).toThrow(
    /env "prod2": aws.accountId = "333333333333": must not share account and region with env "prod"/,
  );
});

test("every problem of every env is reported at once", () => {
  const a = structuredClone(prod);
  a.network.vpcCidr = "bad";
  const b = structuredClone(dev);
  b.aws.drRegion = "eu-west-1";
  try {
    validateEnvironments([a, b]);
    throw new Error("expected a ConfigError");
  } catch (error) {
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('env "prod": network.vpcCidr = "bad"'),
      expect.stringContaining('env "dev": aws.drRegion = "eu-west-1"'),
    ]);
  }
});
