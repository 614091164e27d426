/**
 * The edge keeps what it saw and survives a slip: load balancers cannot be deleted by accident and Application Load
 * Balancers log every request; WAF web ACLs log the requests they judge and publish metrics for every rule.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  isApplicationLoadBalancer,
  LOAD_BALANCER_TYPES,
  WEB_ACL,
  WEB_ACL_LOGGING_CONFIGURATION,
} from "../lib/edge";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { isRecord, listOf, parseJsonDocument, setTo } from "../lib/values";

type LoadBalancerInputs = Inputs<aws.lb.LoadBalancerArgs>;

export const lbDeletionProtection: ResourceValidationPolicy = {
  name: "lb-deletion-protection",
  description: "Load balancers (application, network, gateway) have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: LOAD_BALANCER_TYPES.map((type) =>
    validateType<LoadBalancerInputs>(type, (lb, _args, report) => {
      if (lb.enableDeletionProtection !== true) {
        report(setTo("enableDeletionProtection", lb.enableDeletionProtection, "true"));
      }
    }),
  ),
};

export const lbAccessLogs: ResourceValidationPolicy = {
  name: "lb-access-logs",
  description: "Application Load Balancers write access logs to S3.",
  enforcementLevel: "mandatory",
  validateResource: LOAD_BALANCER_TYPES.map((type) =>
    validateType<LoadBalancerInputs>(type, (lb, _args, report) => {
      if (!isApplicationLoadBalancer(lb)) {
        return;
      }
      const logs = lb.accessLogs;
      if (logs?.enabled !== true || logs.bucket === undefined || logs.bucket === "") {
        report(
          logs === undefined
            ? setTo("accessLogs", undefined, "{ enabled: true, bucket: <the log archive> }")
            : setTo("accessLogs.enabled", logs.enabled, "true, with accessLogs.bucket the log archive"),
        );
      }
    }),
  ),
};

export const wafLogging: StackValidationPolicy = {
  name: "waf-logging",
  description: "Every WAF web ACL has a logging configuration (aws.wafv2.WebAclLoggingConfiguration).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const configurations = resourcesOfType(args, WEB_ACL_LOGGING_CONFIGURATION);
    for (const acl of resourcesOfType(args, WEB_ACL)) {
      const logged = configurations.some(
        (c) => linkedResources(c, "resourceArn", [acl], { candidateKeys: ["arn", "id"] }).length > 0,
      );
      if (!logged) {
        report(
          "web ACL has no logging configuration; add an aws.wafv2.WebAclLoggingConfiguration with resourceArn set " +
            'to its ARN and logDestinationConfigs a log group whose name starts with "aws-waf-logs-".',
          acl.urn,
        );
      }
    }
  },
};

interface VisibilityConfig {
  cloudwatchMetricsEnabled?: unknown;
}

/** Rules of `ruleJson` (a JSON array of rules in the WAF API's shape: `Name`, `VisibilityConfig`). */
function jsonRules(ruleJson: unknown): { name: unknown; visibility: VisibilityConfig | undefined }[] {
  const parsed = parseJsonDocument(ruleJson);
  return (Array.isArray(parsed) ? (parsed as unknown[]) : []).filter(isRecord).map((rule) => {
    const visibility = rule["VisibilityConfig"];
    return {
      name: rule["Name"],
      visibility: isRecord(visibility)
        ? { cloudwatchMetricsEnabled: visibility["CloudWatchMetricsEnabled"] }
        : undefined,
    };
  });
}

export const wafRuleMetrics: ResourceValidationPolicy = {
  name: "waf-rule-metrics",
  description: "WAF web ACLs and each of their rules publish CloudWatch metrics.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.wafv2.WebAclArgs>>(WEB_ACL, (acl, _args, report) => {
    if (acl.visibilityConfig?.cloudwatchMetricsEnabled !== true) {
      report(
        setTo(
          "visibilityConfig.cloudwatchMetricsEnabled",
          acl.visibilityConfig?.cloudwatchMetricsEnabled,
          "true",
        ),
      );
    }
    listOf(acl.rules).forEach((rule, index) => {
      if (rule.visibilityConfig?.cloudwatchMetricsEnabled !== true) {
        report(
          setTo(
            `rules[${index}].visibilityConfig.cloudwatchMetricsEnabled`,
            rule.visibilityConfig?.cloudwatchMetricsEnabled,
            "true",
          ),
        );
      }
    });
    jsonRules(acl.ruleJson).forEach((rule, index) => {
      if (rule.visibility?.cloudwatchMetricsEnabled !== true) {
        report(
          `ruleJson[${index}] (${JSON.stringify(rule.name)}) has VisibilityConfig.CloudWatchMetricsEnabled ` +
            `${rule.visibility?.cloudwatchMetricsEnabled === undefined ? "not set" : JSON.stringify(rule.visibility.cloudwatchMetricsEnabled)}; set it to true.`,
        );
      }
    });
  }),
};

export const ROUTE53_RECORD = "aws:route53/record:Record";

type RecordInputs = Inputs<aws.route53.RecordArgs>;

/** Routing policies that choose among records, and so must know which records are healthy. */
const CHOOSING_POLICIES = [
  "weightedRoutingPolicies",
  "failoverRoutingPolicies",
  "latencyRoutingPolicies",
  "geolocationRoutingPolicies",
  "geoproximityRoutingPolicy",
  "cidrRoutingPolicy",
] as const;

export const route53RoutingHealthChecked: ResourceValidationPolicy = {
  name: "route53-routing-health-checked",
  description:
    "Route 53 records with a routing policy that chooses among records (weighted, failover, latency, geo, CIDR) " +
    "name a health check, so an unhealthy endpoint drops out by itself.",
  enforcementLevel: "mandatory",
  validateResource: validateType<RecordInputs>(ROUTE53_RECORD, (record, _args, report) => {
    const routing = CHOOSING_POLICIES.find((key) => {
      const value: unknown = record[key];
      return Array.isArray(value) ? value.length > 0 : isRecord(value);
    });
    if (routing === undefined) {
      return;
    }
    if (typeof record.healthCheckId !== "string" || record.healthCheckId === "") {
      report(
        `the record routes by ${routing} but names no health check, so Route 53 keeps answering with it while its ` +
          "endpoint is down; set healthCheckId to the health check of the endpoint it points at.",
      );
    }
  }),
};
