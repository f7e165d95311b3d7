// Every secret of an env (SEC-3, SEC-5), as data: its stable name under apim/<env>/, who
// provides the value, and which workloads receive it. Generated values never appear in the
// Terraform JSON or state (write-only attributes fed by an ephemeral random password); values the
// operator provides are set with the AWS CLI after the data stack is deployed (docs/secrets.md).

export type SecretConsumer =
  "anm" | "apiManager" | "gateway" | "cassandra" | "bastion" | "flux" | "grafana" | "schemaJob" | "loadTest";

export interface SecretSpec {
  readonly key: string;
  readonly description: string;
  /** generated: Terraform writes a random password once; operator: set by hand, never in git or state. */
  readonly source: "generated" | "operator";
  /** For generated user credentials: the user name stored next to the password. */
  readonly username?: string;
  readonly consumers: readonly SecretConsumer[];
}

export const SECRETS: readonly SecretSpec[] = [
  {
    key: "cassandra-admin",
    description: "Cassandra superuser that replaces the default 'cassandra' role (post-bootstrap script)",
    source: "generated",
    username: "apim_admin",
    consumers: ["bastion"],
  },
  {
    key: "cassandra-app",
    description: "Cassandra user of API Manager and the gateways (seed secret table: Cassandra user ID)",
    source: "generated",
    username: "axway_apim",
    consumers: ["apiManager", "gateway"],
  },
  {
    key: "cassandra-tls",
    description:
      "Cassandra node keystore and truststore (PKCS12, base64) with their password, and the CA in PEM (cqlsh; the FED's certificate store)",
    source: "operator",
    // The gateways trust the CA through the FED's certificate store: no pod reads this secret.
    consumers: ["cassandra"],
  },
  {
    key: "metrics-db",
    description: "Least-privilege MySQL user of the metrics database (seed secret table: SGBDR user ID)",
    source: "generated",
    username: "apim_metrics",
    consumers: ["anm", "apiManager", "schemaJob"],
  },
  {
    key: "apimanager-admin",
    description:
      "API Manager administrator (apiadmin): the image build writes it into the FED (set at first start)",
    source: "generated",
    username: "apiadmin",
    consumers: [],
  },
  {
    key: "anm-admin",
    description: "Admin Node Manager administrator: the image build writes it into adminUsers.json",
    source: "generated",
    username: "admin",
    consumers: [],
  },
  {
    key: "domain-passphrase",
    description: "Passphrase of the API Gateway domain key, used by the image build",
    source: "generated",
    consumers: [],
  },
  {
    key: "grafana-admin",
    description: "Grafana administrator of the monitoring stack",
    source: "generated",
    username: "admin",
    consumers: ["grafana"],
  },
  {
    key: "flux-git",
    description:
      "Flux's read-only deploy key for the Git repository: JSON with identity (private key) and known_hosts",
    source: "operator",
    consumers: ["flux"],
  },
  {
    key: "load-test",
    description: "Credentials of the performance test (JSON: apiKey, oauthClientId, oauthClientSecret)",
    source: "operator",
    consumers: ["loadTest"],
  },
  {
    key: "license",
    description: "Axway license file (license.lic), mounted into ANM, API Manager and gateways",
    source: "operator",
    consumers: ["anm", "apiManager", "gateway"],
  },
];

/** Consumers that run in the cluster and receive their secrets through External Secrets. */
export const CLUSTER_CONSUMERS: readonly SecretConsumer[] = [
  "anm",
  "apiManager",
  "gateway",
  "grafana",
  "schemaJob",
  "loadTest",
];

/** The secrets External Secrets may read: those with a consumer in the cluster, never the
 * operator's (cassandra-admin), the image build's or Flux's own deploy key. */
export function clusterSecretKeys(): string[] {
  return SECRETS.filter((s) => s.consumers.some((c) => CLUSTER_CONSUMERS.includes(c))).map((s) => s.key);
}
