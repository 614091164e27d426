/**
 * `MskReplication`: MSK Replicators in both directions between a primary and a secondary cluster in two regions,
 * owned by one stack (the secondary's; DESIGN §4) and acting in both regions through two explicit providers. Each
 * direction is a replicator in its target's region with its own execution role, log group and security groups.
 * Both clusters must be replication sources (`MskCluster` `replicationSource`: multi-VPC connectivity and the
 * cluster policy, owned by each cluster's stack). Topic names stay identical on both sides;
 * MSK Replicator's `__mskmr` header keeps records from flowing back (see docs/runbooks/kafka-replication.md).
 * Directions, names, patterns, IAM documents, defaults and rules are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { Problem, throwIfProblems } from "../common/validation";
import { IAM_TLS_PORT } from "../msk-cluster/plan";
import {
  CompressionType,
  OffsetSyncMode,
  PlannedDirection,
  StartingPosition,
  TopicNameMode,
  exactPattern,
  MskReplicationPlanInput,
  mskReplicationArgsProblems,
  mskReplicationDefaults,
  planDirections,
  replicatorPolicyDocument,
  replicatorTrustPolicy,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const MSK_REPLICATION_TYPE = "platform:streaming:MskReplication";

/** One cluster of the pair, with the provider of its region. */
export interface ReplicationSide {
  /** The cluster's region (plain: it names the directions' resources and must be the provider's region). */
  readonly region: string;
  readonly clusterArn: pulumi.Input<string>;
  /** VPC of the cluster; the replicators' security groups for this side are created in it. */
  readonly vpcId: pulumi.Input<string>;
  /** Subnets (the cluster's data subnets) where the replicators place their network interfaces on this side. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The cluster's broker security group; it gets an ingress rule on the IAM port per replicator. */
  readonly brokerSecurityGroupId: pulumi.Input<string>;
  /** Customer KMS key for the log group of the replicator that writes into this side (the region's logs key). */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** Provider of the side's region. */
  readonly provider: aws.Provider;
}

export interface MskReplicationArgs {
  /** The primary's cluster (Taipei): source of the first direction, target of the second. */
  readonly primary: ReplicationSide;
  /** The secondary's cluster (Tokyo): target of the first direction, source of the second. */
  readonly secondary: ReplicationSide;
  /**
   * First part of the replicators' physical names, `<namePrefix>-<source region>-to-<target region>`; include the
   * environment (e.g. `platform-prod`). Plain: it is part of a name.
   */
  readonly namePrefix: string;
  /** Topic names to replicate (the catalogue's), each matched exactly. Plain: validated. */
  readonly topics: readonly string[];
  /**
   * Regular expressions of the consumer groups whose offsets are replicated with the data (e.g. `^shop-.*`).
   * @default [".*"] (every group)
   */
  readonly consumerGroupPatterns?: readonly string[];
  /**
   * `identical` keeps topic names (clients fail over without reconfiguration; MSK's `__mskmr` header prevents
   * loops); `prefixed` writes into `<source alias>.<topic>`.
   * @default "identical"
   */
  readonly topicNames?: TopicNameMode;
  /**
   * Where a new replicator starts reading: `EARLIEST` copies the retained history, so a standby is complete.
   * @default "EARLIEST"
   */
  readonly startingPosition?: StartingPosition;
  /**
   * Compression of records written to the target (cross-region transfer is billed per byte).
   * @default "LZ4"
   */
  readonly compression?: CompressionType;
  /**
   * `enhanced` keeps consumer offsets in step wherever producers run (needs both directions and identical names);
   * `legacy` syncs only offsets of data produced on the source.
   * @default "enhanced"
   */
  readonly offsetSync?: OffsetSyncMode;
  /**
   * Retention of the replicators' log groups, in days; one of the values CloudWatch Logs accepts.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /** Extra tags on every child that takes tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Resources only the replicators must wait for (e.g. the clusters' topics, which replication starts from). Not a
   * `dependsOn` of the whole component: its roles, security groups and log groups need not wait, and waiting would
   * lengthen the deploy's critical path.
   * @default []
   */
  readonly replicatorsDependOn?: readonly pulumi.Resource[];
}

/** Every argument with its default applied. */
export interface ResolvedMskReplicationArgs extends MskReplicationPlanInput {
  readonly primary: ReplicationSide;
  readonly secondary: ReplicationSide;
  readonly tags: Readonly<Record<string, string>>;
}

export function withDefaults(args: MskReplicationArgs): ResolvedMskReplicationArgs {
  return {
    primary: args.primary,
    secondary: args.secondary,
    namePrefix: args.namePrefix,
    topics: args.topics,
    consumerGroupPatterns: args.consumerGroupPatterns ?? mskReplicationDefaults.consumerGroupPatterns,
    topicNames: args.topicNames ?? mskReplicationDefaults.topicNames,
    startingPosition: args.startingPosition ?? mskReplicationDefaults.startingPosition,
    compression: args.compression ?? mskReplicationDefaults.compression,
    offsetSync: args.offsetSync ?? mskReplicationDefaults.offsetSync,
    logRetentionDays: args.logRetentionDays ?? mskReplicationDefaults.logRetentionDays,
    tags: args.tags ?? mskReplicationDefaults.tags,
  };
}

/** Every problem of the (defaulted) arguments: the providers', then the plan's (`mskReplicationArgsProblems`). */
export function validateMskReplicationArgs(args: ResolvedMskReplicationArgs): Problem[] {
  const problems: Problem[] = [];
  for (const side of ["primary", "secondary"] as const) {
    if (!aws.Provider.isInstance(args[side].provider)) {
      problems.push({
        path: `${side}.provider`,
        message: `not an aws.Provider; pass the explicit provider of the ${side}'s region (${args[side].region})`,
      });
    }
  }
  problems.push(...mskReplicationArgsProblems(args));
  return problems;
}

/**
 * Cross-region replication between two MSK clusters, both ways: per direction a replicator in the target's
 * region, its execution role (the replicator actions on these two clusters only), a log group, and a security
 * group per side admitted by that side's brokers on the IAM port.
 */
export class MskReplication extends pulumi.ComponentResource {
  /** Replicator ARNs by direction (`ap-east-2-to-ap-northeast-1`, `ap-northeast-1-to-ap-east-2`). */
  readonly replicatorArns: pulumi.Output<Record<string, string>>;
  /** Execution role ARNs by direction. */
  readonly executionRoleArns: pulumi.Output<Record<string, string>>;
  /** The resolved directions, plain. */
  readonly directions: readonly PlannedDirection[];

  constructor(name: string, args: MskReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MSK_REPLICATION_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    throwIfProblems(`Invalid arguments for MskReplication "${name}"`, validateMskReplicationArgs(resolved));
    const sides = { primary: resolved.primary, secondary: resolved.secondary };
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const directions = planDirections(
      resolved.namePrefix,
      resolved.primary.region,
      resolved.secondary.region,
    );

    const replicatorArns: pulumi.Output<[string, string]>[] = [];
    const roleArns: pulumi.Output<[string, string]>[] = [];
    for (const direction of directions) {
      const source = sides[direction.source];
      const target = sides[direction.target];
      const targetOpts = { parent: this, provider: target.provider };
      const base = `${name}-${direction.key}`;

      const accountId = aws.getCallerIdentityOutput({}, targetOpts).accountId;
      const role = new aws.iam.Role(
        base,
        {
          description: `Execution role of MSK Replicator ${direction.replicatorName}`,
          assumeRolePolicy: accountId.apply((account) =>
            policyJson(replicatorTrustPolicy(account), "compact"),
          ),
          tags: tags({ Name: base }),
        },
        targetOpts,
      );
      const rolePolicy = new aws.iam.RolePolicy(
        base,
        {
          role: role.name,
          policy: pulumi
            .all([source.clusterArn, target.clusterArn])
            .apply(([sourceArn, targetArn]) =>
              policyJson(replicatorPolicyDocument(sourceArn, targetArn), "compact"),
            ),
        },
        { parent: role, provider: target.provider },
      );

      // A security group per side in that side's VPC, reaching only that side's brokers on the IAM port, and
      // admitted by them.
      const networkOf = (side: typeof source) => {
        const sideOpts = { parent: this, provider: side.provider };
        const groupName = `${base}-${side.region}`;
        const group = new aws.ec2.SecurityGroup(
          groupName,
          {
            vpcId: side.vpcId,
            description: `MSK Replicator ${direction.replicatorName} in ${side.region}: IAM/TLS to the brokers only`,
            tags: tags({ Name: groupName }),
          },
          sideOpts,
        );
        const egress = new aws.vpc.SecurityGroupEgressRule(
          `${groupName}-to-brokers`,
          {
            securityGroupId: group.id,
            description: "Kafka over IAM/TLS to the brokers",
            ipProtocol: "tcp",
            fromPort: IAM_TLS_PORT,
            toPort: IAM_TLS_PORT,
            referencedSecurityGroupId: side.brokerSecurityGroupId,
            tags: tags({ Name: `${groupName}-to-brokers` }),
          },
          { parent: group, provider: side.provider },
        );
        const ingress = new aws.vpc.SecurityGroupIngressRule(
          `${groupName}-from-replicator`,
          {
            securityGroupId: side.brokerSecurityGroupId,
            description: `Kafka over IAM/TLS from MSK Replicator ${direction.replicatorName}`,
            ipProtocol: "tcp",
            fromPort: IAM_TLS_PORT,
            toPort: IAM_TLS_PORT,
            referencedSecurityGroupId: group.id,
            tags: tags({ Name: `${groupName}-from-replicator` }),
          },
          { parent: group, provider: side.provider },
        );
        return { group, rules: [egress, ingress] };
      };
      const sourceNetwork = networkOf(source);
      const targetNetwork = networkOf(target);

      const logGroup = new aws.cloudwatch.LogGroup(
        base,
        {
          retentionInDays: resolved.logRetentionDays,
          kmsKeyId: target.logsKmsKeyArn,
          tags: tags({ Name: base }),
        },
        targetOpts,
      );

      const replicator = new aws.msk.Replicator(
        base,
        {
          replicatorName: direction.replicatorName,
          description: `Replicates the catalogue topics and consumer offsets from ${direction.sourceRegion} to ${direction.targetRegion}`,
          serviceExecutionRoleArn: role.arn,
          kafkaClusters: [
            {
              amazonMskCluster: { mskClusterArn: source.clusterArn },
              vpcConfig: { subnetIds: source.subnetIds, securityGroupsIds: [sourceNetwork.group.id] },
            },
            {
              amazonMskCluster: { mskClusterArn: target.clusterArn },
              vpcConfig: { subnetIds: target.subnetIds, securityGroupsIds: [targetNetwork.group.id] },
            },
          ],
          replicationInfoList: {
            sourceKafkaClusterArn: source.clusterArn,
            targetKafkaClusterArn: target.clusterArn,
            targetCompressionType: resolved.compression,
            topicReplications: [
              {
                topicsToReplicates: resolved.topics.map(exactPattern),
                topicNameConfiguration: {
                  type:
                    resolved.topicNames === "identical" ? "IDENTICAL" : "PREFIXED_WITH_SOURCE_CLUSTER_ALIAS",
                },
                startingPosition: { type: resolved.startingPosition },
                // Retention and other topic settings follow the source; partitions added there appear here.
                copyTopicConfigurations: true,
                detectAndCopyNewTopics: true,
                // Access is IAM only (no Kafka ACLs on either cluster), so there is nothing to copy.
                copyAccessControlListsForTopics: false,
              },
            ],
            consumerGroupReplications: [
              {
                consumerGroupsToReplicates: [...resolved.consumerGroupPatterns],
                synchroniseConsumerGroupOffsets: true,
                detectAndCopyNewConsumerGroups: true,
                consumerGroupOffsetSyncMode: resolved.offsetSync === "enhanced" ? "ENHANCED" : "LEGACY",
              },
            ],
          },
          logDelivery: {
            replicatorLogDelivery: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } },
          },
          tags: tags({ Name: base }),
        },
        {
          ...targetOpts,
          // The replicator validates its role and reaches both clusters at creation: permissions and network rules
          // must exist first (the clusters' replication-source setup is their own stacks' part).
          dependsOn: [
            rolePolicy,
            ...sourceNetwork.rules,
            ...targetNetwork.rules,
            ...(args.replicatorsDependOn ?? []),
          ],
        },
      );
      replicatorArns.push(pulumi.all([direction.key, replicator.arn]));
      roleArns.push(pulumi.all([direction.key, role.arn]));
    }

    this.directions = directions;
    this.replicatorArns = pulumi.all(replicatorArns).apply((entries) => Object.fromEntries(entries));
    this.executionRoleArns = pulumi.all(roleArns).apply((entries) => Object.fromEntries(entries));
    this.registerOutputs({ replicatorArns: this.replicatorArns, executionRoleArns: this.executionRoleArns });
  }
}
