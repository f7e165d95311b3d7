// <env>-platform: the hand-off to GitOps, and the only stack with the helm and kubernetes
// providers (GEN-8). It installs Flux, gives it read access to the Git repository, points it at
// gitops/clusters/<env>, and writes the cluster-vars ConfigMap with what only Terraform knows.
// The providers authenticate with `aws eks get-token` at run time: no token is stored.
// The endpoint is private: from inside the VPC the providers use it directly; from outside,
// scripts/cluster-tunnel.sh forwards a local port to it through the bastion (SSM) and sets
// TF_VAR_cluster_api_tunnel, and the providers connect to that port while still verifying the
// cluster's certificate under the endpoint's host name (tls_server_name).
// It needs the cluster's API, so it cannot be planned offline: jest covers it instead.
import { Construct } from "constructs";
import { Fn, Op, TerraformVariable, Token } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { EnvironmentConfig } from "../envs/schema";
import { clusterVarValues, CLUSTER_VARS_CONFIG_MAP, FLUX_NAMESPACE } from "../lib/cluster-vars";
import { FLUX_CHART, FLUX_HELM_REPOSITORY, FLUX_SOURCE, FLUX_SYNC_CHART } from "../lib/flux-charts";
import { clusterName, clusterPath } from "../lib/naming";
import { secretName } from "../lib/naming";
import { rootTimeout } from "../gitops-src/flux-cluster";
import { toYaml } from "../gitops-src/yaml";
import { ClusterOutputs } from "./cluster-stack";
import { DataOutputs } from "./data-stack";
import { EnvironmentStack } from "./environment-stack";
import { NetworkOutputs } from "./network-stack";

export interface PlatformStackInputs {
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
  readonly cluster: ClusterOutputs;
}

/**
 * Terraform variable: the local end ("127.0.0.1:<port>") of an SSM port forward to the private
 * EKS endpoint, set as TF_VAR_cluster_api_tunnel by scripts/cluster-tunnel.sh; empty (the
 * default): the providers use the endpoint directly, as a runner inside the VPC does.
 */
export const CLUSTER_API_TUNNEL_VARIABLE = "cluster_api_tunnel";

/** Increment after changing the deploy key in Secrets Manager, to copy it into the cluster again. */
export const GIT_CREDENTIALS_REVISION = 1;

export class PlatformStack extends EnvironmentStack {
  constructor(scope: Construct, env: EnvironmentConfig, { network, data, cluster }: PlatformStackInputs) {
    super(scope, { env, kind: "platform" });
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
    const tunnel = new TerraformVariable(this, CLUSTER_API_TUNNEL_VARIABLE, {
      type: "string",
      default: "",
      description:
        "127.0.0.1:<port> forwarded to the private EKS endpoint (scripts/cluster-tunnel.sh); empty: the endpoint itself",
    });
    tunnel.addValidation({
      condition: Fn.can(Fn.regex("^(127[.]0[.]0[.]1:[0-9]{1,5})?$", tunnel.stringValue)),
      errorMessage: "cluster_api_tunnel is empty or 127.0.0.1:<port>.",
    });
    // Op.eq(x, "") would render the empty string as `undefined` (cdktf drops falsy operands).
    const direct = Op.lt(Fn.lengthOf(tunnel.stringValue), 1);
    const endpoint = {
      host: Fn.conditional(direct, cluster.clusterEndpoint, `https://${tunnel.stringValue}`),
      // Through the tunnel, TLS still checks the API server's certificate for the endpoint's name.
      tlsServerName: Fn.conditional(
        direct,
        Token.nullValue(),
        Fn.trimprefix(cluster.clusterEndpoint, "https://"),
      ),
      clusterCaCertificate: Fn.base64decode(cluster.clusterCertificateAuthorityData),
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

    const values = clusterVarValues(env, {
      VPC_ID: network.vpcId,
      PUBLIC_ZONE_ID: cluster.publicZoneId,
      FRONTEND_SECURITY_GROUP_ID: network.securityGroupIds.frontend,
      INTERNAL_ALB_SECURITY_GROUP_ID: network.securityGroupIds.internalAlb,
      WAF_ACL_ARN: cluster.webAclArn,
      EVENTS_FILE_SYSTEM_ID: data.eventsFileSystemId,
      EVENTS_ACCESS_POINT_ID: data.eventsAccessPointId,
    });
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
              timeout: rootTimeout(env),
              // No sourceRef: flux2-sync does not read one; its Kustomization's sourceRef is the
              // GitRepository named after the release (FLUX_SOURCE).
            },
          },
        }),
      ],
      dependsOn: [credentials, clusterVars],
    });
  }
}
