// <env>-platform: the hand-off to GitOps, and the only stack with the helm and kubernetes
// providers (GEN-8). It installs Flux, gives it read access to the Git repository, points it at
// gitops/clusters/<env>, and writes the cluster-vars ConfigMap with what only Terraform knows.
// The providers authenticate with `aws eks get-token` at run time: no token is stored.
// It needs the cluster's API, so it cannot be planned offline: jest covers it instead.
import { Construct } from "constructs";
import { Fn } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { EnvironmentConfig } from "../envs/schema";
import { ClusterVar, CLUSTER_VARS_CONFIG_MAP, FLUX_NAMESPACE, subnetVars } from "../lib/cluster-vars";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../lib/controller-charts";
import { FLUX_CHART, FLUX_HELM_REPOSITORY, FLUX_SOURCE, FLUX_SYNC_CHART } from "../lib/flux-charts";
import { clusterName, clusterPath } from "../lib/naming";
import { secretName } from "../lib/secret-inventory";
import { toYaml } from "../gitops-src/yaml";
import { ClusterStack } from "./cluster-stack";
import { albLogBucketName, DataStack, logBucketName } from "./data-stack";
import { EnvironmentStack } from "./environment-stack";
import { NetworkStack } from "./network-stack";

export interface PlatformStackProps {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
}

/** Increment after changing the deploy key in Secrets Manager, to copy it into the cluster again. */
export const GIT_CREDENTIALS_REVISION = 1;

export class PlatformStack extends EnvironmentStack {
  constructor(scope: Construct, env: EnvironmentConfig, props: PlatformStackProps) {
    super(scope, { env, kind: "platform" });
    const eks = props.cluster.eks.cluster;
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: [
        "eks",
        "get-token",
        "--cluster-name",
        clusterName(env),
        "--region",
        env.aws.region,
        "--output",
        "json",
      ],
    };
    const endpoint = {
      host: eks.endpoint,
      clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
    };
    new HelmProvider(this, "helm", { kubernetes: { ...endpoint, exec } });
    new KubernetesProvider(this, "kubernetes", { ...endpoint, exec: [exec] });

    const flux = new Release(this, "flux", {
      name: "flux2",
      namespace: FLUX_NAMESPACE,
      createNamespace: true,
      repository: FLUX_HELM_REPOSITORY,
      chart: FLUX_CHART.name,
      version: FLUX_CHART.version,
      atomic: true,
      wait: true,
      values: [
        toYaml({
          // Image automation stays off: promotion is a pull request that changes a tag (PRO-1).
          imageAutomationController: { create: false },
          imageReflectionController: { create: false },
          policies: { create: true },
        }),
      ],
    });

    // The deploy key is read at apply time through an ephemeral value and written with a
    // write-only attribute: it never lands in the Terraform state.
    const gitSecret = "flux_git";
    this.addOverride(`ephemeral.aws_secretsmanager_secret_version.${gitSecret}`, {
      secret_id: secretName(env, "flux-git"),
    });
    const field = (key: string) =>
      `\${jsondecode(ephemeral.aws_secretsmanager_secret_version.${gitSecret}.secret_string)["${key}"]}`;
    const credentials = new SecretV1(this, "git-credentials", {
      metadata: { name: FLUX_SOURCE, namespace: FLUX_NAMESPACE },
      dataWo: { identity: field("identity"), known_hosts: field("known_hosts") },
      dataWoRevision: GIT_CREDENTIALS_REVISION,
      dependsOn: [flux],
    });

    const values: Record<ClusterVar, string> = {
      ENV_NAME: env.name,
      AWS_REGION: env.aws.region,
      AWS_ACCOUNT_ID: env.aws.accountId,
      CLUSTER_NAME: clusterName(env),
      VPC_ID: props.network.network.vpc.id,
      DOMAIN: env.dns.domain,
      PUBLIC_ZONE_ID: props.cluster.edge.zone.zoneId,
      FRONTEND_SECURITY_GROUP_ID: props.network.firewall.groups.frontend.id,
      WAF_ACL_ARN: props.cluster.edge.webAcl.arn,
      LOG_BUCKET: logBucketName(env),
      ALB_LOG_BUCKET: albLogBucketName(env),
      CONTAINER_LOG_GROUP: `/apim/apim-${env.name}/containers`,
      EVENTS_FILE_SYSTEM_ID: props.data.events.fileSystem.id,
      EVENTS_ACCESS_POINT_ID: props.data.events.accessPoint.id,
      ...subnetVars(env),
      ADMIN_CIDRS: env.network.adminCidrs.join(","),
      CLUSTER_AUTOSCALER_IMAGE_TAG: CLUSTER_AUTOSCALER_IMAGE_TAGS[env.kubernetes.version],
    };
    const clusterVars = new ConfigMapV1(this, "cluster-vars", {
      metadata: { name: CLUSTER_VARS_CONFIG_MAP, namespace: FLUX_NAMESPACE },
      data: values,
      dependsOn: [flux],
    });

    new Release(this, "flux-sync", {
      // Named like `flux bootstrap` names its objects.
      name: FLUX_SOURCE,
      namespace: FLUX_NAMESPACE,
      repository: FLUX_HELM_REPOSITORY,
      chart: FLUX_SYNC_CHART.name,
      version: FLUX_SYNC_CHART.version,
      atomic: true,
      values: [
        toYaml({
          gitRepository: {
            spec: {
              url: env.flux.repositoryUrl,
              ref: { branch: env.flux.branch },
              interval: "5m",
              secretRef: { name: FLUX_SOURCE },
            },
          },
          kustomization: {
            spec: {
              path: clusterPath(env),
              interval: "10m",
              prune: true,
              wait: true,
              timeout: "5m",
              sourceRef: { kind: "GitRepository", name: FLUX_SOURCE },
            },
          },
        }),
      ],
      dependsOn: [credentials, clusterVars],
    });
  }
}
