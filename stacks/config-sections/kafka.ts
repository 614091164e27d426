/**
 * `platform:kafka`: the region's MSK cluster (`MskCluster`). Required in every stack: every region runs a cluster
 * (dev a cheap non-durable one). The rules are the component's own (`brokerLayoutProblems`, `storageProblems`,
 * `kafkaVersionProblem`, the partition load of the topic catalogue), so config and component report the same
 * problems; the config adds what only it knows: the environment (prod keeps durable topics) and the role (a
 * secondary is the source of the replicator back to its primary). The topic catalogue and the access matrix are
 * code (`components/msk-cluster/plan.ts`), reviewed like code, not stack config.
 */
import { z } from "zod";
import { retentionProblem } from "../../components/common/aws-limits";
import {
  DEFAULT_KAFKA_VERSION,
  DURABILITY_PROFILES,
  Durability,
  ENHANCED_MONITORING_LEVELS,
  EnhancedMonitoring,
  brokerLayoutProblems,
  isDurability,
  kafkaVersionProblem,
  mskClusterDefaults,
  partitionLoadProblem,
  planTopics,
  storageProblems,
} from "../../components/msk-cluster/plan";
import { Problem } from "../../components/common/validation";
import { fallbackError, isRecord, messages, numeric, strict, structured, text, zodProblems } from "./schema";
import { TOPIC_CATALOGUE } from "../catalogue";

export const KAFKA_KEY = "platform:kafka";

/** MSK places brokers in at most three zones: the cluster uses the first three of the VPC's zones. */
export const MAX_KAFKA_ZONES = 3;

export const KAFKA_DEFAULTS = {
  kafkaVersion: DEFAULT_KAFKA_VERSION,
  brokersPerAz: 1,
  storageTargetPercent: mskClusterDefaults.storageTargetPercent,
  durability: mskClusterDefaults.durability,
  logRetentionDays: mskClusterDefaults.logRetentionDays,
  enhancedMonitoring: mskClusterDefaults.enhancedMonitoring,
  replicationSource: false,
} as const;

export interface KafkaConfig {
  /** MSK's version name, 3.6.0 or newer. @default DEFAULT_KAFKA_VERSION */
  kafkaVersion: string;
  /** Standard broker size, e.g. kafka.m7g.large. */
  brokerInstanceType: string;
  /** Brokers in each of the cluster's zones. @default 1 */
  brokersPerAz: number;
  /** EBS volume per broker, GiB. */
  volumeSizeGiB: number;
  /** Largest volume storage auto-scaling may grow to, GiB. @default volumeSizeGiB (fixed storage) */
  maxVolumeSizeGiB: number;
  /** Storage utilization (percent) that triggers auto-scaling. @default 60 */
  storageTargetPercent: number;
  /** @default "durable" */
  durability: Durability;
  /** Broker log retention, days. @default 90 */
  logRetentionDays: number;
  /** @default "PER_BROKER" */
  enhancedMonitoring: EnhancedMonitoring;
  /** Whether MSK Replicator may read the cluster from another region (multi-VPC connectivity). @default false */
  replicationSource: boolean;
}

const EXAMPLE =
  "{brokerInstanceType: kafka.m7g.large, brokersPerAz: 1, volumeSizeGiB: 100, maxVolumeSizeGiB: 1000}";

const KafkaSchema = strict(
  {
    kafkaVersion: text("the MSK Kafka version", DEFAULT_KAFKA_VERSION).default(KAFKA_DEFAULTS.kafkaVersion),
    brokerInstanceType: text("the broker size", "kafka.m7g.large"),
    brokersPerAz: numeric("the brokers per zone", "1").default(KAFKA_DEFAULTS.brokersPerAz),
    volumeSizeGiB: numeric("the EBS volume per broker in GiB", "100"),
    maxVolumeSizeGiB: numeric("the largest volume auto-scaling may grow to, in GiB", "1000").optional(),
    storageTargetPercent: numeric(
      "the storage utilization that triggers auto-scaling, in percent",
      String(KAFKA_DEFAULTS.storageTargetPercent),
    ).default(KAFKA_DEFAULTS.storageTargetPercent),
    durability: text(`one of ${DURABILITY_PROFILES.join(", ")}`, KAFKA_DEFAULTS.durability).default(
      KAFKA_DEFAULTS.durability,
    ),
    logRetentionDays: numeric(
      "the broker log retention in days",
      String(KAFKA_DEFAULTS.logRetentionDays),
    ).default(KAFKA_DEFAULTS.logRetentionDays),
    enhancedMonitoring: text(
      `one of ${ENHANCED_MONITORING_LEVELS.join(", ")}`,
      KAFKA_DEFAULTS.enhancedMonitoring,
    ).default(KAFKA_DEFAULTS.enhancedMonitoring),
    replicationSource: z
      .boolean(
        messages("a boolean", "whether MSK Replicator may read the cluster from another region", "true"),
      )
      .default(KAFKA_DEFAULTS.replicationSource),
  },
  "the Kafka cluster",
  EXAMPLE,
);

type KafkaShape = (typeof KafkaSchema)["shape"];

export interface KafkaContext {
  /** `platform:environment`, when valid. */
  readonly environment: string | undefined;
  /** `platform:role`, when valid. */
  readonly role: string | undefined;
  /** Zones of `platform:network.availabilityZones`, when valid (the cluster uses at most three). */
  readonly zoneCount: number | undefined;
}

/** Zones the cluster's brokers run in: the first three of the VPC's. */
export function kafkaZoneCount(networkZones: number): number {
  return Math.min(networkZones, MAX_KAFKA_ZONES);
}

/**
 * Validates `platform:kafka` (JSON text as Pulumi passes it, or the parsed value): shapes with our messages, then
 * the component's rules on every field whose shape is valid, the environment's and role's rules, and the topic
 * catalogue's partition load on the brokers. Returns the defaulted config when it is valid.
 */
export function checkKafka(
  raw: unknown,
  stack: string,
  context: KafkaContext,
  problems: Problem[],
): KafkaConfig | undefined {
  const value = structured(
    raw,
    KAFKA_KEY,
    `every stack runs its region's MSK cluster: set ${KAFKA_KEY} in Pulumi.${stack}.yaml, e.g. ${EXAMPLE}`,
    stack,
    problems,
  );
  if (value === undefined) {
    return undefined;
  }
  const parsed = KafkaSchema.safeParse(value, { error: fallbackError });
  const found: Problem[] = parsed.success ? [] : zodProblems(KAFKA_KEY, parsed.error.issues);
  const at = (field: string) => `${KAFKA_KEY}.${field}`;

  if (isRecord(value)) {
    // The rules run on the fields whose shape is valid; a field with a shape problem is reported once, above.
    const valid = new Set<string>();
    const field = <K extends keyof KafkaShape>(key: K, fallback: NonNullable<KafkaShape[K]["_output"]>) => {
      const result = KafkaSchema.shape[key].safeParse(value[key]);
      if (result.success && result.data !== undefined) {
        valid.add(key);
        return result.data as NonNullable<KafkaShape[K]["_output"]>;
      }
      return fallback;
    };
    const kafkaVersion = field("kafkaVersion", DEFAULT_KAFKA_VERSION);
    const instanceType = field("brokerInstanceType", "");
    const brokersPerAz = field("brokersPerAz", 1);
    const volumeSizeGiB = field("volumeSizeGiB", 1);
    const maxVolumeSizeGiB = field("maxVolumeSizeGiB", volumeSizeGiB);
    const storageTargetPercent = field("storageTargetPercent", KAFKA_DEFAULTS.storageTargetPercent);
    const durabilityText = field("durability", KAFKA_DEFAULTS.durability);
    const logRetentionDays = field("logRetentionDays", KAFKA_DEFAULTS.logRetentionDays);
    const monitoring = field("enhancedMonitoring", KAFKA_DEFAULTS.enhancedMonitoring);
    const replicationSource = field("replicationSource", KAFKA_DEFAULTS.replicationSource);

    if (valid.has("kafkaVersion")) {
      const problem = kafkaVersionProblem(kafkaVersion);
      if (problem !== undefined) {
        found.push({ path: at("kafkaVersion"), message: problem });
      }
    }
    const durability = isDurability(durabilityText) ? durabilityText : undefined;
    if (valid.has("durability") && durability === undefined) {
      found.push({
        path: at("durability"),
        message: `${JSON.stringify(durabilityText)} is not a durability; use ${DURABILITY_PROFILES.join(" or ")}`,
      });
    }
    if (
      valid.has("enhancedMonitoring") &&
      !(ENHANCED_MONITORING_LEVELS as readonly string[]).includes(monitoring)
    ) {
      found.push({
        path: at("enhancedMonitoring"),
        message: `${JSON.stringify(monitoring)} is not an MSK monitoring level; use one of ${ENHANCED_MONITORING_LEVELS.join(", ")}`,
      });
    }
    if (valid.has("brokersPerAz") && (!Number.isInteger(brokersPerAz) || brokersPerAz < 1)) {
      found.push({
        path: at("brokersPerAz"),
        message: `${brokersPerAz} is not a broker count; use a whole number of brokers per zone, 1 or more`,
      });
    }
    const storage = storageProblems({ volumeSizeGiB, maxVolumeSizeGiB, storageTargetPercent }).filter((p) =>
      valid.has(p.path),
    );
    found.push(...storage.map((p) => ({ path: at(p.path), message: p.message })));
    if (valid.has("logRetentionDays")) {
      const problem = retentionProblem(logRetentionDays);
      if (problem !== undefined) {
        found.push({ path: at("logRetentionDays"), message: problem });
      }
    }
    if (context.environment === "prod" && durability === "non-durable-dev") {
      found.push({
        path: at("durability"),
        message:
          "non-durable-dev can lose acknowledged writes when a broker fails; prod keeps durable topics: set durability to durable",
      });
    }
    if (context.role === "secondary" && valid.has("replicationSource") && !replicationSource) {
      found.push({
        path: at("replicationSource"),
        message:
          "a secondary's cluster is the source of the replicator back to its primary, which needs multi-VPC connectivity; set replicationSource to true",
      });
    }

    const layoutReady =
      durability !== undefined &&
      context.zoneCount !== undefined &&
      ["brokerInstanceType", "brokersPerAz"].every((key) => valid.has(key)) &&
      Number.isInteger(brokersPerAz) &&
      brokersPerAz >= 1;
    if (layoutReady) {
      const zoneCount = kafkaZoneCount(context.zoneCount!);
      const brokerCount = brokersPerAz * zoneCount;
      const paths: Record<string, string> = {
        subnetIds: "platform:network.availabilityZones",
        brokerCount: at("brokersPerAz"),
        brokerInstanceType: at("brokerInstanceType"),
        replicationSource: at("replicationSource"),
      };
      const layout = brokerLayoutProblems({
        brokerCount,
        zoneCount,
        durability: durability!,
        instanceType,
        replicationSource,
      });
      found.push(...layout.map((p) => ({ path: paths[p.path] ?? at(p.path), message: p.message })));
      if (layout.length === 0) {
        const load = partitionLoadProblem(
          planTopics(TOPIC_CATALOGUE, durability!),
          brokerCount,
          instanceType,
        );
        if (load !== undefined) {
          found.push({ path: at("brokerInstanceType"), message: load });
        }
      }
    }
  }

  problems.push(...found);
  if (!parsed.success || found.length > 0) {
    return undefined;
  }
  const data = parsed.data;
  return {
    kafkaVersion: data.kafkaVersion,
    brokerInstanceType: data.brokerInstanceType,
    brokersPerAz: data.brokersPerAz,
    volumeSizeGiB: data.volumeSizeGiB,
    maxVolumeSizeGiB: data.maxVolumeSizeGiB ?? data.volumeSizeGiB,
    storageTargetPercent: data.storageTargetPercent,
    durability: data.durability as Durability,
    logRetentionDays: data.logRetentionDays,
    enhancedMonitoring: data.enhancedMonitoring as EnhancedMonitoring,
    replicationSource: data.replicationSource,
  };
}
