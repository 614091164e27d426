import * as pulumi from "@pulumi/pulumi";
import { consumerGroupPrefix } from "../components/msk-cluster";
import { KAFKA_ACCESS_MATRIX } from "./catalogue";
import { MskReplication } from "../components/msk-replication";
import { planDirections } from "../components/msk-replication/plan";
import { ReplicatorAlarms } from "../components/replicator-alarms";
import { VpcPeering } from "../components/vpc-peering";
import type { PlatformConfig } from "./config";
import type { Exported, PrimaryStackReference, SecondaryStackOutputs } from "./contract";
import { regionalProvider } from "./providers";
import { kafkaZoneCount } from "./config-sections/kafka";
import { buildRegionalPlatform, privateRouteTables } from "./regional";

/**
 * The secondary role (prod-tokyo, and any further region): the same regional building blocks, joined to the
 * primary. It owns all cross-region glue and acts in the primary's region through a second explicit provider.
 * Everything it needs from the primary is read before the first resource is created, so a missing primary output
 * fails the run without registering anything.
 */
export async function buildSecondary(
  config: PlatformConfig,
  primary: PrimaryStackReference,
): Promise<Exported<SecondaryStackOutputs>> {
  const primaryRegion = await primary.value("region");
  const primaryCidr = await primary.value("vpcCidr");
  const primaryRouteTables = await primary.value("privateRouteTableIds");
  // MSK Replicator can read the primary's cluster from here only if it has multi-VPC connectivity (ADR 0010).
  if ((await primary.value("kafkaReplicationSource")) !== true) {
    throw new Error(
      `the Kafka cluster of primary stack ${primary.stackName} is not a replication source: set ` +
        "platform:kafka.replicationSource to true in its stack file and run `pulumi up` there first",
    );
  }

  // What the primary's alarms watch, for the cross-region dashboard (plain: the dashboard's rows depend on it).
  const primaryMonitored = await primary.value("monitoredResources");
  // Replicator names are plain (MskReplication plans them from this prefix): each is alarmed in its target region.
  const replicationPrefix = `${config.project}-${config.environment}`;
  const directions = planDirections(replicationPrefix, primaryRegion, config.region);
  const replicatorInto = (target: string) =>
    directions.find((d) => d.targetRegion === target)!.replicatorName;

  // The database joins the primary's global cluster; the writer region must be one of the two. Observability here
  // also reads the primary's region: Grafana queries its Prometheus workspace, a dashboard shows both (ADR 0016).
  const region = buildRegionalPlatform(
    config,
    {
      primaryRegion,
      globalClusterIdentifier: primary.requireOutput("databaseGlobalClusterId"),
      globalWriterEndpoint: primary.requireOutput("databaseGlobalWriterEndpoint"),
      secretArn: primary.requireOutput("databaseSecretArn"),
    },
    {
      replicators: { [`from-${primaryRegion}`]: replicatorInto(config.region) },
      grafanaPeers: [
        { region: primaryRegion, prometheusWorkspaceArn: primary.requireOutput("prometheusWorkspaceArn") },
      ],
      crossRegion: { region: primaryRegion, monitored: primaryMonitored },
    },
  );
  const primaryProvider = regionalProvider(config, primaryRegion);

  const peering = new VpcPeering(`peering-${primaryRegion}`, {
    requester: {
      vpcId: region.vpc.vpcId,
      cidr: config.network.cidr,
      routeTableIds: privateRouteTables(region.vpc),
      provider: region.provider,
    },
    accepter: {
      vpcId: primary.requireOutput("vpcId"),
      cidr: primaryCidr,
      routeTableIds: {
        ...prefixKeys("data", primaryRouteTables.data),
        ...prefixKeys("workload", primaryRouteTables.workload),
      },
      provider: primaryProvider,
    },
    accepterRegion: primaryRegion,
  });

  // Kafka replication both ways (ADR 0010): the catalogue's topics with identical names, and the offsets of the
  // access matrix's clients' consumer groups. Created once both clusters and their topics exist.
  const replication = new MskReplication("kafka-replication", {
    primary: {
      region: primaryRegion,
      clusterArn: primary.requireOutput("kafkaClusterArn"),
      vpcId: primary.requireOutput("vpcId"),
      subnetIds: primary
        .requireOutput("subnetIds")
        .apply((ids) => ids.data.slice(0, kafkaZoneCount(ids.data.length))),
      brokerSecurityGroupId: primary.requireOutput("kafkaBrokerSecurityGroupId"),
      logsKmsKeyArn: primary.requireOutput("logsKeyArn"),
      provider: primaryProvider,
    },
    secondary: {
      region: config.region,
      clusterArn: region.kafka.clusterArn,
      vpcId: region.vpc.vpcId,
      subnetIds: region.vpc.subnetIds.apply((ids) => ids.data.slice(0, kafkaZoneCount(ids.data.length))),
      brokerSecurityGroupId: region.kafka.brokerSecurityGroupId,
      logsKmsKeyArn: region.keys.keyArns.logs,
      provider: region.provider,
    },
    namePrefix: replicationPrefix,
    topics: region.kafka.topicPlan.map((topic) => topic.name),
    consumerGroupPatterns: Object.keys(KAFKA_ACCESS_MATRIX).map(
      (client) => `^${consumerGroupPrefix(client)}.*`,
    ),
    tags: {},
    // Replication starts from the topics of the catalogue: only the replicators wait for the clusters' topics.
    replicatorsDependOn: [region.kafka],
  });

  // The replicator into the primary publishes its metrics in the primary's region: alarmed there, through the
  // primary's provider, to the primary's alarm topic; owned here, like the replicator (ADR 0016).
  new ReplicatorAlarms(
    `replication-alarms-${primaryRegion}`,
    {
      environment: config.environment,
      region: primaryRegion,
      namePrefix: config.project,
      alarmTopicArn: primary.requireOutput("alarmTopicArn"),
      replicators: { [`from-${config.region}`]: replicatorInto(primaryRegion) },
      thresholds: config.observability.thresholds,
    },
    // The alarms only name the replicator (CloudWatch accepts alarms on metrics not yet published): no waiting.
    { provider: primaryProvider },
  );

  return {
    ...region.outputs,
    primaryStack: primary.stackName,
    peeringConnectionId: peering.peeringConnectionId,
    kafkaReplicatorArns: replication.replicatorArns,
    // Set whenever crossRegion is given, as it is here.
    crossRegionDashboardName: region.observability.crossRegionDashboardName as pulumi.Output<string>,
  };
}

function prefixKeys(prefix: string, values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}-${key}`, value]));
}
