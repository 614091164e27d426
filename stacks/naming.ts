/**
 * Names the stacks give, defined once: the logical names of the components each stack composes (they are the first
 * part of every child's URN and name, so renaming one replaces its resources) and the physical names derived from
 * the project, environment and region that other stacks, the tools or people must know in advance. Plain data and
 * functions of plain values: the tools import them without loading the program.
 */
import { ROLE_NAME_SUFFIXES } from "../components/github-ci-access/plan";

/** What a name is derived from: the Pulumi project, `platform:environment` and `aws:region` (a `PlatformConfig`). */
export interface NamingScope {
  readonly project: string;
  readonly environment: string;
  readonly region: string;
}

/**
 * Logical names of the components every region composes (`stacks/regional.ts`). Renaming one replaces every
 * resource of the component.
 */
export const COMPONENT_NAMES = {
  keys: "keys",
  network: "network",
  ciAccess: "ci-access",
  eks: "eks",
  kafka: "kafka",
  database: "database",
  observability: "observability",
  registries: "registries",
  /** The public hosted zone (`PublicZone`), in the stack that owns it (`platform:edge.ownsZone`). */
  zone: "zone",
  /** The region's `RegionalEdge`; its WAF log group and metrics carry the name. */
  edge: "edge",
  /** The alarms on the edge's health checks, in us-east-1 (`HealthCheckAlarms`). */
  healthCheckAlarms: "health-check-alarms",
  /** The stack's budget and, in one stack per account, Cost Anomaly Detection (`CostGuardrails`). */
  cost: "cost",
  /** The region's GuardDuty, Security Hub and account security defaults (`ThreatDetection`, ADR 0030). */
  security: "security",
  /** The account's CloudTrail trail and its CIS alarms (`AuditTrail`), in the stack that owns it (`platform:audit`). */
  auditTrail: "audit-trail",
  /** The region's AWS Config recorder (`ConfigRecorder`), with `platform:audit.config`. */
  configRecorder: "config-recorder",
  /** The region's AWS Backup vault, plan, selection, alarms and restore test (`BackupProtection`). */
  backup: "backup",
  /** The region's buckets (`SecureBucket`s) and the CloudWatch Logs archive stream (ADR 0028). */
  storage: "storage",
} as const;

/**
 * Name of the stacks' `GlobalAurora` component: the global cluster is `<name>-<environment>` in every stack, which
 * is how `npm run db:switchover` finds it from a stack file. Renaming it renames the database's physical identifiers.
 */
export const DATABASE_COMPONENT_NAME = COMPONENT_NAMES.database;

/** Logical name of the primary's StackReference in a secondary stack. */
export const PRIMARY_REFERENCE_NAME = "primary";

/** Logical names of what only a secondary creates: its links to the primary in `primaryRegion`. */
export const SECONDARY_COMPONENT_NAMES = {
  peering: (primaryRegion: string) => `peering-${primaryRegion}`,
  kafkaReplication: "kafka-replication",
  replicationAlarms: (primaryRegion: string) => `replication-alarms-${primaryRegion}`,
  /** S3 replication of the archive and assets buckets, both ways (ADR 0028). */
  bucketReplication: (primaryRegion: string) => `bucket-replication-${primaryRegion}`,
} as const;

/** Logical name of an application's `WorkloadIdentity` (its role, policies and service account are named after it). */
export function applicationIdentityName(application: string): string {
  return `app-${application}`;
}

/**
 * Logical names of what the stacks add to the edge: the node security group's rule admitting the load balancer on
 * one port, and an application's TargetGroupBinding.
 */
export const EDGE_WIRING_NAMES = {
  nodeIngress: (port: number) => `${COMPONENT_NAMES.edge}-to-nodes-${port}`,
  targetGroupBinding: (application: string) => `${COMPONENT_NAMES.edge}-${application}-binding`,
} as const;

/** Logical name of the explicit AWS provider of a region. */
export function providerName(region: string): string {
  return `aws-${region}`;
}

/**
 * Physical name of a stack's EKS cluster: deterministic, because the VPC tags its subnets with it before the cluster
 * exists, and unique per project, environment and region.
 */
export function eksClusterName(scope: NamingScope): string {
  return `${scope.project}-${scope.environment}-${scope.region}`;
}

/**
 * Name prefix of the account's GitHub CI roles (`<project>-github-preview`, `<project>-github-deploy`): the stacks
 * that do not own them name the deploy role `role/<prefix>-deploy` in `platform:kubernetes.clusterAdmins`.
 */
export function ciRoleNamePrefix(scope: Pick<NamingScope, "project">): string {
  return `${scope.project}-github`;
}

/**
 * Name of the account's GitHub CI deploy role (`<project>-github-deploy`), which pushes the applications' images:
 * every stack names it in its repositories' policies, whether or not it owns the role.
 */
export function ciDeployRoleName(scope: Pick<NamingScope, "project">): string {
  return `${ciRoleNamePrefix(scope)}${ROLE_NAME_SUFFIXES.deploy}`;
}

/**
 * First part of a stack's ECR repository names and the prefix its registry replicates (`<project>/<environment>`,
 * so `platform/prod/api`): one account may hold dev and prod in the same region, and ECR repository names are unique
 * per account and region. A primary's replicated images land in its secondaries' repositories of the same names,
 * which the same environment gives them.
 */
export function registryNamePrefix(scope: Pick<NamingScope, "project" | "environment">): string {
  return `${scope.project}/${scope.environment}`;
}

/** What a bucket name is derived from: the naming scope and the account (bucket names are global, ADR 0028). */
export interface BucketNamingScope extends NamingScope {
  readonly accountId: string;
}

/** The buckets every region has (`storage` step): server access logs, the log archive, Config history, assets. */
export const STORAGE_BUCKET_PURPOSES = ["access-logs", "archive", "config", "assets"] as const;
export type StorageBucketPurpose = (typeof STORAGE_BUCKET_PURPOSES)[number];

/**
 * The name of one of a stack's buckets, `<project>-<environment>-<region>-<account>-<purpose>`: deterministic (the
 * applications' roles and the other region's replication name it before it exists) and, with the account, unique in
 * the global S3 namespace; at most 63 characters (`platform:storage` checks it).
 */
export function storageBucketName(scope: BucketNamingScope, purpose: StorageBucketPurpose): string {
  return `${scope.project}-${scope.environment}-${scope.region}-${scope.accountId}-${purpose}`;
}

/**
 * The application bucket of a stack (`<project>-<environment>-<region>-<account>-assets`); each application owns a
 * prefix.
 */
export function applicationBucketName(scope: BucketNamingScope): string {
  return storageBucketName(scope, "assets");
}

/**
 * Name prefix of the MSK Replicators between a secondary and its primary (`<project>-<environment>`); MskReplication
 * plans the replicators' names from it, so both regions' alarms can name them before they exist.
 */
export function replicationNamePrefix(scope: Pick<NamingScope, "project" | "environment">): string {
  return `${scope.project}-${scope.environment}`;
}

/** Name of the stack's AWS Budget, unique in the account: `<project>-<environment>-<region>`. */
export function budgetName(config: { project: string; environment: string; region: string }): string {
  return `${config.project}-${config.environment}-${config.region}`;
}

/**
 * Name of the region's EventBridge rule routing GuardDuty findings to the alarm topic: `<project>-<environment>-
 * guardduty-findings` (rules are regional; the alarm topic's policy admits exactly this name).
 */
export function findingsRuleName(config: Pick<NamingScope, "project" | "environment">): string {
  return `${config.project}-${config.environment}-guardduty-findings`;
}

/**
 * Name of the account's CloudTrail trail, `<project>-<environment>`: one multi-Region trail per account records every
 * Region (ADR 0031), so the name carries no Region; its log group is `/cloudtrail/<name>`.
 */
export function auditTrailName(scope: Pick<NamingScope, "project" | "environment">): string {
  return `${scope.project}-${scope.environment}`;
}

/** Name of the Region's AWS Config recorder and delivery channel, `<project>-<environment>-<region>`. */
export function configRecorderName(scope: NamingScope): string {
  return `${scope.project}-${scope.environment}-${scope.region}`;
}

/**
 * Name of a region's AWS Backup vault (`<project>-<environment>-<region>`, unique per account and region): fixed, so
 * the other region's backup plan names it as its copy destination before it exists (ADR 0032).
 */
export function backupVaultName(scope: NamingScope): string {
  return `${scope.project}-${scope.environment}-${scope.region}`;
}
