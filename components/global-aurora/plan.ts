/**
 * Pure planning for `GlobalAurora`: the settings' rules (shared with the `platform:database` config section, so both
 * report the same problems), physical identifiers, the placement of instances across zones, the cluster
 * parameters, the roles and every rule of the component's arguments. No `@pulumi/*` import: everything here is plain
 * data, testable without mocks.
 */
import { LONGEST_REGION_NAME, retentionProblem } from "../common/aws-limits";
import { PolicyDocument, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";
import { azSuffix } from "../regional-vpc/plan";

/** The engine of every cluster this component creates. */
export const AURORA_ENGINE = "aurora-postgresql";

/** PostgreSQL's port; the security group admits exactly this port. */
export const POSTGRES_PORT = 5432;

/**
 * Aurora PostgreSQL versions this component is reviewed against: each supports Aurora Global Database (16.1+ and
 * 17.4+ in AWS's "Supported Regions and DB engines for Aurora global databases") and Serverless v2 with the 256 ACU
 * ceiling. Both regions of a global database run the same version, so a version leaves this list only after every
 * stack has moved off it. Add a version after checking it in both regions:
 * `aws rds describe-db-engine-versions --engine aurora-postgresql --engine-version <v> --region <r>
 *  --query 'DBEngineVersions[].SupportsGlobalDatabases'`.
 *
 * Re-checked 2026-12-02 against the Aurora PostgreSQL release notes ("Extension versions for Amazon Aurora
 * PostgreSQL", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Extensions.html,
 * whose PostgreSQL 17 table lists 17.4 to 17.7): 17.4 and 17.5 are current Aurora versions; 16.6 and 16.8 were not
 * re-checked (no credentials offline), and 17.6 and 17.7 are not added until checked as above. A limitation of the
 * region, not of the version: the copy of "Supported Regions and DB engines for Aurora global databases"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.GlobalDatabase.html)
 * read the same day lists Asia Pacific (Taipei), ap-east-2, as "Not available" for Aurora MySQL global databases;
 * its Aurora PostgreSQL table could not be read offline. Confirm `SupportsGlobalDatabases` in ap-east-2 before the
 * first `pulumi up` of prod-taipei: config cannot know it.
 */
export const GLOBAL_DATABASE_ENGINE_VERSIONS: readonly string[] = ["16.6", "16.8", "17.4", "17.5"];

/** The version new stacks pin (config `platform:database.engineVersion`). */
export const DEFAULT_ENGINE_VERSION = "17.5";

/**
 * Aurora Serverless v2 capacity, in ACUs (about 2 GiB of memory each): 0 to 256 in steps of 0.5 on current engine
 * versions (RDS API reference, ServerlessV2ScalingConfiguration; the installed @pulumi/aws documents the same range
 * for `serverlessv2ScalingConfiguration`, taken 2026-12-02, and a test compares them). 0 means auto-pause, which this component does not
 * offer: a paused writer takes seconds to resume on the first connection, and the writer of a global database is
 * the platform's production data store, so the smallest minimum here is 0.5.
 */
export const SERVERLESS_V2_CAPACITY = { min: 0, max: 256, step: 0.5, smallestMinimum: 0.5 } as const;

/** An Aurora cluster holds at most 16 instances: one writer and 15 readers. */
export const MAX_INSTANCES = 16;

/** Automated backups are kept 1 to 35 days (RDS); the platform requires at least 7 in prod. */
export const BACKUP_RETENTION_DAYS = { min: 1, max: 35, productionMin: 7 } as const;

/**
 * Enhanced monitoring intervals RDS accepts besides 0 (off), in seconds (RDS API reference, `MonitoringInterval`; the
 * installed @pulumi/aws's `monitoringInterval` documents 0, 1, 5, 10, 15, 30, 60, taken 2026-12-02, and a test
 * compares them).
 */
export const MONITORING_INTERVALS_SECONDS: readonly number[] = [1, 5, 10, 15, 30, 60];

/**
 * Performance Insights keeps 7 days (free tier), a month times 31 for 1 to 23 months, or 731 days (RDS API reference,
 * `PerformanceInsightsRetentionPeriod`; the installed @pulumi/aws documents `7`, `731` or a multiple of `31`, taken
 * 2026-12-02, and a test compares them).
 */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS: readonly number[] = [
  7,
  ...Array.from({ length: 23 }, (_, i) => (i + 1) * 31),
  731,
];

/** Instance class of every instance: Aurora Serverless v2. */
export const SERVERLESS_INSTANCE_CLASS = "db.serverless";

/** RDS identifiers (clusters, instances, global clusters) are at most 63 characters; snapshots 255. */
const MAX_IDENTIFIER_LENGTH = 63;
const MAX_SNAPSHOT_IDENTIFIER_LENGTH = 255;

/** Master user names RDS keeps for itself. */
const RESERVED_MASTER_USERNAMES = ["rdsadmin", "rdsrepladmin", "rds_superuser"];

/**
 * PostgreSQL's reserved key words, which RDS refuses as a database or master user name ("can't be a word reserved by
 * the database engine"): the `RESERVED_KEYWORD` entries of PostgreSQL 17's src/include/parser/kwlist.h, the
 * "reserved" column of the PostgreSQL 17 documentation's Appendix C, "SQL Key Words"
 * (https://www.postgresql.org/docs/17/sql-keywords-appendix.html), taken 2026-12-02 (`system_user` is reserved since
 * PostgreSQL 16).
 */
export const POSTGRES_RESERVED_WORDS: readonly string[] = [
  "all analyse analyze and any array as asc asymmetric both case cast check collate column constraint ",
  "create current_catalog current_date current_role current_time current_timestamp current_user default ",
  "deferrable desc distinct do else end except false fetch for foreign from grant group having in ",
  "initially intersect into lateral leading limit localtime localtimestamp not null offset on only or ",
  "order placing primary references returning select session_user some symmetric system_user table then ",
  "to trailing true union unique user using variadic when where window with",
]
  .join("")
  .split(" ");

/** The settings of one region's cluster: what `platform:database` configures and the component validates. */
export interface DatabaseSettings {
  /** Aurora PostgreSQL version, one of `GLOBAL_DATABASE_ENGINE_VERSIONS`. */
  readonly engineVersion: string;
  /** Smallest capacity of each instance, in ACUs (0.5 to 256, steps of 0.5). */
  readonly minCapacity: number;
  /** Largest capacity of each instance, in ACUs (up to 256, at least `minCapacity`). */
  readonly maxCapacity: number;
  /** Instances of the cluster (1 to 16; 2 or more in prod so a zone's loss leaves a failover target). */
  readonly instanceCount: number;
  /** Days automated backups are kept (1 to 35; 7 or more in prod). */
  readonly backupRetentionDays: number;
  /** Daily backup window in UTC, `hh:mm-hh:mm`, at least 30 minutes. */
  readonly preferredBackupWindow: string;
  /** Weekly maintenance window in UTC, `ddd:hh:mm-ddd:hh:mm`, at least 30 minutes, not overlapping backups. */
  readonly preferredMaintenanceWindow: string;
  /** Enhanced monitoring interval in seconds: 1, 5, 10, 15, 30 or 60. */
  readonly monitoringIntervalSeconds: number;
  /** Performance Insights retention in days: 7, a multiple of 31 up to 713, or 731. */
  readonly performanceInsightsRetentionDays: number;
  /** Retention of the cluster's PostgreSQL log group, a CloudWatch Logs retention. */
  readonly logRetentionDays: number;
  /** Database created in the cluster (PostgreSQL identifier). */
  readonly databaseName: string;
  /** Master user name (PostgreSQL identifier, not one RDS reserves). */
  readonly masterUsername: string;
}

/** Defaults for the settings that have one (sizing and version are always explicit). */
export const DATABASE_SETTING_DEFAULTS = {
  backupRetentionDays: 7,
  // 01:00-02:00 in Taipei and 02:00-03:00 in Tokyo: the quietest hours of the seed's users.
  preferredBackupWindow: "17:00-18:00",
  // Sunday 02:30-03:30 Taipei time, after the backup window.
  preferredMaintenanceWindow: "sat:18:30-sat:19:30",
  monitoringIntervalSeconds: 60,
  performanceInsightsRetentionDays: 7,
  logRetentionDays: 365,
  databaseName: "platform",
  masterUsername: "platform_admin",
} as const satisfies Partial<DatabaseSettings>;

const n = (value: number): string => String(value);

/**
 * Every problem of the settings, with paths relative to them (`minCapacity`, `preferredBackupWindow`, …). In
 * production (`production: true`) the cluster needs 2 or more instances and 7 or more days of backups.
 */
export function validateDatabaseSettings(
  settings: DatabaseSettings,
  options: { readonly production: boolean },
): Problem[] {
  const problems: Problem[] = [];
  const push = (path: string, message: string) => problems.push({ path, message });

  if (!GLOBAL_DATABASE_ENGINE_VERSIONS.includes(settings.engineVersion)) {
    push(
      "engineVersion",
      `${JSON.stringify(settings.engineVersion)} is not an Aurora PostgreSQL version this component lists as ` +
        `supporting global databases; use one of ${GLOBAL_DATABASE_ENGINE_VERSIONS.join(", ")} ` +
        `(e.g. ${DEFAULT_ENGINE_VERSION}), or add the version to GLOBAL_DATABASE_ENGINE_VERSIONS after checking it`,
    );
  }

  const minOk = capacityProblem("minCapacity", settings.minCapacity, push);
  const maxOk = capacityProblem("maxCapacity", settings.maxCapacity, push);
  if (minOk && maxOk && settings.minCapacity > settings.maxCapacity) {
    push(
      "minCapacity",
      `${n(settings.minCapacity)} ACU is more than maxCapacity (${n(settings.maxCapacity)} ACU); ` +
        "lower minCapacity or raise maxCapacity",
    );
  }

  const count = settings.instanceCount;
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) {
    push(
      "instanceCount",
      `${n(count)} is not an instance count; use a whole number from 1 to ${MAX_INSTANCES} (one writer, up to 15 readers)`,
    );
  } else if (options.production && count < 2) {
    push(
      "instanceCount",
      `${n(count)} instance leaves prod without a failover target in another zone; use 2 or more`,
    );
  }

  const retention = settings.backupRetentionDays;
  if (
    !Number.isInteger(retention) ||
    retention < BACKUP_RETENTION_DAYS.min ||
    retention > BACKUP_RETENTION_DAYS.max
  ) {
    push(
      "backupRetentionDays",
      `${n(retention)} is outside the ${BACKUP_RETENTION_DAYS.min}-${BACKUP_RETENTION_DAYS.max} days RDS keeps ` +
        `automated backups; use a whole number in that range (${BACKUP_RETENTION_DAYS.productionMin} or more in prod)`,
    );
  } else if (options.production && retention < BACKUP_RETENTION_DAYS.productionMin) {
    push(
      "backupRetentionDays",
      `${n(retention)} days is too short for prod; keep backups ${BACKUP_RETENTION_DAYS.productionMin} days or more (up to ${BACKUP_RETENTION_DAYS.max})`,
    );
  }

  const backup = parseDailyWindow(settings.preferredBackupWindow);
  if (typeof backup === "string") {
    push("preferredBackupWindow", backup);
  }
  const maintenance = parseWeeklyWindow(settings.preferredMaintenanceWindow);
  if (typeof maintenance === "string") {
    push("preferredMaintenanceWindow", maintenance);
  }
  if (typeof backup !== "string" && typeof maintenance !== "string" && windowsOverlap(backup, maintenance)) {
    push(
      "preferredMaintenanceWindow",
      `${settings.preferredMaintenanceWindow} overlaps the daily backup window ${settings.preferredBackupWindow}; ` +
        "move one of them (RDS rejects overlapping windows)",
    );
  }

  if (!MONITORING_INTERVALS_SECONDS.includes(settings.monitoringIntervalSeconds)) {
    push(
      "monitoringIntervalSeconds",
      `${n(settings.monitoringIntervalSeconds)} is not an enhanced monitoring interval; use one of ` +
        `${MONITORING_INTERVALS_SECONDS.join(", ")} seconds (monitoring is always on)`,
    );
  }
  if (!PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(settings.performanceInsightsRetentionDays)) {
    push(
      "performanceInsightsRetentionDays",
      `${n(settings.performanceInsightsRetentionDays)} is not a Performance Insights retention; use 7, a multiple ` +
        "of 31 up to 713, or 731",
    );
  }
  const logRetention = retentionProblem(settings.logRetentionDays);
  if (logRetention !== undefined) {
    push("logRetentionDays", logRetention);
  }

  const identifier = postgresIdentifierProblem(settings.databaseName);
  if (identifier !== undefined) {
    push("databaseName", `${JSON.stringify(settings.databaseName)} ${identifier} (e.g. platform)`);
  }
  const user = postgresIdentifierProblem(settings.masterUsername);
  if (user !== undefined) {
    push("masterUsername", `${JSON.stringify(settings.masterUsername)} ${user} (e.g. platform_admin)`);
  } else if (RESERVED_MASTER_USERNAMES.includes(settings.masterUsername.toLowerCase())) {
    push(
      "masterUsername",
      `${JSON.stringify(settings.masterUsername)} is reserved by RDS; choose another name (e.g. platform_admin)`,
    );
  }
  return problems;
}

function capacityProblem(
  path: string,
  value: number,
  push: (path: string, message: string) => void,
): boolean {
  const { min, max, step, smallestMinimum } = SERVERLESS_V2_CAPACITY;
  if (!Number.isFinite(value) || value < min || value > max || Math.round(value / step) * step !== value) {
    push(
      path,
      `${n(value)} ACU is outside Aurora Serverless v2's capacity (${min} to ${max} ACU in steps of ${step}); ` +
        `use a multiple of ${step} from ${smallestMinimum} to ${max}`,
    );
    return false;
  }
  if (value < smallestMinimum) {
    push(
      path,
      `${n(value)} ACU would let the instances auto-pause, which a global database's clusters do not; use ` +
        `${smallestMinimum} or more`,
    );
    return false;
  }
  return true;
}

/** Why `name` is not a PostgreSQL identifier RDS accepts, or undefined when it is one. */
function postgresIdentifierProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    return "is not a PostgreSQL identifier; use 1 to 63 letters, digits and _, starting with a letter";
  }
  if (POSTGRES_RESERVED_WORDS.includes(name.toLowerCase())) {
    return "is a reserved word of PostgreSQL, which RDS refuses as a name; choose another";
  }
  return undefined;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A window as minute ranges in a week (a daily window appears on every day). */
type Window = readonly { readonly start: number; readonly end: number }[];

function clock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
}

/** `hh:mm-hh:mm` (UTC, at least 30 minutes, may cross midnight) as weekly ranges, or why it is not one. */
export function parseDailyWindow(text: string): Window | string {
  const [from, to, ...rest] = text.split("-");
  const start = from === undefined ? undefined : clock(from);
  const end = to === undefined ? undefined : clock(to);
  if (rest.length > 0 || start === undefined || end === undefined) {
    return `${JSON.stringify(text)} is not a daily window; write hh:mm-hh:mm in UTC, e.g. 17:00-18:00`;
  }
  const length = (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  if (length < 30) {
    return `${text} is shorter than the 30 minutes RDS requires; widen it, e.g. 17:00-18:00`;
  }
  return DAYS.map((_, day) => ({
    start: day * MINUTES_PER_DAY + start,
    end: day * MINUTES_PER_DAY + start + length,
  }));
}

/** `ddd:hh:mm-ddd:hh:mm` (UTC, at least 30 minutes) as weekly ranges, or why it is not one. */
export function parseWeeklyWindow(text: string): Window | string {
  const match = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/.exec(text);
  const example = "sat:18:30-sat:19:30";
  const invalid = `${JSON.stringify(text)} is not a weekly window; write ddd:hh:mm-ddd:hh:mm in UTC, e.g. ${example}`;
  if (match === null) {
    return invalid;
  }
  const startDay = DAYS.indexOf(match[1] as (typeof DAYS)[number]);
  const endDay = DAYS.indexOf(match[3] as (typeof DAYS)[number]);
  const startClock = clock(match[2]);
  const endClock = clock(match[4]);
  if (startDay < 0 || endDay < 0 || startClock === undefined || endClock === undefined) {
    return invalid;
  }
  const start = startDay * MINUTES_PER_DAY + startClock;
  const length = (endDay * MINUTES_PER_DAY + endClock - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  if (length < 30) {
    return `${text} is shorter than the 30 minutes RDS requires; widen it, e.g. ${example}`;
  }
  return [{ start, end: start + length }];
}

/** Whether two windows share a minute, on the weekly circle. */
export function windowsOverlap(a: Window, b: Window): boolean {
  const shifted = (w: Window) =>
    w.flatMap((r) => [r, { start: r.start + MINUTES_PER_WEEK, end: r.end + MINUTES_PER_WEEK }]);
  return shifted(a).some((x) => shifted(b).some((y) => x.start < y.end && y.start < x.end));
}

/** One planned instance: a stable key (zone letter, then a round number), its zone and its failover tier. */
export interface PlannedInstance {
  /** `a`, `b`, `c`, then `a2`, `b2`…: part of the resource name, stable when the count grows. */
  readonly key: string;
  readonly availabilityZone: string;
  /**
   * 0 for the first instance, 1 for the others: Serverless v2 readers in tiers 0 and 1 scale with the writer, so
   * whichever takes over after a failover already has the writer's capacity.
   */
  readonly promotionTier: number;
}

/**
 * Spreads `count` instances over the zones round-robin, in zone order: growing the count adds instances and never
 * moves or renames existing ones. Expects at least one zone and a count of 1 or more.
 */
export function planInstances(availabilityZones: readonly string[], count: number): PlannedInstance[] {
  return Array.from({ length: count }, (_, index) => {
    const zone = availabilityZones[index % availabilityZones.length];
    const round = Math.floor(index / availabilityZones.length);
    return {
      key: `${azSuffix(zone)}${round === 0 ? "" : String(round + 1)}`,
      availabilityZone: zone,
      promotionTier: index === 0 ? 0 : 1,
    };
  });
}

/** Why `id` is not an RDS identifier (letters, digits, hyphens; a letter first; no `--`; no trailing `-`). */
export function rdsIdentifierProblem(id: string, maxLength = MAX_IDENTIFIER_LENGTH): string | undefined {
  if (id.length < 1 || id.length > maxLength) {
    return `must be 1 to ${maxLength} characters (it has ${id.length})`;
  }
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(id) || id.includes("--") || id.endsWith("-")) {
    return "must be letters, digits and single hyphens, starting with a letter and not ending with a hyphen";
  }
  return undefined;
}

/** The global cluster's identifier: one per environment in the account, shared by every region. */
export function globalClusterIdentifier(name: string, environment: string): string {
  return `${name}-${environment}`.toLowerCase();
}

/** A regional cluster's identifier: unique per environment and region, as physical names must be. */
export function clusterIdentifier(name: string, environment: string, region: string): string {
  return `${name}-${environment}-${region}`.toLowerCase();
}

/** An instance's identifier: its cluster's identifier and its planned key. */
export function instanceIdentifier(cluster: string, key: string): string {
  return `${cluster}-${key}`;
}

/** The stack name as identifier text: lowercase letters, digits and single hyphens (`org/proj/prod_x` -> `prod-x`). */
export function identifierSlug(text: string): string {
  const last = text.split("/").pop() ?? text;
  return last
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The snapshot RDS takes when the cluster is deleted: cluster identifier, stack and a random suffix generated once
 * per cluster, so deleting a cluster never collides with the final snapshot of an earlier one of the same name (RDS
 * refuses the deletion then). Always a valid snapshot identifier for a valid cluster identifier.
 */
export function finalSnapshotIdentifier(cluster: string, stack: string, suffix: string): string {
  const slug = identifierSlug(stack);
  const id = [cluster, slug, "final", identifierSlug(suffix)].filter((part) => part !== "").join("-");
  return id.slice(0, MAX_SNAPSHOT_IDENTIFIER_LENGTH).replace(/-+$/, "");
}

/** Problems of the names the component derives from its name and environment, for any region. */
export function identifierProblems(name: string, environment: string): Problem[] {
  const problems: Problem[] = [];
  const longest = instanceIdentifier(
    clusterIdentifier(name, environment, "x".repeat(LONGEST_REGION_NAME)),
    `a${MAX_INSTANCES}`,
  );
  const problem =
    rdsIdentifierProblem(longest) ?? rdsIdentifierProblem(globalClusterIdentifier(name, environment));
  if (problem !== undefined) {
    problems.push({
      path: "name",
      message:
        `the identifiers derived from the name and environment (e.g. ${JSON.stringify(longest)}) ${problem}; ` +
        "use a shorter name of letters, digits and single hyphens",
    });
  }
  return problems;
}

/** The cluster parameter group family of an engine version (`17.5` -> `aurora-postgresql17`). */
export function parameterGroupFamily(engineVersion: string): string {
  return `${AURORA_ENGINE}${engineVersion.split(".")[0]}`;
}

/** One cluster parameter, as `aws.rds.ClusterParameterGroup` takes it. */
export interface ClusterParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: "immediate" | "pending-reboot";
}

/**
 * The cluster parameters: TLS only (1.2 or newer), and logs that explain incidents without logging data —
 * connections, slow statements (1 s), lock waits, DDL, large temporary files and slow autovacuum runs. All are
 * dynamic, so they apply without a reboot.
 */
export function clusterParameters(): ClusterParameter[] {
  const immediate = (name: string, value: string): ClusterParameter => ({
    name,
    value,
    applyMethod: "immediate",
  });
  return [
    immediate("rds.force_ssl", "1"),
    immediate("ssl_min_protocol_version", "TLSv1.2"),
    immediate("log_connections", "1"),
    immediate("log_disconnections", "1"),
    immediate("log_min_duration_statement", "1000"),
    immediate("log_lock_waits", "1"),
    immediate("log_statement", "ddl"),
    immediate("log_temp_files", "10240"),
    immediate("log_autovacuum_min_duration", "10000"),
  ];
}

/** Trust policy of the enhanced monitoring role: RDS of this account publishes OS metrics through it. */
export function monitoringTrustPolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "RdsEnhancedMonitoringOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "monitoring.rds.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Characters RDS refuses in a master password (`/`, `@`, `"` and space); the generator uses these instead. */
export const MASTER_PASSWORD_SPECIAL_CHARACTERS = "!#$%&*()-_=+[]{}<>:?";
/** Length of the generated master password (RDS PostgreSQL accepts 8 to 99 printable characters). */
export const MASTER_PASSWORD_LENGTH = 32;

// ---------------------------------------------------------------------------------------------------------------
// Roles, what a member of a global database ignores, the defaults and the rules of the arguments

/** `primary` owns the global cluster and the credentials; `secondary` joins a global cluster another stack owns. */
export const AURORA_ROLES = ["primary", "secondary"] as const;
export type AuroraRole = (typeof AURORA_ROLES)[number];

/**
 * Properties every cluster of a global database ignores after creation. After a switchover or failover AWS changes
 * `replicationSourceIdentifier` and `globalClusterIdentifier` underneath Pulumi: the old writer becomes a replica of
 * the new one (or is detached from the global cluster), and the promoted one stops replicating. Reconciling either
 * value would make the provider detach or promote a cluster (RemoveFromGlobalCluster / PromoteReadReplica): a split
 * brain in which writes to the detached side are lost. Both roles need this, because after a switchover the
 * primary stack's cluster *is* a secondary. `engineVersion` is upgraded through the global cluster, which upgrades
 * every member; a member reconciling its own version would fight that upgrade (the provider's documented pattern).
 */
export const CLUSTER_IGNORED_PROPERTIES = [
  "replicationSourceIdentifier",
  "globalClusterIdentifier",
  "engineVersion",
] as const;

/** Instance versions follow the cluster's upgrade, never their own. */
export const INSTANCE_IGNORED_PROPERTIES = ["engineVersion"] as const;

/** CA of the instances' TLS certificates, pinned so a CA rotation is a reviewed change, not a surprise. */
export const CA_CERTIFICATE_IDENTIFIER = "rds-ca-rsa2048-g1";

/** The defaults, in one place. */
export const globalAuroraDefaults = {
  ...DATABASE_SETTING_DEFAULTS,
  clientSecurityGroupIds: {},
  protect: false,
  tags: {},
} as const;

/** Client keys name ingress rules: lowercase letters, digits and hyphens. */
const CLIENT_KEY = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * The plain part of the (defaulted) arguments that the rules read: the settings, the role and the names. The
 * component's resolved arguments are one (their Outputs are only checked for presence).
 */
export interface GlobalAuroraPlanInput extends DatabaseSettings {
  readonly role: string;
  /** The global cluster a secondary joins (an Output in the component: only its presence is checked). */
  readonly globalClusterIdentifier?: unknown;
  readonly environment: string;
  readonly stackName: string;
  readonly availabilityZones: readonly string[];
  /** Client security groups by key (the keys name ingress rules). */
  readonly clientSecurityGroupIds: Readonly<Record<string, unknown>>;
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. `name` is the component's name (it is
 * part of every identifier). The component adds the problem of its provider (`validateGlobalAuroraArgs`); empty
 * when the component can be built.
 */
export function globalAuroraArgsProblems(name: string, args: GlobalAuroraPlanInput): Problem[] {
  const problems: Problem[] = [];
  if (!(AURORA_ROLES as readonly string[]).includes(args.role)) {
    problems.push({
      path: "role",
      message: `${JSON.stringify(args.role)} is not a role; use primary (owns the global cluster) or secondary (joins it)`,
    });
  } else if (args.role === "secondary" && args.globalClusterIdentifier === undefined) {
    problems.push({
      path: "globalClusterIdentifier",
      message:
        "missing; a secondary joins an existing global cluster: pass the primary stack's globalClusterIdentifier",
    });
  } else if (args.role === "primary" && args.globalClusterIdentifier !== undefined) {
    problems.push({
      path: "globalClusterIdentifier",
      message:
        "is set, but a primary creates its own global cluster; remove it, or use role secondary to join one",
    });
  }
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(args.environment)) {
    problems.push({
      path: "environment",
      message: `${JSON.stringify(args.environment)} cannot be part of an identifier; use 1 to 32 letters, digits, - and _ (e.g. prod)`,
    });
  } else {
    problems.push(...identifierProblems(name, args.environment.replace(/_/g, "-")));
  }
  if (args.stackName.trim() === "") {
    problems.push({ path: "stackName", message: "is empty; pass pulumi.getStack()" });
  }
  problems.push(...validateDatabaseSettings(args, { production: args.environment === "prod" }));
  if (args.availabilityZones.length === 0) {
    problems.push({
      path: "availabilityZones",
      message: "is empty; list the zones of the data subnets (those of the DB subnet group)",
    });
  } else if (new Set(args.availabilityZones).size !== args.availabilityZones.length) {
    problems.push({ path: "availabilityZones", message: "lists a zone twice; list each zone once" });
  }
  for (const key of Object.keys(args.clientSecurityGroupIds)) {
    if (!CLIENT_KEY.test(key)) {
      problems.push({
        path: `clientSecurityGroupIds.${key}`,
        message: `${JSON.stringify(key)} cannot name an ingress rule; use 1 to 40 lowercase letters, digits and hyphens (e.g. eks-nodes)`,
      });
    }
  }
  return problems;
}
