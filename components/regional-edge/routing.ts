/**
 * Routing into this region: per application, a Route 53 health check of its regional host, a simple alias record
 * for that host (so the check reaches this region's load balancer with a host its rules and certificate know), and
 * this region's weighted alias record of the public host, answered only while the check passes.
 */
import * as aws from "@pulumi/aws";
import type { Context } from "./context";
import { ROUTE53_HEALTH_CHECK } from "./plan";

export function createRouting(
  { name, resolved, provider, childOpts, tags, applications }: Context,
  loadBalancer: aws.lb.LoadBalancer,
): Map<string, aws.route53.HealthCheck> {
  const healthChecks = new Map<string, aws.route53.HealthCheck>();
  const alias = (evaluateTargetHealth: boolean) => [
    { name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth },
  ];
  for (const app of applications) {
    const appName = `${name}-${app.name}`;
    new aws.route53.Record(
      `${appName}-regional`,
      // Only the health check and operators use this name: no routing policy, no target health to evaluate.
      { zoneId: resolved.zoneId, name: app.regionalHost, type: "A", aliases: alias(false) },
      childOpts,
    );
    const healthCheck = new aws.route53.HealthCheck(
      appName,
      {
        ...ROUTE53_HEALTH_CHECK,
        fqdn: app.regionalHost,
        resourcePath: app.healthPath,
        tags: tags({ Name: app.regionalHost, Application: app.name }),
      },
      childOpts,
    );
    healthChecks.set(app.name, healthCheck);
    new aws.route53.Record(
      appName,
      {
        zoneId: resolved.zoneId,
        name: app.host,
        type: "A",
        setIdentifier: resolved.region,
        weightedRoutingPolicies: [{ weight: resolved.weight }],
        healthCheckId: healthCheck.id,
        aliases: alias(true),
      },
      { parent: healthCheck, provider },
    );
  }
  return healthChecks;
}
