// The runtime ConfigMap every APIM container reads (apps/apim/base/apim-runtime.yaml): EMT
// settings and the data services by stable name and port.
import { Manifest } from "../yaml";
import { ANM, DATA_HOSTS, PORTS } from "./names";
import { ApimSpec } from "./spec";
import { RUNTIME_CONFIG } from "./workload-parts";

/** The runtime settings every APIM container reads (EMT variables, data services by stable name). */
export function runtimeConfig(spec: ApimSpec): Manifest {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: RUNTIME_CONFIG },
    data: {
      ACCEPT_GENERAL_CONDITIONS: "yes",
      EMT_TRACE_LEVEL: spec.traceLevel,
      EMT_ANM_HOSTS: `${ANM}:${PORTS.anm}`,
      // JSON trace and open-traffic events on stdout, shipped by Fluent Bit (LOG-1).
      APIGW_LOG_TRACE_JSON_TO_STDOUT: "true",
      APIGW_LOG_TRACE_TO_FILE: "false",
      APIGW_LOG_OPENTRAFFIC_OUTPUT: "stdout",
      // TLS required by the server; to verify its certificate too, add the RDS CA to the image's truststore.
      METRICS_DB_URL: `jdbc:mysql://${DATA_HOSTS.mysql}:${PORTS.mysql}/metrics?sslMode=REQUIRED`,
      // The factory API Manager configuration's one contact point: the ring's name, which
      // resolves to every node, so it survives a node down (lib/image-contract.ts).
      CASS_HOST: DATA_HOSTS.cassandraRing,
      CASS_HOST1: DATA_HOSTS.cassandra[0],
      CASS_HOST2: DATA_HOSTS.cassandra[1],
      CASS_HOST3: DATA_HOSTS.cassandra[2],
      CASS_PORT: String(PORTS.cassandra),
    },
  };
}
