// Production: three zones, HA everywhere, the reference sizing as is.
// Account ids and domains are examples (AWS documentation style): replace them with your own.
import { gatewayGroup, referenceApim, REFERENCE_SIZING } from "./defaults";
import { EnvironmentInput } from "./schema";

export const prod: EnvironmentInput = {
  name: "prod",
  stage: "prod",
  highAvailability: true,
  aws: {
    accountId: "333333333333",
    region: "eu-west-1",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    drRegion: "eu-central-1",
  },
  network: { vpcCidr: "10.30.0.0/16", adminCidrs: ["192.0.2.0/24"] },
  dns: { domain: "apim.example.com" },
  access: {
    adminRoleNames: ["apim-platform-admin"],
    deployerRoleNames: ["apim-deployer"],
    viewerRoleNames: ["apim-viewer"],
  },
  flux: { repositoryUrl: "ssh://git@ssh.github.com:443/example-org/apim-platform.git", branch: "main" },
  kubernetes: { version: "1.33", publicEndpointCidrs: [] },
  ...REFERENCE_SIZING,
  apim: referenceApim({
    traceLevel: "INFO",
    anmImageTag: "7.7.20240830-r1",
    gatewayGroups: [
      gatewayGroup("public", "public.apim.example.com", "7.7.20240830-r1"),
      gatewayGroup("partner", "partner.apim.example.com", "7.7.20240830-r1", { maxReplicas: 6 }),
    ],
  }),
};
