// What the APIM pods share: the claims of the events and audit volumes (kept when removed from
// Git), and the secrets synced from Secrets Manager, each received only by the pods of the seed's
// secret table (SEC-5).
import { EVENTS_STORAGE_CLASS, externalSecret, SECRET_STORE } from "../infrastructure";
import { Manifest } from "../yaml";
import { AUDIT_CLAIM, EVENTS_CLAIM } from "./workload-parts";

const PRUNE_DISABLED = { "kustomize.toolkit.fluxcd.io/prune": "disabled" };

function claim(name: string, sizeGb: number): Manifest {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, annotations: PRUNE_DISABLED },
    spec: {
      accessModes: ["ReadWriteMany"],
      storageClassName: EVENTS_STORAGE_CLASS,
      resources: { requests: { storage: `${sizeGb}Gi` } },
    },
  };
}

/** GEN-7, STO-4: the events volume, sized by the seed's formula; the audit volume (LOG-1). */
export function claims(eventsVolumeGb: number): Manifest[] {
  return [claim(EVENTS_CLAIM, eventsVolumeGb), claim(AUDIT_CLAIM, 10)];
}

/** A secret holding one Secrets Manager value under one key (the license file, the Cassandra CA). */
function singleValueSecret(name: string, key: string, remoteKey: string, property?: string): Manifest {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: SECRET_STORE },
      target: { name, creationPolicy: "Owner", deletionPolicy: "Retain" },
      data: [
        {
          secretKey: key,
          remoteRef: { key: `apim/\${ENV_NAME}/${remoteKey}`, ...(property ? { property } : {}) },
        },
      ],
    },
  };
}

export function secrets(): Manifest[] {
  return [
    singleValueSecret("apim-license", "license.lic", "license"),
    externalSecret("cassandra-app", "cassandra-app"),
  ];
}
