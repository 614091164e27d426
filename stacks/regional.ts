import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BackupProtection } from "../components/backup-protection";
import { ContainerRegistries } from "../components/container-registries";
import { CostGuardrails } from "../components/cost-guardrails";
import { HealthCheckAlarms } from "../components/health-check-alarms";
import { EksPlatform } from "../components/eks-platform";
import { GithubCiAccess } from "../components/github-ci-access";
import { GlobalAurora } from "../components/global-aurora";
import { MskCluster } from "../components/msk-cluster";
import {
  GrafanaPeer,
  MonitoredResources,
  ObservabilityStack,
  kafkaBrokerIds,
  observabilityNames,
} from "../components/observability-stack";
import { RegionalKeys } from "../components/regional-keys";
import { RegionalVpc } from "../components/regional-vpc";
import { ThreatDetection } from "../components/threat-detection";
import { planNat } from "../components/regional-vpc/plan";
import type { WorkloadIdentity } from "../components/workload-identity";
import { applicationIdentities } from "./applications";
import { Audit, accountAudit } from "./audit";
import { KAFKA_ACCESS_MATRIX, TOPIC_CATALOGUE } from "./catalogue";
import type { PlatformConfig } from "./config";
import type { Exported, PrivateRouteTableIds, RegionalStackOutputs } from "./contract";
import { Edge, EdgeZone, edgeOutputs, publicZone, regionalEdge } from "./edge";
import {
  COMPONENT_NAMES,
  backupVaultName,
  budgetName,
  ciDeployRoleName,
  findingsRuleName,
  ciRoleNamePrefix,
  eksClusterName,
  registryNamePrefix,
} from "./naming";
import { inKafkaZones, kafkaBrokerCount } from "./placement";
import { regionalProvider } from "./providers";
import { ArchivedLogGroup, Storage, regionalStorage } from "./storage";
import { CONTAINER_INSIGHTS_LOG_KINDS } from "../components/observability-stack/plan";

/** The building blocks every region has, whatever its role. */
export interface RegionalPlatform {
  readonly provider: aws.Provider;
  /** The region's customer KMS keys by purpose (`keys.keyArns.database`, `.streaming`, `.logs`, `.kubernetes`). */
  readonly keys: RegionalKeys;
  readonly vpc: RegionalVpc;
  /** The region's MSK cluster, in the data subnets of the first (at most three) zones. */
  readonly kafka: MskCluster;
  /** The region's cluster of the Aurora global database (and, in the primary, the global cluster itself). */
  readonly database: GlobalAurora;
  /** The region's EKS cluster, its add-ons, controllers and namespaces (ADR 0017). */
  readonly eks: EksPlatform;
  /** The region's ECR repositories for the applications' images (`platform:registries`). */
  readonly registries: ContainerRegistries;
  /** The seed's application service accounts bound to their IAM roles, by application (ADR 0018). */
  readonly applications: Readonly<Record<string, WorkloadIdentity>>;
  /** Alarms, dashboards, metrics, logs and traces of the region (ADR 0016). */
  readonly observability: ObservabilityStack;
  /** The account's GitHub Actions roles, in the one stack whose config has `platform:ciAccess` (ADR 0008). */
  readonly ciAccess?: GithubCiAccess;
  /** The region's edge and, where this stack owns it, the public zone, in a stack with `platform:edge` (ADR 0027). */
  readonly edge?: Edge;
  /** The stack's budget (and the account's anomaly detection), in a stack with `platform:cost`. */
  readonly cost?: CostGuardrails;
  /** The region's GuardDuty, Security Hub and account security defaults (`platform:security`, ADR 0030). */
  readonly security: ThreatDetection;
  /** The region's AWS Backup vault, plan, copies and restore test, in a stack with `platform:backup` (ADR 0032). */
  readonly backup?: BackupProtection;
  /**
   * The region's buckets (`accessLogs`, `archive`, `configDelivery`, `assets`) and the CloudWatch Logs archive
   * stream; `storage.archiveLogGroup(key, name)` subscribes one more log group (ADR 0028).
   */
  readonly storage: Storage;
  /** The account's trail (the primary) and the region's Config recorder, as `platform:audit` asks (ADR 0031). */
  readonly audit: Audit;
  readonly outputs: Exported<RegionalStackOutputs>;
}

/** What only a secondary knows about the region's observability: the other region and the replicator into this one. */
export interface ObservabilityPeers {
  /** MSK Replicators whose target cluster is in this region (they publish their metrics here), by alarm key. */
  readonly replicators?: Readonly<Record<string, string>>;
  /** Other regions the Grafana workspace reads. */
  readonly grafanaPeers?: readonly GrafanaPeer[];
  /** The other region shown beside this one in the cross-region dashboard. */
  readonly crossRegion?: { readonly region: string; readonly monitored: MonitoredResources<string> };
}

/**
 * What a secondary's database takes from its primary (read through the stack reference): the global cluster to join,
 * and the references it passes through so every stack exports the same ones.
 */
export interface DatabaseJoin {
  readonly primaryRegion: string;
  readonly globalClusterIdentifier: pulumi.Input<string>;
  readonly globalWriterEndpoint: pulumi.Input<string>;
  readonly secretArn: pulumi.Input<string>;
}

/**
 * The writer region a stack records: `platform:database.writerRegion`, else the primary's region. A secondary's
 * global database has its own and the primary's regions, so anything else is a mistake there; a primary cannot know
 * its secondaries' regions and accepts any region the config accepted (ADR 0014).
 */
export function writerRegionOf(config: PlatformConfig, join?: DatabaseJoin): string {
  const primaryRegion = join?.primaryRegion ?? config.region;
  const writer = config.database.writerRegion ?? primaryRegion;
  const regions = [primaryRegion, config.region];
  if (join !== undefined && !regions.includes(writer)) {
    throw new Error(
      `platform:database.writerRegion is ${writer}, which has no cluster of this global database; use one of ` +
        `${regions.join(", ")} (npm run db:switchover prints the value to set), or remove it to mean ${primaryRegion}`,
    );
  }
  return writer;
}

/**
 * One region's platform, in the order its parts depend on each other: the provider, the keys (everything after
 * encrypts with them), the network, the account's CI roles where this stack owns them, the EKS cluster, the image
 * repositories (the CI deploy role pushes, the cluster's nodes pull), Kafka and the database (which admit the
 * cluster's nodes), the observability of all of them, the applications' identities, and the edge in front of them.
 * A secondary passes its `join` to the primary's database, what its observability shows of the primary (`peers`),
 * and, with `platform:edge`, the primary's zone (`primaryZone`).
 */
export function buildRegionalPlatform(
  config: PlatformConfig,
  join?: DatabaseJoin,
  peers: ObservabilityPeers = {},
  primaryZone?: EdgeZone,
): RegionalPlatform {
  const writerRegion = writerRegionOf(config, join);
  const provider = regionalProvider(config, config.region);
  const keys = regionalKeys(config, provider);
  const vpc = regionalNetwork(config, provider);
  const ciAccess = githubCiAccess(config, provider);
  const eks = eksPlatform(config, { vpc, keys, ciAccess }, provider);
  const registries = containerRegistries(config, { keys, eks, ciAccess }, provider);
  // Every node and pod carries the cluster security group; the data stores admit it as their client `eks`.
  const clients = { eks: eks.nodeSecurityGroupId };
  const kafka = kafkaCluster(config, { vpc, keys, clients }, provider);
  const database = databaseCluster(config, join, { vpc, keys, clients }, provider);
  const zone = publicZone(config, provider);
  const edge = regionalEdge(
    config,
    zone !== undefined ? { zoneId: zone.zoneId, zone } : primaryZone,
    { vpc, keys, eks },
    provider,
  );
  const observability = observabilityStack(
    config,
    peers,
    { join, vpc, keys, kafka, database, eks, edge },
    provider,
  );
  healthCheckAlarms(config, edge, provider);
  const cost = costGuardrails(config, observability, provider);
  const security = threatDetection(config, observability, provider);
  const storage = storageStep(config, { keys, vpc, kafka, database, eks, edge, observability }, provider);
  const audit = accountAudit(
    config,
    { archive: storage.archive, configDelivery: storage.configDelivery, kmsKeyArn: keys.keyArns.storage },
    { keys, observability },
    provider,
  );
  const backup = backupProtection(config, { keys, database, observability, storage }, provider);
  const applications = applicationIdentities(config, { eks, kafka, database, keys }, provider);
  const parts = {
    provider,
    keys,
    vpc,
    kafka,
    database,
    eks,
    registries,
    applications,
    observability,
    storage,
    audit,
  };
  return {
    ...parts,
    ...(ciAccess !== undefined ? { ciAccess } : {}),
    ...(edge !== undefined ? { edge } : {}),
    ...(cost !== undefined ? { cost } : {}),
    security,
    ...(backup !== undefined ? { backup } : {}),
    outputs: {
      ...regionalOutputs(config, { ...parts, ciAccess }, join, writerRegion),
      ...edgeOutputs(config, edge),
      ...(backup !== undefined ? { backupVaultArn: backup.vaultArn, backupVaultName: backup.vaultName } : {}),
    },
  };
}

/** The data stores' clients: security groups by client key (`clientSecurityGroupIds`). */
type Clients = Readonly<Record<string, pulumi.Input<string>>>;

/**
 * The region's customer KMS keys, first, so every later component encrypts with the region's own keys; protected
 * in prod, since deleting a key makes everything encrypted with it unreadable.
 */
function regionalKeys(config: PlatformConfig, provider: aws.Provider): RegionalKeys {
  return new RegionalKeys(
    COMPONENT_NAMES.keys,
    { environment: config.environment, aliasPrefix: config.project, protect: config.environment === "prod" },
    { provider },
  );
}

/** The region's VPC as `platform:network` describes it; protected in prod. */
function regionalNetwork(config: PlatformConfig, provider: aws.Provider): RegionalVpc {
  const network = config.network;
  return new RegionalVpc(
    COMPONENT_NAMES.network,
    {
      cidr: network.cidr,
      availabilityZones: network.availabilityZones,
      tiers: network.tiers,
      egress: network.egress,
      interfaceEndpoints: network.interfaceEndpoints,
      flowLogRetentionDays: network.flowLogRetentionDays,
      workloadCapacity: network.workloadCapacity,
      // The workload and edge subnets carry the cluster tag the Load Balancer Controller discovers them by.
      clusterName: eksClusterName(config),
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * The account's GitHub CI roles, in the one stack whose config has `platform:ciAccess`: IAM is global (ADR 0008).
 * The OIDC provider is protected in prod.
 */
function githubCiAccess(config: PlatformConfig, provider: aws.Provider): GithubCiAccess | undefined {
  if (config.ciAccess === undefined) {
    return undefined;
  }
  return new GithubCiAccess(
    COMPONENT_NAMES.ciAccess,
    {
      ...config.ciAccess,
      // Fixed names (`platform-github-deploy`), so the account's other stacks list the deploy role among
      // their EKS cluster admins before it exists (ADR 0008).
      roleNamePrefix: ciRoleNamePrefix(config),
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * The private EKS cluster in the workload subnets: secrets with the kubernetes key, control plane logs with the logs
 * key; the config's admins plus this stack's CI deploy role; protected in prod (ADR 0017).
 */
function eksPlatform(
  config: PlatformConfig,
  { vpc, keys, ciAccess }: { vpc: RegionalVpc; keys: RegionalKeys; ciAccess: GithubCiAccess | undefined },
  provider: aws.Provider,
): EksPlatform {
  const kubernetes = config.kubernetes;
  return new EksPlatform(
    COMPONENT_NAMES.eks,
    {
      clusterName: eksClusterName(config),
      kubernetesVersion: kubernetes.version,
      vpcId: vpc.vpcId,
      subnetIds: vpc.subnetIds.apply((ids) => ids.workload),
      kmsKeyArn: keys.keyArns.kubernetes,
      logsKmsKeyArn: keys.keyArns.logs,
      clusterAdmins: kubernetes.clusterAdmins,
      adminRoleArns: ciAccess !== undefined ? { "ci-deploy": ciAccess.deployRoleArn } : {},
      nodeGroups: kubernetes.nodeGroups,
      publicAccessCidrs: kubernetes.publicAccessCidrs,
      logRetentionDays: kubernetes.logRetentionDays,
      platformNamespace: kubernetes.platformNamespace,
      applicationNamespace: kubernetes.applicationNamespace,
      protect: config.environment === "prod",
      // Nodes' instances, volumes and ENIs are launched by EKS, out of reach of the provider's default tags.
      tags: config.tags,
    },
    { provider },
  );
}

/**
 * The region's ECR repositories (`<project>/<environment>/<name>`, one per `platform:registries.repositories`), their
 * images encrypted with the region's registry key; the account's CI deploy role pushes (this stack's own when it owns
 * the CI roles, else the role of that fixed name, ADR 0008) and the cluster's nodes pull. A primary replicates to
 * `replicationRegions`, where its secondaries' stacks create the same repositories. Repositories protected in prod.
 */
function containerRegistries(
  config: PlatformConfig,
  { keys, eks, ciAccess }: { keys: RegionalKeys; eks: EksPlatform; ciAccess: GithubCiAccess | undefined },
  provider: aws.Provider,
): ContainerRegistries {
  const registries = config.registries;
  const partition = aws.getPartitionOutput({}, { provider }).partition;
  const deployRoleArn =
    ciAccess?.deployRoleArn ??
    pulumi.interpolate`arn:${partition}:iam::${config.accountId}:role/${ciDeployRoleName(config)}`;
  return new ContainerRegistries(
    COMPONENT_NAMES.registries,
    {
      repositories: registries.repositories,
      namePrefix: registryNamePrefix(config),
      kmsKeyArn: keys.keyArns.registry,
      keepReleases: registries.keepReleases,
      pushRoleArns: [deployRoleArn],
      pullRoleArns: [eks.nodeRoleArn],
      replicationRegions: registries.replicationRegions,
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * MSK in the data tier of the first zones (MSK takes two or three), encrypted with the region's streaming and logs
 * keys, with the catalogue's topics and access matrix; protected in prod. Clients are admitted by security group.
 */
function kafkaCluster(
  config: PlatformConfig,
  { vpc, keys, clients }: { vpc: RegionalVpc; keys: RegionalKeys; clients: Clients },
  provider: aws.Provider,
): MskCluster {
  const kafka = config.kafka;
  const zones = config.network.availabilityZones;
  return new MskCluster(
    COMPONENT_NAMES.kafka,
    {
      vpcId: vpc.vpcId,
      subnetIds: inKafkaZones(zones).map((_, zone) => vpc.subnetIds.apply((ids) => ids.data[zone])),
      kafkaVersion: kafka.kafkaVersion,
      brokerInstanceType: kafka.brokerInstanceType,
      brokerCount: kafkaBrokerCount(kafka.brokersPerAz, zones.length),
      volumeSizeGiB: kafka.volumeSizeGiB,
      maxVolumeSizeGiB: kafka.maxVolumeSizeGiB,
      storageTargetPercent: kafka.storageTargetPercent,
      durability: kafka.durability,
      kmsKeyArn: keys.keyArns.streaming,
      logsKmsKeyArn: keys.keyArns.logs,
      logRetentionDays: kafka.logRetentionDays,
      enhancedMonitoring: kafka.enhancedMonitoring,
      replicationSource: kafka.replicationSource,
      openMonitoring: kafka.openMonitoring,
      clientSecurityGroupIds: clients,
      // The applications' topics and who may use them (stacks/catalogue.ts).
      topics: TOPIC_CATALOGUE,
      accessMatrix: KAFKA_ACCESS_MATRIX,
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * The region's cluster of the global database, in the data subnets, encrypted with the region's database key (logs
 * with its logs key); the primary also creates the global cluster and the master credentials, a secondary joins the
 * primary's. Clients are admitted by security group; protected in prod.
 */
function databaseCluster(
  config: PlatformConfig,
  join: DatabaseJoin | undefined,
  { vpc, keys, clients }: { vpc: RegionalVpc; keys: RegionalKeys; clients: Clients },
  provider: aws.Provider,
): GlobalAurora {
  const database = config.database;
  return new GlobalAurora(
    COMPONENT_NAMES.database,
    {
      role: join === undefined ? "primary" : "secondary",
      ...(join !== undefined ? { globalClusterIdentifier: join.globalClusterIdentifier } : {}),
      environment: config.environment,
      stackName: config.stack,
      engineVersion: database.engineVersion,
      minCapacity: database.minCapacity,
      maxCapacity: database.maxCapacity,
      instanceCount: database.instanceCount,
      availabilityZones: config.network.availabilityZones,
      vpcId: vpc.vpcId,
      dbSubnetGroupName: vpc.dbSubnetGroupName,
      kmsKeyArn: keys.keyArns.database,
      logKmsKeyArn: keys.keyArns.logs,
      clientSecurityGroupIds: clients,
      backupRetentionDays: database.backupRetentionDays,
      preferredBackupWindow: database.preferredBackupWindow,
      preferredMaintenanceWindow: database.preferredMaintenanceWindow,
      monitoringIntervalSeconds: database.monitoringIntervalSeconds,
      performanceInsightsRetentionDays: database.performanceInsightsRetentionDays,
      logRetentionDays: database.logRetentionDays,
      databaseName: database.databaseName,
      masterUsername: database.masterUsername,
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/** What the region's observability watches. */
interface Watched {
  readonly join: DatabaseJoin | undefined;
  readonly vpc: RegionalVpc;
  readonly keys: RegionalKeys;
  readonly kafka: MskCluster;
  readonly database: GlobalAurora;
  readonly eks: EksPlatform;
  /** The region's edge, where `platform:edge` is set: its load balancer and WAF are watched too. */
  readonly edge: Edge | undefined;
}

/**
 * Alarms on what runs here (to a topic encrypted with the logs key), dashboards, Prometheus, Grafana where the region
 * offers it, traces; stateful parts protected in prod (ADR 0016). NAT gateways are keyed by their zone, known from
 * the plan before any gateway exists.
 */
function observabilityStack(
  config: PlatformConfig,
  peers: ObservabilityPeers,
  { join, vpc, keys, kafka, database, eks, edge }: Watched,
  provider: aws.Provider,
): ObservabilityStack {
  const observability = config.observability;
  const network = config.network;
  const natZones = planNat(network.egress, network.availabilityZones).natZones;
  return new ObservabilityStack(
    COMPONENT_NAMES.observability,
    {
      environment: config.environment,
      region: config.region,
      namePrefix: config.project,
      kmsKeyArn: keys.keyArns.logs,
      alarmEmails: observability.alarmEmails,
      // The GuardDuty findings rule (`threatDetection`) publishes to the alarm topic.
      ...(config.security.guardDuty.enabled ? { eventRuleNames: [findingsRuleName(config)] } : {}),
      logRetentionDays: observability.logRetentionDays,
      metricsRetentionDays: observability.metricsRetentionDays,
      thresholds: observability.thresholds,
      tracing: observability.tracing,
      monitored: {
        aurora: { clusterIdentifier: database.clusterIdentifier, globalSecondary: join !== undefined },
        kafka: {
          clusterName: kafka.clusterName,
          brokerIds: kafkaBrokerIds(
            kafkaBrokerCount(config.kafka.brokersPerAz, network.availabilityZones.length),
          ),
        },
        natGateways: Object.fromEntries(
          natZones.map((zone) => [zone, vpc.natGatewayIds.apply((ids) => ids[zone])]),
        ),
        ...(peers.replicators !== undefined ? { replicators: peers.replicators } : {}),
        kubernetes: { clusterName: eks.clusterName },
        ...(edge !== undefined ? { edge: edge.regional.monitored } : {}),
      },
      grafana: {
        enabled: observability.grafana.enabled,
        version: observability.grafana.version,
        peers: peers.grafanaPeers ?? [],
      },
      ...(peers.crossRegion !== undefined ? { crossRegion: peers.crossRegion } : {}),
      kubernetes: {
        clusterName: eks.clusterName,
        clusterArn: eks.clusterArn,
        subnetIds: vpc.subnetIds.apply((ids) => ids.workload),
        securityGroupIds: [eks.nodeSecurityGroupId],
        scrapeIntervalSeconds: observability.kubernetes.scrapeIntervalSeconds,
        containerInsights: observability.kubernetes.containerInsights,
        addonVersion: observability.kubernetes.addonVersion,
      },
      // The brokers' exporters, scraped by a managed collector in the brokers' data subnets (ADR 0033).
      ...(kafka.openMonitoring
        ? {
            kafka: {
              clusterName: kafka.clusterName,
              brokerDnsNames: kafka.brokerDnsNames,
              vpcId: vpc.vpcId,
              subnetIds: inKafkaZones(network.availabilityZones).map((_, zone) =>
                vpc.subnetIds.apply((ids) => ids.data[zone]),
              ),
              brokerSecurityGroupId: kafka.brokerSecurityGroupId,
            },
          }
        : {}),
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * The alarms on the edge's Route 53 health checks, in us-east-1 where their metrics are (with a topic there that
 * reaches the same people, encrypted with its own key); none without an edge.
 */
function healthCheckAlarms(
  config: PlatformConfig,
  edge: Edge | undefined,
  provider: aws.Provider,
): HealthCheckAlarms | undefined {
  if (edge === undefined) {
    return undefined;
  }
  return new HealthCheckAlarms(
    COMPONENT_NAMES.healthCheckAlarms,
    {
      environment: config.environment,
      region: config.region,
      namePrefix: config.project,
      healthChecks: edge.regional.healthChecks,
      alarmEmails: config.observability.alarmEmails,
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * The stack's cost guardrails, with `platform:cost`: a monthly budget of the resources carrying the stack's program
 * tags (`Project`, `Environment`, `Region`, as the regional provider sets them), notifying the region's alarm topic,
 * and, where `anomalyDetection` is set (one stack per account), the account's Cost Anomaly Detection; with
 * `activateCostAllocationTags`, the tags' activation.
 */
function costGuardrails(
  config: PlatformConfig,
  observability: ObservabilityStack,
  provider: aws.Provider,
): CostGuardrails | undefined {
  if (config.cost === undefined) {
    return undefined;
  }
  return new CostGuardrails(
    COMPONENT_NAMES.cost,
    {
      budgetName: budgetName(config),
      monthlyLimitUsd: config.cost.monthlyLimitUsd,
      thresholds: config.cost.thresholds,
      costTags: {
        Project: config.tags["Project"]!,
        Environment: config.tags["Environment"]!,
        Region: config.tags["Region"]!,
      },
      accountWide: config.cost.anomalyDetection,
      activateCostAllocationTags: config.cost.activateCostAllocationTags,
      topicArn: observability.alarmTopicArn,
    },
    { provider },
  );
}

/**
 * The region's threat detection and account security defaults, as `platform:security` switches them (ADR 0030):
 * GuardDuty with its protections and findings of the configured severity routed to the alarm topic (whose policy
 * admits the rule by name, `observabilityStack`), Security Hub with its standards, EBS encryption by default; the
 * account-wide parts (S3's public access block, Security Hub's aggregation) in the primary by default. The detector
 * and the hub are protected in prod: their findings go with them.
 */
function threatDetection(
  config: PlatformConfig,
  observability: ObservabilityStack,
  provider: aws.Provider,
): ThreatDetection {
  const security = config.security;
  return new ThreatDetection(
    COMPONENT_NAMES.security,
    {
      region: config.region,
      findingsRuleName: findingsRuleName(config),
      guardDuty: security.guardDuty,
      securityHub: security.securityHub,
      accountDefaults: security.accountDefaults,
      runbook: "docs/runbooks/guardduty-finding.md",
      topicArn: observability.alarmTopicArn,
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/**
 * The region's AWS Backup, with `platform:backup`, after the database and the storage (it selects the region's
 * cluster and the assets bucket) and the observability (its alarms and vault notifications go to the alarm topic):
 * a vault encrypted with the backup key,
 * daily and weekly snapshots (and continuous backup) copied to `copyToRegion`'s vault, whose name is fixed
 * (`backupVaultName`), the vault lock and the restore test where configured; the vault protected in prod (ADR 0032).
 * Each region selects its own cluster, the primary's and a secondary's alike, so backups keep running after a
 * switchover without a config change.
 */
function backupProtection(
  config: PlatformConfig,
  {
    keys,
    database,
    observability,
    storage,
  }: { keys: RegionalKeys; database: GlobalAurora; observability: ObservabilityStack; storage: Storage },
  provider: aws.Provider,
): BackupProtection | undefined {
  const backup = config.backup;
  if (backup === undefined) {
    return undefined;
  }
  return new BackupProtection(
    COMPONENT_NAMES.backup,
    {
      vaultName: backupVaultName(config),
      region: config.region,
      alarmPrefix: observabilityNames(config.project, config.environment, config.region).alarmPrefix,
      dailySchedule: backup.dailySchedule,
      dailyRetentionDays: backup.dailyRetentionDays,
      weeklySchedule: backup.weeklySchedule,
      weeklyRetentionDays: backup.weeklyRetentionDays,
      ...(backup.continuousRetentionDays !== undefined
        ? { continuousRetentionDays: backup.continuousRetentionDays }
        : {}),
      ...(backup.copyToRegion !== undefined
        ? {
            copyTo: {
              region: backup.copyToRegion,
              vaultName: backupVaultName({ ...config, region: backup.copyToRegion }),
            },
          }
        : {}),
      ...(backup.vaultLock !== undefined ? { vaultLock: backup.vaultLock } : {}),
      ...(backup.restoreTesting !== undefined ? { restoreTesting: backup.restoreTesting } : {}),
      kmsKeyArn: keys.keyArns.backup,
      alarmTopicArn: observability.alarmTopicArn,
      databaseClusterArn: database.clusterArn,
      // The applications' data; the archive is not: it holds copies of logs, kept by Object Lock and replication.
      bucketArns: { assets: storage.assets.arn },
      protect: config.environment === "prod",
    },
    { provider },
  );
}

/** What the archive keeps of the region: the log groups of the parts below. */
interface ArchivedParts {
  readonly keys: RegionalKeys;
  readonly vpc: RegionalVpc;
  readonly kafka: MskCluster;
  readonly database: GlobalAurora;
  readonly eks: EksPlatform;
  readonly edge: Edge | undefined;
  readonly observability: ObservabilityStack;
}

/**
 * The region's buckets and the long-term copies of its log groups (ADR 0028): the flow logs, the WAF's, the EKS
 * control plane's, the brokers', the database's, Prometheus's and Container Insights' application, data plane and
 * host logs (not `performance`: metrics as log events, already in CloudWatch metrics). Each subscription waits for
 * the part that creates its log group; other log groups subscribe through `storage.archiveLogGroup` (not the
 * trail's: its events are already in the archive, ADR 0031).
 */
function storageStep(
  config: PlatformConfig,
  { keys, vpc, kafka, database, eks, edge, observability }: ArchivedParts,
  provider: aws.Provider,
): Storage {
  const clusterName = eksClusterName(config);
  const observabilityLogGroup = (key: string): pulumi.Output<string> => {
    const name = observability.logGroupNamesByKey[key];
    if (name === undefined) {
      throw new Error(`ObservabilityStack created no log group "${key}" to archive`);
    }
    return name;
  };
  const logGroups: ArchivedLogGroup[] = [
    { key: "flow-logs", logGroupName: vpc.flowLogGroupName, dependsOn: [vpc] },
    ...(edge !== undefined
      ? [{ key: "waf", logGroupName: edge.regional.wafLogGroupName, dependsOn: [edge.regional] }]
      : []),
    { key: "eks-control-plane", logGroupName: `/aws/eks/${clusterName}/cluster`, dependsOn: [eks] },
    { key: "kafka-brokers", logGroupName: kafka.brokerLogGroupName, dependsOn: [kafka] },
    {
      key: "database",
      logGroupName: pulumi.interpolate`/aws/rds/cluster/${database.clusterIdentifier}/postgresql`,
      dependsOn: [database],
    },
    // Names read from the component's log groups: each subscription waits for its log group, not for the whole
    // ObservabilityStack (whose MSK collector takes a quarter of an hour).
    { key: "prometheus", logGroupName: observabilityLogGroup("prometheus"), dependsOn: [] },
    ...(config.observability.kubernetes.containerInsights
      ? CONTAINER_INSIGHTS_LOG_KINDS.filter((kind) => kind !== "performance").map((kind) => ({
          key: `container-${kind}`,
          logGroupName: observabilityLogGroup(`containerinsights-${kind}`),
          dependsOn: [],
        }))
      : []),
  ];
  return regionalStorage(config, keys, logGroups, provider);
}

/** The outputs every role exports (`RegionalStackOutputs`), from the region's parts. */
function regionalOutputs(
  config: PlatformConfig,
  parts: Omit<RegionalPlatform, "outputs" | "ciAccess" | "security"> & {
    readonly ciAccess: GithubCiAccess | undefined;
  },
  join: DatabaseJoin | undefined,
  writerRegion: string,
): Exported<RegionalStackOutputs> {
  const { keys, vpc, kafka, database, eks, registries, observability, ciAccess, storage } = parts;
  const privateRouteTableIds: pulumi.Output<PrivateRouteTableIds> = vpc.routeTableIds.apply((tables) => ({
    data: tables.data,
    workload: tables.workload,
  }));
  return {
    region: config.region,
    environment: config.environment,
    accountId: config.accountId,
    vpcId: vpc.vpcId,
    vpcCidr: vpc.vpcCidr,
    privateRouteTableIds,
    subnetIds: vpc.subnetIds,
    dbSubnetGroupName: vpc.dbSubnetGroupName,
    subnetPlan: vpc.subnetPlan,
    logsKeyArn: keys.keyArns.logs,
    kafkaClusterArn: kafka.clusterArn,
    kafkaClusterName: kafka.clusterName,
    kafkaBootstrapBrokersIam: kafka.bootstrapBrokersIam,
    kafkaBrokerSecurityGroupId: kafka.brokerSecurityGroupId,
    kafkaClientPolicyArns: kafka.clientPolicyArns,
    kafkaTopicNames: kafka.topicNames,
    kafkaReplicationSource: config.kafka.replicationSource,
    databaseGlobalClusterId: database.globalClusterIdentifier,
    databaseGlobalWriterEndpoint:
      join?.globalWriterEndpoint ?? defined(database.globalWriterEndpoint, "endpoint"),
    databaseClusterArn: database.clusterArn,
    databaseClusterId: database.clusterIdentifier,
    databaseWriterEndpoint: database.writerEndpoint,
    databaseReaderEndpoint: database.readerEndpoint,
    databasePort: database.port,
    databaseSecurityGroupId: database.securityGroupId,
    databaseSecretArn: join?.secretArn ?? defined(database.secretArn, "secret ARN"),
    databaseKmsKeyArn: database.kmsKeyArn,
    databaseEngineVersion: config.database.engineVersion,
    databaseWriterRegion: writerRegion,
    eksClusterName: eks.clusterName,
    eksClusterEndpoint: eks.endpoint,
    eksOidcProviderArn: eks.oidcProviderArn,
    eksOidcProviderUrl: eks.oidcProviderUrl,
    eksNodeSecurityGroupId: eks.nodeSecurityGroupId,
    kubeconfig: eks.kubeconfig,
    registryRepositoryUrls: pulumi.output(registries.repositoryUrls),
    alarmTopicArn: observability.alarmTopicArn,
    prometheusWorkspaceId: observability.prometheusWorkspaceId,
    prometheusWorkspaceArn: observability.prometheusWorkspaceArn,
    prometheusRemoteWriteUrl: observability.prometheusRemoteWriteUrl,
    dashboardName: observability.dashboardName,
    monitoredResources: observability.monitoredResources,
    storageKeyArn: keys.keyArns.storage,
    archiveBucketName: storage.archive.bucketName,
    archiveBucketArn: storage.archive.arn,
    configBucketName: storage.configDelivery.bucketName,
    assetsBucketName: storage.assets.bucketName,
    assetsBucketArn: storage.assets.arn,
    accessLogBucketName: storage.accessLogs.bucketName,
    // Set exactly when the workspace exists (grafana.enabled).
    ...(config.observability.grafana.enabled
      ? { grafanaUrl: observability.grafanaUrl as pulumi.Output<string> }
      : {}),
    ...(ciAccess !== undefined
      ? {
          ciAccess: pulumi
            .all([ciAccess.oidcProviderArn, ciAccess.previewRoleArn, ciAccess.deployRoleArn])
            .apply(([oidcProviderArn, previewRoleArn, deployRoleArn]) => ({
              oidcProviderArn,
              previewRoleArn,
              deployRoleArn,
            })),
        }
      : {}),
  };
}

/** A primary's database output that the primary role always sets (its global cluster's, its secret's). */
function defined(value: pulumi.Output<string | undefined>, what: string): pulumi.Output<string> {
  return value.apply((v) => {
    if (v === undefined) {
      throw new Error(`the primary database has no ${what}; GlobalAurora sets it in the primary role`);
    }
    return v;
  });
}

/** Private route tables of a VPC, keyed `<tier>-<zone>`, from its plain subnet plan (keys name resources). */
export function privateRouteTables(vpc: RegionalVpc): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(
    vpc.subnetPlan
      .filter((subnet) => subnet.tier === "data" || subnet.tier === "workload")
      .map((subnet) => [
        `${subnet.tier}-${subnet.availabilityZone}`,
        vpc.routeTableIds.apply((tables) => tables[subnet.tier][subnet.availabilityZone]),
      ]),
  );
}
