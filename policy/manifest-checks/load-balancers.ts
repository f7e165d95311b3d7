// The ALBs the AWS Load Balancer Controller creates from the Ingress annotations: T27-T31 (and R9)
// of the check catalog, re-expressed on the Ingress objects (the ALB is not in Terraform).
import { Check, Failures, perSubject } from "../check";
import { K8sObject } from "../../tools/kustomize/kustomize-lite";
import { ManifestModel } from "../manifest-model";
import { Spec } from "../pod-model";

type ManifestCheck = Check<ManifestModel>;

/** TLS policies that allow TLS 1.2 and 1.3 only (T28: an allowlist, not a prefix). */
export const ALLOWED_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
];

const A = "alb.ingress.kubernetes.io/";
const annotations = (i: K8sObject) => i.metadata.annotations ?? {};
const securityGroups = (i: K8sObject) =>
  (annotations(i)[`${A}security-groups`] ?? "")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
/** The load-balancer attributes; unset, the one "attribute" "undefined", which none matches. */
const attributes = (i: K8sObject) => String(annotations(i)[`${A}load-balancer-attributes`]).split(",");

function perIngress(
  id: string,
  title: string,
  requirements: string[],
  passText: string,
  failures: (i: K8sObject, model: ManifestModel) => Failures,
): ManifestCheck {
  return perSubject<ManifestModel, K8sObject>({
    id,
    title,
    requirements,
    passText,
    subjects: (model) => model.ofKind("Ingress").map((i) => [model.subject(i), i]),
    failures,
  });
}

export const T27 = perIngress(
  "T27",
  "HTTPS listener with a redirect from HTTP and a certificate per host",
  ["K8S-11", "K8S-12", "SECU-4", "LB-1"],
  "HTTPS only, redirect, certificate per host",
  (i) => {
    const a = annotations(i);
    const spec = i.spec as Spec;
    const tlsHosts =
      (spec.tls as Spec[] | undefined)?.flatMap((t) => (t.hosts as string[] | undefined) ?? []) ?? [];
    const ruleHosts = (spec.rules as Spec[] | undefined)?.map((r) => String(r.host)) ?? [];
    return [
      !String(a[`${A}listen-ports`]).includes('{"HTTPS":443}') && "no HTTPS listener",
      a[`${A}ssl-redirect`] !== "443" && "no redirect to HTTPS",
      // Discovery finds certificates by host: without a host it finds none.
      !a[`${A}certificate-arn`] &&
        (!tlsHosts.length || !ruleHosts.every((h) => tlsHosts.includes(h))) &&
        "a host has no certificate (certificate-arn or TLS host for discovery)",
    ];
  },
);

export const T28 = perIngress(
  "T28",
  "TLS 1.2+ security policy from the allowlist",
  ["K8S-12", "SECU-2"],
  "TLS 1.2/1.3 only",
  (i) => [
    !ALLOWED_TLS_POLICIES.includes(String(annotations(i)[`${A}ssl-policy`])) &&
      `ssl-policy ${String(annotations(i)[`${A}ssl-policy`] ?? "default (allows TLS 1.0)")}`,
  ],
);

export const T29 = perIngress(
  "T29",
  "Invalid headers dropped, desync mitigation, HTTP/2 off",
  ["K8S-12"],
  "headers sanitized, HTTP/1.1",
  (i) => {
    const attrs = attributes(i);
    return [
      !attrs.includes("routing.http.drop_invalid_header_fields.enabled=true") && "invalid headers pass",
      attrs.includes("routing.http.desync_mitigation_mode=monitor") && "desync mitigation only monitors",
      !attrs.includes("routing.http2.enabled=false") && "HTTP/2 not disabled (K8S-12)",
    ];
  },
);

export const T30 = perIngress(
  "T30",
  "Access logs and deletion protection (R9)",
  ["LOG-1", "BAK-1"],
  "logged, protected",
  (i) => {
    const attrs = attributes(i);
    return [
      !attrs.includes("access_logs.s3.enabled=true") && "no access logs",
      !attrs.some((a) => a.startsWith("access_logs.s3.bucket=")) && "no access log bucket",
      !attrs.includes("deletion_protection.enabled=true") && "no deletion protection",
    ];
  },
);

export const T31 = perIngress(
  "T31",
  "WAF on internet-facing ALBs; an allowlist that applies on internal ones; health checks; IP targets; HTTPS backends",
  ["LB-1", "LB-2", "K8S-11", "SECU-1"],
  "WAF/allowlist, health check, ip targets, HTTPS backends",
  (i, model) => {
    const a = annotations(i);
    const publicFacing = a[`${A}scheme`] === "internet-facing";
    const groups = securityGroups(i);
    const publicGroups = model
      .ofKind("Ingress")
      .filter((x) => annotations(x)[`${A}scheme`] === "internet-facing")
      .flatMap(securityGroups);
    return [
      publicFacing && !a[`${A}wafv2-acl-arn`] && "internet-facing without WAF",
      // With security-groups set, the controller ignores inbound-cidrs: the group is the allowlist.
      !publicFacing &&
        !groups.length &&
        (!a[`${A}inbound-cidrs`] || a[`${A}inbound-cidrs`].includes("0.0.0.0/0")) &&
        "internal ALB without an admin allowlist",
      !publicFacing &&
        groups.some((g) => publicGroups.includes(g)) &&
        "internal ALB shares the internet-facing ALB's security group, which admits the world",
      !publicFacing &&
        groups.length > 0 &&
        a[`${A}inbound-cidrs`] &&
        "inbound-cidrs is ignored when security-groups is set: the internal ALB's group must be its allowlist",
      !a[`${A}healthcheck-path`] && "no health check path",
      a[`${A}target-type`] !== "ip" && "targets are not pod IPs",
      a[`${A}backend-protocol`] !== "HTTPS" && "plain HTTP to the pods (K8S-11)",
      !a[`${A}group.name`] && "no ingress group (one ALB per exposure, LB-2)",
    ];
  },
);
