// What the APIM workloads of one env are made of, derived from its config; the same shape built
// from the reference defaults gives the shared base (layout.ts diffs the two).
import { ANM_IMAGE_REPOSITORY, REFERENCE_GATEWAY_REPLICAS, REFERENCE_WORKLOADS } from "../../envs/defaults";
import { EnvironmentConfig, WorkloadSizing } from "../../envs/schema";
import { eventsVolumeSizing } from "../../lib/storage-sizing";

export interface GroupSpec {
  readonly name: string;
  /** Image reference before the release component sets registry and tag: the ECR repository name. */
  readonly image: string;
  readonly sizing: WorkloadSizing;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly hosts: readonly string[];
  readonly emtDeploymentEnabled: boolean;
}

export interface ApimSpec {
  readonly traceLevel: string;
  readonly eventsVolumeGb: number;
  readonly anm: { readonly image: string; readonly sizing: WorkloadSizing };
  readonly apiManager: { readonly image: string; readonly group: string; readonly sizing: WorkloadSizing };
  readonly groups: readonly GroupSpec[];
}

/** The hosts of K8S-10; ${DOMAIN} comes from cluster-vars, so the base stays env-neutral. */
export const HOSTS = {
  anm: "anm.${DOMAIN}",
  apiManager: "apimgmt.${DOMAIN}",
  traffic: "apimgr.${DOMAIN}",
} as const;

/** A gateway group as the base holds it: the reference sizing and bounds, a host under the env's domain. */
export function referenceGroup(name: string, servesTrafficHost: boolean): GroupSpec {
  return {
    name,
    image: `apim/gateway-${name}`,
    sizing: REFERENCE_WORKLOADS.gateway,
    ...REFERENCE_GATEWAY_REPLICAS,
    hosts: servesTrafficHost ? [`${name}.\${DOMAIN}`, HOSTS.traffic] : [`${name}.\${DOMAIN}`],
    emtDeploymentEnabled: false,
  };
}

/** The base: the reference architecture's sizing, one group, the seed's 13 GB events volume. */
export const REFERENCE_GROUP = "public";
export function referenceSpec(): ApimSpec {
  const group = referenceGroup(REFERENCE_GROUP, true);
  return {
    traceLevel: "INFO",
    eventsVolumeGb: 1 * REFERENCE_GATEWAY_REPLICAS.maxReplicas + 1,
    anm: { image: ANM_IMAGE_REPOSITORY, sizing: REFERENCE_WORKLOADS.anm },
    apiManager: { image: group.image, group: group.name, sizing: REFERENCE_WORKLOADS.apiManager },
    groups: [group],
  };
}

/** A host of the env's zone written against ${DOMAIN}, as the base writes it (validation keeps hosts in the zone). */
export function inDomain(env: EnvironmentConfig, host: string): string {
  return host.endsWith(`.${env.dns.domain}`) ? `${host.slice(0, -env.dns.domain.length)}\${DOMAIN}` : host;
}

export function apimSpec(env: EnvironmentConfig): ApimSpec {
  const apim = env.apim;
  const managerGroup = apim.gatewayGroups.find((g) => g.name === apim.apiManager.gatewayGroup)!;
  return {
    traceLevel: apim.traceLevel,
    eventsVolumeGb: eventsVolumeSizing(env).totalGb,
    anm: { image: apim.anm.imageRepository, sizing: apim.anm.sizing },
    apiManager: {
      image: managerGroup.imageRepository,
      group: managerGroup.name,
      sizing: apim.apiManager.sizing,
    },
    groups: apim.gatewayGroups.map((g) => ({
      name: g.name,
      image: g.imageRepository,
      sizing: g.sizing,
      minReplicas: g.minReplicas,
      maxReplicas: g.maxReplicas,
      hosts: g.name === managerGroup.name ? [inDomain(env, g.host), HOSTS.traffic] : [inDomain(env, g.host)],
      emtDeploymentEnabled: g.emtDeploymentEnabled,
    })),
  };
}
