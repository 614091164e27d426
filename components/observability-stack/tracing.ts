/**
 * Traces: the X-Ray sampling rule.
 */
import * as aws from "@pulumi/aws";
import type { Context } from "./context";

/**
 * X-Ray: sample a fixed share of requests beyond a small reservoir, for every service (lower number = matched
 * before the default rule, priority 10000).
 */
export function createSamplingRule({ name, resolved, childOpts, tags, names }: Context): void {
  new aws.xray.SamplingRule(
    name,
    {
      ruleName: names.samplingRule,
      priority: 9000,
      fixedRate: resolved.tracing.samplingRate,
      reservoirSize: resolved.tracing.reservoirPerSecond,
      host: "*",
      httpMethod: "*",
      serviceName: "*",
      serviceType: "*",
      urlPath: "*",
      resourceArn: "*",
      version: 1,
      tags: tags({ Name: name }),
    },
    childOpts,
  );
}
