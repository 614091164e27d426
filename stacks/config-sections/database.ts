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
import { prefixProblems } from "../../components/common/validation";
import { availabilityZonesOf } from "../regions";
import { Section, everyStackRuns, numeric, strict, structuredSection, text } from "./section";

export const DATABASE_KEY = "platform:database";

/** Kept for tools/db/switchover.ts until it imports it from stacks/naming.ts, where it is defined. */

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

/**
 * Validates `platform:database`: shapes with our messages, then the component's rules on every field whose shape is
 * valid (prod rules when the environment is `prod`), and `writerRegion` against the regions the platform knows.
 */
export const checkDatabase: Section<DatabaseConfig> = structuredSection({
  key: DATABASE_KEY,
  schema: DatabaseSchema,
  whenAbsent: everyStackRuns(DATABASE_KEY, "its region's cluster of the global database", EXAMPLE),
  rules: (_value, { environment }, fields) => {
    const settings: DatabaseSettings = {
      engineVersion: fields.get("engineVersion") ?? DEFAULT_ENGINE_VERSION,
      minCapacity: fields.get("minCapacity") ?? SERVERLESS_V2_CAPACITY.smallestMinimum,
      maxCapacity: fields.get("maxCapacity") ?? SERVERLESS_V2_CAPACITY.max,
      instanceCount: fields.get("instanceCount") ?? 2,
      backupRetentionDays: fields.get("backupRetentionDays") ?? DATABASE_DEFAULTS.backupRetentionDays,
      preferredBackupWindow: fields.get("preferredBackupWindow") ?? DATABASE_DEFAULTS.preferredBackupWindow,
      preferredMaintenanceWindow:
        fields.get("preferredMaintenanceWindow") ?? DATABASE_DEFAULTS.preferredMaintenanceWindow,
      monitoringIntervalSeconds:
        fields.get("monitoringIntervalSeconds") ?? DATABASE_DEFAULTS.monitoringIntervalSeconds,
      performanceInsightsRetentionDays:
        fields.get("performanceInsightsRetentionDays") ?? DATABASE_DEFAULTS.performanceInsightsRetentionDays,
      logRetentionDays: fields.get("logRetentionDays") ?? DATABASE_DEFAULTS.logRetentionDays,
      databaseName: fields.get("databaseName") ?? DATABASE_DEFAULTS.databaseName,
      masterUsername: fields.get("masterUsername") ?? DATABASE_DEFAULTS.masterUsername,
    };
    return [
      ...prefixProblems(
        DATABASE_KEY,
        fields.onValid(validateDatabaseSettings(settings, { production: environment === "prod" })),
      ),
      ...fields.message("writerRegion", (writerRegion) =>
        availabilityZonesOf(writerRegion) === undefined
          ? `${writerRegion} is not a region this platform knows; use the region of a stack of this global database (e.g. ap-east-2), or remove it to mean the primary's region`
          : undefined,
      ),
    ];
  },
  build: ({ writerRegion, ...settings }) => ({
    ...settings,
    ...(writerRegion !== undefined ? { writerRegion } : {}),
  }),
});
