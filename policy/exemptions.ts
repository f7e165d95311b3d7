// Findings the project accepts, each with its reason. `subject` may use * as a wildcard.
// An exemption that matches no failing finding fails the run: stale exemptions are removed.
export interface Exemption {
  readonly check: string;
  readonly subject: string;
  /** When set, only a finding whose whole message matches is exempted: other failures of the
   * same subject stay failures. */
  readonly message?: RegExp;
  readonly reason: string;
}

/** K2's findings about the APIM images' uid/gid 1000 alone: any other K2 failure still fails. */
const IMAGE_UID_ONLY = /^(?:(?:; )?run(?:AsUser|AsGroup) 1000 is not above 10000)+$/;

export const EXEMPTIONS: readonly Exemption[] = [
  {
    check: "T34",
    subject: "*-data/aws_s3_bucket.alb-logs_bucket_*",
    reason:
      "ALB access logs: Elastic Load Balancing delivers only to buckets with SSE-S3 (AES256) default encryption, " +
      "not SSE-KMS (ELB user guide; aws/aws-cdk#21947). The bucket is otherwise private, versioned and TLS-only.",
  },
  {
    check: "P6",
    subject: "dev-data/aws_ebs_volume.*",
    reason:
      "dev is a non-HA development env: 20 GB Cassandra volumes are enough there; HA envs are held to 50 GB by config validation.",
  },
  {
    check: "T41",
    subject: "*-cluster/aws_iam_role_policy.identity-aws-load-balancer-controller_policy_*",
    reason:
      "AWS Load Balancer Controller: listeners and rules are created before they carry the cluster tag, so " +
      "their create/modify/delete actions cannot be tag-conditioned (the controller's published policy leaves them " +
      "on Resource * too). Every other write of this policy is tag- or ARN-scoped.",
  },
  {
    check: "K10",
    subject: "*/Deployment/apim/*",
    reason:
      "Axway EMT images: the start scripts copy /merge over /opt/Axway/apigateway and the gateway writes conf, " +
      "trace and logs under it, so the root filesystem stays writable. Privilege escalation, capabilities and " +
      "the user are locked down instead; the init containers run read-only.",
  },
  {
    check: "K10",
    subject: "*/Job/apim/metrics-schema/dbsetup",
    reason:
      "dbsetup runs from the ANM image and writes its logs and temporary files under /opt/Axway/apigateway.",
  },
  {
    check: "K2",
    subject: "*/Deployment/apim/*",
    message: IMAGE_UID_ONLY,
    reason:
      "Axway EMT images: /opt/Axway is owned by the image's user, uid/gid 1000, and the start scripts write " +
      "under it, so the APIM containers (and their init containers, from the same image) run as 1000, not above " +
      "10000. Root is still refused (runAsNonRoot, no root group, no escalation, all capabilities dropped).",
  },
  {
    check: "K2",
    subject: "*/Job/apim/metrics-schema/*",
    message: IMAGE_UID_ONLY,
    reason: "dbsetup and its init container run from the ANM image, whose files belong to uid/gid 1000.",
  },
  {
    check: "K30",
    subject: "*/Job/apim/metrics-schema",
    message: /^no ttlSecondsAfterFinished$/,
    reason:
      "Flux applies the schema Job from Git: once a TTL deleted it, Flux would create it again and rerun " +
      "dbsetup every day, stalling the apim-schema Kustomization. The finished Job stays; a new one " +
      "replaces it through the kustomize.toolkit.fluxcd.io/force annotation.",
  },
  {
    check: "T8",
    subject: "*-cluster/aws_eks_node_group.monitoring-nodes_*",
    message: /^spans 1 zones, not 3$/,
    reason:
      "Prometheus keeps its data on an EBS volume, which lives in one zone: a monitoring node replaced in " +
      "another zone could never mount it. The seed leaves monitoring out of the spread (K8S-7); the APIM " +
      "workers keep one node group per zone.",
  },
  {
    check: "K19",
    subject: "*/Deployment/apim/admin-node-manager",
    reason:
      "APIM-1: exactly one ANM; with two, gateways register with either and each ANM sees half the topology (Axway ISS-38).",
  },
  {
    check: "K19",
    subject: "*/Deployment/apim/api-manager",
    reason:
      "APIM-2: one API Manager UI replica; its session lives in a local cache (Axway ISS-39). Traffic is served by the gateways.",
  },
  {
    check: "K19",
    subject: "dev/Deployment/apim/gateway-public",
    reason: "APIM-5: the dev env runs one gateway pod so that Policy Studio can deploy into it.",
  },
  {
    check: "K21",
    subject: "dev/HorizontalPodAutoscaler/apim/gateway-public",
    reason:
      "APIM-5: the dev group is pinned to one pod (min = max = 1); the HPA stays so every env has the same objects.",
  },
];
