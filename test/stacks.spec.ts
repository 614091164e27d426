import { expect } from "chai";
import * as path from "path";
import { ConfigError } from "../stacks/config";
import { PrimaryStackOutputs, SecondaryStackOutputs } from "../stacks/contract";
import { runPlatform } from "../stacks/program";
import { installPlanMocks, PlanRecorder } from "../tools/plan/mocks";
import { PlanResource, planStack, StackPlan } from "../tools/plan/run";
import { tagCoverage } from "../policy-packs/tagging/coverage";
import { configMap, stackFileValues } from "./support/config";

const ROOT = path.resolve(__dirname, "..");
const PRIMARY_NAME = "kimkao/platform/prod-taipei";

// Every key of the contracts, spelled out so that a field added to the interface without being exported (or the
// other way round) fails here. `satisfies` keeps these lists in step with the interfaces at type-check time.
const PRIMARY_KEYS = [
  "region",
  "environment",
  "vpcId",
  "vpcCidr",
  "privateRouteTableIds",
  "subnetIds",
  "dbSubnetGroupName",
  "subnetPlan",
  "logsKeyArn",
  "kafkaClusterArn",
  "kafkaClusterName",
  "kafkaBootstrapBrokersIam",
  "kafkaBrokerSecurityGroupId",
  "kafkaClientPolicyArns",
  "kafkaTopicNames",
  "kafkaReplicationSource",
  "databaseGlobalClusterId",
  "databaseGlobalWriterEndpoint",
  "databaseClusterArn",
  "databaseClusterId",
  "databaseWriterEndpoint",
  "databaseReaderEndpoint",
  "databasePort",
  "databaseSecurityGroupId",
  "databaseSecretArn",
  "databaseKmsKeyArn",
  "databaseWriterRegion",
  "alarmTopicArn",
  "prometheusWorkspaceId",
  "prometheusWorkspaceArn",
  "prometheusRemoteWriteUrl",
  "dashboardName",
  "monitoredResources",
  "eksClusterName",
  "eksClusterEndpoint",
  "eksOidcProviderArn",
  "eksOidcProviderUrl",
  "eksNodeSecurityGroupId",
  "kubeconfig",
] as const satisfies readonly (keyof PrimaryStackOutputs)[];
const SECONDARY_KEYS = [
  ...PRIMARY_KEYS,
  "primaryStack",
  "peeringConnectionId",
  "kafkaReplicatorArns",
  "crossRegionDashboardName",
  // Only where the region offers Managed Grafana (Tokyo; not Taipei, ADR 0016).
  "grafanaUrl",
] as const satisfies readonly (keyof SecondaryStackOutputs)[];
/** Outputs of the one stack that owns the account's GitHub CI roles (`platform:ciAccess`, prod-taipei). */
const CI_ACCESS_KEYS = ["ciAccess"] as const satisfies readonly (keyof PrimaryStackOutputs)[];

function ofType(plan: StackPlan, type: string): PlanResource[] {
  return plan.resources.filter((r) => r.type === type);
}

function named(plan: StackPlan, type: string, name: string): PlanResource {
  const found = plan.resources.find((r) => r.type === type && r.name === name);
  if (found === undefined) {
    throw new Error(`${type}::${name} not in the plan of ${plan.stack}`);
  }
  return found;
}

/** The provider reference (`urn::id`) of the provider whose `region` input is `region`. */
function providerRef(plan: StackPlan, region: string): string {
  const provider = ofType(plan, "pulumi:providers:aws").find((p) => p.inputs.region === region);
  if (provider === undefined) {
    throw new Error(`no aws provider for ${region} in ${plan.stack}`);
  }
  const ref = plan.resources.flatMap((r) =>
    r.options.provider?.startsWith(`${provider.urn}::`) ? [r] : [],
  )[0];
  return ref?.options.provider ?? `${provider.urn}::`;
}

/** NAT gateway ids as the VPC's default routes use them (the plan lists inputs, not ids). */
function natGatewayIds(plan: StackPlan): string[] {
  return ofType(plan, "aws:ec2/route:Route")
    .flatMap((r) => (typeof r.inputs.natGatewayId === "string" ? [r.inputs.natGatewayId] : []))
    .filter((id, index, all) => all.indexOf(id) === index);
}

function subnetCidrs(plan: StackPlan, tier: string): [string, string][] {
  return ofType(plan, "aws:ec2/subnet:Subnet")
    .filter((s) => (s.inputs.tags as Record<string, string>).Tier === tier)
    .map((s) => [s.inputs.availabilityZone as string, s.inputs.cidrBlock as string]);
}

/** Runs the program directly under fresh mocks with the given config, for failure cases. */
async function runWith(
  stack: string,
  values: Record<string, unknown>,
  stackOutputs: Record<string, Record<string, unknown>> = {},
): Promise<{ recorder: PlanRecorder; error?: Error }> {
  const recorder = installPlanMocks({ project: "platform", stack, config: configMap(values), stackOutputs });
  let error: Error | undefined;
  try {
    await runPlatform();
  } catch (err) {
    error = err as Error;
  }
  await recorder.settled();
  return { recorder, error };
}

describe("stacks", function () {
  this.timeout(60_000);
  const plans: Record<string, StackPlan> = {};

  before(async () => {
    for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
      plans[stack] = await planStack(ROOT, stack);
    }
  });

  describe("prod-taipei (primary)", () => {
    it("is a Taipei VPC of 10.0.0.0/16 with the seed's data subnets in three zones", () => {
      const plan = plans["prod-taipei"];
      expect(plan.region).to.equal("ap-east-2");
      expect(ofType(plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).to.deep.equal(["10.0.0.0/16"]);
      expect(subnetCidrs(plan, "data")).to.deep.equal([
        ["ap-east-2a", "10.0.1.0/24"],
        ["ap-east-2b", "10.0.2.0/24"],
        ["ap-east-2c", "10.0.3.0/24"],
      ]);
      expect(subnetCidrs(plan, "workload")).to.deep.equal([
        ["ap-east-2a", "10.0.32.0/19"],
        ["ap-east-2b", "10.0.64.0/19"],
        ["ap-east-2c", "10.0.96.0/19"],
      ]);
    });

    it("runs a NAT gateway per zone, flow logs of all traffic and the private-EKS endpoints", () => {
      const plan = plans["prod-taipei"];
      expect(ofType(plan, "aws:ec2/natGateway:NatGateway").map((n) => n.name)).to.have.members([
        "network-nat-a",
        "network-nat-b",
        "network-nat-c",
      ]);
      expect(ofType(plan, "aws:ec2/flowLog:FlowLog").map((f) => f.inputs.trafficType)).to.deep.equal(["ALL"]);
      const services = ofType(plan, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName);
      expect(services).to.have.members(
        ["s3", "dynamodb", "ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks"].map(
          (service) => `com.amazonaws.ap-east-2.${service}`,
        ),
      );
    });

    it("has no subnet that maps public IPs", () => {
      for (const stack of Object.keys(plans)) {
        for (const subnet of ofType(plans[stack], "aws:ec2/subnet:Subnet")) {
          expect(subnet.inputs.mapPublicIpOnLaunch, `${stack} ${subnet.name}`).to.equal(false);
        }
      }
    });

    it("creates every AWS resource through the one regional provider, whose default tags carry the platform tags", () => {
      const plan = plans["prod-taipei"];
      const providers = ofType(plan, "pulumi:providers:aws");
      expect(providers.map((p) => p.name)).to.deep.equal(["aws-ap-east-2"]);
      // Provider inputs reach the engine as JSON text for nested values, as they do in a real preview.
      expect(JSON.parse(providers[0].inputs.defaultTags as string)).to.deep.equal({
        tags: {
          Owner: "platform-team",
          CostCenter: "CC-1001",
          Project: "platform",
          Environment: "prod",
          Region: "ap-east-2",
          ManagedBy: "pulumi",
        },
      });
      const ref = providerRef(plan, "ap-east-2");
      for (const resource of plan.resources.filter((r) => r.type.startsWith("aws:"))) {
        expect(resource.options.provider, `${resource.type}::${resource.name}`).to.equal(ref);
      }
    });

    it("references no other stack and exports exactly the primary contract", () => {
      const plan = plans["prod-taipei"];
      expect(ofType(plan, "pulumi:pulumi:StackReference")).to.deep.equal([]);
      expect(Object.keys(plan.outputs)).to.have.members([...PRIMARY_KEYS, ...CI_ACCESS_KEYS]);
      expect(plan.outputs.vpcCidr).to.equal("10.0.0.0/16");
      const routeTables = plan.outputs.privateRouteTableIds as PrimaryStackOutputs["privateRouteTableIds"];
      expect(Object.keys(routeTables.data)).to.deep.equal(["ap-east-2a", "ap-east-2b", "ap-east-2c"]);
      expect(Object.keys(routeTables.workload)).to.deep.equal(["ap-east-2a", "ap-east-2b", "ap-east-2c"]);
    });
  });

  describe("dev (primary)", () => {
    it("is a cheap two-zone VPC with one NAT gateway that overlaps neither production VPC", () => {
      const plan = plans.dev;
      expect(ofType(plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).to.deep.equal(["10.20.0.0/16"]);
      expect(ofType(plan, "aws:ec2/natGateway:NatGateway").map((n) => n.name)).to.deep.equal([
        "network-nat-a",
      ]);
      expect(subnetCidrs(plan, "data").map(([zone]) => zone)).to.deep.equal(["ap-east-2a", "ap-east-2b"]);
      expect(ofType(plan, "pulumi:pulumi:StackReference")).to.deep.equal([]);
      expect(Object.keys(plan.outputs)).to.have.members([...PRIMARY_KEYS]);
    });
  });

  describe("prod-tokyo (secondary)", () => {
    it("reads prod-taipei through one StackReference and exports the secondary contract", () => {
      const plan = plans["prod-tokyo"];
      const references = ofType(plan, "pulumi:pulumi:StackReference");
      expect(references.map((r) => [r.name, r.inputs.name])).to.deep.equal([["primary", PRIMARY_NAME]]);
      expect(Object.keys(plan.outputs)).to.have.members([...SECONDARY_KEYS]);
      expect(plan.outputs.primaryStack).to.equal(PRIMARY_NAME);
      expect(ofType(plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).to.deep.equal(["10.1.0.0/16"]);
      expect(subnetCidrs(plan, "data")).to.deep.equal([
        ["ap-northeast-1a", "10.1.1.0/24"],
        ["ap-northeast-1c", "10.1.2.0/24"],
        ["ap-northeast-1d", "10.1.3.0/24"],
      ]);
    });

    it("requests the peering from Tokyo to Taipei's planned VPC and accepts it with a Taipei provider", () => {
      const tokyo = plans["prod-tokyo"];
      const taipei = plans["prod-taipei"];
      const request = named(tokyo, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering-ap-east-2");
      expect(request.inputs).to.include({
        peerRegion: "ap-east-2",
        peerVpcId: taipei.outputs.vpcId,
        vpcId: tokyo.outputs.vpcId,
        autoAccept: false,
      });
      expect(request.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      const accepter = named(
        tokyo,
        "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
        "peering-ap-east-2-accepter",
      );
      expect(accepter.inputs.autoAccept).to.equal(true);
      expect(accepter.options.provider).to.equal(providerRef(tokyo, "ap-east-2"));
      const taipeiProvider = ofType(tokyo, "pulumi:providers:aws").find(
        (p) => p.inputs.region === "ap-east-2",
      );
      expect(JSON.parse(taipeiProvider?.inputs.defaultTags as string).tags.Region).to.equal("ap-east-2");
    });

    it("routes both sides' data and workload route tables to the peer CIDR", () => {
      const tokyo = plans["prod-tokyo"];
      const taipeiTables = plans["prod-taipei"].outputs
        .privateRouteTableIds as PrimaryStackOutputs["privateRouteTableIds"];
      const tokyoTables = tokyo.outputs.privateRouteTableIds as PrimaryStackOutputs["privateRouteTableIds"];
      const routes = ofType(tokyo, "aws:ec2/route:Route").filter((r) => r.name.startsWith("peering-"));
      const routesTo = (cidr: string) =>
        routes
          .filter((r) => r.inputs.destinationCidrBlock === cidr)
          .map((r) => r.inputs.routeTableId as string)
          .sort();
      const tablesOf = (tables: PrimaryStackOutputs["privateRouteTableIds"]) =>
        [...Object.values(tables.data), ...Object.values(tables.workload)].sort();
      expect(routesTo("10.1.0.0/16")).to.deep.equal(tablesOf(taipeiTables));
      expect(routesTo("10.0.0.0/16")).to.deep.equal(tablesOf(tokyoTables));
      expect(routes).to.have.length(12);
      for (const route of routes) {
        expect(route.inputs.vpcPeeringConnectionId).to.equal(tokyo.outputs.peeringConnectionId);
        const side = route.inputs.destinationCidrBlock === "10.1.0.0/16" ? "ap-east-2" : "ap-northeast-1";
        expect(route.options.provider, route.name).to.equal(providerRef(tokyo, side));
      }
    });

    it("fails, registering nothing but the stack reference, when the primary lacks an output it needs", async () => {
      const taipei = plans["prod-taipei"];
      const withoutRoutes = { ...taipei.outputs };
      delete withoutRoutes.privateRouteTableIds;
      const { recorder, error } = await runWith("prod-tokyo", stackFileValues("prod-tokyo"), {
        [PRIMARY_NAME]: withoutRoutes,
      });
      expect(error?.message).to.equal(
        `primary stack ${PRIMARY_NAME} has no output "privateRouteTableIds": run \`pulumi up\` on ${PRIMARY_NAME} ` +
          "first, and check that platform:primaryStack names the primary",
      );
      expect(recorder.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:StackReference"]);
    });
  });

  describe("Aurora global database", () => {
    const CLUSTER = "aws:rds/cluster:Cluster";
    const GLOBAL = "aws:rds/globalCluster:GlobalCluster";

    it("prod-taipei creates the global cluster and an encrypted Serverless v2 writer cluster with two instances", () => {
      const plan = plans["prod-taipei"];
      const global = named(plan, GLOBAL, "database-global");
      expect(global.inputs).to.include({
        globalClusterIdentifier: "database-prod",
        engine: "aurora-postgresql",
        engineVersion: "17.5",
        storageEncrypted: true,
        deletionProtection: true,
      });
      expect(global.options.protect).to.equal(true);
      const cluster = named(plan, CLUSTER, "database");
      expect(cluster.inputs).to.include({
        clusterIdentifier: "database-prod-ap-east-2",
        globalClusterIdentifier: "database-prod",
        kmsKeyId: plan.outputs.databaseKmsKeyArn,
        storageEncrypted: true,
        masterPassword: "[secret]",
        backupRetentionPeriod: 35,
        dbSubnetGroupName: plan.outputs.dbSubnetGroupName,
      });
      expect(cluster.inputs.serverlessv2ScalingConfiguration).to.deep.equal({
        minCapacity: 2,
        maxCapacity: 64,
      });
      expect(String(cluster.inputs.kmsKeyId)).to.match(/^arn:aws:kms:ap-east-2:\d{12}:key\//);
      expect(cluster.options.protect).to.equal(true);
      expect(
        ofType(plan, "aws:rds/clusterInstance:ClusterInstance").map(
          (i) => `${i.name} ${String(i.inputs.availabilityZone)} ${String(i.inputs.instanceClass)}`,
        ),
      ).to.have.members(["database-a ap-east-2a db.serverless", "database-b ap-east-2b db.serverless"]);
      expect(
        ofType(plan, "aws:rds/clusterParameterGroup:ClusterParameterGroup").map((g) => g.name),
      ).to.deep.equal(["database"]);
      expect(named(plan, "aws:iam/role:Role", "database-monitoring").inputs.assumeRolePolicy).to.include(
        "monitoring.rds.amazonaws.com",
      );
      expect(named(plan, "aws:secretsmanager/secret:Secret", "database-master").inputs.kmsKeyId).to.equal(
        cluster.inputs.kmsKeyId,
      );
    });

    it("prod-tokyo joins the primary's planned global cluster with its own key, ignoring what a failover changes", () => {
      const taipei = plans["prod-taipei"];
      const tokyo = plans["prod-tokyo"];
      expect(ofType(tokyo, GLOBAL)).to.deep.equal([]);
      expect(
        ofType(tokyo, "aws:secretsmanager/secret:Secret").filter((s) => s.name.startsWith("database")),
      ).to.deep.equal([]);
      const cluster = named(tokyo, CLUSTER, "database");
      expect(cluster.inputs.globalClusterIdentifier).to.equal(taipei.outputs.databaseGlobalClusterId);
      expect(cluster.inputs.globalClusterIdentifier).to.equal("database-prod");
      expect(cluster.inputs.kmsKeyId).to.equal(tokyo.outputs.databaseKmsKeyArn);
      expect(String(cluster.inputs.kmsKeyId)).to.match(/^arn:aws:kms:ap-northeast-1:/);
      expect(cluster.inputs).to.not.have.any.keys("masterUsername", "masterPassword");
      expect(cluster.options.ignoreChanges).to.include.members([
        "replicationSourceIdentifier",
        "globalClusterIdentifier",
      ]);
      expect(cluster.options.protect).to.equal(true);
      expect(cluster.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      expect(tokyo.outputs.databaseSecretArn).to.equal(taipei.outputs.databaseSecretArn);
      expect(tokyo.outputs.databaseGlobalWriterEndpoint).to.equal(
        taipei.outputs.databaseGlobalWriterEndpoint,
      );
      expect(tokyo.outputs.databaseWriterRegion).to.equal("ap-east-2");
      expect(tokyo.outputs.databaseClusterId).to.equal("database-prod-ap-northeast-1");
    });

    it("dev runs one small instance, unprotected, as the primary of its own global cluster", () => {
      const dev = plans["dev"];
      expect(named(dev, GLOBAL, "database-global").inputs.globalClusterIdentifier).to.equal("database-dev");
      expect(ofType(dev, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.name)).to.deep.equal([
        "database-a",
      ]);
      expect(named(dev, CLUSTER, "database").options.protect).to.equal(false);
      expect(dev.outputs.databaseWriterRegion).to.equal("ap-east-2");
    });

    it("exports secret ARNs and endpoints, never the password", () => {
      for (const stack of Object.keys(plans)) {
        const outputs = plans[stack].outputs;
        expect(String(outputs.databaseSecretArn), stack).to.match(/^arn:aws:secretsmanager:ap-east-2:/);
        expect(outputs.databasePort, stack).to.equal(5432);
        expect(JSON.stringify(outputs), stack).to.not.match(/"password"/i);
      }
    });

    it("rejects a secondary's writer region outside its global database before creating anything", async () => {
      const values = stackFileValues("prod-tokyo");
      const database = values["platform:database"] as Record<string, unknown>;
      const { recorder, error } = await runWith(
        "prod-tokyo",
        { ...values, "platform:database": { ...database, writerRegion: "ap-southeast-1" } },
        { [PRIMARY_NAME]: plans["prod-taipei"].outputs },
      );
      expect(error?.message).to.equal(
        "platform:database.writerRegion is ap-southeast-1, which has no cluster of this global database; use one of " +
          "ap-east-2, ap-northeast-1 (npm run db:switchover prints the value to set), or remove it to mean ap-east-2",
      );
      expect(
        recorder.resources.filter((r) => r.custom && !r.read && r.type.startsWith("aws:")),
      ).to.deep.equal([]);
    });
  });

  describe("regional KMS keys", () => {
    it("every stack has its own region's four keys with rotation, protected in prod only", () => {
      const expected: Record<string, [string, boolean]> = {
        dev: ["ap-east-2", false],
        "prod-taipei": ["ap-east-2", true],
        "prod-tokyo": ["ap-northeast-1", true],
      };
      for (const [stack, [region, protect]] of Object.entries(expected)) {
        const plan = plans[stack];
        const keys = ofType(plan, "aws:kms/key:Key").filter((k) => k.name.startsWith("keys-"));
        expect(keys.map((k) => k.name).sort(), stack).to.deep.equal([
          "keys-database",
          "keys-kubernetes",
          "keys-logs",
          "keys-streaming",
        ]);
        for (const key of keys) {
          expect(key.inputs.enableKeyRotation, `${stack} ${key.name}`).to.equal(true);
          expect(key.options.protect, `${stack} ${key.name}`).to.equal(protect);
          expect(key.options.provider, `${stack} ${key.name}`).to.equal(providerRef(plan, region));
        }
        const environment = stack === "dev" ? "dev" : "prod";
        expect(named(plan, "aws:kms/alias:Alias", "keys-database").inputs.name, stack).to.equal(
          `alias/platform/${environment}/${region}/database`,
        );
      }
    });
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
      expect(error?.message).to.equal(
        `the Kafka cluster of primary stack ${PRIMARY_NAME} is not a replication source: set ` +
          "platform:kafka.replicationSource to true in its stack file and run `pulumi up` there first",
      );
      expect(recorder.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:StackReference"]);
    });
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
        const subscriptions = ofType(plan, "aws:sns/topicSubscription:TopicSubscription");
        expect(
          subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]),
          stack,
        ).to.deep.equal([["email", email, plan.outputs.alarmTopicArn]]);
      }
    });

    it("wires every alarm to its own region's topic on ALARM and OK; Tokyo alarms the replicator into Taipei in Taipei", () => {
      const tokyo = plans["prod-tokyo"];
      const taipeiTopic = plans["prod-taipei"].outputs.alarmTopicArn;
      for (const stack of Object.keys(plans)) {
        const plan = plans[stack];
        const alarms = ofType(plan, ALARM);
        expect(alarms.length, stack).to.be.greaterThan(10);
        for (const alarm of alarms) {
          const inTaipei = alarm.name.startsWith("replication-alarms-ap-east-2-");
          const topic = inTaipei ? taipeiTopic : plan.outputs.alarmTopicArn;
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

  describe("GitHub CI access", () => {
    const GITHUB_CI_ACCESS = "platform:security:GithubCiAccess";

    it("is owned by prod-taipei alone: one OIDC provider (protected) and the two roles, exported", () => {
      expect(ofType(plans.dev, GITHUB_CI_ACCESS)).to.deep.equal([]);
      expect(ofType(plans["prod-tokyo"], GITHUB_CI_ACCESS)).to.deep.equal([]);
      const plan = plans["prod-taipei"];
      expect(ofType(plan, GITHUB_CI_ACCESS).map((c) => c.name)).to.deep.equal(["ci-access"]);
      const oidc = ofType(plan, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
      expect(oidc.map((o) => [o.name, o.inputs.url, o.options.protect])).to.deep.equal([
        ["ci-access-github", "https://token.actions.githubusercontent.com", true],
      ]);
      for (const [role, name] of [
        ["ci-access-preview", "platform-github-preview"],
        ["ci-access-deploy", "platform-github-deploy"],
      ]) {
        const resource = named(plan, "aws:iam/role:Role", role);
        expect(resource.inputs.name).to.equal(name);
        expect(resource.options.provider).to.equal(providerRef(plan, "ap-east-2"));
      }
      expect(plan.outputs.ciAccess).to.deep.equal({
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        previewRoleArn: "arn:aws:iam::123456789012:role/platform-github-preview",
        deployRoleArn: "arn:aws:iam::123456789012:role/platform-github-deploy",
      });
    });

    it("lets the deploy role administer every stack's cluster, once; the preview role none", () => {
      const deployRole = "arn:aws:iam::123456789012:role/platform-github-deploy";
      for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
        const admins = ofType(plans[stack], "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter(
          (a) => a.inputs.policyArn === "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        );
        const principals = admins.map((a) => a.inputs.principalArn);
        expect(
          principals.filter((p) => p === deployRole),
          stack,
        ).to.have.length(1);
        const entries = ofType(plans[stack], "aws:eks/accessEntry:AccessEntry").map(
          (e) => e.inputs.principalArn,
        );
        expect(
          entries.filter((p) => String(p).includes("github-preview")),
          stack,
        ).to.deep.equal([]);
      }
    });

    it("trusts pull requests for previews, and main and the prod environments for deployments", () => {
      const plan = plans["prod-taipei"];
      const subjects = (role: string) => {
        const policy = JSON.parse(named(plan, "aws:iam/role:Role", role).inputs.assumeRolePolicy as string);
        return policy.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
      };
      expect(subjects("ci-access-preview")).to.equal("repo:kimkao/platform:pull_request");
      expect(subjects("ci-access-deploy")).to.deep.equal([
        "repo:kimkao/platform:ref:refs/heads/main",
        "repo:kimkao/platform:environment:prod-taipei",
        "repo:kimkao/platform:environment:prod-tokyo",
      ]);
    });
  });

  describe("invalid config", () => {
    it("fails with one ConfigError and registers nothing", async () => {
      const values = stackFileValues("prod-taipei");
      const network = values["platform:network"] as Record<string, unknown>;
      const { recorder, error } = await runWith("prod-taipei", {
        ...values,
        "platform:role": "tertiary",
        "platform:network": {
          ...network,
          egress: "nat-per-az",
          tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
        },
      });
      expect(error).to.be.instanceOf(ConfigError);
      expect(error?.message.split("\n")).to.deep.equal([
        "Invalid configuration for stack prod-taipei:",
        '  - platform:role: "tertiary" is not an allowed role; use primary (owns the global resources) or secondary (joins a primary)',
        "  - platform:network.egress: nat-per-az places NAT gateways in edge subnets, and none are configured; add tiers.edge (e.g. prefixLength 26) or set egress to none",
      ]);
      expect(recorder.resources).to.deep.equal([]);
    });

    it("reports a secondary whose CIDR overlaps its primary's, having read only the stack reference", async () => {
      const values = stackFileValues("prod-tokyo");
      const network = values["platform:network"] as Record<string, unknown>;
      const { recorder, error } = await runWith(
        "prod-tokyo",
        {
          ...values,
          "platform:network": {
            ...network,
            cidr: "10.0.128.0/17",
            tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 }, edge: { prefixLength: 26 } },
          },
        },
        { [PRIMARY_NAME]: plans["prod-taipei"].outputs },
      );
      expect(error).to.be.instanceOf(ConfigError);
      expect(error?.message).to.contain(
        "platform:network.cidr: 10.0.128.0/17 overlaps 10.0.0.0/16, the VPC CIDR of the primary kimkao/platform/prod-taipei",
      );
      expect(recorder.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:StackReference"]);
    });
  });

  describe("adding a region", () => {
    it("needs only a stack file: a Singapore secondary of prod-taipei plans with its own peering", async () => {
      const values = stackFileValues("prod-tokyo");
      const { recorder, error } = await runWith(
        "prod-singapore",
        {
          ...values,
          "aws:region": "ap-southeast-1",
          "platform:network": {
            cidr: "10.2.0.0/16",
            availabilityZones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
            tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 }, edge: { prefixLength: 26 } },
          },
        },
        { [PRIMARY_NAME]: plans["prod-taipei"].outputs },
      );
      expect(error).to.equal(undefined);
      const peering = recorder.find("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering-ap-east-2");
      expect(peering.inputs.peerRegion).to.equal("ap-east-2");
      const toSingapore = recorder
        .byType("aws:ec2/route:Route")
        .filter((r) => r.inputs.destinationCidrBlock === "10.2.0.0/16");
      expect(toSingapore).to.have.length(6);
      // Its database cluster joins the primary's global cluster, and Kafka replicates both ways with Taipei.
      const taipei = plans["prod-taipei"].outputs;
      const clusters = recorder.byType("aws:rds/cluster:Cluster");
      expect(clusters.map((c) => c.inputs.globalClusterIdentifier)).to.deep.equal([
        taipei.databaseGlobalClusterId,
      ]);
      expect(
        recorder
          .byType("aws:msk/replicator:Replicator")
          .map((r) => r.inputs.replicatorName)
          .sort(),
      ).to.deep.equal([
        "platform-prod-ap-east-2-to-ap-southeast-1",
        "platform-prod-ap-southeast-1-to-ap-east-2",
      ]);
      expect(recorder.errors).to.deep.equal([]);
    });
  });

  describe("EKS platform", () => {
    const CLUSTERS: Record<string, string> = {
      dev: "platform-dev-ap-east-2",
      "prod-taipei": "platform-prod-ap-east-2",
      "prod-tokyo": "platform-prod-ap-northeast-1",
    };

    it("runs a private cluster named after the environment and region in every stack, its kubeconfig a secret output", () => {
      for (const [stack, clusterName] of Object.entries(CLUSTERS)) {
        const plan = plans[stack];
        const cluster = named(plan, "eks:index:Cluster", "eks-cluster");
        expect(cluster.inputs, stack).to.deep.include({
          name: clusterName,
          version: "1.35",
          endpointPrivateAccess: true,
          endpointPublicAccess: false,
          authenticationMode: "API",
          skipDefaultNodeGroup: true,
        });
        expect(String(cluster.inputs.encryptionConfigKeyArn), stack).to.match(
          /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//,
        );
        expect(cluster.inputs.privateSubnetIds, stack).to.deep.equal(
          (plan.outputs.subnetIds as { workload: string[] }).workload,
        );
        expect(plan.outputs.eksClusterName, stack).to.equal(clusterName);
        expect(plan.outputs.kubeconfig, stack).to.equal("[secret]");
        expect(cluster.options.protect, stack).to.equal(stack !== "dev");
      }
    });

    it("tags the workload and edge subnets with the cluster, so the Load Balancer Controller finds them", () => {
      const plan = plans["prod-taipei"];
      for (const subnet of ofType(plan, "aws:ec2/subnet:Subnet")) {
        const tags = subnet.inputs.tags as Record<string, string>;
        const expected = tags.Tier === "data" ? undefined : "shared";
        expect(tags["kubernetes.io/cluster/platform-prod-ap-east-2"], subnet.name).to.equal(expected);
      }
    });

    it("runs one small Spot group in dev, Graviton plus a tainted x86 fallback in prod", () => {
      const groups = (stack: string) =>
        ofType(plans[stack], "eks:index:ManagedNodeGroup").map((g) => [
          g.name,
          g.inputs.amiType,
          g.inputs.capacityType,
          g.inputs.scalingConfig,
        ]);
      expect(groups("dev")).to.deep.equal([
        ["eks-graviton", "AL2023_ARM_64_STANDARD", "SPOT", { minSize: 1, desiredSize: 2, maxSize: 4 }],
      ]);
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        expect(groups(stack), stack).to.have.deep.members([
          [
            "eks-graviton",
            "AL2023_ARM_64_STANDARD",
            "ON_DEMAND",
            { minSize: 3, desiredSize: 3, maxSize: 12 },
          ],
          [
            "eks-x86-fallback",
            "AL2023_x86_64_STANDARD",
            "ON_DEMAND",
            { minSize: 0, desiredSize: 0, maxSize: 6 },
          ],
        ]);
      }
    });

    it("makes the CI deploy role a cluster admin: from ciAccess where it is owned, from config elsewhere", () => {
      const principals = (stack: string) =>
        ofType(plans[stack], "aws:eks/accessEntry:AccessEntry")
          .map((e) => e.name)
          .sort();
      expect(principals("prod-taipei")).to.deep.equal([
        "eks-admin-ci-deploy",
        "eks-admin-role-platform-admin",
      ]);
      expect(principals("dev")).to.deep.equal([
        "eks-admin-role-platform-admin",
        "eks-admin-role-platform-github-deploy",
      ]);
      const deploy = named(plans["prod-taipei"], "aws:eks/accessEntry:AccessEntry", "eks-admin-ci-deploy");
      expect(deploy.inputs.principalArn).to.equal(
        (plans["prod-taipei"].outputs.ciAccess as { deployRoleArn: string }).deployRoleArn,
      );
    });

    it("admits the nodes' security group to Aurora and MSK, and nothing else", () => {
      for (const stack of Object.keys(CLUSTERS)) {
        const plan = plans[stack];
        const nodes = plan.outputs.eksNodeSecurityGroupId;
        const admitted = (groupId: unknown) =>
          ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.inputs.securityGroupId === groupId)
            .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort]);
        expect(admitted(plan.outputs.databaseSecurityGroupId), stack).to.deep.equal([[nodes, 5432]]);
        expect(admitted(plan.outputs.kafkaBrokerSecurityGroupId), stack).to.deep.include([nodes, 9098]);
      }
    });

    it("binds the seed's application service accounts to their MSK, Aurora and S3 permissions", () => {
      const plan = plans["prod-taipei"];
      const policies = plan.outputs.kafkaClientPolicyArns as Record<string, string>;
      const associations = ofType(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation")
        .filter((a) => a.name.startsWith("app-"))
        .map((a) => [a.name, a.inputs.namespace, a.inputs.serviceAccount]);
      expect(associations).to.have.deep.members([
        ["app-api", "apps", "api"],
        ["app-shop", "apps", "shop"],
        ["app-cmc", "apps", "cmc"],
      ]);
      for (const app of ["api", "shop", "cmc"]) {
        expect(
          named(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `app-${app}-kafka`).inputs
            .policyArn,
        ).to.equal(policies[app]);
        expect(
          named(plan, "kubernetes:core/v1:ServiceAccount", `app-${app}`).inputs.metadata,
        ).to.deep.include({
          name: app,
          namespace: "apps",
        });
      }
      const connect = JSON.parse(
        named(plan, "aws:iam/rolePolicy:RolePolicy", "app-api-database-connect").inputs.policy as string,
      ) as { Statement: { Action: string; Resource: string }[] };
      // Only this region's cluster (its resource id), only the application's database user.
      const cluster = plan.resources.find((r) => r.type === "aws:rds/cluster:Cluster");
      expect(cluster?.state?.clusterResourceId).to.match(/^cluster-[A-Z0-9]+$/);
      expect(connect.Statement[0]).to.deep.include({
        Action: "rds-db:connect",
        Resource: `arn:aws:rds-db:ap-east-2:123456789012:dbuser:${cluster?.state?.clusterResourceId}/app_api`,
      });
      const assets = JSON.parse(
        named(plan, "aws:iam/rolePolicy:RolePolicy", "app-cmc-assets").inputs.policy as string,
      ) as {
        Statement: { Resource: string }[];
      };
      expect(assets.Statement.map((st) => st.Resource)).to.deep.equal([
        "arn:aws:s3:::platform-prod-ap-east-2-assets",
        "arn:aws:s3:::platform-prod-ap-east-2-assets/cmc/*",
      ]);
    });
  });

  describe("policy packs over the plans", () => {
    it("reports no mandatory violation on any stack", () => {
      for (const stack of Object.keys(plans)) {
        const mandatory = plans[stack].policyResults.filter((r) => r.enforcementLevel === "mandatory");
        expect(mandatory, stack).to.deep.equal([]);
      }
    });

    it("lists dev's non-durable Kafka settings as advisory only (data protection is advisory in dev)", () => {
      const dev = plans.dev.policyResults;
      expect(dev.length).to.be.greaterThan(0);
      expect([...new Set(dev.map((r) => `${r.enforcementLevel} ${r.pack}/${r.policy}`))]).to.have.members([
        "advisory data-protection/msk-default-replication-factor",
        "advisory data-protection/msk-min-insync-replicas",
        "advisory data-protection/msk-topic-replication-factor",
      ]);
      expect(plans["prod-taipei"].policyResults).to.deep.equal([]);
      expect(plans["prod-tokyo"].policyResults).to.deep.equal([]);
    });

    it("covers every resource type the stacks create with the tagging pack, or exempts it with a reason", () => {
      const types = new Set(Object.values(plans).flatMap((plan) => plan.resources.map((r) => r.type)));
      const uncovered = [...types].filter((type) => tagCoverage(type).kind === "unknown");
      expect(uncovered).to.deep.equal([]);
      const checked = [...types].filter((type) => tagCoverage(type).kind === "checked");
      expect(checked).to.include.members([
        "aws:ec2/vpc:Vpc",
        "aws:rds/cluster:Cluster",
        "aws:msk/cluster:Cluster",
      ]);
    });
  });
});
