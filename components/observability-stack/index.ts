/**
 * `ObservabilityStack`: what tells people that the platform of one region is unwell, and what they look at then. A
 * KMS-encrypted SNS alarm topic with e-mail subscriptions and a topic policy that lets only CloudWatch alarms and the
 * Prometheus alert manager publish; alarm presets per watched component (Aurora, MSK, MSK Replicator, NAT gateways,
 * EKS) wired to the topic on ALARM and OK; a CloudWatch dashboard of the region (and, in a secondary, one of both
 * regions); an Amazon Managed Prometheus workspace (customer key, KMS-encrypted log group) with a managed scraper for
 * the EKS cluster; an Amazon Managed Grafana workspace where the region offers it; an X-Ray sampling rule; and
 * Container Insights with Fluent Bit (the `amazon-cloudwatch-observability` add-on) writing into KMS-encrypted log
 * groups with retention, created before the add-on. The pure parts live in `./plan`; this file holds the arguments
 * and the constructor's steps, each subject's resources live in a module beside it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalProviderProblems } from "../common/providers";
import { Problem, throwIfProblems } from "../common/validation";
import { createAlarmTopic, createAlarmTopicPolicy } from "./alarm-topic";
import { Context, accountOf } from "./context";
import { createDashboards } from "./dashboards";
import { createGrafana, createGrafanaRole } from "./grafana";
import { createContainerInsights, logGroupCreator } from "./logs";
import { createAlarms } from "./metric-alarms";
import { createAlertManager, createPrometheus, createScraper } from "./prometheus";
import { createSamplingRule } from "./tracing";
import {
  AlarmThresholds,
  DEFAULT_ALARM_THRESHOLDS,
  GrafanaVersion,
  MANAGED_GRAFANA_REGIONS,
  MonitoredResources,
  ObservabilityNames,
  observabilityNames,
  observabilityStackArgsProblems,
  observabilityStackDefaults,
  planAlarms,
  ObservabilityStackPlanInput,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const OBSERVABILITY_STACK_TYPE = "platform:observability:ObservabilityStack";

/** The EKS cluster whose metrics the managed scraper collects and whose container logs Container Insights ships. */
export interface KubernetesCollection {
  readonly clusterName: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  /** Subnets for the scraper's network interfaces: the cluster's (workload) subnets, in at least two zones. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups for the scraper's interfaces: the cluster security group, which reaches the nodes. */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Seconds between scrapes; the managed collector accepts 30 or more. Plain: it is written into the configuration.
   * @default 60
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Install Container Insights and Fluent Bit (`amazon-cloudwatch-observability` add-on) with its log groups.
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * Version of the `amazon-cloudwatch-observability` add-on (pinned, never "latest").
   * @default CONTAINER_INSIGHTS_ADDON_VERSION
   */
  readonly addonVersion?: string;
}

/** Another region the Grafana workspace reads (CloudWatch, X-Ray and, when given, its Prometheus workspace). */
export interface GrafanaPeer {
  /** Plain: it scopes the role's permissions with `aws:RequestedRegion`. */
  readonly region: string;
  readonly prometheusWorkspaceArn?: pulumi.Input<string>;
}

export interface ObservabilityStackArgs {
  /**
   * The environment (`dev`, `prod`, …), part of every physical name. Plain: it is part of names. 1 to 16 letters,
   * digits and `-`.
   */
  readonly environment: string;
  /**
   * The region of the `aws.Provider` in `opts` (e.g. `ap-east-2`). Plain: dashboards name each widget's region,
   * names and policy ARNs include it, and the managed services' availability is checked against it.
   */
  readonly region: string;
  /**
   * First part of every physical name (`<namePrefix>-<environment>-<region>`). Plain: it is part of names.
   * @default "platform"
   */
  readonly namePrefix?: string;
  /**
   * ARN of the customer KMS key (the region's logs key) that encrypts the alarm topic, every log group and the
   * Prometheus workspace. Its policy must let CloudWatch Logs, CloudWatch alarms, SNS and AMP use it (see the README).
   */
  readonly kmsKeyArn: pulumi.Input<string>;
  /**
   * E-mail addresses subscribed to the alarm topic. Plain: each address keys its subscription. Every address gets a
   * confirmation mail; until it is confirmed, the subscription stays pending and receives nothing.
   * @default []
   */
  readonly alarmEmails?: readonly string[];
  /**
   * Retention of every log group the component creates (container logs, Prometheus logs), in days; one of the values
   * CloudWatch Logs accepts. Plain: validated before anything is created.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Days the Prometheus workspace keeps metrics, 1 to 1095. Plain: validated.
   * @default 150
   */
  readonly metricsRetentionDays?: number;
  /** Alarm thresholds (plain numbers); missing ones take DEFAULT_ALARM_THRESHOLDS. @default {} */
  readonly thresholds?: Partial<AlarmThresholds>;
  /**
   * X-Ray sampling: the fraction of requests traced after the reservoir of traced requests per second is used.
   * Plain: validated. @default { samplingRate: 0.05, reservoirPerSecond: 1 }
   */
  readonly tracing?: { readonly samplingRate?: number; readonly reservoirPerSecond?: number };
  /**
   * What the alarms and the dashboard watch. Resource identifiers are Inputs; the shape (which components, broker
   * ids, the keys of NAT gateways and replicators) is plain, because it decides which alarms exist.
   * @default {} (no component alarms)
   */
  readonly monitored?: MonitoredResources<pulumi.Input<string>>;
  /** The EKS cluster to scrape and ship container logs from. @default undefined (no scraper, no add-on) */
  readonly kubernetes?: KubernetesCollection;
  /**
   * The Managed Grafana workspace. `enabled` defaults to whether the region offers Managed Grafana (Taipei does
   * not); `peers` are other regions it reads.
   * @default { enabled: <offered in region>, version: "10.4", peers: [] }
   */
  readonly grafana?: {
    readonly enabled?: boolean;
    readonly version?: GrafanaVersion;
    readonly peers?: readonly GrafanaPeer[];
  };
  /**
   * Another region to show next to this one in a cross-region dashboard (the secondary shows the primary). Its region
   * is plain; the primary's identifiers come from its stack outputs.
   * @default undefined (no cross-region dashboard)
   */
  readonly crossRegion?: {
    readonly region: string;
    readonly monitored: MonitoredResources<pulumi.Input<string>>;
  };
  /**
   * Protects the stateful children (`protect: true`): the Prometheus workspace (metrics), the Grafana workspace
   * (dashboards, users) and the log groups (logs). The stacks pass `environment === "prod"`.
   * @default false
   */
  readonly protect?: boolean;
  /** Extra tags on every child that takes tags; the required tags come from the provider. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied: the plan's input and the Outputs the resources take. */
export interface ResolvedObservabilityStackArgs extends ObservabilityStackPlanInput {
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly thresholds: AlarmThresholds;
  readonly monitored: MonitoredResources<pulumi.Input<string>>;
  readonly kubernetes:
    | (KubernetesCollection & {
        readonly scrapeIntervalSeconds: number;
        readonly containerInsights: boolean;
        readonly addonVersion: string;
      })
    | undefined;
  readonly grafana: {
    readonly enabled: boolean;
    readonly version: GrafanaVersion;
    readonly peers: readonly GrafanaPeer[];
  };
  readonly crossRegion: ObservabilityStackArgs["crossRegion"];
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults (`??`: an explicit 0, "" or false is kept and validated, never replaced). */
export function withDefaults(args: ObservabilityStackArgs): ResolvedObservabilityStackArgs {
  const d = observabilityStackDefaults;
  const given = (args.thresholds ?? {}) as Readonly<Record<string, unknown>>;
  return {
    environment: args.environment,
    region: args.region,
    namePrefix: args.namePrefix ?? d.namePrefix,
    kmsKeyArn: args.kmsKeyArn,
    alarmEmails: args.alarmEmails ?? d.alarmEmails,
    logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
    metricsRetentionDays: args.metricsRetentionDays ?? d.metricsRetentionDays,
    thresholds: { ...DEFAULT_ALARM_THRESHOLDS, ...args.thresholds },
    givenThresholds: given,
    tracing: {
      samplingRate: args.tracing?.samplingRate ?? d.samplingRate,
      reservoirPerSecond: args.tracing?.reservoirPerSecond ?? d.reservoirPerSecond,
    },
    monitored: args.monitored ?? {},
    kubernetes:
      args.kubernetes === undefined
        ? undefined
        : {
            ...args.kubernetes,
            scrapeIntervalSeconds: args.kubernetes.scrapeIntervalSeconds ?? d.scrapeIntervalSeconds,
            containerInsights: args.kubernetes.containerInsights ?? d.containerInsights,
            addonVersion: args.kubernetes.addonVersion ?? d.addonVersion,
          },
    grafana: {
      enabled: args.grafana?.enabled ?? MANAGED_GRAFANA_REGIONS.includes(args.region),
      version: args.grafana?.version ?? d.grafanaVersion,
      peers: args.grafana?.peers ?? [],
    },
    crossRegion: args.crossRegion,
    protect: args.protect ?? d.protect,
    tags: args.tags ?? d.tags,
  };
}

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
  /** The watched identifiers, resolved: what a secondary's cross-region dashboard needs from this stack. */
  readonly monitoredResources: pulumi.Output<MonitoredResources<string>>;
  /** The physical names, plain. */
  readonly names: ObservabilityNames;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OBSERVABILITY_STACK_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    throwIfProblems(
      `Invalid arguments for ObservabilityStack "${name}"`,
      validateObservabilityStackArgs(resolved, opts),
    );
    // Checked above: every child goes through the regional provider, never the ambient default one.
    const provider = opts!.provider as aws.Provider;
    const childOpts = { parent: this, provider };
    const stateful = { ...childOpts, protect: resolved.protect };
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const logGroups: aws.cloudwatch.LogGroup[] = [];
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

    // EKS: the managed scraper, and Container Insights with Fluent Bit into pre-created encrypted log groups.
    const kubernetes = resolved.kubernetes;
    if (kubernetes !== undefined) {
      createScraper(ctx, kubernetes, workspace);
      if (kubernetes.containerInsights) {
        createContainerInsights(ctx, kubernetes);
      }
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
    this.logGroupNames = pulumi.all(logGroups.map((group) => group.name));
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
