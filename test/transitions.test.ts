// Config transitions the review refuses: each rule has its own bad case with the message it must
// produce, and a good case of the same field that passes.
import { describeTransition, refusedTransitions } from "../envs/transitions";

type Json = Record<string, unknown>;

/** A deployed env as the rules read it; values are the example envs' (handwritten, not imported). */
function deployed(): Json {
  return {
    name: "prod",
    kubernetes: { version: "1.33" },
    cassandra: { nodeCount: 3, instanceType: "m5.large", volumeSizeGb: 50 },
    mysql: { allocatedStorageGb: 100 },
  };
}

function changed(edit: (env: Json & Record<string, Json>) => void): Json {
  const env = deployed() as Json & Record<string, Json>;
  edit(env);
  return env;
}

const refusals = (head: Json) => refusedTransitions([deployed()], [head]).map(describeTransition);

test.each([
  [
    "a smaller Cassandra volume",
    changed((e) => (e.cassandra.volumeSizeGb = 40)),
    "prod: cassandra.volumeSizeGb 50 -> 40: an EBS volume cannot shrink; grow it, or migrate the ring to new volumes",
  ],
  [
    "less database storage",
    changed((e) => (e.mysql.allocatedStorageGb = 80)),
    "prod: mysql.allocatedStorageGb 100 -> 80: RDS cannot reduce allocated storage; restore a snapshot into a new instance instead",
  ],
  [
    "a Kubernetes downgrade",
    changed((e) => (e.kubernetes.version = "1.32")),
    `prod: kubernetes.version "1.33" -> "1.32": EKS cannot downgrade a cluster's Kubernetes version`,
  ],
  [
    "a skipped Kubernetes minor",
    changed((e) => (e.kubernetes.version = "1.35")),
    'prod: kubernetes.version "1.33" -> "1.35": EKS upgrades one minor version at a time: go to 1.34 first',
  ],
])("refused: %s", (_, head, message) => {
  expect(refusals(head)).toEqual([message]);
});

test("the ring's instance type, all nodes at once: refused with the rolling procedure, acceptable by decision", () => {
  const [t] = refusedTransitions([deployed()], [changed((e) => (e.cassandra.instanceType = "r5.large"))]);
  expect(describeTransition(t)).toMatch(
    /^prod: cassandra\.instanceType "m5\.large" -> "r5\.large": every Cassandra node would be stopped and changed at once.*docs\/runbooks\/cassandra-rolling-change\.md/,
  );
  expect(t.acceptable).toBe(true);
});

test.each([
  ["a larger volume", changed((e) => (e.cassandra.volumeSizeGb = 60))],
  ["more database storage", changed((e) => (e.mysql.allocatedStorageGb = 120))],
  ["a one-minor upgrade", changed((e) => (e.kubernetes.version = "1.34"))],
  ["another node count", changed((e) => (e.cassandra.nodeCount = 5))],
  ["no change", deployed()],
])("allowed: %s", (_, head) => {
  expect(refusals(head)).toEqual([]);
});

test("a field one side does not have is not a transition (a field added to or removed from the config)", () => {
  const added = deployed() as Json & Record<string, Json>;
  delete added.cassandra.instanceType;
  expect(refusedTransitions([added], [deployed()]).map(describeTransition)).toEqual([]);
  expect(refusedTransitions([deployed()], [added]).map(describeTransition)).toEqual([]);
});

test("each env is compared with its own deployed config, whatever the order", () => {
  const dev = { ...deployed(), name: "dev", cassandra: { volumeSizeGb: 20, instanceType: "t3.large" } };
  const grownDev = { ...dev, cassandra: { volumeSizeGb: 30, instanceType: "t3.large" } };
  expect(refusedTransitions([deployed(), dev], [grownDev, deployed()]).map(describeTransition)).toEqual([]);
  expect(
    refusedTransitions([dev, deployed()], [changed((e) => (e.cassandra.volumeSizeGb = 40))]).map(
      describeTransition,
    ),
  ).toEqual([
    "prod: cassandra.volumeSizeGb 50 -> 40: an EBS volume cannot shrink; grow it, or migrate the ring to new volumes",
  ]);
});

test("a new env has nothing deployed to change from", () => {
  expect(refusedTransitions([], [changed((e) => (e.cassandra.volumeSizeGb = 1))])).toEqual([]);
});
