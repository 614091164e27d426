import { expect } from "chai";
import { named, natGatewayIds, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("observability", () => {
    const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    const TOPIC = "aws:sns/topic:Topic";

    it("gives every stack an alarm topic encrypted with its region's logs key, mailing the configured addresses", () => {
      for (const [stack, email] of [
        ["dev", "platform-dev@kimkao.io"],
        ["prod-taipei", "platform-oncall@kimkao.io"],
        ["prod-tokyo", "platform-oncall@kimkao.io"],
      ]) {
        const plan = plans[stack];
        const topic = named(plan, TOPIC, "observability-alarms");
        expect(topic.inputs.kmsMasterKeyId, stack).to.equal(plan.outputs.logsKeyArn);
        expect(plan.outputs.alarmTopicArn, stack).to.match(
          new RegExp(`^arn:aws:sns:${plan.region}:123456789012:observability-alarms-[0-9a-f]{7}$`),
        );
        // The same people on the region's topic and on the us-east-1 topic of the health-check alarms.
        const healthTopic = named(plan, TOPIC, "health-check-alarms");
        expect(healthTopic.inputs.region, stack).to.equal("us-east-1");
        const subscriptions = ofType(plan, "aws:sns/topicSubscription:TopicSubscription");
        expect(
          subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]),
          stack,
        ).to.have.deep.members([
          ["email", email, plan.outputs.alarmTopicArn],
          ["email", email, healthTopic.state?.arn],
        ]);
      }
    });

    it("wires every alarm to its own region's topic on ALARM and OK; Tokyo alarms the replicator into Taipei in Taipei", () => {
      const tokyo = plans["prod-tokyo"];
      const taipeiTopic = plans["prod-taipei"].outputs.alarmTopicArn;
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const alarms = ofType(plan, ALARM);
        expect(alarms.length, stack).to.be.greaterThan(10);
        const healthTopic = named(plan, TOPIC, "health-check-alarms").state?.arn;
        for (const alarm of alarms) {
          const inTaipei = alarm.name.startsWith("replication-alarms-ap-east-2-");
          // Route 53 health-check metrics exist only in us-east-1: those alarms, and their topic, are there.
          const healthCheck = alarm.name.startsWith("health-check-alarms-");
          const topic = healthCheck ? healthTopic : inTaipei ? taipeiTopic : plan.outputs.alarmTopicArn;
          expect(alarm.inputs.alarmActions, `${stack} ${alarm.name}`).to.deep.equal([topic]);
          expect(alarm.inputs.okActions, `${stack} ${alarm.name}`).to.deep.equal([topic]);
          expect(alarm.options.provider, `${stack} ${alarm.name}`).to.equal(
            providerRef(plan, inTaipei ? "ap-east-2" : plan.region),
          );
        }
      }
      expect(
        ofType(tokyo, ALARM)
          .filter((a) => a.inputs.metricName === "ReplicationLatency")
          .map((a) => [a.name, (a.inputs.dimensions as Record<string, string>).ReplicatorName]),
      ).to.have.deep.members([
        ["observability-replicator-latency-from-ap-east-2", "platform-prod-ap-east-2-to-ap-northeast-1"],
        [
          "replication-alarms-ap-east-2-replicator-latency-from-ap-northeast-1",
          "platform-prod-ap-northeast-1-to-ap-east-2",
        ],
      ]);
      // Every replicator's failures are alarmed beside its latency, in the same region, to the same topic.
      expect(
        ofType(tokyo, ALARM)
          .filter((a) => a.inputs.metricName === "ReplicatorFailure")
          .map((a) => [
            a.name,
            (a.inputs.dimensions as Record<string, string>).ReplicatorName,
            a.inputs.alarmActions,
          ]),
      ).to.have.deep.members([
        [
          "observability-replicator-failure-from-ap-east-2",
          "platform-prod-ap-east-2-to-ap-northeast-1",
          [tokyo.outputs.alarmTopicArn],
        ],
        [
          "replication-alarms-ap-east-2-replicator-failure-from-ap-northeast-1",
          "platform-prod-ap-northeast-1-to-ap-east-2",
          [taipeiTopic],
        ],
      ]);
    });

    it("alarms in us-east-1 on each application's health check, and in the region on its ALB and WAF", () => {
      for (const [stack, plan] of Object.entries(plans)) {
        const healthChecks = plan.outputs.edgeHealthCheckIds as Record<string, string>;
        const statusAlarms = ofType(plan, ALARM).filter((a) => a.inputs.metricName === "HealthCheckStatus");
        expect(
          statusAlarms.map((a) => [
            a.inputs.region,
            a.inputs.namespace,
            (a.inputs.dimensions as Record<string, string>).HealthCheckId,
          ]),
          stack,
        ).to.have.deep.members(
          ["api", "shop", "cmc"].map((app) => ["us-east-1", "AWS/Route53", healthChecks[app]]),
        );
        const edgeMetrics = ofType(plan, ALARM)
          .filter((a) => a.inputs.namespace === "AWS/ApplicationELB" || a.inputs.namespace === "AWS/WAFV2")
          .map((a) => `${a.inputs.namespace} ${a.inputs.metricName}`);
        expect(new Set(edgeMetrics), stack).to.deep.equal(
          new Set([
            "AWS/ApplicationELB HTTPCode_ELB_5XX_Count",
            "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
            "AWS/ApplicationELB TargetResponseTime",
            "AWS/ApplicationELB UnHealthyHostCount",
            "AWS/WAFV2 BlockedRequests",
          ]),
        );
      }
    });

    it("alarms on the real ids: Taipei's NAT gateways and brokers, Tokyo's secondary cluster's replication lag", () => {
      const taipei = plans["prod-taipei"];
      const natIds = natGatewayIds(taipei);
      expect(natIds).to.have.length(3);
      const natAlarms = ofType(taipei, ALARM).filter((a) => a.inputs.metricName === "ErrorPortAllocation");
      expect(
        natAlarms.map((a) => (a.inputs.dimensions as Record<string, string>).NatGatewayId),
      ).to.have.members(natIds);
      expect(
        ofType(taipei, ALARM)
          .filter((a) => a.inputs.metricName === "KafkaDataLogsDiskUsed")
          .map((a) => a.inputs.dimensions),
      ).to.have.deep.members(
        ["1", "2", "3"].map((id) => ({ "Cluster Name": taipei.outputs.kafkaClusterName, "Broker ID": id })),
      );
      expect(ofType(taipei, ALARM).map((a) => a.inputs.metricName)).not.to.include(
        "AuroraGlobalDBReplicationLag",
      );
      const tokyo = plans["prod-tokyo"];
      const lag = named(tokyo, ALARM, "observability-aurora-replication-lag");
      expect(lag.inputs.dimensions).to.deep.equal({ DBClusterIdentifier: tokyo.outputs.databaseClusterId });
      expect(ofType(taipei, ALARM).map((a) => a.inputs.metricName)).not.to.include("AuroraGlobalDBRPOLag");
      const rpo = named(tokyo, ALARM, "observability-aurora-rpo-lag");
      expect(rpo.inputs).to.deep.include({
        metricName: "AuroraGlobalDBRPOLag",
        dimensions: { DBClusterIdentifier: tokyo.outputs.databaseClusterId },
        threshold: 1000,
      });
    });

    it("has a Prometheus workspace with the logs key in every stack, and Grafana only in Tokyo, reading Taipei too", () => {
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const workspace = named(plan, "aws:amp/workspace:Workspace", "observability");
        expect(workspace.inputs.kmsKeyArn, stack).to.equal(plan.outputs.logsKeyArn);
        // The id the workspace's children were given (the plan lists inputs, not ids).
        const workspaceId = named(
          plan,
          "aws:amp/alertManagerDefinition:AlertManagerDefinition",
          "observability",
        ).inputs.workspaceId as string;
        expect(workspaceId, stack).to.match(/^ws-/);
        expect(plan.outputs.prometheusWorkspaceId, stack).to.equal(workspaceId);
        expect(plan.outputs.prometheusRemoteWriteUrl, stack).to.equal(
          `https://aps-workspaces.${plan.region}.amazonaws.com/workspaces/${workspaceId}/api/v1/remote_write`,
        );
        expect(plan.outputs.dashboardName, stack).to.equal(
          `platform-${stack === "dev" ? "dev" : "prod"}-${plan.region}`,
        );
      }
      expect(ofType(plans.dev, "aws:grafana/workspace:Workspace")).to.deep.equal([]);
      expect(ofType(plans["prod-taipei"], "aws:grafana/workspace:Workspace")).to.deep.equal([]);
      const tokyo = plans["prod-tokyo"];
      const grafana = named(tokyo, "aws:grafana/workspace:Workspace", "observability");
      expect(grafana.inputs.authenticationProviders).to.deep.equal(["AWS_SSO"]);
      expect(tokyo.outputs.grafanaUrl).to.match(
        /^https:\/\/g-[0-9a-f]{10}\.grafana-workspace\.ap-northeast-1\.amazonaws\.com$/,
      );
      const policy = JSON.parse(
        named(tokyo, "aws:iam/rolePolicy:RolePolicy", "observability-grafana").inputs.policy as string,
      );
      const query = policy.Statement.find((s: { Sid: string }) => s.Sid === "QueryPrometheus");
      expect(query.Resource).to.deep.equal([
        tokyo.outputs.prometheusWorkspaceArn,
        plans["prod-taipei"].outputs.prometheusWorkspaceArn,
      ]);
    });

    it("shows both regions in Tokyo's cross-region dashboard, each widget reading its own region", () => {
      const tokyo = plans["prod-tokyo"];
      const dashboard = named(tokyo, "aws:cloudwatch/dashboard:Dashboard", "observability-cross-region");
      expect(tokyo.outputs.crossRegionDashboardName).to.equal("platform-prod-ap-northeast-1-cross-region");
      const body = JSON.parse(dashboard.inputs.dashboardBody as string) as {
        widgets: { type: string; properties: { region?: string; metrics?: unknown[][] } }[];
      };
      const regionsShowing = (id: string) =>
        new Set(
          body.widgets
            .filter((w) => w.type === "metric" && JSON.stringify(w.properties.metrics).includes(id))
            .map((w) => w.properties.region),
        );
      const taipeiNat = natGatewayIds(plans["prod-taipei"])[0];
      const tokyoNat = natGatewayIds(tokyo)[0];
      expect(regionsShowing(taipeiNat)).to.deep.equal(new Set(["ap-east-2"]));
      expect(regionsShowing(tokyoNat)).to.deep.equal(new Set(["ap-northeast-1"]));
    });

    it("watches each region's EKS cluster: alarms, the managed scraper and Container Insights into encrypted groups", () => {
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const cluster = `platform-${stack === "dev" ? "dev" : "prod"}-${plan.region}`;
        expect(
          named(plan, ALARM, "observability-kubernetes-failed-nodes").inputs.dimensions,
          stack,
        ).to.deep.equal({
          ClusterName: cluster,
        });
        const restarts = named(plan, ALARM, "observability-kubernetes-pod-restarts").inputs.metricQueries as {
          expression: string;
        }[];
        expect(restarts[0].expression, stack).to.match(new RegExp(`WHERE ClusterName = '${cluster}'$`));
        const scraper = named(plan, "aws:amp/scraper:Scraper", "observability");
        expect(
          (scraper.inputs.source as { eks: { subnetIds: string[] } }).eks.subnetIds,
          stack,
        ).to.deep.equal((plan.outputs.subnetIds as { workload: string[] }).workload);
        const addon = named(plan, "aws:eks/addon:Addon", "observability-container-insights");
        expect(addon.inputs.addonName, stack).to.equal("amazon-cloudwatch-observability");
        expect(addon.inputs.clusterName, stack).to.equal(cluster);
        const groups = ofType(plan, "aws:cloudwatch/logGroup:LogGroup")
          .map((g) => g.inputs.name)
          .filter((name) => String(name).startsWith("/aws/containerinsights/"));
        expect(groups, stack).to.have.members(
          ["application", "dataplane", "host", "performance"].map(
            (kind) => `/aws/containerinsights/${cluster}/${kind}`,
          ),
        );
      }
    });

    it("leaves no log group of any stack without a retention and a KMS key", () => {
      for (const stack of Object.keys(plans)) {
        for (const group of ofType(plans[stack], "aws:cloudwatch/logGroup:LogGroup")) {
          expect(group.inputs.retentionInDays, `${stack} ${group.name}`).to.be.a("number");
          expect(group.inputs.kmsKeyId, `${stack} ${group.name}`).to.match(/^arn:aws:kms:/);
        }
      }
    });
  });
});
