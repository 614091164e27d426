/**
 * Pure planning for `MskCluster`. This file holds the defaults and rules of the component's arguments; the subjects
 * they draw on are split under `./plan/`: the cluster (`cluster.ts`: version, brokers and zones, durability,
 * storage, ports), open monitoring (`monitoring.ts`: the exporters' ports, the brokers' DNS names), the topics
 * (`topics.ts`) and who may do what (`access.ts`: the access matrix, the client
 * policies, the replication source's cluster policy). Nothing here imports `@pulumi/*`, so every rule is testable
 * without mocks (`test/components/msk-cluster/plan.spec.ts`) and the `platform:kafka` config section checks with
 * exactly the component's rules.
 *
 * AWS facts used below (Amazon MSK Developer Guide, checked 2026-11; the version and size lists re-taken 2026-12-02,
 * see `plan/cluster.ts`):
 * - Kafka versions: `supported-kafka-versions.html` (`MSK_KAFKA_VERSIONS`, the ended ones with their dates);
 * - broker sizes: `broker-instance-sizes.html` (Standard brokers `kafka.t3.small`, `kafka.m5.*`, `kafka.m7g.*`;
 *   Express brokers `express.m7g.*` have no EBS volume to size);
 * - client subnets: two or three, in distinct zones (`AWS::MSK::Cluster BrokerNodeGroupInfo.ClientSubnets`);
 * - EBS volume 1–16384 GiB per broker, auto-scaling target 10–80 % (`msk-autoexpand-details.html`);
 * - topic APIs (`aws.msk.Topic`) need Kafka 3.6.0 or later (`msk-topic-operations-information.html`);
 * - IAM actions, required actions and resources: `kafka-actions.html`; ARN formats `arn:aws:kafka:<region>:<account>:
 *   {cluster|topic|group}/<cluster name>/<cluster uuid>[/<topic or group>]` (`iam-access-control.html`);
 * - partitions per broker (leaders and followers): `bestpractices.html#partitions-per-broker`;
 * - open monitoring: the JMX and Node Exporters on ports 11001 and 11002 of every broker (`plan/monitoring.ts`);
 * - MSK Replicator needs m5.large or larger and at least 3 brokers (4 in two zones); multi-VPC private connectivity,
 *   which a cross-region source needs, is not available on t3.small (`msk-replicator-supported-configs.html`,
 *   `aws-access-mult-vpc.html`).
 */
import { retentionProblem } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import { AccessMatrix, validateAccessMatrix } from "./plan/access";
import {
  DEFAULT_KAFKA_VERSION,
  DURABILITY,
  DURABILITY_PROFILES,
  Durability,
  ENHANCED_MONITORING_LEVELS,
  EnhancedMonitoring,
  brokerLayoutProblems,
  isDurability,
  kafkaVersionProblem,
  storageProblems,
} from "./plan/cluster";
import { TopicSpec, partitionLoadProblem, planTopics, validateTopicCatalogue } from "./plan/topics";

export * from "./plan/access";
export * from "./plan/cluster";
export * from "./plan/monitoring";
export * from "./plan/topics";

// ---------------------------------------------------------------------------------------------------------------
// The arguments: defaults and rules

/**
 * The plain part of the (defaulted) arguments the rules read. The component's resolved arguments are one: its
 * Outputs (the subnet ids, the client groups' ids) count only by number and by key.
 */
export interface MskClusterPlanInput {
  /** One per zone: only their number is checked. */
  readonly subnetIds: readonly unknown[];
  readonly kafkaVersion: string;
  readonly brokerInstanceType: string;
  readonly brokerCount: number;
  readonly volumeSizeGiB: number;
  readonly maxVolumeSizeGiB: number;
  readonly storageTargetPercent: number;
  readonly durability: Durability;
  readonly logRetentionDays: number;
  /** Client security groups by key (the keys name ingress rules). */
  readonly clientSecurityGroupIds: Readonly<Record<string, unknown>>;
  readonly topics: readonly TopicSpec[];
  readonly accessMatrix: AccessMatrix;
  readonly replicationSource: boolean;
  readonly enhancedMonitoring: EnhancedMonitoring;
  /** Whether the brokers run the Prometheus JMX and Node Exporters (open monitoring). */
  readonly openMonitoring: boolean;
}

/** The defaults, in one place. */
export const mskClusterDefaults = {
  kafkaVersion: DEFAULT_KAFKA_VERSION,
  storageTargetPercent: 60,
  durability: "durable",
  logRetentionDays: 90,
  clientSecurityGroupIds: {},
  replicationSource: false,
  enhancedMonitoring: "PER_BROKER",
  openMonitoring: true,
  protect: false,
  tags: {},
} as const satisfies Partial<MskClusterPlanInput> & { protect: boolean; tags: object };

const RULE_KEY = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Every problem of the (defaulted) arguments, with paths relative to them (`brokerCount`, `topics[3].partitions`,
 * `accessMatrix.shop[0].topics[1]`). The component adds the problem of its provider (`validateMskClusterArgs`);
 * empty when the component can be built.
 */
export function mskClusterArgsProblems(args: MskClusterPlanInput): Problem[] {
  const problems: Problem[] = [];
  const versionProblem = kafkaVersionProblem(args.kafkaVersion);
  if (versionProblem !== undefined) {
    problems.push({ path: "kafkaVersion", message: versionProblem });
  }
  const durabilityValid = isDurability(args.durability);
  if (!durabilityValid) {
    problems.push({
      path: "durability",
      message: `${JSON.stringify(args.durability)} is not a durability; use ${DURABILITY_PROFILES.join(" or ")}`,
    });
  }
  const subnetCount = Array.isArray(args.subnetIds) ? args.subnetIds.length : 0;
  const layoutProblems = durabilityValid
    ? brokerLayoutProblems({
        brokerCount: args.brokerCount,
        zoneCount: subnetCount,
        durability: args.durability,
        instanceType: args.brokerInstanceType,
        replicationSource: args.replicationSource,
      })
    : [];
  problems.push(...layoutProblems);
  problems.push(
    ...storageProblems({
      volumeSizeGiB: args.volumeSizeGiB,
      maxVolumeSizeGiB: args.maxVolumeSizeGiB,
      storageTargetPercent: args.storageTargetPercent,
    }),
  );
  const retention = retentionProblem(args.logRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "logRetentionDays", message: retention });
  }
  if (!(ENHANCED_MONITORING_LEVELS as readonly string[]).includes(args.enhancedMonitoring)) {
    problems.push({
      path: "enhancedMonitoring",
      message: `${JSON.stringify(args.enhancedMonitoring)} is not an MSK monitoring level; use one of ${ENHANCED_MONITORING_LEVELS.join(", ")}`,
    });
  }
  for (const key of Object.keys(args.clientSecurityGroupIds)) {
    if (!RULE_KEY.test(key)) {
      problems.push({
        path: `clientSecurityGroupIds.${key}`,
        message: `${JSON.stringify(key)} cannot name an ingress rule; use lowercase letters, digits and - (e.g. eks-nodes)`,
      });
    }
  }
  const brokerCountValid = Number.isInteger(args.brokerCount) && args.brokerCount >= 1;
  // Too few brokers for the profile is reported once (brokerCount), not again for every topic.
  const catalogueProblems =
    durabilityValid && brokerCountValid
      ? validateTopicCatalogue(args.topics, {
          brokerCount: Math.max(args.brokerCount, DURABILITY[args.durability].replicationFactor),
          durability: args.durability,
        })
      : [];
  problems.push(...catalogueProblems);
  const topicNames = args.topics.map((topic) => topic.name);
  problems.push(...validateAccessMatrix(args.accessMatrix, topicNames));
  if (catalogueProblems.length === 0 && layoutProblems.length === 0 && durabilityValid && brokerCountValid) {
    const load = partitionLoadProblem(
      planTopics(args.topics, args.durability),
      args.brokerCount,
      args.brokerInstanceType,
    );
    if (load !== undefined) {
      problems.push({ path: "topics", message: load });
    }
  }
  return problems;
}
