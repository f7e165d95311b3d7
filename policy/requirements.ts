// The requirement catalog of Axway's container reference architecture (every numbered requirement), as data:
// id, level (R = required, Rec = recommended, - = stated as the design) and a short title.
// The conformance report lists every id with its status.
export interface Requirement {
  readonly id: string;
  readonly level: "R" | "Rec" | "-";
  readonly title: string;
}

export const REQUIREMENTS: readonly Requirement[] = [
  { id: "GEN-1", level: "Rec", title: "DevOps pipeline builds images and deploys them" },
  { id: "GEN-2", level: "R", title: "Bastion for administration of APIM and Kubernetes" },
  { id: "GEN-3", level: "R", title: "Storage for dedicated data and data shared between components" },
  { id: "GEN-4", level: "R", title: "Container registry that the cluster pulls from" },
  {
    id: "GEN-5",
    level: "-",
    title:
      "Dedicated environment = K8s cluster, registry, Cassandra, RDBMS, shared volume, monitoring, bastion, pipelines",
  },
  { id: "GEN-6", level: "-", title: "Several API gateway groups in one cluster, each its own image" },
  {
    id: "GEN-7",
    level: "-",
    title: "Gateways write transaction events to a shared volume; ANM streams them to the RDBMS",
  },
  { id: "GEN-8", level: "-", title: "Single-command deployment of all configuration" },
  { id: "SEC-1", level: "R", title: "Images carry license, certificates and config: protect them" },
  { id: "SEC-2", level: "Rec", title: "Clear image tag strategy" },
  { id: "SEC-3", level: "R", title: "Passwords encrypted in the system" },
  { id: "SEC-4", level: "-", title: "Registry credentials passed securely" },
  {
    id: "SEC-5",
    level: "-",
    title:
      "Secret inventory per pod (Cassandra user, registry login, public cert, RDBMS user, shared storage id)",
  },
  { id: "BAS-1", level: "-", title: "Bastion bridges to K8s API, dashboard, RDBMS and Cassandra" },
  { id: "BAS-2", level: "-", title: "High traceability; RBAC for a few selected users" },
  {
    id: "SIZ-1",
    level: "-",
    title:
      "Minimum counts: bastion 1, Cassandra 3, registry 1, LB 1, control plane 3 (managed), RDBMS 2, workers 3, pipeline worker 1",
  },
  {
    id: "SIZ-2",
    level: "-",
    title: "Workers, monitoring node, Cassandra: 2 vCPU / 8 GB (m5.large); RDBMS db.t3.large",
  },
  { id: "STO-1", level: "Rec", title: "SSD, low latency" },
  { id: "STO-2", level: "-", title: "Cassandra: one 50 GB volume per node" },
  { id: "STO-3", level: "-", title: "RDBMS: 20 GB" },
  {
    id: "STO-4",
    level: "-",
    title: "Events volume = max disk space × max gateway replicas + 1 GB (1 GB × 12 + 1 = 13 GB)",
  },
  {
    id: "STO-5",
    level: "-",
    title: "Log storage (100 GB) for K8s, container and application logs, streamed by FluentD",
  },
  {
    id: "HA-1",
    level: "-",
    title: "Every component redundant across 3 availability zones (99.99 % SLA target)",
  },
  {
    id: "NET-1",
    level: "-",
    title: "Segregated subnets: K8s control plane, bastion, workers, data (plus frontend for the LB)",
  },
  {
    id: "NET-2",
    level: "R",
    title: "Each subnet firewalled; only the flows of the flow table (ids 1a, 1b, 2–9, IAM and SMTP egress)",
  },
  { id: "NET-3", level: "-", title: "Only required ports open" },
  {
    id: "LB-1",
    level: "R",
    title: "L7 load balancer in front of the cluster terminates TLS and routes by host",
  },
  { id: "LB-2", level: "-", title: "Entry point on one external IP / DNS name" },
  { id: "K8S-1", level: "Rec", title: "CNI with network policy enforcement" },
  {
    id: "K8S-2",
    level: "Rec",
    title: "RBAC: Helm, node autoscaling, viewers/deployers, cert-manager, cloud resources",
  },
  {
    id: "K8S-3",
    level: "-",
    title: "Network policies: default deny; gateway reachable from chosen namespaces; monitoring allowed",
  },
  { id: "K8S-4", level: "Rec", title: "All APIM assets in one namespace" },
  { id: "K8S-5", level: "Rec", title: "Heap (Xmx) and resource limits sized to the nodes" },
  { id: "K8S-6", level: "R", title: "Liveness and readiness probes on traffic and UI ports, HTTP(S)" },
  {
    id: "K8S-7",
    level: "R",
    title: "Replicas spread across nodes (podAntiAffinity); monitoring may be excluded",
  },
  { id: "K8S-8", level: "-", title: "Node autoscaling when pods cannot be scheduled" },
  { id: "K8S-9", level: "-", title: "HPA on average CPU 75 %, gateways min 3 max 12" },
  { id: "K8S-10", level: "R", title: "A DNS name per UI/API (anm., apimgmt., apimgr.); no rewrite paths" },
  { id: "K8S-11", level: "R", title: "TLS terminated before pods; HTTPS to back ends" },
  {
    id: "K8S-12",
    level: "-",
    title:
      "Ingress: HTTP/2 off, HTTPS only, redirect to HTTPS, TLS 1.2 minimum, per-host certificate, optional source IP allowlist",
  },
  {
    id: "K8S-13",
    level: "-",
    title: "Pod resources, probes, anti-affinity for every APIM pod (tables in the source)",
  },
  { id: "K8S-14", level: "-", title: "Rolling updates with zero downtime: maxUnavailable 1 (maxSurge 25 %)" },
  {
    id: "APIM-1",
    level: "-",
    title:
      "Admin Node Manager: 1 replica, no autoscaling, 1 CPU / 2 GB, heap 1024 MB, JSON logs, trace level, RWX events volume, RDBMS params; init check: RDBMS up; internal access only",
  },
  {
    id: "APIM-2",
    level: "-",
    title:
      "API Manager UI: 1 replica, port 8075, 2 CPU / 2 GB (requests 0.5 / 0.5 GB), heap 1024, Cassandra hosts + keyspace, ANM host, RDBMS params, JSON logs, cookie session affinity; init checks: 3 Cassandra, RDBMS, ANM",
  },
  {
    id: "APIM-3",
    level: "-",
    title:
      "API Gateway traffic: port 8065 (optional 8443/8080/8081), 2 CPU / 2 GB, heap 1512, min 3 replicas, autoscaling, RWX events volume; init checks: 3 Cassandra, RDBMS, ANM, API Manager UI",
  },
  {
    id: "APIM-4",
    level: "-",
    title: "Same image for API Manager UI and gateway; only replicas and ports differ",
  },
  {
    id: "APIM-5",
    level: "-",
    title: "`EMT_DEPLOYMENT_ENABLED` only for a single-pod development env, never in production",
  },
  { id: "APIM-6", level: "-", title: "MySQL schema created by a Kubernetes Job running `dbsetup`" },
  { id: "APIM-7", level: "-", title: "Cassandra outside the cluster, min 3 nodes, one per AZ" },
  {
    id: "APIM-8",
    level: "-",
    title:
      "Don't use embedded ActiveMQ; no distributed Ehcache; API Portal / Embedded Analytics unsupported in EMT",
  },
  { id: "SECU-1", level: "-", title: "Admin access to infrastructure only through the bastion subnet" },
  { id: "SECU-2", level: "-", title: "All communication encrypted in the cluster; TLS 1.2 only" },
  { id: "SECU-3", level: "-", title: "No privileged containers" },
  { id: "SECU-4", level: "-", title: "Public certificate on external connections" },
  { id: "SQL-1", level: "-", title: "MySQL (RDS) with HA on two nodes in two AZs" },
  {
    id: "LOG-1",
    level: "-",
    title:
      "Persist trace files of ANM and gateways, transaction audit/access/event logs, open traffic event log",
  },
  {
    id: "PRO-1",
    level: "-",
    title: "Policies promoted dev → test → prod as environment-specific images pulled by tag",
  },
  { id: "PRO-2", level: "-", title: "API Manager data promoted with apim-cli / export-import" },
  {
    id: "PERF-1",
    level: "-",
    title:
      "Throughput thresholds of the source's table (e.g. 1 KB passthrough > 1270 tps, API key > 750 tps, OAuth > 670 tps; 20 threads, 300 s)",
  },
  { id: "MNT-1", level: "-", title: "New configuration = new image, rolled out by rolling update" },
  {
    id: "MNT-2",
    level: "-",
    title:
      "Build pipeline: pol package, env package per environment, env-specific image, deploy + smoke test",
  },
  {
    id: "BAK-1",
    level: "-",
    title:
      "Back up policies/config (SCM), images (registry), RDBMS, Cassandra (daily to start), Helm/env files (SCM)",
  },
  { id: "BAK-2", level: "-", title: "Logs on S3 (durable) need no separate backup" },
  {
    id: "DR-1",
    level: "-",
    title: "Recreate the whole deployment in another region from backups and the registry",
  },
];
