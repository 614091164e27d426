/**
 * Pure planning for `MskCluster`: the Kafka version and broker/zone arithmetic, the durability profiles and the
 * server properties they imply, the seed's topic catalogue as typed data with its validation, and the access matrix
 * with the least-privilege IAM policy documents it generates. Nothing here imports `@pulumi/aws`, so every rule is
 * testable without mocks (`test/components/msk-cluster/plan.spec.ts`).
 *
 * AWS facts used below (Amazon MSK Developer Guide, checked 2026-11):
 * - broker sizes: `broker-instance-sizes.html` (Standard brokers `kafka.t3.small`, `kafka.m5.*`, `kafka.m7g.*`;
 *   Express brokers `express.m7g.*` have no EBS volume to size);
 * - client subnets: two or three, in distinct zones (`AWS::MSK::Cluster BrokerNodeGroupInfo.ClientSubnets`);
 * - EBS volume 1–16384 GiB per broker, auto-scaling target 10–80 % (`msk-autoexpand-details.html`);
 * - topic APIs (`aws.msk.Topic`) need Kafka 3.6.0 or later (`msk-topic-operations-information.html`);
 * - IAM actions, required actions and resources: `kafka-actions.html`; ARN formats `arn:aws:kafka:<region>:<account>:
 *   {cluster|topic|group}/<cluster name>/<cluster uuid>[/<topic or group>]` (`iam-access-control.html`);
 * - partitions per broker (leaders and followers): `bestpractices.html#partitions-per-broker`;
 * - MSK Replicator needs m5.large or larger and at least 3 brokers (4 in two zones); multi-VPC private connectivity,
 *   which a cross-region source needs, is not available on t3.small (`msk-replicator-supported-configs.html`,
 *   `aws-access-mult-vpc.html`).
 */
import { ActionStatement, PolicyDocument, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

// ---------------------------------------------------------------------------------------------------------------
// Kafka version

/**
 * The Kafka version the platform pins: MSK's recommended version (supported-kafka-versions.html). Pinned here and
 * in `platform:kafka.kafkaVersion`, never "latest": a version change is a rolling broker upgrade.
 */
export const DEFAULT_KAFKA_VERSION = "3.8.x";

/** The first Kafka version whose topics MSK manages through its API (what `aws.msk.Topic` calls). */
export const MIN_TOPIC_API_KAFKA_VERSION = "3.6.0";

const KAFKA_VERSION = /^(\d+)\.(\d+)\.(\d+|x)(\.kraft)?$/;

function versionTuple(version: string): [number, number, number] | undefined {
  const match = KAFKA_VERSION.exec(version);
  if (match === null) {
    return undefined;
  }
  return [Number(match[1]), Number(match[2]), match[3] === "x" ? 0 : Number(match[3])];
}

/** Problem text for a Kafka version MSK would refuse or whose topics it cannot manage, or undefined. */
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
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Brokers, zones and storage

/** Standard broker sizes MSK offers (Express brokers have no EBS volume and are not supported here). */
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

// ---------------------------------------------------------------------------------------------------------------
// Topic catalogue

/** The seed's four topic classes (seed 000, task 6.4): partitions and retention per class. */
export const TOPIC_CLASSES = {
  /** Business facts other contexts depend on; 30 days for compliance and audit. */
  core: { partitions: 3, retentionDays: 30 },
  /** Operational events; 7 days for monitoring and troubleshooting. */
  operational: { partitions: 6, retentionDays: 7 },
  /** High-volume behaviour for analytics; 90 days for trend analysis. */
  analytics: { partitions: 12, retentionDays: 90 },
  /** System and audit events; 365 days for security and compliance. */
  system: { partitions: 1, retentionDays: 365 },
} as const satisfies Record<string, { partitions: number; retentionDays: number }>;
export type TopicClass = keyof typeof TOPIC_CLASSES;
export const TOPIC_CLASS_NAMES = Object.keys(TOPIC_CLASSES) as TopicClass[];

export interface TopicSpec {
  /** The Kafka topic name (also the resource's key). Letters, digits, `.`, `_`, `-`; at most 249 characters. */
  readonly name: string;
  /** The class, which gives partitions and retention unless overridden here. */
  readonly class: TopicClass;
  /** The event types the topic carries (documentation, from the seed). */
  readonly events?: readonly string[];
  /** @default the class's partitions */
  readonly partitions?: number;
  /** @default the class's retention */
  readonly retentionDays?: number;
  /** @default the durability profile's replication factor (3 durable, 2 non-durable-dev) */
  readonly replicationFactor?: number;
  /** @default the durability profile's min.insync.replicas (2 durable, 1 non-durable-dev) */
  readonly minInsyncReplicas?: number;
}

export const MAX_TOPIC_NAME_LENGTH = 249;
const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
export const MS_PER_DAY = 86_400_000;

/** One topic with every default resolved: what `aws.msk.Topic` receives. */
export interface PlannedTopic {
  readonly name: string;
  readonly class: TopicClass;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly retentionDays: number;
  /** Topic-level configs (`aws.msk.Topic` `configs`, as JSON): retention, durability, delete cleanup. */
  readonly configs: Readonly<Record<string, string>>;
}

/** Resolves every topic's defaults from its class and the durability profile (call after validation). */
export function planTopics(topics: readonly TopicSpec[], durability: Durability): PlannedTopic[] {
  const settings = DURABILITY[durability];
  return topics.map((topic) => {
    const cls = TOPIC_CLASSES[topic.class];
    const retentionDays = topic.retentionDays ?? cls.retentionDays;
    const minInsyncReplicas = topic.minInsyncReplicas ?? settings.minInsyncReplicas;
    return {
      name: topic.name,
      class: topic.class,
      partitions: topic.partitions ?? cls.partitions,
      replicationFactor: topic.replicationFactor ?? settings.replicationFactor,
      minInsyncReplicas,
      retentionDays,
      configs: {
        "cleanup.policy": "delete",
        "min.insync.replicas": String(minInsyncReplicas),
        "retention.ms": String(retentionDays * MS_PER_DAY),
      },
    };
  });
}

/** Problems of one topic name, or undefined. Kafka's rules: legal characters, length, not `.` or `..`. */
export function topicNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") {
    return "missing; give the topic a name of letters, digits, ., _ and -";
  }
  if (name === "." || name === "..") {
    return `${JSON.stringify(name)} is not allowed as a Kafka topic name; use letters, digits, ., _ and -`;
  }
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `has ${name.length} characters; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}: shorten it`;
  }
  if (!TOPIC_NAME.test(name)) {
    return `${JSON.stringify(name)} has characters Kafka does not allow in topic names; use only letters, digits, ., _ and -`;
  }
  if (name.startsWith("__")) {
    return `${JSON.stringify(name)} starts with __, which Kafka and MSK Replicator reserve for internal topics; rename it`;
  }
  return undefined;
}

export interface CatalogueContext {
  readonly brokerCount: number;
  readonly durability: Durability;
}

/**
 * Every problem of a topic catalogue, with paths `topics[i].<field>`: names (legal, unique, not colliding in
 * metric names), class, partitions ≥ 1, replication factor ≤ brokers (and ≥ 3 when durable), min.insync.replicas
 * below the replication factor (and ≥ 2 when durable), retention positive.
 */
export function validateTopicCatalogue(topics: readonly TopicSpec[], context: CatalogueContext): Problem[] {
  const problems: Problem[] = [];
  const settings = DURABILITY[context.durability];
  const seen = new Map<string, number>();
  const metricNames = new Map<string, string>();
  topics.forEach((topic, index) => {
    const at = (field: string) => `topics[${index}].${field}`;
    const nameProblem = topicNameProblem(topic.name);
    if (nameProblem !== undefined) {
      problems.push({ path: at("name"), message: nameProblem });
    } else {
      const earlier = seen.get(topic.name);
      if (earlier !== undefined) {
        problems.push({
          path: at("name"),
          message: `${topic.name} is already topics[${earlier}]; list each topic once`,
        });
      } else {
        // Kafka's metric names replace "." with "_", so two such names would report into one metric.
        const metric = topic.name.replace(/\./g, "_");
        const clash = metricNames.get(metric);
        if (clash !== undefined) {
          problems.push({
            path: at("name"),
            message: `${topic.name} and ${clash} differ only in . and _, which collide in Kafka's metric names; rename one`,
          });
        }
        seen.set(topic.name, index);
        metricNames.set(metric, topic.name);
      }
    }
    const cls = (TOPIC_CLASSES as Record<string, { partitions: number; retentionDays: number }>)[topic.class];
    if (cls === undefined) {
      problems.push({
        path: at("class"),
        message: `${JSON.stringify(topic.class)} is not a topic class; use one of ${TOPIC_CLASS_NAMES.join(", ")}`,
      });
    }
    const partitions = topic.partitions ?? cls?.partitions;
    if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) {
      problems.push({
        path: at("partitions"),
        message: `${String(partitions)} is not a partition count; use a whole number of 1 or more`,
      });
    }
    const rf = topic.replicationFactor ?? settings.replicationFactor;
    let rfValid = true;
    if (!Number.isInteger(rf) || rf < 1) {
      rfValid = false;
      problems.push({
        path: at("replicationFactor"),
        message: `${String(rf)} is not a replication factor; use a whole number of 1 or more`,
      });
    } else if (rf > context.brokerCount) {
      problems.push({
        path: at("replicationFactor"),
        message: `${rf} replicas need ${rf} brokers, and the cluster has ${context.brokerCount}; lower it to ${context.brokerCount} or add brokers`,
      });
    } else if (rf < settings.replicationFactor) {
      problems.push({
        path: at("replicationFactor"),
        message: `${rf} is below the ${settings.replicationFactor} replicas a ${context.durability} cluster keeps; remove the override or raise it to ${settings.replicationFactor}`,
      });
    }
    const minIsr = topic.minInsyncReplicas ?? settings.minInsyncReplicas;
    if (!Number.isInteger(minIsr) || minIsr < 1) {
      problems.push({
        path: at("minInsyncReplicas"),
        message: `${String(minIsr)} is not a replica count; use a whole number of 1 or more, below the replication factor`,
      });
    } else if (rfValid && minIsr >= rf) {
      problems.push({
        path: at("minInsyncReplicas"),
        message: `${minIsr} in-sync replicas of ${rf} leave no replica to lose: one broker restart would stop producers; use ${Math.max(1, rf - 1)} or raise the replication factor`,
      });
    } else if (minIsr < settings.minInsyncReplicas) {
      problems.push({
        path: at("minInsyncReplicas"),
        message: `${minIsr} is below the ${settings.minInsyncReplicas} acknowledgements a ${context.durability} cluster requires; remove the override or raise it to ${settings.minInsyncReplicas}`,
      });
    }
    const retention = topic.retentionDays ?? cls?.retentionDays;
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 1)) {
      problems.push({
        path: at("retentionDays"),
        message: `${String(retention)} is not a retention; use a positive whole number of days`,
      });
    }
  });
  return problems;
}

/**
 * Problem text when the catalogue's partition replicas exceed what AWS recommends per broker of this size, or
 * undefined. Replicas spread evenly, so the load per broker is total replicas / brokers.
 */
export function partitionLoadProblem(
  topics: readonly PlannedTopic[],
  brokerCount: number,
  instanceType: string,
): string | undefined {
  const replicas = topics.reduce((sum, topic) => sum + topic.partitions * topic.replicationFactor, 0);
  const perBroker = Math.ceil(replicas / Math.max(1, brokerCount));
  const limit = MAX_PARTITIONS_PER_BROKER[instanceType] ?? DEFAULT_MAX_PARTITIONS_PER_BROKER;
  if (perBroker <= limit) {
    return undefined;
  }
  return (
    `the topics hold ${replicas} partition replicas, ${perBroker} per broker, more than the ${limit} AWS ` +
    `recommends for ${instanceType}; add brokers, use a larger size, or fewer partitions`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Client access: the access matrix and the IAM policies it generates

/**
 * What a client may do with its topics:
 * - `read`: consume (describe and read the topics; join and commit offsets in its own consumer groups).
 * - `readwrite`: `read` plus produce, idempotently (Kafka producers enable idempotence by default).
 * - `manage`: administer the topics (create, alter, delete, read and change their configuration), read them to
 *   inspect, and administer every consumer group (describe, reset, delete). It does not produce.
 * A client may hold several grants; their permissions add up.
 */
export const ACCESS_LEVELS = ["read", "readwrite", "manage"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface AccessGrant {
  readonly level: AccessLevel;
  /** `"all"` (every topic of the cluster, including later ones) or catalogue topic names. */
  readonly topics: "all" | readonly string[];
}

/** Grants by client name (lowercase letters, digits and `-`: it names the IAM policy and the client's groups). */
export type AccessMatrix = Readonly<Record<string, readonly AccessGrant[]>>;

/** `kafka-cluster:*` actions by the resource they apply to, per access level. */
export interface LevelActions {
  readonly cluster: readonly string[];
  readonly topic: readonly string[];
  readonly group: readonly string[];
}

const kc = (action: string) => `kafka-cluster:${action}`;

/** The exact actions of each access level (documented in the README's MskCluster section). */
export const LEVEL_ACTIONS: Readonly<Record<AccessLevel, LevelActions>> = {
  read: {
    cluster: ["Connect", "DescribeCluster"].map(kc),
    topic: ["DescribeTopic", "ReadData"].map(kc),
    group: ["DescribeGroup", "AlterGroup"].map(kc),
  },
  readwrite: {
    cluster: ["Connect", "DescribeCluster", "WriteDataIdempotently"].map(kc),
    topic: ["DescribeTopic", "ReadData", "WriteData"].map(kc),
    group: ["DescribeGroup", "AlterGroup"].map(kc),
  },
  manage: {
    cluster: ["Connect", "DescribeCluster", "DescribeClusterDynamicConfiguration"].map(kc),
    topic: [
      "DescribeTopic",
      "CreateTopic",
      "AlterTopic",
      "DeleteTopic",
      "DescribeTopicDynamicConfiguration",
      "AlterTopicDynamicConfiguration",
      "ReadData",
    ].map(kc),
    group: ["DescribeGroup", "AlterGroup", "DeleteGroup"].map(kc),
  },
};

/**
 * Actions each `kafka-cluster` action requires alongside it (the "Required actions" column of kafka-actions.html);
 * a policy that grants an action without them fails at run time.
 */
export const KAFKA_ACTION_REQUIREMENTS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries({
    Connect: [],
    DescribeCluster: ["Connect"],
    AlterCluster: ["Connect", "DescribeCluster"],
    DescribeClusterDynamicConfiguration: ["Connect"],
    AlterClusterDynamicConfiguration: ["Connect", "DescribeClusterDynamicConfiguration"],
    WriteDataIdempotently: ["Connect", "WriteData"],
    CreateTopic: ["Connect"],
    DescribeTopic: ["Connect"],
    AlterTopic: ["Connect", "DescribeTopic"],
    DeleteTopic: ["Connect", "DescribeTopic"],
    DescribeTopicDynamicConfiguration: ["Connect"],
    AlterTopicDynamicConfiguration: ["Connect", "DescribeTopicDynamicConfiguration"],
    ReadData: ["Connect", "DescribeTopic", "AlterGroup"],
    WriteData: ["Connect", "DescribeTopic"],
    DescribeGroup: ["Connect"],
    AlterGroup: ["Connect", "DescribeGroup"],
    DeleteGroup: ["Connect", "DescribeGroup"],
    DescribeTransactionalId: ["Connect"],
    AlterTransactionalId: ["Connect", "DescribeTransactionalId", "WriteData"],
  }).map(([action, required]) => [kc(action), required.map(kc)]),
);

const CLIENT_NAME = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** The consumer-group prefix a client's groups must start with: `<client>-`. */
export function consumerGroupPrefix(client: string): string {
  return `${client}-`;
}

/**
 * Every problem of an access matrix against the catalogue's topic names, with paths
 * `accessMatrix.<client>[i].<field>`.
 */
export function validateAccessMatrix(matrix: AccessMatrix, topicNames: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const [client, grants] of Object.entries(matrix)) {
    const base = `accessMatrix.${client}`;
    if (!CLIENT_NAME.test(client)) {
      problems.push({
        path: base,
        message: `${JSON.stringify(client)} cannot name a client (its IAM policy and consumer groups); use 1 to 32 lowercase letters, digits and -, starting with a letter`,
      });
    }
    if (!Array.isArray(grants) || grants.length === 0) {
      problems.push({
        path: base,
        message: "no grants; give the client at least one { level, topics } or remove it",
      });
      continue;
    }
    grants.forEach((grant, index) => {
      const at = `${base}[${index}]`;
      if (!(ACCESS_LEVELS as readonly string[]).includes(grant.level)) {
        problems.push({
          path: `${at}.level`,
          message: `${JSON.stringify(grant.level)} is not an access level; use one of ${ACCESS_LEVELS.join(", ")}`,
        });
      }
      if (grant.topics === "all") {
        return;
      }
      const topics = grant.topics as readonly string[];
      if (!Array.isArray(topics) || topics.length === 0) {
        problems.push({
          path: `${at}.topics`,
          message: 'no topics; list catalogue topic names or use "all"',
        });
        return;
      }
      const listed = new Set<string>();
      topics.forEach((topic, topicIndex) => {
        const path = `${at}.topics[${topicIndex}]`;
        if (!topicNames.includes(topic)) {
          problems.push({
            path,
            message: `${JSON.stringify(topic)} is not in the topic catalogue; use one of ${[...new Set(topicNames)].join(", ")}`,
          });
        } else if (listed.has(topic)) {
          problems.push({ path, message: `${topic} is listed twice; list each topic once` });
        }
        listed.add(topic);
      });
    });
  }
  return problems;
}

/** The parts of an MSK cluster ARN the topic and group ARNs are built from. */
export interface KafkaClusterArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly clusterUuid: string;
}

const CLUSTER_ARN = /^arn:([^:]+):kafka:([^:]+):(\d{12}):cluster\/([^/]+)\/([^/]+)$/;

/** Splits `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`; throws on anything else. */
export function parseClusterArn(clusterArn: string): KafkaClusterArnParts {
  const match = CLUSTER_ARN.exec(clusterArn);
  if (match === null) {
    throw new Error(
      `${JSON.stringify(clusterArn)} is not an MSK cluster ARN (arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>)`,
    );
  }
  const [, partition, region, account, clusterName, clusterUuid] = match;
  return { partition, region, account, clusterName, clusterUuid };
}

/** ARN of a topic (`name` may be `*`) of the cluster. */
export function topicArn(clusterArn: string, name: string): string {
  const p = parseClusterArn(clusterArn);
  return `arn:${p.partition}:kafka:${p.region}:${p.account}:topic/${p.clusterName}/${p.clusterUuid}/${name}`;
}

/** ARN of a consumer group (`name` may end in `*`) of the cluster. */
export function groupArn(clusterArn: string, name: string): string {
  const p = parseClusterArn(clusterArn);
  return `arn:${p.partition}:kafka:${p.region}:${p.account}:group/${p.clusterName}/${p.clusterUuid}/${name}`;
}

/** A statement of a client policy: always an id, and lists of actions and resources. */
export interface ClientPolicyStatement extends ActionStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
}

export type ClientPolicyDocument = PolicyDocument<ClientPolicyStatement>;

const STATEMENT_IDS: Readonly<Record<AccessLevel, string>> = {
  read: "ReadTopics",
  readwrite: "ReadWriteTopics",
  manage: "ManageTopics",
};

/** Union of action lists, in first-seen order. */
function union(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}

/**
 * The least-privilege IAM policy document of one client: a `Cluster` statement on the cluster ARN, one statement
 * per access level on exactly its topics' ARNs (or `topic/<cluster>/<uuid>/*` for `"all"`), and a `ConsumerGroups`
 * statement on the client's own groups (`group/<cluster>/<uuid>/<client>-*`), or on every group for `manage`.
 * `topicOrder` orders listed topics (the catalogue's order), so the document is stable.
 */
export function clientPolicyDocument(
  clusterArn: string,
  client: string,
  grants: readonly AccessGrant[],
  topicOrder: readonly string[],
): ClientPolicyDocument {
  const levels = ACCESS_LEVELS.filter((level) => grants.some((grant) => grant.level === level));
  const statements: ClientPolicyStatement[] = [
    {
      Sid: "Cluster",
      Effect: "Allow",
      Action: union(levels.map((level) => LEVEL_ACTIONS[level].cluster)),
      Resource: [clusterArn],
    },
  ];
  for (const level of levels) {
    const ofLevel = grants.filter((grant) => grant.level === level);
    const all = ofLevel.some((grant) => grant.topics === "all");
    const named = new Set(ofLevel.flatMap((grant) => (grant.topics === "all" ? [] : grant.topics)));
    const topics = all ? ["*"] : topicOrder.filter((topic) => named.has(topic));
    statements.push({
      Sid: STATEMENT_IDS[level],
      Effect: "Allow",
      Action: [...LEVEL_ACTIONS[level].topic],
      Resource: topics.map((topic) => topicArn(clusterArn, topic)),
    });
  }
  const groups = levels.includes("manage") ? "*" : `${consumerGroupPrefix(client)}*`;
  statements.push({
    Sid: "ConsumerGroups",
    Effect: "Allow",
    Action: union(levels.map((level) => LEVEL_ACTIONS[level].group)),
    Resource: [groupArn(clusterArn, groups)],
  });
  return policyDocument(statements);
}

/** Actions a policy document grants whose required actions it does not grant (empty for a consistent policy). */
export function missingRequiredActions(document: PolicyDocument): string[] {
  const granted = new Set(document.Statement.flatMap((statement) => [statement.Action ?? []].flat()));
  const missing = new Set<string>();
  for (const action of granted) {
    for (const required of KAFKA_ACTION_REQUIREMENTS[action] ?? []) {
      if (!granted.has(required)) {
        missing.add(`${action} needs ${required}`);
      }
    }
  }
  return [...missing];
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-region replication source

/** Actions MSK Replicator's service principal needs on a cross-region source cluster. */
export const SOURCE_CLUSTER_POLICY_ACTIONS: readonly string[] = [
  "kafka:CreateVpcConnection",
  "kafka:GetBootstrapBrokers",
  "kafka:DescribeClusterV2",
];

/**
 * The resource policy of a cross-region replication source: MSK Replicator's service principal may set up its
 * private connection to the cluster (msk-replicator-network-reqs.html). Owned by the cluster's own stack, so that
 * several secondaries can replicate from one primary without fighting over it.
 */
export function replicationSourceClusterPolicy(clusterArn: string): PolicyDocument {
  parseClusterArn(clusterArn);
  return policyDocument([
    {
      Sid: "MskReplicatorReadsCrossRegion",
      Effect: "Allow",
      Principal: { Service: "kafka.amazonaws.com" },
      Action: [...SOURCE_CLUSTER_POLICY_ACTIONS],
      Resource: clusterArn,
    },
  ]);
}
