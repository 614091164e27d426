import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  OBSERVABILITY_STACK_TYPE,
  ObservabilityStack,
  ObservabilityStackArgs,
  alarmTopicPolicy,
  dashboardReferences,
  DashboardBody,
  kafkaBrokerIds,
  observabilityStackDefaults,
  withDefaults,
} from "../../../components/observability-stack";
import { ValidationError } from "../../../components/common/validation";
import { RegionalEdge } from "../../../components/regional-edge";
import { brokerDnsNames } from "../../../components/msk-cluster/plan";
import { MOCK_ACCOUNT_ID, PlanRecorder, RecordedResource, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";
import { taipeiEdgeArgs } from "../../support/edge";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  workspace: "aws:amp/workspace:Workspace",
  workspaceConfiguration: "aws:amp/workspaceConfiguration:WorkspaceConfiguration",
  ruleGroups: "aws:amp/ruleGroupNamespace:RuleGroupNamespace",
  alertManager: "aws:amp/alertManagerDefinition:AlertManagerDefinition",
  scraper: "aws:amp/scraper:Scraper",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  addon: "aws:eks/addon:Addon",
  samplingRule: "aws:xray/samplingRule:SamplingRule",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  grafana: "aws:grafana/workspace:Workspace",
  natGateway: "aws:ec2/natGateway:NatGateway",
  rdsCluster: "aws:rds/cluster:Cluster",
  mskCluster: "aws:msk/cluster:Cluster",
  eksCluster: "aws:eks/cluster:Cluster",
  key: "aws:kms/key:Key",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
} as const;

interface Built {
  recorder: PlanRecorder;
  stack: ObservabilityStack;
  providerRef: string;
  keyArn: string;
  topicArn: string;
}

/** The watched resources, created under the mocks so that alarms are tied to the ids the mocks give them. */
function watched(provider: aws.Provider, zones: readonly string[]) {
  const key = new aws.kms.Key("logs", { enableKeyRotation: true }, { provider });
  const nats = Object.fromEntries(
    zones.map((zone) => [
      zone,
      new aws.ec2.NatGateway(
        `nat-${zone}`,
        { subnetId: `subnet-${zone}`, allocationId: "eipalloc-1" },
        { provider },
      ),
    ]),
  );
  const aurora = new aws.rds.Cluster(
    "aurora",
    { clusterIdentifier: "platform-prod-aurora", engine: "aurora-postgresql" },
    { provider },
  );
  const kafka = new aws.msk.Cluster(
    "kafka",
    {
      clusterName: "platform-prod-kafka",
      kafkaVersion: "3.6.0",
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: {
        instanceType: "kafka.m7g.large",
        clientSubnets: ["subnet-a"],
        securityGroups: ["sg-1"],
      },
    },
    { provider },
  );
  const eks = new aws.eks.Cluster(
    "eks",
    {
      name: "platform-prod",
      roleArn: "arn:aws:iam::123456789012:role/eks",
      vpcConfig: { subnetIds: ["subnet-a"] },
    },
    { provider },
  );
  return { key, nats, aurora, kafka, eks };
}

async function build(
  region: string,
  overrides: (w: ReturnType<typeof watched>) => Partial<ObservabilityStackArgs> = () => ({}),
  name = "observability",
): Promise<Built> {
  const {
    component: { w, stack },
    ...built
  } = await buildUnderMocks(
    (provider) => {
      const zones = [`${region}a`, `${region}c`];
      const w = watched(provider, zones);
      const stack = new ObservabilityStack(
        name,
        {
          environment: "prod",
          region,
          kmsKeyArn: w.key.arn,
          alarmEmails: ["oncall@example.com", "platform@example.com"],
          logRetentionDays: 90,
          thresholds: { auroraCpuPercent: 70 },
          monitored: {
            aurora: { clusterIdentifier: w.aurora.clusterIdentifier, globalSecondary: false },
            kafka: { clusterName: w.kafka.clusterName, brokerIds: kafkaBrokerIds(3) },
            natGateways: Object.fromEntries(Object.entries(w.nats).map(([zone, nat]) => [zone, nat.id])),
            kubernetes: { clusterName: w.eks.name },
          },
          kubernetes: {
            clusterName: w.eks.name,
            clusterArn: w.eks.arn,
            subnetIds: ["subnet-w1", "subnet-w2"],
            securityGroupIds: ["sg-cluster"],
          },
          protect: true,
          ...overrides(w),
        },
        { provider },
      );
      return { w, stack };
    },
    {
      stack: "prod",
      region,
      defaultTags: { Owner: "platform-team", CostCenter: "CC-1001" },
      settle: ({ stack }) => [
        stack.alarmTopicArn,
        stack.prometheusRemoteWriteUrl,
        stack.dashboardName,
        stack.logGroupNames,
      ],
    },
  );
  return {
    ...built,
    stack,
    keyArn: await valueOf(w.key.arn),
    topicArn: await valueOf(stack.alarmTopicArn),
  };
}

/** `namespace/metric/dims…` with the dimensions sorted (recorded inputs come back with sorted keys). */
function sortedDimensions(reference: string): string {
  if (reference.startsWith("SELECT")) {
    return reference;
  }
  const [namespace, metric, ...dims] = reference.split("/");
  return [namespace, metric, ...dims.sort()].join("/");
}

function json<T>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

function idOf(recorder: PlanRecorder, type: string, name: string): string {
  const id = recorder.find(type, name).id;
  expect(id, `${type}::${name} has an id`).to.be.a("string");
  return id!;
}

function ownChildren(recorder: PlanRecorder): RecordedResource[] {
  const root = recorder.byType(OBSERVABILITY_STACK_TYPE)[0];
  const descendants: RecordedResource[] = [];
  const visit = (urn: string) => {
    for (const child of recorder.childrenOf(urn)) {
      descendants.push(child);
      visit(child.urn);
    }
  };
  visit(root.urn);
  return descendants;
}

describe("ObservabilityStack (under the plan mocks)", () => {
  describe("in Taipei (no Managed Grafana there)", () => {
    let built: Built;
    before(async () => {
      built = await build("ap-east-2");
    });

    it("encrypts the alarm topic with the logs key and subscribes each e-mail address, keyed by address", () => {
      const { recorder, keyArn, topicArn } = built;
      expect(recorder.find(T.topic, "observability-alarms").inputs).to.deep.include({
        kmsMasterKeyId: keyArn,
        displayName: "Platform alarms prod ap-east-2",
      });
      expect(recorder.byType(T.subscription).map((s) => [s.name, s.inputs])).to.deep.equal([
        [
          "observability-alarms-oncall-example-com",
          { topic: topicArn, protocol: "email", endpoint: "oncall@example.com" },
        ],
        [
          "observability-alarms-platform-example-com",
          { topic: topicArn, protocol: "email", endpoint: "platform@example.com" },
        ],
      ]);
    });

    it("lets only CloudWatch alarms of this account and region, this workspace's alert manager, and the account's Budgets, Cost Anomaly Detection and AWS Backup publish", () => {
      const { recorder, topicArn } = built;
      const policy = recorder.find(T.topicPolicy, "observability-alarms");
      expect(policy.inputs["arn"]).to.equal(topicArn);
      const workspaceArn = recorder.find(T.workspace, "observability").state["arn"] as string;
      expect(json(policy.inputs["policy"])).to.deep.equal(
        JSON.parse(
          JSON.stringify(
            alarmTopicPolicy({
              topicArn,
              prometheusWorkspaceArn: workspaceArn,
              accountId: MOCK_ACCOUNT_ID,
              partition: "aws",
              dnsSuffix: "amazonaws.com",
              region: "ap-east-2",
              publisherRoleArns: [],
              costNotifications: true,
              backupNotifications: true,
            }),
          ),
        ),
      );
      expect(workspaceArn).to.match(new RegExp(`^arn:aws:aps:ap-east-2:${MOCK_ACCOUNT_ID}:workspace/ws-`));
    });

    it("wires every alarm to the topic on ALARM and OK, with the threshold given or the default", async () => {
      const { recorder, stack, topicArn } = built;
      const alarms = recorder.byType(T.alarm);
      // Registration order is asynchronous; the set of alarms is what matters.
      expect(alarms.map((a) => a.name)).to.have.members(stack.alarmKeys.map((key) => `observability-${key}`));
      expect(alarms).to.have.length(18);
      for (const alarm of alarms) {
        expect(alarm.inputs["alarmActions"], alarm.name).to.deep.equal([topicArn]);
        expect(alarm.inputs["okActions"], alarm.name).to.deep.equal([topicArn]);
        expect(alarm.inputs["actionsEnabled"], alarm.name).to.equal(true);
        expect(alarm.inputs["name"], alarm.name).to.equal(
          `platform-prod-ap-east-2-${alarm.name.replace(/^observability-/, "")}`,
        );
        expect(alarm.options.provider, alarm.name).to.equal(built.providerRef);
      }
      expect(recorder.find(T.alarm, "observability-aurora-cpu").inputs["threshold"]).to.equal(70);
      expect(recorder.find(T.alarm, "observability-aurora-acu-utilization").inputs["threshold"]).to.equal(90);
    });

    it("ties each alarm's namespace, metric and dimensions to the watched resources' real ids", () => {
      const { recorder } = built;
      const alarm = (key: string) => recorder.find(T.alarm, `observability-${key}`).inputs;
      const auroraId = idOf(recorder, T.rdsCluster, "aurora");
      const kafkaName = recorder.find(T.mskCluster, "kafka").inputs["clusterName"];
      const eksName = recorder.find(T.eksCluster, "eks").inputs["name"];
      expect(alarm("aurora-cpu")).to.deep.include({
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: { DBClusterIdentifier: auroraId },
        statistic: "Average",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
      });
      expect(alarm("aurora-freeable-memory")).to.deep.include({
        metricName: "FreeableMemory",
        comparisonOperator: "LessThanThreshold",
        threshold: 512 * 1024 * 1024,
      });
      expect(alarm("kafka-offline-partitions")).to.deep.include({
        namespace: "AWS/Kafka",
        metricName: "OfflinePartitionsCount",
        dimensions: { "Cluster Name": kafkaName },
        threshold: 0,
      });
      expect(alarm("kafka-under-replicated-partitions-broker-3")["dimensions"]).to.deep.equal({
        "Cluster Name": kafkaName,
        "Broker ID": "3",
      });
      for (const zone of ["ap-east-2a", "ap-east-2c"]) {
        const natId = idOf(recorder, T.natGateway, `nat-${zone}`);
        expect(natId).to.match(/^nat-[0-9a-f]{17}$/);
        expect(alarm(`nat-port-allocation-errors-${zone}`)).to.deep.include({
          namespace: "AWS/NATGateway",
          metricName: "ErrorPortAllocation",
          dimensions: { NatGatewayId: natId },
          statistic: "Sum",
          threshold: 0,
        });
        expect(alarm(`nat-packets-dropped-${zone}`)["dimensions"]).to.deep.equal({ NatGatewayId: natId });
      }
      expect(alarm("kubernetes-failed-nodes")).to.deep.include({
        namespace: "ContainerInsights",
        metricName: "cluster_failed_node_count",
        dimensions: { ClusterName: eksName },
      });
      const restarts = alarm("kubernetes-pod-restarts");
      expect(restarts["metricName"]).to.equal(undefined);
      expect(restarts["metricQueries"]).to.deep.equal([
        {
          id: "q1",
          expression:
            'SELECT MAX(pod_number_of_container_restarts) FROM SCHEMA("ContainerInsights", ClusterName, Namespace, PodName) ' +
            `WHERE ClusterName = '${String(eksName)}'`,
          period: 300,
          label: "pod_number_of_container_restarts",
          returnData: true,
        },
      ]);
      expect(restarts["threshold"]).to.equal(5);
    });

    it("has no replication lag alarm for a primary cluster", () => {
      expect(built.stack.alarmKeys).not.to.include("aurora-replication-lag");
    });

    it("encrypts the Prometheus workspace with the key, logs to an encrypted group, keeps metrics 150 days", () => {
      const { recorder, keyArn } = built;
      const workspace = recorder.find(T.workspace, "observability");
      const logs = recorder.find(T.logGroup, "observability-prometheus");
      expect(logs.inputs["name"]).to.equal("/aws/vendedlogs/prometheus/platform-prod-ap-east-2");
      expect(workspace.inputs).to.deep.include({
        alias: "platform-prod-ap-east-2",
        kmsKeyArn: keyArn,
        loggingConfiguration: { logGroupArn: `${String(logs.state["arn"])}:*` },
      });
      expect(workspace.options.protect).to.equal(true);
      const workspaceId = workspace.id;
      expect(recorder.find(T.workspaceConfiguration, "observability").inputs).to.deep.include({
        workspaceId,
        retentionPeriodInDays: 150,
      });
      expect(recorder.find(T.ruleGroups, "observability-platform").inputs).to.deep.include({
        workspaceId,
        name: "platform",
      });
      const alertManager = recorder.find(T.alertManager, "observability");
      expect(alertManager.inputs["definition"]).to.contain(`topic_arn: ${built.topicArn}`);
      expect(alertManager.options.dependsOn).to.include(
        recorder.find(T.topicPolicy, "observability-alarms").urn,
      );
    });

    it("gives every log group it creates a retention and the KMS key, and protects them", () => {
      const { recorder, keyArn } = built;
      const groups = recorder.byType(T.logGroup).filter((g) => g.name.startsWith("observability-"));
      expect(groups.map((g) => g.inputs["name"])).to.deep.equal([
        "/aws/vendedlogs/prometheus/platform-prod-ap-east-2",
        "/aws/containerinsights/platform-prod/application",
        "/aws/containerinsights/platform-prod/dataplane",
        "/aws/containerinsights/platform-prod/host",
        "/aws/containerinsights/platform-prod/performance",
      ]);
      for (const group of groups) {
        expect(group.inputs["retentionInDays"], group.name).to.equal(90);
        expect(group.inputs["kmsKeyId"], group.name).to.equal(keyArn);
        expect(group.options.protect, group.name).to.equal(true);
      }
    });

    it("scrapes the EKS cluster into the workspace through a source/target role pair (customer-key workspace)", () => {
      const { recorder } = built;
      const scraper = recorder.find(T.scraper, "observability");
      const workspace = recorder.find(T.workspace, "observability");
      const source = recorder.find(T.role, "observability-scraper-source");
      const target = recorder.find(T.role, "observability-scraper-target");
      expect(scraper.inputs["source"]).to.deep.equal({
        eks: {
          clusterArn: recorder.find(T.eksCluster, "eks").state["arn"],
          subnetIds: ["subnet-w1", "subnet-w2"],
          securityGroupIds: ["sg-cluster"],
        },
      });
      expect(scraper.inputs["destination"]).to.deep.equal({ amp: { workspaceArn: workspace.state["arn"] } });
      expect(scraper.inputs["roleConfiguration"]).to.deep.equal({
        sourceRoleArn: source.state["arn"],
        targetRoleArn: target.state["arn"],
      });
      expect(String(scraper.inputs["scrapeConfiguration"])).to.contain("scrape_interval: 60s");
      expect(json(source.inputs["assumeRolePolicy"])).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ServiceOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "scraper.aps.amazonaws.com" },
            Action: "sts:AssumeRole",
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
              ArnLike: { "aws:SourceArn": `arn:aws:aps:ap-east-2:${MOCK_ACCOUNT_ID}:scraper/*` },
            },
          },
        ],
      });
      expect(
        json(recorder.find(T.rolePolicy, "observability-scraper-target").inputs["policy"]),
      ).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RemoteWriteThisWorkspace",
            Effect: "Allow",
            Action: "aps:RemoteWrite",
            Resource: workspace.state["arn"],
          },
        ],
      });
      expect(
        json(recorder.find(T.rolePolicy, "observability-scraper-source").inputs["policy"]),
      ).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AssumeTargetOnly",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: target.state["arn"],
          },
        ],
      });
    });

    it("installs the pinned CloudWatch Observability add-on with a Pod Identity role, after its log groups", () => {
      const { recorder } = built;
      const addon = recorder.find(T.addon, "observability-container-insights");
      const role = recorder.find(T.role, "observability-cloudwatch-agent");
      expect(addon.inputs).to.deep.include({
        clusterName: "platform-prod",
        addonName: "amazon-cloudwatch-observability",
        addonVersion: observabilityStackDefaults.addonVersion,
        podIdentityAssociations: [{ roleArn: role.state["arn"], serviceAccount: "cloudwatch-agent" }],
      });
      const groupUrns = recorder
        .byType(T.logGroup)
        .filter((g) => g.name.startsWith("observability-containerinsights-"))
        .map((g) => g.urn);
      expect(groupUrns).to.have.length(4);
      expect(addon.options.dependsOn).to.include.members(groupUrns);
      expect(recorder.find(T.attachment, "observability-cloudwatch-agent").inputs["policyArn"]).to.equal(
        "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
      );
      const trust = json<{ Statement: { Principal: unknown; Action: unknown }[] }>(
        role.inputs["assumeRolePolicy"],
      );
      expect(trust.Statement[0].Principal).to.deep.equal({ Service: "pods.eks.amazonaws.com" });
      expect(trust.Statement[0].Action).to.deep.equal(["sts:AssumeRole", "sts:TagSession"]);
    });

    it("names each log group by its key, so one subscriber can wait for that log group alone", async () => {
      const { recorder, stack } = built;
      const byKey = Object.fromEntries(
        await Promise.all(
          Object.entries(stack.logGroupNamesByKey).map(async ([key, name]) => [key, await valueOf(name)]),
        ),
      );
      expect(byKey).to.deep.equal(
        Object.fromEntries(
          recorder
            .byType(T.logGroup)
            .map((group) => [group.name.replace(/^observability-/, ""), group.inputs["name"]]),
        ),
      );
      expect(byKey["containerinsights-application"]).to.equal(
        "/aws/containerinsights/platform-prod/application",
      );
      expect(await valueOf(stack.logGroupNames)).to.have.members(Object.values(byKey));
    });

    it("samples traces with a rule named for the environment and region", () => {
      expect(built.recorder.find(T.samplingRule, "observability").inputs).to.deep.include({
        ruleName: "platform-prod-ap-east-2",
        priority: 9000,
        fixedRate: 0.05,
        reservoirSize: 1,
        serviceName: "*",
        version: 1,
      });
    });

    it("draws a dashboard of valid JSON that references only the watched resources' metrics", async () => {
      const { recorder } = built;
      const dashboard = recorder.find(T.dashboard, "observability");
      expect(dashboard.inputs["dashboardName"]).to.equal("platform-prod-ap-east-2");
      const body = json<DashboardBody>(dashboard.inputs["dashboardBody"]);
      const alarmMetrics = new Set(
        recorder.byType(T.alarm).map((a) => {
          const inputs = a.inputs;
          if (inputs["metricQueries"] !== undefined) {
            return (inputs["metricQueries"] as { expression: string }[])[0].expression;
          }
          const dims = Object.entries(inputs["dimensions"] as Record<string, string>).map(
            ([k, v]) => `${k}=${v}`,
          );
          return sortedDimensions([inputs["namespace"], inputs["metricName"], ...dims].join("/"));
        }),
      );
      const referenced = dashboardReferences(body);
      expect(referenced.length).to.be.greaterThan(0);
      expect(new Set(referenced.map((r) => sortedDimensions(r.metric)))).to.deep.equal(alarmMetrics);
      expect(new Set(referenced.map((r) => r.region))).to.deep.equal(new Set(["ap-east-2"]));
      expect(await valueOf(built.stack.crossRegionDashboardName)).to.equal(undefined);
      expect(recorder.byType(T.dashboard)).to.have.length(1);
    });

    it("creates no Grafana workspace in a region without Managed Grafana", async () => {
      expect(built.recorder.byType(T.grafana)).to.deep.equal([]);
      expect(await valueOf(built.stack.grafanaUrl)).to.equal(undefined);
    });

    it("exports the topic, the workspace id and remote-write URL, and the dashboard name", async () => {
      const { stack, recorder } = built;
      const workspaceId = idOf(recorder, T.workspace, "observability");
      expect(await valueOf(stack.prometheusWorkspaceId)).to.equal(workspaceId);
      expect(await valueOf(stack.prometheusRemoteWriteUrl)).to.equal(
        `https://aps-workspaces.ap-east-2.amazonaws.com/workspaces/${workspaceId}/api/v1/remote_write`,
      );
      expect(await valueOf(stack.dashboardName)).to.equal("platform-prod-ap-east-2");
      expect(built.topicArn).to.match(
        new RegExp(`^arn:aws:sns:ap-east-2:${MOCK_ACCOUNT_ID}:observability-alarms-`),
      );
      const monitored = await valueOf(stack.monitoredResources);
      expect(monitored.natGateways).to.deep.equal({
        "ap-east-2a": idOf(recorder, T.natGateway, "nat-ap-east-2a"),
        "ap-east-2c": idOf(recorder, T.natGateway, "nat-ap-east-2c"),
      });
    });

    it("creates every child through the regional provider, under the component", () => {
      const children = ownChildren(built.recorder).filter((r) => r.custom);
      expect(children.length).to.be.greaterThan(30);
      for (const child of children) {
        expect(child.options.provider, `${child.type}::${child.name}`).to.equal(built.providerRef);
        expect(child.name.startsWith("observability"), child.name).to.equal(true);
      }
    });
  });

  describe("in Tokyo as the secondary", () => {
    let built: Built;
    before(async () => {
      built = await build("ap-northeast-1", (w) => ({
        monitored: {
          aurora: { clusterIdentifier: w.aurora.clusterIdentifier, globalSecondary: true },
          replicators: { "from-ap-east-2": "platform-ap-east-2-to-ap-northeast-1" },
        },
        kubernetes: undefined,
        grafana: {
          peers: [
            {
              region: "ap-east-2",
              prometheusWorkspaceArn: "arn:aws:aps:ap-east-2:123456789012:workspace/ws-taipei",
            },
          ],
        },
        crossRegion: {
          region: "ap-east-2",
          monitored: {
            aurora: { clusterIdentifier: "platform-prod-ap-east-2", globalSecondary: false },
            natGateways: { "ap-east-2a": "nat-0aaaaaaaaaaaaaaaa" },
          },
        },
      }));
    });

    it("alarms on the secondary cluster's replication lag and on the replicator into this region", () => {
      const { recorder } = built;
      expect(recorder.find(T.alarm, "observability-aurora-replication-lag").inputs).to.deep.include({
        namespace: "AWS/RDS",
        metricName: "AuroraGlobalDBReplicationLag",
        dimensions: { DBClusterIdentifier: idOf(recorder, T.rdsCluster, "aurora") },
        threshold: 1000,
        treatMissingData: "breaching",
        alarmActions: [built.topicArn],
        okActions: [built.topicArn],
      });
      expect(
        recorder.find(T.alarm, "observability-replicator-latency-from-ap-east-2").inputs,
      ).to.deep.include({
        namespace: "AWS/Kafka",
        metricName: "ReplicationLatency",
        dimensions: { ReplicatorName: "platform-ap-east-2-to-ap-northeast-1" },
        threshold: 60_000,
      });
      expect(recorder.find(T.alarm, "observability-aurora-rpo-lag").inputs).to.deep.include({
        name: "platform-prod-ap-northeast-1-aurora-rpo-lag",
        namespace: "AWS/RDS",
        metricName: "AuroraGlobalDBRPOLag",
        dimensions: { DBClusterIdentifier: idOf(recorder, T.rdsCluster, "aurora") },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 1000,
        treatMissingData: "missing",
        alarmActions: [built.topicArn],
        okActions: [built.topicArn],
      });
      expect(
        recorder.find(T.alarm, "observability-replicator-failure-from-ap-east-2").inputs,
      ).to.deep.include({
        name: "platform-prod-ap-northeast-1-replicator-failure-from-ap-east-2",
        namespace: "AWS/Kafka",
        metricName: "ReplicatorFailure",
        dimensions: { ReplicatorName: "platform-ap-east-2-to-ap-northeast-1" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [built.topicArn],
        okActions: [built.topicArn],
      });
    });

    it("runs Grafana with IAM Identity Center, the three data sources, SNS alerts and its own least-privilege role", async () => {
      const { recorder, stack } = built;
      const grafana = recorder.find(T.grafana, "observability");
      const role = recorder.find(T.role, "observability-grafana");
      expect(grafana.inputs).to.deep.include({
        name: "platform-prod-ap-northeast-1",
        accountAccessType: "CURRENT_ACCOUNT",
        authenticationProviders: ["AWS_SSO"],
        permissionType: "CUSTOMER_MANAGED",
        roleArn: role.state["arn"],
        dataSources: ["PROMETHEUS", "CLOUDWATCH", "XRAY"],
        notificationDestinations: ["SNS"],
        grafanaVersion: "10.4",
      });
      expect(grafana.options.protect).to.equal(true);
      expect(await valueOf(stack.grafanaUrl)).to.equal(`https://${String(grafana.state["endpoint"])}`);
      const policy = json<{ Statement: { Sid: string; Resource: unknown }[] }>(
        recorder.find(T.rolePolicy, "observability-grafana").inputs["policy"],
      );
      const query = policy.Statement.find((s) => s.Sid === "QueryPrometheus")!;
      expect(query.Resource).to.deep.equal([
        recorder.find(T.workspace, "observability").state["arn"],
        "arn:aws:aps:ap-east-2:123456789012:workspace/ws-taipei",
      ]);
      const trust = json<{ Statement: { Principal: unknown; Condition: unknown }[] }>(
        role.inputs["assumeRolePolicy"],
      );
      expect(trust.Statement[0].Principal).to.deep.equal({ Service: "grafana.amazonaws.com" });
      expect(trust.Statement[0].Condition).to.deep.equal({
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": `arn:aws:grafana:ap-northeast-1:${MOCK_ACCOUNT_ID}:/workspaces/*` },
      });
    });

    it("exempts only the Grafana role from the topic's deny of other publishers", () => {
      const { recorder } = built;
      const policy = json<{ Statement: { Sid: string; Condition: unknown }[] }>(
        recorder.find(T.topicPolicy, "observability-alarms").inputs["policy"],
      );
      expect(policy.Statement.find((s) => s.Sid === "NoOtherPublishers")!.Condition).to.deep.equal({
        Bool: { "aws:PrincipalIsAWSService": "false" },
        ArnNotEquals: { "aws:PrincipalArn": recorder.find(T.role, "observability-grafana").state["arn"] },
      });
    });

    it("adds a cross-region dashboard that reads each region's metrics in that region", async () => {
      const { recorder, stack } = built;
      const dashboard = recorder.find(T.dashboard, "observability-cross-region");
      expect(dashboard.inputs["dashboardName"]).to.equal("platform-prod-ap-northeast-1-cross-region");
      expect(await valueOf(stack.crossRegionDashboardName)).to.equal(
        "platform-prod-ap-northeast-1-cross-region",
      );
      const references = dashboardReferences(json<DashboardBody>(dashboard.inputs["dashboardBody"]));
      const regionsOf = (metric: string) => [
        ...new Set(references.filter((r) => r.metric.includes(metric)).map((r) => r.region)),
      ];
      expect(regionsOf("NatGatewayId=nat-0aaaaaaaaaaaaaaaa")).to.deep.equal(["ap-east-2"]);
      expect(regionsOf("DBClusterIdentifier=platform-prod-ap-east-2")).to.deep.equal(["ap-east-2"]);
      expect(regionsOf("AuroraGlobalDBReplicationLag")).to.deep.equal(["ap-northeast-1"]);
      expect(regionsOf("ReplicatorName=platform-ap-east-2-to-ap-northeast-1")).to.deep.equal([
        "ap-northeast-1",
      ]);
    });

    it("creates neither scraper nor add-on without an EKS cluster", () => {
      expect(built.recorder.byType(T.scraper)).to.deep.equal([]);
      expect(built.recorder.byType(T.addon)).to.deep.equal([]);
    });
  });

  describe("scraping an MSK cluster's exporters (kafka)", () => {
    let built: Built;
    let brokers: string[];
    before(async () => {
      built = await build("ap-east-2", (w) => ({
        kafka: {
          clusterName: w.kafka.clusterName,
          brokerDnsNames: w.kafka.bootstrapBrokersSaslIam.apply((b) => brokerDnsNames(b, 3)),
          vpcId: "vpc-0data",
          subnetIds: ["subnet-data-a", "subnet-data-b", "subnet-data-c"],
          brokerSecurityGroupId: "sg-0brokers",
          scrapeIntervalSeconds: 30,
        },
      }));
      const kafka = built.recorder.find(T.mskCluster, "kafka");
      brokers = brokerDnsNames(String(kafka.state["bootstrapBrokersSaslIam"]), 3);
    });

    it("runs a second managed scraper with a VPC source in the data subnets, behind its own security group, into the workspace", () => {
      const { recorder } = built;
      const scraper = recorder.find(T.scraper, "observability-msk");
      const group = recorder.find(T.securityGroup, "observability-msk-scraper");
      expect(scraper.inputs["alias"]).to.equal("platform-prod-ap-east-2-msk");
      expect(scraper.inputs["source"]).to.deep.equal({
        vpc: { subnetIds: ["subnet-data-a", "subnet-data-b", "subnet-data-c"], securityGroupIds: [group.id] },
      });
      expect(scraper.inputs["destination"]).to.deep.equal({
        amp: { workspaceArn: recorder.find(T.workspace, "observability").state["arn"] },
      });
      // The EKS scraper's role pair, shared: one pair per workspace.
      expect(scraper.inputs["roleConfiguration"]).to.deep.equal({
        sourceRoleArn: recorder.find(T.role, "observability-scraper-source").state["arn"],
        targetRoleArn: recorder.find(T.role, "observability-scraper-target").state["arn"],
      });
      expect(recorder.byType(T.role).filter((r) => r.name.includes("scraper"))).to.have.length(2);
      expect(group.inputs).to.deep.include({
        vpcId: "vpc-0data",
        description:
          "Managed Prometheus collector of platform-prod-ap-east-2: the MSK exporters (11001-11002) only",
      });
      expect(group.inputs["ingress"]).to.equal(undefined);
      expect(group.inputs["egress"]).to.equal(undefined);
    });

    it("scrapes every broker's JMX (11001) and Node (11002) exporter, found by DNS, at the given interval", () => {
      const scraper = built.recorder.find(T.scraper, "observability-msk");
      const clusterName = built.recorder.find(T.mskCluster, "kafka").state["clusterName"];
      expect(brokers).to.have.length(3);
      const names = brokers.map((broker) => `          - ${broker}`);
      const job = (name: string, port: number) => [
        `  - job_name: ${name}`,
        "    dns_sd_configs:",
        "      - names:",
        ...names,
        "        type: A",
        `        port: ${port}`,
        "    relabel_configs:",
        "      - source_labels: [__meta_dns_name]",
        "        target_label: broker",
      ];
      expect(String(scraper.inputs["scrapeConfiguration"]).split("\n")).to.deep.equal([
        "global:",
        "  scrape_interval: 30s",
        "  external_labels:",
        `    kafka_cluster: ${clusterName}`,
        "scrape_configs:",
        ...job("msk-jmx", 11001),
        ...job("msk-node", 11002),
        "",
      ]);
    });

    it("lets the collector reach the brokers on the two exporter ports only, and the broker group admit it by group", () => {
      const { recorder } = built;
      const group = recorder.find(T.securityGroup, "observability-msk-scraper");
      expect(recorder.find(T.egressRule, "observability-msk-scraper-to-brokers").inputs).to.deep.include({
        securityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: 11001,
        toPort: 11002,
        referencedSecurityGroupId: "sg-0brokers",
      });
      const ingress = recorder.byType(T.ingressRule);
      expect(
        ingress.map((rule) => [rule.name, rule.inputs["fromPort"], rule.inputs["toPort"]]),
      ).to.deep.equal([
        ["observability-msk-scraper-msk-jmx", 11001, 11001],
        ["observability-msk-scraper-msk-node", 11002, 11002],
      ]);
      for (const rule of ingress) {
        expect(rule.inputs).to.deep.include({
          securityGroupId: "sg-0brokers",
          ipProtocol: "tcp",
          referencedSecurityGroupId: group.id,
        });
        expect(rule.inputs["cidrIpv4"]).to.equal(undefined);
        expect(rule.inputs["cidrIpv6"]).to.equal(undefined);
      }
    });

    it("starts the scraper only once the roles can write and the brokers admit it", () => {
      const { recorder } = built;
      const dependsOn = recorder.find(T.scraper, "observability-msk").options.dependsOn;
      for (const [type, name] of [
        [T.rolePolicy, "observability-scraper-source"],
        [T.rolePolicy, "observability-scraper-target"],
        [T.egressRule, "observability-msk-scraper-to-brokers"],
        [T.ingressRule, "observability-msk-scraper-msk-jmx"],
        [T.ingressRule, "observability-msk-scraper-msk-node"],
      ] as const) {
        expect(dependsOn, name).to.include(recorder.find(type, name).urn);
      }
    });

    it("alerts when an exporter job delivers nothing, and only with an MSK scraper", async () => {
      const rules = String(built.recorder.find(T.ruleGroups, "observability-platform").inputs["data"]);
      expect(rules).to.contain('expr: absent(up{job="msk-jmx"})');
      expect(rules).to.contain('expr: absent(up{job="msk-node"})');
      const without = await build("ap-east-2", () => ({}), "plain");
      expect(String(without.recorder.find(T.ruleGroups, "plain-platform").inputs["data"])).not.to.contain(
        "MskExporterAbsent",
      );
      expect(without.recorder.byType(T.securityGroup)).to.deep.equal([]);
    });

    it("creates the scraper role pair for an MSK scraper alone (no EKS cluster)", async () => {
      const alone = await build(
        "ap-east-2",
        (w) => ({
          kubernetes: undefined,
          kafka: {
            clusterName: w.kafka.clusterName,
            brokerDnsNames: ["b-1.example", "b-2.example"],
            vpcId: "vpc-0data",
            subnetIds: ["subnet-data-a", "subnet-data-b"],
            brokerSecurityGroupId: "sg-0brokers",
          },
        }),
        "alone",
      );
      expect(alone.recorder.byType(T.scraper).map((s) => s.name)).to.deep.equal(["alone-msk"]);
      expect(alone.recorder.find(T.role, "alone-scraper-source")).to.not.equal(undefined);
      expect(String(alone.recorder.find(T.scraper, "alone-msk").inputs["scrapeConfiguration"])).to.contain(
        "scrape_interval: 60s",
      );
    });
  });

  describe("watching Taipei's edge (RegionalEdge.monitored)", () => {
    let recorder: PlanRecorder;
    let edge: RegionalEdge;
    let stack: ObservabilityStack;
    let topicArn: string;
    before(async () => {
      const key = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/0f6c2d4e-1111-4222-a333-444455556666`;
      ({
        recorder,
        component: { edge, stack },
      } = await buildUnderMocks(
        (provider) => {
          const edge = new RegionalEdge("edge", taipeiEdgeArgs(key), { provider });
          const stack = new ObservabilityStack(
            "observability",
            {
              environment: "prod",
              region: "ap-east-2",
              kmsKeyArn: key,
              alarmEmails: ["oncall@example.com"],
              thresholds: { albResponseTimeP99Ms: 1500 },
              monitored: { edge: edge.monitored },
            },
            { provider },
          );
          return { edge, stack };
        },
        {
          stack: "prod",
          settle: ({ edge, stack }) => [
            stack.alarmTopicArn,
            stack.dashboardName,
            edge.targetGroupArnSuffixes,
          ],
        },
      ));
      topicArn = await valueOf(stack.alarmTopicArn);
    });

    it("alarms on the load balancer, each application's target group and the web ACL, to the topic on ALARM and OK", async () => {
      expect(stack.alarmKeys).to.deep.equal([
        "alb-elb-5xx",
        "alb-target-5xx-api",
        "alb-response-time-api",
        "alb-unhealthy-targets-api",
        "alb-target-5xx-shop",
        "alb-response-time-shop",
        "alb-unhealthy-targets-shop",
        "waf-blocked-requests",
      ]);
      const lb = await valueOf(edge.loadBalancerArnSuffix);
      const tg = await valueOf(edge.targetGroupArnSuffixes);
      const common = {
        actionsEnabled: true,
        alarmActions: [topicArn],
        okActions: [topicArn],
        comparisonOperator: "GreaterThanThreshold",
      };
      const inputs = (key: string) => recorder.find(T.alarm, `observability-${key}`).inputs;
      expect(inputs("alb-elb-5xx")).to.deep.equal({
        ...common,
        name: "platform-prod-ap-east-2-alb-elb-5xx",
        alarmDescription:
          "Load balancer: more than 10 5xx responses of its own (no healthy target, target unreachable or timing out) in 5 minutes. " +
          "Runbook: docs/runbooks/alarms.md#alb-elb-5xx",
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: { LoadBalancer: lb },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 10,
        treatMissingData: "notBreaching",
        tags: { Component: "alb" },
      });
      expect(inputs("alb-target-5xx-shop")).to.deep.include({
        ...common,
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions: { LoadBalancer: lb, TargetGroup: tg["shop"] },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        threshold: 50,
        treatMissingData: "notBreaching",
      });
      // A percentile is an extended statistic, never with `statistic`; few samples keep the alarm's state.
      const p99 = inputs("alb-response-time-api");
      expect(p99).to.deep.include({
        ...common,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: { LoadBalancer: lb, TargetGroup: tg["api"] },
        extendedStatistic: "p99",
        evaluateLowSampleCountPercentiles: "ignore",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: 1.5,
        treatMissingData: "notBreaching",
      });
      expect(p99).not.to.have.property("statistic");
      expect(inputs("alb-unhealthy-targets-api")).to.deep.include({
        ...common,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { LoadBalancer: lb, TargetGroup: tg["api"] },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        threshold: 0,
        treatMissingData: "missing",
      });
      expect(inputs("waf-blocked-requests")).to.deep.include({
        ...common,
        name: "platform-prod-ap-east-2-waf-blocked-requests",
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        dimensions: { Region: "ap-east-2", Rule: "ALL", WebACL: "edge-prod-ap-east-2" },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 1000,
        treatMissingData: "notBreaching",
        tags: { Component: "waf" },
      });
      // The WebACL dimension is the web ACL's metric name, as the web ACL declares it.
      const webAcl = recorder.find("aws:wafv2/webAcl:WebAcl", "edge");
      expect((webAcl.inputs["visibilityConfig"] as { metricName: string }).metricName).to.equal(
        "edge-prod-ap-east-2",
      );
    });

    it("draws a load balancer row and a WAF row with the edge's resolved dimensions", () => {
      const body = json<DashboardBody>(recorder.find(T.dashboard, "observability").inputs["dashboardBody"]);
      const titles = body.widgets.map((w) =>
        w.type === "text" ? w.properties.markdown.split("\n")[0] : w.properties.title,
      );
      expect(titles).to.deep.equal([
        "# Platform prod — ap-east-2",
        "## Load balancer",
        "Load balancer: HTTPCode_ELB_5XX_Count",
        "Load balancer: HTTPCode_Target_5XX_Count",
        "Load balancer: TargetResponseTime",
        "Load balancer: UnHealthyHostCount",
        "## WAF",
        "WAF: BlockedRequests",
      ]);
      const alarmed = new Set(
        recorder
          .byType(T.alarm)
          .map((a) =>
            JSON.stringify([a.inputs["namespace"], a.inputs["metricName"], a.inputs["dimensions"]]),
          ),
      );
      for (const widget of body.widgets) {
        if (widget.type !== "metric") {
          continue;
        }
        expect(widget.properties.region).to.equal("ap-east-2");
        for (const metric of widget.properties.metrics) {
          const [namespace, metricName, ...rest] = metric as readonly string[];
          const dims: Record<string, string> = {};
          const pairs = rest.filter((part) => typeof part === "string");
          for (let i = 0; i < pairs.length; i += 2) {
            dims[pairs[i]] = pairs[i + 1];
          }
          const sorted = Object.fromEntries(Object.entries(dims).sort(([a], [b]) => a.localeCompare(b)));
          expect(
            alarmed.has(JSON.stringify([namespace, metricName, sorted])),
            JSON.stringify(metric),
          ).to.equal(true);
        }
      }
    });

    it("refuses an edge of another region", () => {
      installPlanMocks({ project: "platform", stack: "prod", config: { "aws:region": "ap-northeast-1" } });
      const provider = new aws.Provider("aws-ap-northeast-1", { region: "ap-northeast-1" });
      expect(
        () =>
          new ObservabilityStack(
            "o",
            {
              environment: "prod",
              region: "ap-northeast-1",
              kmsKeyArn: "arn",
              monitored: { edge: { ...edge.monitored } },
            },
            { provider },
          ),
      )
        .to.throw(ValidationError)
        .with.property(
          "message",
          'Invalid arguments for ObservabilityStack "o":\n' +
            '  - monitored.edge.region: "ap-east-2" is not ap-northeast-1, the region these alarms and dashboards read; pass the RegionalEdge of ap-northeast-1',
        );
    });
  });

  describe("validation", () => {
    it("lists every problem in one error and registers no child", async () => {
      const recorder = installPlanMocks({
        project: "platform",
        stack: "dev",
        config: { "aws:region": "ap-east-2" },
      });
      const provider = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
      let error: unknown;
      try {
        new ObservabilityStack(
          "observability",
          {
            environment: "prod",
            region: "ap-east-2",
            namePrefix: "a-very-long-platform-prefix",
            kmsKeyArn: "arn:aws:kms:ap-east-2:123456789012:key/k",
            alarmEmails: ["oncall"],
            logRetentionDays: 10,
            metricsRetentionDays: 0,
            thresholds: { natPacketsDropped: -5 },
            tracing: { samplingRate: 2 },
            monitored: {
              kafka: { clusterName: "k", brokerIds: ["0"] },
              natGateways: { "Zone A": "nat-1" },
            },
            kubernetes: {
              clusterName: "c",
              clusterArn: "arn",
              subnetIds: [],
              securityGroupIds: [],
              scrapeIntervalSeconds: 15,
              addonVersion: "latest",
            },
            kafka: {
              clusterName: "k",
              brokerDnsNames: [],
              vpcId: "vpc-1",
              subnetIds: ["subnet-data-a"],
              brokerSecurityGroupId: "sg-1",
              scrapeIntervalSeconds: 29.5,
            },
            grafana: { enabled: true },
          },
          { provider },
        );
      } catch (err) {
        error = err;
      }
      await recorder.settled();
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as Error).message.split("\n")).to.deep.equal([
        'Invalid arguments for ObservabilityStack "observability":',
        "  - namePrefix: the X-Ray sampling rule would be named a-very-long-platform-prefix-prod-ap-east-2 (42 characters), but X-Ray allows 32; shorten the prefix by 10",
        '  - alarmEmails[0]: "oncall" is not an e-mail address; write it like oncall@example.com',
        "  - logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
        "  - metricsRetentionDays: 0 is not a Prometheus retention; use whole days from 1 to 1095 (the service default is 150)",
        "  - thresholds.natPacketsDropped: -5 is not a threshold; use a number of 0 or more (default 1000)",
        "  - tracing.samplingRate: 2 is not a sampling rate; use a fraction from 0 to 1 (e.g. 0.05 traces 5% of requests)",
        '  - monitored.kafka.brokerIds[0]: "0" is not a new broker id; MSK numbers brokers 1, 2, 3, …: list each once',
        '  - monitored.natGateways.Zone A: "Zone A" cannot name an alarm; use 1 to 63 lowercase letters, digits and -, starting with a letter or digit',
        "  - grafana.enabled: Amazon Managed Grafana is not offered in ap-east-2; set grafana.enabled to false (a workspace in another region can read this one, see ADR 0016)",
        "  - kubernetes.scrapeIntervalSeconds: 15 is not a scrape interval the managed collector accepts; use whole seconds, 30 or more",
        '  - kubernetes.addonVersion: "latest" is not a pinned add-on version; write it like v4.5.0-eksbuild.1 (see aws eks describe-addon-versions)',
        "  - kafka.scrapeIntervalSeconds: 29.5 is not a scrape interval the managed collector accepts; use whole seconds, 30 or more",
        "  - kafka.subnetIds: 1 subnet(s) given; the managed collector needs subnets in at least 2 availability zones: pass the brokers' data subnets",
      ]);
      expect(
        recorder.resources.filter((r) => r.type !== "pulumi:providers:aws").map((r) => r.type),
      ).to.deep.equal([OBSERVABILITY_STACK_TYPE]);
    });

    it("needs the regional provider", () => {
      installPlanMocks({ project: "platform", stack: "dev", config: {} });
      expect(
        () => new ObservabilityStack("o", { environment: "dev", region: "ap-east-2", kmsKeyArn: "arn" }),
      ).to.throw(/opts\.provider: no aws\.Provider given/);
    });

    it("defaults Grafana to whether the region offers it, and keeps explicit zeros", () => {
      const base = { environment: "dev", kmsKeyArn: "arn" };
      expect(withDefaults({ ...base, region: "ap-east-2" }).grafana.enabled).to.equal(false);
      expect(withDefaults({ ...base, region: "ap-northeast-1" }).grafana.enabled).to.equal(true);
      const zeros = withDefaults({
        ...base,
        region: "ap-east-2",
        tracing: { samplingRate: 0, reservoirPerSecond: 0 },
      });
      expect(zeros.tracing).to.deep.equal({ samplingRate: 0, reservoirPerSecond: 0 });
      expect(zeros.logRetentionDays).to.equal(365);
    });
  });

  it("gives two instances in one stack distinct resource names", async () => {
    const { recorder } = await buildUnderMocks(
      (provider) => {
        for (const name of ["obs-a", "obs-b"]) {
          new ObservabilityStack(
            name,
            {
              environment: name === "obs-a" ? "prod" : "staging",
              region: "ap-east-2",
              kmsKeyArn: "arn:aws:kms:ap-east-2:123456789012:key/k",
              alarmEmails: ["oncall@example.com"],
              monitored: { natGateways: { "ap-east-2a": "nat-1" } },
            },
            { provider },
          );
        }
      },
      { stack: "prod" },
    );
    const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).to.equal(names.length);
    const alarmNames = recorder.byType(T.alarm).map((a) => a.inputs["name"]);
    expect(new Set(alarmNames).size).to.equal(alarmNames.length);
  });
});
