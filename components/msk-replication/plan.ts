/**
 * Pure planning for `MskReplication`: the two directions, the replicator names, the topic patterns, the IAM
 * documents (the replicators' execution and trust policies), and the arguments' defaults and rules. No `@pulumi/*`
 * import.
 *
 * AWS facts used below (Amazon MSK Developer Guide, checked 2026-11):
 * - the execution role's actions are those of the AWS managed policy `AWSMSKReplicatorExecutionRole`
 *   (security-iam-awsmanpol-AWSMSKReplicatorExecutionRole.html); here they are scoped to the two clusters instead of
 *   every cluster of every account, and the role trusts `kafka.amazonaws.com` for this account only
 *   (msk-replicator-ser.html);
 * - a cross-region source needs multi-VPC connectivity for IAM and a cluster policy for MSK Replicator, both set up
 *   by `MskCluster` (`replicationSource`) in the stack that owns the cluster (msk-replicator-network-reqs.html); the
 *   replicator is created in the target's region and reaches the clusters on the IAM port 9098;
 * - identical topic names need Kafka 2.8.1 or later; MSK Replicator stops a record from returning to the cluster it
 *   came from through its `__mskmr` record header, so two opposite replicators with identical names do not loop
 *   (msk-replicator-topic-naming.html);
 * - replicator names: 1–128 letters, digits and `-` (CreateReplicator API); compression NONE, GZIP, SNAPPY, LZ4, ZSTD.
 */
import { isRegionName, retentionProblem } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import { PolicyDocument, policyDocument } from "../common/iam";
import { groupArn, topicArn } from "../msk-cluster/plan";

export const TOPIC_NAME_MODES = ["identical", "prefixed"] as const;
/** `identical` keeps topic names on the target (clients fail over unchanged); `prefixed` adds the source alias. */
export type TopicNameMode = (typeof TOPIC_NAME_MODES)[number];

export const STARTING_POSITIONS = ["EARLIEST", "LATEST"] as const;
export type StartingPosition = (typeof STARTING_POSITIONS)[number];

export const COMPRESSION_TYPES = ["NONE", "GZIP", "SNAPPY", "LZ4", "ZSTD"] as const;
export type CompressionType = (typeof COMPRESSION_TYPES)[number];

/** Consumer-group offset sync: `enhanced` needs a replicator in the other direction and identical topic names. */
export const OFFSET_SYNC_MODES = ["legacy", "enhanced"] as const;
export type OffsetSyncMode = (typeof OFFSET_SYNC_MODES)[number];

export const MAX_REPLICATOR_NAME_LENGTH = 128;
const REPLICATOR_NAME = /^[0-9A-Za-z][0-9A-Za-z-]*$/;

/** One replication direction, from `source` to `target` (both region names). */
export interface PlannedDirection {
  /** Stable key naming the direction's resources: `<source region>-to-<target region>`. */
  readonly key: string;
  readonly source: "primary" | "secondary";
  readonly target: "primary" | "secondary";
  readonly sourceRegion: string;
  readonly targetRegion: string;
  /** Physical replicator name: `<prefix>-<key>`. */
  readonly replicatorName: string;
}

/** Both directions: primary → secondary (created in the secondary's region) and back (in the primary's). */
export function planDirections(
  namePrefix: string,
  primaryRegion: string,
  secondaryRegion: string,
): PlannedDirection[] {
  const direction = (
    source: "primary" | "secondary",
    sourceRegion: string,
    targetRegion: string,
  ): PlannedDirection => {
    const key = `${sourceRegion}-to-${targetRegion}`;
    return {
      key,
      source,
      target: source === "primary" ? "secondary" : "primary",
      sourceRegion,
      targetRegion,
      replicatorName: `${namePrefix}-${key}`,
    };
  };
  return [
    direction("primary", primaryRegion, secondaryRegion),
    direction("secondary", secondaryRegion, primaryRegion),
  ];
}

/** A regular expression matching exactly one topic or group name (MSK takes Java regular expressions). */
export function exactPattern(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}

/** Actions of `AWSMSKReplicatorExecutionRole`, by the resource they apply to. */
export const REPLICATOR_CLUSTER_ACTIONS: readonly string[] = [
  "Connect",
  "DescribeCluster",
  "AlterCluster",
  "DescribeTopic",
  "CreateTopic",
  "AlterTopic",
  "WriteData",
  "ReadData",
  "AlterGroup",
  "DescribeGroup",
  "DescribeTopicDynamicConfiguration",
  "AlterTopicDynamicConfiguration",
  "WriteDataIdempotently",
].map((action) => `kafka-cluster:${action}`);

export const REPLICATOR_TOPIC_ACTIONS: readonly string[] = [
  "DescribeTopic",
  "CreateTopic",
  "AlterTopic",
  "WriteData",
  "ReadData",
  "DescribeTopicDynamicConfiguration",
  "AlterTopicDynamicConfiguration",
  "AlterCluster",
].map((action) => `kafka-cluster:${action}`);

export const REPLICATOR_GROUP_ACTIONS: readonly string[] = ["AlterGroup", "DescribeGroup"].map(
  (action) => `kafka-cluster:${action}`,
);

/**
 * The execution policy of one replicator: the managed policy's actions on the source and target clusters only
 * (their cluster ARNs, every topic — the replicator also keeps internal topics — and every group).
 */
export function replicatorPolicyDocument(sourceClusterArn: string, targetClusterArn: string): PolicyDocument {
  const clusters = [sourceClusterArn, targetClusterArn];
  return policyDocument([
    { Sid: "Clusters", Effect: "Allow", Action: [...REPLICATOR_CLUSTER_ACTIONS], Resource: clusters },
    {
      Sid: "Topics",
      Effect: "Allow",
      Action: [...REPLICATOR_TOPIC_ACTIONS],
      Resource: clusters.map((arn) => topicArn(arn, "*")),
    },
    {
      Sid: "ConsumerGroups",
      Effect: "Allow",
      Action: [...REPLICATOR_GROUP_ACTIONS],
      Resource: clusters.map((arn) => groupArn(arn, "*")),
    },
  ]);
}

/** Trust policy of a replicator's execution role: the MSK service, on behalf of this account only. */
export function replicatorTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "MskReplicatorOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "kafka.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** The defaults of the component's arguments, in one place. */
export const mskReplicationDefaults = {
  consumerGroupPatterns: [".*"],
  topicNames: "identical",
  startingPosition: "EARLIEST",
  compression: "LZ4",
  offsetSync: "enhanced",
  logRetentionDays: 90,
  tags: {},
} as const satisfies Partial<MskReplicationPlanInput> & { tags: object };

/**
 * The plain part of the (defaulted) arguments the rules read; the component's resolved arguments are one (the
 * sides' clusters, networks and providers are Outputs and resources, checked by the component).
 */
export interface MskReplicationPlanInput {
  readonly primary: { readonly region: string };
  readonly secondary: { readonly region: string };
  readonly namePrefix: string;
  readonly topics: readonly string[];
  readonly consumerGroupPatterns: readonly string[];
  readonly topicNames: TopicNameMode;
  readonly startingPosition: StartingPosition;
  readonly compression: CompressionType;
  readonly offsetSync: OffsetSyncMode;
  readonly logRetentionDays: number;
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them: regions, names, topics, consumer-group
 * patterns, the replication choices and the log retention. The providers are the component's to check.
 */
export function mskReplicationArgsProblems(input: MskReplicationPlanInput): Problem[] {
  const problems: Problem[] = [];
  for (const side of ["primary", "secondary"] as const) {
    if (!isRegionName(input[side].region)) {
      problems.push({
        path: `${side}.region`,
        message: `${JSON.stringify(input[side].region)} is not a region name; use e.g. ap-east-2`,
      });
    }
  }
  if (input.primary.region === input.secondary.region) {
    problems.push({
      path: "secondary.region",
      message: `both clusters are in ${input.primary.region}; this component replicates across regions, so the secondary must be in another region`,
    });
  }
  const longest = planDirections(input.namePrefix, input.primary.region, input.secondary.region).reduce(
    (max, direction) => Math.max(max, direction.replicatorName.length),
    0,
  );
  if (!REPLICATOR_NAME.test(input.namePrefix)) {
    problems.push({
      path: "namePrefix",
      message: `${JSON.stringify(input.namePrefix)} cannot start a replicator name; use letters, digits and -, starting with a letter or digit (e.g. platform-prod)`,
    });
  } else if (longest > MAX_REPLICATOR_NAME_LENGTH) {
    problems.push({
      path: "namePrefix",
      message: `replicator names would have ${longest} characters, more than the ${MAX_REPLICATOR_NAME_LENGTH} MSK allows; shorten the prefix`,
    });
  }
  if (input.topics.length === 0) {
    problems.push({ path: "topics", message: "no topics; list the catalogue topics to replicate" });
  }
  const seen = new Set<string>();
  input.topics.forEach((topic, index) => {
    if (typeof topic !== "string" || !/^[a-zA-Z0-9._-]+$/.test(topic)) {
      problems.push({
        path: `topics[${index}]`,
        message: `${JSON.stringify(topic)} is not a Kafka topic name; use the catalogue's names`,
      });
    } else if (seen.has(topic)) {
      problems.push({ path: `topics[${index}]`, message: `${topic} is listed twice; list each topic once` });
    }
    seen.add(topic);
  });
  if (input.consumerGroupPatterns.length === 0) {
    problems.push({
      path: "consumerGroupPatterns",
      message:
        'no patterns; list the consumer groups whose offsets follow the data (e.g. "^shop-.*"), or ".*"',
    });
  }
  input.consumerGroupPatterns.forEach((pattern, index) => {
    try {
      new RegExp(pattern);
    } catch {
      problems.push({
        path: `consumerGroupPatterns[${index}]`,
        message: `${JSON.stringify(pattern)} is not a regular expression; fix it (e.g. "^shop-.*")`,
      });
    }
  });
  const choice = <T extends string>(path: string, value: T, allowed: readonly T[]) => {
    if (!allowed.includes(value)) {
      problems.push({
        path,
        message: `${JSON.stringify(value)} is not allowed; use one of ${allowed.join(", ")}`,
      });
    }
  };
  choice("topicNames", input.topicNames, TOPIC_NAME_MODES);
  choice("startingPosition", input.startingPosition, STARTING_POSITIONS);
  choice("compression", input.compression, COMPRESSION_TYPES);
  choice("offsetSync", input.offsetSync, OFFSET_SYNC_MODES);
  if (input.offsetSync === "enhanced" && input.topicNames === "prefixed") {
    problems.push({
      path: "offsetSync",
      message:
        "enhanced offset sync needs identical topic names; set topicNames to identical or offsetSync to legacy",
    });
  }
  const retention = retentionProblem(input.logRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "logRetentionDays", message: retention });
  }
  return problems;
}
