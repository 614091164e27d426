/**
 * `GlobalAurora`: one region's part of an Aurora PostgreSQL Global Database on Serverless v2. The `primary` role
 * creates the `aws.rds.GlobalCluster`, the writer cluster joined to it and its master credentials; the `secondary`
 * role creates a cluster that joins an existing global cluster, encrypted with its own region's key and without
 * credentials of its own (it replicates the primary's users). Both roles share everything else: TLS-only parameter
 * group, IAM authentication, log export to a KMS-encrypted log group, Performance Insights and enhanced monitoring,
 * backups, final snapshots, deletion protection, and a security group that admits named clients only. Identifiers,
 * instance placement, parameters, the defaults and every rule of the arguments are planned in `./plan`; this file
 * creates the resources, one named step per part of the database.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { policyJson } from "../common/iam";
import { ComponentStepContext, regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  AURORA_ENGINE,
  AuroraRole,
  CA_CERTIFICATE_IDENTIFIER,
  CLUSTER_IGNORED_PROPERTIES,
  INSTANCE_IGNORED_PROPERTIES,
  MASTER_PASSWORD_LENGTH,
  MASTER_PASSWORD_SPECIAL_CHARACTERS,
  POSTGRES_PORT,
  PlannedInstance,
  SERVERLESS_INSTANCE_CLASS,
  clusterIdentifier,
  clusterParameters,
  finalSnapshotIdentifier,
  globalAuroraArgsProblems,
  globalAuroraDefaults,
  globalClusterIdentifier,
  instanceIdentifier,
  monitoringTrustPolicy,
  parameterGroupFamily,
  planInstances,
  GlobalAuroraPlanInput,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const GLOBAL_AURORA_TYPE = "platform:data:GlobalAurora";

export interface GlobalAuroraArgs {
  /**
   * `primary` creates the global cluster, the writer cluster and the master credentials; `secondary` joins the
   * global cluster named by `globalClusterIdentifier`. Plain: it decides which resources exist.
   */
  readonly role: AuroraRole;
  /**
   * Secondary only (required there, refused for a primary): the global cluster to join, from the primary stack's
   * outputs.
   */
  readonly globalClusterIdentifier?: pulumi.Input<string>;
  /**
   * The environment (`dev`, `prod`, …): part of every identifier, and `prod` requires 2 or more instances and 7 or
   * more days of backups. Plain: identifiers and rules are computed from it.
   */
  readonly environment: string;
  /**
   * The Pulumi stack (`pulumi.getStack()`), part of the final snapshot's identifier. Plain: part of a name.
   */
  readonly stackName: string;
  /** Aurora PostgreSQL version, one of `GLOBAL_DATABASE_ENGINE_VERSIONS`. Plain: validated and names the family. */
  readonly engineVersion: string;
  /** Smallest capacity of each instance in ACUs (0.5 to 256, steps of 0.5). Plain: validated. */
  readonly minCapacity: number;
  /** Largest capacity of each instance in ACUs (up to 256, at least `minCapacity`). Plain: validated. */
  readonly maxCapacity: number;
  /** Instances, spread round-robin over `availabilityZones` (1 to 16; 2 or more in prod). Plain: planned. */
  readonly instanceCount: number;
  /**
   * Zones of the data subnets, in order; instance `i` goes to zone `i mod n`. Plain: they key the instances.
   */
  readonly availabilityZones: readonly string[];
  /** VPC of the security group. */
  readonly vpcId: pulumi.Input<string>;
  /** DB subnet group over the data subnets (RegionalVpc's `dbSubnetGroupName`). */
  readonly dbSubnetGroupName: pulumi.Input<string>;
  /**
   * ARN of the region's database key (RegionalKeys `keyArns.database`): cluster storage, Performance Insights and the
   * master secret.
   */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** ARN of the region's logs key (RegionalKeys `keyArns.logs`): the PostgreSQL log group. */
  readonly logKmsKeyArn: pulumi.Input<string>;
  /**
   * Security groups admitted on PostgreSQL's port, by client name (e.g. `{ "eks-nodes": nodeSg.id }`): one ingress
   * rule each, named after the key so adding a client never renumbers the others. Nothing else reaches the
   * database: no CIDR is ever admitted. Keys are plain: they name resources.
   * @default {} (no client yet)
   */
  readonly clientSecurityGroupIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Days automated backups are kept (1 to 35; 7 or more in prod). @default 7 */
  readonly backupRetentionDays?: number;
  /** Daily backup window in UTC. @default "17:00-18:00" (01:00 in Taipei) */
  readonly preferredBackupWindow?: string;
  /** Weekly maintenance window in UTC, not overlapping backups. @default "sat:18:30-sat:19:30" */
  readonly preferredMaintenanceWindow?: string;
  /** Enhanced monitoring interval in seconds (1, 5, 10, 15, 30, 60). @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Performance Insights retention in days (7, multiples of 31, 731). @default 7 (free tier) */
  readonly performanceInsightsRetentionDays?: number;
  /** Retention of the PostgreSQL log group, a CloudWatch Logs retention. @default 365 */
  readonly logRetentionDays?: number;
  /** Database created in the global cluster (primary only; secondaries replicate it). @default "platform" */
  readonly databaseName?: string;
  /** Master user (primary only; secondaries replicate it). @default "platform_admin" */
  readonly masterUsername?: string;
  /**
   * Protects the stateful children (global cluster, cluster, instances, master secret). The stacks pass
   * `environment === "prod"`.
   * @default false
   */
  readonly protect?: boolean;
  /** Extra tags on every child that takes tags; the component's own `Name` wins. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied: the plan's input and the Outputs the resources take. */
export interface ResolvedGlobalAuroraArgs extends GlobalAuroraPlanInput {
  readonly role: AuroraRole;
  readonly globalClusterIdentifier: pulumi.Input<string> | undefined;
  readonly vpcId: pulumi.Input<string>;
  readonly dbSubnetGroupName: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly logKmsKeyArn: pulumi.Input<string>;
  readonly clientSecurityGroupIds: Readonly<Record<string, pulumi.Input<string>>>;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults (`??`: an explicit 0 or "" is kept and validated, never replaced). */
export function withDefaults(args: GlobalAuroraArgs): ResolvedGlobalAuroraArgs {
  const d = globalAuroraDefaults;
  return {
    role: args.role,
    globalClusterIdentifier: args.globalClusterIdentifier,
    environment: args.environment,
    stackName: args.stackName,
    engineVersion: args.engineVersion,
    minCapacity: args.minCapacity,
    maxCapacity: args.maxCapacity,
    instanceCount: args.instanceCount,
    availabilityZones: args.availabilityZones,
    vpcId: args.vpcId,
    dbSubnetGroupName: args.dbSubnetGroupName,
    kmsKeyArn: args.kmsKeyArn,
    logKmsKeyArn: args.logKmsKeyArn,
    clientSecurityGroupIds: args.clientSecurityGroupIds ?? d.clientSecurityGroupIds,
    backupRetentionDays: args.backupRetentionDays ?? d.backupRetentionDays,
    preferredBackupWindow: args.preferredBackupWindow ?? d.preferredBackupWindow,
    preferredMaintenanceWindow: args.preferredMaintenanceWindow ?? d.preferredMaintenanceWindow,
    monitoringIntervalSeconds: args.monitoringIntervalSeconds ?? d.monitoringIntervalSeconds,
    performanceInsightsRetentionDays:
      args.performanceInsightsRetentionDays ?? d.performanceInsightsRetentionDays,
    logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
    databaseName: args.databaseName ?? d.databaseName,
    masterUsername: args.masterUsername ?? d.masterUsername,
    protect: args.protect ?? d.protect,
    tags: args.tags ?? d.tags,
  };
}

/**
 * Every problem of the (defaulted) arguments (`globalAuroraArgsProblems`) and of the provider in `opts`, with paths
 * relative to the arguments. Empty when the component can be built.
 */
export function validateGlobalAuroraArgs(
  name: string,
  args: ResolvedGlobalAuroraArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...globalAuroraArgsProblems(name, args), ...regionalProviderProblems(opts)];
}

/** The master user and its generated password (primary role). */
interface Credentials {
  readonly masterUsername: string;
  readonly masterPassword: pulumi.Output<string>;
}

/** What every step of the constructor creates with. */
interface Context extends ComponentStepContext {
  readonly resolved: ResolvedGlobalAuroraArgs;
  readonly statefulOpts: { parent: pulumi.Resource; provider: aws.Provider; protect: boolean };
  /** The environment as identifier text (`_` becomes `-`). */
  readonly environment: string;
}

/**
 * One region's Aurora PostgreSQL Serverless v2 cluster in a global database, with the global cluster itself and
 * the master credentials in the primary role.
 */
export class GlobalAurora extends pulumi.ComponentResource {
  /** The global cluster's identifier (created here in the primary role, joined in the secondary role). */
  readonly globalClusterIdentifier: pulumi.Output<string>;
  /**
   * The global writer endpoint (primary role): it follows the writer through switchovers and failovers, so clients
   * that write use it. Undefined in the secondary role (read it from the primary stack).
   */
  readonly globalWriterEndpoint: pulumi.Output<string | undefined>;
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterIdentifier: pulumi.Output<string>;
  /** The cluster's resource id (`cluster-…`): what IAM database authentication scopes `rds-db:connect` to. */
  readonly clusterResourceId: pulumi.Output<string>;
  /**
   * This cluster's writer endpoint: accepts writes while this region holds the writer (secondaries refuse writes).
   */
  readonly writerEndpoint: pulumi.Output<string>;
  /** This cluster's reader endpoint: reads in this region, whatever the writer's region. */
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** The security group of the instances (clients are admitted by `clientSecurityGroupIds`). */
  readonly securityGroupId: pulumi.Output<string>;
  /**
   * ARN of the Secrets Manager secret with the master credentials (primary role; undefined for a secondary, which
   * has none of its own). The value itself is never an output.
   */
  readonly secretArn: pulumi.Output<string | undefined>;
  /** The KMS key that encrypts the cluster, Performance Insights and the secret. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The planned instances (plain: known before anything is created). */
  readonly instancePlan: readonly PlannedInstance[];

  constructor(name: string, args: GlobalAuroraArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GLOBAL_AURORA_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for GlobalAurora "${name}"`,
      validateGlobalAuroraArgs(name, resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts,
      // Only the stateful children are protected; roles, groups and rules can be recreated at any time.
      statefulOpts: { ...childOpts, protect: resolved.protect },
      tags: (own) => ({ ...resolved.tags, ...own }),
      environment: resolved.environment.replace(/_/g, "-"),
    };

    const region = aws.getRegionOutput({}, childOpts).region;
    const partition = aws.getPartitionOutput({}, childOpts).partition;
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const clusterId = region.apply((r) => clusterIdentifier(name, ctx.environment, r));
    const plan = planInstances(resolved.availabilityZones, resolved.instanceCount);

    const securityGroup = this.createSecurityGroup(ctx);
    const monitoringRole = this.createMonitoringRole(ctx, partition, accountId);
    const parameterGroup = this.createParameterGroup(ctx);
    const logGroup = this.createLogGroup(ctx, clusterId);
    const finalSnapshot = this.createFinalSnapshotIdentifier(ctx, clusterId);
    const global = resolved.role === "primary" ? this.createGlobalClusterAndCredentials(ctx) : undefined;
    const globalId = global?.globalId ?? pulumi.output(resolved.globalClusterIdentifier!);
    const globalWriterEndpoint = global?.globalWriterEndpoint ?? pulumi.output(undefined);
    const cluster = this.createCluster(ctx, {
      clusterId,
      globalId,
      credentials: global?.credentials,
      securityGroup,
      parameterGroup,
      logGroup,
      finalSnapshot,
    });
    this.createInstances(ctx, plan, clusterId, cluster, monitoringRole);
    if (global !== undefined) {
      this.createSecretVersion(ctx, global, cluster);
    }

    this.globalClusterIdentifier = globalId;
    this.globalWriterEndpoint = globalWriterEndpoint;
    this.clusterArn = cluster.arn;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterResourceId = cluster.clusterResourceId;
    this.writerEndpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = cluster.port;
    this.securityGroupId = securityGroup.id;
    this.secretArn = global !== undefined ? global.secret.arn : pulumi.output(undefined);
    this.kmsKeyArn = pulumi.output(resolved.kmsKeyArn);
    this.instancePlan = plan;
    this.registerOutputs({
      globalClusterIdentifier: this.globalClusterIdentifier,
      globalWriterEndpoint: this.globalWriterEndpoint,
      clusterArn: this.clusterArn,
      clusterIdentifier: this.clusterIdentifier,
      clusterResourceId: this.clusterResourceId,
      writerEndpoint: this.writerEndpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      securityGroupId: this.securityGroupId,
      secretArn: this.secretArn,
      kmsKeyArn: this.kmsKeyArn,
      instancePlan: this.instancePlan,
    });
  }

  /** Network: PostgreSQL from the named client security groups only; no egress (the database initiates nothing). */
  private createSecurityGroup({ name, resolved, provider, childOpts, tags }: Context): aws.ec2.SecurityGroup {
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: resolved.vpcId,
        description: `Aurora ${name}: PostgreSQL from named client security groups only`,
        tags: tags({ Name: `${name}-sg` }),
      },
      childOpts,
    );
    for (const [client, groupId] of Object.entries(resolved.clientSecurityGroupIds)) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-${client}`,
        {
          securityGroupId: securityGroup.id,
          description: `PostgreSQL from ${client}`,
          ipProtocol: "tcp",
          fromPort: POSTGRES_PORT,
          toPort: POSTGRES_PORT,
          referencedSecurityGroupId: groupId,
          tags: tags({ Name: `${name}-from-${client}` }),
        },
        { parent: securityGroup, provider },
      );
    }
    return securityGroup;
  }

  /** Enhanced monitoring: RDS of this account publishes OS metrics through this role. */
  private createMonitoringRole(
    { name, provider, childOpts, tags }: Context,
    partition: pulumi.Output<string>,
    accountId: pulumi.Output<string>,
  ): aws.iam.Role {
    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        description: `Enhanced monitoring of the Aurora cluster ${name}`,
        // Written as aws.iam.getPolicyDocument wrote it before (`provider`): the same text, no diff on live stacks.
        assumeRolePolicy: accountId.apply((account) =>
          policyJson(monitoringTrustPolicy(account), "provider"),
        ),
        tags: tags({ Name: `${name}-monitoring` }),
      },
      childOpts,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      {
        role: monitoringRole.name,
        policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      },
      { parent: monitoringRole, provider },
    );
    return monitoringRole;
  }

  /** The cluster parameter group of the version's family: TLS only, incident logging. */
  private createParameterGroup({ name, resolved, childOpts, tags }: Context): aws.rds.ClusterParameterGroup {
    return new aws.rds.ClusterParameterGroup(
      name,
      {
        family: parameterGroupFamily(resolved.engineVersion),
        description: `Aurora ${name}: TLS only, incident logging`,
        parameters: clusterParameters().map((p) => ({ ...p })),
        tags: tags({ Name: name }),
      },
      childOpts,
    );
  }

  /**
   * The PostgreSQL log group. RDS would create it itself on the first export, unencrypted and kept forever;
   * creating it first (the cluster depends on it) gives it the logs key and a retention.
   */
  private createLogGroup(
    { name, resolved, childOpts, tags }: Context,
    clusterId: pulumi.Output<string>,
  ): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
      `${name}-postgresql`,
      {
        name: pulumi.interpolate`/aws/rds/cluster/${clusterId}/postgresql`,
        retentionInDays: resolved.logRetentionDays,
        kmsKeyId: resolved.logKmsKeyArn,
        tags: tags({ Name: `${name}-postgresql` }),
      },
      childOpts,
    );
  }

  /** The final snapshot's identifier, with a suffix generated once per cluster so every one is unique. */
  private createFinalSnapshotIdentifier(
    { name, resolved, childOpts }: Context,
    clusterId: pulumi.Output<string>,
  ): pulumi.Output<string> {
    const snapshotSuffix = new random.RandomString(
      `${name}-final-snapshot`,
      { length: 8, special: false, upper: false },
      childOpts,
    );
    return pulumi
      .all([clusterId, snapshotSuffix.result])
      .apply(([id, suffix]) => finalSnapshotIdentifier(id, resolved.stackName, suffix));
  }

  /**
   * Primary role: the global cluster, the generated master password and the Secrets Manager secret that publishes
   * it. Managed master passwords (RDS in Secrets Manager) are not supported for global clusters (ADR 0013): the
   * password is generated here and lives in state only as a secret.
   */
  private createGlobalClusterAndCredentials({
    name,
    resolved,
    childOpts,
    statefulOpts,
    tags,
    environment,
  }: Context): {
    globalId: pulumi.Output<string>;
    globalWriterEndpoint: pulumi.Output<string | undefined>;
    credentials: Credentials;
    secret: aws.secretsmanager.Secret;
  } {
    const global = new aws.rds.GlobalCluster(
      `${name}-global`,
      {
        globalClusterIdentifier: globalClusterIdentifier(name, environment),
        engine: AURORA_ENGINE,
        engineVersion: resolved.engineVersion,
        databaseName: resolved.databaseName,
        storageEncrypted: true,
        deletionProtection: true,
        // Never delete member clusters with the global cluster.
        forceDestroy: false,
        tags: tags({ Name: `${name}-global` }),
      },
      statefulOpts,
    );
    const password = new random.RandomPassword(
      `${name}-master-password`,
      {
        length: MASTER_PASSWORD_LENGTH,
        special: true,
        overrideSpecial: MASTER_PASSWORD_SPECIAL_CHARACTERS,
        minLower: 2,
        minUpper: 2,
        minNumeric: 2,
        minSpecial: 2,
      },
      { ...childOpts, additionalSecretOutputs: ["result", "bcryptHash"] },
    );
    const credentials = {
      masterUsername: resolved.masterUsername,
      masterPassword: pulumi.secret(password.result),
    };
    const secret = new aws.secretsmanager.Secret(
      `${name}-master`,
      {
        description: `Master credentials of the Aurora global database ${name} (${environment})`,
        kmsKeyId: resolved.kmsKeyArn,
        // A deleted secret stays recoverable for the longest window Secrets Manager offers.
        recoveryWindowInDays: 30,
        tags: tags({ Name: `${name}-master` }),
      },
      statefulOpts,
    );
    return {
      globalId: global.globalClusterIdentifier,
      globalWriterEndpoint: global.endpoint,
      credentials,
      secret,
    };
  }

  /** The regional cluster, joined to the global cluster; the primary's carries the master credentials. */
  private createCluster(
    { name, resolved, statefulOpts, tags }: Context,
    parts: {
      clusterId: pulumi.Output<string>;
      globalId: pulumi.Output<string>;
      credentials: Credentials | undefined;
      securityGroup: aws.ec2.SecurityGroup;
      parameterGroup: aws.rds.ClusterParameterGroup;
      logGroup: aws.cloudwatch.LogGroup;
      finalSnapshot: pulumi.Output<string>;
    },
  ): aws.rds.Cluster {
    const { credentials } = parts;
    return new aws.rds.Cluster(
      name,
      {
        clusterIdentifier: parts.clusterId,
        engine: AURORA_ENGINE,
        engineMode: "provisioned",
        engineVersion: resolved.engineVersion,
        globalClusterIdentifier: parts.globalId,
        ...(credentials !== undefined
          ? {
              databaseName: resolved.databaseName,
              masterUsername: credentials.masterUsername,
              masterPassword: credentials.masterPassword,
            }
          : {}),
        dbSubnetGroupName: resolved.dbSubnetGroupName,
        vpcSecurityGroupIds: [parts.securityGroup.id],
        dbClusterParameterGroupName: parts.parameterGroup.name,
        port: POSTGRES_PORT,
        storageEncrypted: true,
        kmsKeyId: resolved.kmsKeyArn,
        serverlessv2ScalingConfiguration: {
          minCapacity: resolved.minCapacity,
          maxCapacity: resolved.maxCapacity,
        },
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        backupRetentionPeriod: resolved.backupRetentionDays,
        preferredBackupWindow: resolved.preferredBackupWindow,
        preferredMaintenanceWindow: resolved.preferredMaintenanceWindow,
        copyTagsToSnapshot: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: parts.finalSnapshot,
        deleteAutomatedBackups: false,
        deletionProtection: true,
        tags: tags({ Name: name }),
      },
      {
        ...statefulOpts,
        dependsOn: [parts.logGroup],
        // See CLUSTER_IGNORED_PROPERTIES: reconciling these after a switchover or failover detaches or promotes a
        // cluster of the global database, which loses the writes of the side that is cut off.
        ignoreChanges: [...CLUSTER_IGNORED_PROPERTIES],
      },
    );
  }

  /** The planned `db.serverless` instances, spread over the zones. */
  private createInstances(
    { name, resolved, statefulOpts, tags }: Context,
    plan: readonly PlannedInstance[],
    clusterId: pulumi.Output<string>,
    cluster: aws.rds.Cluster,
    monitoringRole: aws.iam.Role,
  ): void {
    for (const planned of plan) {
      new aws.rds.ClusterInstance(
        `${name}-${planned.key}`,
        {
          identifier: clusterId.apply((id) => instanceIdentifier(id, planned.key)),
          clusterIdentifier: cluster.id,
          engine: AURORA_ENGINE,
          engineVersion: resolved.engineVersion,
          instanceClass: SERVERLESS_INSTANCE_CLASS,
          availabilityZone: planned.availabilityZone,
          promotionTier: planned.promotionTier,
          publiclyAccessible: false,
          caCertIdentifier: CA_CERTIFICATE_IDENTIFIER,
          // The version is pinned in config; a minor upgrade is a reviewed change through the global cluster.
          autoMinorVersionUpgrade: false,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: resolved.kmsKeyArn,
          performanceInsightsRetentionPeriod: resolved.performanceInsightsRetentionDays,
          monitoringInterval: resolved.monitoringIntervalSeconds,
          monitoringRoleArn: monitoringRole.arn,
          copyTagsToSnapshot: true,
          tags: tags({ Name: `${name}-${planned.key}` }),
        },
        { ...statefulOpts, ignoreChanges: [...INSTANCE_IGNORED_PROPERTIES] },
      );
    }
  }

  /** The secret's value in the shape RDS rotation functions read; secret from end to end. */
  private createSecretVersion(
    { name, resolved, childOpts }: Context,
    global: {
      globalWriterEndpoint: pulumi.Output<string | undefined>;
      credentials: Credentials;
      secret: aws.secretsmanager.Secret;
    },
    cluster: aws.rds.Cluster,
  ): void {
    new aws.secretsmanager.SecretVersion(
      `${name}-master`,
      {
        secretId: global.secret.id,
        secretString: pulumi.secret(
          pulumi.jsonStringify({
            engine: "postgres",
            // The global writer endpoint follows the writer through switchovers, unlike the cluster's own.
            host: global.globalWriterEndpoint,
            port: POSTGRES_PORT,
            dbname: resolved.databaseName,
            dbClusterIdentifier: cluster.clusterIdentifier,
            username: global.credentials.masterUsername,
            password: global.credentials.masterPassword,
          }),
        ),
      },
      // Beside the secret, not under it: a child would inherit the secret's `protect`, and a rotation replaces
      // the version (docs/runbooks/rotate-database-password.md). The secret itself stays protected.
      childOpts,
    );
  }
}
