/**
 * The edge: Application Load Balancers refuse malformed and ambiguous requests (invalid header fields, HTTP desync),
 * internet-facing ones sit behind a WAF web ACL, and every web ACL has rules.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  isApplicationLoadBalancer,
  isApplicationLoadBalancerResource,
  LOAD_BALANCER_TYPES,
  WEB_ACL,
  WEB_ACL_ASSOCIATION,
} from "../lib/edge";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { describe, listOf, parseJsonDocument, peek, setTo } from "../lib/values";

type LoadBalancerInputs = Inputs<aws.lb.LoadBalancerArgs>;

export const lbDropInvalidHeaders: ResourceValidationPolicy = {
  name: "lb-drop-invalid-headers",
  description:
    "Application Load Balancers drop HTTP header fields that are not valid, instead of passing them to the targets.",
  enforcementLevel: "mandatory",
  validateResource: LOAD_BALANCER_TYPES.map((type) =>
    validateType<LoadBalancerInputs>(type, (lb, _args, report) => {
      if (isApplicationLoadBalancer(lb) && lb.dropInvalidHeaderFields !== true) {
        report(setTo("dropInvalidHeaderFields", lb.dropInvalidHeaderFields, "true"));
      }
    }),
  ),
};

const DESYNC_MODES = ["defensive", "strictest"];

export const lbDesyncMitigation: ResourceValidationPolicy = {
  name: "lb-desync-mitigation",
  description:
    "Application Load Balancers mitigate HTTP desync in defensive (the default) or strictest mode, never monitor.",
  enforcementLevel: "mandatory",
  validateResource: LOAD_BALANCER_TYPES.map((type) =>
    validateType<LoadBalancerInputs>(type, (lb, _args, report) => {
      const mode = lb.desyncMitigationMode;
      if (isApplicationLoadBalancer(lb) && mode !== undefined && !DESYNC_MODES.includes(mode)) {
        report(setTo("desyncMitigationMode", mode, '"defensive" (or "strictest", or leave it unset)'));
      }
    }),
  ),
};

export const albWafAssociated: StackValidationPolicy = {
  name: "alb-waf-associated",
  description: "Internet-facing Application Load Balancers are associated with a WAF web ACL.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const associations = resourcesOfType(args, WEB_ACL_ASSOCIATION);
    for (const lb of resourcesOfType(args, ...LOAD_BALANCER_TYPES)) {
      if (!isApplicationLoadBalancerResource(lb) || peek(lb.props, "internal") === true) {
        continue;
      }
      const associated = associations.some(
        (a) => linkedResources(a, "resourceArn", [lb], { candidateKeys: ["arn", "id"] }).length > 0,
      );
      if (!associated) {
        report(
          "this internet-facing load balancer has no WAF web ACL; add an aws.wafv2.WebAclAssociation with " +
            "resourceArn set to its ARN and a REGIONAL web ACL.",
          lb.urn,
        );
      }
    }
  },
};

export const wafWebAclHasRules: ResourceValidationPolicy = {
  name: "waf-web-acl-has-rules",
  description: "WAF web ACLs have at least one rule or rule group.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.wafv2.WebAclArgs>>(WEB_ACL, (acl, _args, report) => {
    const rules = listOf(acl.rules);
    const fromJson = parseJsonDocument(acl.ruleJson);
    if (rules.length === 0 && !(Array.isArray(fromJson) && fromJson.length > 0)) {
      report(
        `rules is ${describe(acl.rules)} and ruleJson ${describe(acl.ruleJson)}; add rules (AWS managed rule ` +
          "groups, a rate-based rule): a web ACL without rules only applies its default action.",
      );
    }
  }),
};
