/**
 * The topics of `MskCluster`: the topic classes, the topics with every default resolved, and the rules of a
 * catalogue (names, partitions, replication, retention) and of its load on the brokers.
 */
import type { Problem } from "../../common/validation";
import { DURABILITY, Durability, maxPartitionsPerBroker } from "./cluster";

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
  const limit = maxPartitionsPerBroker(instanceType);
  if (perBroker <= limit) {
    return undefined;
  }
  return (
    `the topics hold ${replicas} partition replicas, ${perBroker} per broker, more than the ${limit} AWS ` +
    `recommends for ${instanceType}; add brokers, use a larger size, or fewer partitions`
  );
}
