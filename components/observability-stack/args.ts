/**
 * The arguments of `ObservabilityStack` and their defaults: what callers pass, and the resolved form every step of
 * the constructor reads (`context.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  AlarmThresholds,
  DEFAULT_ALARM_THRESHOLDS,
  GrafanaVersion,
  MANAGED_GRAFANA_REGIONS,
  MonitoredResources,
  observabilityStackDefaults,
  ObservabilityStackPlanInput,
} from "./plan";

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

/**
 * The MSK cluster whose open-monitoring exporters (JMX on 11001, Node on 11002, on every broker) a managed collector
 * with a VPC source scrapes into the workspace (AMP User Guide, `prom-msk-integration`). The collector gets a security
 * group of its own, reaching the brokers on those two ports only, and the broker group admits that group (not a
 * CIDR) on them.
 */
export interface KafkaCollection {
  /** The cluster's name: the `kafka_cluster` label of every scraped series. */
  readonly clusterName: pulumi.Input<string>;
  /** The DNS name of every broker (`MskCluster.brokerDnsNames`): the scrape targets, discovered by A records. */
  readonly brokerDnsNames: pulumi.Input<pulumi.Input<string>[]>;
  /** The brokers' VPC: the collector's security group is created in it. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Subnets for the collector's network interfaces, in at least two zones (the brokers' data subnets). Plain list:
   * its length is checked; the ids may be Outputs.
   */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** The brokers' security group (`MskCluster.brokerSecurityGroupId`), which gets the two ingress rules. */
  readonly brokerSecurityGroupId: pulumi.Input<string>;
  /**
   * Seconds between scrapes; the managed collector accepts 30 or more. Plain: it is written into the configuration.
   * @default 60
   */
  readonly scrapeIntervalSeconds?: number;
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
   * EventBridge rules of this account and region, by name, that may publish to the alarm topic (the GuardDuty findings
   * rule of `ThreatDetection`). Plain: the names are known before the rules exist. @default []
   */
  readonly eventRuleNames?: readonly string[];
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
  /** The MSK cluster whose exporters a managed collector scrapes. @default undefined (no MSK scraper) */
  readonly kafka?: KafkaCollection;
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
  readonly eventRuleNames: readonly string[];
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
  readonly kafka: (KafkaCollection & { readonly scrapeIntervalSeconds: number }) | undefined;
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
    eventRuleNames: args.eventRuleNames ?? [],
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
    kafka:
      args.kafka === undefined
        ? undefined
        : {
            ...args.kafka,
            scrapeIntervalSeconds: args.kafka.scrapeIntervalSeconds ?? d.scrapeIntervalSeconds,
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
