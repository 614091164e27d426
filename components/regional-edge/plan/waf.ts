/**
 * The regional web ACL in front of the load balancer: AWS managed rule groups and a rate-based rule per client IP,
 * metrics and sampled requests on every rule, and its logging to a CloudWatch log group (the shapes
 * `aws.wafv2.WebAcl` and `aws.wafv2.WebAclLoggingConfiguration` take, as plain data).
 */

/**
 * The smallest and largest rate limits WAF accepts, in requests per evaluation window (AWS WAF Developer Guide,
 * "Rate-based rule high-level settings": "The lowest limit setting allowed is 10"; API RateBasedStatement, Limit:
 * 10 to 2,000,000,000).
 */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/** The window the rate limit counts requests over: 300 seconds, WAF's default (60, 120, 300 or 600). */
export const WAF_RATE_WINDOW_SECONDS = 300;

/** WAF names the log groups it delivers to only `aws-waf-logs-…` (WAF Developer Guide, "CloudWatch Logs"). */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/**
 * The AWS managed rule groups, in evaluation order after the IP reputation list and the rate limit: known bad IPs
 * first (cheapest), then floods, then the request inspections. Each blocks what its rules match (`overrideAction`
 * none); an application that needs a rule relaxed gets a rule action override, argued in review.
 */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** The rate-based rule's name (and metric suffix). */
export const WAF_RATE_RULE = "rate-limit-per-ip";

/** Headers whose values never reach the WAF logs: credentials and session cookies. */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** The visibility of the web ACL and each rule: CloudWatch metrics and sampled requests, under a metric name. */
export interface WafVisibility {
  readonly cloudwatchMetricsEnabled: true;
  readonly sampledRequestsEnabled: true;
  readonly metricName: string;
}

type Empty = Readonly<Record<string, never>>;

/** One rule of the web ACL. */
export type WafRule =
  | {
      readonly name: string;
      readonly priority: number;
      readonly overrideAction: { readonly none: Empty };
      readonly statement: {
        readonly managedRuleGroupStatement: { readonly vendorName: "AWS"; readonly name: string };
      };
      readonly visibilityConfig: WafVisibility;
    }
  | {
      readonly name: string;
      readonly priority: number;
      readonly action: { readonly block: Empty };
      readonly statement: {
        readonly rateBasedStatement: {
          readonly limit: number;
          readonly aggregateKeyType: "IP";
          readonly evaluationWindowSec: number;
        };
      };
      readonly visibilityConfig: WafVisibility;
    };

/** The metric name of the web ACL (`<name>-<environment>-<region>`); each rule's adds `-<rule>`. */
export function wafMetricName(name: string, environment: string, region: string): string {
  return `${name}-${environment}-${region}`;
}

function visibility(metricName: string): WafVisibility {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** The web ACL's visibility. */
export function webAclVisibility(metricName: string): WafVisibility {
  return visibility(metricName);
}

/**
 * The web ACL's rules, by priority: the IP reputation list (0), the rate limit per client IP (1), then the common
 * rule set, known bad inputs and SQL injection (2 to 4). Everything else is allowed (the web ACL's default action).
 */
export function webAclRules(rateLimit: number, metricName: string): WafRule[] {
  const managed = (group: string, priority: number): WafRule => ({
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
    visibilityConfig: visibility(`${metricName}-${group}`),
  });
  const [reputation, ...inspections] = WAF_MANAGED_RULE_GROUPS;
  return [
    managed(reputation, 0),
    {
      name: WAF_RATE_RULE,
      priority: 1,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: rateLimit,
          aggregateKeyType: "IP",
          evaluationWindowSec: WAF_RATE_WINDOW_SECONDS,
        },
      },
      visibilityConfig: visibility(`${metricName}-${WAF_RATE_RULE}`),
    },
    ...inspections.map((group, index) => managed(group, index + 2)),
  ];
}

/** The WAF log group: `aws-waf-logs-<name>-<environment>-<region>`. */
export function wafLogGroupName(name: string, environment: string, region: string): string {
  return `${WAF_LOG_GROUP_PREFIX}${name}-${environment}-${region}`;
}

/** The fields redacted from the WAF logs, in the shape `aws.wafv2.WebAclLoggingConfiguration` takes. */
export function wafRedactedFields(): { readonly singleHeader: { readonly name: string } }[] {
  return WAF_REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } }));
}
