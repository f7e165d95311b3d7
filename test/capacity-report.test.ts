// The capacity section of the conformance report (policy/capacity-report.ts), rendered from one
// config whose numbers are worked out here by hand: the EKS allocatable formula of an m5.large
// (2 vCPUs, 8 GiB, 3 ENIs of 10 addresses: 1930m, 6903 MiB, 29 pods), the seven DaemonSets every
// node pays for (305m / 400 MiB), the node groups' sizes with the zonal group split per zone, a
// row per pod with its zone spread, and a row per check with its result, a failing check marked
// and a `|` inside any free-text cell escaped so that the markdown table keeps its cells.
import { prod } from "../envs/prod";
import { EnvironmentConfig } from "../envs/schema";
import { validateEnvironments } from "../envs/validate";
import { CLUSTER_PODS, envCapacity } from "../lib/capacity";
import { capacityReport } from "../policy/capacity-report";

/** prod's config (m5.large groups, zones eu-west-1a/b/c, gateways public 3-12 and partner 3-6),
 * with 4 apim nodes at least so that the per-zone split is uneven (2 / 1 / 1). */
function config(change: (env: EnvironmentConfig) => void = () => undefined): EnvironmentConfig {
  const env = structuredClone(validateEnvironments([prod])[0]);
  env.nodeGroups.apim.minSize = 4;
  env.nodeGroups.apim.desiredSize = 4;
  change(env);
  return env;
}

/** The cells of a markdown table row: split on every `|` that is not escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

const M5_LARGE = "1930m / 6903 MiB / 29 pods | 305m / 400 MiB / 7 pods | 1625m / 6503 MiB / 22 pods";

describe("the capacity section", () => {
  const lines = capacityReport(config());
  const podRows = 4 + CLUSTER_PODS.length; // ANM, API Manager, two gateway groups, the cluster's pods
  const checks = lines.slice(9 + podRows + 3);

  test("the allocatable formula and the DaemonSets every node runs head the section", () => {
    expect(lines[0]).toBe(
      "Allocatable per node (EKS AMI): CPU = vCPUs x 1000m - kube-reserved (6 % of core 1, 1 % of core 2, " +
        "0.5 % of cores 3-4, 0.25 % of the rest); memory = instance memory x 0.925 (kernel) - kube-reserved " +
        "(11 MiB x max pods + 255 MiB) - 100 MiB hard eviction; max pods = ENIs x (IPs per ENI - 1) + 2, " +
        "at most 110. Every node also runs the DaemonSets: aws-node 50m / 0 MiB, kube-proxy 100m / 0 MiB, " +
        "eks-pod-identity-agent 25m / 64 MiB, ebs-csi-node 30m / 120 MiB, efs-csi-node 30m / 120 MiB, " +
        "fluent-bit 50m / 64 MiB, prometheus-node-exporter 20m / 32 MiB.",
    );
  });

  test("a node group row: instance, sizes (the zonal group per zone), allocatable, DaemonSets and what is left", () => {
    expect(lines.slice(1, 7)).toEqual([
      "",
      "| Node group | Instance | Nodes min-max | Allocatable per node | DaemonSets per node | Free per node |",
      "|---|---|---|---|---|---|",
      `| apim | m5.large | 4-12 (one group per zone: 2-4 / 1-4 / 1-4) | ${M5_LARGE} |`,
      `| monitoring | m5.large | 1-2 (one group in eu-west-1a, with Prometheus's volume) | ${M5_LARGE} |`,
      "",
    ]);
  });

  test("a pod row: group, request, replicas, DoNotSchedule for the gateways' spread, PDB minimum and surge", () => {
    expect(lines.slice(7, 13)).toEqual([
      "| Pod | Node group | Request per pod | Replicas min-max | Zone spread | Kept with a zone down | Rolling surge |",
      "|---|---|---|---|---|---|---|",
      // Singletons: one replica, replaced in place, no budget.
      "| admin-node-manager | apim | 1000m / 2048 MiB | 1-1 | soft | 1 | 0 |",
      "| api-manager | apim | 500m / 1280 MiB | 1-1 | soft | 1 | 0 |",
      // Gateways: the PDB lets one go (3 - 1), maxSurge 25 % of the maximum, rounded up.
      "| gateway-public | apim | 500m / 1792 MiB | 3-12 | DoNotSchedule | 2 | 3 |",
      "| gateway-partner | apim | 500m / 1792 MiB | 3-6 | DoNotSchedule | 2 | 2 |",
    ]);
    expect(lines).toContain("| coredns | apim | 100m / 70 MiB | 2-2 | soft | 2 | 0 |");
    // Prometheus with the operator's sidecar (10m / 50 MiB).
    expect(lines).toContain("| prometheus | monitoring | 510m / 2098 MiB | 1-1 | soft | 1 | 0 |");
    expect(lines[9 + podRows]).toBe("");
  });

  test("a row per check with its subject, its result and its numbers", () => {
    expect(lines.slice(9 + podRows + 1, 9 + podRows + 3)).toEqual([
      "| Check | Subject | Result | Numbers |",
      "|---|---|---|---|",
    ]);
    expect(checks).toHaveLength(9); // four checks of each node group, the Cassandra quorum
    expect(checks[0]).toBe(
      "| pod fits a node | apim | fits | node group apim: largest pod admin-node-manager fits; " +
        "1625m / 6503 MiB / 22 pods per node after DaemonSets (1930m / 6903 MiB allocatable) |",
    );
    // Three nodes, one per zone, RF 3: a zone down leaves 2 nodes and 2 replicas, quorum 2.
    expect(checks[8]).toBe(
      "| Cassandra quorum | cassandra | fits | cassandra: 3 nodes, RF 3: with one zone down 2 nodes and 2 " +
        "replicas of every range remain, quorum is 2 (APIM-7, HA-1) |",
    );
    expect(checks.every((row) => cells(row)[2] === " fits ")).toBe(true);
  });

  test("a check that fails is marked as not fitting, with its numbers", () => {
    // 9 apim nodes hold the gateways' maxima but not the 3 extra pods of a rolling update.
    const env = config((e) => (e.nodeGroups.apim.maxSize = 9));
    const rolling = envCapacity(env).findings.find(
      (f) => f.group === "apim" && f.check === "rolling update",
    )!;
    expect(rolling.ok).toBe(false);
    expect(capacityReport(env)).toContain(
      `| rolling update | apim | **does not fit** | ${rolling.message} |`,
    );
  });

  test("a | inside a message is escaped, so the row keeps its four cells", () => {
    const env = config((e) => {
      const g = e.apim.gatewayGroups[0];
      g.name = "a|b";
      g.sizing = {
        ...g.sizing,
        resources: { ...g.sizing.resources, requests: { cpu: "500m", memory: "8Gi" } },
      };
    });
    const row = capacityReport(env).find((l) => l.startsWith("| pod fits a node | apim |"))!;
    expect(row).toBe(
      "| pod fits a node | apim | **does not fit** | node group apim: pod gateway-a\\|b requests 500m / 8192 MiB; " +
        "a m5.large node has 1625m / 6503 MiB / 22 pods per node after DaemonSets (1930m / 6903 MiB allocatable) " +
        "(K8S-8, SIZ-1) |",
    );
    expect(cells(row)).toHaveLength(4);
  });

  test("a | in any free-text cell is escaped, not only in the numbers: every row keeps its header's cells", () => {
    const lines = capacityReport(config((e) => (e.apim.gatewayGroups[0].name = "a|b")));
    expect(lines).toContain("| gateway-a\\|b | apim | 500m / 1792 MiB | 3-12 | DoNotSchedule | 2 | 3 |");
    // Each table: its header, its separator, then rows up to the blank line.
    const tables = lines.flatMap((l, i) => (l.startsWith("|") && !lines[i - 1].startsWith("|") ? [i] : []));
    expect(tables).toHaveLength(3);
    for (const start of tables) {
      const width = cells(lines[start]).length;
      const end = lines.indexOf("", start);
      const rows = lines.slice(start, end < 0 ? undefined : end);
      expect(rows.filter((r) => cells(r).length !== width)).toEqual([]);
    }
  });
});
