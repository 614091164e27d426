import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  MSK_CLUSTER_TYPE,
  MskCluster,
  MskClusterArgs,
  clientPolicyDocument,
  serverProperties,
} from "../../../components/msk-cluster";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, RecordedResource, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";
import { KAFKA_ACCESS_MATRIX, TOPIC_CATALOGUE } from "../../../stacks/catalogue";

const STREAMING_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/11111111-2222-4333-a444-555555555555`;
const LOGS_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/66666666-7777-4888-a999-000000000000`;

/** The Taipei cluster: three zones, one m7g.large broker each, storage growing from 100 to 1000 GiB. */
const TAIPEI: MskClusterArgs = {
  vpcId: "vpc-0taipei",
  subnetIds: ["subnet-data-a", "subnet-data-b", "subnet-data-c"],
  brokerInstanceType: "kafka.m7g.large",
  brokerCount: 3,
  volumeSizeGiB: 100,
  maxVolumeSizeGiB: 1000,
  kmsKeyArn: STREAMING_KEY,
  logsKmsKeyArn: LOGS_KEY,
  clientSecurityGroupIds: { "eks-nodes": "sg-0eksnodes" },
  // The applications' catalogue the stacks pass (stacks/catalogue.ts): realistic data for the component.
  topics: TOPIC_CATALOGUE,
  accessMatrix: KAFKA_ACCESS_MATRIX,
  protect: true,
};

/** A one-topic catalogue, for tests about something else (fewer registrations, faster). */
const SMALL: Pick<MskClusterArgs, "topics" | "accessMatrix"> = {
  topics: [{ name: "order-events", class: "core" }],
  accessMatrix: { api: [{ level: "readwrite", topics: "all" }] },
};

const T = {
  cluster: "aws:msk/cluster:Cluster",
  configuration: "aws:msk/configuration:Configuration",
  topic: "aws:msk/topic:Topic",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  policy: "aws:iam/policy:Policy",
} as const;

interface Built {
  recorder: PlanRecorder;
  cluster: MskCluster;
  providerRef: string;
}

function install(): PlanRecorder {
  return installPlanMocks({
    project: "platform",
    stack: "prod-taipei",
    config: { "aws:region": "ap-east-2" },
  });
}

function regionalProvider(): aws.Provider {
  return new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
}

async function build(overrides: Partial<MskClusterArgs> = {}, name = "kafka"): Promise<Built> {
  const { component: cluster, ...built } = await buildUnderMocks(
    (provider) => new MskCluster(name, { ...TAIPEI, ...overrides }, { provider }),
    {
      settle: (cluster) => [cluster.clientPolicyArns, cluster.topicNames, cluster.bootstrapBrokersIam],
    },
  );
  return { ...built, cluster };
}

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError");
}

describe("MskCluster (under the plan mocks)", () => {
  describe("the Taipei cluster", () => {
    let built: Built;
    let clusterArn: string;
    before(async () => {
      built = await build();
      clusterArn = await valueOf(built.cluster.clusterArn);
    });

    it("runs the pinned Kafka version on three brokers in the data subnets, private, IAM-only over TLS, KMS at rest", () => {
      const { recorder } = built;
      const cluster = recorder.find(T.cluster, "kafka");
      const brokers = recorder.find(T.securityGroup, "kafka-brokers");
      const configuration = recorder.find(T.configuration, "kafka");
      const logGroup = recorder.find(T.logGroup, "kafka-broker-logs");
      expect(cluster.inputs).to.deep.equal({
        kafkaVersion: "3.8.x",
        numberOfBrokerNodes: 3,
        brokerNodeGroupInfo: {
          instanceType: "kafka.m7g.large",
          clientSubnets: ["subnet-data-a", "subnet-data-b", "subnet-data-c"],
          securityGroups: [brokers.id],
          storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
          connectivityInfo: { publicAccess: { type: "DISABLED" } },
        },
        clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: STREAMING_KEY,
          encryptionInTransit: { clientBroker: "TLS", inCluster: true },
        },
        configurationInfo: { arn: configuration.id, revision: 1 },
        loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.id } } },
        openMonitoring: {
          prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } },
        },
        enhancedMonitoring: "PER_BROKER",
        tags: { Name: "kafka" },
      });
    });

    it("protects the cluster, its configuration and its topics, and lets auto-scaling grow the volumes", () => {
      const { recorder } = built;
      const cluster = recorder.find(T.cluster, "kafka");
      expect(cluster.options.protect).to.equal(true);
      expect(cluster.options.ignoreChanges).to.deep.equal([
        "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize",
      ]);
      expect(recorder.find(T.configuration, "kafka").options.protect).to.equal(true);
      for (const topic of recorder.byType(T.topic)) {
        expect(topic.options.protect, topic.name).to.equal(true);
      }
      for (const other of [T.securityGroup, T.logGroup, T.policy, T.scalingTarget]) {
        for (const resource of recorder.byType(other)) {
          expect(resource.options.protect, `${other}::${resource.name}`).to.equal(false);
        }
      }
    });

    it("configures the brokers for durable topics: no auto-created topics, 3 replicas, 2 in sync, no unclean election", () => {
      expect(built.recorder.find(T.configuration, "kafka").inputs).to.deep.equal({
        description:
          "kafka: durable (replication 3, min.insync 2), no auto-created topics, no unclean leader election",
        kafkaVersions: ["3.8.x"],
        serverProperties: serverProperties("durable"),
      });
      expect(serverProperties("durable")).to.contain("auto.create.topics.enable=false\n");
    });

    it("sends broker logs to a log group with retention and the logs key", () => {
      expect(built.recorder.find(T.logGroup, "kafka-broker-logs").inputs).to.deep.equal({
        retentionInDays: 90,
        kmsKeyId: LOGS_KEY,
        tags: { Name: "kafka-broker-logs" },
      });
    });

    it("admits only the named client security group, on the IAM/TLS port, and no CIDR", () => {
      const { recorder } = built;
      const brokers = recorder.find(T.securityGroup, "kafka-brokers");
      expect(brokers.inputs).to.deep.equal({
        vpcId: "vpc-0taipei",
        description: "MSK brokers of kafka: IAM/TLS (9098) from named client security groups only",
        tags: { Name: "kafka-brokers" },
      });
      const rules = recorder.byType(T.ingressRule);
      expect(rules.map((r) => r.name)).to.deep.equal(["kafka-client-eks-nodes"]);
      expect(rules[0].inputs).to.deep.equal({
        securityGroupId: brokers.id,
        description: "Kafka over IAM/TLS from eks-nodes",
        ipProtocol: "tcp",
        fromPort: 9098,
        toPort: 9098,
        referencedSecurityGroupId: "sg-0eksnodes",
        tags: { Name: "kafka-client-eks-nodes" },
      });
      expect(rules[0].parent).to.equal(brokers.urn);
      expect(recorder.byType(T.egressRule)).to.deep.equal([]);
    });

    it("scales storage from 100 to at most 1000 GiB per broker at 60 % utilization, never down", () => {
      const { recorder } = built;
      const target = recorder.find(T.scalingTarget, "kafka-storage");
      expect(target.inputs).to.deep.equal({
        serviceNamespace: "kafka",
        scalableDimension: "kafka:broker-storage:VolumeSize",
        resourceId: clusterArn,
        minCapacity: 100,
        maxCapacity: 1000,
        tags: { Name: "kafka-storage" },
      });
      const policy = recorder.find(T.scalingPolicy, "kafka-storage");
      expect(policy.inputs).to.deep.equal({
        policyType: "TargetTrackingScaling",
        serviceNamespace: "kafka",
        scalableDimension: "kafka:broker-storage:VolumeSize",
        resourceId: clusterArn,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
          targetValue: 60,
          disableScaleIn: true,
        },
      });
      expect(policy.parent).to.equal(target.urn);
    });

    it("creates every catalogue topic through the MSK API, named as the catalogue names it", async () => {
      const { recorder, cluster } = built;
      const topics = recorder.byType(T.topic);
      expect(topics.map((t) => t.name)).to.deep.equal(TOPIC_CATALOGUE.map((t) => `kafka-topic-${t.name}`));
      expect(recorder.find(T.topic, "kafka-topic-customer-events").inputs).to.deep.equal({
        clusterArn,
        name: "customer-events",
        partitionCount: 3,
        replicationFactor: 3,
        configs: JSON.stringify({
          "cleanup.policy": "delete",
          "min.insync.replicas": "2",
          "retention.ms": "2592000000",
        }),
      });
      const rows = topics.map((t) => {
        const configs = JSON.parse(String(t.inputs["configs"])) as Record<string, string>;
        return `${String(t.inputs["name"])} ${String(t.inputs["partitionCount"])}/${String(t.inputs["replicationFactor"])} ${Number(configs["retention.ms"]) / 86_400_000}d`;
      });
      expect(rows).to.include.members([
        "delivery-events 6/3 7d",
        "shopping-cart-events 12/3 90d",
        "audit-events 1/3 365d",
      ]);
      expect(await valueOf(cluster.topicNames)).to.deep.equal(TOPIC_CATALOGUE.map((t) => t.name));
      expect(cluster.topicPlan.map((t) => t.name)).to.deep.equal(TOPIC_CATALOGUE.map((t) => t.name));
    });

    it("generates one least-privilege IAM policy per client and exports their ARNs by client", async () => {
      const { recorder, cluster } = built;
      const policies = recorder.byType(T.policy);
      expect(policies.map((p) => p.name)).to.deep.equal([
        "kafka-client-cmc",
        "kafka-client-shop",
        "kafka-client-api",
      ]);
      const order = TOPIC_CATALOGUE.map((t) => t.name);
      for (const client of ["cmc", "shop", "api"] as const) {
        const policy = recorder.find(T.policy, `kafka-client-${client}`);
        expect(JSON.parse(String(policy.inputs["policy"])), client).to.deep.equal(
          clientPolicyDocument(clusterArn, client, KAFKA_ACCESS_MATRIX[client], order),
        );
      }
      expect(recorder.find(T.policy, "kafka-client-shop").inputs["description"]).to.equal(
        "Kafka access of client shop to MSK cluster kafka (read)",
      );
      expect(await valueOf(cluster.clientPolicyArns)).to.deep.equal({
        cmc: `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/kafka-client-cmc`,
        shop: `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/kafka-client-shop`,
        api: `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/kafka-client-api`,
      });
    });

    it("exposes and registers the cluster's ARN, name, IAM bootstrap brokers and broker security group", async () => {
      const { recorder, cluster } = built;
      expect(clusterArn).to.match(new RegExp(`^arn:aws:kafka:ap-east-2:${MOCK_ACCOUNT_ID}:cluster/kafka/`));
      expect(await valueOf(cluster.clusterName)).to.equal("kafka");
      const brokers = (await valueOf(cluster.bootstrapBrokersIam)).split(",");
      expect(brokers.map((b) => b.split(":")[1])).to.deep.equal(["9098", "9098", "9098"]);
      expect(await valueOf(cluster.brokerSecurityGroupId)).to.equal(
        recorder.find(T.securityGroup, "kafka-brokers").id,
      );
      const component = recorder.find(MSK_CLUSTER_TYPE, "kafka");
      expect(Object.keys(recorder.registeredOutputs(component.urn)?.plain ?? {})).to.have.members([
        "clusterArn",
        "clusterName",
        "bootstrapBrokersIam",
        "brokerSecurityGroupId",
        "configurationArn",
        "brokerLogGroupName",
        "clientPolicyArns",
        "brokerDnsNames",
        "topicNames",
      ]);
      expect(cluster.openMonitoring).to.equal(true);
      expect(await valueOf(cluster.brokerDnsNames)).to.deep.equal(brokers.map((b) => b.split(":")[0]));
    });

    it("creates every child under the component through the regional provider", () => {
      const { recorder, providerRef } = built;
      const component = recorder.find(MSK_CLUSTER_TYPE, "kafka");
      const children = recorder.resources.filter((r: RecordedResource) => r.type.startsWith("aws:"));
      expect(children).to.have.length(1 + 1 + 1 + 1 + 1 + 2 + 13 + 3);
      for (const child of children) {
        expect(child.options.provider, `${child.type}::${child.name}`).to.equal(providerRef);
        // Directly under the component, or under a child of it (ingress rules under their group, the scaling policy
        // under its target).
        const owner = child.parent === component.urn ? component : recorder.byUrn(child.parent ?? "");
        expect(
          owner?.urn === component.urn || owner?.parent === component.urn,
          `${child.type}::${child.name}`,
        ).to.equal(true);
      }
      expect(recorder.errors).to.deep.equal([]);
    });
  });

  describe("variants", () => {
    it("runs a cheap dev cluster: two brokers, 2 replicas and 1 acknowledgement, fixed storage, unprotected", async () => {
      const { recorder } = await build({
        subnetIds: ["subnet-data-a", "subnet-data-b"],
        brokerCount: 2,
        brokerInstanceType: "kafka.t3.small",
        durability: "non-durable-dev",
        volumeSizeGiB: 20,
        maxVolumeSizeGiB: undefined,
        clientSecurityGroupIds: undefined,
        protect: undefined,
        ...SMALL,
      });
      const configuration = recorder.find(T.configuration, "kafka");
      expect(configuration.inputs["serverProperties"]).to.equal(serverProperties("non-durable-dev"));
      expect(configuration.inputs["description"]).to.equal(
        "kafka: non-durable-dev (replication 2, min.insync 1), no auto-created topics, no unclean leader election",
      );
      const topic = recorder.find(T.topic, "kafka-topic-order-events");
      expect(topic.inputs["replicationFactor"]).to.equal(2);
      expect(JSON.parse(String(topic.inputs["configs"]))["min.insync.replicas"]).to.equal("1");
      const cluster = recorder.find(T.cluster, "kafka");
      expect(cluster.inputs["numberOfBrokerNodes"]).to.equal(2);
      // No larger limit: no scaling target, and the volume size is not ignored.
      expect(recorder.byType(T.scalingTarget)).to.deep.equal([]);
      expect(recorder.byType(T.scalingPolicy)).to.deep.equal([]);
      expect(cluster.options.ignoreChanges).to.deep.equal([]);
      // Unprotected by default: protect is the stacks' decision (environment === "prod").
      expect(cluster.options.protect).to.equal(false);
      expect(configuration.options.protect).to.equal(false);
      // No client groups named: nobody is admitted. Not a replication source: no cluster policy.
      expect(recorder.byType(T.ingressRule)).to.deep.equal([]);
      expect(recorder.byType("aws:msk/clusterPolicy:ClusterPolicy")).to.deep.equal([]);
    });

    it("turns on multi-VPC connectivity for IAM on a replication source, with its cluster policy, and admits each named client", async () => {
      const { recorder, cluster } = await build({
        replicationSource: true,
        clientSecurityGroupIds: { "eks-nodes": "sg-1", "batch-jobs": "sg-2" },
        ...SMALL,
      });
      const info = recorder.find(T.cluster, "kafka").inputs["brokerNodeGroupInfo"] as Record<string, unknown>;
      expect(info["connectivityInfo"]).to.deep.equal({
        publicAccess: { type: "DISABLED" },
        vpcConnectivity: { clientAuthentication: { sasl: { iam: true } } },
      });
      const arn = await valueOf(cluster.clusterArn);
      const policy = recorder.find("aws:msk/clusterPolicy:ClusterPolicy", "kafka-replication-source");
      expect(policy.inputs["clusterArn"]).to.equal(arn);
      expect(JSON.parse(String(policy.inputs["policy"]))).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "MskReplicatorReadsCrossRegion",
            Effect: "Allow",
            Principal: { Service: "kafka.amazonaws.com" },
            Action: ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"],
            Resource: arn,
          },
        ],
      });
      expect(
        recorder.byType(T.ingressRule).map((r) => [r.name, r.inputs["referencedSecurityGroupId"]]),
      ).to.deep.equal([
        ["kafka-client-eks-nodes", "sg-1"],
        ["kafka-client-batch-jobs", "sg-2"],
      ]);
    });

    it("turns off both Prometheus exporters with openMonitoring false, and names every broker for a scraper", async () => {
      const { recorder, cluster } = await build({ openMonitoring: false, ...SMALL });
      expect(cluster.openMonitoring).to.equal(false);
      expect(recorder.find(T.cluster, "kafka").inputs["openMonitoring"]).to.deep.equal({
        prometheus: { jmxExporter: { enabledInBroker: false }, nodeExporter: { enabledInBroker: false } },
      });
      const bootstrap = await valueOf(cluster.bootstrapBrokersIam);
      const domain = bootstrap
        .split(",")[0]!
        .replace(/^b-1\./, "")
        .replace(/:9098$/, "");
      expect(await valueOf(cluster.brokerDnsNames)).to.deep.equal([
        `b-1.${domain}`,
        `b-2.${domain}`,
        `b-3.${domain}`,
      ]);
      // The exporters' ports are the scraper's to admit (ObservabilityStack's kafka collector): no rule here.
      expect(
        recorder.byType(T.ingressRule).map((rule) => [rule.inputs["fromPort"], rule.inputs["toPort"]]),
      ).to.deep.equal([[9098, 9098]]);
    });

    it("takes its own catalogue and access matrix", async () => {
      const { recorder, cluster } = await build({
        topics: [{ name: "ledger", class: "core", partitions: 6, retentionDays: 3650 }],
        accessMatrix: { billing: [{ level: "readwrite", topics: ["ledger"] }] },
      });
      expect(recorder.byType(T.topic).map((t) => [t.name, t.inputs["partitionCount"]])).to.deep.equal([
        ["kafka-topic-ledger", 6],
      ]);
      expect(Object.keys(await valueOf(cluster.clientPolicyArns))).to.deep.equal(["billing"]);
    });
  });

  describe("validation", () => {
    it("rejects every invalid argument in one error before registering any child", async () => {
      const recorder = install();
      const error = errorOf(
        () =>
          new MskCluster("kafka", {
            ...TAIPEI,
            kafkaVersion: "2.8.1",
            brokerCount: 4,
            volumeSizeGiB: 0,
            storageTargetPercent: 95,
            logRetentionDays: 100,
            clientSecurityGroupIds: { "EKS nodes": "sg-1" },
            topics: [
              { name: "orders", class: "core", partitions: 0 },
              { name: "orders", class: "core" },
            ],
            accessMatrix: { shop: [{ level: "read", topics: ["payments"] }] },
          }),
      );
      expect(error.message).to.equal(
        [
          'Invalid arguments for MskCluster "kafka":',
          "  - kafkaVersion: 2.8.1 is older than 3.6.0, the first version whose topics MSK manages through its API (aws.msk.Topic); use 3.8.x or newer",
          "  - brokerCount: 4 brokers cannot be spread evenly over 3 zones; use a multiple of 3 (e.g. 3 or 6)",
          "  - volumeSizeGiB: 0 is not an EBS volume size; use a whole number of GiB from 1 to 16384",
          "  - storageTargetPercent: 95 is not a storage utilization target; use a whole percentage from 10 to 80 (AWS recommends 50 to 60)",
          "  - logRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
          '  - clientSecurityGroupIds.EKS nodes: "EKS nodes" cannot name an ingress rule; use lowercase letters, digits and - (e.g. eks-nodes)',
          "  - topics[0].partitions: 0 is not a partition count; use a whole number of 1 or more",
          "  - topics[1].name: orders is already topics[0]; list each topic once",
          '  - accessMatrix.shop[0].topics[0]: "payments" is not in the topic catalogue; use one of orders',
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
        ].join("\n"),
      );
      await recorder.settled();
      // super() registers the (empty) component first; validation stops it before any child or invoke.
      expect(recorder.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
        `${MSK_CLUSTER_TYPE}::kafka`,
      ]);
      expect(recorder.invokes).to.deep.equal([]);
    });

    it("fails a durable cluster in two zones and a dev cluster with too many replicas", () => {
      install();
      const provider = regionalProvider();
      expect(
        errorOf(
          () =>
            new MskCluster(
              "kafka",
              { ...TAIPEI, subnetIds: ["subnet-a", "subnet-b"], brokerCount: 2 },
              { provider },
            ),
        ).problems.map((p) => p.path),
      ).to.deep.equal(["subnetIds", "brokerCount"]);
      expect(
        errorOf(
          () =>
            new MskCluster(
              "kafka",
              {
                ...TAIPEI,
                subnetIds: ["subnet-a", "subnet-b"],
                brokerCount: 2,
                durability: "non-durable-dev",
                topics: [{ name: "orders", class: "core", replicationFactor: 3 }],
                accessMatrix: {},
              },
              { provider },
            ),
        ).problems,
      ).to.deep.equal([
        {
          path: "topics[0].replicationFactor",
          message: "3 replicas need 3 brokers, and the cluster has 2; lower it to 2 or add brokers",
        },
      ]);
    });

    it("rejects an unknown durability and monitoring level, and a provider passed in a providers bag", () => {
      install();
      const provider = regionalProvider();
      const error = errorOf(
        () =>
          new MskCluster(
            "kafka",
            { ...TAIPEI, durability: "best-effort" as never, enhancedMonitoring: "ALL" as never },
            { providers: { aws: provider } },
          ),
      );
      expect(error.problems).to.deep.equal([
        { path: "durability", message: '"best-effort" is not a durability; use durable or non-durable-dev' },
        {
          path: "enhancedMonitoring",
          message:
            '"ALL" is not an MSK monitoring level; use one of DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION',
        },
        {
          path: "opts.provider",
          message:
            "pass the regional aws.Provider as `provider`, not in `providers`: every child is created through it explicitly",
        },
      ]);
    });
  });

  describe("two instances in one stack", () => {
    it("every type::name is unique", async () => {
      const { recorder } = await buildUnderMocks(
        (provider) => ({
          a: new MskCluster("kafka", { ...TAIPEI, ...SMALL }, { provider }),
          b: new MskCluster("kafka-analytics", { ...TAIPEI, ...SMALL }, { provider }),
        }),
        { settle: ({ a, b }) => [a.clientPolicyArns, b.clientPolicyArns, a.topicNames, b.topicNames] },
      );
      const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
      expect(recorder.byType(T.cluster)).to.have.length(2);
      expect(recorder.errors).to.deep.equal([]);
    });
  });
});
