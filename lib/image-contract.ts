// The contract between the images the pipeline builds (.github/workflows/image-build.yml, from the
// FED project of each group) and the manifests that run them: which environment variables each
// component reads and which files it reads from mounts. The FED's selectors (Policy Studio:
// Server Settings > Cassandra, the metrics database) must use exactly these names; a test checks
// that the manifests provide each one and mount nothing else.
//
// Cassandra client TLS: the gateways trust the ring's CA through the FED's certificate store
// (the policy team imports ca_pem of apim/<env>/cassandra-tls into the project), so no CA file is
// mounted into the pods. The factory API Manager configuration reads its one contact point from
// CASS_HOST; a FED of ours lists the three nodes as CASS_HOST1..3.
export type ImageComponent = "anm" | "apiManager" | "gateway";

const CASSANDRA = [
  "CASS_HOST",
  "CASS_HOST1",
  "CASS_HOST2",
  "CASS_HOST3",
  "CASS_PORT",
  "CASS_USERNAME",
  "CASS_PASS",
  "CASS_KEYSPACE",
  "CASS_TKEYSPACE",
] as const;
const METRICS_DB = ["METRICS_DB_URL", "METRICS_DB_USERNAME", "METRICS_DB_PASS"] as const;
const EMT = ["ACCEPT_GENERAL_CONDITIONS", "EMT_ANM_HOSTS", "EMT_TRACE_LEVEL"] as const;

export const IMAGE_ENVIRONMENT: Readonly<Record<ImageComponent, readonly string[]>> = {
  anm: [...EMT, ...METRICS_DB],
  apiManager: [...EMT, ...CASSANDRA, ...METRICS_DB, "GROUP_ID"],
  gateway: [...EMT, ...CASSANDRA, "GROUP_ID", "EMT_DEPLOYMENT_ENABLED"],
};

/** Mount paths the images read or write: the licence, the shared events volume, the audit log
 * and a writable /tmp. */
const APIM_MOUNTS = [
  "/opt/Axway/apigateway/conf/licenses",
  "/opt/Axway/apigateway/events",
  "/opt/Axway/apigateway/logs/audit",
  "/tmp",
] as const;

export const IMAGE_MOUNTS: Readonly<Record<ImageComponent, readonly string[]>> = {
  anm: APIM_MOUNTS,
  apiManager: APIM_MOUNTS,
  gateway: APIM_MOUNTS,
};
