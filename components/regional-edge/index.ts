/**
 * `RegionalEdge`: one region's entry point for the applications — an ACM certificate validated through the zone, an
 * internet-facing Application Load Balancer in the edge subnets behind a regional WAF web ACL, access logs to S3,
 * `ip` target groups the AWS Load Balancer Controller fills through TargetGroupBinding objects, and Route 53 health
 * checks and weighted records that drop the region out by itself when it fails (ADR 0027). The plain arguments, their
 * rules, names and documents are planned in `./plan`; each subject's resources live in a module beside this file.
 */
import * as pulumi from "@pulumi/pulumi";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { createAccessLogBucket } from "./access-logs";
import { RegionalEdgeArgs, ResolvedRegionalEdgeArgs, withDefaults } from "./args";
import { createCertificate } from "./certificate";
import type { Context } from "./context";
import { createListeners, createLoadBalancer, createSecurityGroup, createTargets } from "./load-balancer";
import { PlannedApplication, planApplications, regionalEdgeArgsProblems, wafMetricName } from "./plan";
import { createRouting } from "./routing";
import { createWaf } from "./waf";

export * from "./args";
export * from "./plan";
export { LOAD_BALANCER_ROLE_TAG } from "./load-balancer";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const REGIONAL_EDGE_TYPE = "platform:edge:RegionalEdge";

/**
 * Every problem of the component's name, the (defaulted) arguments (`regionalEdgeArgsProblems`) and the provider in
 * `opts`, with paths relative to the arguments. Empty when the component can be built.
 */
export function validateRegionalEdgeArgs(
  name: string,
  args: ResolvedRegionalEdgeArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...regionalEdgeArgsProblems(name, args), ...regionalProviderProblems(opts)];
}

/** Record of an Output per application key. */
function byApplication<T>(entries: ReadonlyMap<string, pulumi.Output<T>>): pulumi.Output<Record<string, T>> {
  return pulumi
    .all([...entries].map(([app, value]) => pulumi.all([app, value])))
    .apply((pairs) => Object.fromEntries(pairs) as Record<string, T>);
}

/**
 * One region's edge: certificate, load balancer with HTTPS (TLS 1.2+), HTTP redirect and host rules, WAF with managed
 * rules, a rate limit and logging, access logs, and the applications' health checks and weighted records.
 */
export class RegionalEdge extends pulumi.ComponentResource {
  readonly loadBalancerArn: pulumi.Output<string>;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of the ALB's CloudWatch metrics. */
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  /** The hosted zone of the load balancer's DNS name (for alias records). */
  readonly loadBalancerZoneId: pulumi.Output<string>;
  /** The load balancer's security group: the workloads admit traffic from it only (TargetGroupBinding networking). */
  readonly securityGroupId: pulumi.Output<string>;
  /** The target groups by application: what the stacks' TargetGroupBinding objects name. */
  readonly targetGroupArns: pulumi.Output<Record<string, string>>;
  /** `targetgroup/<name>/<id>` by application: the `TargetGroup` dimension of the target metrics. */
  readonly targetGroupArnSuffixes: pulumi.Output<Record<string, string>>;
  /** The certificate's ARN, once ACM has issued it. */
  readonly certificateArn: pulumi.Output<string>;
  readonly webAclArn: pulumi.Output<string>;
  readonly webAclName: pulumi.Output<string>;
  /**
   * The web ACL's metric name (`visibilityConfig.metricName`, `<name>-<environment>-<region>`), plain: the `WebACL`
   * dimension of the AWS/WAFV2 metrics, which is the metric name, not the (generated) name.
   */
  readonly webAclMetricName: string;
  readonly wafLogGroupName: pulumi.Output<string>;
  readonly accessLogBucketName: pulumi.Output<string>;
  /** The Route 53 health checks by application (their metrics are in us-east-1). */
  readonly healthCheckIds: pulumi.Output<Record<string, string>>;
  /**
   * The same ids with the application keys plain, the shape `HealthCheckAlarms`' `healthChecks` takes (the keys name
   * its alarms).
   */
  readonly healthChecks: Readonly<Record<string, pulumi.Output<string>>>;
  /** The applications as planned (plain): hosts, regional hosts, rule priorities. */
  readonly applications: readonly PlannedApplication[];
  /**
   * The metric dimensions of this edge, in the shape `ObservabilityStack`'s `monitored.edge` takes: the region, the
   * load balancer's and each application's target group's ARN suffix (keys plain), the web ACL's metric name.
   */
  readonly monitored: {
    readonly region: string;
    readonly loadBalancer: pulumi.Output<string>;
    readonly targetGroups: Readonly<Record<string, pulumi.Output<string>>>;
    readonly webAclMetricName: string;
  };

  constructor(name: string, args: RegionalEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REGIONAL_EDGE_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through this provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for RegionalEdge "${name}"`,
      validateRegionalEdgeArgs(name, resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts,
      tags: (own) => ({ ...resolved.tags, ...own }),
      applications: planApplications(resolved.applications, resolved.region, resolved.domain),
    };

    const certificate = createCertificate(ctx);
    const accessLogs = createAccessLogBucket(ctx);
    const securityGroup = createSecurityGroup(ctx);
    const loadBalancer = createLoadBalancer(ctx, securityGroup, accessLogs);
    const listeners = createListeners(ctx, loadBalancer, certificate.validatedArn);
    const targetGroups = createTargets(ctx, listeners.https);
    const waf = createWaf(ctx, loadBalancer);
    const healthChecks = createRouting(ctx, loadBalancer);

    this.loadBalancerArn = loadBalancer.arn;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.loadBalancerDnsName = loadBalancer.dnsName;
    this.loadBalancerZoneId = loadBalancer.zoneId;
    this.securityGroupId = securityGroup.id;
    this.targetGroupArns = byApplication(new Map([...targetGroups].map(([app, tg]) => [app, tg.arn])));
    this.targetGroupArnSuffixes = byApplication(
      new Map([...targetGroups].map(([app, tg]) => [app, tg.arnSuffix])),
    );
    this.certificateArn = certificate.validatedArn;
    this.webAclArn = waf.webAcl.arn;
    this.webAclName = waf.webAcl.name;
    this.webAclMetricName = wafMetricName(name, resolved.environment, resolved.region);
    this.wafLogGroupName = waf.logGroup.name;
    this.accessLogBucketName = accessLogs.bucketName;
    this.healthCheckIds = byApplication(new Map([...healthChecks].map(([app, check]) => [app, check.id])));
    this.healthChecks = Object.fromEntries([...healthChecks].map(([app, check]) => [app, check.id]));
    this.applications = ctx.applications;
    this.monitored = {
      region: resolved.region,
      loadBalancer: loadBalancer.arnSuffix,
      targetGroups: Object.fromEntries([...targetGroups].map(([app, tg]) => [app, tg.arnSuffix])),
      webAclMetricName: this.webAclMetricName,
    };

    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      loadBalancerArnSuffix: this.loadBalancerArnSuffix,
      loadBalancerDnsName: this.loadBalancerDnsName,
      loadBalancerZoneId: this.loadBalancerZoneId,
      securityGroupId: this.securityGroupId,
      targetGroupArns: this.targetGroupArns,
      targetGroupArnSuffixes: this.targetGroupArnSuffixes,
      certificateArn: this.certificateArn,
      webAclArn: this.webAclArn,
      webAclName: this.webAclName,
      webAclMetricName: this.webAclMetricName,
      wafLogGroupName: this.wafLogGroupName,
      accessLogBucketName: this.accessLogBucketName,
      healthCheckIds: this.healthCheckIds,
    });
  }
}
