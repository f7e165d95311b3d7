// The edge (K8S-10, K8S-12, SECU-4): a DNS-validated ACM certificate per host in the env's zone,
// and a WAF web ACL with AWS managed rule groups.
import { Finding, TerraformCheck } from "../check";
import { Attrs } from "../terraform-model";

export const P13: TerraformCheck = {
  id: "P13",
  title: "Per-host ACM certificates validated by DNS; WAF with managed rule groups",
  requirements: ["K8S-10", "SECU-4", "K8S-12"],
  evaluate: (model) => [
    ...model.ofType("aws_acm_certificate").map((cert): Finding => {
      const validated =
        model.referencing("aws_acm_certificate_validation", "certificate_arn", cert).length > 0;
      const failures = [
        cert.attrs.validation_method !== "DNS" && "not DNS-validated",
        !validated && "no certificate validation",
        Array.isArray(cert.attrs.subject_alternative_names) &&
          cert.attrs.subject_alternative_names.length > 0 &&
          "shares a certificate between hosts",
        String(cert.attrs.domain_name).startsWith("*") && "wildcard certificate",
      ].filter((f): f is string => typeof f === "string");
      return failures.length
        ? { subject: cert.address, ok: false, message: failures.join("; ") }
        : {
            subject: cert.address,
            ok: true,
            message: `${String(cert.attrs.domain_name)}: its own certificate, DNS-validated`,
          };
    }),
    ...model.ofType("aws_wafv2_web_acl").map((acl): Finding => {
      // An ACL without rule_json has no rule this check can read: none counts as managed.
      const managed =
        typeof acl.attrs.rule_json === "string"
          ? (JSON.parse(acl.attrs.rule_json) as Attrs[]).filter((r) =>
              JSON.stringify(r.Statement ?? {}).includes('"VendorName":"AWS"'),
            )
          : [];
      const failures = [
        acl.attrs.scope !== "REGIONAL" && `scope is ${String(acl.attrs.scope)}, not REGIONAL`,
        managed.length < 2 && `${managed.length} AWS managed rule group(s), at least 2 needed`,
      ].filter((f): f is string => typeof f === "string");
      return failures.length
        ? { subject: acl.address, ok: false, message: failures.join("; ") }
        : { subject: acl.address, ok: true, message: `${managed.length} AWS managed rule groups` };
    }),
  ],
};
