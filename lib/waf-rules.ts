// AWS managed rule groups on the public load balancer (K8S-12, SECU-4), as data, in priority order.
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** The web ACL's rules in the JSON form of the WAFv2 API (the web ACL's rule_json). */
export function wafRules(metricPrefix: string): Record<string, unknown>[] {
  return WAF_MANAGED_RULE_GROUPS.map((group, priority) => ({
    Name: group,
    Priority: priority,
    OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: group } },
    VisibilityConfig: {
      CloudWatchMetricsEnabled: true,
      MetricName: `${metricPrefix}-${group}`,
      SampledRequestsEnabled: true,
    },
  }));
}
