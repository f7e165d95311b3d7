// Names, labels and ports of the APIM workloads: one place, used by every object that refers to
// another (Services, policies, probes, ingresses, init checks).
import { CASSANDRA_RING_SIZE } from "../../lib/naming";

export const ANM = "admin-node-manager";
export const API_MANAGER = "api-manager";
export const gatewayName = (group: string) => `gateway-${group}`;

/** Container ports (lib/apim-ports.ts). */
export { APIM_PORTS as PORTS } from "../../lib/apim-ports";

export const INSTALL_DIR = "/opt/Axway/apigateway";
export { APIM_EVENTS_DIR as EVENTS_DIR } from "../../lib/naming";
export const LICENSE_DIR = `${INSTALL_DIR}/conf/licenses`;

/** The Cassandra keyspace the post-bootstrap script creates with replication factor 3. */

export function labels(component: string, group?: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": component,
    "app.kubernetes.io/part-of": "apim",
    ...(group ? { "apim.axway.com/gateway-group": group } : {}),
  };
}

/** Stable names of the data services (the data stack's private zone, ENV_NAME from cluster-vars). */
export const DATA_HOSTS = {
  mysql: "mysql.${ENV_NAME}.apim.internal",
  cassandra: Array.from(
    { length: CASSANDRA_RING_SIZE },
    (_, i) => `cassandra-${i}.\${ENV_NAME}.apim.internal`,
  ),
  /** Every node's address under one name (the data stack's ring record). */
  cassandraRing: "cassandra.${ENV_NAME}.apim.internal",
} as const;
