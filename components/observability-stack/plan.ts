/**
 * Pure planning for `ObservabilityStack`: the alarm presets per watched component, the CloudWatch dashboards, the
 * SNS topic policy, the IAM policies, the Prometheus scrape, rule and alert manager configurations, and where the
 * managed services are offered. Nothing here imports `@pulumi/aws`: identifiers are a type parameter `T` (plain
 * strings in tests and for the dashboards, `pulumi.Input<string>` in the component), so every rule is testable
 * without mocks (`test/components/observability-stack/plan.spec.ts`).
 */
import { PolicyDocument, ActionStatement, oneOrMany, policyDocument } from "../common/iam";
import { Problem } from "../common/validation";

// ---------------------------------------------------------------------------------------------------------------
// Where the managed services are offered

/**
 * Regions that offer Amazon Managed Grafana: the service endpoints table of the AWS General Reference
 * (docs.aws.amazon.com/general/latest/gr/grafana-service.html). Taipei (ap-east-2) is not among them, so a primary in
 * Taipei has no workspace of its own and the secondary's workspace (Tokyo) reads both regions (ADR 0016).
 */
export const MANAGED_GRAFANA_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
];

/**
 * Regions that offer Amazon Managed Service for Prometheus ("Supported Regions" in the AMP user guide,
 * docs.aws.amazon.com/prometheus/latest/userguide/what-is-Amazon-Managed-Service-Prometheus.html); Taipei and Tokyo
 * both do.
 */
export const MANAGED_PROMETHEUS_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
];

/** Grafana versions a Managed Grafana workspace accepts (`grafanaVersion` of `aws.grafana.Workspace`). */
export const GRAFANA_VERSIONS = ["9.4", "10.4", "12.4"] as const;
export type GrafanaVersion = (typeof GRAFANA_VERSIONS)[number];

/**
 * The pinned version of the `amazon-cloudwatch-observability` EKS add-on (CloudWatch agent for Container Insights and
 * Fluent Bit for container logs). Check it against `aws eks describe-addon-versions --addon-name
 * amazon-cloudwatch-observability --kubernetes-version <version>` before an upgrade.
 */
export const CONTAINER_INSIGHTS_ADDON_VERSION = "v4.5.0-eksbuild.1";

/**
 * The log groups the add-on writes (`/aws/containerinsights/<cluster>/<kind>`): container stdout/stderr, the node
 * components (kubelet, kube-proxy, containerd), host logs, and the performance events Container Insights derives its
 * metrics from. Created up front with retention and KMS, so the add-on never creates unencrypted, never-expiring ones.
 */
export const CONTAINER_INSIGHTS_LOG_KINDS = ["application", "dataplane", "host", "performance"] as const;
export type ContainerInsightsLogKind = (typeof CONTAINER_INSIGHTS_LOG_KINDS)[number];

export function containerInsightsLogGroupName(clusterName: string, kind: ContainerInsightsLogKind): string {
  return `/aws/containerinsights/${clusterName}/${kind}`;
}

/** The shortest scrape interval an AWS managed collector accepts (AMP user guide, "Scraper configuration"). */
export const MIN_SCRAPE_INTERVAL_SECONDS = 30;

/** AMP keeps metrics 150 days unless configured, at most 1095 (three years). */
export const MAX_METRICS_RETENTION_DAYS = 1095;

/** X-Ray sampling rule names are at most 32 characters. */
export const MAX_SAMPLING_RULE_NAME_LENGTH = 32;

// ---------------------------------------------------------------------------------------------------------------
// Names

/** Physical names of the stack's named resources: they include the environment and the region (ADR 0016). */
export interface ObservabilityNames {
  /** Prefix of every alarm name, `<prefix>-<environment>-<region>`. */
  readonly alarmPrefix: string;
  /** The regional dashboard (dashboard names are unique per account, not per region). */
  readonly dashboard: string;
  /** The secondary's dashboard of both regions. */
  readonly crossRegionDashboard: string;
  /** The X-Ray sampling rule (at most 32 characters). */
  readonly samplingRule: string;
  /** The Grafana workspace and the Prometheus workspace alias. */
  readonly workspace: string;
}

export function observabilityNames(prefix: string, environment: string, region: string): ObservabilityNames {
  const base = `${prefix}-${environment}-${region}`;
  return {
    alarmPrefix: base,
    dashboard: base,
    crossRegionDashboard: `${base}-cross-region`,
    samplingRule: base,
    workspace: base,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Thresholds

/**
 * Alarm thresholds, in the unit of the metric (or the unit in the key's name). Each default is what an on-call
 * engineer should be woken for; docs/runbooks/alarms.md says what each alarm means and the first response.
 */
export interface AlarmThresholds {
  /** Aurora global database: milliseconds the secondary cluster is behind the primary (RPO at risk). */
  readonly auroraReplicationLagMs: number;
  /** Aurora: average CPU of the cluster, percent. */
  readonly auroraCpuPercent: number;
  /** Aurora Serverless v2: ACUs used as a percentage of the maximum capacity. */
  readonly auroraAcuUtilizationPercent: number;
  /** Aurora: freeable memory below this, MiB. */
  readonly auroraFreeableMemoryMiB: number;
  /** Aurora: deadlocks per second above this, sustained for 15 minutes. */
  readonly auroraDeadlocksPerSecond: number;
  /** MSK: offline partitions above this (any offline partition loses availability). */
  readonly kafkaOfflinePartitions: number;
  /** MSK: under-replicated partitions on one broker above this, for 10 minutes. */
  readonly kafkaUnderReplicatedPartitions: number;
  /** MSK: the cluster has fewer active controllers than this. */
  readonly kafkaActiveControllers: number;
  /** MSK: data log disk used on one broker, percent. */
  readonly kafkaDiskUsedPercent: number;
  /** MSK Replicator: milliseconds between production at the source and arrival at the target. */
  readonly replicatorLatencyMs: number;
  /** MSK Replicator: messages produced at the source not yet replicated. */
  readonly replicatorMessageLag: number;
  /** NAT gateway: port allocation errors in 5 minutes above this. */
  readonly natPortAllocationErrors: number;
  /** NAT gateway: packets dropped in 5 minutes above this. */
  readonly natPacketsDropped: number;
  /** EKS (Container Insights): failed worker nodes above this. */
  readonly eksFailedNodes: number;
  /** EKS (Container Insights): container restarts of the most restarted pod above this. */
  readonly eksPodRestarts: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  auroraReplicationLagMs: 1000,
  auroraCpuPercent: 80,
  auroraAcuUtilizationPercent: 90,
  auroraFreeableMemoryMiB: 512,
  auroraDeadlocksPerSecond: 0,
  kafkaOfflinePartitions: 0,
  kafkaUnderReplicatedPartitions: 0,
  kafkaActiveControllers: 1,
  kafkaDiskUsedPercent: 85,
  replicatorLatencyMs: 60_000,
  replicatorMessageLag: 10_000,
  natPortAllocationErrors: 0,
  natPacketsDropped: 1000,
  eksFailedNodes: 0,
  eksPodRestarts: 5,
};

export const THRESHOLD_KEYS = Object.keys(DEFAULT_ALARM_THRESHOLDS) as (keyof AlarmThresholds)[];

const PERCENT_THRESHOLDS: ReadonlySet<keyof AlarmThresholds> = new Set([
  "auroraCpuPercent",
  "auroraAcuUtilizationPercent",
  "kafkaDiskUsedPercent",
]);

/** Every problem of (partial) thresholds, with paths `thresholds.<key>`. */
export function thresholdProblems(thresholds: Readonly<Record<string, unknown>>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(thresholds)) {
    const path = `thresholds.${key}`;
    if (!(THRESHOLD_KEYS as string[]).includes(key)) {
      problems.push({
        path,
        message: `unknown threshold; fix its spelling or remove it (the thresholds are ${THRESHOLD_KEYS.join(", ")})`,
      });
    } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      problems.push({
        path,
        message: `${JSON.stringify(value)} is not a threshold; use a number of 0 or more (default ${DEFAULT_ALARM_THRESHOLDS[key as keyof AlarmThresholds]})`,
      });
    } else if (PERCENT_THRESHOLDS.has(key as keyof AlarmThresholds) && value > 100) {
      problems.push({ path, message: `${value} is more than 100 percent; use a percentage from 0 to 100` });
    } else if (key === "kafkaActiveControllers" && value === 0) {
      problems.push({
        path,
        message:
          "0 can never be undercut, so the alarm could never fire; use 1 (a cluster needs one active controller)",
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// What is watched

/** Identifiers of the resources the alarms and dashboards watch. `T` is `string` or `pulumi.Input<string>`. */
export interface MonitoredResources<T> {
  /** The Aurora cluster of this region. */
  readonly aurora?: {
    readonly clusterIdentifier: T;
    /**
     * True for a secondary cluster of a global database: AuroraGlobalDBReplicationLag is published for it, in its
     * region, and is alarmed on. The primary cluster has no replication lag of its own.
     */
    readonly globalSecondary: boolean;
  };
  /** The MSK cluster of this region. */
  readonly kafka?: {
    readonly clusterName: T;
    /** Broker ids (`"1"` … `"<brokers>"`): per-broker metrics carry a "Broker ID" dimension. Plain. */
    readonly brokerIds: readonly string[];
  };
  /**
   * MSK Replicators whose TARGET cluster is in this region (their metrics are published there), keyed by a stable
   * key (e.g. `from-ap-east-2`) that names the alarms.
   */
  readonly replicators?: Readonly<Record<string, T>>;
  /** NAT gateway ids keyed by availability zone (the key names the alarms). */
  readonly natGateways?: Readonly<Record<string, T>>;
  /** The EKS cluster whose Container Insights metrics are watched. */
  readonly kubernetes?: { readonly clusterName: T };
}

export const WATCHED_COMPONENTS = ["aurora", "kafka", "replicator", "nat", "kubernetes"] as const;
export type WatchedComponent = (typeof WATCHED_COMPONENTS)[number];

/** Broker ids of an MSK cluster of `count` brokers: MSK numbers them from 1. */
export function kafkaBrokerIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(index + 1));
}

/** Keys of map-shaped arguments (NAT gateways, replicators) name resources: lowercase letters, digits and `-`. */
export function resourceKeyProblems(path: string, keys: readonly string[]): Problem[] {
  return keys
    .filter((key) => !/^[a-z0-9][a-z0-9-]{0,62}$/.test(key))
    .map((key) => ({
      path: `${path}.${key}`,
      message: `${JSON.stringify(key)} cannot name an alarm; use 1 to 63 lowercase letters, digits and -, starting with a letter or digit`,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Alarm presets

export type Statistic = "Average" | "Maximum" | "Minimum" | "Sum";
export type ComparisonOperator =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";
export type TreatMissingData = "missing" | "notBreaching" | "breaching" | "ignore";

/** One planned CloudWatch metric alarm, before it is bound to the topic. */
export interface PlannedAlarm<T> {
  /** Stable key, `<component>-<metric>[-<resource key>]`: the alarm's resource name and name suffix. */
  readonly key: string;
  readonly component: WatchedComponent;
  readonly namespace: string;
  readonly metricName: string;
  /** Metric dimensions (absent for a Metrics Insights query alarm). */
  readonly dimensions?: Readonly<Record<string, T | string>>;
  /** A Metrics Insights query over the dimension value `source` (alarms cannot aggregate dimensions otherwise). */
  readonly query?: { readonly source: T; readonly build: (value: string) => string };
  readonly statistic: Statistic;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: ComparisonOperator;
  /** In the metric's unit (MiB thresholds are converted to the bytes CloudWatch reports). */
  readonly threshold: number;
  readonly treatMissingData: TreatMissingData;
  /** The section of docs/runbooks/alarms.md with what the alarm means and the first response. */
  readonly runbookSection: string;
  /** What the alarm means, ending with a link to its runbook section (alarm descriptions reach the notification). */
  readonly description: string;
}

export const RUNBOOK = "docs/runbooks/alarms.md";

const MIB = 1024 * 1024;

/** Metrics Insights query: the most restarts of any pod of one EKS cluster. */
export function podRestartsQuery(clusterName: string): string {
  return (
    'SELECT MAX(pod_number_of_container_restarts) FROM SCHEMA("ContainerInsights", ClusterName, Namespace, PodName) ' +
    `WHERE ClusterName = '${clusterName.replace(/'/g, "''")}'`
  );
}

/**
 * The alarms for what is watched, in a fixed order (aurora, kafka, replicators, NAT gateways, kubernetes), with the
 * thresholds given. Metric names, namespaces and dimensions are the ones each service documents:
 * - AWS/RDS (Aurora user guide, "Amazon CloudWatch metrics for Amazon Aurora"): cluster-level metrics by
 *   `DBClusterIdentifier`; `AuroraGlobalDBReplicationLag` (ms) is published for a secondary cluster in its region.
 * - AWS/Kafka (MSK developer guide, "DEFAULT level monitoring"): `OfflinePartitionsCount` and
 *   `ActiveControllerCount` by "Cluster Name"; `UnderReplicatedPartitions` and `KafkaDataLogsDiskUsed` (percent) by
 *   "Cluster Name" and "Broker ID". MSK Replicator metrics are in AWS/Kafka too, by `ReplicatorName`, in the target
 *   cluster's region ("Monitor replication"): `ReplicationLatency` (ms, Maximum), `MessageLag`.
 * - AWS/NATGateway: `ErrorPortAllocation`, `PacketsDropCount` by `NatGatewayId`.
 * - ContainerInsights ("Enhanced Container Insights metric reference"): `cluster_failed_node_count` by
 *   `ClusterName`; `pod_number_of_container_restarts` only by ClusterName, Namespace and PodName, hence a Metrics
 *   Insights query for the cluster-wide maximum.
 */
export function planAlarms<T>(
  resources: MonitoredResources<T>,
  thresholds: AlarmThresholds,
): PlannedAlarm<T>[] {
  const alarms: PlannedAlarm<T>[] = [];
  const aurora = resources.aurora;
  if (aurora !== undefined) {
    const dimensions = { DBClusterIdentifier: aurora.clusterIdentifier };
    const rds = { component: "aurora" as const, namespace: "AWS/RDS", dimensions };
    if (aurora.globalSecondary) {
      alarms.push({
        ...rds,
        key: "aurora-replication-lag",
        runbookSection: "aurora-replication-lag",
        metricName: "AuroraGlobalDBReplicationLag",
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.auroraReplicationLagMs,
        // No data means replication stopped reporting, e.g. the secondary was detached: that must page.
        treatMissingData: "breaching",
        description: `Aurora global database: this secondary is more than ${thresholds.auroraReplicationLagMs} ms behind the primary for 5 minutes; the RPO is at risk.`,
      });
    }
    alarms.push(
      {
        ...rds,
        key: "aurora-cpu",
        runbookSection: "aurora-cpu",
        metricName: "CPUUtilization",
        statistic: "Average",
        periodSeconds: 60,
        evaluationPeriods: 10,
        datapointsToAlarm: 10,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.auroraCpuPercent,
        treatMissingData: "missing",
        description: `Aurora: average CPU above ${thresholds.auroraCpuPercent}% for 10 minutes.`,
      },
      {
        ...rds,
        key: "aurora-acu-utilization",
        runbookSection: "aurora-acu-utilization",
        metricName: "ACUUtilization",
        statistic: "Average",
        periodSeconds: 60,
        evaluationPeriods: 10,
        datapointsToAlarm: 10,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.auroraAcuUtilizationPercent,
        treatMissingData: "missing",
        description: `Aurora Serverless v2: above ${thresholds.auroraAcuUtilizationPercent}% of the maximum capacity for 10 minutes; it cannot scale further.`,
      },
      {
        ...rds,
        key: "aurora-freeable-memory",
        runbookSection: "aurora-freeable-memory",
        metricName: "FreeableMemory",
        statistic: "Minimum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "LessThanThreshold",
        threshold: thresholds.auroraFreeableMemoryMiB * MIB,
        treatMissingData: "missing",
        description: `Aurora: freeable memory below ${thresholds.auroraFreeableMemoryMiB} MiB for 5 minutes.`,
      },
      {
        ...rds,
        key: "aurora-deadlocks",
        runbookSection: "aurora-deadlocks",
        metricName: "Deadlocks",
        statistic: "Average",
        periodSeconds: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.auroraDeadlocksPerSecond,
        treatMissingData: "notBreaching",
        description: `Aurora: more than ${thresholds.auroraDeadlocksPerSecond} deadlocks per second for 15 minutes.`,
      },
    );
  }

  const kafka = resources.kafka;
  if (kafka !== undefined) {
    const cluster = { "Cluster Name": kafka.clusterName };
    const msk = { component: "kafka" as const, namespace: "AWS/Kafka" };
    alarms.push(
      {
        ...msk,
        key: "kafka-offline-partitions",
        runbookSection: "kafka-offline-partitions",
        metricName: "OfflinePartitionsCount",
        dimensions: cluster,
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.kafkaOfflinePartitions,
        treatMissingData: "missing",
        description: `MSK: more than ${thresholds.kafkaOfflinePartitions} partitions have no leader; producers and consumers of them fail.`,
      },
      {
        ...msk,
        key: "kafka-active-controllers",
        runbookSection: "kafka-active-controllers",
        metricName: "ActiveControllerCount",
        dimensions: cluster,
        statistic: "Minimum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "LessThanThreshold",
        threshold: thresholds.kafkaActiveControllers,
        // Clusters in KRaft mode may not publish it: no data is "insufficient data", not an outage.
        treatMissingData: "missing",
        description: `MSK: fewer than ${thresholds.kafkaActiveControllers} active controller for 5 minutes; no partition leadership changes are possible.`,
      },
    );
    for (const broker of kafka.brokerIds) {
      const dimensions = { "Cluster Name": kafka.clusterName, "Broker ID": broker };
      alarms.push(
        {
          ...msk,
          key: `kafka-under-replicated-partitions-broker-${broker}`,
          runbookSection: "kafka-under-replicated-partitions",
          metricName: "UnderReplicatedPartitions",
          dimensions,
          statistic: "Maximum",
          periodSeconds: 60,
          evaluationPeriods: 10,
          datapointsToAlarm: 10,
          comparison: "GreaterThanThreshold",
          threshold: thresholds.kafkaUnderReplicatedPartitions,
          treatMissingData: "missing",
          description: `MSK broker ${broker}: more than ${thresholds.kafkaUnderReplicatedPartitions} under-replicated partitions for 10 minutes (longer than a rolling patch).`,
        },
        {
          ...msk,
          key: `kafka-disk-used-broker-${broker}`,
          runbookSection: "kafka-disk-used",
          metricName: "KafkaDataLogsDiskUsed",
          dimensions,
          statistic: "Maximum",
          periodSeconds: 300,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparison: "GreaterThanThreshold",
          threshold: thresholds.kafkaDiskUsedPercent,
          treatMissingData: "missing",
          description: `MSK broker ${broker}: data log disk more than ${thresholds.kafkaDiskUsedPercent}% full.`,
        },
      );
    }
  }

  for (const [key, replicator] of Object.entries(resources.replicators ?? {})) {
    const base = {
      component: "replicator" as const,
      namespace: "AWS/Kafka",
      dimensions: { ReplicatorName: replicator },
      periodSeconds: 60,
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      comparison: "GreaterThanThreshold" as const,
      treatMissingData: "missing" as const,
    };
    alarms.push(
      {
        ...base,
        key: `replicator-latency-${key}`,
        runbookSection: "replicator-latency",
        metricName: "ReplicationLatency",
        statistic: "Maximum",
        threshold: thresholds.replicatorLatencyMs,
        description: `MSK Replicator ${key}: records take more than ${thresholds.replicatorLatencyMs} ms to reach this region for 10 minutes.`,
      },
      {
        ...base,
        key: `replicator-message-lag-${key}`,
        runbookSection: "replicator-message-lag",
        metricName: "MessageLag",
        statistic: "Maximum",
        threshold: thresholds.replicatorMessageLag,
        description: `MSK Replicator ${key}: more than ${thresholds.replicatorMessageLag} messages not yet replicated for 10 minutes.`,
      },
    );
  }

  for (const [zone, natGatewayId] of Object.entries(resources.natGateways ?? {})) {
    const base = {
      component: "nat" as const,
      namespace: "AWS/NATGateway",
      dimensions: { NatGatewayId: natGatewayId },
      statistic: "Sum" as const,
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: "GreaterThanThreshold" as const,
      treatMissingData: "notBreaching" as const,
    };
    alarms.push(
      {
        ...base,
        key: `nat-port-allocation-errors-${zone}`,
        runbookSection: "nat-port-allocation-errors",
        metricName: "ErrorPortAllocation",
        threshold: thresholds.natPortAllocationErrors,
        description: `NAT gateway in ${zone}: more than ${thresholds.natPortAllocationErrors} port allocation errors in 5 minutes; new outbound connections fail.`,
      },
      {
        ...base,
        key: `nat-packets-dropped-${zone}`,
        runbookSection: "nat-packets-dropped",
        metricName: "PacketsDropCount",
        threshold: thresholds.natPacketsDropped,
        description: `NAT gateway in ${zone}: more than ${thresholds.natPacketsDropped} packets dropped in 5 minutes.`,
      },
    );
  }

  const kubernetes = resources.kubernetes;
  if (kubernetes !== undefined) {
    const insights = { component: "kubernetes" as const, namespace: "ContainerInsights" };
    alarms.push(
      {
        ...insights,
        key: "kubernetes-failed-nodes",
        runbookSection: "kubernetes-failed-nodes",
        metricName: "cluster_failed_node_count",
        dimensions: { ClusterName: kubernetes.clusterName },
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.eksFailedNodes,
        treatMissingData: "missing",
        description: `EKS: more than ${thresholds.eksFailedNodes} failed worker nodes for 5 minutes.`,
      },
      {
        ...insights,
        key: "kubernetes-pod-restarts",
        runbookSection: "kubernetes-pod-restarts",
        metricName: "pod_number_of_container_restarts",
        query: { source: kubernetes.clusterName, build: podRestartsQuery },
        statistic: "Maximum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.eksPodRestarts,
        treatMissingData: "notBreaching",
        description: `EKS: a pod has restarted its containers more than ${thresholds.eksPodRestarts} times (crash loop).`,
      },
    );
  }
  return alarms.map((alarm) => ({
    ...alarm,
    description: `${alarm.description} Runbook: ${RUNBOOK}#${alarm.runbookSection}`,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Dashboards: typed objects that serialize to the CloudWatch dashboard body
// (CloudWatch API reference, "Dashboard Body Structure and Syntax").

/** `[namespace, metricName, dim1Name, dim1Value, …, options?]`, or `[{ expression, … }]` for a query. */
export type DashboardMetric =
  readonly [string, string, ...(string | DashboardMetricOptions)[]] | readonly [DashboardExpression];

export interface DashboardMetricOptions {
  readonly label?: string;
  readonly stat?: string;
  readonly region?: string;
}

export interface DashboardExpression {
  readonly expression: string;
  readonly label: string;
  readonly id: string;
  readonly region?: string;
}

export interface MetricWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    /** Every metric widget names its region: that is what lets one dashboard show two regions. */
    readonly region: string;
    readonly view: "timeSeries";
    readonly stat: Statistic;
    readonly period: number;
    readonly metrics: readonly DashboardMetric[];
    readonly annotations?: {
      readonly horizontal: readonly { readonly label: string; readonly value: number }[];
    };
  };
}

export interface TextWidget {
  readonly type: "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { readonly markdown: string };
}

export type DashboardWidget = MetricWidget | TextWidget;

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: "auto";
  readonly widgets: readonly DashboardWidget[];
}

/** A dashboard grid is 24 units wide. */
export const DASHBOARD_WIDTH = 24;
const HEADER_HEIGHT = 1;
const WIDGET_HEIGHT = 6;

const COMPONENT_TITLES: Readonly<Record<WatchedComponent, string>> = {
  aurora: "Aurora",
  kafka: "MSK",
  replicator: "MSK Replicator",
  nat: "NAT gateways",
  kubernetes: "EKS",
};

/** One chart: the series of one alarm preset, with its threshold drawn as a line. */
interface Chart {
  readonly title: string;
  readonly stat: Statistic;
  readonly period: number;
  readonly metrics: DashboardMetric[];
  readonly threshold?: { label: string; value: number };
}

function series(alarm: PlannedAlarm<string>, label: string, region?: string): DashboardMetric {
  if (alarm.query !== undefined) {
    return [
      { expression: alarm.query.build(alarm.query.source), label, id: "q1", ...(region ? { region } : {}) },
    ];
  }
  const dims = Object.entries(alarm.dimensions ?? {}).flat();
  return [alarm.namespace, alarm.metricName, ...dims, { label, ...(region ? { region } : {}) }];
}

/**
 * Charts of one component: one chart per metric, with one series per resource (per broker, per NAT gateway, per
 * replicator), so a row shows every watched resource of the component at once.
 */
function chartsOf(alarms: readonly PlannedAlarm<string>[], component: WatchedComponent): Chart[] {
  const byMetric = new Map<string, PlannedAlarm<string>[]>();
  for (const alarm of alarms.filter((a) => a.component === component)) {
    byMetric.set(alarm.metricName, [...(byMetric.get(alarm.metricName) ?? []), alarm]);
  }
  return [...byMetric.entries()].map(([metricName, group]) => {
    const first = group[0];
    return {
      title: `${COMPONENT_TITLES[component]}: ${metricName}`,
      stat: first.statistic,
      period: first.periodSeconds,
      metrics: group.map((alarm) => series(alarm, seriesLabel(alarm))),
      threshold: { label: "alarm threshold", value: first.threshold },
    };
  });
}

function seriesLabel(alarm: PlannedAlarm<string>): string {
  const dims = alarm.dimensions ?? {};
  return dims["Broker ID"] !== undefined
    ? `broker ${dims["Broker ID"]}`
    : (dims["NatGatewayId"] ?? dims["ReplicatorName"] ?? alarm.metricName);
}

function header(y: number, markdown: string): TextWidget {
  return { type: "text", x: 0, y, width: DASHBOARD_WIDTH, height: HEADER_HEIGHT, properties: { markdown } };
}

function metricWidget(chart: Chart, region: string, x: number, y: number, width: number): MetricWidget {
  return {
    type: "metric",
    x,
    y,
    width,
    height: WIDGET_HEIGHT,
    properties: {
      title: chart.title,
      region,
      view: "timeSeries",
      stat: chart.stat,
      period: chart.period,
      metrics: chart.metrics,
      ...(chart.threshold !== undefined ? { annotations: { horizontal: [chart.threshold] } } : {}),
    },
  };
}

/** Lays charts out in rows of up to three, 8 units wide each (the last row's charts share the width). */
function layoutRow(
  charts: readonly Chart[],
  region: string,
  startY: number,
): { widgets: MetricWidget[]; y: number } {
  const widgets: MetricWidget[] = [];
  let y = startY;
  for (let i = 0; i < charts.length; i += 3) {
    const line = charts.slice(i, i + 3);
    const width = DASHBOARD_WIDTH / line.length;
    line.forEach((chart, index) => widgets.push(metricWidget(chart, region, index * width, y, width)));
    y += WIDGET_HEIGHT;
  }
  return { widgets, y };
}

/**
 * The regional dashboard: one row per watched component (a header, then one chart per alarmed metric with every
 * watched resource as a series and the alarm threshold drawn), only for components present in `alarms`.
 */
export function regionalDashboard(
  region: string,
  environment: string,
  alarms: readonly PlannedAlarm<string>[],
): DashboardBody {
  const widgets: DashboardWidget[] = [
    header(0, `# Platform ${environment} — ${region}\nAlarms and first responses: ${RUNBOOK}`),
  ];
  let y = HEADER_HEIGHT;
  for (const component of WATCHED_COMPONENTS) {
    const charts = chartsOf(alarms, component);
    if (charts.length === 0) {
      continue;
    }
    widgets.push(header(y, `## ${COMPONENT_TITLES[component]}`));
    const row = layoutRow(charts, region, y + HEADER_HEIGHT);
    widgets.push(...row.widgets);
    y = row.y;
  }
  return { start: "-PT3H", periodOverride: "auto", widgets };
}

/** One region's part of the cross-region view. */
export interface RegionView {
  readonly region: string;
  readonly alarms: readonly PlannedAlarm<string>[];
}

/**
 * The cross-region view (in the secondary): one row per component, and in each row one chart per region side by
 * side — each widget with its own `region`, so CloudWatch reads each region's metrics where they are published.
 */
export function crossRegionDashboard(environment: string, views: readonly RegionView[]): DashboardBody {
  const regions = views.map((view) => view.region);
  const widgets: DashboardWidget[] = [
    header(0, `# Platform ${environment} — ${regions.join(" and ")}\nAlarms and first responses: ${RUNBOOK}`),
  ];
  let y = HEADER_HEIGHT;
  const width = DASHBOARD_WIDTH / Math.max(views.length, 1);
  for (const component of WATCHED_COMPONENTS) {
    const perRegion = views.map((view) => ({ view, charts: chartsOf(view.alarms, component) }));
    if (perRegion.every((entry) => entry.charts.length === 0)) {
      continue;
    }
    widgets.push(header(y, `## ${COMPONENT_TITLES[component]}`));
    y += HEADER_HEIGHT;
    const rows = Math.max(...perRegion.map((entry) => entry.charts.length));
    for (let row = 0; row < rows; row++) {
      perRegion.forEach((entry, column) => {
        const chart = entry.charts[row];
        if (chart !== undefined) {
          const titled = { ...chart, title: `${entry.view.region} — ${chart.title}` };
          widgets.push(metricWidget(titled, entry.view.region, column * width, y, width));
        }
      });
      y += WIDGET_HEIGHT;
    }
  }
  return { start: "-PT3H", periodOverride: "auto", widgets };
}

/** Every metric a dashboard references: `namespace/metric/dimension=value…`, or the query text. */
export function dashboardReferences(body: DashboardBody): { region: string; metric: string }[] {
  const references: { region: string; metric: string }[] = [];
  for (const widget of body.widgets) {
    if (widget.type !== "metric") {
      continue;
    }
    for (const metric of widget.properties.metrics) {
      const [first, ...rest] = metric;
      if (typeof first !== "string") {
        references.push({ region: first.region ?? widget.properties.region, metric: first.expression });
        continue;
      }
      const parts = rest.filter((part): part is string => typeof part === "string");
      const [metricName, ...dims] = parts;
      const pairs: string[] = [];
      for (let i = 0; i < dims.length; i += 2) {
        pairs.push(`${dims[i]}=${dims[i + 1]}`);
      }
      references.push({
        region: widget.properties.region,
        metric: [first, metricName, ...pairs].join("/"),
      });
    }
  }
  return references;
}

/** The metric reference of an alarm, in the format of `dashboardReferences`. */
export function alarmReference(alarm: PlannedAlarm<string>): string {
  if (alarm.query !== undefined) {
    return alarm.query.build(alarm.query.source);
  }
  const pairs = Object.entries(alarm.dimensions ?? {}).map(([name, value]) => `${name}=${value}`);
  return [alarm.namespace, alarm.metricName, ...pairs].join("/");
}

// ---------------------------------------------------------------------------------------------------------------
// Policies (typed IAM documents, rendered compact; asserted exactly in tests)

/** The account, partition and region a policy is written for. */
export interface PolicyContext {
  readonly accountId: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  readonly region: string;
}

export interface TopicPolicyInput extends PolicyContext {
  readonly topicArn: string;
  /** The Prometheus workspace whose alert manager publishes (absent without a workspace). */
  readonly prometheusWorkspaceArn?: string;
  /** IAM roles that may publish besides the services (the Grafana workspace role for Grafana alerts). */
  readonly publisherRoleArns: readonly string[];
}

/**
 * The alarm topic's policy: CloudWatch alarms of this account and region, and the alert manager of this stack's
 * Prometheus workspace, publish (the AMP user guide's confused-deputy conditions); every other IAM principal is denied
 * `sns:Publish` (only the listed roles are exempt), and so is any request without TLS. Service principals that no
 * statement allows cannot publish anyway: a resource policy must allow them.
 */
export function alarmTopicPolicy(input: TopicPolicyInput): PolicyDocument<ActionStatement> {
  const statements: ActionStatement[] = [
    {
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: `cloudwatch.${input.dnsSuffix}` },
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": input.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${input.partition}:cloudwatch:${input.region}:${input.accountId}:alarm:*`,
        },
      },
    },
  ];
  if (input.prometheusWorkspaceArn !== undefined) {
    statements.push({
      Sid: "PrometheusAlertManagerPublishes",
      Effect: "Allow",
      Principal: { Service: `aps.${input.dnsSuffix}` },
      Action: ["sns:Publish", "sns:GetTopicAttributes"],
      Resource: input.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": input.accountId },
        ArnEquals: { "aws:SourceArn": input.prometheusWorkspaceArn },
      },
    });
  }
  statements.push(
    {
      Sid: "NoOtherPublishers",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: {
        Bool: { "aws:PrincipalIsAWSService": "false" },
        ...(input.publisherRoleArns.length > 0
          ? { ArnNotEquals: { "aws:PrincipalArn": oneOrMany(input.publisherRoleArns) } }
          : {}),
      },
    },
    {
      Sid: "TlsOnly",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
  return policyDocument(statements);
}

/** Trust policy of a role a service assumes, for this account's resources of `sourceArnPattern` only. */
export function serviceTrustPolicy(
  service: string,
  accountId: string,
  sourceArnPattern: string,
  actions: readonly string[] = ["sts:AssumeRole"],
): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "ServiceOfThisAccount",
      Effect: "Allow",
      Principal: { Service: service },
      Action: oneOrMany(actions),
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": sourceArnPattern },
      },
    },
  ]);
}

/**
 * Trust policy of the managed scraper's target role: only the scraper's source role may assume it, and only with a
 * scraper's ARN of this account and region as the external id (the scraper passes its own ARN).
 */
export function scraperTargetTrustPolicy(
  sourceRoleArn: string,
  scraperArns: string,
): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "ScraperSourceRole",
      Effect: "Allow",
      Principal: { AWS: sourceRoleArn },
      Action: "sts:AssumeRole",
      // The scraper passes its own ARN as the external id.
      Condition: { StringLike: { "sts:ExternalId": scraperArns } },
    },
  ]);
}

/** Policy of the managed scraper's source role: it may only assume the target role. */
export function scraperSourcePolicy(targetRoleArn: string): PolicyDocument<ActionStatement> {
  return policyDocument([
    { Sid: "AssumeTargetOnly", Effect: "Allow", Action: "sts:AssumeRole", Resource: targetRoleArn },
  ]);
}

/** Policy of the managed scraper's target role: it may only remote-write into this workspace. */
export function scraperTargetPolicy(workspaceArn: string): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "RemoteWriteThisWorkspace",
      Effect: "Allow",
      Action: "aps:RemoteWrite",
      Resource: workspaceArn,
    },
  ]);
}

/** Regions and Prometheus workspaces one Grafana workspace reads. */
export interface GrafanaAccess extends PolicyContext {
  /** Every region whose CloudWatch, X-Ray and Prometheus data it reads (its own first). */
  readonly regions: readonly string[];
  readonly prometheusWorkspaceArns: readonly string[];
  readonly alarmTopicArn: string;
}

/**
 * What the Grafana workspace role may do (CUSTOMER_MANAGED permissions, least privilege): query the listed
 * Prometheus workspaces and decrypt their data through AMP only; read CloudWatch metrics, alarms and Logs Insights and
 * X-Ray traces (read-only actions that have no resource-level permissions, limited to the listed regions with
 * `aws:RequestedRegion`); publish Grafana alerts to this stack's alarm topic, encrypting through SNS only. The action
 * lists follow the Managed Grafana user guide's data source policies.
 */
export function grafanaRolePolicy(access: GrafanaAccess): PolicyDocument<ActionStatement> {
  const inRegions = { StringEquals: { "aws:RequestedRegion": oneOrMany(access.regions) } };
  const statements: ActionStatement[] = [];
  if (access.prometheusWorkspaceArns.length > 0) {
    statements.push(
      {
        Sid: "ListPrometheusWorkspaces",
        Effect: "Allow",
        Action: "aps:ListWorkspaces",
        Resource: "*",
        Condition: inRegions,
      },
      {
        Sid: "QueryPrometheus",
        Effect: "Allow",
        Action: [
          "aps:DescribeWorkspace",
          "aps:QueryMetrics",
          "aps:GetLabels",
          "aps:GetSeries",
          "aps:GetMetricMetadata",
        ],
        Resource: oneOrMany(access.prometheusWorkspaceArns),
      },
      {
        // The workspaces are encrypted with customer keys: readers must be able to use them, through AMP only.
        Sid: "DecryptPrometheusThroughAmp",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: oneOrMany(
          access.regions.map((r) => `arn:${access.partition}:kms:${r}:${access.accountId}:key/*`),
        ),
        Condition: {
          StringEquals: {
            "kms:ViaService": oneOrMany(access.regions.map((r) => `aps.${r}.${access.dnsSuffix}`)),
          },
        },
      },
    );
  }
  statements.push(
    {
      Sid: "ReadCloudWatch",
      Effect: "Allow",
      Action: [
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:DescribeAlarmHistory",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:ListMetrics",
        "cloudwatch:GetMetricData",
        "cloudwatch:GetInsightRuleReport",
        "logs:DescribeLogGroups",
        "logs:GetLogGroupFields",
        "logs:StartQuery",
        "logs:StopQuery",
        "logs:GetQueryResults",
        "logs:GetLogEvents",
        "ec2:DescribeTags",
        "ec2:DescribeInstances",
        "ec2:DescribeRegions",
        "tag:GetResources",
      ],
      Resource: "*",
      Condition: inRegions,
    },
    {
      Sid: "ReadXRay",
      Effect: "Allow",
      Action: [
        "xray:BatchGetTraces",
        "xray:GetTraceSummaries",
        "xray:GetTraceGraph",
        "xray:GetGroups",
        "xray:GetTimeSeriesServiceStatistics",
        "xray:GetInsightSummaries",
        "xray:GetInsight",
        "xray:GetServiceGraph",
      ],
      Resource: "*",
      Condition: inRegions,
    },
    {
      Sid: "PublishGrafanaAlerts",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: access.alarmTopicArn,
    },
    {
      Sid: "EncryptAlertsThroughSns",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: `arn:${access.partition}:kms:${access.region}:${access.accountId}:key/*`,
      Condition: { StringEquals: { "kms:ViaService": `sns.${access.region}.${access.dnsSuffix}` } },
    },
  );
  return policyDocument(statements);
}

// ---------------------------------------------------------------------------------------------------------------
// Prometheus configuration (YAML text; every value is ours, so plain string building is safe)

/**
 * The managed scraper's configuration: the API server, kubelet cAdvisor through the API server proxy, pods that
 * opt in with `prometheus.io/scrape: "true"`, and the EKS control plane's scheduler and controller manager metrics.
 * The managed collector allows only Kubernetes service discovery, Bearer authorization from the service account
 * token file, and intervals of 30 seconds or more (AMP user guide, "Scraper configuration").
 */
export function scrapeConfiguration(intervalSeconds: number, clusterLabel: string): string {
  const bearer = [
    "    scheme: https",
    "    authorization:",
    "      type: Bearer",
    "      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token",
  ];
  const apiserverKeep = [
    "    relabel_configs:",
    "      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]",
    "        action: keep",
    "        regex: default;kubernetes;https",
  ];
  return [
    "global:",
    `  scrape_interval: ${intervalSeconds}s`,
    "  external_labels:",
    `    cluster: ${clusterLabel}`,
    "scrape_configs:",
    "  - job_name: kubernetes-apiservers",
    ...bearer,
    "    kubernetes_sd_configs:",
    "      - role: endpoints",
    ...apiserverKeep,
    "  - job_name: kubernetes-cadvisor",
    ...bearer,
    "    kubernetes_sd_configs:",
    "      - role: node",
    "    relabel_configs:",
    "      - action: labelmap",
    "        regex: __meta_kubernetes_node_label_(.+)",
    "      - target_label: __address__",
    "        replacement: kubernetes.default.svc:443",
    "      - source_labels: [__meta_kubernetes_node_name]",
    "        regex: (.+)",
    "        target_label: __metrics_path__",
    "        replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor",
    "  - job_name: kubernetes-pods",
    "    kubernetes_sd_configs:",
    "      - role: pod",
    "    relabel_configs:",
    "      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]",
    "        action: keep",
    '        regex: "true"',
    "      - source_labels: [__meta_kubernetes_namespace]",
    "        target_label: namespace",
    "      - source_labels: [__meta_kubernetes_pod_name]",
    "        target_label: pod",
    "  - job_name: kube-scheduler",
    ...bearer,
    "    metrics_path: /apis/metrics.eks.amazonaws.com/v1/ksh/container/metrics",
    "    kubernetes_sd_configs:",
    "      - role: endpoints",
    ...apiserverKeep,
    "  - job_name: kube-controller-manager",
    ...bearer,
    "    metrics_path: /apis/metrics.eks.amazonaws.com/v1/kcm/container/metrics",
    "    kubernetes_sd_configs:",
    "      - role: endpoints",
    ...apiserverKeep,
    "",
  ].join("\n");
}

/**
 * The Prometheus rules evaluated in the workspace: scrape targets down, and API server errors. Their alerts go to the
 * alert manager, which forwards them to the alarm topic.
 */
export function prometheusRules(): string {
  return [
    "groups:",
    "  - name: platform",
    "    rules:",
    "      - alert: ScrapeTargetDown",
    "        expr: up == 0",
    "        for: 10m",
    "        labels:",
    "          severity: warning",
    "        annotations:",
    `          summary: "{{ $labels.job }} target {{ $labels.instance }} has been down for 10 minutes; see ${RUNBOOK}#prometheus-scrape-target-down"`,
    "      - alert: KubernetesApiServerErrors",
    '        expr: sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m])) > 0.05',
    "        for: 10m",
    "        labels:",
    "          severity: critical",
    "        annotations:",
    `          summary: "More than 5% of Kubernetes API requests fail; see ${RUNBOOK}#prometheus-api-server-errors"`,
    "",
  ].join("\n");
}

/** The alert manager definition: every alert to the alarm topic (SNS is the only receiver AMP supports). */
export function alertManagerDefinition(topicArn: string, region: string): string {
  return [
    "alertmanager_config: |",
    "  route:",
    "    receiver: alarm-topic",
    "    group_by: [alertname]",
    "    group_wait: 30s",
    "    group_interval: 5m",
    "    repeat_interval: 4h",
    "  receivers:",
    "    - name: alarm-topic",
    "      sns_configs:",
    `        - topic_arn: ${topicArn}`,
    "          sigv4:",
    `            region: ${region}`,
    "          send_resolved: true",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Checks of plain values shared by the component and the config section

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Problems of the alarm e-mail list, with paths `alarmEmails[i]`. */
export function alarmEmailProblems(emails: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  emails.forEach((email, index) => {
    const path = `alarmEmails[${index}]`;
    if (typeof email !== "string" || !EMAIL.test(email)) {
      problems.push({
        path,
        message: `${JSON.stringify(email)} is not an e-mail address; write it like oncall@example.com`,
      });
    } else if (seen.has(email.toLowerCase())) {
      problems.push({ path, message: `${email} is listed twice; list each address once` });
    }
    seen.add(typeof email === "string" ? email.toLowerCase() : "");
  });
  return problems;
}

/** The resource key of an e-mail subscription: stable per address, never a list index. */
export function emailKey(email: string): string {
  return email
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Problems of the tracing sampling settings, with paths `tracing.<field>`. */
export function tracingProblems(samplingRate: number, reservoirPerSecond: number): Problem[] {
  const problems: Problem[] = [];
  if (!Number.isFinite(samplingRate) || samplingRate < 0 || samplingRate > 1) {
    problems.push({
      path: "tracing.samplingRate",
      message: `${samplingRate} is not a sampling rate; use a fraction from 0 to 1 (e.g. 0.05 traces 5% of requests)`,
    });
  }
  if (!Number.isInteger(reservoirPerSecond) || reservoirPerSecond < 0) {
    problems.push({
      path: "tracing.reservoirPerSecond",
      message: `${reservoirPerSecond} is not a reservoir; use a whole number of traced requests per second, 0 or more`,
    });
  }
  return problems;
}

/** Problem of an AMP retention, or undefined when it is accepted. */
export function metricsRetentionProblem(days: number): Problem | undefined {
  if (Number.isInteger(days) && days >= 1 && days <= MAX_METRICS_RETENTION_DAYS) {
    return undefined;
  }
  return {
    path: "metricsRetentionDays",
    message: `${days} is not a Prometheus retention; use whole days from 1 to ${MAX_METRICS_RETENTION_DAYS} (the service default is 150)`,
  };
}

/** Problem of a managed service switched on in a region that does not offer it. */
export function serviceRegionProblem(
  path: string,
  service: string,
  region: string,
  offeredIn: readonly string[],
): Problem | undefined {
  if (offeredIn.includes(region)) {
    return undefined;
  }
  return {
    path,
    message: `${service} is not offered in ${region}; set ${path} to false (a workspace in another region can read this one, see ADR 0016)`,
  };
}
