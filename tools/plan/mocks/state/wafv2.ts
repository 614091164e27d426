/**
 * WAFv2: web ACLs with the capacity their rules use, associations and logging configurations.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, uuidFrom } from "../ids";
import { isRecord, stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/**
 * Web ACL capacity units of the AWS managed rule groups (AWS WAF Developer Guide, "AWS Managed Rules rule groups
 * list", each group's capacity), and of a rate-based rule without a scope-down statement (2).
 */
export const MANAGED_RULE_GROUP_CAPACITY: Readonly<Record<string, number>> = {
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  AWSManagedRulesSQLiRuleSet: 200,
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesAnonymousIpList: 50,
  AWSManagedRulesLinuxRuleSet: 200,
  AWSManagedRulesUnixRuleSet: 100,
  AWSManagedRulesAdminProtectionRuleSet: 100,
};
const RATE_BASED_CAPACITY = 2;

/** The capacity the web ACL's rules use, as WAF computes it for the rules the mocks know (others count 0). */
export function webAclCapacity(rules: unknown): number {
  return (Array.isArray(rules) ? rules : []).reduce((total: number, rule: unknown) => {
    const statement = isRecord(rule) && isRecord(rule["statement"]) ? rule["statement"] : {};
    const managed = statement["managedRuleGroupStatement"];
    if (isRecord(managed)) {
      return total + (MANAGED_RULE_GROUP_CAPACITY[stringOr(managed["name"], "")] ?? 0);
    }
    return total + (isRecord(statement["rateBasedStatement"]) ? RATE_BASED_CAPACITY : 0);
  }, 0);
}

/** The state of an `aws:wafv2/*` resource; undefined for a type this family does not know. */
export function wafv2State({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:wafv2/webAcl:WebAcl": {
      const id = uuidFrom(seed);
      const aclName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
      const scope = stringOr(inputs["scope"], "REGIONAL");
      // CloudFront web ACLs live in us-east-1 and their ARNs say `global`.
      const arn =
        scope === "CLOUDFRONT"
          ? `arn:aws:wafv2:us-east-1:${MOCK_ACCOUNT_ID}:global/webacl/${aclName}/${id}`
          : `arn:aws:wafv2:${region}:${MOCK_ACCOUNT_ID}:regional/webacl/${aclName}/${id}`;
      return result(id, {
        arn,
        name: aclName,
        capacity: webAclCapacity(inputs["rules"]),
        lockToken: uuidFrom(`${seed}/lock`),
        applicationIntegrationUrl: "",
      });
    }
    case "aws:wafv2/webAclAssociation:WebAclAssociation":
      // The provider's id: the web ACL's and the resource's ARNs.
      return result(
        `${stringOr(inputs["webAclArn"], "webacl")},${stringOr(inputs["resourceArn"], "resource")}`,
        {},
      );
    case "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
      return result(stringOr(inputs["resourceArn"], name), {});
    default:
      return undefined;
  }
}
