import { expect } from "chai";
import { readFileSync } from "node:fs";
import {
  DEFAULT_ALARM_THRESHOLDS,
  GRAFANA_VERSIONS,
  MAX_METRICS_RETENTION_DAYS,
  MonitoredResources,
  PlannedAlarm,
  alarmEmailProblems,
  alarmReference,
  alarmTopicPolicy,
  alertManagerDefinition,
  containerInsightsLogGroupName,
  crossRegionDashboard,
  dashboardReferences,
  edgeRegionProblems,
  emailKey,
  grafanaRolePolicy,
  isAlarmPeriod,
  kafkaBrokerIds,
  kafkaScrapeConfiguration,
  metricsRetentionProblem,
  monitoredProblems,
  observabilityNames,
  planAlarms,
  podRestartsQuery,
  prometheusRules,
  regionalDashboard,
  resourceKeyProblems,
  scrapeConfiguration,
  serviceRegionProblem,
  MANAGED_GRAFANA_REGIONS,
  MANAGED_PROMETHEUS_REGIONS,
  observabilityStackDefaults,
  thresholdProblems,
  tracingProblems,
} from "../../../components/observability-stack/plan";
import { AWS_REGIONS } from "../../../components/common/aws-limits";
import { numbersIn, providerDoc, quotedIn } from "../../support/provider-docs";

const TAIPEI: MonitoredResources<string> = {
  aurora: { clusterIdentifier: "platform-prod-ap-east-2", globalSecondary: false },
  kafka: { clusterName: "platform-prod-ap-east-2", brokerIds: kafkaBrokerIds(3) },
  natGateways: {
    "ap-east-2a": "nat-0aaaaaaaaaaaaaaaa",
    "ap-east-2b": "nat-0bbbbbbbbbbbbbbbb",
  },
  kubernetes: { clusterName: "platform-prod" },
};

/** Taipei's edge as RegionalEdge reports it (`monitored`): the ARN suffixes and the web ACL's metric name. */
const TAIPEI_EDGE: MonitoredResources<string> = {
  edge: {
    region: "ap-east-2",
    loadBalancer: "app/edge-1234567/0123456789abcdef",
    targetGroups: {
      api: "targetgroup/edge-api-aaaaaaa/1111111111111111",
      shop: "targetgroup/edge-shop-bbbbbbb/2222222222222222",
    },
    webAclMetricName: "edge-prod-ap-east-2",
  },
};

const TOKYO: MonitoredResources<string> = {
  aurora: { clusterIdentifier: "platform-prod-ap-northeast-1", globalSecondary: true },
  replicators: { "from-ap-east-2": "platform-ap-east-2-to-ap-northeast-1" },
};

function byKey(alarms: PlannedAlarm<string>[]): Record<string, PlannedAlarm<string>> {
  return Object.fromEntries(alarms.map((a) => [a.key, a]));
}

/** The parts of an alarm that define what it watches and when it fires. */
function shape(alarm: PlannedAlarm<string>) {
  return {
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions,
    statistic: alarm.statistic,
    period: alarm.periodSeconds,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    comparison: alarm.comparison,
    threshold: alarm.threshold,
    treatMissingData: alarm.treatMissingData,
  };
}

describe("ObservabilityStack planning", () => {
  describe("AWS's allowed values", () => {
    it("alarm periods: 10, 20, 30 or a multiple of 60, as the provider documents, and every preset uses one", () => {
      const doc = providerDoc("cloudwatch/metricAlarm.d.ts", "period");
      expect(doc).to.contain("Valid values are `10`, `20`, `30`, or any multiple of `60`.");
      for (const seconds of numbersIn(doc)) {
        expect(isAlarmPeriod(seconds), String(seconds)).to.equal(true);
      }
      expect([15, 45, 90, 0, -60, 60.5].filter(isAlarmPeriod)).to.deep.equal([]);
      for (const alarm of [
        ...planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS),
        ...planAlarms(TOKYO, DEFAULT_ALARM_THRESHOLDS),
        ...planAlarms(TAIPEI_EDGE, DEFAULT_ALARM_THRESHOLDS),
      ]) {
        expect(isAlarmPeriod(alarm.periodSeconds), alarm.key).to.equal(true);
      }
    });

    it("Grafana versions are the ones the provider documents, the default among them", () => {
      const doc = providerDoc("grafana/workspace.d.ts", "grafanaVersion");
      expect(quotedIn(doc)).to.deep.equal([...GRAFANA_VERSIONS]);
      expect(GRAFANA_VERSIONS).to.include(observabilityStackDefaults.grafanaVersion);
    });

    it("the regions of Managed Grafana and Managed Prometheus are AWS regions", () => {
      expect(
        [...MANAGED_GRAFANA_REGIONS, ...MANAGED_PROMETHEUS_REGIONS].filter((r) => !AWS_REGIONS.includes(r)),
      ).to.deep.equal([]);
    });

    it("the default metrics retention is within AMP's", () => {
      expect(observabilityStackDefaults.metricsRetentionDays).to.be.within(1, MAX_METRICS_RETENTION_DAYS);
    });
  });

  describe("planAlarms", () => {
    it("plans every preset of the watched components, in a fixed order with stable keys", () => {
      const keys = planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS).map((a) => a.key);
      expect(keys).to.deep.equal([
        "aurora-cpu",
        "aurora-acu-utilization",
        "aurora-freeable-memory",
        "aurora-deadlocks",
        "kafka-offline-partitions",
        "kafka-active-controllers",
        "kafka-under-replicated-partitions-broker-1",
        "kafka-disk-used-broker-1",
        "kafka-under-replicated-partitions-broker-2",
        "kafka-disk-used-broker-2",
        "kafka-under-replicated-partitions-broker-3",
        "kafka-disk-used-broker-3",
        "nat-port-allocation-errors-ap-east-2a",
        "nat-packets-dropped-ap-east-2a",
        "nat-port-allocation-errors-ap-east-2b",
        "nat-packets-dropped-ap-east-2b",
        "kubernetes-failed-nodes",
        "kubernetes-pod-restarts",
      ]);
    });

    it("alarms on global replication lag only for a secondary cluster, by its identifier, breaching on no data", () => {
      expect(planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS).map((a) => a.key)).not.to.include(
        "aurora-replication-lag",
      );
      const lag = byKey(planAlarms(TOKYO, DEFAULT_ALARM_THRESHOLDS))["aurora-replication-lag"];
      expect(shape(lag)).to.deep.equal({
        namespace: "AWS/RDS",
        metricName: "AuroraGlobalDBReplicationLag",
        dimensions: { DBClusterIdentifier: "platform-prod-ap-northeast-1" },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: 1000,
        treatMissingData: "breaching",
      });
      expect(lag.description).to.equal(
        "Aurora global database: this secondary is more than 1000 ms behind the primary for 5 minutes; the RPO is at risk. " +
          "Runbook: docs/runbooks/alarms.md#aurora-replication-lag",
      );
    });

    it("links every alarm to a section of docs/runbooks/alarms.md that exists", () => {
      const runbook = readFileSync("docs/runbooks/alarms.md", "utf8");
      const headings = new Set([...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
      const sections = new Set(
        [TAIPEI, TAIPEI_EDGE, TOKYO].flatMap((r) =>
          planAlarms(r, DEFAULT_ALARM_THRESHOLDS).map((a) => a.runbookSection),
        ),
      );
      expect(sections).to.include.keys("aurora-rpo-lag", "replicator-failure");
      expect([...sections].filter((section) => !headings.has(section))).to.deep.equal([]);
    });

    it("alarms on the RPO lag only for a secondary cluster, by its identifier, with its own threshold", () => {
      expect(planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS).map((a) => a.key)).not.to.include("aurora-rpo-lag");
      const keys = planAlarms(TOKYO, DEFAULT_ALARM_THRESHOLDS).map((a) => a.key);
      expect(keys.indexOf("aurora-rpo-lag")).to.equal(keys.indexOf("aurora-replication-lag") + 1);
      const rpo = byKey(planAlarms(TOKYO, { ...DEFAULT_ALARM_THRESHOLDS, auroraRpoLagMs: 2500 }))[
        "aurora-rpo-lag"
      ];
      expect(shape(rpo)).to.deep.equal({
        namespace: "AWS/RDS",
        metricName: "AuroraGlobalDBRPOLag",
        dimensions: { DBClusterIdentifier: "platform-prod-ap-northeast-1" },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: 2500,
        treatMissingData: "missing",
      });
      expect(rpo.description).to.equal(
        "Aurora global database: a failover to this secondary would lose more than 2500 ms of committed writes, for 5 minutes. " +
          "Runbook: docs/runbooks/alarms.md#aurora-rpo-lag",
      );
      expect(DEFAULT_ALARM_THRESHOLDS.auroraRpoLagMs).to.equal(1000);
    });

    it("watches Aurora CPU, ACU utilisation, freeable memory (MiB converted to bytes) and deadlocks by cluster", () => {
      const alarms = byKey(
        planAlarms(TAIPEI, { ...DEFAULT_ALARM_THRESHOLDS, auroraFreeableMemoryMiB: 1024 }),
      );
      const cluster = { DBClusterIdentifier: "platform-prod-ap-east-2" };
      expect(shape(alarms["aurora-cpu"])).to.deep.include({
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: cluster,
        statistic: "Average",
        comparison: "GreaterThanThreshold",
        threshold: 80,
      });
      expect(shape(alarms["aurora-acu-utilization"])).to.deep.include({
        metricName: "ACUUtilization",
        dimensions: cluster,
        threshold: 90,
      });
      expect(shape(alarms["aurora-freeable-memory"])).to.deep.include({
        metricName: "FreeableMemory",
        statistic: "Minimum",
        comparison: "LessThanThreshold",
        threshold: 1024 * 1024 * 1024,
      });
      expect(shape(alarms["aurora-deadlocks"])).to.deep.include({
        metricName: "Deadlocks",
        period: 300,
        evaluationPeriods: 3,
        threshold: 0,
        treatMissingData: "notBreaching",
      });
    });

    it("watches MSK per cluster (offline partitions, controllers) and per broker (under-replication, disk)", () => {
      const alarms = byKey(planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS));
      expect(shape(alarms["kafka-offline-partitions"])).to.deep.equal({
        namespace: "AWS/Kafka",
        metricName: "OfflinePartitionsCount",
        dimensions: { "Cluster Name": "platform-prod-ap-east-2" },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "missing",
      });
      expect(shape(alarms["kafka-active-controllers"])).to.deep.include({
        metricName: "ActiveControllerCount",
        statistic: "Minimum",
        comparison: "LessThanThreshold",
        threshold: 1,
      });
      expect(alarms["kafka-under-replicated-partitions-broker-2"].dimensions).to.deep.equal({
        "Cluster Name": "platform-prod-ap-east-2",
        "Broker ID": "2",
      });
      expect(shape(alarms["kafka-disk-used-broker-3"])).to.deep.include({
        metricName: "KafkaDataLogsDiskUsed",
        dimensions: { "Cluster Name": "platform-prod-ap-east-2", "Broker ID": "3" },
        threshold: 85,
      });
      expect(alarms["kafka-disk-used-broker-3"].description).to.match(/#kafka-disk-used$/);
    });

    it("watches replicators in the AWS/Kafka namespace by ReplicatorName (published in the target's region)", () => {
      const alarms = byKey(planAlarms(TOKYO, { ...DEFAULT_ALARM_THRESHOLDS, replicatorLatencyMs: 30_000 }));
      expect(shape(alarms["replicator-latency-from-ap-east-2"])).to.deep.equal({
        namespace: "AWS/Kafka",
        metricName: "ReplicationLatency",
        dimensions: { ReplicatorName: "platform-ap-east-2-to-ap-northeast-1" },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 10,
        datapointsToAlarm: 10,
        comparison: "GreaterThanThreshold",
        threshold: 30_000,
        treatMissingData: "missing",
      });
      expect(shape(alarms["replicator-message-lag-from-ap-east-2"])).to.deep.include({
        metricName: "MessageLag",
        threshold: 10_000,
      });
    });

    it("alarms on any ReplicatorFailure of each replicator: Sum over 5 minutes, no data not breaching", () => {
      const alarms = byKey(planAlarms(TOKYO, DEFAULT_ALARM_THRESHOLDS));
      expect(shape(alarms["replicator-failure-from-ap-east-2"])).to.deep.equal({
        namespace: "AWS/Kafka",
        metricName: "ReplicatorFailure",
        dimensions: { ReplicatorName: "platform-ap-east-2-to-ap-northeast-1" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
      expect(alarms["replicator-failure-from-ap-east-2"].description).to.equal(
        "MSK Replicator from-ap-east-2: more than 0 failures in 5 minutes. " +
          "Runbook: docs/runbooks/alarms.md#replicator-failure",
      );
      const tuned = byKey(planAlarms(TOKYO, { ...DEFAULT_ALARM_THRESHOLDS, replicatorFailures: 3 }));
      expect(tuned["replicator-failure-from-ap-east-2"].threshold).to.equal(3);
    });

    it("watches each NAT gateway by id: port allocation errors and dropped packets over 5 minutes", () => {
      const alarms = byKey(planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS));
      expect(shape(alarms["nat-port-allocation-errors-ap-east-2b"])).to.deep.equal({
        namespace: "AWS/NATGateway",
        metricName: "ErrorPortAllocation",
        dimensions: { NatGatewayId: "nat-0bbbbbbbbbbbbbbbb" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
      expect(shape(alarms["nat-packets-dropped-ap-east-2a"])).to.deep.include({
        metricName: "PacketsDropCount",
        dimensions: { NatGatewayId: "nat-0aaaaaaaaaaaaaaaa" },
        threshold: 1000,
      });
    });

    it("watches EKS failed nodes by ClusterName and pod restarts through a Metrics Insights query", () => {
      const alarms = byKey(planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS));
      expect(shape(alarms["kubernetes-failed-nodes"])).to.deep.include({
        namespace: "ContainerInsights",
        metricName: "cluster_failed_node_count",
        dimensions: { ClusterName: "platform-prod" },
        threshold: 0,
      });
      const restarts = alarms["kubernetes-pod-restarts"];
      expect(restarts.dimensions).to.equal(undefined);
      expect(restarts.query?.build(restarts.query.source)).to.equal(
        'SELECT MAX(pod_number_of_container_restarts) FROM SCHEMA("ContainerInsights", ClusterName, Namespace, PodName) ' +
          "WHERE ClusterName = 'platform-prod'",
      );
      expect(restarts.threshold).to.equal(5);
    });

    it("quotes a cluster name in the Metrics Insights query", () => {
      expect(podRestartsQuery("it's")).to.match(/WHERE ClusterName = 'it''s'$/);
    });

    it("plans nothing for nothing watched", () => {
      expect(planAlarms({}, DEFAULT_ALARM_THRESHOLDS)).to.deep.equal([]);
    });
  });

  describe("the edge", () => {
    const LB = "app/edge-1234567/0123456789abcdef";
    const API_TG = "targetgroup/edge-api-aaaaaaa/1111111111111111";

    it("plans the load balancer's 5xx, per application its targets' 5xx, p99 and unhealthy targets, then WAF", () => {
      expect(
        planAlarms(TAIPEI_EDGE, DEFAULT_ALARM_THRESHOLDS).map((a) => [a.key, a.component]),
      ).to.deep.equal([
        ["alb-elb-5xx", "alb"],
        ["alb-target-5xx-api", "alb"],
        ["alb-response-time-api", "alb"],
        ["alb-unhealthy-targets-api", "alb"],
        ["alb-target-5xx-shop", "alb"],
        ["alb-response-time-shop", "alb"],
        ["alb-unhealthy-targets-shop", "alb"],
        ["waf-blocked-requests", "waf"],
      ]);
      // After everything else, so adding the edge renames no existing alarm.
      const all = planAlarms({ ...TAIPEI, ...TAIPEI_EDGE }, DEFAULT_ALARM_THRESHOLDS).map((a) => a.key);
      expect(all.slice(0, -8)).to.deep.equal(planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS).map((a) => a.key));
    });

    it("counts the load balancer's own 5xx by LoadBalancer over 5 minutes, no traffic not breaching", () => {
      const alarm = byKey(planAlarms(TAIPEI_EDGE, DEFAULT_ALARM_THRESHOLDS))["alb-elb-5xx"];
      expect(shape(alarm)).to.deep.equal({
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: { LoadBalancer: LB },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: 10,
        treatMissingData: "notBreaching",
      });
      expect(alarm.description).to.equal(
        "Load balancer: more than 10 5xx responses of its own (no healthy target, target unreachable or timing out) in 5 minutes. " +
          "Runbook: docs/runbooks/alarms.md#alb-elb-5xx",
      );
    });

    it("watches each application's target group by LoadBalancer and TargetGroup: 5xx, p99 (ms to seconds), unhealthy targets", () => {
      const alarms = byKey(planAlarms(TAIPEI_EDGE, DEFAULT_ALARM_THRESHOLDS));
      const dimensions = { LoadBalancer: LB, TargetGroup: API_TG };
      expect(shape(alarms["alb-target-5xx-api"])).to.deep.equal({
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparison: "GreaterThanThreshold",
        threshold: 50,
        treatMissingData: "notBreaching",
      });
      const p99 = alarms["alb-response-time-api"];
      expect(shape(p99)).to.deep.equal({
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions,
        statistic: "p99",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparison: "GreaterThanThreshold",
        threshold: 2,
        treatMissingData: "notBreaching",
      });
      expect(p99.lowSampleCountPercentiles).to.equal("ignore");
      expect(shape(alarms["alb-unhealthy-targets-api"])).to.deep.equal({
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions,
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "missing",
      });
      expect(alarms["alb-unhealthy-targets-shop"].dimensions).to.deep.equal({
        LoadBalancer: LB,
        TargetGroup: "targetgroup/edge-shop-bbbbbbb/2222222222222222",
      });
      expect(alarms["alb-response-time-shop"].description).to.equal(
        "shop: the slowest 1% of requests take more than 2000 ms at its pods for 15 minutes. " +
          "Runbook: docs/runbooks/alarms.md#alb-response-time",
      );
      const tuned = byKey(
        planAlarms(TAIPEI_EDGE, {
          ...DEFAULT_ALARM_THRESHOLDS,
          albResponseTimeP99Ms: 750,
          albTarget5xxErrors: 5,
        }),
      );
      expect(tuned["alb-response-time-api"].threshold).to.equal(0.75);
      expect(tuned["alb-target-5xx-api"].threshold).to.equal(5);
    });

    it("sums the web ACL's blocked requests by WebACL (its metric name), Rule ALL and Region", () => {
      const alarm = byKey(planAlarms(TAIPEI_EDGE, DEFAULT_ALARM_THRESHOLDS))["waf-blocked-requests"];
      expect(shape(alarm)).to.deep.equal({
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { WebACL: "edge-prod-ap-east-2", Rule: "ALL", Region: "ap-east-2" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanThreshold",
        threshold: 1000,
        treatMissingData: "notBreaching",
      });
      expect(alarm.lowSampleCountPercentiles).to.equal(undefined);
    });

    it("draws a load balancer row (one series per application) and a WAF row in the region's dashboard", () => {
      const alarms = planAlarms(TAIPEI_EDGE, DEFAULT_ALARM_THRESHOLDS);
      const body = regionalDashboard("ap-east-2", "prod", alarms);
      expect(body.widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown)).to.deep.equal([
        "# Platform prod — ap-east-2\nAlarms and first responses: docs/runbooks/alarms.md",
        "## Load balancer",
        "## WAF",
      ]);
      const metrics = body.widgets.flatMap((w) => (w.type === "metric" ? [w] : []));
      expect(metrics.map((w) => [w.properties.title, w.properties.stat, w.properties.period])).to.deep.equal([
        ["Load balancer: HTTPCode_ELB_5XX_Count", "Sum", 300],
        ["Load balancer: HTTPCode_Target_5XX_Count", "Sum", 300],
        ["Load balancer: TargetResponseTime", "p99", 300],
        ["Load balancer: UnHealthyHostCount", "Maximum", 60],
        ["WAF: BlockedRequests", "Sum", 300],
      ]);
      const p99 = metrics.find((w) => w.properties.title === "Load balancer: TargetResponseTime")!;
      expect(p99.properties.metrics).to.deep.equal([
        [
          "AWS/ApplicationELB",
          "TargetResponseTime",
          "LoadBalancer",
          LB,
          "TargetGroup",
          API_TG,
          { label: "api" },
        ],
        [
          "AWS/ApplicationELB",
          "TargetResponseTime",
          "LoadBalancer",
          LB,
          "TargetGroup",
          "targetgroup/edge-shop-bbbbbbb/2222222222222222",
          { label: "shop" },
        ],
      ]);
      expect(p99.properties.annotations).to.deep.equal({
        horizontal: [{ label: "alarm threshold", value: 2 }],
      });
      const waf = metrics.find((w) => w.properties.title === "WAF: BlockedRequests")!;
      expect(waf.properties.metrics).to.deep.equal([
        [
          "AWS/WAFV2",
          "BlockedRequests",
          "WebACL",
          "edge-prod-ap-east-2",
          "Rule",
          "ALL",
          "Region",
          "ap-east-2",
          { label: "every rule" },
        ],
      ]);
      expect(new Set(dashboardReferences(body).map((r) => r.metric))).to.deep.equal(
        new Set(alarms.map(alarmReference)),
      );
    });

    it("checks the application keys and that the edge is in the alarms' region", () => {
      const edge = TAIPEI_EDGE.edge!;
      expect(monitoredProblems({ edge: { ...edge, targetGroups: { API: "tg" } } })).to.deep.equal([
        {
          path: "edge.targetGroups.API",
          message:
            '"API" cannot name an alarm; use 1 to 63 lowercase letters, digits and -, starting with a letter or digit',
        },
      ]);
      expect(edgeRegionProblems("monitored", TAIPEI_EDGE, "ap-east-2")).to.deep.equal([]);
      expect(edgeRegionProblems("monitored", {}, "ap-east-2")).to.deep.equal([]);
      expect(edgeRegionProblems("monitored", TAIPEI_EDGE, "ap-northeast-1")).to.deep.equal([
        {
          path: "monitored.edge.region",
          message:
            '"ap-east-2" is not ap-northeast-1, the region these alarms and dashboards read; pass the RegionalEdge of ap-northeast-1',
        },
      ]);
    });
  });

  describe("thresholds", () => {
    it("accepts partial known thresholds", () => {
      expect(thresholdProblems({ auroraCpuPercent: 70, natPacketsDropped: 0 })).to.deep.equal([]);
    });

    it("reports unknown keys, negative or non-numeric values, percentages over 100 and a zero controller floor", () => {
      expect(
        thresholdProblems({
          auroraCpu: 70,
          natPacketsDropped: -1,
          eksPodRestarts: "5",
          kafkaDiskUsedPercent: 120,
          kafkaActiveControllers: 0,
        }),
      ).to.deep.equal([
        {
          path: "thresholds.auroraCpu",
          message: `unknown threshold; fix its spelling or remove it (the thresholds are ${Object.keys(DEFAULT_ALARM_THRESHOLDS).join(", ")})`,
        },
        {
          path: "thresholds.natPacketsDropped",
          message: "-1 is not a threshold; use a number of 0 or more (default 1000)",
        },
        {
          path: "thresholds.eksPodRestarts",
          message: '"5" is not a threshold; use a number of 0 or more (default 5)',
        },
        {
          path: "thresholds.kafkaDiskUsedPercent",
          message: "120 is more than 100 percent; use a percentage from 0 to 100",
        },
        {
          path: "thresholds.kafkaActiveControllers",
          message:
            "0 can never be undercut, so the alarm could never fire; use 1 (a cluster needs one active controller)",
        },
      ]);
    });
  });

  describe("dashboards", () => {
    it("lays out one header and one row of charts per watched component, every widget naming its region", () => {
      const body = regionalDashboard("ap-east-2", "prod", planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS));
      const parsed = JSON.parse(JSON.stringify(body)) as typeof body;
      expect(parsed).to.deep.equal(body);
      const headers = body.widgets
        .filter((w) => w.type === "text")
        .map((w) => w.properties.markdown.split("\n")[0]);
      expect(headers).to.deep.equal([
        "# Platform prod — ap-east-2",
        "## Aurora",
        "## MSK",
        "## NAT gateways",
        "## EKS",
      ]);
      const metrics = body.widgets.flatMap((w) => (w.type === "metric" ? [w] : []));
      expect(metrics.map((w) => w.properties.title)).to.deep.equal([
        "Aurora: CPUUtilization",
        "Aurora: ACUUtilization",
        "Aurora: FreeableMemory",
        "Aurora: Deadlocks",
        "MSK: OfflinePartitionsCount",
        "MSK: ActiveControllerCount",
        "MSK: UnderReplicatedPartitions",
        "MSK: KafkaDataLogsDiskUsed",
        "NAT gateways: ErrorPortAllocation",
        "NAT gateways: PacketsDropCount",
        "EKS: cluster_failed_node_count",
        "EKS: pod_number_of_container_restarts",
      ]);
      for (const widget of metrics) {
        expect(widget.properties.region).to.equal("ap-east-2");
        expect(widget.x + widget.width).to.be.at.most(24);
      }
      // One series per broker, drawn with the alarm's threshold.
      const disk = metrics.find((w) => w.properties.title === "MSK: KafkaDataLogsDiskUsed")!;
      expect(disk.properties.metrics).to.deep.equal(
        ["1", "2", "3"].map((id) => [
          "AWS/Kafka",
          "KafkaDataLogsDiskUsed",
          "Cluster Name",
          "platform-prod-ap-east-2",
          "Broker ID",
          id,
          { label: `broker ${id}` },
        ]),
      );
      expect(disk.properties.annotations).to.deep.equal({
        horizontal: [{ label: "alarm threshold", value: 85 }],
      });
    });

    it("never overlaps two widgets", () => {
      const body = regionalDashboard("ap-east-2", "prod", planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS));
      const cells = new Set<string>();
      for (const widget of body.widgets) {
        for (let x = widget.x; x < widget.x + widget.width; x++) {
          for (let y = widget.y; y < widget.y + widget.height; y++) {
            expect(cells.has(`${x},${y}`), `cell ${x},${y}`).to.equal(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    });

    it("references exactly the metrics of the planned alarms", () => {
      const alarms = planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS);
      const references = dashboardReferences(regionalDashboard("ap-east-2", "prod", alarms));
      expect(new Set(references.map((r) => r.metric))).to.deep.equal(new Set(alarms.map(alarmReference)));
      expect(new Set(references.map((r) => r.region))).to.deep.equal(new Set(["ap-east-2"]));
    });

    it("shows both regions side by side in the cross-region view, each widget reading its own region", () => {
      const primary = planAlarms(TAIPEI, DEFAULT_ALARM_THRESHOLDS);
      const secondary = planAlarms(TOKYO, DEFAULT_ALARM_THRESHOLDS);
      const body = crossRegionDashboard("prod", [
        { region: "ap-east-2", alarms: primary },
        { region: "ap-northeast-1", alarms: secondary },
      ]);
      const metrics = body.widgets.flatMap((w) => (w.type === "metric" ? [w] : []));
      const lag = metrics.find(
        (w) => w.properties.title === "ap-northeast-1 — Aurora: AuroraGlobalDBReplicationLag",
      )!;
      expect(lag.properties.region).to.equal("ap-northeast-1");
      expect(lag.x).to.equal(12);
      expect(lag.width).to.equal(12);
      const taipeiCpu = metrics.find((w) => w.properties.title === "ap-east-2 — Aurora: CPUUtilization")!;
      expect([taipeiCpu.x, taipeiCpu.properties.region]).to.deep.equal([0, "ap-east-2"]);
      const references = dashboardReferences(body);
      expect(new Set(references.filter((r) => r.region === "ap-east-2").map((r) => r.metric))).to.deep.equal(
        new Set(primary.map(alarmReference)),
      );
      expect(
        new Set(references.filter((r) => r.region === "ap-northeast-1").map((r) => r.metric)),
      ).to.deep.equal(new Set(secondary.map(alarmReference)));
      expect(body.widgets[0]).to.deep.include({ type: "text", width: 24 });
    });
  });

  describe("the alarm topic policy", () => {
    const context = {
      accountId: "123456789012",
      partition: "aws",
      dnsSuffix: "amazonaws.com",
      region: "ap-east-2",
    };
    const topicArn = "arn:aws:sns:ap-east-2:123456789012:alarms";

    it("lets CloudWatch alarms and the workspace's alert manager publish, and denies every other principal and plain HTTP", () => {
      const policy = alarmTopicPolicy({
        ...context,
        topicArn,
        prometheusWorkspaceArn: "arn:aws:aps:ap-east-2:123456789012:workspace/ws-1",
        publisherRoleArns: ["arn:aws:iam::123456789012:role/grafana"],
      });
      expect(policy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
              StringEquals: { "aws:SourceAccount": "123456789012" },
              ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:ap-east-2:123456789012:alarm:*" },
            },
          },
          {
            Sid: "PrometheusAlertManagerPublishes",
            Effect: "Allow",
            Principal: { Service: "aps.amazonaws.com" },
            Action: ["sns:Publish", "sns:GetTopicAttributes"],
            Resource: topicArn,
            Condition: {
              StringEquals: { "aws:SourceAccount": "123456789012" },
              ArnEquals: { "aws:SourceArn": "arn:aws:aps:ap-east-2:123456789012:workspace/ws-1" },
            },
          },
          {
            Sid: "NoOtherPublishers",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
              Bool: { "aws:PrincipalIsAWSService": "false" },
              ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/grafana" },
            },
          },
          {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
    });

    it("denies every IAM principal when no publisher role is given", () => {
      const policy = alarmTopicPolicy({ ...context, topicArn, publisherRoleArns: [] });
      expect(policy.Statement.map((s) => s.Sid)).to.deep.equal([
        "CloudWatchAlarmsPublish",
        "NoOtherPublishers",
        "TlsOnly",
      ]);
      expect(policy.Statement[1].Condition).to.deep.equal({ Bool: { "aws:PrincipalIsAWSService": "false" } });
    });

    it("lets exactly the named EventBridge rules of this account and region publish with eventRuleNames", () => {
      const policy = alarmTopicPolicy({
        ...context,
        topicArn,
        publisherRoleArns: [],
        eventRuleNames: ["platform-prod-guardduty-findings"],
      });
      expect(policy.Statement.map((s) => s.Sid)).to.deep.equal([
        "CloudWatchAlarmsPublish",
        "EventBridgeRulesPublish",
        "NoOtherPublishers",
        "TlsOnly",
      ]);
      expect(policy.Statement[1]).to.deep.equal({
        Sid: "EventBridgeRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          ArnEquals: {
            "aws:SourceArn": "arn:aws:events:ap-east-2:123456789012:rule/platform-prod-guardduty-findings",
          },
        },
      });
      expect(
        alarmTopicPolicy({ ...context, topicArn, publisherRoleArns: [], eventRuleNames: [] }).Statement.map(
          (s) => s.Sid,
        ),
      ).to.not.include("EventBridgeRulesPublish");
    });

    it("lets AWS Budgets and Cost Anomaly Detection of this account publish with costNotifications", () => {
      const policy = alarmTopicPolicy({
        ...context,
        topicArn,
        publisherRoleArns: [],
        costNotifications: true,
      });
      expect(policy.Statement.map((s) => s.Sid)).to.deep.equal([
        "CloudWatchAlarmsPublish",
        "BudgetsPublish",
        "CostAnomalyDetectionPublishes",
        "NoOtherPublishers",
        "TlsOnly",
      ]);
      expect(policy.Statement.slice(1, 3)).to.deep.equal([
        {
          Sid: "BudgetsPublish",
          Effect: "Allow",
          Principal: { Service: "budgets.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:*" },
          },
        },
        {
          Sid: "CostAnomalyDetectionPublishes",
          Effect: "Allow",
          Principal: { Service: "costalerts.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ]);
    });

    it("lets AWS Backup of this account publish with backupNotifications", () => {
      const policy = alarmTopicPolicy({
        ...context,
        topicArn,
        publisherRoleArns: [],
        backupNotifications: true,
      });
      expect(policy.Statement.map((s) => s.Sid)).to.deep.equal([
        "CloudWatchAlarmsPublish",
        "BackupPublishes",
        "NoOtherPublishers",
        "TlsOnly",
      ]);
      expect(policy.Statement[1]).to.deep.equal({
        Sid: "BackupPublishes",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      });
    });
  });

  describe("the Grafana role policy", () => {
    it("queries only the listed workspaces, reads CloudWatch and X-Ray in the listed regions, publishes to its topic", () => {
      const policy = grafanaRolePolicy({
        accountId: "123456789012",
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        region: "ap-northeast-1",
        regions: ["ap-northeast-1", "ap-east-2"],
        prometheusWorkspaceArns: [
          "arn:aws:aps:ap-northeast-1:123456789012:workspace/ws-tokyo",
          "arn:aws:aps:ap-east-2:123456789012:workspace/ws-taipei",
        ],
        alarmTopicArn: "arn:aws:sns:ap-northeast-1:123456789012:alarms",
      });
      const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
      expect(Object.keys(bySid)).to.deep.equal([
        "ListPrometheusWorkspaces",
        "QueryPrometheus",
        "DecryptPrometheusThroughAmp",
        "ReadCloudWatch",
        "ReadXRay",
        "PublishGrafanaAlerts",
        "EncryptAlertsThroughSns",
      ]);
      expect(bySid.QueryPrometheus.Resource).to.deep.equal([
        "arn:aws:aps:ap-northeast-1:123456789012:workspace/ws-tokyo",
        "arn:aws:aps:ap-east-2:123456789012:workspace/ws-taipei",
      ]);
      expect(bySid.DecryptPrometheusThroughAmp.Condition).to.deep.equal({
        StringEquals: {
          "kms:ViaService": ["aps.ap-northeast-1.amazonaws.com", "aps.ap-east-2.amazonaws.com"],
        },
      });
      expect(bySid.ReadCloudWatch.Condition).to.deep.equal({
        StringEquals: { "aws:RequestedRegion": ["ap-northeast-1", "ap-east-2"] },
      });
      expect(bySid.PublishGrafanaAlerts).to.deep.equal({
        Sid: "PublishGrafanaAlerts",
        Effect: "Allow",
        Action: "sns:Publish",
        Resource: "arn:aws:sns:ap-northeast-1:123456789012:alarms",
      });
      const actions = policy.Statement.flatMap((s) => [s.Action].flat());
      expect(actions.filter((a) => a.endsWith("*") && !a.startsWith("kms:GenerateDataKey"))).to.deep.equal(
        [],
      );
      expect(actions.some((a) => /^(aps|cloudwatch|logs|xray):(Put|Create|Delete|Update)/.test(a))).to.equal(
        false,
      );
    });
  });

  describe("Prometheus configuration", () => {
    it("scrapes at the given interval with only the service discovery and authorization the collector allows", () => {
      const yaml = scrapeConfiguration(60, "platform-prod");
      expect(yaml.split("\n").slice(0, 5)).to.deep.equal([
        "global:",
        "  scrape_interval: 60s",
        "  external_labels:",
        "    cluster: platform-prod",
        "scrape_configs:",
      ]);
      expect(yaml.match(/job_name: (\S+)/g)).to.deep.equal([
        "job_name: kubernetes-apiservers",
        "job_name: kubernetes-cadvisor",
        "job_name: kubernetes-pods",
        "job_name: kube-scheduler",
        "job_name: kube-controller-manager",
      ]);
      expect(yaml.match(/_sd_configs:/g)).to.have.length(5);
      expect(yaml).not.to.match(/(static|ec2|dns)_sd_configs/);
      for (const file of yaml.match(/credentials_file: \S+/g) ?? []) {
        expect(file).to.equal("credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token");
      }
    });

    it("routes every alert to the alarm topic in its region", () => {
      expect(alertManagerDefinition("arn:aws:sns:ap-east-2:123456789012:alarms", "ap-east-2")).to.contain(
        "        - topic_arn: arn:aws:sns:ap-east-2:123456789012:alarms\n          sigv4:\n            region: ap-east-2\n",
      );
      expect(prometheusRules()).to.contain("alert: ScrapeTargetDown");
      expect(prometheusRules()).to.contain("alert: KubernetesApiServerErrors");
    });
  });

  describe("the MSK collector's configuration", () => {
    const brokers = ["b-1.k.x.c2.kafka.ap-east-2.amazonaws.com", "b-2.k.x.c2.kafka.ap-east-2.amazonaws.com"];

    it("has one job per exporter, each discovering every broker by A record on the exporter's port", () => {
      expect(kafkaScrapeConfiguration(60, "platform-dev-kafka", brokers).split("\n")).to.deep.equal([
        "global:",
        "  scrape_interval: 60s",
        "  external_labels:",
        "    kafka_cluster: platform-dev-kafka",
        "scrape_configs:",
        "  - job_name: msk-jmx",
        "    dns_sd_configs:",
        "      - names:",
        "          - b-1.k.x.c2.kafka.ap-east-2.amazonaws.com",
        "          - b-2.k.x.c2.kafka.ap-east-2.amazonaws.com",
        "        type: A",
        "        port: 11001",
        "    relabel_configs:",
        "      - source_labels: [__meta_dns_name]",
        "        target_label: broker",
        "  - job_name: msk-node",
        "    dns_sd_configs:",
        "      - names:",
        "          - b-1.k.x.c2.kafka.ap-east-2.amazonaws.com",
        "          - b-2.k.x.c2.kafka.ap-east-2.amazonaws.com",
        "        type: A",
        "        port: 11002",
        "    relabel_configs:",
        "      - source_labels: [__meta_dns_name]",
        "        target_label: broker",
        "",
      ]);
    });

    it("uses only what the managed collector accepts: DNS discovery, no Kubernetes or static targets", () => {
      const yaml = kafkaScrapeConfiguration(30, "k", brokers);
      expect(yaml.match(/_sd_configs:/g)).to.have.length(2);
      expect(yaml).not.to.match(/(static|ec2|kubernetes)_sd_configs|credentials_file/);
      expect(yaml).to.contain("scrape_interval: 30s");
    });

    it("refuses to configure a scraper that would discover nothing", () => {
      expect(() => kafkaScrapeConfiguration(60, "k", [])).to.throw(/no broker DNS names for MSK cluster k/);
    });

    it("adds an absent-exporter alert per job to the rules only with an MSK collector", () => {
      expect(prometheusRules()).not.to.contain("msk-");
      const rules = prometheusRules(true);
      expect(rules.match(/alert: MskExporterAbsent/g)).to.have.length(2);
      expect(rules).to.contain('        expr: absent(up{job="msk-jmx"})\n        for: 15m\n');
      expect(rules).to.contain('        expr: absent(up{job="msk-node"})\n        for: 15m\n');
      expect(rules).to.contain("docs/runbooks/alarms.md#prometheus-msk-exporter-absent");
    });
  });

  describe("names and plain checks", () => {
    it("includes the environment and region in every physical name", () => {
      expect(observabilityNames("platform", "prod", "ap-east-2")).to.deep.equal({
        alarmPrefix: "platform-prod-ap-east-2",
        dashboard: "platform-prod-ap-east-2",
        crossRegionDashboard: "platform-prod-ap-east-2-cross-region",
        samplingRule: "platform-prod-ap-east-2",
        workspace: "platform-prod-ap-east-2",
      });
      expect(containerInsightsLogGroupName("platform-prod", "application")).to.equal(
        "/aws/containerinsights/platform-prod/application",
      );
    });

    it("keys e-mail subscriptions by address and reports bad or repeated addresses", () => {
      expect(emailKey("On.Call@Example.com")).to.equal("on-call-example-com");
      expect(
        alarmEmailProblems(["oncall@example.com", "not-an-address", "ONCALL@example.com"]),
      ).to.deep.equal([
        {
          path: "alarmEmails[1]",
          message: '"not-an-address" is not an e-mail address; write it like oncall@example.com',
        },
        { path: "alarmEmails[2]", message: "ONCALL@example.com is listed twice; list each address once" },
      ]);
    });

    it("takes e-mail addresses by what they are (zod's z.email()), within an SMTP path's 254 characters", () => {
      expect(
        alarmEmailProblems([
          "platform-oncall@kimkao.io",
          "first.last+alarms@ops.example.co.uk",
          "o'neil@example.com",
        ]),
      ).to.deep.equal([]);
      const bad = [
        "oncall@localhost",
        "oncall@example",
        "on call@example.com",
        "a..b@example.com",
        ".a@example.com",
        '"q"@example.com',
        "oncall@[192.0.2.1]",
        "oncall@-example.com",
        "oncall@example.c",
        "oncall@@example.com",
      ];
      expect(alarmEmailProblems(bad)).to.deep.equal(
        bad.map((email, index) => ({
          path: `alarmEmails[${index}]`,
          message: `${JSON.stringify(email)} is not an e-mail address; write it like oncall@example.com`,
        })),
      );
      const long = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(60)}.com`;
      expect(alarmEmailProblems([long])).to.deep.equal([
        {
          path: "alarmEmails[0]",
          message: `has ${long.length} characters; an e-mail address has at most 254: use a shorter one`,
        },
      ]);
    });

    it("checks sampling, retention, resource keys and where managed services are offered", () => {
      expect(tracingProblems(1.5, -1)).to.deep.equal([
        {
          path: "tracing.samplingRate",
          message: "1.5 is not a sampling rate; use a fraction from 0 to 1 (e.g. 0.05 traces 5% of requests)",
        },
        {
          path: "tracing.reservoirPerSecond",
          message: "-1 is not a reservoir; use a whole number of traced requests per second, 0 or more",
        },
      ]);
      expect(metricsRetentionProblem(150)).to.equal(undefined);
      expect(metricsRetentionProblem(2000)?.message).to.equal(
        "2000 is not a Prometheus retention; use whole days from 1 to 1095 (the service default is 150)",
      );
      expect(resourceKeyProblems("natGateways", ["ap-east-2a", "Zone A"])).to.deep.equal([
        {
          path: "natGateways.Zone A",
          message:
            '"Zone A" cannot name an alarm; use 1 to 63 lowercase letters, digits and -, starting with a letter or digit',
        },
      ]);
      expect(MANAGED_PROMETHEUS_REGIONS).to.include.members(["ap-east-2", "ap-northeast-1"]);
      expect(MANAGED_GRAFANA_REGIONS).to.include("ap-northeast-1");
      expect(
        serviceRegionProblem(
          "grafana.enabled",
          "Amazon Managed Grafana",
          "ap-east-2",
          MANAGED_GRAFANA_REGIONS,
        ),
      ).to.deep.equal({
        path: "grafana.enabled",
        message:
          "Amazon Managed Grafana is not offered in ap-east-2; set grafana.enabled to false (a workspace in another region can read this one, see ADR 0016)",
      });
    });
  });
});
