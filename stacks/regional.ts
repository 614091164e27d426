import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EksPlatform } from "../components/eks-platform";
import { GithubCiAccess } from "../components/github-ci-access";
import { GlobalAurora } from "../components/global-aurora";
import { MskCluster } from "../components/msk-cluster";
import {
  GrafanaPeer,
  MonitoredResources,
  ObservabilityStack,
  kafkaBrokerIds,
} from "../components/observability-stack";
import { RegionalKeys } from "../components/regional-keys";
import { RegionalVpc } from "../components/regional-vpc";
import { planNat } from "../components/regional-vpc/plan";
import { WorkloadIdentity } from "../components/workload-identity";
import type { PlatformConfig } from "./config";
import {
  COMPONENT_NAMES,
  applicationBucketName,
  applicationIdentityName,
  ciRoleNamePrefix,
  eksClusterName,
} from "./naming";
import { inKafkaZones, kafkaBrokerCount } from "./placement";
import type { Exported, PrivateRouteTableIds, RegionalStackOutputs } from "./contract";
import { regionalProvider } from "./providers";
import { APPLICATION_DATABASE_USERS, KAFKA_ACCESS_MATRIX, TOPIC_CATALOGUE } from "./catalogue";

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
  /** The seed's application service accounts bound to their IAM roles, by application (ADR 0018). */
  readonly applications: Readonly<Record<string, WorkloadIdentity>>;
  /** Alarms, dashboards, metrics, logs and traces of the region (ADR 0016). */
  readonly observability: ObservabilityStack;
  /** The account's GitHub Actions roles, in the one stack whose config has `platform:ciAccess` (ADR 0008). */
  readonly ciAccess?: GithubCiAccess;
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

export function buildRegionalPlatform(
  config: PlatformConfig,
  join?: DatabaseJoin,
  peers: ObservabilityPeers = {},
): RegionalPlatform {
  const writerRegion = writerRegionOf(config, join);
  const provider = regionalProvider(config, config.region);
  // First, so every later component encrypts with the region's own keys; protected in prod, since deleting a key
  // makes everything encrypted with it unreadable.
  const keys = new RegionalKeys(
    COMPONENT_NAMES.keys,
    { environment: config.environment, aliasPrefix: config.project, protect: config.environment === "prod" },
    { provider },
  );
  const network = config.network;
  const vpc = new RegionalVpc(
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
  // IAM is global: only the stack that owns the account's CI roles creates them (protected OIDC provider in prod).
  const ciAccess =
    config.ciAccess === undefined
      ? undefined
      : new GithubCiAccess(
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
  // The private EKS cluster in the workload subnets: secrets with the kubernetes key, control plane logs with the
  // logs key; the config's admins plus this stack's CI deploy role; protected in prod (ADR 0017).
  const kubernetes = config.kubernetes;
  const eks = new EksPlatform(
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
  // Every node and pod carries the cluster security group; the data stores admit it as their client `eks`.
  const eksClients = { eks: eks.nodeSecurityGroupId };
  // MSK in the data tier of the first zones (MSK takes two or three), encrypted with the region's streaming and
  // logs keys; protected in prod. Clients are admitted by security group later (clientSecurityGroupIds).
  const kafkaConfig = config.kafka;
  const kafka = new MskCluster(
    COMPONENT_NAMES.kafka,
    {
      vpcId: vpc.vpcId,
      subnetIds: inKafkaZones(network.availabilityZones).map((_, zone) =>
        vpc.subnetIds.apply((ids) => ids.data[zone]),
      ),
      kafkaVersion: kafkaConfig.kafkaVersion,
      brokerInstanceType: kafkaConfig.brokerInstanceType,
      brokerCount: kafkaBrokerCount(kafkaConfig.brokersPerAz, network.availabilityZones.length),
      volumeSizeGiB: kafkaConfig.volumeSizeGiB,
      maxVolumeSizeGiB: kafkaConfig.maxVolumeSizeGiB,
      storageTargetPercent: kafkaConfig.storageTargetPercent,
      durability: kafkaConfig.durability,
      kmsKeyArn: keys.keyArns.streaming,
      logsKmsKeyArn: keys.keyArns.logs,
      logRetentionDays: kafkaConfig.logRetentionDays,
      enhancedMonitoring: kafkaConfig.enhancedMonitoring,
      replicationSource: kafkaConfig.replicationSource,
      clientSecurityGroupIds: eksClients,
      // The applications' topics and who may use them (stacks/catalogue.ts).
      topics: TOPIC_CATALOGUE,
      accessMatrix: KAFKA_ACCESS_MATRIX,
      protect: config.environment === "prod",
    },
    { provider },
  );
  // The region's cluster of the global database, in the data subnets, encrypted with the region's database key
  // (logs with its logs key); the primary also creates the global cluster and the master credentials. Clients are
  // admitted by security group (clientSecurityGroupIds) as they arrive; protected in prod.
  const databaseConfig = config.database;
  const database = new GlobalAurora(
    COMPONENT_NAMES.database,
    {
      role: join === undefined ? "primary" : "secondary",
      ...(join !== undefined ? { globalClusterIdentifier: join.globalClusterIdentifier } : {}),
      environment: config.environment,
      stackName: config.stack,
      engineVersion: databaseConfig.engineVersion,
      minCapacity: databaseConfig.minCapacity,
      maxCapacity: databaseConfig.maxCapacity,
      instanceCount: databaseConfig.instanceCount,
      availabilityZones: network.availabilityZones,
      vpcId: vpc.vpcId,
      dbSubnetGroupName: vpc.dbSubnetGroupName,
      kmsKeyArn: keys.keyArns.database,
      logKmsKeyArn: keys.keyArns.logs,
      clientSecurityGroupIds: eksClients,
      backupRetentionDays: databaseConfig.backupRetentionDays,
      preferredBackupWindow: databaseConfig.preferredBackupWindow,
      preferredMaintenanceWindow: databaseConfig.preferredMaintenanceWindow,
      monitoringIntervalSeconds: databaseConfig.monitoringIntervalSeconds,
      performanceInsightsRetentionDays: databaseConfig.performanceInsightsRetentionDays,
      logRetentionDays: databaseConfig.logRetentionDays,
      databaseName: databaseConfig.databaseName,
      masterUsername: databaseConfig.masterUsername,
      protect: config.environment === "prod",
    },
    { provider },
  );
  // Alarms on what runs here (to a topic encrypted with the logs key), dashboards, Prometheus, Grafana where the
  // region offers it, traces; stateful parts protected in prod (ADR 0016). NAT gateways are keyed by their zone,
  // known from the plan before any gateway exists.
  const observabilityConfig = config.observability;
  const natZones = planNat(network.egress, network.availabilityZones).natZones;
  const observability = new ObservabilityStack(
    COMPONENT_NAMES.observability,
    {
      environment: config.environment,
      region: config.region,
      namePrefix: config.project,
      kmsKeyArn: keys.keyArns.logs,
      alarmEmails: observabilityConfig.alarmEmails,
      logRetentionDays: observabilityConfig.logRetentionDays,
      metricsRetentionDays: observabilityConfig.metricsRetentionDays,
      thresholds: observabilityConfig.thresholds,
      tracing: observabilityConfig.tracing,
      monitored: {
        aurora: { clusterIdentifier: database.clusterIdentifier, globalSecondary: join !== undefined },
        kafka: {
          clusterName: kafka.clusterName,
          brokerIds: kafkaBrokerIds(
            kafkaBrokerCount(kafkaConfig.brokersPerAz, network.availabilityZones.length),
          ),
        },
        natGateways: Object.fromEntries(
          natZones.map((zone) => [zone, vpc.natGatewayIds.apply((ids) => ids[zone])]),
        ),
        ...(peers.replicators !== undefined ? { replicators: peers.replicators } : {}),
        kubernetes: { clusterName: eks.clusterName },
      },
      grafana: {
        enabled: observabilityConfig.grafana.enabled,
        version: observabilityConfig.grafana.version,
        peers: peers.grafanaPeers ?? [],
      },
      ...(peers.crossRegion !== undefined ? { crossRegion: peers.crossRegion } : {}),
      kubernetes: {
        clusterName: eks.clusterName,
        clusterArn: eks.clusterArn,
        subnetIds: vpc.subnetIds.apply((ids) => ids.workload),
        securityGroupIds: [eks.nodeSecurityGroupId],
        scrapeIntervalSeconds: observabilityConfig.kubernetes.scrapeIntervalSeconds,
        containerInsights: observabilityConfig.kubernetes.containerInsights,
        addonVersion: observabilityConfig.kubernetes.addonVersion,
      },
      protect: config.environment === "prod",
    },
    { provider },
  );
  const applications = applicationIdentities(config, eks, kafka, database, provider);
  const privateRouteTableIds: pulumi.Output<PrivateRouteTableIds> = vpc.routeTableIds.apply((tables) => ({
    data: tables.data,
    workload: tables.workload,
  }));
  return {
    provider,
    keys,
    vpc,
    kafka,
    database,
    eks,
    applications,
    observability,
    ...(ciAccess !== undefined ? { ciAccess } : {}),
    outputs: {
      region: config.region,
      environment: config.environment,
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
      kafkaReplicationSource: kafkaConfig.replicationSource,
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
      databaseWriterRegion: writerRegion,
      eksClusterName: eks.clusterName,
      eksClusterEndpoint: eks.endpoint,
      eksOidcProviderArn: eks.oidcProviderArn,
      eksOidcProviderUrl: eks.oidcProviderUrl,
      eksNodeSecurityGroupId: eks.nodeSecurityGroupId,
      kubeconfig: eks.kubeconfig,
      alarmTopicArn: observability.alarmTopicArn,
      prometheusWorkspaceId: observability.prometheusWorkspaceId,
      prometheusWorkspaceArn: observability.prometheusWorkspaceArn,
      prometheusRemoteWriteUrl: observability.prometheusRemoteWriteUrl,
      dashboardName: observability.dashboardName,
      monitoredResources: observability.monitoredResources,
      // Set exactly when the workspace exists (grafana.enabled).
      ...(observabilityConfig.grafana.enabled
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
    },
  };
}

/**
 * The seed's application service accounts (task 6.3: Aurora, MSK and S3 access), in the application namespace, each
 * bound to its own role through EKS Pod Identity: `api` reads and writes every topic (the access matrix's `api`
 * policy) and connects to Aurora as `app_api`; `shop` reads its four topics; `cmc` manages the topics and reads and
 * writes its prefix of the application bucket.
 */
function applicationIdentities(
  config: PlatformConfig,
  eks: EksPlatform,
  kafka: MskCluster,
  database: GlobalAurora,
  provider: aws.Provider,
): Record<string, WorkloadIdentity> {
  const partition = aws.getPartitionOutput({}, { provider }).partition;
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
  const kafkaPolicy = (client: string) =>
    kafka.clientPolicyArns.apply((arns) => {
      const arn = arns[client];
      if (arn === undefined) {
        throw new Error(
          `the MSK access matrix has no client ${client}; add it to KAFKA_ACCESS_MATRIX (stacks/catalogue.ts)`,
        );
      }
      return arn;
    });
  // IAM database authentication for one database user of this region's cluster only (its resource id).
  const databaseConnect = (user: string) =>
    pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConnectAsApplicationUser",
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: pulumi.interpolate`arn:${partition}:rds-db:${config.region}:${accountId}:dbuser:${database.clusterResourceId}/${user}`,
        },
      ],
    });
  // The application bucket's `cmc/` prefix only, and only the bucket of this account (a bucket name alone could be
  // anyone's).
  const bucket = applicationBucketName(config);
  const bucketPrefix = (prefix: string) =>
    pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ListOwnPrefix",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: pulumi.interpolate`arn:${partition}:s3:::${bucket}`,
          Condition: {
            StringLike: { "s3:prefix": [`${prefix}/*`] },
            StringEquals: { "s3:ResourceAccount": accountId },
          },
        },
        {
          Sid: "ReadWriteOwnPrefix",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: pulumi.interpolate`arn:${partition}:s3:::${bucket}/${prefix}/*`,
          Condition: { StringEquals: { "s3:ResourceAccount": accountId } },
        },
      ],
    });
  const identity = (
    app: string,
    grants: { managed: Record<string, pulumi.Input<string>>; inline?: Record<string, pulumi.Input<string>> },
  ) =>
    new WorkloadIdentity(
      applicationIdentityName(app),
      {
        cluster: eks.identityTarget,
        namespace: eks.applicationNamespace,
        serviceAccount: app,
        managedPolicyArns: grants.managed,
        inlinePolicies: grants.inline ?? {},
        kubernetesProvider: eks.kubernetesProvider,
        serviceAccountDependsOn: [eks.applicationNamespaceResource],
        description: `Application ${app} (seed 000 task 6.3)`,
      },
      { provider },
    );
  return {
    api: identity("api", {
      managed: { kafka: kafkaPolicy("api") },
      inline: { "database-connect": databaseConnect(APPLICATION_DATABASE_USERS.api) },
    }),
    shop: identity("shop", { managed: { kafka: kafkaPolicy("shop") } }),
    cmc: identity("cmc", { managed: { kafka: kafkaPolicy("cmc") }, inline: { assets: bucketPrefix("cmc") } }),
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
