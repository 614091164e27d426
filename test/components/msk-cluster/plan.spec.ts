import { expect } from "chai";
import fc from "fast-check";
import {
  AccessMatrix,
  KAFKA_ACTION_REQUIREMENTS,
  LEVEL_ACTIONS,
  STANDARD_BROKER_SIZES,
  TopicSpec,
  OPEN_MONITORING_PORTS,
  brokerDnsNames,
  brokerLayoutProblems,
  clientPolicyDocument,
  groupArn,
  kafkaVersionProblem,
  MSK_KAFKA_VERSIONS,
  DEFAULT_KAFKA_VERSION,
  maxPartitionsPerBroker,
  missingRequiredActions,
  MskClusterPlanInput,
  mskClusterArgsProblems,
  mskClusterDefaults,
  parseClusterArn,
  partitionLoadProblem,
  planTopics,
  replicationSourceClusterPolicy,
  serverProperties,
  storageAutoScaling,
  storageProblems,
  topicArn,
  topicNameProblem,
  validateAccessMatrix,
  validateTopicCatalogue,
} from "../../../components/msk-cluster/plan";
import { policyDocument } from "../../../components/common/iam";
import { KAFKA_ACCESS_MATRIX, TOPIC_CATALOGUE } from "../../../stacks/catalogue";

const CLUSTER =
  "arn:aws:kafka:ap-east-2:123456789012:cluster/kafka-prod/0b3c7d1e-2f4a-4b5c-8d6e-7f8091a2b3c4-3";
const TOPIC = (name: string) =>
  `arn:aws:kafka:ap-east-2:123456789012:topic/kafka-prod/0b3c7d1e-2f4a-4b5c-8d6e-7f8091a2b3c4-3/${name}`;
const GROUP = (name: string) =>
  `arn:aws:kafka:ap-east-2:123456789012:group/kafka-prod/0b3c7d1e-2f4a-4b5c-8d6e-7f8091a2b3c4-3/${name}`;
const SEED_NAMES = TOPIC_CATALOGUE.map((topic) => topic.name);

describe("MskCluster planning", () => {
  describe("Kafka version", () => {
    it("accepts the versions MSK creates Standard-broker clusters on, ZooKeeper or KRaft", () => {
      for (const version of ["3.8.x", "3.8.x.kraft", "3.9.x", "3.9.x.kraft", "4.0.x.kraft", "4.1.x.kraft"]) {
        expect(kafkaVersionProblem(version), version).to.equal(undefined);
      }
      expect(MSK_KAFKA_VERSIONS).to.include(DEFAULT_KAFKA_VERSION);
    });

    it("rejects versions past MSK's end of support, with the date", () => {
      expect(kafkaVersionProblem("3.6.0")).to.equal(
        "3.6.0 reached the end of MSK's support on 2026-06-01: MSK creates no new cluster on it and upgrades " +
          "existing ones at any time; use 3.8.x (MSK's recommended version) or newer",
      );
      expect(kafkaVersionProblem("3.7.x.kraft")).to.match(
        /^3\.7\.x\.kraft reached the end of MSK's support on 2026-09-01/,
      );
    });

    it("rejects names MSK does not use, and Express-only versions", () => {
      expect(kafkaVersionProblem("4.0.x")).to.equal(
        "4.0.x is not a Kafka version MSK offers; use one of 3.8.x, 3.8.x.kraft, 3.9.x, 3.9.x.kraft, 4.0.x.kraft, " +
          "4.1.x.kraft (MSK's names: a minor with .x, .kraft for KRaft metadata mode, which Kafka 4 always uses)",
      );
      expect(kafkaVersionProblem("3.8.1")).to.match(
        /^3\.8\.1 is not a Kafka version MSK offers; use one of /,
      );
      expect(kafkaVersionProblem("4.2.x.kraft")).to.equal(
        "4.2.x.kraft runs on MSK Express brokers only, and this cluster has Standard brokers; use one of 3.8.x, " +
          "3.8.x.kraft, 3.9.x, 3.9.x.kraft, 4.0.x.kraft, 4.1.x.kraft",
      );
    });

    it("rejects versions whose topics MSK cannot manage, and names that are not versions", () => {
      expect(kafkaVersionProblem("3.5.1")).to.equal(
        "3.5.1 is older than 3.6.0, the first version whose topics MSK manages through its API (aws.msk.Topic); use 3.8.x or newer",
      );
      expect(kafkaVersionProblem("2.8.2")).to.contain("2.8.2 is older than 3.6.0");
      expect(kafkaVersionProblem("latest")).to.equal(
        '"latest" is not an MSK Kafka version; write it as MSK lists it, e.g. 3.8.x (or 3.9.x.kraft for a KRaft cluster)',
      );
    });
  });

  describe("server properties", () => {
    it("turn off auto-created topics and unclean elections, with 3 replicas and 2 acknowledgements when durable", () => {
      expect(serverProperties("durable")).to.equal(
        [
          "auto.create.topics.enable=false",
          "default.replication.factor=3",
          "min.insync.replicas=2",
          "unclean.leader.election.enable=false",
          "offsets.topic.replication.factor=3",
          "transaction.state.log.replication.factor=3",
          "transaction.state.log.min.isr=2",
          "",
        ].join("\n"),
      );
    });

    it("keep 2 replicas and 1 acknowledgement for a non-durable dev cluster", () => {
      expect(serverProperties("non-durable-dev").split("\n")).to.deep.equal([
        "auto.create.topics.enable=false",
        "default.replication.factor=2",
        "min.insync.replicas=1",
        "unclean.leader.election.enable=false",
        "offsets.topic.replication.factor=2",
        "transaction.state.log.replication.factor=2",
        "transaction.state.log.min.isr=1",
        "",
      ]);
    });
  });

  describe("brokers and zones", () => {
    const layout = (overrides: Partial<Parameters<typeof brokerLayoutProblems>[0]> = {}) =>
      brokerLayoutProblems({
        brokerCount: 3,
        zoneCount: 3,
        durability: "durable",
        instanceType: "kafka.m7g.large",
        replicationSource: false,
        ...overrides,
      });

    it("accepts one or more brokers per zone, and a two-broker dev cluster", () => {
      expect(layout()).to.deep.equal([]);
      expect(layout({ brokerCount: 6 })).to.deep.equal([]);
      expect(
        layout({
          brokerCount: 2,
          zoneCount: 2,
          durability: "non-durable-dev",
          instanceType: "kafka.t3.small",
        }),
      ).to.deep.equal([]);
    });

    it("rejects a broker count that is not a multiple of the zones, with the counts that would fit", () => {
      expect(layout({ brokerCount: 5 })).to.deep.equal([
        {
          path: "brokerCount",
          message: "5 brokers cannot be spread evenly over 3 zones; use a multiple of 3 (e.g. 3 or 6)",
        },
      ]);
    });

    it("needs three zones and three brokers for durable topics", () => {
      expect(layout({ zoneCount: 2, brokerCount: 2 })).to.deep.equal([
        {
          path: "subnetIds",
          message:
            "2 zones cannot hold durable topics: losing one zone must leave 2 of 3 replicas; run the brokers in 3 zones, or use durability non-durable-dev for a dev cluster",
        },
        {
          path: "brokerCount",
          message: "2 brokers cannot hold 3 replicas of each partition (durable); run at least 3 brokers",
        },
      ]);
    });

    it("accepts only two or three subnets, and whole positive broker counts", () => {
      expect(layout({ zoneCount: 4, brokerCount: 4 })).to.deep.equal([
        {
          path: "subnetIds",
          message:
            "4 subnets given; MSK places brokers in 2 or 3 subnets of distinct zones: pass the data subnet of each of 2 or 3 zones",
        },
      ]);
      expect(layout({ brokerCount: 0 })).to.deep.equal([
        {
          path: "brokerCount",
          message: "0 is not a broker count; use a positive whole number, a multiple of the zone count",
        },
      ]);
    });

    it("takes one broker as a count (not a multiple of two zones), and checks divisibility only with zones", () => {
      expect(layout({ brokerCount: 1, zoneCount: 2, durability: "non-durable-dev" })).to.deep.equal([
        {
          path: "brokerCount",
          message: "1 brokers cannot be spread evenly over 2 zones; use a multiple of 2 (e.g. 2 or 4)",
        },
        {
          path: "brokerCount",
          message:
            "1 brokers cannot hold 2 replicas of each partition (non-durable-dev); run at least 2 brokers",
        },
      ]);
      expect(layout({ zoneCount: 0, instanceType: 5 as unknown as string })).to.deep.equal([
        {
          path: "subnetIds",
          message:
            "0 subnets given; MSK places brokers in 2 or 3 subnets of distinct zones: pass the data subnet of each of 2 or 3 zones",
        },
        {
          path: "brokerInstanceType",
          message:
            "5 is not an MSK Standard broker size; use one of kafka.t3.small, kafka.m5.<size>, kafka.m7g.<size> (e.g. kafka.m7g.large)",
        },
      ]);
    });

    it("runs Standard brokers only", () => {
      expect(layout({ instanceType: "express.m7g.large" })).to.deep.equal([
        {
          path: "brokerInstanceType",
          message:
            "express.m7g.large is an Express broker, which has no EBS volume to size or scale; use a Standard broker such as kafka.m7g.large",
        },
      ]);
      expect(layout({ instanceType: "m7g.large" })[0].message).to.equal(
        '"m7g.large" is not an MSK Standard broker size; use one of kafka.t3.small, kafka.m5.<size>, kafka.m7g.<size> (e.g. kafka.m7g.large)',
      );
      expect(STANDARD_BROKER_SIZES).to.include.members([
        "kafka.t3.small",
        "kafka.m5.24xlarge",
        "kafka.m7g.16xlarge",
      ]);
    });

    it("checks what MSK Replicator needs of a replication source", () => {
      expect(layout({ replicationSource: true })).to.deep.equal([]);
      expect(
        layout({
          replicationSource: true,
          durability: "non-durable-dev",
          zoneCount: 2,
          brokerCount: 2,
          instanceType: "kafka.t3.small",
        }),
      ).to.deep.equal([
        {
          path: "replicationSource",
          message:
            "kafka.t3.small supports neither MSK Replicator nor multi-VPC connectivity, which a cross-region source needs; use kafka.m7g.large or larger, or turn replicationSource off",
        },
        {
          path: "replicationSource",
          message:
            "MSK Replicator needs at least 4 brokers in a 2-zone cluster, not 2; add brokers or turn replicationSource off",
        },
      ]);
    });
  });

  describe("storage", () => {
    it("scales only when the limit is above the provisioned size", () => {
      expect(
        storageAutoScaling({ volumeSizeGiB: 100, maxVolumeSizeGiB: 1000, storageTargetPercent: 60 }),
      ).to.equal(true);
      expect(
        storageAutoScaling({ volumeSizeGiB: 100, maxVolumeSizeGiB: 100, storageTargetPercent: 60 }),
      ).to.equal(false);
    });

    it("reports every storage problem with its bounds", () => {
      expect(
        storageProblems({ volumeSizeGiB: 0, maxVolumeSizeGiB: 20000, storageTargetPercent: 90 }),
      ).to.deep.equal([
        {
          path: "volumeSizeGiB",
          message: "0 is not an EBS volume size; use a whole number of GiB from 1 to 16384",
        },
        {
          path: "maxVolumeSizeGiB",
          message: "20000 is not a storage limit; use a whole number of GiB up to 16384 (per broker)",
        },
        {
          path: "storageTargetPercent",
          message:
            "90 is not a storage utilization target; use a whole percentage from 10 to 80 (AWS recommends 50 to 60)",
        },
      ]);
      expect(
        storageProblems({ volumeSizeGiB: 500, maxVolumeSizeGiB: 100, storageTargetPercent: 60 }),
      ).to.deep.equal([
        {
          path: "maxVolumeSizeGiB",
          message:
            "100 GiB is below the volume size 500 GiB, and MSK never shrinks a volume; set it to 500 (no auto-scaling) or more",
        },
      ]);
    });
  });

  describe("storage bounds", () => {
    it("takes volumes of 1 to 16384 GiB, a limit equal to the size, and targets of 10 to 80 percent", () => {
      expect(
        storageProblems({ volumeSizeGiB: 1, maxVolumeSizeGiB: 1, storageTargetPercent: 10 }),
      ).to.deep.equal([]);
      expect(
        storageProblems({ volumeSizeGiB: 16384, maxVolumeSizeGiB: 16384, storageTargetPercent: 80 }),
      ).to.deep.equal([]);
      expect(
        storageProblems({ volumeSizeGiB: 100, maxVolumeSizeGiB: 100, storageTargetPercent: 60 }),
      ).to.deep.equal([]);
    });

    it("rejects a volume of 16385 GiB and targets of 9 and 81 percent", () => {
      expect(
        storageProblems({ volumeSizeGiB: 16385, maxVolumeSizeGiB: 16384, storageTargetPercent: 9 }),
      ).to.deep.equal([
        {
          path: "volumeSizeGiB",
          message: "16385 is not an EBS volume size; use a whole number of GiB from 1 to 16384",
        },
        {
          path: "storageTargetPercent",
          message:
            "9 is not a storage utilization target; use a whole percentage from 10 to 80 (AWS recommends 50 to 60)",
        },
      ]);
      expect(
        storageProblems({ volumeSizeGiB: 100, maxVolumeSizeGiB: 100, storageTargetPercent: 81 }).map(
          (p) => p.path,
        ),
      ).to.deep.equal(["storageTargetPercent"]);
    });
  });

  describe("the seed's topic catalogue", () => {
    it("holds every topic the seed names, in its four classes with their partitions and retention", () => {
      const rows = planTopics(TOPIC_CATALOGUE, "durable").map(
        (t) =>
          `${t.class} ${t.name} p${t.partitions} rf${t.replicationFactor} isr${t.minInsyncReplicas} ${t.retentionDays}d`,
      );
      expect(rows).to.deep.equal([
        "core customer-events p3 rf3 isr2 30d",
        "core order-events p3 rf3 isr2 30d",
        "core payment-events p3 rf3 isr2 30d",
        "core inventory-events p3 rf3 isr2 30d",
        "core product-events p3 rf3 isr2 30d",
        "operational delivery-events p6 rf3 isr2 7d",
        "operational notification-events p6 rf3 isr2 7d",
        "operational review-events p6 rf3 isr2 7d",
        "analytics shopping-cart-events p12 rf3 isr2 90d",
        "analytics promotion-events p12 rf3 isr2 90d",
        "analytics pricing-events p12 rf3 isr2 90d",
        "system system-events p1 rf3 isr2 365d",
        "system audit-events p1 rf3 isr2 365d",
      ]);
    });

    it("turns class retention into topic configs, with the dev profile's replication", () => {
      const [customer] = planTopics(TOPIC_CATALOGUE, "non-durable-dev");
      expect(customer).to.deep.equal({
        name: "customer-events",
        class: "core",
        partitions: 3,
        replicationFactor: 2,
        minInsyncReplicas: 1,
        retentionDays: 30,
        configs: { "cleanup.policy": "delete", "min.insync.replicas": "1", "retention.ms": "2592000000" },
      });
      const audit = planTopics(TOPIC_CATALOGUE, "durable").find((t) => t.name === "audit-events");
      expect(audit?.configs["retention.ms"]).to.equal(String(365 * 86_400_000));
    });

    it("is valid on three durable brokers and on a two-broker dev cluster", () => {
      expect(
        validateTopicCatalogue(TOPIC_CATALOGUE, { brokerCount: 3, durability: "durable" }),
      ).to.deep.equal([]);
      expect(
        validateTopicCatalogue(TOPIC_CATALOGUE, { brokerCount: 2, durability: "non-durable-dev" }),
      ).to.deep.equal([]);
    });
  });

  describe("catalogue validation", () => {
    const check = (topics: TopicSpec[], brokerCount = 3) =>
      validateTopicCatalogue(topics, { brokerCount, durability: "durable" });

    it("reports every problem of every topic at once, with the topic's index", () => {
      expect(
        check([
          { name: "orders", class: "core", partitions: 0, retentionDays: -1 },
          { name: "orders", class: "core" },
          { name: "a b", class: "bulk" as never, replicationFactor: 4, minInsyncReplicas: 4 },
          { name: "payments", class: "core", replicationFactor: 3, minInsyncReplicas: 3 },
        ]),
      ).to.deep.equal([
        {
          path: "topics[0].partitions",
          message: "0 is not a partition count; use a whole number of 1 or more",
        },
        {
          path: "topics[0].retentionDays",
          message: "-1 is not a retention; use a positive whole number of days",
        },
        { path: "topics[1].name", message: "orders is already topics[0]; list each topic once" },
        {
          path: "topics[2].name",
          message:
            '"a b" has characters Kafka does not allow in topic names; use only letters, digits, ., _ and -',
        },
        {
          path: "topics[2].class",
          message: '"bulk" is not a topic class; use one of core, operational, analytics, system',
        },
        {
          path: "topics[2].replicationFactor",
          message: "4 replicas need 4 brokers, and the cluster has 3; lower it to 3 or add brokers",
        },
        {
          path: "topics[2].minInsyncReplicas",
          message:
            "4 in-sync replicas of 4 leave no replica to lose: one broker restart would stop producers; use 3 or raise the replication factor",
        },
        {
          path: "topics[3].minInsyncReplicas",
          message:
            "3 in-sync replicas of 3 leave no replica to lose: one broker restart would stop producers; use 2 or raise the replication factor",
        },
      ]);
    });

    it("keeps durable topics at 3 replicas and 2 acknowledgements", () => {
      expect(
        check([{ name: "orders", class: "core", replicationFactor: 2, minInsyncReplicas: 1 }]),
      ).to.deep.equal([
        {
          path: "topics[0].replicationFactor",
          message: "2 is below the 3 replicas a durable cluster keeps; remove the override or raise it to 3",
        },
        {
          path: "topics[0].minInsyncReplicas",
          message:
            "1 is below the 2 acknowledgements a durable cluster requires; remove the override or raise it to 2",
        },
      ]);
    });

    it("rejects no acknowledgements at all, and a count that is not a whole number", () => {
      const message = (value: string) =>
        `${value} is not a replica count; use a whole number of 1 or more, below the replication factor`;
      expect(check([{ name: "orders", class: "core", minInsyncReplicas: 0 }])).to.deep.equal([
        { path: "topics[0].minInsyncReplicas", message: message("0") },
      ]);
      expect(check([{ name: "orders", class: "core", minInsyncReplicas: 1.5 }])).to.deep.equal([
        { path: "topics[0].minInsyncReplicas", message: message("1.5") },
      ]);
    });

    it("rejects names Kafka rejects, reserved names and names that collide in metrics", () => {
      expect(topicNameProblem(".")).to.equal(
        '"." is not allowed as a Kafka topic name; use letters, digits, ., _ and -',
      );
      expect(topicNameProblem("..")).to.equal(
        '".." is not allowed as a Kafka topic name; use letters, digits, ., _ and -',
      );
      expect(topicNameProblem("x".repeat(250))).to.equal(
        "has 250 characters; Kafka allows at most 249: shorten it",
      );
      expect(topicNameProblem("x".repeat(249))).to.equal(undefined);
      expect(topicNameProblem("__consumer_offsets")).to.equal(
        '"__consumer_offsets" starts with __, which Kafka and MSK Replicator reserve for internal topics; rename it',
      );
      expect(topicNameProblem("")).to.equal("missing; give the topic a name of letters, digits, ., _ and -");
      expect(
        check([
          { name: "order.events", class: "core" },
          { name: "order_events", class: "core" },
        ]),
      ).to.deep.equal([
        {
          path: "topics[1].name",
          message:
            "order_events and order.events differ only in . and _, which collide in Kafka's metric names; rename one",
        },
      ]);
    });

    it("takes a topic's own partitions, replication and retention over its class's and the profile's", () => {
      expect(
        validateTopicCatalogue(
          [
            { name: "a", class: "core", partitions: 2.5, replicationFactor: 1, retentionDays: 1 },
            { name: "b", class: "core", replicationFactor: 0 },
            { name: "c", class: "core", replicationFactor: 2, minInsyncReplicas: 1, retentionDays: 1 },
          ],
          { brokerCount: 2, durability: "non-durable-dev" },
        ),
      ).to.deep.equal([
        {
          path: "topics[0].partitions",
          message: "2.5 is not a partition count; use a whole number of 1 or more",
        },
        {
          path: "topics[0].replicationFactor",
          message:
            "1 is below the 2 replicas a non-durable-dev cluster keeps; remove the override or raise it to 2",
        },
        {
          path: "topics[0].minInsyncReplicas",
          message:
            "1 in-sync replicas of 1 leave no replica to lose: one broker restart would stop producers; use 1 or raise the replication factor",
        },
        {
          path: "topics[1].replicationFactor",
          message: "0 is not a replication factor; use a whole number of 1 or more",
        },
      ]);
    });

    it("reads a missing topic name as missing", () => {
      expect(topicNameProblem(undefined)).to.equal(
        "missing; give the topic a name of letters, digits, ., _ and -",
      );
      expect(topicNameProblem("")).to.equal("missing; give the topic a name of letters, digits, ., _ and -");
    });

    it("accepts a partition load of exactly what a broker size carries, and not one more", () => {
      const load = (partitions: number) =>
        partitionLoadProblem(
          [{ ...planTopics([{ name: "t", class: "core" }], "durable")[0], partitions }],
          3,
          "kafka.t3.small",
        );
      expect(maxPartitionsPerBroker("kafka.t3.small")).to.equal(300);
      expect(load(300)).to.equal(undefined);
      expect(load(301)).to.equal(
        "the topics hold 903 partition replicas, 301 per broker, more than the 300 AWS recommends for " +
          "kafka.t3.small; add brokers, use a larger size, or fewer partitions",
      );
    });

    it("warns when the partition replicas exceed what a broker size carries", () => {
      const planned = planTopics(TOPIC_CATALOGUE, "durable");
      expect(partitionLoadProblem(planned, 3, "kafka.m7g.large")).to.equal(undefined);
      const heavy = planTopics([{ name: "clicks", class: "analytics", partitions: 400 }], "non-durable-dev");
      expect(partitionLoadProblem(heavy, 2, "kafka.t3.small")).to.equal(
        "the topics hold 800 partition replicas, 400 per broker, more than the 300 AWS recommends for kafka.t3.small; add brokers, use a larger size, or fewer partitions",
      );
    });
  });

  describe("the access matrix", () => {
    it("accepts the seed's matrix against the seed's topics", () => {
      expect(validateAccessMatrix(KAFKA_ACCESS_MATRIX, SEED_NAMES)).to.deep.equal([]);
    });

    it("reports unknown topics, duplicates, levels, client names and empty grants", () => {
      const matrix = {
        shop: [{ level: "read", topics: ["customer-events", "cart-events", "customer-events"] }],
        "Back Office": [{ level: "admin", topics: "all" }],
        idle: [],
        api: [{ level: "readwrite", topics: [] }],
      } as unknown as AccessMatrix;
      expect(validateAccessMatrix(matrix, ["customer-events", "order-events"])).to.deep.equal([
        {
          path: "accessMatrix.shop[0].topics[1]",
          message: '"cart-events" is not in the topic catalogue; use one of customer-events, order-events',
        },
        {
          path: "accessMatrix.shop[0].topics[2]",
          message: "customer-events is listed twice; list each topic once",
        },
        {
          path: "accessMatrix.Back Office",
          message:
            '"Back Office" cannot name a client (its IAM policy and consumer groups); use 1 to 32 lowercase letters, digits and -, starting with a letter',
        },
        {
          path: "accessMatrix.Back Office[0].level",
          message: '"admin" is not an access level; use one of read, readwrite, manage',
        },
        {
          path: "accessMatrix.idle",
          message: "no grants; give the client at least one { level, topics } or remove it",
        },
        { path: "accessMatrix.api[0].topics", message: 'no topics; list catalogue topic names or use "all"' },
      ]);
    });
  });

  describe("client policies", () => {
    const policyOf = (client: keyof typeof KAFKA_ACCESS_MATRIX) =>
      clientPolicyDocument(CLUSTER, client, KAFKA_ACCESS_MATRIX[client], SEED_NAMES);

    it("lets shop read exactly its four topics and use only groups named shop-*", () => {
      expect(policyOf("shop")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Cluster",
            Effect: "Allow",
            Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"],
            Resource: [CLUSTER],
          },
          {
            Sid: "ReadTopics",
            Effect: "Allow",
            Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
            Resource: [
              TOPIC("customer-events"),
              TOPIC("product-events"),
              TOPIC("promotion-events"),
              TOPIC("pricing-events"),
            ],
          },
          {
            Sid: "ConsumerGroups",
            Effect: "Allow",
            Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
            Resource: [GROUP("shop-*")],
          },
        ],
      });
    });

    it("lets api read and write every topic idempotently, with groups named api-*", () => {
      expect(policyOf("api")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Cluster",
            Effect: "Allow",
            Action: [
              "kafka-cluster:Connect",
              "kafka-cluster:DescribeCluster",
              "kafka-cluster:WriteDataIdempotently",
            ],
            Resource: [CLUSTER],
          },
          {
            Sid: "ReadWriteTopics",
            Effect: "Allow",
            Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
            Resource: [TOPIC("*")],
          },
          {
            Sid: "ConsumerGroups",
            Effect: "Allow",
            Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
            Resource: [GROUP("api-*")],
          },
        ],
      });
    });

    it("lets cmc administer every topic and consumer group, without producing", () => {
      expect(policyOf("cmc")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Cluster",
            Effect: "Allow",
            Action: [
              "kafka-cluster:Connect",
              "kafka-cluster:DescribeCluster",
              "kafka-cluster:DescribeClusterDynamicConfiguration",
            ],
            Resource: [CLUSTER],
          },
          {
            Sid: "ManageTopics",
            Effect: "Allow",
            Action: [
              "kafka-cluster:DescribeTopic",
              "kafka-cluster:CreateTopic",
              "kafka-cluster:AlterTopic",
              "kafka-cluster:DeleteTopic",
              "kafka-cluster:DescribeTopicDynamicConfiguration",
              "kafka-cluster:AlterTopicDynamicConfiguration",
              "kafka-cluster:ReadData",
            ],
            Resource: [TOPIC("*")],
          },
          {
            Sid: "ConsumerGroups",
            Effect: "Allow",
            Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup", "kafka-cluster:DeleteGroup"],
            Resource: [GROUP("*")],
          },
        ],
      });
      expect(policyOf("cmc").Statement.flatMap((s) => s.Action)).to.not.include("kafka-cluster:WriteData");
    });

    it("adds up several grants of one client: a statement per level, groups widened by manage", () => {
      const document = clientPolicyDocument(
        CLUSTER,
        "ops",
        [
          { level: "read", topics: ["audit-events"] },
          { level: "read", topics: ["system-events", "audit-events"] },
          { level: "manage", topics: ["system-events"] },
        ],
        SEED_NAMES,
      );
      expect(document.Statement.map((s) => [s.Sid, s.Resource])).to.deep.equal([
        ["Cluster", [CLUSTER]],
        ["ReadTopics", [TOPIC("system-events"), TOPIC("audit-events")]],
        ["ManageTopics", [TOPIC("system-events")]],
        ["ConsumerGroups", [GROUP("*")]],
      ]);
      expect(document.Statement[0].Action).to.deep.equal([
        "kafka-cluster:Connect",
        "kafka-cluster:DescribeCluster",
        "kafka-cluster:DescribeClusterDynamicConfiguration",
      ]);
    });

    it("grants every action each granted action requires, for every level", () => {
      for (const client of Object.keys(KAFKA_ACCESS_MATRIX) as (keyof typeof KAFKA_ACCESS_MATRIX)[]) {
        expect(missingRequiredActions(policyOf(client)), client).to.deep.equal([]);
      }
      const shop = policyOf("shop");
      const broken = {
        ...shop,
        Statement: shop.Statement.map((s, i) =>
          i === 2 ? { ...s, Action: ["kafka-cluster:DescribeGroup"] } : s,
        ),
      };
      expect(missingRequiredActions(broken)).to.deep.equal([
        "kafka-cluster:ReadData needs kafka-cluster:AlterGroup",
      ]);
      for (const actions of Object.values(LEVEL_ACTIONS)) {
        for (const action of [...actions.cluster, ...actions.topic, ...actions.group]) {
          expect(KAFKA_ACTION_REQUIREMENTS, action).to.have.property(action);
        }
      }
    });

    it("scopes any read grant to exactly the granted topics (property)", () => {
      fc.assert(
        fc.property(fc.subarray(SEED_NAMES, { minLength: 1 }), (topics) => {
          const document = clientPolicyDocument(CLUSTER, "reader", [{ level: "read", topics }], SEED_NAMES);
          const resources = document.Statement.find((s) => s.Sid === "ReadTopics")!.Resource;
          expect([...resources].sort()).to.deep.equal(topics.map(TOPIC).sort());
          expect(missingRequiredActions(document)).to.deep.equal([]);
          expect(document.Statement.find((s) => s.Sid === "ConsumerGroups")!.Resource).to.deep.equal([
            GROUP("reader-*"),
          ]);
        }),
        { numRuns: 50 },
      );
    });

    it("gives a topic level spanning every topic as soon as one grant of that level names all", () => {
      const document = clientPolicyDocument(
        CLUSTER,
        "shop",
        [
          { topics: ["orders"], level: "read" },
          { topics: "all", level: "read" },
        ],
        SEED_NAMES,
      );
      expect(document.Statement[1].Resource).to.deep.equal([TOPIC("*")]);
    });

    it("names each granted action whose required actions are missing, ignoring statements without actions", () => {
      const document = policyDocument([
        { Effect: "Allow", Action: ["kafka-cluster:AlterCluster", "kafka-cluster:Unknown"], Resource: "*" },
        { Effect: "Allow", Resource: "*" },
      ] as never);
      expect(missingRequiredActions(document)).to.deep.equal([
        "kafka-cluster:AlterCluster needs kafka-cluster:Connect",
        "kafka-cluster:AlterCluster needs kafka-cluster:DescribeCluster",
      ]);
      expect(
        missingRequiredActions(
          policyDocument([
            { Effect: "Allow", Action: ["kafka-cluster:DescribeCluster"], Resource: "*" },
          ] as never),
        ),
      ).to.deep.equal(["kafka-cluster:DescribeCluster needs kafka-cluster:Connect"]);
    });

    it("lets MSK Replicator connect to a replication source, and refuses a policy for anything but a cluster", () => {
      expect(replicationSourceClusterPolicy(CLUSTER)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "MskReplicatorReadsCrossRegion",
            Effect: "Allow",
            Principal: { Service: "kafka.amazonaws.com" },
            Action: ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"],
            Resource: CLUSTER,
          },
        ],
      });
      expect(() => replicationSourceClusterPolicy("arn:aws:s3:::bucket")).to.throw();
    });

    it("builds topic and group ARNs from the cluster ARN and refuses anything else", () => {
      expect(topicArn(CLUSTER, "order-events")).to.equal(TOPIC("order-events"));
      expect(groupArn(CLUSTER, "api-*")).to.equal(GROUP("api-*"));
      expect(parseClusterArn(CLUSTER)).to.deep.equal({
        partition: "aws",
        region: "ap-east-2",
        account: "123456789012",
        clusterName: "kafka-prod",
        clusterUuid: "0b3c7d1e-2f4a-4b5c-8d6e-7f8091a2b3c4-3",
      });
      expect(() => replicationSourceClusterPolicy("arn:aws:kafka:ap-east-2:1:cluster/x")).to.throw(
        "is not an MSK cluster ARN",
      );
      expect(() => parseClusterArn("arn:aws:msk:ap-east-2:123456789012:cluster/kafka")).to.throw(
        '"arn:aws:msk:ap-east-2:123456789012:cluster/kafka" is not an MSK cluster ARN (arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>)',
      );
    });
  });

  describe("the component's arguments", () => {
    const args: MskClusterPlanInput = {
      ...mskClusterDefaults,
      subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
      brokerInstanceType: "kafka.m7g.large",
      brokerCount: 3,
      volumeSizeGiB: 100,
      maxVolumeSizeGiB: 1000,
      topics: TOPIC_CATALOGUE,
      accessMatrix: KAFKA_ACCESS_MATRIX,
    };
    it("accepts the seed's cluster", () => {
      expect(mskClusterArgsProblems(args)).to.deep.equal([]);
      expect(
        mskClusterArgsProblems({ ...args, clientSecurityGroupIds: { "eks-nodes": "sg-1" } }),
      ).to.deep.equal([]);
    });

    it("reports every argument's problem, and no catalogue rules under an unknown durability", () => {
      expect(
        mskClusterArgsProblems({
          ...args,
          kafkaVersion: "latest",
          durability: "x" as never,
          volumeSizeGiB: 0,
          logRetentionDays: 10,
          enhancedMonitoring: "ALL" as never,
          clientSecurityGroupIds: { "eks-nodes": "sg-1", Bad: "sg-2" },
          topics: [{ name: "", class: "core" }],
        }),
      ).to.deep.equal([
        {
          path: "kafkaVersion",
          message:
            '"latest" is not an MSK Kafka version; write it as MSK lists it, e.g. 3.8.x (or 3.9.x.kraft for a KRaft cluster)',
        },
        { path: "durability", message: '"x" is not a durability; use durable or non-durable-dev' },
        {
          path: "volumeSizeGiB",
          message: "0 is not an EBS volume size; use a whole number of GiB from 1 to 16384",
        },
        {
          path: "logRetentionDays",
          message:
            "10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
        },
        {
          path: "enhancedMonitoring",
          message:
            '"ALL" is not an MSK monitoring level; use one of DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION',
        },
        {
          path: "clientSecurityGroupIds.Bad",
          message: '"Bad" cannot name an ingress rule; use lowercase letters, digits and - (e.g. eks-nodes)',
        },
        ...validateAccessMatrix(KAFKA_ACCESS_MATRIX, [""]),
      ]);
    });

    it("reports too few brokers once, and counts missing subnets as none", () => {
      expect(mskClusterArgsProblems({ ...args, brokerCount: 0 })).to.deep.equal([
        {
          path: "brokerCount",
          message: "0 is not a broker count; use a positive whole number, a multiple of the zone count",
        },
      ]);
      expect(mskClusterArgsProblems({ ...args, subnetIds: undefined as never })).to.deep.equal([
        {
          path: "subnetIds",
          message:
            "0 subnets given; MSK places brokers in 2 or 3 subnets of distinct zones: pass the data subnet of each of 2 or 3 zones",
        },
      ]);
    });

    it("validates the catalogue on a valid broker count, without repeating too few brokers for every topic", () => {
      const broken = { topics: [{ name: "t", class: "core" as const, partitions: 0 }], accessMatrix: {} };
      expect(mskClusterArgsProblems({ ...args, ...broken })).to.deep.equal([
        {
          path: "topics[0].partitions",
          message: "0 is not a partition count; use a whole number of 1 or more",
        },
      ]);
      expect(mskClusterArgsProblems({ ...args, ...broken, brokerCount: 0 }).map((p) => p.path)).to.deep.equal(
        ["brokerCount"],
      );
      expect(mskClusterArgsProblems({ ...args, ...broken, brokerCount: 1.5 })).to.deep.equal([
        {
          path: "brokerCount",
          message: "1.5 is not a broker count; use a positive whole number, a multiple of the zone count",
        },
      ]);
      const dev = { durability: "non-durable-dev" as const, subnetIds: ["subnet-a", "subnet-b"] };
      expect(
        mskClusterArgsProblems({ ...args, ...broken, ...dev, brokerCount: 1 }).map((p) => p.path),
      ).to.deep.equal(["brokerCount", "brokerCount", "topics[0].partitions"]);
      // A catalogue with problems gets no partition-load warning on top.
      const heavy = {
        topics: [{ name: "t", class: "core" as const, partitions: 1000, minInsyncReplicas: 3 }],
        accessMatrix: {},
        brokerInstanceType: "kafka.t3.small",
      };
      expect(mskClusterArgsProblems({ ...args, ...heavy }).map((p) => p.path)).to.deep.equal([
        "topics[0].minInsyncReplicas",
      ]);
      expect(mskClusterArgsProblems({ ...args, brokerCount: 2 })).to.deep.equal([
        {
          path: "brokerCount",
          message: "2 brokers cannot be spread evenly over 3 zones; use a multiple of 3 (e.g. 3 or 6)",
        },
        {
          path: "brokerCount",
          message: "2 brokers cannot hold 3 replicas of each partition (durable); run at least 3 brokers",
        },
      ]);
    });

    it("checks the partition load only on a valid layout", () => {
      const big = { topics: [{ name: "big", class: "core" as const, partitions: 1000 }], accessMatrix: {} };
      expect(mskClusterArgsProblems({ ...args, ...big, brokerInstanceType: "kafka.t3.small" })).to.deep.equal(
        [
          {
            path: "topics",
            message:
              "the topics hold 3000 partition replicas, 1000 per broker, more than the 300 AWS recommends for " +
              "kafka.t3.small; add brokers, use a larger size, or fewer partitions",
          },
        ],
      );
      expect(
        mskClusterArgsProblems({ ...args, ...big, brokerCount: 4, brokerInstanceType: "kafka.t3.small" }),
      ).to.deep.equal([
        {
          path: "brokerCount",
          message: "4 brokers cannot be spread evenly over 3 zones; use a multiple of 3 (e.g. 3 or 6)",
        },
      ]);
    });
  });

  describe("open monitoring", () => {
    const domain = "kafka.ab12cd.c2.kafka.ap-east-2.amazonaws.com";

    it("names the exporters' ports as MSK publishes them", () => {
      expect(OPEN_MONITORING_PORTS).to.deep.equal({ jmx: 11001, node: 11002 });
    });

    it("names every broker from the cluster's domain and count, whatever the bootstrap string lists", () => {
      expect(brokerDnsNames(`b-2.${domain}:9098,b-1.${domain}:9098`, 3)).to.deep.equal([
        `b-1.${domain}`,
        `b-2.${domain}`,
        `b-3.${domain}`,
      ]);
      // A broker id left after brokers were removed is still named, after the others.
      expect(brokerDnsNames(`b-1.${domain}:9094, b-5.${domain}:9094`, 2)).to.deep.equal([
        `b-1.${domain}`,
        `b-2.${domain}`,
        `b-5.${domain}`,
      ]);
    });

    it("refuses a bootstrap string it cannot name the brokers from, and a broker count that is none", () => {
      expect(() => brokerDnsNames("", 3)).to.throw(/cannot name the brokers from the bootstrap string ""/);
      expect(() => brokerDnsNames("z-1.example:2181", 3)).to.throw(/b-<id>\.<cluster domain>:<port>/);
      expect(() => brokerDnsNames(`b-1.${domain}:9098,b-2.other.example:9098`, 2)).to.throw(/of one cluster/);
      expect(() => brokerDnsNames(`b-1.${domain}:9098`, 0)).to.throw(/0 is not a broker count/);
    });

    it("turns the exporters on by default", () => {
      expect(mskClusterDefaults.openMonitoring).to.equal(true);
    });
  });
});
