// Production: three zones, HA everywhere, the reference sizing as is.
// Account ids and domains are examples (AWS documentation style): replace them with your own.
import {
  ANM_IMAGE_REPOSITORY,
  REFERENCE_EVENT_LOG_MAX_DISK_GB,
  REFERENCE_GATEWAY_REPLICAS,
  REFERENCE_SIZING,
  REFERENCE_WORKLOADS,
} from "./defaults";
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
  flux: { repositoryUrl: "ssh://git@github.com/example-org/apim-platform.git", branch: "main" },
  kubernetes: { version: "1.33", publicEndpointCidrs: [] },
  ...REFERENCE_SIZING,
  apim: {
    traceLevel: "INFO",
    eventLogMaxDiskSpaceGb: REFERENCE_EVENT_LOG_MAX_DISK_GB,
    anm: {
      imageRepository: ANM_IMAGE_REPOSITORY,
      initialImageTag: "7.7.20240830-r1",
      sizing: REFERENCE_WORKLOADS.anm,
    },
    apiManager: { gatewayGroup: "public", sizing: REFERENCE_WORKLOADS.apiManager },
    gatewayGroups: [
      {
        name: "public",
        imageRepository: "apim/gateway-public",
        initialImageTag: "7.7.20240830-r1",
        ...REFERENCE_GATEWAY_REPLICAS,
        host: "api.apim.example.com",
        emtDeploymentEnabled: false,
        sizing: REFERENCE_WORKLOADS.gateway,
      },
      {
        name: "partner",
        imageRepository: "apim/gateway-partner",
        initialImageTag: "7.7.20240830-r1",
        minReplicas: 3,
        maxReplicas: 6,
        host: "partner-api.apim.example.com",
        emtDeploymentEnabled: false,
        sizing: REFERENCE_WORKLOADS.gateway,
      },
    ],
  },
};
