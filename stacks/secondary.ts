import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { consumerGroupPrefix } from "../components/msk-cluster";
import { MskReplication } from "../components/msk-replication";
import { planDirections } from "../components/msk-replication/plan";
import { ReplicatorAlarms } from "../components/replicator-alarms";
import { VpcPeering } from "../components/vpc-peering";
import { KAFKA_ACCESS_MATRIX } from "./catalogue";
import type { PlatformConfig, PrimaryFacts } from "./config";
import type { Exported, PrimaryStackReference, SecondaryStackOutputs } from "./contract";
import { SECONDARY_COMPONENT_NAMES, replicationNamePrefix } from "./naming";
import { inKafkaZones } from "./placement";
import { regionalProvider } from "./providers";
import { RegionalPlatform, buildRegionalPlatform, privateRouteTables } from "./regional";
import { bucketReplication } from "./storage";

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
  const facts = config.primaryFacts;
  if (facts === undefined) {
    throw new Error(
      "a secondary's config is checked against its primary before it is built (ConfigDependencies)",
    );
  }
  const replicatorInto = replicatorNames(config, facts.region);

  // The database joins the primary's global cluster; the writer region must be one of the two. Observability here
  // also reads the primary's region: Grafana queries its Prometheus workspace, a dashboard shows both (ADR 0016).
  const region = buildRegionalPlatform(
    config,
    {
      primaryRegion: facts.region,
      globalClusterIdentifier: primary.requireOutput("databaseGlobalClusterId"),
      globalWriterEndpoint: primary.requireOutput("databaseGlobalWriterEndpoint"),
      secretArn: primary.requireOutput("databaseSecretArn"),
    },
    {
      replicators: { [`from-${facts.region}`]: replicatorInto(config.region) },
      grafanaPeers: [
        { region: facts.region, prometheusWorkspaceArn: primary.requireOutput("prometheusWorkspaceArn") },
      ],
      crossRegion: { region: facts.region, monitored: facts.monitoredResources },
    },
    // The edge's records go into the primary's zone (checked with the config: it exists, of the same domain).
    facts.edge !== undefined ? { zoneId: facts.edge.zoneId } : undefined,
  );
  const primaryProvider = regionalProvider(config, facts.region);
  const links: PrimaryLinks = { config, primary, facts, region, primaryProvider };

  const peering = peeringWithPrimary(links);
  const replication = kafkaReplication(links);
  replicationAlarmsInPrimary(links, replicatorInto(facts.region));
  bucketReplicationWithPrimary(links);

  return {
    ...region.outputs,
    primaryStack: primary.stackName,
    peeringConnectionId: peering.peeringConnectionId,
    kafkaReplicatorArns: replication.replicatorArns,
    // Set whenever crossRegion is given, as it is here.
    crossRegionDashboardName: region.observability.crossRegionDashboardName as pulumi.Output<string>,
  };
}

/**
 * The name of the replicator into a region. Replicator names are plain (MskReplication plans them from the prefix),
 * so each is alarmed in its target region before it exists.
 */
function replicatorNames(config: PlatformConfig, primaryRegion: string): (target: string) => string {
  const directions = planDirections(replicationNamePrefix(config), primaryRegion, config.region);
  return (target) => directions.find((d) => d.targetRegion === target)!.replicatorName;
}

/** What the cross-region resources link: this region's platform and the primary, through its own provider. */
interface PrimaryLinks {
  readonly config: PlatformConfig;
  readonly primary: PrimaryStackReference;
  readonly facts: PrimaryFacts;
  readonly region: RegionalPlatform;
  readonly primaryProvider: aws.Provider;
}

/** The VPC peering with the primary, owned here: requester, accepter and routes on both sides (ADR 0004). */
function peeringWithPrimary({ config, primary, facts, region, primaryProvider }: PrimaryLinks): VpcPeering {
  return new VpcPeering(SECONDARY_COMPONENT_NAMES.peering(facts.region), {
    requester: {
      vpcId: region.vpc.vpcId,
      cidr: config.network.cidr,
      routeTableIds: privateRouteTables(region.vpc),
      provider: region.provider,
    },
    accepter: {
      vpcId: primary.requireOutput("vpcId"),
      cidr: facts.vpcCidr,
      routeTableIds: {
        ...prefixKeys("data", facts.privateRouteTableIds.data),
        ...prefixKeys("workload", facts.privateRouteTableIds.workload),
      },
      provider: primaryProvider,
    },
    accepterRegion: facts.region,
  });
}

/**
 * Kafka replication both ways (ADR 0010): the catalogue's topics with identical names, and the offsets of the access
 * matrix's clients' consumer groups. Created once both clusters and their topics exist.
 */
function kafkaReplication({ config, primary, facts, region, primaryProvider }: PrimaryLinks): MskReplication {
  return new MskReplication(SECONDARY_COMPONENT_NAMES.kafkaReplication, {
    primary: {
      region: facts.region,
      clusterArn: primary.requireOutput("kafkaClusterArn"),
      vpcId: primary.requireOutput("vpcId"),
      subnetIds: primary.requireOutput("subnetIds").apply((ids) => inKafkaZones(ids.data)),
      brokerSecurityGroupId: primary.requireOutput("kafkaBrokerSecurityGroupId"),
      logsKmsKeyArn: primary.requireOutput("logsKeyArn"),
      provider: primaryProvider,
    },
    secondary: {
      region: config.region,
      clusterArn: region.kafka.clusterArn,
      vpcId: region.vpc.vpcId,
      subnetIds: region.vpc.subnetIds.apply((ids) => inKafkaZones(ids.data)),
      brokerSecurityGroupId: region.kafka.brokerSecurityGroupId,
      logsKmsKeyArn: region.keys.keyArns.logs,
      provider: region.provider,
    },
    namePrefix: replicationNamePrefix(config),
    topics: region.kafka.topicPlan.map((topic) => topic.name),
    consumerGroupPatterns: Object.keys(KAFKA_ACCESS_MATRIX).map(
      (client) => `^${consumerGroupPrefix(client)}.*`,
    ),
    tags: {},
    // Replication starts from the topics of the catalogue: only the replicators wait for the clusters' topics.
    replicatorsDependOn: [region.kafka],
  });
}

/**
 * The replicator into the primary publishes its metrics in the primary's region: alarmed there, through the
 * primary's provider, to the primary's alarm topic; owned here, like the replicator (ADR 0016).
 */
function replicationAlarmsInPrimary(
  { config, primary, facts, primaryProvider }: PrimaryLinks,
  replicatorIntoPrimary: string,
): ReplicatorAlarms {
  return new ReplicatorAlarms(
    SECONDARY_COMPONENT_NAMES.replicationAlarms(facts.region),
    {
      environment: config.environment,
      region: facts.region,
      namePrefix: config.project,
      alarmTopicArn: primary.requireOutput("alarmTopicArn"),
      replicators: { [`from-${config.region}`]: replicatorIntoPrimary },
      thresholds: config.observability.thresholds,
    },
    // The alarms only name the replicator (CloudWatch accepts alarms on metrics not yet published): no waiting.
    { provider: primaryProvider },
  );
}

/**
 * S3 replication of the archive and assets buckets both ways (ADR 0028): the primary's buckets to this region's and
 * back, each direction's role and configurations through the source region's provider; owned here, like the peering.
 */
function bucketReplicationWithPrimary({
  config,
  primary,
  facts,
  region,
  primaryProvider,
}: PrimaryLinks): void {
  bucketReplication(
    SECONDARY_COMPONENT_NAMES.bucketReplication(facts.region),
    config,
    {
      region: facts.region,
      archiveBucketArn: primary.requireOutput("archiveBucketArn"),
      assetsBucketArn: primary.requireOutput("assetsBucketArn"),
      archiveBucketName: primary.requireOutput("archiveBucketName"),
      assetsBucketName: primary.requireOutput("assetsBucketName"),
      storageKeyArn: primary.requireOutput("storageKeyArn"),
      provider: primaryProvider,
    },
    {
      region: config.region,
      archiveBucketArn: region.storage.archive.arn,
      assetsBucketArn: region.storage.assets.arn,
      archiveBucketName: region.storage.archive.bucketName,
      assetsBucketName: region.storage.assets.bucketName,
      storageKeyArn: region.keys.keyArns.storage,
      provider: region.provider,
      // Replication needs versioning on both sides (the source and the destination).
      dependsOn: [region.storage.archive.versioning, region.storage.assets.versioning],
    },
  );
}

function prefixKeys(prefix: string, values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}-${key}`, value]));
}
