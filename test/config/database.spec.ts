import { expect } from "chai";
import { DATABASE_DEFAULTS, DatabaseConfig, checkDatabase } from "../../stacks/config-sections/database";
import type { Environment } from "../../stacks/config-sections/section";
import { checkSection } from "../support/config";

/** `checkDatabase` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  environment: Environment | undefined = "prod",
): { config: DatabaseConfig | undefined; problems: string[] } {
  return checkSection(checkDatabase, raw, { stack: "prod-taipei", environment });
}

const SIZING = { engineVersion: "17.5", minCapacity: 0.5, maxCapacity: 16, instanceCount: 2 };

const KNOWN_KEYS =
  "engineVersion, minCapacity, maxCapacity, instanceCount, backupRetentionDays, preferredBackupWindow, " +
  "preferredMaintenanceWindow, monitoringIntervalSeconds, performanceInsightsRetentionDays, logRetentionDays, " +
  "databaseName, masterUsername, writerRegion";

describe("config: platform:database", () => {
  it("is required, with an example of what to set", () => {
    expect(check(undefined).problems).to.deep.equal([
      'platform:database: missing; every stack runs its region\'s cluster of the global database: set platform:database in Pulumi.prod-taipei.yaml, e.g. {engineVersion: "17.5", minCapacity: 0.5, maxCapacity: 16, instanceCount: 2}',
    ]);
  });

  it("defaults everything but version and sizing", () => {
    expect(check(SIZING, "dev")).to.deep.equal({
      config: {
        ...SIZING,
        backupRetentionDays: 7,
        preferredBackupWindow: "17:00-18:00",
        preferredMaintenanceWindow: "sat:18:30-sat:19:30",
        monitoringIntervalSeconds: 60,
        performanceInsightsRetentionDays: 7,
        logRetentionDays: 365,
        databaseName: "platform",
        masterUsername: "platform_admin",
      },
      problems: [],
    });
    expect(DATABASE_DEFAULTS.backupRetentionDays).to.equal(7);
  });

  it("checks the configured windows, monitoring, retentions and names, not the defaults", () => {
    expect(
      check({
        ...SIZING,
        preferredBackupWindow: "17:00-17:10",
        preferredMaintenanceWindow: "sat:18:30-sat:18:40",
        monitoringIntervalSeconds: 7,
        performanceInsightsRetentionDays: 30,
        logRetentionDays: 10,
        databaseName: "user",
        masterUsername: "rdsadmin",
      }).problems,
    ).to.deep.equal([
      "platform:database.preferredBackupWindow: 17:00-17:10 is shorter than the 30 minutes RDS requires; widen it, " +
        "e.g. 17:00-18:00",
      "platform:database.preferredMaintenanceWindow: sat:18:30-sat:18:40 is shorter than the 30 minutes RDS " +
        "requires; widen it, e.g. sat:18:30-sat:19:30",
      "platform:database.monitoringIntervalSeconds: 7 is not an enhanced monitoring interval; use one of 1, 5, 10, " +
        "15, 30, 60 seconds (monitoring is always on)",
      "platform:database.performanceInsightsRetentionDays: 30 is not a Performance Insights retention; use 7, a " +
        "multiple of 31 up to 713, or 731",
      "platform:database.logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, " +
        "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
      'platform:database.databaseName: "user" is a reserved word of PostgreSQL, which RDS refuses as a name; choose ' +
        "another (e.g. platform)",
      'platform:database.masterUsername: "rdsadmin" is reserved by RDS; choose another name (e.g. platform_admin)',
    ]);
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values and the writer region", () => {
    const raw = JSON.stringify({
      ...SIZING,
      backupRetentionDays: 35,
      preferredBackupWindow: "16:00-17:00",
      preferredMaintenanceWindow: "sun:19:00-sun:20:00",
      monitoringIntervalSeconds: 15,
      performanceInsightsRetentionDays: 31,
      logRetentionDays: 731,
      databaseName: "orders",
      masterUsername: "dba",
      writerRegion: "ap-northeast-1",
    });
    expect(check(raw)).to.deep.equal({
      config: {
        ...SIZING,
        backupRetentionDays: 35,
        preferredBackupWindow: "16:00-17:00",
        preferredMaintenanceWindow: "sun:19:00-sun:20:00",
        monitoringIntervalSeconds: 15,
        performanceInsightsRetentionDays: 31,
        logRetentionDays: 731,
        databaseName: "orders",
        masterUsername: "dba",
        writerRegion: "ap-northeast-1",
      },
      problems: [],
    });
  });

  it("reports shapes with our messages: text that is not JSON, missing sizing, unknown keys, wrong types", () => {
    expect(check("{engine").problems).to.deep.equal([
      "platform:database: is text that does not parse as JSON; write platform:database as a YAML map under config: in Pulumi.prod-taipei.yaml",
    ]);
    expect(check([]).problems).to.deep.equal([
      'platform:database: is a list, not a map; set the database, e.g. {engineVersion: "17.5", minCapacity: 0.5, maxCapacity: 16, instanceCount: 2}',
    ]);
    expect(
      check({ engineVersion: 17.5, minCapacity: "1", instanceCount: 2, backups: 7 }).problems,
    ).to.deep.equal([
      'platform:database.engineVersion: is the number 17.5, not a string; set the Aurora PostgreSQL version, e.g. "17.5"',
      'platform:database.minCapacity: is the string "1", not a number; set the smallest capacity in ACUs, e.g. 0.5',
      "platform:database.maxCapacity: missing; set the largest capacity in ACUs, e.g. 16",
      `platform:database.backups: unknown key; fix its spelling or remove it (the known keys are ${KNOWN_KEYS})`,
    ]);
  });

  it("refuses a database name PostgreSQL reserves", () => {
    expect(check({ ...SIZING, databaseName: "table" }).problems).to.deep.equal([
      'platform:database.databaseName: "table" is a reserved word of PostgreSQL, which RDS refuses as a name; choose another (e.g. platform)',
    ]);
  });

  it("applies the component's rules: min above max, ACU limits, prod instances and backups, version", () => {
    expect(
      check({
        engineVersion: "14.9",
        minCapacity: 8,
        maxCapacity: 4,
        instanceCount: 1,
        backupRetentionDays: 3,
      }).problems,
    ).to.deep.equal([
      'platform:database.engineVersion: "14.9" is not an Aurora PostgreSQL version this component lists as supporting global databases; use one of 16.6, 16.8, 17.4, 17.5 (e.g. 17.5), or add the version to GLOBAL_DATABASE_ENGINE_VERSIONS after checking it',
      "platform:database.minCapacity: 8 ACU is more than maxCapacity (4 ACU); lower minCapacity or raise maxCapacity",
      "platform:database.instanceCount: 1 instance leaves prod without a failover target in another zone; use 2 or more",
      "platform:database.backupRetentionDays: 3 days is too short for prod; keep backups 7 days or more (up to 35)",
    ]);
    expect(check({ ...SIZING, maxCapacity: 512, backupRetentionDays: 40 }, "dev").problems).to.deep.equal([
      "platform:database.maxCapacity: 512 ACU is outside Aurora Serverless v2's capacity (0 to 256 ACU in steps of 0.5); use a multiple of 0.5 from 0.5 to 256",
      "platform:database.backupRetentionDays: 40 is outside the 1-35 days RDS keeps automated backups; use a whole number in that range (7 or more in prod)",
    ]);
  });

  it("allows one instance and a day of backups outside prod", () => {
    expect(check({ ...SIZING, instanceCount: 1, backupRetentionDays: 1 }, "dev").problems).to.deep.equal([]);
    // An invalid environment is reported by its own key; the database is then checked without the prod rules.
    const { problems } = checkDatabase({ ...SIZING, instanceCount: 1 }, { stack: "prod-taipei" });
    expect(problems).to.deep.equal([]);
  });

  it("reports a rule only for fields whose shape is valid, so nothing is reported twice", () => {
    expect(check({ ...SIZING, minCapacity: "a lot", maxCapacity: 0.25 }).problems).to.deep.equal([
      'platform:database.minCapacity: is the string "a lot", not a number; set the smallest capacity in ACUs, e.g. 0.5',
      "platform:database.maxCapacity: 0.25 ACU is outside Aurora Serverless v2's capacity (0 to 256 ACU in steps of 0.5); use a multiple of 0.5 from 0.5 to 256",
    ]);
  });

  it("rejects a writer region the platform does not know", () => {
    expect(check({ ...SIZING, writerRegion: "mars-1" }).problems).to.deep.equal([
      "platform:database.writerRegion: mars-1 is not a region this platform knows; use the region of a stack of this global database (e.g. ap-east-2), or remove it to mean the primary's region",
    ]);
  });
});
