/**
 * The cluster of `MskCluster`: the Kafka version, the broker sizes and how brokers spread over zones, the
 * durability profiles and the server properties they imply, the EBS storage and its auto-scaling, and the ports and
 * monitoring levels MSK offers.
 */
import type { Problem } from "../../common/validation";

/** The port of SASL/IAM over TLS between clients and brokers inside the VPC (port-info.html). */
export const IAM_TLS_PORT = 9098;

/**
 * What MSK sends to CloudWatch: broker-level metrics beyond the default set, for alarms and dashboards. The MSK API's
 * `EnhancedMonitoring` values (Amazon MSK API reference, CreateCluster, and the AWS SDKs' `EnhancedMonitoring` enum,
 * https://docs.aws.amazon.com/msk/latest/developerguide/monitoring.html), taken 2026-12-02.
 */
export const ENHANCED_MONITORING_LEVELS = [
  "DEFAULT",
  "PER_BROKER",
  "PER_TOPIC_PER_BROKER",
  "PER_TOPIC_PER_PARTITION",
] as const;
export type EnhancedMonitoring = (typeof ENHANCED_MONITORING_LEVELS)[number];

/** Application Auto Scaling's dimension and metric for MSK broker storage (msk-autoexpand-setup-api.html). */
export const STORAGE_SCALABLE_DIMENSION = "kafka:broker-storage:VolumeSize";
export const STORAGE_UTILIZATION_METRIC = "KafkaBrokerStorageUtilization";

// ---------------------------------------------------------------------------------------------------------------
// Kafka version

/**
 * The Kafka version the platform pins: MSK's recommended version (supported-kafka-versions.html). Pinned here and
 * in `platform:kafka.kafkaVersion`, never "latest": a version change is a rolling broker upgrade.
 */
export const DEFAULT_KAFKA_VERSION = "3.8.x";

/** The first Kafka version whose topics MSK manages through its API (what `aws.msk.Topic` calls). */
export const MIN_TOPIC_API_KAFKA_VERSION = "3.6.0";

/**
 * The Kafka versions MSK creates Standard-broker clusters on, as the MSK API names them (`.kraft`: KRaft metadata
 * mode; Kafka 4 has no ZooKeeper mode). Taken 2026-12-02 from the Amazon MSK Developer Guide, "Supported Apache Kafka
 * versions" (https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html: 3.8.x is the
 * recommended version; 3.9.x, 4.0.x and 4.1.x released after it) and "KRaft mode" (kraft-intro.html: the `.kraft`
 * names), and the version names of the AWS CDK's `KafkaVersion` (aws-cdk v2.275.0,
 * packages/@aws-cdk/aws-msk-alpha/lib/cluster-version.ts). The guide lists versions, not regions: whether a region
 * (ap-east-2) offers each one is `aws kafka list-kafka-versions --region <r>`'s answer, with credentials. A version
 * leaves this list when MSK ends its support and moves to `MSK_ENDED_KAFKA_VERSIONS`.
 */
export const MSK_KAFKA_VERSIONS: readonly string[] = [
  "3.8.x",
  "3.8.x.kraft",
  "3.9.x",
  "3.9.x.kraft",
  "4.0.x.kraft",
  "4.1.x.kraft",
];

/**
 * MSK versions at or past their end of support on 2026-12-02, with the date: MSK phases out new clusters on them
 * and upgrades existing ones to the recommended version at any time after it (version-support.html). 3.6.0's date is
 * the Developer Guide's; 3.7.x's is from endoflife.date/amazon-msk (which mirrors the guide's table), taken the same
 * day. Older versions are refused as older than MIN_TOPIC_API_KAFKA_VERSION.
 */
export const MSK_ENDED_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
  "3.6.0": "2026-06-01",
  "3.7.x": "2026-09-01",
  "3.7.x.kraft": "2026-09-01",
};

/** MSK versions that run on Express brokers only (aws-cdk `KafkaVersion.V4_2_X_KRAFT`), which this component does not use. */
export const MSK_EXPRESS_ONLY_KAFKA_VERSIONS: readonly string[] = ["4.2.x.kraft"];

const KAFKA_VERSION = /^(\d+)\.(\d+)\.(\d+|x)(\.kraft)?$/;

function versionTuple(version: string): [number, number, number] | undefined {
  const match = KAFKA_VERSION.exec(version);
  if (match === null) {
    return undefined;
  }
  return [Number(match[1]), Number(match[2]), match[3] === "x" ? 0 : Number(match[3])];
}

/**
 * Problem text for a Kafka version MSK does not create a Standard-broker cluster on, or whose topics it cannot
 * manage, or undefined.
 */
export function kafkaVersionProblem(version: string): string | undefined {
  const tuple = typeof version === "string" ? versionTuple(version) : undefined;
  if (tuple === undefined) {
    return (
      `${JSON.stringify(version)} is not an MSK Kafka version; write it as MSK lists it, e.g. ` +
      `${DEFAULT_KAFKA_VERSION} (or 3.9.x.kraft for a KRaft cluster)`
    );
  }
  const minimum = versionTuple(MIN_TOPIC_API_KAFKA_VERSION)!;
  const older =
    tuple[0] !== minimum[0]
      ? tuple[0] < minimum[0]
      : tuple[1] !== minimum[1]
        ? tuple[1] < minimum[1]
        : tuple[2] < minimum[2];
  if (older) {
    return (
      `${version} is older than ${MIN_TOPIC_API_KAFKA_VERSION}, the first version whose topics MSK manages through ` +
      `its API (aws.msk.Topic); use ${DEFAULT_KAFKA_VERSION} or newer`
    );
  }
  if (MSK_KAFKA_VERSIONS.includes(version)) {
    return undefined;
  }
  const ended = MSK_ENDED_KAFKA_VERSIONS[version];
  if (ended !== undefined) {
    return (
      `${version} reached the end of MSK's support on ${ended}: MSK creates no new cluster on it and upgrades ` +
      `existing ones at any time; use ${DEFAULT_KAFKA_VERSION} (MSK's recommended version) or newer`
    );
  }
  if (MSK_EXPRESS_ONLY_KAFKA_VERSIONS.includes(version)) {
    return (
      `${version} runs on MSK Express brokers only, and this cluster has Standard brokers; use one of ` +
      MSK_KAFKA_VERSIONS.join(", ")
    );
  }
  return (
    `${version} is not a Kafka version MSK offers; use one of ${MSK_KAFKA_VERSIONS.join(", ")} ` +
    "(MSK's names: a minor with .x, .kraft for KRaft metadata mode, which Kafka 4 always uses)"
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Brokers, zones and storage

/**
 * Standard broker sizes MSK offers (Express brokers have no EBS volume and are not supported here). Taken
 * 2026-12-02 from the Amazon MSK Developer Guide, "Broker sizes"
 * (https://docs.aws.amazon.com/msk/latest/developerguide/broker-instance-sizes.html): kafka.t3.small, kafka.m5.large
 * to 24xlarge, kafka.m7g.large to 16xlarge. Some sizes are not offered in every region; the guide points to the MSK
 * pricing page for which region offers which, so config checks the size, not the region's offer.
 */
export const STANDARD_BROKER_SIZES: readonly string[] = [
  "kafka.t3.small",
  ...["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"].map(
    (size) => `kafka.m5.${size}`,
  ),
  ...["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"].map(
    (size) => `kafka.m7g.${size}`,
  ),
];

/**
 * Most partition replicas (leaders and followers) AWS recommends per broker of a size; more degrades the cluster.
 * Sizes not listed take 4000.
 */
export const MAX_PARTITIONS_PER_BROKER: Readonly<Record<string, number>> = {
  "kafka.t3.small": 300,
  "kafka.m5.large": 1000,
  "kafka.m5.xlarge": 1000,
  "kafka.m7g.large": 1000,
  "kafka.m7g.xlarge": 1000,
  "kafka.m5.2xlarge": 2000,
  "kafka.m7g.2xlarge": 2000,
};
const DEFAULT_MAX_PARTITIONS_PER_BROKER = 4000;

/** Most partition replicas AWS recommends per broker of a size. */
export function maxPartitionsPerBroker(instanceType: string): number {
  return MAX_PARTITIONS_PER_BROKER[instanceType] ?? DEFAULT_MAX_PARTITIONS_PER_BROKER;
}

/** MSK places brokers in two or three client subnets of distinct zones. */
export const SUPPORTED_ZONE_COUNTS: readonly number[] = [2, 3];

/** EBS volume size bounds per broker, in GiB. */
export const MIN_VOLUME_SIZE_GIB = 1;
export const MAX_VOLUME_SIZE_GIB = 16384;

/** Bounds of the storage auto-scaling target (percent of the volume used); AWS recommends 50–60. */
export const MIN_STORAGE_TARGET_PERCENT = 10;
export const MAX_STORAGE_TARGET_PERCENT = 80;

/**
 * How much a topic survives. `durable`: 3 replicas, writes acknowledged by 2 (one broker or zone can fail without
 * losing an acknowledged write or blocking producers). `non-durable-dev`: 2 replicas acknowledged by 1, for a cheap
 * two-broker dev cluster; a broker failure can lose acknowledged writes. Never use it for data you keep.
 */
export const DURABILITY_PROFILES = ["durable", "non-durable-dev"] as const;
export type Durability = (typeof DURABILITY_PROFILES)[number];

export interface DurabilitySettings {
  /** Replicas per partition (`default.replication.factor` and every topic's replication factor). */
  readonly replicationFactor: number;
  /** Replicas that must acknowledge a write with `acks=all` (`min.insync.replicas`). */
  readonly minInsyncReplicas: number;
  /** Fewest zones the brokers must span. */
  readonly minZones: number;
}

export const DURABILITY: Readonly<Record<Durability, DurabilitySettings>> = {
  durable: { replicationFactor: 3, minInsyncReplicas: 2, minZones: 3 },
  "non-durable-dev": { replicationFactor: 2, minInsyncReplicas: 1, minZones: 2 },
};

export function isDurability(value: unknown): value is Durability {
  return typeof value === "string" && (DURABILITY_PROFILES as readonly string[]).includes(value);
}

/**
 * The brokers' `server.properties` for a profile: no topic appears unless it is declared (the catalogue), new and
 * internal topics get the profile's replication, and an out-of-sync replica never becomes leader (which would drop
 * acknowledged writes).
 */
export function serverProperties(durability: Durability): string {
  const { replicationFactor, minInsyncReplicas } = DURABILITY[durability];
  return [
    "auto.create.topics.enable=false",
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInsyncReplicas}`,
    "unclean.leader.election.enable=false",
    `offsets.topic.replication.factor=${replicationFactor}`,
    `transaction.state.log.replication.factor=${replicationFactor}`,
    `transaction.state.log.min.isr=${minInsyncReplicas}`,
    "",
  ].join("\n");
}

export interface BrokerLayoutInput {
  /** Total brokers (`numberOfBrokerNodes`). */
  readonly brokerCount: number;
  /** Client subnets, one per zone. */
  readonly zoneCount: number;
  readonly durability: Durability;
  readonly instanceType: string;
  /** Whether the cluster must be readable by MSK Replicator from another region. */
  readonly replicationSource: boolean;
}

/** Problems of the broker layout, with paths `brokerCount`, `subnetIds`, `brokerInstanceType`, `replicationSource`. */
export function brokerLayoutProblems(input: BrokerLayoutInput): Problem[] {
  const problems: Problem[] = [];
  const { brokerCount, zoneCount, durability, instanceType } = input;
  const settings = DURABILITY[durability];
  if (!SUPPORTED_ZONE_COUNTS.includes(zoneCount)) {
    problems.push({
      path: "subnetIds",
      message: `${zoneCount} subnets given; MSK places brokers in 2 or 3 subnets of distinct zones: pass the data subnet of each of 2 or 3 zones`,
    });
  } else if (zoneCount < settings.minZones) {
    problems.push({
      path: "subnetIds",
      message:
        `${zoneCount} zones cannot hold ${durability} topics: losing one zone must leave ${settings.minInsyncReplicas} ` +
        `of ${settings.replicationFactor} replicas; run the brokers in ${settings.minZones} zones, or use ` +
        `durability non-durable-dev for a dev cluster`,
    });
  }
  if (!Number.isInteger(brokerCount) || brokerCount < 1) {
    problems.push({
      path: "brokerCount",
      message: `${String(brokerCount)} is not a broker count; use a positive whole number, a multiple of the zone count`,
    });
    return problems;
  }
  if (zoneCount > 0 && brokerCount % zoneCount !== 0) {
    const lower = Math.max(1, Math.floor(brokerCount / zoneCount)) * zoneCount;
    problems.push({
      path: "brokerCount",
      message:
        `${brokerCount} brokers cannot be spread evenly over ${zoneCount} zones; use a multiple of ${zoneCount} ` +
        `(e.g. ${lower} or ${lower + zoneCount})`,
    });
  }
  if (brokerCount < settings.replicationFactor) {
    problems.push({
      path: "brokerCount",
      message:
        `${brokerCount} brokers cannot hold ${settings.replicationFactor} replicas of each partition (${durability}); ` +
        `run at least ${settings.replicationFactor} brokers`,
    });
  }
  if (typeof instanceType !== "string" || !STANDARD_BROKER_SIZES.includes(instanceType)) {
    problems.push({
      path: "brokerInstanceType",
      message:
        typeof instanceType === "string" && instanceType.startsWith("express.")
          ? `${instanceType} is an Express broker, which has no EBS volume to size or scale; use a Standard broker such as kafka.m7g.large`
          : `${JSON.stringify(instanceType)} is not an MSK Standard broker size; use one of kafka.t3.small, kafka.m5.<size>, kafka.m7g.<size> (e.g. kafka.m7g.large)`,
    });
  }
  if (input.replicationSource) {
    if (instanceType === "kafka.t3.small") {
      problems.push({
        path: "replicationSource",
        message:
          "kafka.t3.small supports neither MSK Replicator nor multi-VPC connectivity, which a cross-region source needs; use kafka.m7g.large or larger, or turn replicationSource off",
      });
    }
    const needed = zoneCount === 2 ? 4 : 3;
    if (brokerCount < needed) {
      problems.push({
        path: "replicationSource",
        message: `MSK Replicator needs at least ${needed} brokers in a ${zoneCount}-zone cluster, not ${brokerCount}; add brokers or turn replicationSource off`,
      });
    }
  }
  return problems;
}

export interface StorageInput {
  readonly volumeSizeGiB: number;
  readonly maxVolumeSizeGiB: number;
  readonly storageTargetPercent: number;
}

/** Problems of the storage settings, with paths `volumeSizeGiB`, `maxVolumeSizeGiB`, `storageTargetPercent`. */
export function storageProblems(input: StorageInput): Problem[] {
  const problems: Problem[] = [];
  const size = input.volumeSizeGiB;
  const sizeValid = Number.isInteger(size) && size >= MIN_VOLUME_SIZE_GIB && size <= MAX_VOLUME_SIZE_GIB;
  if (!sizeValid) {
    problems.push({
      path: "volumeSizeGiB",
      message: `${String(size)} is not an EBS volume size; use a whole number of GiB from ${MIN_VOLUME_SIZE_GIB} to ${MAX_VOLUME_SIZE_GIB}`,
    });
  }
  const max = input.maxVolumeSizeGiB;
  if (!Number.isInteger(max) || max > MAX_VOLUME_SIZE_GIB) {
    problems.push({
      path: "maxVolumeSizeGiB",
      message: `${String(max)} is not a storage limit; use a whole number of GiB up to ${MAX_VOLUME_SIZE_GIB} (per broker)`,
    });
  } else if (sizeValid && max < size) {
    problems.push({
      path: "maxVolumeSizeGiB",
      message: `${max} GiB is below the volume size ${size} GiB, and MSK never shrinks a volume; set it to ${size} (no auto-scaling) or more`,
    });
  }
  const target = input.storageTargetPercent;
  if (
    !Number.isInteger(target) ||
    target < MIN_STORAGE_TARGET_PERCENT ||
    target > MAX_STORAGE_TARGET_PERCENT
  ) {
    problems.push({
      path: "storageTargetPercent",
      message: `${String(target)} is not a storage utilization target; use a whole percentage from ${MIN_STORAGE_TARGET_PERCENT} to ${MAX_STORAGE_TARGET_PERCENT} (AWS recommends 50 to 60)`,
    });
  }
  return problems;
}

/** Whether storage grows by itself: only when the limit is above the provisioned size. */
export function storageAutoScaling(input: StorageInput): boolean {
  return input.maxVolumeSizeGiB > input.volumeSizeGiB;
}
