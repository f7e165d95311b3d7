// Checks a requirement needs before the report calls it met. A requirement listed here with
// checks that do not exist yet, or that judged nothing for the env, is "partial": the passing
// checks show progress without claiming the whole requirement. Requirements not listed are met
// by any passing check that serves them.
export const REQUIRED_EVIDENCE: Readonly<Record<string, readonly string[]>> = {
  "HA-1": ["R8", "R4", "T8", "T25", "T38"], // zones, Cassandra, nodes, RDS, EFS
  "BAK-1": ["R1", "R2", "R3", "R5", "R7", "T33", "P2"], // protected, snapshots, EFS, Backup copy, state, images
  "DR-1": ["R7", "P2", "T36"], // backup copies, registry replicas, state replica
  "SEC-3": ["T1", "T34", "T39", "T40"], // EKS envelope, S3, KMS, Secrets Manager
  "GEN-3": ["T15", "T38"], // EBS per node, EFS shared
  "GEN-4": ["T37"],
  "K8S-2": ["T5", "T11"], // access entries, pod identity
  "SECU-1": ["P5", "T18", "T16"],
  "SEC-5": ["P8", "K28"], // the secrets exist; pods receive exactly theirs
  "GEN-7": ["T38", "K31", "P16"], // the file system; the storage class; the RWX claim mounted by ANM and gateways
  "K8S-3": ["K25", "T10"], // policies, and the CNI that enforces them
  "K8S-4": ["K11", "K29", "P15"], // labels, namespaced objects, every APIM object in the APIM namespace
  "SECU-3": ["K11", "K1", "K6"], // restricted namespaces, non-root and unprivileged containers
  "GEN-5": ["P20", "P24", "P25"], // infrastructure, monitoring, pipelines
  "GEN-8": ["P14", "K32"], // Flux installed and synced; Flux objects sane
  "LOG-1": ["P7", "K34"], // the bucket; the log shipper
  "STO-5": ["P7", "K34"],
};

/**
 * Requirements whose last proof needs a deployed env: the report says what the offline checks
 * cover and what remains to be observed.
 */
export const PROVEN_AT_RUNTIME: Readonly<Record<string, string>> = {
  "PERF-1":
    "the thresholds ship with the load test; the throughput itself is measured by running it against the env",
  "APIM-2": "cookie stickiness is configured on the ALB; the login flow is observed on a deployed env",
  "LB-1": "the ALB is created by the Load Balancer Controller from the checked Ingresses",
  "PRO-2": "apim-cli export/import is a documented procedure, run against two deployed envs",
};
