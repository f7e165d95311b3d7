// What the conformance report may claim beyond the checks. The checks read the configuration we
// wrote ("declared"); a requirement whose correctness is behavior (a script that boots, a policy
// that admits, a rule AWS accepts, a command that reaches Terraform) is "met" only when a proof
// ran or simulated that behavior. The proofs are tests of `npm test`, which CI runs on every
// change: the report names them, and a test keeps this table and the test files in step.
import { ACCESS_TABLE } from "../lib/access-table";

export type ProofKind = "executed" | "simulated";

export interface BehaviorProof {
  readonly id: string;
  readonly kind: ProofKind;
  /** The jest file that holds the proof. */
  readonly test: string;
  readonly what: string;
  readonly requirements: readonly string[];
}

export const BEHAVIOR_PROOFS: readonly BehaviorProof[] = [
  {
    id: "cassandra-boot",
    kind: "executed",
    test: "test/cassandra-boot.test.ts",
    what: "each Cassandra node's user data, decoded from the synthesized Terraform, run with bash in a sandbox (AWS, disks and systemd stubbed, a real release tarball): it configures the ring, waits for the operator's TLS secret and never reformats a volume",
    requirements: ["APIM-7", "GEN-3", "STO-2", "SECU-2"],
  },
  {
    id: "operator-scripts",
    kind: "executed",
    test: "test/operator-scripts.test.ts",
    what: "the bastion's Cassandra and MySQL scripts run with recording stubs: RF 3, roles, repair, the metrics user, and no password on any command line",
    requirements: ["APIM-7", "SQL-1", "SEC-3", "BAS-1"],
  },
  {
    id: "bastion-boot",
    kind: "executed",
    test: "test/bastion-boot.test.ts",
    what: "the bastion's user data, decoded from the synthesized Terraform, run in the sandbox: within EC2's size limit, the admin tools and the operator scripts installed",
    requirements: ["GEN-2", "BAS-1"],
  },
  {
    id: "access-table",
    kind: "simulated",
    test: "test/access-table.test.ts",
    what: "every row of the access table (lib/access-table.ts) evaluated both ways with an IAM policy engine against the synthesized identity, bucket, key, file-system, secret and registry policies",
    // The rows name their requirements; the node pull row also proves the cluster pulls (GEN-4).
    requirements: [...new Set([...ACCESS_TABLE.map((r) => r.requirement), "GEN-4"])].sort(),
  },
  {
    id: "controller-policies",
    kind: "simulated",
    test: "test/controller-reference-policies.test.ts",
    what: "each controller's pod-identity policy grants what the controller's upstream reference policy grants, except narrowings kept as data and proven to deny",
    requirements: ["K8S-2", "K8S-8", "LB-1", "LOG-1", "STO-5", "GEN-7"],
  },
  {
    id: "deploy-path",
    kind: "executed",
    test: "test/deploy-path.test.ts",
    what: "the deploy commands of the README, the first-deployment runbook and the deploy workflow run through the real cdktf CLI with a recording stand-in terraform: each reaches Terraform for its stack, in deploy order; the platform stack through scripts/cluster-tunnel.sh, executed with AWS stubs",
    requirements: ["GEN-8", "GEN-1", "BAS-1"],
  },
  {
    id: "terraform-plan",
    kind: "executed",
    test: "test/terraform-plan.test.ts",
    what: "terraform validate and plan of every AWS stack of every env, offline, with the real AWS provider",
    requirements: ["GEN-5", "HA-1", "NET-1", "SIZ-1", "STO-1", "STO-3", "BAK-1", "DR-1"],
  },
  {
    id: "kustomize-build",
    kind: "executed",
    test: "test/gitops-build.test.ts",
    what: "kustomize build of every Flux path and overlay, validated against the Kubernetes and Flux schemas, with Flux's variable substitution",
    requirements: ["GEN-8", "K8S-4", "K8S-13", "APIM-1", "APIM-2", "APIM-3", "APIM-4", "APIM-6"],
  },
  {
    id: "security-group-permissions",
    kind: "simulated",
    test: "test/network.test.ts",
    what: "every security-group rule as AWS compares permissions (no duplicate AWS would refuse) and the flow table both ways",
    requirements: ["NET-2", "NET-3", "SECU-1"],
  },
  {
    id: "internal-alb",
    kind: "simulated",
    test: "test/internal-alb.test.ts",
    what: "the internal ALB's own group admits only the admin CIDRs and the bastion; the controller's rule that security-groups overrides inbound-cidrs",
    requirements: ["SECU-1", "K8S-12", "LB-2"],
  },
  {
    id: "alb-reachability",
    kind: "simulated",
    test: "test/alb-reachability.test.ts",
    what: "each ALB's subnets as the load balancer controller discovers them (by tag, from the synthesized network stack) against the NetworkPolicies of the pods behind its Ingresses, on their target ports",
    requirements: ["LB-1", "LB-2"],
  },
  {
    id: "reachability",
    kind: "simulated",
    test: "test/reachability.test.ts",
    what: "the required flows (ALBs to pods, ANM and gateways both ways, pods to Cassandra and MySQL, nodes to EFS, AWS APIs and the Flux Git port) through the security groups of both ends and the pods' NetworkPolicies, the ALBs in the subnets the controller discovers; every other pair denied (table in this report)",
    requirements: ["NET-2", "K8S-3", "LB-1", "GEN-7", "GEN-8"],
  },
  {
    id: "pod-flows",
    kind: "simulated",
    test: "test/pod-flows.test.ts",
    what: "the pod-to-pod flows of the APIM namespace through the NetworkPolicies at both ends: every flow the product needs is allowed, every other pair of workloads and declared port is denied",
    requirements: ["K8S-3"],
  },
  {
    id: "wait-for",
    kind: "executed",
    test: "test/wait-for.test.ts",
    what: "the init containers' wait scripts from the built manifests, run with bash: a pod starts with one Cassandra node down and waits without a quorum",
    requirements: ["APIM-7", "HA-1"],
  },
  {
    id: "capacity",
    kind: "simulated",
    test: "test/capacity.test.ts",
    what: "node allocatable from the instance types and EKS's reservations, DaemonSets, every pod's requests, HPA maxima, rolling surges and one zone down, packed onto the node groups per zone",
    requirements: ["K8S-5", "K8S-8", "K8S-9", "SIZ-1", "HA-1"],
  },
  {
    id: "chart-values",
    kind: "simulated",
    test: "test/chart-values.test.ts",
    what: "every HelmRelease's values against the pinned chart's values.yaml and values.schema.json (kept with provenance), the app version line of each image, and the ClusterRole rules the controllers need",
    requirements: ["GEN-8", "K8S-8", "LOG-1"],
  },
  {
    id: "rollouts",
    kind: "simulated",
    test: "test/rollouts.test.ts",
    what: "readiness gate injection, ALB deregistration within the pods' grace period behind a preStop pause, no Job Flux would recreate, and a root Kustomization that waits for its chain",
    requirements: ["K8S-14", "MNT-1"],
  },
  {
    id: "waf-bodies",
    kind: "simulated",
    test: "test/waf.test.ts",
    what: "the public web ACL against the load test's request bodies and the managed rules' documented size limits",
    requirements: ["K8S-12", "PERF-1"],
  },
  {
    id: "unresolved-tokens",
    kind: "simulated",
    test: "test/unresolved-tokens.test.ts",
    what: "every string synth writes (base64 values decoded, gitops/, reports) is free of unresolved cdktf tokens",
    requirements: ["GEN-8"],
  },
];

/**
 * Requirements whose correctness is behavior at deploy or run time: passing checks over the
 * declared configuration are not enough to call them met.
 */
export const BEHAVIORAL_REQUIREMENTS: readonly string[] = [
  "GEN-2",
  "GEN-3",
  "GEN-4",
  "GEN-7",
  "GEN-8",
  "SEC-1",
  "SEC-3",
  "SEC-5",
  "BAS-1",
  "NET-2",
  "NET-3",
  "K8S-2",
  "K8S-3",
  "K8S-8",
  "K8S-12",
  "APIM-7",
  "SECU-1",
  "LOG-1",
  "STO-5",
];

export function proofsOf(requirement: string): BehaviorProof[] {
  return BEHAVIOR_PROOFS.filter((p) => p.requirements.includes(requirement));
}
