// The ports of the APIM containers and the databases they use (EMT defaults): one place for the
// manifests (gitops-src/apim) and the firewall's flow table (lib/flow-table.ts). The checks keep
// their own literals on purpose: a check that read this table could not catch a wrong entry in it.
export const APIM_PORTS = {
  /** ANM's UI and REST API. */
  anm: 8090,
  /** API Manager's UI. */
  apiManager: 8075,
  /** API traffic of the gateways. */
  traffic: 8065,
  /** The gateways' /healthcheck listener (ALB health checks; no API traffic). */
  health: 8080,
  /** The gateway's management listener: ANM deploys to and monitors each instance on it. */
  management: 8085,
  mysql: 3306,
  cassandra: 9042,
} as const;
