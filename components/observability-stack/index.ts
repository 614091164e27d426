/**
 * `ObservabilityStack`: what tells people that the platform of one region is unwell, and what they look at then. A
 * KMS-encrypted SNS alarm topic with e-mail subscriptions and a topic policy that lets only CloudWatch alarms and the
 * Prometheus alert manager publish; alarm presets per watched component (Aurora, MSK, MSK Replicator, NAT gateways,
 * EKS) wired to the topic on ALARM and OK; a CloudWatch dashboard of the region (and, in a secondary, one of both
 * regions); an Amazon Managed Prometheus workspace (customer key, KMS-encrypted log group) with a managed scraper for
 * the EKS cluster and one for the MSK cluster's exporters; an Amazon Managed Grafana workspace where the region
 * offers it; an X-Ray sampling rule; and Container Insights with Fluent Bit (the `amazon-cloudwatch-observability` add-on) writing into KMS-encrypted log
 * groups with retention, created before the add-on. The pure parts live in `./plan`; this file holds the arguments
 * and the constructor's steps, each subject's resources live in a module beside it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { createAlarmTopic, createAlarmTopicPolicy } from "./alarm-topic";
import { ObservabilityStackArgs, ResolvedObservabilityStackArgs, withDefaults } from "./args";
import { Context, accountOf } from "./context";
import { createDashboards } from "./dashboards";
import { createGrafana, createGrafanaRole } from "./grafana";
import { createContainerInsights, logGroupCreator } from "./logs";
import { createAlarms } from "./metric-alarms";
import {
  createAlertManager,
  createKafkaScraper,
  createPrometheus,
  createScraper,
  createScraperRoles,
} from "./prometheus";
import { createSamplingRule } from "./tracing";
import {
  MonitoredResources,
  ObservabilityNames,
  observabilityNames,
  observabilityStackArgsProblems,
  planAlarms,
} from "./plan";

export * from "./args";
export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const OBSERVABILITY_STACK_TYPE = "platform:observability:ObservabilityStack";

/**
 * Every problem of the (defaulted) arguments (`observabilityStackArgsProblems`) and of the provider in `opts`, with
 * paths relative to the arguments. Empty when the component can be built.
 */
export function validateObservabilityStackArgs(
  args: ResolvedObservabilityStackArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...observabilityStackArgsProblems(args), ...regionalProviderProblems(opts)];
}

/**
 * Alarms, dashboards, metrics, logs and traces of one region's platform. See the file comment and the README's
 * `ObservabilityStack` section.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
  /** ARN of the KMS-encrypted alarm topic every alarm notifies. */
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly prometheusWorkspaceId: pulumi.Output<string>;
  readonly prometheusWorkspaceArn: pulumi.Output<string>;
  /** Where Prometheus agents remote-write (`<endpoint>api/v1/remote_write`, SigV4-signed). */
  readonly prometheusRemoteWriteUrl: pulumi.Output<string>;
  /** `https://<workspace endpoint>`, or undefined without a Grafana workspace in this region. */
  readonly grafanaUrl: pulumi.Output<string | undefined>;
  readonly dashboardName: pulumi.Output<string>;
  /** The cross-region dashboard, or undefined without `crossRegion`. */
  readonly crossRegionDashboardName: pulumi.Output<string | undefined>;
  /** Keys of the alarms created, plain (`aurora-cpu`, `nat-packets-dropped-ap-east-2a`, …). */
  readonly alarmKeys: readonly string[];
  /** Names of the log groups the component created (all with retention and the KMS key). */
  readonly logGroupNames: pulumi.Output<string[]>;
  /**
   * Each log group's name by its key (`prometheus`, `containerinsights-<kind>`, …): what depends on one log group
   * (a subscription filter) takes its name from here and waits for that log group alone, not the whole component.
   */
  readonly logGroupNamesByKey: Readonly<Record<string, pulumi.Output<string>>>;
  /** The watched identifiers, resolved: what a secondary's cross-region dashboard needs from this stack. */
  readonly monitoredResources: pulumi.Output<MonitoredResources<string>>;
  /** The physical names, plain. */
  readonly names: ObservabilityNames;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OBSERVABILITY_STACK_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for ObservabilityStack "${name}"`,
      validateObservabilityStackArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const stateful = { ...childOpts, protect: resolved.protect };
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const logGroups: Record<string, aws.cloudwatch.LogGroup> = {};
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts,
      stateful,
      tags,
      names: observabilityNames(resolved.namePrefix, resolved.environment, resolved.region),
      region: resolved.region,
      account: accountOf(childOpts),
      logGroup: logGroupCreator(name, resolved, tags, stateful, logGroups),
    };

    const topic = createAlarmTopic(ctx);
    const workspace = createPrometheus(ctx);
    // Grafana's role exists before the topic policy names it as a publisher.
    const grafanaRole = createGrafanaRole(ctx);
    const topicPolicy = createAlarmTopicPolicy(ctx, topic, workspace, grafanaRole);
    createAlertManager(ctx, topic, workspace, topicPolicy);

    // The managed scrapers (their shared role pair first): EKS, and Container Insights with Fluent Bit into
    // pre-created encrypted log groups; MSK's exporters.
    const kubernetes = resolved.kubernetes;
    const kafka = resolved.kafka;
    const scraperRoles =
      kubernetes !== undefined || kafka !== undefined ? createScraperRoles(ctx, workspace) : undefined;
    if (kubernetes !== undefined) {
      createScraper(ctx, kubernetes, workspace, scraperRoles!);
      if (kubernetes.containerInsights) {
        createContainerInsights(ctx, kubernetes);
      }
    }
    if (kafka !== undefined) {
      createKafkaScraper(ctx, kafka, workspace, scraperRoles!);
    }

    createSamplingRule(ctx);

    // Alarms on what is watched, each notifying the topic on ALARM and OK.
    const alarms = planAlarms(resolved.monitored, resolved.thresholds);
    createAlarms(name, alarms, ctx.names.alarmPrefix, topic.arn, resolved.tags, childOpts);

    // Dashboards: built from the resolved identifiers, so they show exactly the alarmed metrics.
    const monitoredResources = pulumi.output(resolved.monitored) as pulumi.Output<MonitoredResources<string>>;
    const { dashboard, crossRegionDashboard } = createDashboards(ctx, monitoredResources);

    let grafanaUrl: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (grafanaRole !== undefined) {
      grafanaUrl = createGrafana(ctx, grafanaRole, topic, workspace);
    }

    this.alarmTopicArn = topic.arn;
    this.prometheusWorkspaceId = workspace.id;
    this.prometheusWorkspaceArn = workspace.arn;
    this.prometheusRemoteWriteUrl = workspace.prometheusEndpoint.apply(
      (endpoint) => `${endpoint}api/v1/remote_write`,
    );
    this.grafanaUrl = grafanaUrl;
    this.dashboardName = dashboard.dashboardName;
    this.crossRegionDashboardName =
      crossRegionDashboard === undefined ? pulumi.output(undefined) : crossRegionDashboard.dashboardName;
    this.alarmKeys = alarms.map((alarm) => alarm.key);
    this.logGroupNames = pulumi.all(Object.values(logGroups).map((group) => group.name));
    this.logGroupNamesByKey = Object.fromEntries(
      Object.entries(logGroups).map(([key, group]) => [key, group.name]),
    );
    this.monitoredResources = monitoredResources;
    this.names = ctx.names;
    this.registerOutputs({
      alarmTopicArn: this.alarmTopicArn,
      prometheusWorkspaceId: this.prometheusWorkspaceId,
      prometheusWorkspaceArn: this.prometheusWorkspaceArn,
      prometheusRemoteWriteUrl: this.prometheusRemoteWriteUrl,
      grafanaUrl: this.grafanaUrl,
      dashboardName: this.dashboardName,
      crossRegionDashboardName: this.crossRegionDashboardName,
      logGroupNames: this.logGroupNames,
      monitoredResources: this.monitoredResources,
    });
  }
}
