// Ingresses for the AWS Load Balancer Controller (LB-1, LB-2, K8S-10..12, T27-T31): one ALB per
// exposure (public, internal) through ingress groups, one host per UI/API, TLS 1.2+ with the
// certificate of the host discovered in ACM, HTTPS-only with a redirect, HTTP/2 off, HTTPS to the
// pods, invalid headers dropped, access logs, deletion protection, and the flow table's group of
// each ALB: frontend for the public one, internalAlb (admin CIDRs and the bastion only) for the
// internal one. The controller ignores inbound-cidrs once security-groups is set: the group is the
// allowlist.
import { ALB_LOG_PREFIXES } from "../../lib/alb-log-prefixes";
import { Manifest } from "../yaml";

export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** How long the ALB drains a target: within the pods' termination grace period (pod.ts). */
export const DEREGISTRATION_DELAY_SECONDS = 30;

export interface IngressSpec {
  readonly name: string;
  readonly exposure: "public" | "internal";
  readonly hosts: readonly string[];
  readonly service: string;
  readonly port: number;
  readonly healthCheck: { path: string; port?: number; protocol: "HTTP" | "HTTPS"; successCodes: string };
  /** Cookie stickiness for the API Manager UI (its session lives in one pod). */
  readonly stickySeconds?: number;
}

export function ingress(spec: IngressSpec): Manifest {
  const attributes = [
    "routing.http2.enabled=false",
    "routing.http.drop_invalid_header_fields.enabled=true",
    "routing.http.desync_mitigation_mode=defensive",
    "deletion_protection.enabled=true",
    "access_logs.s3.enabled=true",
    "access_logs.s3.bucket=${ALB_LOG_BUCKET}",
    `access_logs.s3.prefix=${ALB_LOG_PREFIXES[spec.exposure]}`,
  ];
  const annotations: Record<string, string> = {
    "alb.ingress.kubernetes.io/scheme": spec.exposure === "public" ? "internet-facing" : "internal",
    "alb.ingress.kubernetes.io/group.name": `apim-${spec.exposure}`,
    "alb.ingress.kubernetes.io/target-type": "ip",
    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
    "alb.ingress.kubernetes.io/ssl-redirect": "443",
    "alb.ingress.kubernetes.io/ssl-policy": TLS_POLICY,
    "alb.ingress.kubernetes.io/backend-protocol": "HTTPS",
    "alb.ingress.kubernetes.io/backend-protocol-version": "HTTP1",
    "alb.ingress.kubernetes.io/healthcheck-path": spec.healthCheck.path,
    "alb.ingress.kubernetes.io/healthcheck-protocol": spec.healthCheck.protocol,
    "alb.ingress.kubernetes.io/healthcheck-port": String(spec.healthCheck.port ?? "traffic-port"),
    "alb.ingress.kubernetes.io/success-codes": spec.healthCheck.successCodes,
    "alb.ingress.kubernetes.io/load-balancer-attributes": attributes.join(","),
    "alb.ingress.kubernetes.io/security-groups":
      spec.exposure === "public" ? "${FRONTEND_SECURITY_GROUP_ID}" : "${INTERNAL_ALB_SECURITY_GROUP_ID}",
    "alb.ingress.kubernetes.io/manage-backend-security-group-rules": "false",
    ...(spec.exposure === "public" ? { "alb.ingress.kubernetes.io/wafv2-acl-arn": "${WAF_ACL_ARN}" } : {}),
    // Targets drain within the pods' termination grace period (zero-downtime rollouts, K8S-14);
    // the API Manager UI keeps its session on one pod.
    "alb.ingress.kubernetes.io/target-group-attributes": [
      `deregistration_delay.timeout_seconds=${DEREGISTRATION_DELAY_SECONDS}`,
      ...(spec.stickySeconds
        ? [
            "stickiness.enabled=true",
            "stickiness.type=lb_cookie",
            `stickiness.lb_cookie.duration_seconds=${spec.stickySeconds}`,
          ]
        : []),
    ].join(","),
  };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: spec.name, annotations },
    spec: {
      ingressClassName: "alb",
      tls: [{ hosts: [...spec.hosts] }],
      rules: spec.hosts.map((host) => ({
        host,
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: spec.service, port: { number: spec.port } } },
            },
          ],
        },
      })),
    },
  };
}
