import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  MSK_REPLICATION_TYPE,
  MskReplication,
  MskReplicationArgs,
  exactPattern,
  planDirections,
  replicatorPolicyDocument,
  replicatorTrustPolicy,
} from "../../../components/msk-replication";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, RecordedResource, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";
import { providerRefOf } from "../../support/under-mocks";
import { TOPIC_CATALOGUE } from "../../../stacks/catalogue";

const TAIPEI_CLUSTER = `arn:aws:kafka:ap-east-2:${MOCK_ACCOUNT_ID}:cluster/kafka/aaaaaaaa-1111-4222-a333-444444444444-2`;
const TOKYO_CLUSTER = `arn:aws:kafka:ap-northeast-1:${MOCK_ACCOUNT_ID}:cluster/kafka/bbbbbbbb-5555-4666-a777-888888888888-1`;
const TOPICS = TOPIC_CATALOGUE.map((topic) => topic.name);

const T = {
  replicator: "aws:msk/replicator:Replicator",
  clusterPolicy: "aws:msk/clusterPolicy:ClusterPolicy",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

interface Built {
  recorder: PlanRecorder;
  replication: MskReplication;
  /** Provider references (`urn::id`) by region. */
  providers: Record<string, string>;
}

function args(
  taipei: aws.Provider,
  tokyo: aws.Provider,
  overrides: Partial<MskReplicationArgs> = {},
): MskReplicationArgs {
  return {
    primary: {
      region: "ap-east-2",
      clusterArn: TAIPEI_CLUSTER,
      vpcId: "vpc-taipei",
      subnetIds: ["subnet-tpe-a", "subnet-tpe-b", "subnet-tpe-c"],
      brokerSecurityGroupId: "sg-taipei-brokers",
      logsKmsKeyArn: "arn:aws:kms:ap-east-2:123456789012:key/taipei-logs",
      provider: taipei,
    },
    secondary: {
      region: "ap-northeast-1",
      clusterArn: TOKYO_CLUSTER,
      vpcId: "vpc-tokyo",
      subnetIds: ["subnet-tyo-a", "subnet-tyo-c", "subnet-tyo-d"],
      brokerSecurityGroupId: "sg-tokyo-brokers",
      logsKmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/tokyo-logs",
      provider: tokyo,
    },
    namePrefix: "platform-prod",
    topics: TOPICS,
    consumerGroupPatterns: ["^cmc-.*", "^shop-.*", "^api-.*"],
    ...overrides,
  };
}

function install(): PlanRecorder {
  return installPlanMocks({
    project: "platform",
    stack: "prod-tokyo",
    config: { "aws:region": "ap-northeast-1" },
  });
}

async function build(overrides: Partial<MskReplicationArgs> = {}): Promise<Built> {
  const recorder = install();
  const taipei = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
  const tokyo = new aws.Provider("aws-ap-northeast-1", { region: "ap-northeast-1" });
  const replication = new MskReplication("replication", args(taipei, tokyo, overrides));
  await valueOf(pulumi.all([replication.replicatorArns, replication.executionRoleArns]));
  await recorder.settled();
  return {
    recorder,
    replication,
    providers: { "ap-east-2": await providerRefOf(taipei), "ap-northeast-1": await providerRefOf(tokyo) },
  };
}

describe("MskReplication", () => {
  describe("planning", () => {
    it("plans both directions, each named by its regions", () => {
      expect(planDirections("platform-prod", "ap-east-2", "ap-northeast-1")).to.deep.equal([
        {
          key: "ap-east-2-to-ap-northeast-1",
          source: "primary",
          target: "secondary",
          sourceRegion: "ap-east-2",
          targetRegion: "ap-northeast-1",
          replicatorName: "platform-prod-ap-east-2-to-ap-northeast-1",
        },
        {
          key: "ap-northeast-1-to-ap-east-2",
          source: "secondary",
          target: "primary",
          sourceRegion: "ap-northeast-1",
          targetRegion: "ap-east-2",
          replicatorName: "platform-prod-ap-northeast-1-to-ap-east-2",
        },
      ]);
    });

    it("matches each topic exactly, escaping regular-expression characters", () => {
      expect(exactPattern("order-events")).to.equal("^order-events$");
      expect(exactPattern("orders.v1")).to.equal("^orders\\.v1$");
      expect(new RegExp(exactPattern("orders.v1")).test("ordersXv1")).to.equal(false);
    });

    it("gives the execution role the managed policy's actions on the two clusters only", () => {
      const document = replicatorPolicyDocument(TAIPEI_CLUSTER, TOKYO_CLUSTER);
      expect(document.Statement.map((s) => [s.Sid, s.Resource])).to.deep.equal([
        ["Clusters", [TAIPEI_CLUSTER, TOKYO_CLUSTER]],
        [
          "Topics",
          [
            `arn:aws:kafka:ap-east-2:${MOCK_ACCOUNT_ID}:topic/kafka/aaaaaaaa-1111-4222-a333-444444444444-2/*`,
            `arn:aws:kafka:ap-northeast-1:${MOCK_ACCOUNT_ID}:topic/kafka/bbbbbbbb-5555-4666-a777-888888888888-1/*`,
          ],
        ],
        [
          "ConsumerGroups",
          [
            `arn:aws:kafka:ap-east-2:${MOCK_ACCOUNT_ID}:group/kafka/aaaaaaaa-1111-4222-a333-444444444444-2/*`,
            `arn:aws:kafka:ap-northeast-1:${MOCK_ACCOUNT_ID}:group/kafka/bbbbbbbb-5555-4666-a777-888888888888-1/*`,
          ],
        ],
      ]);
      expect(document.Statement[0].Action).to.deep.equal([
        "kafka-cluster:Connect",
        "kafka-cluster:DescribeCluster",
        "kafka-cluster:AlterCluster",
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:CreateTopic",
        "kafka-cluster:AlterTopic",
        "kafka-cluster:WriteData",
        "kafka-cluster:ReadData",
        "kafka-cluster:AlterGroup",
        "kafka-cluster:DescribeGroup",
        "kafka-cluster:DescribeTopicDynamicConfiguration",
        "kafka-cluster:AlterTopicDynamicConfiguration",
        "kafka-cluster:WriteDataIdempotently",
      ]);
      expect(JSON.stringify(document)).to.not.contain("cluster/*");
    });
  });

  describe("Taipei ⇄ Tokyo", () => {
    let built: Built;
    before(async () => {
      built = await build();
    });

    const replicatorOf = (key: string) => built.recorder.find(T.replicator, `replication-${key}`);

    it("creates each direction's replicator in its target's region, replicating the catalogue with identical names", () => {
      const toTokyo = replicatorOf("ap-east-2-to-ap-northeast-1");
      const toTaipei = replicatorOf("ap-northeast-1-to-ap-east-2");
      expect(toTokyo.options.provider).to.equal(built.providers["ap-northeast-1"]);
      expect(toTaipei.options.provider).to.equal(built.providers["ap-east-2"]);
      const role = built.recorder.find(T.role, "replication-ap-east-2-to-ap-northeast-1");
      const sg = (key: string) => built.recorder.find(T.securityGroup, `replication-${key}`).id;
      const logGroup = built.recorder.find(T.logGroup, "replication-ap-east-2-to-ap-northeast-1");
      expect(toTokyo.inputs).to.deep.equal({
        replicatorName: "platform-prod-ap-east-2-to-ap-northeast-1",
        description: "Replicates the catalogue topics and consumer offsets from ap-east-2 to ap-northeast-1",
        serviceExecutionRoleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${role.id}`,
        kafkaClusters: [
          {
            amazonMskCluster: { mskClusterArn: TAIPEI_CLUSTER },
            vpcConfig: {
              subnetIds: ["subnet-tpe-a", "subnet-tpe-b", "subnet-tpe-c"],
              securityGroupsIds: [sg("ap-east-2-to-ap-northeast-1-ap-east-2")],
            },
          },
          {
            amazonMskCluster: { mskClusterArn: TOKYO_CLUSTER },
            vpcConfig: {
              subnetIds: ["subnet-tyo-a", "subnet-tyo-c", "subnet-tyo-d"],
              securityGroupsIds: [sg("ap-east-2-to-ap-northeast-1-ap-northeast-1")],
            },
          },
        ],
        replicationInfoList: {
          sourceKafkaClusterArn: TAIPEI_CLUSTER,
          targetKafkaClusterArn: TOKYO_CLUSTER,
          targetCompressionType: "LZ4",
          topicReplications: [
            {
              topicsToReplicates: TOPICS.map((topic) => `^${topic}$`),
              topicNameConfiguration: { type: "IDENTICAL" },
              startingPosition: { type: "EARLIEST" },
              copyTopicConfigurations: true,
              detectAndCopyNewTopics: true,
              copyAccessControlListsForTopics: false,
            },
          ],
          consumerGroupReplications: [
            {
              consumerGroupsToReplicates: ["^cmc-.*", "^shop-.*", "^api-.*"],
              synchroniseConsumerGroupOffsets: true,
              detectAndCopyNewConsumerGroups: true,
              consumerGroupOffsetSyncMode: "ENHANCED",
            },
          ],
        },
        logDelivery: { replicatorLogDelivery: { cloudwatchLogs: { enabled: true, logGroup: logGroup.id } } },
        tags: { Name: "replication-ap-east-2-to-ap-northeast-1" },
      });
      const back = toTaipei.inputs["replicationInfoList"] as Record<string, unknown>;
      expect([back["sourceKafkaClusterArn"], back["targetKafkaClusterArn"]]).to.deep.equal([
        TOKYO_CLUSTER,
        TAIPEI_CLUSTER,
      ]);
      expect(toTaipei.inputs["replicatorName"]).to.equal("platform-prod-ap-northeast-1-to-ap-east-2");
    });

    it("gives each replicator a role only MSK of this account assumes, limited to the two clusters", () => {
      for (const [key, source, target] of [
        ["ap-east-2-to-ap-northeast-1", TAIPEI_CLUSTER, TOKYO_CLUSTER],
        ["ap-northeast-1-to-ap-east-2", TOKYO_CLUSTER, TAIPEI_CLUSTER],
      ]) {
        const role = built.recorder.find(T.role, `replication-${key}`);
        expect(JSON.parse(String(role.inputs["assumeRolePolicy"]))).to.deep.equal(
          replicatorTrustPolicy(MOCK_ACCOUNT_ID),
        );
        expect(JSON.parse(String(role.inputs["assumeRolePolicy"])).Statement[0].Condition).to.deep.equal({
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        });
        const policy = built.recorder.find(T.rolePolicy, `replication-${key}`);
        expect(policy.parent).to.equal(role.urn);
        expect(JSON.parse(String(policy.inputs["policy"]))).to.deep.equal(
          replicatorPolicyDocument(source, target),
        );
      }
    });

    it("admits each replicator's security groups to the brokers of their side on the IAM port, in that side's region", () => {
      const { recorder, providers } = built;
      const rows = (type: string) =>
        recorder
          .byType(type)
          .map((r: RecordedResource) => [
            r.name,
            r.inputs["securityGroupId"],
            r.inputs["referencedSecurityGroupId"],
            `${String(r.inputs["ipProtocol"])}/${String(r.inputs["fromPort"])}-${String(r.inputs["toPort"])}`,
            r.options.provider === providers["ap-east-2"] ? "ap-east-2" : "ap-northeast-1",
          ]);
      const sg = (name: string) => recorder.find(T.securityGroup, name).id;
      const a = "replication-ap-east-2-to-ap-northeast-1";
      const b = "replication-ap-northeast-1-to-ap-east-2";
      expect(rows(T.ingressRule)).to.have.length(4);
      expect(rows(T.ingressRule)).to.have.deep.members([
        [
          `${a}-ap-east-2-from-replicator`,
          "sg-taipei-brokers",
          sg(`${a}-ap-east-2`),
          "tcp/9098-9098",
          "ap-east-2",
        ],
        [
          `${a}-ap-northeast-1-from-replicator`,
          "sg-tokyo-brokers",
          sg(`${a}-ap-northeast-1`),
          "tcp/9098-9098",
          "ap-northeast-1",
        ],
        [
          `${b}-ap-northeast-1-from-replicator`,
          "sg-tokyo-brokers",
          sg(`${b}-ap-northeast-1`),
          "tcp/9098-9098",
          "ap-northeast-1",
        ],
        [
          `${b}-ap-east-2-from-replicator`,
          "sg-taipei-brokers",
          sg(`${b}-ap-east-2`),
          "tcp/9098-9098",
          "ap-east-2",
        ],
      ]);
      expect(rows(T.egressRule)).to.have.length(4);
      expect(rows(T.egressRule)).to.have.deep.members([
        [
          `${a}-ap-east-2-to-brokers`,
          sg(`${a}-ap-east-2`),
          "sg-taipei-brokers",
          "tcp/9098-9098",
          "ap-east-2",
        ],
        [
          `${a}-ap-northeast-1-to-brokers`,
          sg(`${a}-ap-northeast-1`),
          "sg-tokyo-brokers",
          "tcp/9098-9098",
          "ap-northeast-1",
        ],
        [
          `${b}-ap-northeast-1-to-brokers`,
          sg(`${b}-ap-northeast-1`),
          "sg-tokyo-brokers",
          "tcp/9098-9098",
          "ap-northeast-1",
        ],
        [
          `${b}-ap-east-2-to-brokers`,
          sg(`${b}-ap-east-2`),
          "sg-taipei-brokers",
          "tcp/9098-9098",
          "ap-east-2",
        ],
      ]);
      expect(recorder.find(T.securityGroup, `${a}-ap-east-2`).inputs["vpcId"]).to.equal("vpc-taipei");
      expect(recorder.find(T.securityGroup, `${a}-ap-northeast-1`).inputs["vpcId"]).to.equal("vpc-tokyo");
      for (const rule of [...recorder.byType(T.ingressRule), ...recorder.byType(T.egressRule)]) {
        expect(rule.inputs["cidrIpv4"], rule.name).to.equal(undefined);
      }
    });

    it("logs each replicator to a KMS-encrypted log group in its target's region", () => {
      const { recorder, providers } = built;
      const toTaipei = recorder.find(T.logGroup, "replication-ap-northeast-1-to-ap-east-2");
      expect(toTaipei.inputs).to.deep.equal({
        retentionInDays: 90,
        kmsKeyId: "arn:aws:kms:ap-east-2:123456789012:key/taipei-logs",
        tags: { Name: "replication-ap-northeast-1-to-ap-east-2" },
      });
      expect(toTaipei.options.provider).to.equal(providers["ap-east-2"]);
      expect(
        recorder.find(T.logGroup, "replication-ap-east-2-to-ap-northeast-1").inputs["kmsKeyId"],
      ).to.equal("arn:aws:kms:ap-northeast-1:123456789012:key/tokyo-logs");
    });

    it("creates a replicator only after its permissions and network rules, and touches neither cluster's policy", () => {
      const { recorder } = built;
      const replicator = replicatorOf("ap-east-2-to-ap-northeast-1");
      const urnOf = (type: string, name: string) => recorder.find(type, name).urn;
      const a = "replication-ap-east-2-to-ap-northeast-1";
      expect(replicator.options.dependsOn).to.include.members([
        urnOf(T.rolePolicy, a),
        urnOf(T.ingressRule, `${a}-ap-east-2-from-replicator`),
        urnOf(T.ingressRule, `${a}-ap-northeast-1-from-replicator`),
        urnOf(T.egressRule, `${a}-ap-east-2-to-brokers`),
        urnOf(T.egressRule, `${a}-ap-northeast-1-to-brokers`),
      ]);
      // Each cluster's stack owns its replication-source policy (several secondaries may share a primary).
      expect(recorder.byType(T.clusterPolicy)).to.deep.equal([]);
    });

    it("exports replicator and role ARNs by direction, every child under the component", async () => {
      const { recorder, replication } = built;
      const arns = await valueOf(replication.replicatorArns);
      expect(Object.keys(arns)).to.deep.equal(["ap-east-2-to-ap-northeast-1", "ap-northeast-1-to-ap-east-2"]);
      expect(arns["ap-northeast-1-to-ap-east-2"]).to.match(
        new RegExp(
          `^arn:aws:kafka:ap-east-2:${MOCK_ACCOUNT_ID}:replicator/platform-prod-ap-northeast-1-to-ap-east-2/`,
        ),
      );
      expect(Object.keys(await valueOf(replication.executionRoleArns))).to.have.length(2);
      const component = recorder.find(MSK_REPLICATION_TYPE, "replication");
      for (const child of recorder.resources.filter((r) => r.type.startsWith("aws:"))) {
        const owner = child.parent === component.urn ? component : recorder.byUrn(child.parent ?? "");
        expect(owner?.urn === component.urn || owner?.parent === component.urn, child.name).to.equal(true);
      }
      expect(recorder.errors).to.deep.equal([]);
    });
  });

  it("makes only the replicators wait for replicatorsDependOn, not their roles, groups or log groups", async () => {
    const recorder = install();
    const taipei = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
    const tokyo = new aws.Provider("aws-ap-northeast-1", { region: "ap-northeast-1" });
    const topics = new aws.msk.Topic(
      "topics",
      {
        clusterArn: "arn:aws:kafka:ap-northeast-1:123456789012:cluster/k/1",
        name: "t",
        partitionCount: 1,
        replicationFactor: 3,
      },
      { provider: tokyo },
    );
    const replication = new MskReplication(
      "replication",
      args(taipei, tokyo, { replicatorsDependOn: [topics] }),
    );
    await valueOf(replication.replicatorArns);
    await recorder.settled();
    const topicUrn = await valueOf(topics.urn);
    const waiting = recorder.resources
      .filter((r) => r.options.dependsOn.includes(topicUrn))
      .map((r) => r.type);
    expect(waiting).to.deep.equal([T.replicator, T.replicator]);
  });

  it("writes into prefixed topics with legacy offset sync when asked to", async () => {
    const { recorder } = await build({
      topicNames: "prefixed",
      offsetSync: "legacy",
      startingPosition: "LATEST",
    });
    const info = recorder.find(T.replicator, "replication-ap-east-2-to-ap-northeast-1").inputs[
      "replicationInfoList"
    ] as {
      topicReplications: Record<string, unknown>[];
      consumerGroupReplications: Record<string, unknown>[];
    };
    expect(info.topicReplications[0]["topicNameConfiguration"]).to.deep.equal({
      type: "PREFIXED_WITH_SOURCE_CLUSTER_ALIAS",
    });
    expect(info.topicReplications[0]["startingPosition"]).to.deep.equal({ type: "LATEST" });
    expect(info.consumerGroupReplications[0]["consumerGroupOffsetSyncMode"]).to.equal("LEGACY");
  });

  it("rejects every invalid argument in one error before registering any child", async () => {
    const recorder = install();
    const taipei = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
    let error: unknown;
    try {
      const bad = args(taipei, taipei);
      new MskReplication("replication", {
        ...bad,
        secondary: { ...bad.secondary, region: "ap-east-2", provider: {} as aws.Provider },
        namePrefix: "platform prod",
        topics: ["orders", "orders", "bad topic"],
        consumerGroupPatterns: ["(unclosed"],
        topicNames: "prefixed",
        compression: "BROTLI" as never,
        logRetentionDays: 45,
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).message.split("\n")).to.deep.equal([
      'Invalid arguments for MskReplication "replication":',
      "  - secondary.provider: not an aws.Provider; pass the explicit provider of the secondary's region (ap-east-2)",
      "  - secondary.region: both clusters are in ap-east-2; this component replicates across regions, so the secondary must be in another region",
      '  - namePrefix: "platform prod" cannot start a replicator name; use letters, digits and -, starting with a letter or digit (e.g. platform-prod)',
      "  - topics[1]: orders is listed twice; list each topic once",
      '  - topics[2]: "bad topic" is not a Kafka topic name; use the catalogue\'s names',
      '  - consumerGroupPatterns[0]: "(unclosed" is not a regular expression; fix it (e.g. "^shop-.*")',
      '  - compression: "BROTLI" is not allowed; use one of NONE, GZIP, SNAPPY, LZ4, ZSTD',
      "  - offsetSync: enhanced offset sync needs identical topic names; set topicNames to identical or offsetSync to legacy",
      "  - logRetentionDays: 45 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 60)",
    ]);
    await recorder.settled();
    expect(recorder.resources.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
  });
});
