// Storage the reference architecture sizes by formula (STO-4): the shared events volume holds
// the transaction event logs of every gateway replica at its maximum scale, plus 1 GB.
import { EnvironmentConfig } from "../envs/schema";

export const EVENTS_HEADROOM_GB = 1;

export interface EventsVolumeSizing {
  readonly perGatewayGb: number;
  readonly maxReplicas: number;
  readonly totalGb: number;
}

/** Max disk space x API gateway max replicas (every group of the env) + 1 GB. */
export function eventsVolumeSizing(env: EnvironmentConfig): EventsVolumeSizing {
  const maxReplicas = env.apim.gatewayGroups.reduce((sum, g) => sum + g.maxReplicas, 0);
  const perGatewayGb = env.apim.eventLogMaxDiskSpaceGb;
  return { perGatewayGb, maxReplicas, totalGb: perGatewayGb * maxReplicas + EVENTS_HEADROOM_GB };
}
