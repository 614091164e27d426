import { expect } from "chai";
import type { PrimaryStackOutputs } from "../../stacks/contract";
import { stackFileValues } from "../support/config";
import { PRIMARY_NAME, named, ofType, plannedStacks, providerRef, runWith } from "../support/stacks";
import type { PlanResource, StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("Kafka", () => {
    const SEED_TOPICS = [
      "customer-events",
      "order-events",
      "payment-events",
      "inventory-events",
      "product-events",
      "delivery-events",
      "notification-events",
      "review-events",
      "shopping-cart-events",
      "promotion-events",
      "pricing-events",
      "system-events",
      "audit-events",
    ];

    it("every stack runs an MSK cluster in its data subnets, encrypted with its own keys, with the catalogue and client policies", () => {
      const expected: Record<string, [string, string, number, boolean, string]> = {
        dev: ["ap-east-2", "kafka.t3.small", 2, false, "min.insync.replicas=1"],
        "prod-taipei": ["ap-east-2", "kafka.m7g.large", 3, true, "min.insync.replicas=2"],
        "prod-tokyo": ["ap-northeast-1", "kafka.m7g.large", 3, true, "min.insync.replicas=2"],
      };
      for (const [stack, [region, size, brokers, prod, minIsr]] of Object.entries(expected)) {
        const plan = plans[stack];
        const cluster = named(plan, "aws:msk/cluster:Cluster", "kafka");
        const info = cluster.inputs.brokerNodeGroupInfo as Record<string, unknown>;
        const subnets = plan.outputs.subnetIds as PrimaryStackOutputs["subnetIds"];
        expect(info.clientSubnets, stack).to.deep.equal(subnets.data);
        expect([info.instanceType, cluster.inputs.numberOfBrokerNodes], stack).to.deep.equal([size, brokers]);
        expect(cluster.options.protect, stack).to.equal(prod);
        expect(cluster.options.provider, stack).to.equal(providerRef(plan, region));
        const encryption = cluster.inputs.encryptionInfo as { encryptionAtRestKmsKeyArn: string };
        const streamingKey = named(plan, "aws:kms/key:Key", "keys-streaming");
        expect(encryption.encryptionAtRestKmsKeyArn, stack).to.contain(`:kms:${region}:`);
        expect(cluster.propertyDependencies.encryptionInfo, stack).to.include(streamingKey.urn);
        expect(
          named(plan, "aws:msk/configuration:Configuration", "kafka").inputs.serverProperties,
        ).to.contain(`${minIsr}\n`);
        expect(
          ofType(plan, "aws:msk/topic:Topic").map((t) => t.inputs.name),
          stack,
        ).to.deep.equal(SEED_TOPICS);
        expect(plan.outputs.kafkaTopicNames, stack).to.deep.equal(SEED_TOPICS);
        expect(Object.keys(plan.outputs.kafkaClientPolicyArns as object).sort(), stack).to.deep.equal([
          "api",
          "cmc",
          "shop",
        ]);
        expect(plan.outputs.kafkaReplicationSource, stack).to.equal(prod);
        expect(String(plan.outputs.kafkaBootstrapBrokersIam).split(",")).to.have.length(brokers);
      }
    });

    it("prod-tokyo replicates both ways: each replicator in its target's region, reading Taipei's cluster", () => {
      const tokyo = plans["prod-tokyo"];
      const taipei = plans["prod-taipei"];
      const toTokyo = named(
        tokyo,
        "aws:msk/replicator:Replicator",
        "kafka-replication-ap-east-2-to-ap-northeast-1",
      );
      const toTaipei = named(
        tokyo,
        "aws:msk/replicator:Replicator",
        "kafka-replication-ap-northeast-1-to-ap-east-2",
      );
      expect(toTokyo.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      expect(toTaipei.options.provider).to.equal(providerRef(tokyo, "ap-east-2"));
      const info = (replicator: PlanResource) =>
        replicator.inputs.replicationInfoList as {
          sourceKafkaClusterArn: string;
          targetKafkaClusterArn: string;
          topicReplications: { topicsToReplicates: string[]; topicNameConfiguration: { type: string } }[];
          consumerGroupReplications: { consumerGroupsToReplicates: string[] }[];
        };
      expect([info(toTokyo).sourceKafkaClusterArn, info(toTokyo).targetKafkaClusterArn]).to.deep.equal([
        taipei.outputs.kafkaClusterArn,
        tokyo.outputs.kafkaClusterArn,
      ]);
      expect([info(toTaipei).sourceKafkaClusterArn, info(toTaipei).targetKafkaClusterArn]).to.deep.equal([
        tokyo.outputs.kafkaClusterArn,
        taipei.outputs.kafkaClusterArn,
      ]);
      expect(info(toTokyo).topicReplications[0].topicsToReplicates).to.deep.equal(
        SEED_TOPICS.map((t) => `^${t}$`),
      );
      expect(info(toTokyo).topicReplications[0].topicNameConfiguration).to.deep.equal({ type: "IDENTICAL" });
      expect(info(toTokyo).consumerGroupReplications[0].consumerGroupsToReplicates).to.deep.equal([
        "^cmc-.*",
        "^shop-.*",
        "^api-.*",
      ]);
      // Taipei's brokers admit the replicators' Taipei-side groups, through the Taipei provider.
      const taipeiRules = ofType(tokyo, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
        (r) => r.inputs.securityGroupId === taipei.outputs.kafkaBrokerSecurityGroupId,
      );
      expect(taipeiRules).to.have.length(2);
      for (const rule of taipeiRules) {
        expect([rule.inputs.fromPort, rule.options.provider]).to.deep.equal([
          9098,
          providerRef(tokyo, "ap-east-2"),
        ]);
      }
      expect(Object.keys(tokyo.outputs.kafkaReplicatorArns as object)).to.deep.equal([
        "ap-east-2-to-ap-northeast-1",
        "ap-northeast-1-to-ap-east-2",
      ]);
      expect(ofType(taipei, "aws:msk/replicator:Replicator")).to.deep.equal([]);
      expect(ofType(plans.dev, "aws:msk/replicator:Replicator")).to.deep.equal([]);
      // Each cluster's stack owns its replication-source policy.
      for (const plan of [taipei, tokyo]) {
        expect(ofType(plan, "aws:msk/clusterPolicy:ClusterPolicy").map((p) => p.name)).to.deep.equal([
          "kafka-replication-source",
        ]);
      }
    });

    it("prod-tokyo refuses a primary whose cluster is not a replication source, before creating anything", async () => {
      const { recorder, error } = await runWith("prod-tokyo", stackFileValues("prod-tokyo"), {
        [PRIMARY_NAME]: { ...plans["prod-taipei"].outputs, kafkaReplicationSource: false },
      });
      expect(error?.name).to.equal("ConfigError");
      expect(error?.message).to.equal(
        "Invalid configuration for stack prod-tokyo:\n" +
          `  - platform:primaryStack: the Kafka cluster of ${PRIMARY_NAME} is not a replication source; MSK ` +
          "Replicator reads it from here only with multi-VPC connectivity: set platform:kafka.replicationSource to " +
          "true in its stack file and run `pulumi up` there first",
      );
      expect(recorder.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:StackReference"]);
    });

    describe("the brokers' Prometheus exporters (ADR 0033)", () => {
      const STACKS = ["dev", "prod-taipei", "prod-tokyo"];
      const cluster = (plan: StackPlan) => named(plan, "aws:msk/cluster:Cluster", "kafka");

      it("every region's managed collector scrapes its own brokers into its own workspace, from its data subnets", () => {
        for (const stack of STACKS) {
          const plan = plans[stack];
          const scraper = named(plan, "aws:amp/scraper:Scraper", "observability-msk");
          const group = named(plan, "aws:ec2/securityGroup:SecurityGroup", "observability-msk-scraper");
          const subnets = plan.outputs.subnetIds as PrimaryStackOutputs["subnetIds"];
          const region = String(plan.outputs.region);
          expect(scraper.inputs.source, stack).to.deep.equal({
            vpc: { subnetIds: subnets.data, securityGroupIds: [group.id] },
          });
          expect(subnets.data.length, stack).to.be.at.least(2);
          expect(scraper.inputs.destination, stack).to.deep.equal({
            amp: { workspaceArn: plan.outputs.prometheusWorkspaceArn },
          });
          expect(String(plan.outputs.prometheusWorkspaceArn), stack).to.contain(`:aps:${region}:`);
          expect(scraper.options.provider, stack).to.equal(providerRef(plan, region));
          expect(group.inputs.vpcId, stack).to.equal(plan.outputs.vpcId);
          const info = cluster(plan).inputs.brokerNodeGroupInfo as Record<string, unknown>;
          expect(info.clientSubnets, stack).to.deep.equal(subnets.data);
          expect(cluster(plan).inputs.openMonitoring, stack).to.deep.equal({
            prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } },
          });
          // Every broker of this stack's cluster, on both exporter ports, and nothing else.
          const hosts = String(plan.outputs.kafkaBootstrapBrokersIam)
            .split(",")
            .map((entry) => entry.split(":")[0]);
          const config = String(scraper.inputs.scrapeConfiguration);
          const targets = [...config.matchAll(/^ {10}- (\S+)$/gm)].map((m) => m[1]);
          expect(targets, stack).to.deep.equal([...hosts, ...hosts]);
          expect(
            [...config.matchAll(/port: (\d+)/g)].map((m) => m[1]),
            stack,
          ).to.deep.equal(["11001", "11002"]);
          expect(config, stack).to.contain(`kafka_cluster: ${plan.outputs.kafkaClusterName}`);
        }
      });

      it("the broker group admits the exporter ports from the collector's group only, and no CIDR", () => {
        for (const stack of STACKS) {
          const plan = plans[stack];
          const brokers = named(plan, "aws:ec2/securityGroup:SecurityGroup", "kafka-brokers");
          const collector = named(plan, "aws:ec2/securityGroup:SecurityGroup", "observability-msk-scraper");
          const onBrokers = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
            (rule) => rule.inputs.securityGroupId === brokers.id,
          );
          const exporterRules = onBrokers.filter((rule) => Number(rule.inputs.toPort) >= 11001);
          expect(
            exporterRules.map((rule) => [
              rule.inputs.fromPort,
              rule.inputs.toPort,
              rule.inputs.referencedSecurityGroupId,
            ]),
            stack,
          ).to.deep.equal([
            [11001, 11001, collector.id],
            [11002, 11002, collector.id],
          ]);
          for (const rule of onBrokers) {
            expect(
              [rule.inputs.cidrIpv4, rule.inputs.cidrIpv6, rule.inputs.prefixListId],
              stack,
            ).to.deep.equal([undefined, undefined, undefined]);
          }
          const egress = ofType(plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(
            (rule) => rule.inputs.securityGroupId === collector.id,
          );
          expect(
            egress.map((rule) => [
              rule.inputs.fromPort,
              rule.inputs.toPort,
              rule.inputs.referencedSecurityGroupId,
            ]),
            stack,
          ).to.deep.equal([[11001, 11002, brokers.id]]);
        }
      });

      it("openMonitoring: false turns off both exporters and creates no collector", async () => {
        const values = stackFileValues("dev");
        const kafka = values["platform:kafka"] as Record<string, unknown>;
        const { recorder, error } = await runWith("dev", {
          ...values,
          "platform:kafka": { ...kafka, openMonitoring: false },
        });
        expect(error).to.equal(undefined);
        expect(recorder.find("aws:msk/cluster:Cluster", "kafka").inputs["openMonitoring"]).to.deep.equal({
          prometheus: { jmxExporter: { enabledInBroker: false }, nodeExporter: { enabledInBroker: false } },
        });
        expect(recorder.byType("aws:amp/scraper:Scraper").map((r) => r.name)).to.deep.equal([
          "observability",
        ]);
        expect(
          recorder
            .byType("aws:ec2/securityGroup:SecurityGroup")
            .filter((r) => r.name.includes("msk-scraper")),
        ).to.deep.equal([]);
        const rules = recorder.find(
          "aws:amp/ruleGroupNamespace:RuleGroupNamespace",
          "observability-platform",
        );
        expect(String(rules.inputs["data"])).not.to.contain("MskExporterAbsent");
      });
    });
  });
});
