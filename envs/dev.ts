// Development: one gateway pod that Policy Studio may deploy into (APIM-5), smaller node groups,
// shorter retention. Still three zones, so it deploys with the same stacks as prod.
import { gatewayGroup, referenceApim, REFERENCE_SIZING } from "./defaults";
import { EnvironmentInput } from "./schema";

export const dev: EnvironmentInput = {
  name: "dev",
  stage: "dev",
  highAvailability: false,
  aws: {
    accountId: "111111111111",
    region: "eu-west-1",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    drRegion: "eu-central-1",
  },
  network: { vpcCidr: "10.10.0.0/20", adminCidrs: ["192.0.2.0/24", "198.51.100.0/24"] },
  dns: { domain: "dev.apim.example.com" },
  access: {
    adminRoleNames: ["apim-platform-admin"],
    deployerRoleNames: ["apim-deployer", "apim-developer"],
    viewerRoleNames: ["apim-viewer"],
  },
  flux: { repositoryUrl: "ssh://git@ssh.github.com:443/example-org/apim-platform.git", branch: "main" },
  kubernetes: { version: "1.33", publicEndpointCidrs: [] },
  ...REFERENCE_SIZING,
  nodeGroups: {
    apim: { instanceType: "m5.large", minSize: 2, desiredSize: 2, maxSize: 6, diskSizeGb: 50 },
    monitoring: { instanceType: "m5.large", minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGb: 50 },
  },
  cassandra: { ...REFERENCE_SIZING.cassandra, volumeSizeGb: 20 },
  mysql: { ...REFERENCE_SIZING.mysql, backupRetentionDays: 7 },
  logs: { cloudWatchRetentionDays: 365, transitionToInfrequentAccessDays: 30, expirationDays: 90 },
  backup: { retentionDays: 7 },
  apim: referenceApim({
    traceLevel: "DEBUG",
    anmImageTag: "7.7.20240830-r1",
    // One pod that Policy Studio may deploy into (APIM-5).
    gatewayGroups: [
      gatewayGroup("public", "public.dev.apim.example.com", "7.7.20240830-r1", {
        minReplicas: 1,
        maxReplicas: 1,
        emtDeploymentEnabled: true,
      }),
    ],
  }),
};
