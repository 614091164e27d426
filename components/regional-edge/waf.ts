/**
 * The regional web ACL of the load balancer: AWS managed rule groups and a rate limit per client IP, associated with
 * the load balancer, logging to a KMS-encrypted CloudWatch log group.
 */
import * as aws from "@pulumi/aws";
import type { Context } from "./context";
import { wafLogGroupName, wafMetricName, wafRedactedFields, webAclRules, webAclVisibility } from "./plan";

/** The web ACL and its log group. */
export interface Waf {
  readonly webAcl: aws.wafv2.WebAcl;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

export function createWaf(
  { name, resolved, provider, childOpts, tags }: Context,
  loadBalancer: aws.lb.LoadBalancer,
): Waf {
  const metricName = wafMetricName(name, resolved.environment, resolved.region);
  const webAcl = new aws.wafv2.WebAcl(
    name,
    {
      scope: "REGIONAL",
      description: `Web ACL of the load balancer ${name} (${resolved.environment}, ${resolved.region})`,
      defaultAction: { allow: {} },
      rules: webAclRules(resolved.wafRateLimit, metricName),
      visibilityConfig: webAclVisibility(metricName),
      tags: tags({ Name: name }),
    },
    childOpts,
  );
  new aws.wafv2.WebAclAssociation(
    name,
    { resourceArn: loadBalancer.arn, webAclArn: webAcl.arn },
    { parent: webAcl, provider },
  );
  const logGroupName = wafLogGroupName(name, resolved.environment, resolved.region);
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-waf`,
    {
      name: logGroupName,
      retentionInDays: resolved.logRetentionDays,
      kmsKeyId: resolved.logsKmsKeyArn,
      tags: tags({ Name: logGroupName }),
    },
    childOpts,
  );
  new aws.wafv2.WebAclLoggingConfiguration(
    name,
    {
      resourceArn: webAcl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: wafRedactedFields(),
    },
    { parent: webAcl, provider },
  );
  return { webAcl, logGroup };
}
