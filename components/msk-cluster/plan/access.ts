/**
 * Who may do what with an `MskCluster`: the access matrix of the clients, the least-privilege IAM policy it
 * generates for each client, and the cluster's resource policy for MSK Replicator when it is a replication source.
 */
import { ActionStatement, PolicyDocument, policyDocument } from "../../common/iam";
import type { Problem } from "../../common/validation";

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
