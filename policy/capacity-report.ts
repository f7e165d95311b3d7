// The capacity section of an env's conformance report (K8S-8, K8S-9, SIZ-1, HA-1): node
// allocatable, the DaemonSets every node pays for, the pods of each node group and the checks of
// lib/capacity.ts with their numbers. Markdown lines, without the section heading.
import { EnvironmentConfig } from "../envs/schema";
import { DAEMONSETS, envCapacity, zoneSizes } from "../lib/capacity";
import { EVICTION_HARD_MEMORY_MIB, VM_MEMORY_OVERHEAD } from "../lib/instance-capacity";
import { ManifestModel } from "./manifest-model";
import { workloadDemands } from "./workload-demands";

/** A markdown table row; a `|` inside a cell is escaped so that the row keeps its cells. */
function row(...cells: (string | number)[]): string {
  return `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
}

const cores = (milli: number) => `${milli}m`;
const mib = (n: number) => `${n} MiB`;

/**
 * Markdown tables of an env's capacity and placement, and the result of every check: of the pods
 * its built manifests run when given (what P32 judges), else of its config alone.
 */
export function capacityReport(env: EnvironmentConfig, manifests?: ManifestModel): string[] {
  const { groups, findings } = envCapacity(env, manifests && workloadDemands(manifests.objects).demands);
  const sizes = (name: "apim" | "monitoring") => {
    const g = env.nodeGroups[name];
    return name === "apim"
      ? `${g.minSize}-${g.maxSize} (one group per zone: ${zoneSizes(g)
          .map((z) => `${z.minSize}-${z.maxSize}`)
          .join(" / ")})`
      : `${g.minSize}-${g.maxSize} (one group in ${env.aws.availabilityZones[0]}, with Prometheus's volume)`;
  };
  return [
    `Allocatable per node (EKS AMI): CPU = vCPUs x 1000m - kube-reserved (6 % of core 1, 1 % of core 2, 0.5 % of cores 3-4, 0.25 % of the rest); ` +
      `memory = instance memory x ${1 - VM_MEMORY_OVERHEAD} (kernel) - kube-reserved (11 MiB x max pods + 255 MiB) - ${EVICTION_HARD_MEMORY_MIB} MiB hard eviction; ` +
      `max pods = ENIs x (IPs per ENI - 1) + 2, at most 110. Every node also runs the DaemonSets: ` +
      DAEMONSETS.map((d) => `${d.name} ${cores(d.requests.cpuMilli)} / ${mib(d.requests.memoryMib)}`).join(
        ", ",
      ) +
      ".",
    "",
    "| Node group | Instance | Nodes min-max | Allocatable per node | DaemonSets per node | Free per node |",
    "|---|---|---|---|---|---|",
    ...groups.map(({ group, shape }) =>
      row(
        group.name,
        group.instanceType,
        sizes(group.name),
        `${cores(shape.node.cpuMilli)} / ${mib(shape.node.allocatableMemoryMib)} / ${shape.node.maxPods} pods`,
        `${cores(shape.daemonSets.cpuMilli)} / ${mib(shape.daemonSets.memoryMib)} / ${shape.daemonSets.pods} pods`,
        `${cores(shape.free.cpuMilli)} / ${mib(shape.free.memoryMib)} / ${shape.free.pods} pods`,
      ),
    ),
    "",
    "| Pod | Node group | Request per pod | Replicas min-max | Zone spread | Kept with a zone down | Rolling surge |",
    "|---|---|---|---|---|---|---|",
    ...groups.flatMap(({ group, demands }) =>
      demands.map((d) =>
        row(
          d.name,
          group.name,
          `${cores(d.requests.cpuMilli)} / ${mib(d.requests.memoryMib)}`,
          `${d.minReplicas}-${d.maxReplicas}`,
          d.zoneSpread === "hard" ? "DoNotSchedule" : "soft",
          d.keep,
          d.maxSurge,
        ),
      ),
    ),
    "",
    "| Check | Subject | Result | Numbers |",
    "|---|---|---|---|",
    ...findings.map((f) =>
      row(f.check, f.group, f.ok ? "fits" : f.skipped ? "not evaluated" : "**does not fit**", f.message),
    ),
  ];
}
