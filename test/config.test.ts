// Bad input gets one clear message naming env, field, value and rule.
import { ENVIRONMENTS } from "../envs";
import { dev } from "../envs/dev";
import { prod } from "../envs/prod";
import { EnvironmentInput } from "../envs/schema";
import { ConfigError, validateEnvironments } from "../envs/validate";
import { problemsOf } from "./support/config-problems";

type Mutation = (env: EnvironmentInput) => void;

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
    '["eu-west-1a","eu-west-1b"]',
    "expected array to have >=3 items",
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
  [
    "unknown field",
    prod,
    (e) => Object.assign(e.network, { vpcCidrs: "x" }),
    "network",
    '{"vpcCidr":"10.30.0.0/16","adminCidrs":["192.0.2.0/24"],"vpcCidrs":"x"}',
    'Unrecognized key: "vpcCidrs"',
  ],
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
  [
    "a public address range",
    prod,
    (e) => (e.network.vpcCidr = "8.8.0.0/16"),
    "network.vpcCidr",
    '"8.8.0.0/16"',
    "must lie in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)",
  ],
  [
    "a range just outside 172.16.0.0/12",
    prod,
    (e) => (e.network.vpcCidr = "172.32.0.0/16"),
    "network.vpcCidr",
    '"172.32.0.0/16"',
    "must lie in a private range",
  ],
  [
    "a region that does not exist",
    prod,
    (e) => {
      e.aws.region = "eu-west-9";
      e.aws.availabilityZones = ["eu-west-9a", "eu-west-9b", "eu-west-9c"];
    },
    "aws.region",
    '"eu-west-9"',
    "is not an AWS region this project knows",
  ],
  [
    "a DR region that does not exist",
    prod,
    (e) => (e.aws.drRegion = "eu-central-9"),
    "aws.drRegion",
    '"eu-central-9"',
    "is not an AWS region this project knows",
  ],
  [
    "a zone that does not exist",
    prod,
    (e) => (e.aws.availabilityZones[2] = "eu-west-1z"),
    "aws.availabilityZones.2",
    '"eu-west-1z"',
    "is not a zone of eu-west-1 (its zones: eu-west-1a, eu-west-1b, eu-west-1c)",
  ],
  [
    "a region that offers an account two zones",
    prod,
    (e) => {
      e.aws.region = "us-west-1";
      e.aws.availabilityZones = ["us-west-1a", "us-west-1b", "us-west-1c"];
    },
    "aws.region",
    '"us-west-1"',
    "offers fewer than 3 zones to an account",
  ],
  [
    "an RDS class that does not exist",
    prod,
    (e) => (e.mysql.instanceClass = "db.banana.huge"),
    "mysql.instanceClass",
    '"db.banana.huge"',
    "is not an RDS instance class for MySQL",
  ],
  [
    "an EC2 size that the family does not have",
    prod,
    (e) => (e.bastion.instanceType = "t3.9xlarge"),
    "bastion.instanceType",
    '"t3.9xlarge"',
    "is not an EC2 instance type",
  ],
  [
    "a Cassandra type whose memory is unknown",
    prod,
    (e) => (e.cassandra.instanceType = "i4i.large"),
    "cassandra.instanceType",
    '"i4i.large"',
    "so that the heap can be sized for it",
  ],
  [
    "two Cassandra nodes in dev, whose gateways connect to three",
    dev,
    (e) => (e.cassandra.nodeCount = 2),
    "cassandra.nodeCount",
    "2",
    "must be 3: the workloads connect to 3 nodes",
  ],
  [
    "a gateway heap above its share of the memory limit",
    prod,
    // The example groups share one sizing object: give this group its own.
    (e) => (e.apim.gatewayGroups[1].sizing = { ...e.apim.gatewayGroups[1].sizing, heapMb: 8000 }),
    "apim.gatewayGroups.1.sizing.heapMb",
    "8000",
    "gateway group partner: a 8000 MB heap exceeds 75 % of its 2Gi memory limit (1536 MB) (K8S-5)",
  ],
  [
    "an ANM heap above its share of the memory limit",
    dev,
    (e) => (e.apim.anm.sizing.heapMb = 1600),
    "apim.anm.sizing.heapMb",
    "1600",
    "ANM: a 1600 MB heap exceeds 75 %",
  ],
];

test.each(CASES)("%s is refused with one clear message", (_name, base, mutate, field, value, rule) => {
  const problems = problemsOf(base, mutate);
  expect(problems).toHaveLength(1);
  // "env "<env>": <field> = <value>: <rule>", in that order; the rule's words somewhere after.
  const head = `env "${base.name}": ${field} = ${value}: `;
  expect(problems[0].slice(0, head.length)).toBe(head);
  expect([value.length, rule.length]).not.toContain(0);
  expect(problems[0].slice(head.length)).toContain(rule);
});

test("env names must be unique, and envs may not share account and region", () => {
  const copy = { ...structuredClone(prod) };
  expect(() => validateEnvironments([prod, copy])).toThrow(/env "prod": name = "prod": must be unique/);
  const sameAccount = { ...structuredClone(prod), name: "prod2" };
  expect(() => validateEnvironments([prod, sameAccount])).toThrow(
    /env "prod2": aws.accountId = "333333333333": must not share account and region with env "prod"/,
  );
});

test("VPCs of two envs may not overlap: the later env is named with the earlier one's range", () => {
  const other = {
    ...structuredClone(dev),
    name: "dev2",
    aws: { ...structuredClone(dev.aws), accountId: "999999999999" },
  };
  other.network.vpcCidr = "10.10.8.0/22"; // inside dev's 10.10.0.0/20
  let problems: readonly string[] = [];
  try {
    validateEnvironments([dev, other]);
  } catch (error) {
    problems = (error as ConfigError).problems;
  }
  expect(problems).toEqual([
    'env "dev2": network.vpcCidr = "10.10.8.0/22": overlaps env "dev"\'s VPC 10.10.0.0/20 (NET-1, DR-1)',
  ]);
  expect(validateEnvironments(ENVIRONMENTS).map((e) => e.network.vpcCidr)).toEqual([
    "10.10.0.0/20",
    "10.20.0.0/18",
    "10.30.0.0/16",
  ]);
});

test("nothing is written when an env is invalid: synth exits non-zero before output", () => {
  // Validation runs first in main.ts; this proves the error type main.ts catches.
  expect(() =>
    validateEnvironments([{ ...structuredClone(prod), network: { ...prod.network, vpcCidr: "8.8.0.0/16" } }]),
  ).toThrow(ConfigError);
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
