/**
 * `MskCluster`: a provisioned Amazon MSK cluster in the data subnets of every zone, reachable only over IAM-
 * authenticated TLS from named client security groups, with the topic catalogue managed through the MSK API and a
 * least-privilege IAM policy per client of the access matrix. Pure planning (versions, broker arithmetic, topics,
 * the policy documents, the defaults and every rule of the arguments) is in `./plan`; this file holds the arguments
 * with their Outputs and the resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  AccessMatrix,
  DURABILITY,
  Durability,
  EnhancedMonitoring,
  IAM_TLS_PORT,
  PlannedTopic,
  STORAGE_SCALABLE_DIMENSION,
  STORAGE_UTILIZATION_METRIC,
  TopicSpec,
  brokerDnsNames,
  clientPolicyDocument,
  mskClusterArgsProblems,
  mskClusterDefaults,
  planTopics,
  replicationSourceClusterPolicy,
  serverProperties,
  storageAutoScaling,
  MskClusterPlanInput,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const MSK_CLUSTER_TYPE = "platform:streaming:MskCluster";

export interface MskClusterArgs {
  /** VPC of the data subnets; the broker security group is created in it. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * The data subnet of each zone the brokers run in, 2 or 3 (one per zone, distinct zones). The list is plain
   * because its length is the zone count the broker arithmetic is checked against; the ids may be Outputs.
   */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /**
   * Kafka version as MSK names it (e.g. `3.8.x`, `3.9.x.kraft`), one MSK creates Standard-broker clusters on
   * (`MSK_KAFKA_VERSIONS`; topics are managed through the MSK API, which needs 3.6.0 or newer). Plain: validated
   * before anything is created, and pinned: a change is a rolling upgrade.
   * @default DEFAULT_KAFKA_VERSION ("3.8.x", MSK's recommended version)
   */
  readonly kafkaVersion?: string;
  /** Standard broker size, e.g. `kafka.m7g.large` (`kafka.t3.small` for dev). Plain: validated. */
  readonly brokerInstanceType: string;
  /**
   * Total brokers, a multiple of the zone count (MSK spreads brokers evenly over the subnets). Plain: validated
   * against the zones, the durability and the topics' replication.
   */
  readonly brokerCount: number;
  /** EBS volume per broker in GiB (1–16384). Plain: validated. */
  readonly volumeSizeGiB: number;
  /**
   * Largest volume per broker storage auto-scaling may grow to (GiB). Above `volumeSizeGiB`, an Application Auto
   * Scaling target and target-tracking policy grow the volumes; equal, storage stays fixed. MSK never shrinks.
   * @default volumeSizeGiB (no auto-scaling)
   */
  readonly maxVolumeSizeGiB?: number;
  /**
   * Storage utilization (percent) at which auto-scaling adds storage (10–80; AWS recommends 50–60).
   * @default 60
   */
  readonly storageTargetPercent?: number;
  /**
   * `durable` (3 replicas, 2 acknowledgements, 3 zones) or `non-durable-dev` (2 replicas, 1 acknowledgement: a
   * cheap dev cluster that can lose acknowledged writes when a broker fails). Plain: it decides the server
   * properties and the topic replication.
   * @default "durable"
   */
  readonly durability?: Durability;
  /** ARN of the customer KMS key that encrypts the broker volumes (the region's streaming key). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** ARN of the customer KMS key that encrypts the broker log group (the region's logs key). */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /**
   * Retention of the broker log group, in days; one of the values CloudWatch Logs accepts.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Security groups of the clients that may reach the brokers, keyed by a stable name (e.g. `eks-nodes`): one
   * ingress rule per key admits that group to the IAM/TLS port and nothing else. Never a CIDR. Keys are plain
   * because they name the rules; the ids may be Outputs.
   * @default {} (no client can connect until one is added)
   */
  readonly clientSecurityGroupIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The topics, created through the MSK API (`aws.msk.Topic`) and named as given (the stacks pass the applications'
   * catalogue, stacks/catalogue.ts). Plain: validated and keyed by name.
   */
  readonly topics: readonly TopicSpec[];
  /**
   * Which client may do what with which topics; one IAM policy per client. Plain: validated against the topics.
   */
  readonly accessMatrix: AccessMatrix;
  /**
   * Prepares the cluster to be the source of cross-region MSK Replicator replication: turns on multi-VPC private
   * connectivity for IAM (AWS requires it on a cross-region source; the provider enables it right after creation),
   * attaches the cluster policy that lets MSK Replicator connect, and checks the replicator's broker requirements
   * (not t3.small; 3 brokers, or 4 in two zones).
   * @default false
   */
  readonly replicationSource?: boolean;
  /**
   * CloudWatch metrics level.
   * @default "PER_BROKER"
   */
  readonly enhancedMonitoring?: EnhancedMonitoring;
  /**
   * Open monitoring: the brokers run the Prometheus JMX Exporter (port 11001) and Node Exporter (port 11002). The
   * component adds no rule for them: whoever scrapes admits its own security group on the broker group (the
   * observability stack's managed collector does, ADR 0033); `false` turns both exporters off.
   * @default true
   */
  readonly openMonitoring?: boolean;
  /**
   * Protects the cluster, its configuration and its topics (`protect: true`): deleting them loses the events.
   * The stacks pass `environment === "prod"`.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Extra tags on every child that takes tags. The required tags come from the regional provider's `defaultTags`;
   * the component's own `Name` wins over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied: the plan's input and the Outputs the resources take. */
export interface ResolvedMskClusterArgs extends MskClusterPlanInput {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: readonly pulumi.Input<string>[];
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly clientSecurityGroupIds: Readonly<Record<string, pulumi.Input<string>>>;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults (`??`: an explicit 0, "" or {} is kept and validated, never replaced). */
export function withDefaults(args: MskClusterArgs): ResolvedMskClusterArgs {
  return {
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    kafkaVersion: args.kafkaVersion ?? mskClusterDefaults.kafkaVersion,
    brokerInstanceType: args.brokerInstanceType,
    brokerCount: args.brokerCount,
    volumeSizeGiB: args.volumeSizeGiB,
    maxVolumeSizeGiB: args.maxVolumeSizeGiB ?? args.volumeSizeGiB,
    storageTargetPercent: args.storageTargetPercent ?? mskClusterDefaults.storageTargetPercent,
    durability: args.durability ?? mskClusterDefaults.durability,
    kmsKeyArn: args.kmsKeyArn,
    logsKmsKeyArn: args.logsKmsKeyArn,
    logRetentionDays: args.logRetentionDays ?? mskClusterDefaults.logRetentionDays,
    clientSecurityGroupIds: args.clientSecurityGroupIds ?? mskClusterDefaults.clientSecurityGroupIds,
    topics: args.topics,
    accessMatrix: args.accessMatrix,
    replicationSource: args.replicationSource ?? mskClusterDefaults.replicationSource,
    enhancedMonitoring: args.enhancedMonitoring ?? mskClusterDefaults.enhancedMonitoring,
    openMonitoring: args.openMonitoring ?? mskClusterDefaults.openMonitoring,
    protect: args.protect ?? mskClusterDefaults.protect,
    tags: args.tags ?? mskClusterDefaults.tags,
  };
}

/**
 * Every problem of the (defaulted) arguments (`mskClusterArgsProblems`) and of the provider in `opts`, with paths
 * relative to the arguments (`brokerCount`, `topics[3].partitions`, `accessMatrix.shop[0].topics[1]`,
 * `opts.provider`). Empty when the component can be built.
 */
export function validateMskClusterArgs(
  args: ResolvedMskClusterArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...mskClusterArgsProblems(args), ...regionalProviderProblems(opts)];
}

/**
 * A provisioned MSK cluster: brokers in the given data subnets behind a security group of their own, IAM-only
 * client authentication over TLS, KMS at rest, broker logs to a KMS-encrypted log group, Prometheus exporters, a
 * configuration with the durability profile's server properties, optional storage auto-scaling, the topic
 * catalogue and one IAM policy per client of the access matrix.
 */
export class MskCluster extends pulumi.ComponentResource {
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  /** `host:9098,…` of the brokers for SASL/IAM over TLS inside the VPC. */
  readonly bootstrapBrokersIam: pulumi.Output<string>;
  /** The security group of the brokers (add clients through `clientSecurityGroupIds`, or ingress rules of yours). */
  readonly brokerSecurityGroupId: pulumi.Output<string>;
  readonly configurationArn: pulumi.Output<string>;
  readonly brokerLogGroupName: pulumi.Output<string>;
  /** IAM policy ARNs by client name: attach them to the clients' workload identities. */
  readonly clientPolicyArns: pulumi.Output<Record<string, string>>;
  /** Whether the brokers run the Prometheus exporters (`openMonitoring`), plain. */
  readonly openMonitoring: boolean;
  /**
   * The DNS name of every broker (`b-1.<cluster domain>` … `b-<brokerCount>.<cluster domain>`): what a Prometheus
   * scraper discovers the exporters by.
   */
  readonly brokerDnsNames: pulumi.Output<string[]>;
  /** The resolved topics, plain (known before anything is created). */
  readonly topicPlan: readonly PlannedTopic[];
  /** Topic names, as created. */
  readonly topicNames: pulumi.Output<string[]>;

  constructor(name: string, args: MskClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MSK_CLUSTER_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for MskCluster "${name}"`,
      validateMskClusterArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const statefulOpts = { ...childOpts, protect: resolved.protect };
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const topics = planTopics(resolved.topics, resolved.durability);
    const settings = DURABILITY[resolved.durability];

    // The brokers' own group: no rule but one per named client group, on the IAM/TLS port only.
    const brokerSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-brokers`,
      {
        vpcId: resolved.vpcId,
        description: `MSK brokers of ${name}: IAM/TLS (${IAM_TLS_PORT}) from named client security groups only`,
        tags: tags({ Name: `${name}-brokers` }),
      },
      childOpts,
    );
    for (const [key, clientGroupId] of Object.entries(resolved.clientSecurityGroupIds)) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-client-${key}`,
        {
          securityGroupId: brokerSecurityGroup.id,
          description: `Kafka over IAM/TLS from ${key}`,
          ipProtocol: "tcp",
          fromPort: IAM_TLS_PORT,
          toPort: IAM_TLS_PORT,
          referencedSecurityGroupId: clientGroupId,
          tags: tags({ Name: `${name}-client-${key}` }),
        },
        { parent: brokerSecurityGroup, provider },
      );
    }

    const configuration = new aws.msk.Configuration(
      name,
      {
        description: `${name}: ${resolved.durability} (replication ${settings.replicationFactor}, min.insync ${settings.minInsyncReplicas}), no auto-created topics, no unclean leader election`,
        kafkaVersions: [resolved.kafkaVersion],
        serverProperties: serverProperties(resolved.durability),
      },
      statefulOpts,
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-broker-logs`,
      {
        retentionInDays: resolved.logRetentionDays,
        kmsKeyId: resolved.logsKmsKeyArn,
        tags: tags({ Name: `${name}-broker-logs` }),
      },
      childOpts,
    );

    const autoScaling = storageAutoScaling(resolved);
    const cluster = new aws.msk.Cluster(
      name,
      {
        kafkaVersion: resolved.kafkaVersion,
        numberOfBrokerNodes: resolved.brokerCount,
        brokerNodeGroupInfo: {
          instanceType: resolved.brokerInstanceType,
          clientSubnets: [...resolved.subnetIds],
          securityGroups: [brokerSecurityGroup.id],
          storageInfo: { ebsStorageInfo: { volumeSize: resolved.volumeSizeGiB } },
          connectivityInfo: {
            publicAccess: { type: "DISABLED" },
            ...(resolved.replicationSource
              ? { vpcConnectivity: { clientAuthentication: { sasl: { iam: true } } } }
              : {}),
          },
        },
        clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: resolved.kmsKeyArn,
          encryptionInTransit: { clientBroker: "TLS", inCluster: true },
        },
        configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
        loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } } },
        openMonitoring: {
          prometheus: {
            jmxExporter: { enabledInBroker: resolved.openMonitoring },
            nodeExporter: { enabledInBroker: resolved.openMonitoring },
          },
        },
        enhancedMonitoring: resolved.enhancedMonitoring,
        tags: tags({ Name: name }),
      },
      {
        ...statefulOpts,
        // Auto-scaling grows the volumes behind Pulumi's back; without this a later `up` would try to shrink them
        // back to volumeSizeGiB, which MSK refuses.
        ignoreChanges: autoScaling ? ["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"] : [],
      },
    );

    if (resolved.replicationSource) {
      // Owned here, by the cluster's stack: every secondary replicating from this cluster relies on the same policy.
      new aws.msk.ClusterPolicy(
        `${name}-replication-source`,
        {
          clusterArn: cluster.arn,
          policy: cluster.arn.apply((arn) => policyJson(replicationSourceClusterPolicy(arn), "compact")),
        },
        childOpts,
      );
    }

    if (autoScaling) {
      const target = new aws.appautoscaling.Target(
        `${name}-storage`,
        {
          serviceNamespace: "kafka",
          scalableDimension: STORAGE_SCALABLE_DIMENSION,
          resourceId: cluster.arn,
          minCapacity: resolved.volumeSizeGiB,
          maxCapacity: resolved.maxVolumeSizeGiB,
          tags: tags({ Name: `${name}-storage` }),
        },
        childOpts,
      );
      new aws.appautoscaling.Policy(
        `${name}-storage`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: STORAGE_UTILIZATION_METRIC },
            targetValue: resolved.storageTargetPercent,
            // MSK cannot shrink a volume.
            disableScaleIn: true,
          },
        },
        { parent: target, provider },
      );
    }

    // Topics through the MSK API: no network path to the brokers and no Kafka admin client needed.
    const createdTopics = topics.map(
      (topic) =>
        new aws.msk.Topic(
          `${name}-topic-${topic.name}`,
          {
            clusterArn: cluster.arn,
            name: topic.name,
            partitionCount: topic.partitions,
            replicationFactor: topic.replicationFactor,
            configs: JSON.stringify(topic.configs),
          },
          statefulOpts,
        ),
    );

    const topicOrder = topics.map((topic) => topic.name);
    const clientPolicies = Object.entries(resolved.accessMatrix).map(([client, grants]) => {
      const policy = new aws.iam.Policy(
        `${name}-client-${client}`,
        {
          description: `Kafka access of client ${client} to MSK cluster ${name} (${grants.map((grant) => grant.level).join(", ")})`,
          policy: cluster.arn.apply((arn) =>
            policyJson(clientPolicyDocument(arn, client, grants, topicOrder), "compact"),
          ),
          tags: tags({ Name: `${name}-client-${client}` }),
        },
        childOpts,
      );
      return pulumi.all([client, policy.arn]);
    });

    this.clusterArn = cluster.arn;
    this.clusterName = cluster.clusterName;
    this.bootstrapBrokersIam = cluster.bootstrapBrokersSaslIam;
    this.brokerSecurityGroupId = brokerSecurityGroup.id;
    this.configurationArn = configuration.arn;
    this.brokerLogGroupName = logGroup.name;
    this.clientPolicyArns = pulumi.all(clientPolicies).apply((entries) => Object.fromEntries(entries));
    this.openMonitoring = resolved.openMonitoring;
    this.brokerDnsNames = cluster.bootstrapBrokersSaslIam.apply((bootstrap) =>
      brokerDnsNames(bootstrap, resolved.brokerCount),
    );
    this.topicPlan = topics;
    this.topicNames = pulumi.all(createdTopics.map((topic) => topic.name));

    this.registerOutputs({
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      bootstrapBrokersIam: this.bootstrapBrokersIam,
      brokerSecurityGroupId: this.brokerSecurityGroupId,
      configurationArn: this.configurationArn,
      brokerLogGroupName: this.brokerLogGroupName,
      clientPolicyArns: this.clientPolicyArns,
      brokerDnsNames: this.brokerDnsNames,
      topicNames: this.topicNames,
    });
  }
}
