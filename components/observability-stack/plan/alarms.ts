/**
 * The alarms of `ObservabilityStack`: thresholds (defaults and rules), what is watched (identifiers of type `T`:
 * plain strings in tests and dashboards, `pulumi.Input<string>` in the component), and the alarm presets per
 * watched component, each linking its runbook section.
 */
import type { Problem } from "../../common/validation";

// ---------------------------------------------------------------------------------------------------------------
// Thresholds

/**
 * Alarm thresholds, in the unit of the metric (or the unit in the key's name). Each default is what an on-call
 * engineer should be woken for; docs/runbooks/alarms.md says what each alarm means and the first response.
 */
export interface AlarmThresholds {
  /** Aurora global database: milliseconds the secondary cluster is behind the primary (RPO at risk). */
  readonly auroraReplicationLagMs: number;
  /**
   * Aurora global database: milliseconds between a user transaction's commit on the primary and its storage on the
   * secondary (`AuroraGlobalDBRPOLag`): the writes a failover would lose.
   */
  readonly auroraRpoLagMs: number;
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
  /** MSK Replicator: failures (`ReplicatorFailure`) in 5 minutes above this. */
  readonly replicatorFailures: number;
  /** NAT gateway: port allocation errors in 5 minutes above this. */
  readonly natPortAllocationErrors: number;
  /** NAT gateway: packets dropped in 5 minutes above this. */
  readonly natPacketsDropped: number;
  /** EKS (Container Insights): failed worker nodes above this. */
  readonly eksFailedNodes: number;
  /** EKS (Container Insights): container restarts of the most restarted pod above this. */
  readonly eksPodRestarts: number;
  /** Load balancer: 5xx responses the load balancer itself generated in 5 minutes above this. */
  readonly albElb5xxErrors: number;
  /** Load balancer: 5xx responses of one application's targets in 5 minutes above this, for 10 minutes. */
  readonly albTarget5xxErrors: number;
  /** Load balancer: p99 of one application's target response time above this, milliseconds, for 15 minutes. */
  readonly albResponseTimeP99Ms: number;
  /** Load balancer: unhealthy targets of one application above this, for 5 minutes. */
  readonly albUnhealthyTargets: number;
  /** WAF: requests the web ACL blocked in 5 minutes above this. */
  readonly wafBlockedRequests: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  auroraReplicationLagMs: 1000,
  auroraRpoLagMs: 1000,
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
  replicatorFailures: 0,
  natPortAllocationErrors: 0,
  natPacketsDropped: 1000,
  eksFailedNodes: 0,
  eksPodRestarts: 5,
  albElb5xxErrors: 10,
  albTarget5xxErrors: 50,
  albResponseTimeP99Ms: 2000,
  albUnhealthyTargets: 0,
  wafBlockedRequests: 1000,
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
     * True for a secondary cluster of a global database: AuroraGlobalDBReplicationLag and AuroraGlobalDBRPOLag are
     * published for it, in its region, and are alarmed on. The primary cluster has no replication lag of its own.
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
  /** The region's edge (`RegionalEdge.monitored`): its load balancer, target groups and web ACL. */
  readonly edge?: MonitoredEdge<T>;
}

/**
 * The metric dimensions of one region's edge, as `RegionalEdge` outputs them (`RegionalEdge.monitored`). The region
 * and the application keys are plain: they decide which alarms exist and where WAF publishes.
 */
export interface MonitoredEdge<T> {
  /** The region of the load balancer and web ACL: the `Region` dimension of the WAF metrics. Plain. */
  readonly region: string;
  /** `app/<name>/<id>` (the ALB ARN's suffix): the `LoadBalancer` dimension of every AWS/ApplicationELB metric. */
  readonly loadBalancer: T;
  /**
   * `targetgroup/<name>/<id>` (the target group ARN's suffix) by application key (plain; the key names the alarms):
   * the `TargetGroup` dimension.
   */
  readonly targetGroups: Readonly<Record<string, T>>;
  /**
   * The web ACL's metric name (its `visibilityConfig.metricName`): the `WebACL` dimension of the AWS/WAFV2 metrics,
   * which is "the metric name of the WebACL", not its name (AWS WAF developer guide, "AWS WAF metrics and
   * dimensions").
   */
  readonly webAclMetricName: T;
}

export const WATCHED_COMPONENTS = [
  "aurora",
  "kafka",
  "replicator",
  "nat",
  "kubernetes",
  "alb",
  "waf",
] as const;
export type WatchedComponent = (typeof WATCHED_COMPONENTS)[number];
/** What an alarm is about (its `Component` tag): a watched component, Route 53 (`HealthCheckAlarms`) or CloudTrail (`AuditTrail`). */
export type AlarmComponent = WatchedComponent | "route53" | "cloudtrail";

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

/** A CloudWatch statistic, or a percentile (`p99`: an extended statistic, `extendedStatistic` on the alarm). */
export type Statistic = "Average" | "Maximum" | "Minimum" | "Sum" | "p99";

/** Whether a statistic is a percentile (an alarm takes it as `extendedStatistic`, not `statistic`). */
export function isPercentile(statistic: Statistic): boolean {
  return /^p\d/.test(statistic);
}
export type ComparisonOperator =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";
export type TreatMissingData = "missing" | "notBreaching" | "breaching" | "ignore";

/**
 * Whether CloudWatch takes `seconds` as an alarm's period: 10, 20 or 30 (high-resolution metrics) or a multiple of
 * 60 (CloudWatch API reference, PutMetricAlarm `Period`; the installed @pulumi/aws documents the same for
 * `aws.cloudwatch.MetricAlarm.period`, taken 2026-12-02, and a test compares them).
 */
export function isAlarmPeriod(seconds: number): boolean {
  return [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/** One planned CloudWatch metric alarm, before it is bound to the topic. */
export interface PlannedAlarm<T> {
  /** Stable key, `<component>-<metric>[-<resource key>]`: the alarm's resource name and name suffix. */
  readonly key: string;
  readonly component: AlarmComponent;
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
  /**
   * For a percentile: `ignore` keeps the alarm's state when a period has too few samples for the percentile to mean
   * anything (a handful of requests at night), `evaluate` judges them anyway. Absent for other statistics.
   */
  readonly lowSampleCountPercentiles?: "evaluate" | "ignore";
  /** The dashboard's label of the alarm's series (default: from its dimensions). */
  readonly seriesLabel?: string;
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
 * The alarms for what is watched, in a fixed order (aurora, kafka, replicators, NAT gateways, kubernetes, the edge),
 * with the thresholds given. Metric names, namespaces and dimensions are the ones each service documents:
 * - AWS/RDS (Aurora user guide, "Amazon CloudWatch metrics for Amazon Aurora"): cluster-level metrics by
 *   `DBClusterIdentifier`; `AuroraGlobalDBReplicationLag` and `AuroraGlobalDBRPOLag` (both ms) are published for a
 *   secondary cluster in its region (RPO lag for every Aurora PostgreSQL version).
 * - AWS/Kafka (MSK developer guide, "DEFAULT level monitoring"): `OfflinePartitionsCount` and
 *   `ActiveControllerCount` by "Cluster Name"; `UnderReplicatedPartitions` and `KafkaDataLogsDiskUsed` (percent) by
 *   "Cluster Name" and "Broker ID". MSK Replicator metrics are in AWS/Kafka too, by `ReplicatorName`, in the target
 *   cluster's region ("Monitor replication"): `ReplicationLatency` (ms, Maximum), `MessageLag`, and
 *   `ReplicatorFailure` (count, Sum; "number of failures that the replicator is experiencing").
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
      alarms.push({
        ...rds,
        key: "aurora-rpo-lag",
        runbookSection: "aurora-rpo-lag",
        metricName: "AuroraGlobalDBRPOLag",
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.auroraRpoLagMs,
        // A secondary that stops reporting is paged by aurora-replication-lag (breaching on no data); not twice.
        treatMissingData: "missing",
        description: `Aurora global database: a failover to this secondary would lose more than ${thresholds.auroraRpoLagMs} ms of committed writes, for 5 minutes.`,
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
      {
        ...base,
        key: `replicator-failure-${key}`,
        runbookSection: "replicator-failure",
        metricName: "ReplicatorFailure",
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: thresholds.replicatorFailures,
        // No data means no failure was reported.
        treatMissingData: "notBreaching",
        description: `MSK Replicator ${key}: more than ${thresholds.replicatorFailures} failures in 5 minutes.`,
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
  const edge = resources.edge;
  if (edge !== undefined) {
    alarms.push(...edgeAlarms(edge, thresholds));
  }
  return alarms.map((alarm) => ({
    ...alarm,
    description: `${alarm.description} Runbook: ${RUNBOOK}#${alarm.runbookSection}`,
  }));
}

/**
 * The edge's alarms: the load balancer's own 5xx, then per application (target group) its targets' 5xx, p99 response
 * time and unhealthy targets, then the web ACL's blocked requests. AWS/ApplicationELB (ALB user guide, "CloudWatch
 * metrics for your Application Load Balancer"): `HTTPCode_ELB_5XX_Count` by `LoadBalancer`;
 * `HTTPCode_Target_5XX_Count` and `TargetResponseTime` (seconds) by `LoadBalancer` and `TargetGroup`;
 * `UnHealthyHostCount` only by `LoadBalancer` and `TargetGroup` (with or without `AvailabilityZone`). Elastic Load
 * Balancing reports only while requests flow, so no data is no traffic, not breaching. AWS/WAFV2 (WAF developer
 * guide, "AWS WAF metrics and dimensions"): for an Application Load Balancer `BlockedRequests` by `Region`, `Rule`
 * (`ALL`: every rule of the web ACL) and `WebACL` (the web ACL's metric name), reported only when non-zero.
 */
function edgeAlarms<T>(edge: MonitoredEdge<T>, thresholds: AlarmThresholds): PlannedAlarm<T>[] {
  const alb = { component: "alb" as const, namespace: "AWS/ApplicationELB" };
  const alarms: PlannedAlarm<T>[] = [
    {
      ...alb,
      key: "alb-elb-5xx",
      runbookSection: "alb-elb-5xx",
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: { LoadBalancer: edge.loadBalancer },
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: "GreaterThanThreshold",
      threshold: thresholds.albElb5xxErrors,
      treatMissingData: "notBreaching",
      seriesLabel: "load balancer",
      description: `Load balancer: more than ${thresholds.albElb5xxErrors} 5xx responses of its own (no healthy target, target unreachable or timing out) in 5 minutes.`,
    },
  ];
  for (const [app, targetGroup] of Object.entries(edge.targetGroups)) {
    const dimensions = { LoadBalancer: edge.loadBalancer, TargetGroup: targetGroup };
    alarms.push(
      {
        ...alb,
        key: `alb-target-5xx-${app}`,
        runbookSection: "alb-target-5xx",
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions,
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.albTarget5xxErrors,
        treatMissingData: "notBreaching",
        seriesLabel: app,
        description: `${app}: its pods answered more than ${thresholds.albTarget5xxErrors} requests with 5xx in each of two 5-minute periods.`,
      },
      {
        ...alb,
        key: `alb-response-time-${app}`,
        runbookSection: "alb-response-time",
        metricName: "TargetResponseTime",
        dimensions,
        statistic: "p99",
        periodSeconds: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.albResponseTimeP99Ms / 1000,
        treatMissingData: "notBreaching",
        lowSampleCountPercentiles: "ignore",
        seriesLabel: app,
        description: `${app}: the slowest 1% of requests take more than ${thresholds.albResponseTimeP99Ms} ms at its pods for 15 minutes.`,
      },
      {
        ...alb,
        key: `alb-unhealthy-targets-${app}`,
        runbookSection: "alb-unhealthy-targets",
        metricName: "UnHealthyHostCount",
        dimensions,
        statistic: "Maximum",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.albUnhealthyTargets,
        treatMissingData: "missing",
        seriesLabel: app,
        description: `${app}: more than ${thresholds.albUnhealthyTargets} of its pods fail the load balancer's health check for 5 minutes.`,
      },
    );
  }
  alarms.push({
    component: "waf",
    namespace: "AWS/WAFV2",
    key: "waf-blocked-requests",
    runbookSection: "waf-blocked-requests",
    metricName: "BlockedRequests",
    dimensions: { WebACL: edge.webAclMetricName, Rule: "ALL", Region: edge.region },
    statistic: "Sum",
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparison: "GreaterThanThreshold",
    threshold: thresholds.wafBlockedRequests,
    treatMissingData: "notBreaching",
    seriesLabel: "every rule",
    description: `WAF: the web ACL blocked more than ${thresholds.wafBlockedRequests} requests in 5 minutes (an attack, or a rule blocking real users).`,
  });
  return alarms;
}
