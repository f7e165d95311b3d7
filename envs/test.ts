// Test: the prod topology (HA, three zones) with smaller bounds, so that a release is proven on
// the same shape before promotion (PRO-1).
import { gatewayGroup, referenceApim, REFERENCE_SIZING } from "./defaults";
import { EnvironmentInput } from "./schema";

export const test: EnvironmentInput = {
  name: "test",
  stage: "test",
  highAvailability: true,
  aws: {
    accountId: "222222222222",
    region: "eu-west-1",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    drRegion: "eu-central-1",
  },
  network: { vpcCidr: "10.20.0.0/18", adminCidrs: ["192.0.2.0/24"] },
  dns: { domain: "test.apim.example.com" },
  access: {
    adminRoleNames: ["apim-platform-admin"],
    deployerRoleNames: ["apim-deployer"],
    viewerRoleNames: ["apim-viewer", "apim-qa"],
  },
  flux: { repositoryUrl: "ssh://git@ssh.github.com:443/example-org/apim-platform.git", branch: "main" },
  kubernetes: { version: "1.33", publicEndpointCidrs: [] },
  ...REFERENCE_SIZING,
  nodeGroups: {
    ...REFERENCE_SIZING.nodeGroups,
    apim: { instanceType: "m5.large", minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGb: 50 },
  },
  mysql: { ...REFERENCE_SIZING.mysql, backupRetentionDays: 14 },
  apim: referenceApim({
    traceLevel: "INFO",
    anmImageTag: "7.7.20240830-r1",
    gatewayGroups: [
      gatewayGroup("public", "public.test.apim.example.com", "7.7.20240830-r1", { maxReplicas: 6 }),
    ],
  }),
};
