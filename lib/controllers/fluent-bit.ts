// Fluent Bit: ships container, node and APIM application logs to the env's log bucket and the
// container log group (LOG-1, STO-5). Installed by Flux in a namespace of its own, which must be
// privileged: it reads the node's logs from hostPath.
import { PolicyStatement } from "../iam-policy";
import { Narrowing, ReferencePolicy } from "../policies/reference/types";
import {
  FluxController,
  ControllerPolicyContext,
  resources,
  RESTRICTED_CONTAINER,
  viaKeyAlias,
} from "./controller";

const SERVICE_ACCOUNT = "fluent-bit";

/** Where Fluent Bit's S3 output buffers chunks before upload (its store_dir), and its volume. */
const S3_BUFFER = { volume: "s3-buffer", path: "/var/fluent-bit/s3" } as const;

function statements(ctx: ControllerPolicyContext): PolicyStatement[] {
  return [
    {
      Sid: "WriteLogObjects",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: `${ctx.logBucketArn}/*`,
    },
    // The S3 output uploads in parts (total_file_size): with SSE-KMS, completing a multipart
    // upload decrypts the parts' data keys.
    viaKeyAlias(
      ctx,
      "EncryptLogObjects",
      ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"],
      ctx.logsKeyAlias,
      "s3",
    ),
    {
      Sid: "WriteLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [ctx.containerLogGroupArn, `${ctx.containerLogGroupArn}:*`],
    },
  ];
}

// The reference: Fluent Bit 3.2 (chart 0.48.10, below): the permissions of the two outputs we
// configure (s3 and cloudwatch_logs), verbatim from the "Permissions" section of each page.
const REFERENCE: ReferencePolicy = {
  provenance:
    "github.com/fluent/fluent-bit-docs pipeline/outputs/s3.md and pipeline/outputs/cloudwatch.md on branch 3.2 (36106a0740d3f62f05d0e9e69b2c0e21dfa9de21)",
  document: {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:PutObject"], Resource: "*" },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"],
        Resource: "*",
      },
    ],
  },
};

// Where ours grants less than the reference, on purpose.
const NARROWINGS: readonly Narrowing[] = [
  {
    actions: ["s3:PutObject"],
    reason: "only the env's log bucket",
    intended: {
      resource: "{bucket:logs}/containers/2026/01/01/log.gz",
      context: { "aws:SecureTransport": "true" },
    },
    outside: "{bucket:state}/{env}/data.tfstate",
  },
  {
    actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
    reason: "only the container log group Terraform creates",
    intended: { resource: "{log-group:containers}:log-stream:node-1" },
    outside: "arn:aws:logs:{region}:{account}:log-group:/other:log-stream:node-1",
  },
  {
    actions: ["logs:CreateLogGroup"],
    reason: "the log group is Terraform's (auto_create_group false): KMS, retention",
  },
];

export const FLUENT_BIT: FluxController = {
  name: "fluent-bit",
  namespace: "logging",
  podSecurity: {
    level: "privileged",
    reason: "Fluent Bit reads container logs from the node (hostPath /var/log)",
  },
  install: {
    by: "flux",
    chart: {
      repository: "fluent",
      url: "https://fluent.github.io/helm-charts",
      chart: "fluent-bit",
      // Fluent Bit 3.2.10: the first 3.2 release with EKS Pod Identity credentials (fluent-bit#10114).
      version: "0.48.10",
    },
    values: () => ({
      serviceAccount: { create: true, name: SERVICE_ACCOUNT },
      tolerations: [{ operator: "Exists" }],
      resources: resources("50m", "64Mi", "256Mi"),
      securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: false },
      // The root filesystem is read-only: the S3 output buffers its chunks in a volume of its
      // own (an emptyDir: chunks not yet uploaded are lost with the pod).
      extraVolumes: [{ name: S3_BUFFER.volume, emptyDir: { sizeLimit: "1Gi" } }],
      extraVolumeMounts: [{ name: S3_BUFFER.volume, mountPath: S3_BUFFER.path }],
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
          `    store_dir ${S3_BUFFER.path}`,
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
    }),
  },
  aws: { serviceAccount: SERVICE_ACCOUNT, statements, reference: REFERENCE, narrowings: NARROWINGS },
};
