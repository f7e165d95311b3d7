// gitops/infrastructure/controllers: the controllers every cluster runs, installed by Flux from
// pinned charts, bound to the pod identities of the cluster stack by service account name alone
// (pod identity needs no annotation). Per-cluster values come from cluster-vars (${VAR}).
import { CONTROLLER_IDENTITIES } from "../lib/controllers";
import { CONTROLLER_CHARTS } from "../lib/controller-charts";
import { OutputFile } from "../lib/output/generated-file";
import { helmRelease, helmRepository, resources, RESTRICTED_CONTAINER } from "./helm";
import { kustomization, Manifest, toYaml } from "./yaml";
import { namespace } from "./namespaces";

const ids = CONTROLLER_IDENTITIES;

/** Where Fluent Bit's S3 output buffers chunks before upload (its store_dir), and its volume. */
export const FLUENT_BIT_S3_BUFFER = { volume: "s3-buffer", path: "/var/fluent-bit/s3" } as const;

/** Controller namespaces. Host-level agents (log shipper, node exporter) need the privileged level. */
function namespaces(): Manifest[] {
  return [
    namespace(ids["external-secrets"].namespace, "restricted"),
    namespace(ids["external-dns"].namespace, "restricted"),
    namespace(
      ids["fluent-bit"].namespace,
      "privileged",
      "Fluent Bit reads container logs from the node (hostPath /var/log)",
    ),
    namespace(
      "monitoring",
      "privileged",
      "node-exporter reads node metrics with the host's PID and network namespaces",
    ),
  ];
}

function releases(): Manifest[] {
  const c = CONTROLLER_CHARTS;
  return [
    helmRelease({
      name: "aws-load-balancer-controller",
      namespace: ids["aws-load-balancer-controller"].namespace,
      source: c.awsLoadBalancerController,
      values: {
        // IMDS is out of reach at hop limit 1: region and VPC are given explicitly.
        clusterName: "${CLUSTER_NAME}",
        region: "${AWS_REGION}",
        vpcId: "${VPC_ID}",
        replicaCount: 2,
        serviceAccount: { create: true, name: ids["aws-load-balancer-controller"].serviceAccount },
        // The ALBs use the flow table's frontend group; the controller manages no security groups.
        enableBackendSecurityGroup: false,
        defaultTargetType: "ip",
        resources: resources("100m", "128Mi", "256Mi"),
        securityContext: RESTRICTED_CONTAINER,
      },
    }),
    helmRelease({
      name: "external-secrets",
      namespace: ids["external-secrets"].namespace,
      source: c.externalSecrets,
      values: {
        installCRDs: true,
        serviceAccount: { create: true, name: ids["external-secrets"].serviceAccount },
        resources: resources("50m", "128Mi", "256Mi"),
        securityContext: RESTRICTED_CONTAINER,
        webhook: { resources: resources("20m", "64Mi", "128Mi"), securityContext: RESTRICTED_CONTAINER },
        certController: {
          resources: resources("20m", "64Mi", "128Mi"),
          securityContext: RESTRICTED_CONTAINER,
        },
      },
    }),
    helmRelease({
      name: "external-dns",
      namespace: ids["external-dns"].namespace,
      source: c.externalDns,
      values: {
        provider: { name: "aws" },
        sources: ["ingress"],
        // Only the env's zone, and never delete records it did not create.
        domainFilters: ["${DOMAIN}"],
        extraArgs: ["--zone-id-filter=${PUBLIC_ZONE_ID}", "--aws-zone-type=public"],
        policy: "upsert-only",
        registry: "txt",
        txtOwnerId: "${CLUSTER_NAME}",
        env: [{ name: "AWS_DEFAULT_REGION", value: "${AWS_REGION}" }],
        serviceAccount: { create: true, name: ids["external-dns"].serviceAccount },
        resources: resources("20m", "64Mi", "128Mi"),
        securityContext: RESTRICTED_CONTAINER,
      },
    }),
    helmRelease({
      name: "cluster-autoscaler",
      namespace: ids["cluster-autoscaler"].namespace,
      source: c.clusterAutoscaler,
      values: {
        autoDiscovery: { clusterName: "${CLUSTER_NAME}" },
        awsRegion: "${AWS_REGION}",
        image: { tag: "${CLUSTER_AUTOSCALER_IMAGE_TAG}" },
        rbac: { serviceAccount: { create: true, name: ids["cluster-autoscaler"].serviceAccount } },
        extraArgs: {
          "balance-similar-node-groups": true,
          // One apim group per zone, each with its own launch template: EKS labels the nodes with
          // it, and the autoscaler would never find the groups similar (kubernetes/autoscaler#3230).
          // The chart drops what follows "_" in a key, so one flag may repeat.
          "balancing-ignore-label_1": "eks.amazonaws.com/nodegroup",
          "balancing-ignore-label_2": "eks.amazonaws.com/sourceLaunchTemplateId",
          "balancing-ignore-label_3": "eks.amazonaws.com/sourceLaunchTemplateVersion",
          "balancing-ignore-label_4": "topology.k8s.aws/zone-id",
          "skip-nodes-with-system-pods": false,
          expander: "least-waste",
        },
        resources: resources("100m", "300Mi", "600Mi"),
        containerSecurityContext: RESTRICTED_CONTAINER,
      },
    }),
    helmRelease({
      name: "metrics-server",
      namespace: "kube-system",
      source: c.metricsServer,
      values: {
        replicas: 2,
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        resources: resources("50m", "64Mi", "128Mi"),
        securityContext: RESTRICTED_CONTAINER,
      },
    }),
    helmRelease({
      name: "fluent-bit",
      namespace: ids["fluent-bit"].namespace,
      source: c.fluentBit,
      values: {
        serviceAccount: { create: true, name: ids["fluent-bit"].serviceAccount },
        tolerations: [{ operator: "Exists" }],
        resources: resources("50m", "64Mi", "256Mi"),
        securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: false },
        // The root filesystem is read-only: the S3 output buffers its chunks in a volume of its
        // own (an emptyDir: chunks not yet uploaded are lost with the pod).
        extraVolumes: [{ name: FLUENT_BIT_S3_BUFFER.volume, emptyDir: { sizeLimit: "1Gi" } }],
        extraVolumeMounts: [{ name: FLUENT_BIT_S3_BUFFER.volume, mountPath: FLUENT_BIT_S3_BUFFER.path }],
        config: {
          // Container, node and APIM application logs (LOG-1, STO-5): to S3 for retention and to
          // CloudWatch for search. The APIM pods write JSON trace and logs to stdout.
          inputs: [
            "[INPUT]",
            "    Name tail",
            "    Path /var/log/containers/*.log",
            "    multiline.parser docker, cri",
            "    Tag kube.*",
            "    Mem_Buf_Limit 50MB",
            "    Skip_Long_Lines On",
            "[INPUT]",
            "    Name systemd",
            "    Tag node.*",
            "    Systemd_Filter _SYSTEMD_UNIT=kubelet.service",
          ].join("\n"),
          filters: [
            "[FILTER]",
            "    Name kubernetes",
            "    Match kube.*",
            "    Merge_Log On",
            "    Keep_Log Off",
          ].join("\n"),
          outputs: [
            "[OUTPUT]",
            "    Name s3",
            "    Match *",
            "    bucket ${LOG_BUCKET}",
            "    region ${AWS_REGION}",
            `    store_dir ${FLUENT_BIT_S3_BUFFER.path}`,
            "    total_file_size 50M",
            "    upload_timeout 5m",
            "    compression gzip",
            "    s3_key_format /kubernetes/%Y/%m/%d/$TAG/%H-%M-%S-$UUID.gz",
            "[OUTPUT]",
            "    Name cloudwatch_logs",
            "    Match kube.*",
            "    region ${AWS_REGION}",
            "    log_group_name ${CONTAINER_LOG_GROUP}",
            "    log_stream_prefix ${CLUSTER_NAME}-",
            "    auto_create_group false",
          ].join("\n"),
        },
      },
    }),
  ];
}

export function controllerFiles(): OutputFile[] {
  const dir = "infrastructure/controllers";
  // Every chart's repository, the monitoring stack's (installed in configs) included.
  const repositories = Object.values(CONTROLLER_CHARTS).map(helmRepository);
  const perRelease = releases().map((r) => ({ name: (r.metadata as { name: string }).name, manifest: r }));
  return [
    { path: `${dir}/namespaces.yaml`, ownership: "generated", body: toYaml(...namespaces()) },
    { path: `${dir}/repositories.yaml`, ownership: "generated", body: toYaml(...repositories) },
    ...perRelease.map((r): OutputFile => ({
      path: `${dir}/${r.name}.yaml`,
      ownership: "generated",
      body: toYaml(r.manifest),
    })),
    {
      path: `${dir}/kustomization.yaml`,
      ownership: "generated",
      body: toYaml(
        kustomization({
          resources: ["namespaces.yaml", "repositories.yaml", ...perRelease.map((r) => `${r.name}.yaml`)],
        }),
      ),
    },
  ];
}
