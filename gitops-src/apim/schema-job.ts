// APIM-6: the metrics schema, created and upgraded by the product's dbsetup in a Job that runs
// before ANM starts (its own Flux Kustomization, which apim depends on). dbsetup without
// --reinstall only upgrades, so a rerun is harmless; the Job is bounded and replaced by Flux when
// its template changes (Job templates are immutable).
import { externalSecret } from "../infrastructure";
import { Manifest } from "../yaml";
import { DATA_HOSTS, INSTALL_DIR, labels, PORTS } from "./names";
import { networkPolicy, PEERS } from "./network";
import { CONTAINER_SECURITY, POD_SECURITY, secretEnv, waitFor } from "./pod";

export const SCHEMA_JOB = "metrics-schema";

export function schemaObjects(anmImage: string): Manifest[] {
  const podLabels = labels(SCHEMA_JOB);
  return [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: SCHEMA_JOB },
      automountServiceAccountToken: false,
    },
    externalSecret("metrics-db", "metrics-db"),
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name: SCHEMA_JOB,
        labels: podLabels,
        annotations: { "kustomize.toolkit.fluxcd.io/force": "enabled" },
      },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 900,
        // No ttlSecondsAfterFinished: Flux applies this Job from Git, so a Job the TTL deleted is
        // created again, runs dbsetup again, and the apim-schema Kustomization waits on it every
        // day. The finished Job stays; a new schema version replaces it (force annotation).
        template: {
          metadata: { labels: podLabels },
          spec: {
            serviceAccountName: SCHEMA_JOB,
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            securityContext: POD_SECURITY,
            initContainers: [
              waitFor(anmImage, [{ name: "mysql", host: DATA_HOSTS.mysql, port: PORTS.mysql }]),
            ],
            containers: [
              {
                name: "dbsetup",
                image: anmImage,
                command: [`${INSTALL_DIR}/posix/bin/dbsetup`],
                // $(VAR) is expanded by Kubernetes from the Secret: no password in the manifest.
                args: [
                  `--dburl=jdbc:mysql://${DATA_HOSTS.mysql}:${PORTS.mysql}/metrics?sslMode=REQUIRED`,
                  "--dbuser=$(METRICS_DB_USERNAME)",
                  "--dbpass=$(METRICS_DB_PASS)",
                ],
                env: [
                  secretEnv("METRICS_DB_USERNAME", "metrics-db", "username"),
                  secretEnv("METRICS_DB_PASS", "metrics-db", "password"),
                ],
                securityContext: CONTAINER_SECURITY,
                resources: {
                  requests: { cpu: "250m", memory: "512Mi", "ephemeral-storage": "256Mi" },
                  limits: { cpu: "1", memory: "1Gi", "ephemeral-storage": "1Gi" },
                },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
              },
            ],
            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
          },
        },
      },
    },
    networkPolicy(SCHEMA_JOB, podLabels, [], [{ peers: PEERS.dataServices, ports: [PORTS.mysql] }]),
  ];
}
