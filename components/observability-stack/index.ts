/**
 * `ObservabilityStack`: what tells people that the platform of one region is unwell, and what they look at then. A
 * KMS-encrypted SNS alarm topic with e-mail subscriptions and a topic policy that lets only CloudWatch alarms and the
 * Prometheus alert manager publish; alarm presets per watched component (Aurora, MSK, MSK Replicator, NAT gateways,
 * EKS) wired to the topic on ALARM and OK; a CloudWatch dashboard of the region (and, in a secondary, one of both
 * regions); an Amazon Managed Prometheus workspace (customer key, KMS-encrypted log group) with a managed scraper for
 * the EKS cluster; an Amazon Managed Grafana workspace where the region offers it; an X-Ray sampling rule; and
 * Container Insights with Fluent Bit (the `amazon-cloudwatch-observability` add-on) writing into KMS-encrypted log
 * groups with retention, created before the add-on. The pure parts live in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { ComponentStepContext, regionalProviderProblems } from "../common/providers";
import { Problem, throwIfProblems } from "../common/validation";
import { createAlarms } from "./metric-alarms";
import {
  AlarmThresholds,
  CONTAINER_INSIGHTS_LOG_KINDS,
  DEFAULT_ALARM_THRESHOLDS,
  GrafanaVersion,
  MANAGED_GRAFANA_REGIONS,
  MonitoredResources,
  ObservabilityNames,
  alarmTopicPolicy,
  alertManagerDefinition,
  containerInsightsLogGroupName,
  crossRegionDashboard,
  emailKey,
  grafanaRolePolicy,
  observabilityNames,
  observabilityStackArgsProblems,
  observabilityStackDefaults,
  planAlarms,
  prometheusRules,
  regionalDashboard,
  scrapeConfiguration,
  scraperSourcePolicy,
  scraperTargetPolicy,
  scraperTargetTrustPolicy,
  serviceTrustPolicy,
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

/** The account and partition of a provider, as Outputs. */
function accountOf(opts: pulumi.InvokeOutputOptions) {
  const partition = aws.getPartitionOutput({}, opts);
  return {
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    partition: partition.partition,
    dnsSuffix: partition.dnsSuffix,
  };
}

/** What every step of the constructor creates with. */
interface Context extends ComponentStepContext {
  readonly resolved: ResolvedObservabilityStackArgs;
  /** `childOpts`, protected as the stateful children are. */
  readonly stateful: { parent: pulumi.Resource; provider: aws.Provider; protect: boolean };
  readonly names: ObservabilityNames;
  readonly region: string;
  readonly account: ReturnType<typeof accountOf>;
  /** Creates a log group with retention and the logs key, and records it among `logGroupNames`. */
  readonly logGroup: (key: string, groupName: pulumi.Input<string>) => aws.cloudwatch.LogGroup;
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
      // Every log group: retention and the logs key; protected with the stateful children.
      logGroup: (key, groupName) => {
        const group = new aws.cloudwatch.LogGroup(
          `${name}-${key}`,
          {
            name: groupName,
            retentionInDays: resolved.logRetentionDays,
            kmsKeyId: resolved.kmsKeyArn,
            tags: tags({ Name: `${name}-${key}` }),
          },
          stateful,
        );
        logGroups.push(group);
        return group;
      },
    };

    const topic = this.createAlarmTopic(ctx);
    const workspace = this.createPrometheus(ctx);
    const grafanaRole = this.createGrafanaRole(ctx);
    this.createAlertManager(ctx, topic, workspace, grafanaRole);

    // EKS: the managed scraper, and Container Insights with Fluent Bit into pre-created encrypted log groups.
    const kubernetes = resolved.kubernetes;
    if (kubernetes !== undefined) {
      this.createScraper(ctx, kubernetes, workspace);
      if (kubernetes.containerInsights) {
        const containerLogs = CONTAINER_INSIGHTS_LOG_KINDS.map((kind) =>
          ctx.logGroup(
            `containerinsights-${kind}`,
            pulumi
              .output(kubernetes.clusterName)
              .apply((cluster) => containerInsightsLogGroupName(cluster, kind)),
          ),
        );
        this.createContainerInsights(ctx, kubernetes, containerLogs);
      }
    }

    this.createSamplingRule(ctx);

    // Alarms on what is watched, each notifying the topic on ALARM and OK.
    const alarms = planAlarms(resolved.monitored, resolved.thresholds);
    createAlarms(name, alarms, ctx.names.alarmPrefix, topic.arn, resolved.tags, childOpts);

    // Dashboards: built from the resolved identifiers, so they show exactly the alarmed metrics.
    const monitoredResources = pulumi.output(resolved.monitored) as pulumi.Output<MonitoredResources<string>>;
    const { dashboard, crossRegionDashboard } = this.createDashboards(ctx, monitoredResources);

    let grafanaUrl: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (grafanaRole !== undefined) {
      grafanaUrl = this.createGrafana(ctx, grafanaRole, topic, workspace);
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

  /**
   * The alarm topic, encrypted with the logs key (its policy lets CloudWatch alarms use the key; an AWS managed SNS
   * key would not, and alarms would fail to notify), and one e-mail subscription per address.
   */
  private createAlarmTopic({ name, resolved, provider, childOpts, tags, region }: Context): aws.sns.Topic {
    // The alarm topic, encrypted with the logs key: its policy lets CloudWatch alarms use the key (an AWS managed
    // SNS key would not, and alarms would fail to notify).
    const topic = new aws.sns.Topic(
      `${name}-alarms`,
      {
        displayName: `Platform alarms ${resolved.environment} ${region}`,
        kmsMasterKeyId: resolved.kmsKeyArn,
        tags: tags({ Name: `${name}-alarms` }),
      },
      childOpts,
    );
    for (const email of resolved.alarmEmails) {
      // Stays "pending confirmation" until the recipient confirms the mail AWS sends; it cannot be deleted by Pulumi
      // before that (deleting the topic removes it).
      new aws.sns.TopicSubscription(
        `${name}-alarms-${emailKey(email)}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        { parent: topic, provider },
      );
    }
    return topic;
  }

  /** Prometheus: the workspace encrypted with the customer key, logging to an encrypted log group, and its rules. */
  private createPrometheus({
    name,
    resolved,
    childOpts,
    stateful,
    tags,
    names,
    logGroup,
  }: Context): aws.amp.Workspace {
    // Prometheus: workspace encrypted with the customer key, logging to an encrypted log group with retention.
    const prometheusLogs = logGroup("prometheus", `/aws/vendedlogs/prometheus/${names.workspace}`);
    const workspace = new aws.amp.Workspace(
      name,
      {
        alias: names.workspace,
        kmsKeyArn: resolved.kmsKeyArn,
        loggingConfiguration: { logGroupArn: pulumi.interpolate`${prometheusLogs.arn}:*` },
        tags: tags({ Name: name }),
      },
      stateful,
    );
    new aws.amp.WorkspaceConfiguration(
      name,
      { workspaceId: workspace.id, retentionPeriodInDays: resolved.metricsRetentionDays },
      // Not parented by the workspace: children inherit `protect`, and only the workspace holds data.
      childOpts,
    );
    new aws.amp.RuleGroupNamespace(
      `${name}-platform`,
      {
        workspaceId: workspace.id,
        name: "platform",
        data: prometheusRules(),
        tags: tags({ Name: `${name}-platform` }),
      },
      childOpts,
    );
    return workspace;
  }

  /**
   * Grafana's role (CUSTOMER_MANAGED permissions), where the region offers Grafana: it exists before the topic
   * policy names it as a publisher.
   */
  private createGrafanaRole({
    name,
    resolved,
    childOpts,
    tags,
    names,
    region,
    account,
  }: Context): aws.iam.Role | undefined {
    const grafanaRole = resolved.grafana.enabled
      ? new aws.iam.Role(
          `${name}-grafana`,
          {
            description: `Managed Grafana workspace ${names.workspace}: reads metrics, logs and traces, publishes alerts`,
            assumeRolePolicy: pulumi
              .all([account.accountId, account.partition])
              .apply(([accountId, partition]) =>
                policyJson(
                  serviceTrustPolicy(
                    "grafana.amazonaws.com",
                    accountId,
                    `arn:${partition}:grafana:${region}:${accountId}:/workspaces/*`,
                  ),
                  "compact",
                ),
              ),
            tags: tags({ Name: `${name}-grafana` }),
          },
          childOpts,
        )
      : undefined;
    return grafanaRole;
  }

  /** The topic policy (alarms, the alert manager and Grafana publish), then the alert manager routing to the topic. */
  private createAlertManager(
    { name, provider, childOpts, region, account }: Context,
    topic: aws.sns.Topic,
    workspace: aws.amp.Workspace,
    grafanaRole: aws.iam.Role | undefined,
  ): void {
    const topicPolicy = new aws.sns.TopicPolicy(
      `${name}-alarms`,
      {
        arn: topic.arn,
        policy: pulumi
          .all([
            topic.arn,
            workspace.arn,
            account.accountId,
            account.partition,
            account.dnsSuffix,
            grafanaRole?.arn,
          ])
          .apply(([topicArn, workspaceArn, accountId, partition, dnsSuffix, grafanaRoleArn]) =>
            policyJson(
              alarmTopicPolicy({
                topicArn,
                prometheusWorkspaceArn: workspaceArn,
                accountId,
                partition,
                dnsSuffix,
                region,
                publisherRoleArns: grafanaRoleArn === undefined ? [] : [grafanaRoleArn],
              }),
              "compact",
            ),
          ),
      },
      { parent: topic, provider },
    );
    new aws.amp.AlertManagerDefinition(
      name,
      {
        workspaceId: workspace.id,
        definition: topic.arn.apply((arn) => alertManagerDefinition(arn, region)),
      },
      // The alert manager can publish only once the topic policy lets it.
      { ...childOpts, dependsOn: [topicPolicy] },
    );
  }

  /**
   * X-Ray: sample a fixed share of requests beyond a small reservoir, for every service (lower number = matched
   * before the default rule, priority 10000).
   */
  private createSamplingRule({ name, resolved, childOpts, tags, names }: Context): void {
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

  /** The regional dashboard and, in a secondary, the cross-region one, both from the alarm plan. */
  private createDashboards(
    { name, resolved, childOpts, names, region }: Context,
    monitoredResources: pulumi.Output<MonitoredResources<string>>,
  ): { dashboard: aws.cloudwatch.Dashboard; crossRegionDashboard: aws.cloudwatch.Dashboard | undefined } {
    const dashboard = new aws.cloudwatch.Dashboard(
      name,
      {
        dashboardName: names.dashboard,
        dashboardBody: monitoredResources.apply((monitored) =>
          JSON.stringify(
            regionalDashboard(region, resolved.environment, planAlarms(monitored, resolved.thresholds)),
          ),
        ),
      },
      childOpts,
    );
    const crossRegion = resolved.crossRegion;
    const crossRegionDashboardResource =
      crossRegion === undefined
        ? undefined
        : new aws.cloudwatch.Dashboard(
            `${name}-cross-region`,
            {
              dashboardName: names.crossRegionDashboard,
              dashboardBody: pulumi
                .all([
                  pulumi.output(crossRegion.monitored) as pulumi.Output<MonitoredResources<string>>,
                  monitoredResources,
                ])
                .apply(([peer, own]) =>
                  JSON.stringify(
                    crossRegionDashboard(resolved.environment, [
                      { region: crossRegion.region, alarms: planAlarms(peer, resolved.thresholds) },
                      { region, alarms: planAlarms(own, resolved.thresholds) },
                    ]),
                  ),
                ),
            },
            childOpts,
          );
    return { dashboard, crossRegionDashboard: crossRegionDashboardResource };
  }

  /**
   * Grafana: IAM Identity Center sign-in, Prometheus/CloudWatch/X-Ray data sources, alerts to the topic; its role's
   * permissions. Returns the workspace's URL.
   */
  private createGrafana(
    { name, resolved, provider, stateful, tags, names, region, account }: Context,
    grafanaRole: aws.iam.Role,
    topic: aws.sns.Topic,
    workspace: aws.amp.Workspace,
  ): pulumi.Output<string | undefined> {
    const peers = resolved.grafana.peers;
    new aws.iam.RolePolicy(
      `${name}-grafana`,
      {
        role: grafanaRole.name,
        policy: pulumi
          .all([
            account.accountId,
            account.partition,
            account.dnsSuffix,
            topic.arn,
            workspace.arn,
            pulumi.all(peers.map((peer) => peer.prometheusWorkspaceArn)),
          ])
          .apply(([accountId, partition, dnsSuffix, topicArn, workspaceArn, peerWorkspaces]) =>
            policyJson(
              grafanaRolePolicy({
                accountId,
                partition,
                dnsSuffix,
                region,
                regions: [region, ...peers.map((peer) => peer.region)],
                prometheusWorkspaceArns: [
                  workspaceArn,
                  ...peerWorkspaces.filter((arn): arn is string => arn !== undefined),
                ],
                alarmTopicArn: topicArn,
              }),
              "compact",
            ),
          ),
      },
      { parent: grafanaRole, provider },
    );
    const grafana = new aws.grafana.Workspace(
      name,
      {
        name: names.workspace,
        description: `Platform ${resolved.environment}: ${[region, ...peers.map((peer) => peer.region)].join(", ")}`,
        accountAccessType: "CURRENT_ACCOUNT",
        authenticationProviders: ["AWS_SSO"],
        permissionType: "CUSTOMER_MANAGED",
        roleArn: grafanaRole.arn,
        dataSources: ["PROMETHEUS", "CLOUDWATCH", "XRAY"],
        notificationDestinations: ["SNS"],
        grafanaVersion: resolved.grafana.version,
        tags: tags({ Name: name }),
      },
      stateful,
    );
    return grafana.endpoint.apply((endpoint) => `https://${endpoint}`);
  }

  /**
   * The managed scraper. The workspace is encrypted with a customer key, so the scraper writes through a role pair in
   * this account (AMP user guide, "Creating scraper for workspaces enabled with customer managed keys"): the source
   * role, assumed by the scraper service, may only assume the target role; the target role may only remote-write to
   * this workspace. The scraper's access to the cluster comes from the EKS access entry AMP creates itself for
   * clusters in API authentication mode (AMP user guide, "Configuring your Amazon EKS cluster").
   */
  private createScraper(
    { name, provider, childOpts, tags, names, region, account }: Context,
    kubernetes: NonNullable<ResolvedObservabilityStackArgs["kubernetes"]>,
    workspace: aws.amp.Workspace,
  ): aws.amp.Scraper {
    const scraperArns = pulumi.interpolate`arn:${account.partition}:aps:${region}:${account.accountId}:scraper/*`;
    const source = new aws.iam.Role(
      `${name}-scraper-source`,
      {
        description: `Assumed by the managed scraper of ${names.workspace}; may only assume the target role`,
        assumeRolePolicy: pulumi
          .all([account.accountId, scraperArns])
          .apply(([accountId, arns]) =>
            policyJson(serviceTrustPolicy("scraper.aps.amazonaws.com", accountId, arns), "compact"),
          ),
        tags: tags({ Name: `${name}-scraper-source` }),
      },
      childOpts,
    );
    const target = new aws.iam.Role(
      `${name}-scraper-target`,
      {
        description: `Remote-writes the managed scraper's samples into ${names.workspace}`,
        assumeRolePolicy: pulumi
          .all([source.arn, scraperArns])
          .apply(([sourceArn, arns]) => policyJson(scraperTargetTrustPolicy(sourceArn, arns), "compact")),
        tags: tags({ Name: `${name}-scraper-target` }),
      },
      childOpts,
    );
    const sourcePolicy = new aws.iam.RolePolicy(
      `${name}-scraper-source`,
      {
        role: source.name,
        policy: target.arn.apply((targetArn) => policyJson(scraperSourcePolicy(targetArn), "compact")),
      },
      { parent: source, provider },
    );
    const targetPolicy = new aws.iam.RolePolicy(
      `${name}-scraper-target`,
      {
        role: target.name,
        policy: workspace.arn.apply((workspaceArn) =>
          policyJson(scraperTargetPolicy(workspaceArn), "compact"),
        ),
      },
      { parent: target, provider },
    );
    return new aws.amp.Scraper(
      name,
      {
        alias: names.workspace,
        source: {
          eks: {
            clusterArn: kubernetes.clusterArn,
            subnetIds: kubernetes.subnetIds,
            securityGroupIds: kubernetes.securityGroupIds,
          },
        },
        destination: { amp: { workspaceArn: workspace.arn } },
        scrapeConfiguration: pulumi
          .output(kubernetes.clusterName)
          .apply((cluster) => scrapeConfiguration(kubernetes.scrapeIntervalSeconds, cluster)),
        roleConfiguration: { sourceRoleArn: source.arn, targetRoleArn: target.arn },
        tags: tags({ Name: name }),
      },
      // The roles must be able to write before the scraper starts.
      { ...childOpts, dependsOn: [sourcePolicy, targetPolicy] },
    );
  }

  /**
   * The `amazon-cloudwatch-observability` add-on (CloudWatch agent for Container Insights, Fluent Bit for container
   * logs) with an EKS Pod Identity role for its `cloudwatch-agent` service account, created after its log groups.
   */
  private createContainerInsights(
    { name, provider, childOpts, tags, account }: Context,
    kubernetes: NonNullable<ResolvedObservabilityStackArgs["kubernetes"]>,
    logGroups: readonly aws.cloudwatch.LogGroup[],
  ): aws.eks.Addon {
    const role = new aws.iam.Role(
      `${name}-cloudwatch-agent`,
      {
        description:
          "CloudWatch agent and Fluent Bit of the amazon-cloudwatch-observability add-on (EKS Pod Identity)",
        assumeRolePolicy: pulumi
          .all([account.accountId, kubernetes.clusterArn])
          .apply(([accountId, clusterArn]) =>
            policyJson(
              serviceTrustPolicy("pods.eks.amazonaws.com", accountId, clusterArn, [
                "sts:AssumeRole",
                "sts:TagSession",
              ]),
              "compact",
            ),
          ),
        tags: tags({ Name: `${name}-cloudwatch-agent` }),
      },
      childOpts,
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-cloudwatch-agent`,
      {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/CloudWatchAgentServerPolicy`,
      },
      { parent: role, provider },
    );
    return new aws.eks.Addon(
      `${name}-container-insights`,
      {
        clusterName: kubernetes.clusterName,
        addonName: "amazon-cloudwatch-observability",
        addonVersion: kubernetes.addonVersion,
        podIdentityAssociations: [{ roleArn: role.arn, serviceAccount: "cloudwatch-agent" }],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags: tags({ Name: `${name}-container-insights` }),
      },
      // Log groups first, so Fluent Bit never creates unencrypted ones that never expire.
      { ...childOpts, dependsOn: [...logGroups, attachment] },
    );
  }
}
