/**
 * `platform:database`: the region's cluster of the Aurora PostgreSQL global database (`GlobalAurora`). Required in
 * every stack: the primary creates the global cluster with it, each secondary its own replica cluster. The rules are
 * the component's own (`validateDatabaseSettings`), so config and component report the same problems.
 */
import {
  DATABASE_SETTING_DEFAULTS,
  DEFAULT_ENGINE_VERSION,
  DatabaseSettings,
  SERVERLESS_V2_CAPACITY,
  validateDatabaseSettings,
} from "../../components/global-aurora/plan";
import { Problem, prefixProblems } from "../../components/common/validation";
import { availabilityZonesOf } from "../regions";
import { fallbackError, isRecord, numeric, strict, structured, text, zodProblems } from "./schema";

export const DATABASE_KEY = "platform:database";

/** Kept for tools/db/switchover.ts until it imports it from stacks/naming.ts, where it is defined. */
export { DATABASE_COMPONENT_NAME } from "../naming";

export const DATABASE_DEFAULTS = DATABASE_SETTING_DEFAULTS;

export interface DatabaseConfig extends DatabaseSettings {
  /**
   * The region whose cluster is the writer of the global database, as last switched over (`npm run
   * db:switchover` prints the value to set). Absent means the primary stack's region. It describes the topology
   * (exported as `databaseWriterRegion`); it never changes which stack owns the global cluster.
   */
  writerRegion?: string;
}

const EXAMPLE = `{engineVersion: "${DEFAULT_ENGINE_VERSION}", minCapacity: 0.5, maxCapacity: 16, instanceCount: 2}`;

const DatabaseSchema = strict(
  {
    engineVersion: text("the Aurora PostgreSQL version", `"${DEFAULT_ENGINE_VERSION}"`),
    minCapacity: numeric("the smallest capacity in ACUs", String(SERVERLESS_V2_CAPACITY.smallestMinimum)),
    maxCapacity: numeric("the largest capacity in ACUs", "16"),
    instanceCount: numeric("the number of instances", "2"),
    backupRetentionDays: numeric(
      "the days automated backups are kept",
      String(DATABASE_DEFAULTS.backupRetentionDays),
    ).default(DATABASE_DEFAULTS.backupRetentionDays),
    preferredBackupWindow: text(
      "the daily backup window in UTC",
      DATABASE_DEFAULTS.preferredBackupWindow,
    ).default(DATABASE_DEFAULTS.preferredBackupWindow),
    preferredMaintenanceWindow: text(
      "the weekly maintenance window in UTC",
      DATABASE_DEFAULTS.preferredMaintenanceWindow,
    ).default(DATABASE_DEFAULTS.preferredMaintenanceWindow),
    monitoringIntervalSeconds: numeric(
      "the enhanced monitoring interval in seconds",
      String(DATABASE_DEFAULTS.monitoringIntervalSeconds),
    ).default(DATABASE_DEFAULTS.monitoringIntervalSeconds),
    performanceInsightsRetentionDays: numeric(
      "the Performance Insights retention in days",
      String(DATABASE_DEFAULTS.performanceInsightsRetentionDays),
    ).default(DATABASE_DEFAULTS.performanceInsightsRetentionDays),
    logRetentionDays: numeric(
      "the PostgreSQL log retention in days",
      String(DATABASE_DEFAULTS.logRetentionDays),
    ).default(DATABASE_DEFAULTS.logRetentionDays),
    databaseName: text("the database name", DATABASE_DEFAULTS.databaseName).default(
      DATABASE_DEFAULTS.databaseName,
    ),
    masterUsername: text("the master user name", DATABASE_DEFAULTS.masterUsername).default(
      DATABASE_DEFAULTS.masterUsername,
    ),
    writerRegion: text("the region of the current writer", "ap-east-2").optional(),
  },
  "the database",
  EXAMPLE,
);

type DatabaseShape = (typeof DatabaseSchema)["shape"];

/**
 * Validates `platform:database` (JSON text as Pulumi passes it, or the parsed value): shapes with our messages,
 * then the component's rules on every field whose shape is valid (prod rules when `environment` is `prod`), and
 * `writerRegion` against the regions the platform knows. Returns the defaulted config when it is valid.
 */
export function checkDatabase(
  raw: unknown,
  stack: string,
  environment: string | undefined,
  problems: Problem[],
): DatabaseConfig | undefined {
  const value = structured(
    raw,
    DATABASE_KEY,
    `every stack runs its region's cluster of the global database: set ${DATABASE_KEY} in Pulumi.${stack}.yaml, e.g. ${EXAMPLE}`,
    stack,
    problems,
  );
  if (value === undefined) {
    return undefined;
  }
  const parsed = DatabaseSchema.safeParse(value, { error: fallbackError });
  const found: Problem[] = parsed.success ? [] : zodProblems(DATABASE_KEY, parsed.error.issues);

  if (isRecord(value)) {
    // The rules run on the fields whose shape is valid; a field with a shape problem is reported once, above.
    const valid = new Set<string>();
    const field = <K extends keyof DatabaseShape>(
      key: K,
      fallback: NonNullable<DatabaseShape[K]["_output"]>,
    ) => {
      const result = DatabaseSchema.shape[key].safeParse(value[key]);
      if (result.success && result.data !== undefined) {
        valid.add(key);
        return result.data as NonNullable<DatabaseShape[K]["_output"]>;
      }
      return fallback;
    };
    const settings: DatabaseSettings = {
      engineVersion: field("engineVersion", DEFAULT_ENGINE_VERSION),
      minCapacity: field("minCapacity", SERVERLESS_V2_CAPACITY.smallestMinimum),
      maxCapacity: field("maxCapacity", SERVERLESS_V2_CAPACITY.max),
      instanceCount: field("instanceCount", 2),
      backupRetentionDays: field("backupRetentionDays", DATABASE_DEFAULTS.backupRetentionDays),
      preferredBackupWindow: field("preferredBackupWindow", DATABASE_DEFAULTS.preferredBackupWindow),
      preferredMaintenanceWindow: field(
        "preferredMaintenanceWindow",
        DATABASE_DEFAULTS.preferredMaintenanceWindow,
      ),
      monitoringIntervalSeconds: field(
        "monitoringIntervalSeconds",
        DATABASE_DEFAULTS.monitoringIntervalSeconds,
      ),
      performanceInsightsRetentionDays: field(
        "performanceInsightsRetentionDays",
        DATABASE_DEFAULTS.performanceInsightsRetentionDays,
      ),
      logRetentionDays: field("logRetentionDays", DATABASE_DEFAULTS.logRetentionDays),
      databaseName: field("databaseName", DATABASE_DEFAULTS.databaseName),
      masterUsername: field("masterUsername", DATABASE_DEFAULTS.masterUsername),
    };
    const rules = validateDatabaseSettings(settings, { production: environment === "prod" }).filter((p) =>
      valid.has(p.path),
    );
    found.push(...prefixProblems(DATABASE_KEY, rules));

    const writerRegion = field("writerRegion", "");
    if (valid.has("writerRegion") && availabilityZonesOf(writerRegion) === undefined) {
      found.push({
        path: `${DATABASE_KEY}.writerRegion`,
        message: `${writerRegion} is not a region this platform knows; use the region of a stack of this global database (e.g. ap-east-2), or remove it to mean the primary's region`,
      });
    }
  }

  problems.push(...found);
  if (!parsed.success || found.length > 0) {
    return undefined;
  }
  const { writerRegion, ...settings } = parsed.data;
  return { ...settings, ...(writerRegion !== undefined ? { writerRegion } : {}) };
}
