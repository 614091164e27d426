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
import { Problem, prefixProblems } from "../../components/common/validation";
import {
  Fields,
  Section,
  SectionContext,
  everyStackRuns,
  messages,
  numeric,
  strict,
  structuredSection,
  text,
} from "./section";
import { TOPIC_CATALOGUE } from "../catalogue";
import { NETWORK_KEY } from "./network";
import { kafkaBrokerCount, kafkaZoneCount } from "../placement";

export const KAFKA_KEY = "platform:kafka";

/** The component's defaults, and the stacks' own: one broker per zone. */
export const KAFKA_DEFAULTS = {
  kafkaVersion: mskClusterDefaults.kafkaVersion,
  brokersPerAz: 1,
  storageTargetPercent: mskClusterDefaults.storageTargetPercent,
  durability: mskClusterDefaults.durability,
  logRetentionDays: mskClusterDefaults.logRetentionDays,
  enhancedMonitoring: mskClusterDefaults.enhancedMonitoring,
  replicationSource: mskClusterDefaults.replicationSource,
  openMonitoring: mskClusterDefaults.openMonitoring,
} as const;

export interface KafkaConfig {
  /** MSK's version name, one of MSK_KAFKA_VERSIONS. @default DEFAULT_KAFKA_VERSION */
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
  /**
   * Whether the brokers run the Prometheus JMX and Node Exporters, scraped by the region's managed collector into its
   * Prometheus workspace; false turns off both exporters and the collector (ADR 0033). @default true
   */
  openMonitoring: boolean;
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
    openMonitoring: z
      .boolean(
        messages(
          "a boolean",
          "whether the brokers' Prometheus exporters run and the region's managed collector scrapes them",
          "true",
        ),
      )
      .default(KAFKA_DEFAULTS.openMonitoring),
  },
  "the Kafka cluster",
  EXAMPLE,
);

/**
 * Validates `platform:kafka`: shapes with our messages, then the component's rules on every field whose shape is
 * valid, the environment's and role's rules, and, on a valid network, the broker layout and the topic catalogue's
 * partition load on the brokers.
 */
export const checkKafka: Section<KafkaConfig> = structuredSection({
  key: KAFKA_KEY,
  schema: KafkaSchema,
  whenAbsent: everyStackRuns(KAFKA_KEY, "its region's MSK cluster", EXAMPLE),
  rules: (_value, context, fields) => kafkaProblems(fields, context),
  build: (data) => ({
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
    openMonitoring: data.openMonitoring,
  }),
});

function at(field: string): string {
  return `${KAFKA_KEY}.${field}`;
}

function kafkaProblems(fields: Fields<(typeof KafkaSchema)["shape"]>, context: SectionContext): Problem[] {
  const found: Problem[] = [];
  const instanceType = fields.get("brokerInstanceType") ?? "";
  const brokersPerAz = fields.get("brokersPerAz") ?? 1;
  const volumeSizeGiB = fields.get("volumeSizeGiB") ?? 1;
  const maxVolumeSizeGiB = fields.get("maxVolumeSizeGiB") ?? volumeSizeGiB;
  const storageTargetPercent = fields.get("storageTargetPercent") ?? KAFKA_DEFAULTS.storageTargetPercent;
  const durabilityText = fields.get("durability") ?? KAFKA_DEFAULTS.durability;
  const replicationSource = fields.get("replicationSource") ?? KAFKA_DEFAULTS.replicationSource;

  found.push(...fields.message("kafkaVersion", kafkaVersionProblem));
  const durability = isDurability(durabilityText) ? durabilityText : undefined;
  found.push(
    ...fields.message("durability", (text) =>
      isDurability(text)
        ? undefined
        : `${JSON.stringify(text)} is not a durability; use ${DURABILITY_PROFILES.join(" or ")}`,
    ),
  );
  found.push(
    ...fields.message("enhancedMonitoring", (level) =>
      (ENHANCED_MONITORING_LEVELS as readonly string[]).includes(level)
        ? undefined
        : `${JSON.stringify(level)} is not an MSK monitoring level; use one of ${ENHANCED_MONITORING_LEVELS.join(", ")}`,
    ),
  );
  found.push(
    ...fields.message("brokersPerAz", (count) =>
      Number.isInteger(count) && count >= 1
        ? undefined
        : `${count} is not a broker count; use a whole number of brokers per zone, 1 or more`,
    ),
  );
  const storage = fields.onValid(storageProblems({ volumeSizeGiB, maxVolumeSizeGiB, storageTargetPercent }));
  found.push(...prefixProblems(KAFKA_KEY, storage));
  found.push(...fields.message("logRetentionDays", retentionProblem));
  if (context.environment === "prod" && durability === "non-durable-dev") {
    found.push({
      path: at("durability"),
      message:
        "non-durable-dev can lose acknowledged writes when a broker fails; prod keeps durable topics: set durability to durable",
    });
  }
  if (context.role === "secondary" && fields.valid("replicationSource") && !replicationSource) {
    found.push({
      path: at("replicationSource"),
      message:
        "a secondary's cluster is the source of the replicator back to its primary, which needs multi-VPC connectivity; set replicationSource to true",
    });
  }

  const layoutReady =
    durability !== undefined &&
    context.zoneCount !== undefined &&
    ["brokerInstanceType", "brokersPerAz"].every((key) => fields.valid(key)) &&
    Number.isInteger(brokersPerAz) &&
    brokersPerAz >= 1;
  if (layoutReady) {
    const zoneCount = kafkaZoneCount(context.zoneCount!);
    const brokerCount = kafkaBrokerCount(brokersPerAz, context.zoneCount!);
    const paths: Record<string, string> = {
      subnetIds: `${NETWORK_KEY}.availabilityZones`,
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
      const load = partitionLoadProblem(planTopics(TOPIC_CATALOGUE, durability!), brokerCount, instanceType);
      if (load !== undefined) {
        found.push({ path: at("brokerInstanceType"), message: load });
      }
    }
  }
  return found;
}
