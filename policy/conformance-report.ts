// docs/conformance/<env>.md: every requirement id with its status for one env, and the evidence.
// Nothing is "met" without a check that passed on this env's outputs.
import { EnvironmentConfig } from "../envs/schema";
import { groupKeyspaces } from "../lib/cassandra-keyspaces";
import { PLACEMENT_CHECKS } from "./capacity-check";
import { capacityReport } from "./capacity-report";
import { chartsSection } from "./charts-report";
import { reachabilitySection } from "./reachability-report";
import { OutputFile } from "../tools/output/generated-file";
import { fluxChain } from "../gitops-src/flux-cluster";
import { FLOWS, portLabel } from "../lib/flow-table";
import { SECRETS } from "../lib/secret-inventory";
import { eventsVolumeSizing } from "../lib/storage-sizing";
import { planSubnets } from "../lib/subnet-plan";
import { TERRAFORM_CHECKS } from "./checks";
import { Evaluation, combine, evaluate } from "./evaluate";
import { MANIFEST_CHECKS } from "./manifest-checks";
import { clusterManifests } from "../tools/kustomize/cluster-manifests";
import { ReadFile } from "../tools/kustomize/kustomize-lite";
import { sampleClusterVars } from "../lib/manifests/sample-cluster-vars";
import { accessTableSection } from "./access-report";
import { loadEngine } from "./access-simulation";
import { EXEMPTIONS } from "./exemptions";
import { ManifestModel } from "./manifest-model";
import { REPOSITORY_CHECKS } from "./repository-checks";
import { RepositoryModel } from "./repository-model";
import { Exemption } from "./exemptions";
import { PROVEN_AT_RUNTIME, REQUIRED_EVIDENCE } from "./requirement-evidence";
import { BEHAVIOR_PROOFS, BEHAVIORAL_REQUIREMENTS, proofsOf } from "./behavior-evidence";
import { REQUIREMENTS } from "./requirements";
import { TerraformModel } from "./terraform-model";

export type RequirementStatus = "met" | "met with exemptions" | "partial" | "failing" | "not yet";

/** Report order, best first. */
export const STATUSES: readonly RequirementStatus[] = [
  "met",
  "met with exemptions",
  "partial",
  "failing",
  "not yet",
];

export interface RequirementRow {
  readonly id: string;
  readonly status: RequirementStatus;
  readonly evidence: string;
}

export function requirementRows(evaluation: Evaluation): RequirementRow[] {
  return REQUIREMENTS.map((req) => {
    const outcomes = evaluation.outcomes.filter((o) => o.check.requirements.includes(req.id));
    const failing = outcomes.filter((o) => o.findings.some((f) => !f.ok && !f.exemption));
    const passing = outcomes.filter((o) => o.findings.some((f) => f.ok));
    // A failure the project accepts is still a failure of the requirement's check: never plain "met".
    const exempted = outcomes.flatMap((o) =>
      o.findings
        .filter((f) => !f.ok && f.exemption)
        .map((f) => `${o.check.id} ${f.subject} (${f.exemption!.reason})`),
    );
    const exemptions = exempted.length ? `; exempted: ${exempted.join("; ")}` : "";
    if (failing.length) {
      return {
        id: req.id,
        status: "failing",
        evidence: `failing: ${failing.map((o) => o.check.id).join(", ")}`,
      };
    }
    if (!passing.length)
      // With exempted failures only, the evidence is failures the project accepts: not met either.
      return exempted.length
        ? { id: req.id, status: "partial", evidence: `no passing check; only exempted failures${exemptions}` }
        : { id: req.id, status: "not yet", evidence: "no check covers it yet" };
    const evidence = passing
      .map((o) => `${o.check.id} (${o.findings.filter((f) => f.ok).length} passed)`)
      .join(", ");
    const awaiting = (REQUIRED_EVIDENCE[req.id] ?? []).filter(
      (id) => !passing.some((o) => o.check.id === id),
    );
    const runtime = PROVEN_AT_RUNTIME[req.id] ? `; at runtime: ${PROVEN_AT_RUNTIME[req.id]}` : "";
    const proofs = proofsOf(req.id);
    const proven = proofs.length ? `; ${proofs.map((p) => `${p.kind}: ${p.id}`).join(", ")}` : "";
    const declaredOnly = BEHAVIORAL_REQUIREMENTS.includes(req.id) && !proofs.length;
    if (awaiting.length || declaredOnly) {
      const missing = [
        ...(awaiting.length ? [`awaiting ${awaiting.join(", ")}`] : []),
        ...(declaredOnly ? ["declared only: no executed or simulated proof of its behavior yet"] : []),
      ];
      return {
        id: req.id,
        status: "partial",
        evidence: `${evidence}${proven}; ${missing.join("; ")}${runtime}${exemptions}`,
      };
    }
    return {
      id: req.id,
      status: exempted.length ? "met with exemptions" : "met",
      evidence: `${evidence}${proven}${runtime}${exemptions}`,
    };
  });
}

function storageLines(env: EnvironmentConfig): string[] {
  const events = eventsVolumeSizing(env);
  return [
    "| Component | Kind | Size | How |",
    "|---|---|---|---|",
    `| Cassandra | dedicated, EBS gp3, one per node | ${env.cassandra.nodeCount} x ${env.cassandra.volumeSizeGb} GB | encrypted, final snapshot, daily backup |`,
    `| MySQL (RDS) | dedicated, gp3, Multi-AZ | ${env.mysql.allocatedStorageGb} GB, autoscaling to ${env.mysql.maxAllocatedStorageGb} GB | ${env.mysql.backupRetentionDays} days of automated backups |`,
    `| Events (EFS) | shared, ReadWriteMany | ${events.totalGb} GB requested | ${events.perGatewayGb} GB max disk space x ${events.maxReplicas} max gateway replicas + 1 GB (STO-4) |`,
    `| Logs (S3) | dedicated | grows with use | infrequent access after ${env.logs.transitionToInfrequentAccessDays} days, expiry after ${env.logs.expirationDays} days |`,
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The checks that read no Terraform: the manifests Flux applies to the env's cluster, their
 * placement on its node groups, and the repository's pipeline and runbooks. main.ts runs them
 * while the stacks synthesize. */
export function evaluateWithoutTerraform(
  env: EnvironmentConfig,
  manifests: ManifestModel,
  repository: RepositoryModel,
  exemptions: readonly Exemption[],
): Evaluation {
  return combine(
    evaluate(MANIFEST_CHECKS, manifests, exemptions),
    evaluate(PLACEMENT_CHECKS, { env, manifests }, exemptions),
    evaluate(REPOSITORY_CHECKS, repository, exemptions),
  );
}

/** Every check of the project over one env's Terraform, the manifests Flux applies to its cluster,
 * and the repository's pipeline and runbooks (`withoutTerraform`: those not reading Terraform,
 * evaluated already). */
export function evaluateEnvironment(
  env: EnvironmentConfig,
  terraform: TerraformModel,
  manifests: ManifestModel,
  repository: RepositoryModel,
  exemptions: readonly Exemption[],
  withoutTerraform = evaluateWithoutTerraform(env, manifests, repository, exemptions),
): Evaluation {
  const envModel = terraform.filter((stack) => stack.startsWith(`${env.name}-`));
  return combine(evaluate(TERRAFORM_CHECKS, envModel, exemptions), withoutTerraform);
}

/** One env's standing: the counts per status and, for each failing requirement, what fails it. */
export interface ConformanceSummary {
  readonly env: string;
  readonly counts: Readonly<Record<RequirementStatus, number>>;
  /** "<requirement>: <check> <subject>: <message>", one line per failing finding. */
  readonly failing: readonly string[];
}

export function summarize(
  env: string,
  evaluation: Evaluation,
  rows: readonly RequirementRow[],
): ConformanceSummary {
  const counts = Object.fromEntries(
    STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]),
  ) as Record<RequirementStatus, number>;
  const failing = rows
    .filter((r) => r.status === "failing")
    .flatMap((r) =>
      evaluation.outcomes
        .filter((o) => o.check.requirements.includes(r.id))
        .flatMap((o) =>
          o.findings
            .filter((f) => !f.ok && !f.exemption)
            .map((f) => `${r.id}: ${o.check.id} ${f.subject}: ${f.message}`),
        ),
    );
  return { env, counts, failing };
}

/** "prod: 55 met, 3 met with exemptions, 6 partial, 0 failing, 0 not yet" and the failing lines under it. */
export function summaryLines(summary: ConformanceSummary): string[] {
  const { counts } = summary;
  return [
    `${summary.env}: ${STATUSES.map((s) => `${counts[s]} ${s}`).join(", ")}` +
      ` (docs/conformance/${summary.env}.md)`,
    ...summary.failing.map((line) => `  failing ${line}`),
  ];
}

export function conformanceReport(
  env: EnvironmentConfig,
  terraform: TerraformModel,
  manifests: ManifestModel,
  repository: RepositoryModel,
  exemptions: readonly Exemption[],
  withoutTerraform?: Evaluation,
): { file: OutputFile; summary: ConformanceSummary } {
  const evaluation = evaluateEnvironment(env, terraform, manifests, repository, exemptions, withoutTerraform);
  const rows = requirementRows(evaluation);
  const byId = new Map(REQUIREMENTS.map((r) => [r.id, r]));
  const count = (s: RequirementStatus) => rows.filter((r) => r.status === s).length;
  const lines = [
    `# Conformance: ${env.name}`,
    "",
    `Stage ${env.stage}, ${env.highAvailability ? "HA in" : "non-HA, still"} ${env.aws.availabilityZones.join(", ")} ` +
      `(${env.aws.region}; DR region ${env.aws.drRegion}).`,
    `Requirements: ${STATUSES.map((s) => `${count(s)} ${s}`).join(", ")}, of ${rows.length}.`,
    "Met: every check the requirement needs passed on this env's output and, where its correctness is behavior, a proof",
    "executed or simulated that behavior (listed below). Met with exemptions: the same, except for failures the project",
    "accepts (named in the evidence, with the reason; see Exemptions). Partial: some evidence is missing, and says which.",
    "",
    "| Requirement | Level | Title | Status | Evidence |",
    "|---|---|---|---|---|",
    ...rows.map((r) => {
      const req = byId.get(r.id)!;
      return `| ${r.id} | ${req.level} | ${cell(req.title)} | ${r.status} | ${cell(r.evidence)} |`;
    }),
    "",
    "## Checks",
    "",
    "| Check | Title | Serves | Passed | Failed | Exempt |",
    "|---|---|---|---|---|---|",
    ...evaluation.outcomes.map((o) => {
      const n = (pred: (f: (typeof o.findings)[number]) => boolean) => o.findings.filter(pred).length;
      return `| ${o.check.id} | ${cell(o.check.title)} | ${o.check.requirements.join(", ")} | ${n((f) => f.ok)} | ${n((f) => !f.ok && !f.exemption)} | ${n((f) => !!f.exemption)} |`;
    }),
    "",
    "## Proofs that execute or simulate behavior",
    "",
    "The checks above read the configuration as declared. These tests of `npm test` run or simulate what it does:",
    "",
    "| Proof | Kind | What | Serves | Test |",
    "|---|---|---|---|---|",
    ...BEHAVIOR_PROOFS.map(
      (p) => `| ${p.id} | ${p.kind} | ${cell(p.what)} | ${p.requirements.join(", ")} | \`${p.test}\` |`,
    ),
    "",
    "## Exemptions",
    "",
    ...(evaluation.outcomes.some((o) => o.findings.some((f) => f.exemption))
      ? evaluation.outcomes.flatMap((o) =>
          o.findings
            .filter((f) => f.exemption)
            .map((f) => `- ${o.check.id} \`${f.subject}\`: ${f.exemption!.reason}`),
        )
      : ["None."]),
    "",
    "## Network (NET-1, HA-1)",
    "",
    `VPC ${env.network.vpcCidr}, subnets computed from it (\`lib/subnet-plan.ts\`):`,
    "",
    "| Tier | " + env.aws.availabilityZones.join(" | ") + " | usable addresses each |",
    "|---|---|---|---|---|",
    ...(["frontend", "bastion", "controlPlane", "workers", "data"] as const).map((tier) => {
      const subnets = planSubnets(env.network.vpcCidr).filter((s) => s.tier === tier);
      return `| ${tier} | ${subnets.map((s) => s.cidr).join(" | ")} | ${subnets[0].usableAddresses} |`;
    }),
    "",
    "## Storage (STO-1..5)",
    "",
    ...storageLines(env),
    "",
    "## Secrets (SEC-3, SEC-5)",
    "",
    "| Secret | Value | Received by |",
    "|---|---|---|",
    ...SECRETS.map(
      (s) =>
        `| \`apim/${env.name}/${s.key}\` | ${s.source === "generated" ? "generated (never in state)" : "set by the operator"} | ${s.consumers.join(", ") || "image build"} |`,
    ),
    "",
    "## Reachability, end to end (NET-2, K8S-3, LB-1, GEN-7, GEN-8)",
    "",
    ...reachabilitySection(env, terraform, manifests.objects),
    "",
    "## Pinned charts (GEN-8, K8S-8, LOG-1)",
    "",
    ...chartsSection(env),
    "",
    "## Capacity and placement (K8S-5, K8S-8, K8S-9, SIZ-1, HA-1)",
    "",
    ...capacityReport(env, manifests),
    "",
    "## Cassandra keyspaces (APIM-7)",
    "",
    "One keyspace and one throttling keyspace per gateway group, replicated x3. Create them (and again after",
    "adding a group) from the bastion:",
    "",
    "```sh",
    `apim-cassandra-post-bootstrap ${env.name} ${env.aws.region} ${env.apim.gatewayGroups.map((g) => g.name).join(" ")}`,
    "```",
    "",
    "| Gateway group | Keyspace | Throttling keyspace |",
    "|---|---|---|",
    ...env.apim.gatewayGroups.map((g) => {
      const k = groupKeyspaces(g.name);
      return `| ${g.name} | ${k.keyspace} | ${k.throttling} |`;
    }),
    "",
    "## Firewall: the flow table (NET-2, NET-3)",
    "",
    "Every security group rule is generated from these rows and names its row; check P3 proves rules and rows",
    "match both ways. NACLs are left at their defaults on purpose: see `docs/network.md`.",
    "",
    "| Flow | Origin | From | To | Protocol | Ports | Description | Why |",
    "|---|---|---|---|---|---|---|---|",
    ...FLOWS.map((f) => {
      const enabled = !f.optIn || (f.optIn === "bastionSsh" && env.bastion.sshIngress);
      const ports = f.ports.map(portLabel).join(", ");
      return `| ${f.id} | ${f.origin} | ${f.from} | ${f.to} | ${f.protocol} | ${ports} | ${cell(f.description)}${enabled ? "" : " (opt-in, off)"} | ${cell(f.reason ?? "")} |`;
    }),
    "",
    ...accessTableSection(env, terraform),
    "## Flux reconciliation chain",
    "",
    ...fluxChain(env).map(
      (k) =>
        `- \`${k.name}\` (${k.path})${k.dependsOn.length ? ` after ${k.dependsOn.map((d) => `\`${d}\``).join(", ")}` : ""}`,
    ),
    "",
  ];
  return {
    file: { path: `${env.name}.md`, ownership: "generated", body: lines.join("\n") },
    summary: summarize(env.name, evaluation, rows),
  };
}

/** The report of every env: its Terraform, the manifests Flux builds from the tree, the repository. */
/** What each env's cluster would apply, built from the generated gitops/ as Flux builds it. */
export function manifestModels(envs: readonly EnvironmentConfig[], read: ReadFile): ManifestModel[] {
  return envs.map((env) => {
    const built = clusterManifests(env.name, read, sampleClusterVars(env));
    if (built.missingVars.length) {
      throw new Error(
        `gitops for ${env.name} uses variables cluster-vars does not define: ${built.missingVars.join(", ")}`,
      );
    }
    return new ManifestModel(env.name, built.objects);
  });
}

/**
 * What the reports can work out before the Terraform exists, in the order of envs: the checks that
 * read no Terraform. The IAM engine is loaded on the way. main.ts calls it while the stacks
 * synthesize and hands each env's to conformanceReport once that env's stacks are written.
 */
export function reportsAhead(
  envs: readonly EnvironmentConfig[],
  manifests: readonly ManifestModel[],
  repository: RepositoryModel,
): Evaluation[] {
  loadEngine();
  return envs.map((env, i) => evaluateWithoutTerraform(env, manifests[i]!, repository, EXEMPTIONS));
}
