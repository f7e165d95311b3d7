// What the load balancers need at the edge (K8S-10, K8S-12, SECU-4, LB-1): the env's public zone,
// one ACM certificate per host validated by DNS in that zone (the Load Balancer Controller finds
// them by host), and a WAF web ACL with AWS managed rule groups for the public ALB.
import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { wafRules } from "../lib/waf-rules";

export interface EdgeProps {
  readonly name: string;
  readonly webAclName: string;
  readonly domain: string;
  readonly hosts: readonly string[];
}

export class Edge extends Construct {
  readonly zone: Route53Zone;
  readonly certificates: AcmCertificate[];
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    // Delegate this zone from its parent (NS records) before the first apply completes:
    // certificate validation waits for it.
    this.zone = new Route53Zone(this, "zone", {
      name: props.domain,
      comment: `Public names of the ${props.name} APIM environment`,
      lifecycle: { preventDestroy: true },
    });
    this.certificates = props.hosts.map((host) => {
      const label = host.split(".")[0];
      const certificate = new AcmCertificate(this, `${label}-certificate`, {
        domainName: host,
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
        tags: { Name: host },
        lifecycle: { createBeforeDestroy: true },
      });
      const option = certificate.domainValidationOptions.get(0);
      const record = new Route53Record(this, `${label}-validation`, {
        zoneId: this.zone.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      });
      new AcmCertificateValidation(this, `${label}-validated`, {
        certificateArn: certificate.arn,
        validationRecordFqdns: [record.fqdn],
      });
      return certificate;
    });
    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.webAclName,
      description: "AWS managed rule groups in front of the public APIM load balancer",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      ruleJson: JSON.stringify(wafRules(props.name)),
      visibilityConfig: {
        cloudwatchMetricsEnabled: true,
        metricName: props.webAclName,
        sampledRequestsEnabled: true,
      },
    });
  }
}
