// Bad input gets one clear message naming env, field, value and rule.
import { ENVIRONMENTS } from "../envs";
import { dev } from "../envs/dev";
import { prod } from "../envs/prod";
import { EnvironmentInput } from "../envs/schema";
import { gatewayGroup } from "../envs/defaults";
import { ConfigError, validateEnvironments } from "../envs/validate";
import { configErrorOf, problemsOf, variant } from "./support/config-problems";

type Mutation = (env: EnvironmentInput) => void;

/** A gateway group of one small pod (100m / 512Mi) in dev's zone: many of them fit dev's nodes. */
const smallGroup = (i: number) =>
  gatewayGroup(`g${i}`, `g${i}.dev.apim.example.com`, "7.7.20240830-r1", {
    minReplicas: 1,
    maxReplicas: 1,
    sizing: {
      heapMb: 256,
      resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    },
  });

/**
 * Adds `count` small gateway groups, each with its own host, and the nodes a release needs to roll
 * them all at once (each surges by one pod: 9 nodes, not dev's 6).
 */
const withSmallGroups =
  (count: number): Mutation =>
  (e) => {
    for (let i = 1; i <= count; i++) e.apim.gatewayGroups.push(smallGroup(i));
    e.nodeGroups.apim.maxSize = 9;
  };

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
    "connects on port 22, which the workers may not reach (internet egress: 443, 465, 587); " +
      "use SSH over 443 (ssh://git@ssh.github.com:443/<org>/<repo>.git) or https:// (GEN-8, NET-2)",
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
    // /22: worker subnets of /24, 256 - 5 reserved; apim (30 / 3 + 1) x 30 + monitoring (1 + 1) x 30
    // addresses of an m5.large (3 ENIs x 10).
    "gives worker subnets of 251 addresses; the node groups at max size need 390 per zone (NET-1)",
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
    "an API Manager cpu request above its limit",
    prod,
    (e) =>
      (e.apim.apiManager.sizing = {
        ...e.apim.apiManager.sizing,
        resources: { requests: { cpu: "1500m", memory: "1280Mi" }, limits: { cpu: "1", memory: "2Gi" } },
      }),
    "apim.apiManager.sizing.resources.requests.cpu",
    '"1500m"',
    "API Manager: a 1500m cpu request is above its 1 limit: Kubernetes refuses the pod (K8S-5)",
  ],
  [
    "an API Manager memory request above its limit",
    prod,
    (e) =>
      (e.apim.apiManager.sizing = {
        ...e.apim.apiManager.sizing,
        resources: { requests: { cpu: "500m", memory: "3Gi" }, limits: { cpu: "2", memory: "2Gi" } },
      }),
    "apim.apiManager.sizing.resources.requests.memory",
    '"3Gi"',
    "API Manager: a 3Gi memory request is above its 2Gi limit: Kubernetes refuses the pod (K8S-5)",
  ],
  [
    "a Flux URL whose port cannot be read (scp style inside ssh://)",
    prod,
    (e) => (e.flux.repositoryUrl = "ssh://git@github.com:example-org/apim-platform.git"),
    "flux.repositoryUrl",
    '"ssh://git@github.com:example-org/apim-platform.git"',
    "is not a URL Flux can clone whose host and port can be read (ssh://git@<host>[:<port>]/<path> or https://<host>[:<port>]/<path>) (GEN-8)",
  ],
  [
    "an ANM heap above its share of the memory limit",
    dev,
    (e) => (e.apim.anm.sizing.heapMb = 1600),
    "apim.anm.sizing.heapMb",
    "1600",
    "ANM: a 1600 MB heap exceeds 75 %",
  ],
  [
    "an admin CIDR wider than /8",
    prod,
    (e) => (e.network.adminCidrs = ["10.0.0.0/7"]),
    "network.adminCidrs.0",
    '"10.0.0.0/7"',
    "must be /8 or narrower",
  ],
  [
    "an admin CIDR with host bits set",
    prod,
    (e) => (e.network.adminCidrs = ["192.0.2.1/24"]),
    "network.adminCidrs.0",
    '"192.0.2.1/24"',
    "must be a canonical IPv4 CIDR (a.b.c.d/n, no host bits set)",
  ],
  [
    "a VPC larger than /16",
    prod,
    (e) => (e.network.vpcCidr = "10.0.0.0/15"),
    "network.vpcCidr",
    '"10.0.0.0/15"',
    "must be /16 to /22 so that 5 subnet tiers x 3 zones fit (NET-1)",
  ],
  [
    "an apim instance type whose addresses per node are unknown",
    prod,
    (e) => (e.nodeGroups.apim.instanceType = "m5.8xlarge"),
    "nodeGroups.apim.instanceType",
    '"m5.8xlarge"',
    "must be listed in lib/instance-capacity.ts so that worker subnets can be sized for it",
  ],
  [
    "a monitoring instance type whose addresses per node are unknown",
    prod,
    (e) => (e.nodeGroups.monitoring.instanceType = "m5.8xlarge"),
    "nodeGroups.monitoring.instanceType",
    '"m5.8xlarge"',
    "must be listed in lib/instance-capacity.ts so that worker subnets can be sized for it",
  ],
  [
    "a Cassandra size that the family does not have",
    prod,
    (e) => (e.cassandra.instanceType = "m5.9xlarge"),
    "cassandra.instanceType",
    '"m5.9xlarge"',
    "is not an EC2 instance type (lib/instance-types.ts lists the families and sizes)",
  ],
  [
    "an API Manager heap above its share of a limit given in Mi",
    prod,
    (e) => {
      e.apim.apiManager.sizing.heapMb = 1600;
      e.apim.apiManager.sizing.resources.limits.memory = "2048Mi";
    },
    "apim.apiManager.sizing.heapMb",
    "1600",
    "API Manager: a 1600 MB heap exceeds 75 % of its 2048Mi memory limit (1536 MB) (K8S-5)",
  ],
  [
    "a memory request below heap and non-heap overhead",
    prod,
    (e) => (e.apim.apiManager.sizing.resources.requests.memory = "1279Mi"),
    "apim.apiManager.sizing.resources.requests.memory",
    '"1279Mi"',
    "API Manager: a 1279Mi memory request is below its 1024 MB heap + 256 MiB non-heap overhead (1280 MiB) (K8S-5)",
  ],
  [
    "desired apim nodes below the minimum",
    prod,
    (e) => (e.nodeGroups.apim.desiredSize = 2),
    "nodeGroups.apim.desiredSize",
    "2",
    "must lie between minSize and maxSize (K8S-8)",
  ],
  [
    "desired monitoring nodes above the maximum",
    prod,
    (e) => (e.nodeGroups.monitoring.desiredSize = 3),
    "nodeGroups.monitoring.desiredSize",
    "3",
    "must lie between minSize and maxSize (K8S-8)",
  ],
  [
    "an apim maximum that is not a multiple of the zones",
    prod,
    (e) => (e.nodeGroups.apim.maxSize = 4),
    "nodeGroups.apim.maxSize",
    "4",
    "must be a multiple of 3: one node group per zone, each up to maxSize / 3 (K8S-8, HA-1)",
  ],
  [
    "a fixed apim group of 4 nodes",
    dev,
    (e) => (e.nodeGroups.apim = { ...e.nodeGroups.apim, minSize: 4, desiredSize: 4, maxSize: 4 }),
    "nodeGroups.apim.maxSize",
    "4",
    "must be a multiple of 3: one node group per zone, each up to maxSize / 3 (K8S-8, HA-1)",
  ],
  [
    "an apim maximum below the minimum",
    prod,
    (e) => (e.nodeGroups.apim.maxSize = 2),
    "nodeGroups.apim.minSize",
    "3",
    "must be <= maxSize (K8S-8)",
  ],
  [
    "a fixed apim group of 6 nodes, no zone can scale",
    dev,
    (e) => (e.nodeGroups.apim = { ...e.nodeGroups.apim, minSize: 6, desiredSize: 6, maxSize: 6 }),
    "nodeGroups.apim.maxSize",
    "6",
    "leaves a zone's node group no room to scale: 2 per zone at most, up to 2 at least (K8S-8)",
  ],
  [
    "MySQL storage autoscaling below the allocated storage",
    prod,
    (e) => (e.mysql.maxAllocatedStorageGb = 19),
    "mysql.maxAllocatedStorageGb",
    "19",
    "must be >= allocatedStorageGb (STO-3)",
  ],
  [
    "MySQL backups kept 6 days",
    prod,
    (e) => (e.mysql.backupRetentionDays = 6),
    "mysql.backupRetentionDays",
    "6",
    "must be 7-35 days (BAK-1)",
  ],
  [
    "MySQL backups kept 36 days",
    prod,
    (e) => (e.mysql.backupRetentionDays = 36),
    "mysql.backupRetentionDays",
    "36",
    "must be 7-35 days (BAK-1)",
  ],
  [
    "a log retention CloudWatch does not offer",
    prod,
    (e) => (e.logs.cloudWatchRetentionDays = 366),
    "logs.cloudWatchRetentionDays",
    "366",
    "must be a CloudWatch retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
  ],
  [
    "a CloudWatch retention below a year",
    prod,
    (e) => (e.logs.cloudWatchRetentionDays = 180),
    "logs.cloudWatchRetentionDays",
    "180",
    "must be >= 365 days (T12, BAS-2 traceability)",
  ],
  [
    "logs expiring the day they move to infrequent access",
    prod,
    (e) => (e.logs.expirationDays = 30),
    "logs.expirationDays",
    "30",
    "must be later than transitionToInfrequentAccessDays (STO-5)",
  ],
  [
    "a gateway on the anm. host",
    prod,
    (e) => (e.apim.gatewayGroups[0].host = "anm.apim.example.com"),
    "apim.gatewayGroups.0.host",
    '"anm.apim.example.com"',
    "must not reuse the anm./apimgmt./apimgr. hosts (K8S-10)",
  ],
  [
    "a gateway on the apimgmt. host",
    prod,
    (e) => (e.apim.gatewayGroups[1].host = "apimgmt.apim.example.com"),
    "apim.gatewayGroups.1.host",
    '"apimgmt.apim.example.com"',
    "must not reuse the anm./apimgmt./apimgr. hosts (K8S-10)",
  ],
  [
    "a gateway on the apimgr. host",
    prod,
    (e) => (e.apim.gatewayGroups[0].host = "apimgr.apim.example.com"),
    "apim.gatewayGroups.0.host",
    '"apimgr.apim.example.com"',
    "must not reuse the anm./apimgmt./apimgr. hosts (K8S-10)",
  ],
  [
    "EMT deployment in a non-HA test env",
    dev,
    (e) => (e.stage = "test"),
    "apim.gatewayGroups.0.emtDeploymentEnabled",
    "true",
    "may be true only in a non-HA dev env whose group runs exactly one replica (APIM-5)",
  ],
  [
    "two gateway groups of one name",
    prod,
    (e) => (e.apim.gatewayGroups[1].name = "public"),
    "apim.gatewayGroups.1.name",
    '"public"',
    "must be unique (GEN-6)",
  ],
  [
    "two gateway groups on one host",
    prod,
    (e) => (e.apim.gatewayGroups[1].host = "public.apim.example.com"),
    "apim.gatewayGroups.1.host",
    '"public.apim.example.com"',
    "must be unique (K8S-10)",
  ],
  [
    "a gateway group on the ANM image repository",
    prod,
    (e) => (e.apim.gatewayGroups[0].imageRepository = "apim/admin-node-manager"),
    "apim.gatewayGroups.0.imageRepository",
    '"apim/admin-node-manager"',
    "must differ from the ANM image repository (GEN-6)",
  ],
  [
    "27 hosts on the public ALB (apimgr. and 26 gateway groups)",
    dev,
    withSmallGroups(25),
    "apim.gatewayGroups",
    // The groups as JSON, cut to 77 characters.
    '[{"name":"public","imageRepository":"apim/gateway-public","initialImageTag":"...',
    "the public ALB serves 27 hosts with a certificate each; a listener takes 26 (its default and 25 more, " +
      "the Elastic Load Balancing quota): use fewer hosts, a wildcard certificate or another ALB group (K8S-10, SECU-4)",
  ],
  [
    "a gateway pod that fits no apim node",
    dev,
    (e) => (e.apim.gatewayGroups[0].sizing.resources.requests.cpu = "2"),
    "nodeGroups.apim.instanceType",
    '"m5.large"',
    // m5.large: 2000m - 70m kube-reserved = 1930m; floor(8192 x 0.925) - (11 x 29 pods + 255) - 100 = 6903 MiB;
    // the 7 DaemonSets take 305m / 400 MiB.
    "node group apim: pod gateway-public requests 2000m / 1792 MiB; a m5.large node has " +
      "1625m / 6503 MiB / 22 pods per node after DaemonSets (1930m / 6903 MiB allocatable) (K8S-8, SIZ-1)",
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

// Values at a rule's limit, which it must let through: [case, base env, mutation].
const ALLOWED: [string, EnvironmentInput, Mutation][] = [
  ["an admin CIDR of exactly /8", prod, (e) => (e.network.adminCidrs = ["10.0.0.0/8"])],
  // 75 % of ANM's 2Gi limit is 1536 MB; its 2Gi request covers 1536 + 256 MiB.
  ["an ANM heap of exactly 75 % of its limit", dev, (e) => (e.apim.anm.sizing.heapMb = 1536)],
  ["a monitoring group of one node (minSize = maxSize)", dev, (e) => (e.nodeGroups.monitoring.maxSize = 1)],
  ["desired monitoring nodes at the maximum", prod, (e) => (e.nodeGroups.monitoring.desiredSize = 2)],
  ["a gateway host at the zone's apex", prod, (e) => (e.apim.gatewayGroups[0].host = "apim.example.com")],
  ["26 hosts on the public ALB (apimgr. and 25 gateway groups)", dev, withSmallGroups(24)],
];

test.each(ALLOWED)("%s is allowed", (_name, base, mutate) => {
  expect(problemsOf(base, mutate)).toEqual([]);
});

test.each([
  ["apim", "nodeGroups.apim.instanceType"],
  ["monitoring", "nodeGroups.monitoring.instanceType"],
] as const)(
  "a %s node size that the family does not have: no address data either, both said",
  (group, field) => {
    expect(problemsOf(prod, (e) => (e.nodeGroups[group].instanceType = "m5.9xlarge"))).toEqual([
      `env "prod": ${field} = "m5.9xlarge": must be listed in lib/instance-capacity.ts so that worker subnets can be sized for it`,
      `env "prod": ${field} = "m5.9xlarge": is not an EC2 instance type (lib/instance-types.ts lists the families and sizes)`,
    ]);
  },
);

test("the ConfigError counts its problems and lists one per line", () => {
  const one = configErrorOf([variant(prod, (e) => (e.backup.retentionDays = 3))]);
  expect(one).toBeInstanceOf(Error);
  expect(one.name).toBe("ConfigError");
  expect(one.message).toBe(
    'invalid environment config (1 problem):\n  - env "prod": backup.retentionDays = 3: must be >= 7 days (BAK-1)',
  );
  const two = configErrorOf([
    variant(prod, (e) => (e.backup.retentionDays = 3)),
    variant(dev, (e) => (e.backup.retentionDays = 3)),
  ]);
  expect(two.message).toBe(
    "invalid environment config (2 problems):\n" +
      '  - env "prod": backup.retentionDays = 3: must be >= 7 days (BAK-1)\n' +
      '  - env "dev": backup.retentionDays = 3: must be >= 7 days (BAK-1)',
  );
});

test("a missing or null section is shown as such, and the checks across envs still run", () => {
  const missing = variant(prod, (e) => delete (e as Partial<EnvironmentInput>).aws);
  expect(configErrorOf([missing]).problems).toEqual([
    'env "prod": aws = (missing): Invalid input: expected object, received undefined',
  ]);
  const empty = variant(prod, (e) => ((e as { aws: unknown }).aws = null));
  expect(configErrorOf([empty]).problems).toEqual([
    'env "prod": aws = null: Invalid input: expected object, received null',
  ]);
});

test("an env that is not an object is named by its position, its problem by (config)", () => {
  expect(configErrorOf([prod, null]).problems).toEqual([
    'env "#2": (config) = null: Invalid input: expected object, received null',
  ]);
});

test("an env whose name is empty or not a string is named by its position", () => {
  expect(configErrorOf([variant(prod, (e) => (e.name = ""))]).problems).toEqual([
    'env "#1": name = "": must be 2-12 lower-case letters or digits, starting with a letter',
  ]);
  expect(configErrorOf([variant(prod, (e) => ((e as { name: unknown }).name = 42))]).problems).toEqual([
    'env "#1": name = 42: Invalid input: expected string, received number',
  ]);
});

test("two envs without a name are not duplicates of each other", () => {
  const unnamed = (base: EnvironmentInput) =>
    variant(base, (e) => delete (e as Partial<EnvironmentInput>).name);
  expect(configErrorOf([unnamed(prod), unnamed(dev)]).problems).toEqual([
    'env "#1": name = (missing): Invalid input: expected string, received undefined',
    'env "#2": name = (missing): Invalid input: expected string, received undefined',
  ]);
});

test("envs may share an account in different regions", () => {
  const devInProdAccount = variant(dev, (e) => {
    e.aws = {
      accountId: "333333333333",
      region: "eu-central-1",
      availabilityZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
      drRegion: "eu-west-1",
    };
  });
  expect(() => validateEnvironments([prod, devInProdAccount])).not.toThrow();
});

test("a value of up to 80 characters is shown whole, a longer one cut to 77 and '...'", () => {
  const arn = (n: number) => `arn:aws:iam::333333333333:role/${"a".repeat(n)}`; // 31 + n characters
  const roleNamed = (name: string) => (e: EnvironmentInput) => (e.access.adminRoleNames = [name]);
  const rule = "must be an IAM role name (not an ARN)";
  // 31 + 47 characters and two quotes: 80.
  expect(problemsOf(prod, roleNamed(arn(47)))).toEqual([
    `env "prod": access.adminRoleNames.0 = "arn:aws:iam::333333333333:role/${"a".repeat(47)}": ${rule}`,
  ]);
  // 81: the opening quote, the 31 characters of the prefix and 45 a's, then "...".
  expect(problemsOf(prod, roleNamed(arn(48)))).toEqual([
    `env "prod": access.adminRoleNames.0 = "arn:aws:iam::333333333333:role/${"a".repeat(45)}...: ${rule}`,
  ]);
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

test("an invalid env throws the ConfigError main.ts turns into exit 1", () => {
  // The run itself (exit 1, one message, nothing written): generated-output.test.ts.
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
