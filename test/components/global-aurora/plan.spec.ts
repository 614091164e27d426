import { expect } from "chai";
import * as fc from "fast-check";
import {
  DATABASE_SETTING_DEFAULTS,
  DEFAULT_ENGINE_VERSION,
  DatabaseSettings,
  GLOBAL_DATABASE_ENGINE_VERSIONS,
  MONITORING_INTERVALS_SECONDS,
  PERFORMANCE_INSIGHTS_RETENTION_DAYS,
  POSTGRES_RESERVED_WORDS,
  SERVERLESS_V2_CAPACITY,
  clusterIdentifier,
  clusterParameters,
  finalSnapshotIdentifier,
  globalClusterIdentifier,
  identifierProblems,
  identifierSlug,
  parameterGroupFamily,
  parseDailyWindow,
  parseWeeklyWindow,
  planInstances,
  rdsIdentifierProblem,
  validateDatabaseSettings,
  windowsOverlap,
} from "../../../components/global-aurora/plan";
import { numbersIn, providerDoc, quotedIn } from "../../support/provider-docs";

const VALID: DatabaseSettings = {
  ...DATABASE_SETTING_DEFAULTS,
  engineVersion: "17.5",
  minCapacity: 0.5,
  maxCapacity: 16,
  instanceCount: 2,
  backupRetentionDays: 14,
};

function problemsOf(overrides: Partial<DatabaseSettings>, production = true) {
  return validateDatabaseSettings({ ...VALID, ...overrides }, { production });
}

describe("GlobalAurora planner", () => {
  describe("settings", () => {
    it("accepts valid settings, in prod and elsewhere", () => {
      expect(problemsOf({})).to.deep.equal([]);
      expect(problemsOf({ instanceCount: 1, backupRetentionDays: 1 }, false)).to.deep.equal([]);
    });

    it("rejects a minimum above the maximum", () => {
      expect(problemsOf({ minCapacity: 8, maxCapacity: 4 })).to.deep.equal([
        {
          path: "minCapacity",
          message: "8 ACU is more than maxCapacity (4 ACU); lower minCapacity or raise maxCapacity",
        },
      ]);
    });

    it("rejects capacities outside Aurora Serverless v2's range, off its 0.5 steps, or at auto-pause", () => {
      const outside = (value: number) =>
        `${value} ACU is outside Aurora Serverless v2's capacity (0 to 256 ACU in steps of 0.5); use a multiple of 0.5 from 0.5 to 256`;
      expect(problemsOf({ minCapacity: -1, maxCapacity: 300 })).to.deep.equal([
        { path: "minCapacity", message: outside(-1) },
        { path: "maxCapacity", message: outside(300) },
      ]);
      expect(problemsOf({ minCapacity: 1.25 })).to.deep.equal([
        { path: "minCapacity", message: outside(1.25) },
      ]);
      expect(problemsOf({ minCapacity: 0 })).to.deep.equal([
        {
          path: "minCapacity",
          message:
            "0 ACU would let the instances auto-pause, which a global database's clusters do not; use 0.5 or more",
        },
      ]);
      expect(problemsOf({ minCapacity: 256, maxCapacity: 256 })).to.deep.equal([]);
    });

    it("requires two instances in prod and a whole count of 1 to 16 everywhere", () => {
      expect(problemsOf({ instanceCount: 1 })).to.deep.equal([
        {
          path: "instanceCount",
          message: "1 instance leaves prod without a failover target in another zone; use 2 or more",
        },
      ]);
      for (const count of [0, 17, 2.5]) {
        expect(problemsOf({ instanceCount: count }, false)).to.deep.equal([
          {
            path: "instanceCount",
            message: `${count} is not an instance count; use a whole number from 1 to 16 (one writer, up to 15 readers)`,
          },
        ]);
      }
    });

    it("keeps backups 1 to 35 days, and 7 or more in prod", () => {
      for (const days of [0, 36]) {
        expect(problemsOf({ backupRetentionDays: days }, false)).to.deep.equal([
          {
            path: "backupRetentionDays",
            message: `${days} is outside the 1-35 days RDS keeps automated backups; use a whole number in that range (7 or more in prod)`,
          },
        ]);
      }
      expect(problemsOf({ backupRetentionDays: 6 })).to.deep.equal([
        {
          path: "backupRetentionDays",
          message: "6 days is too short for prod; keep backups 7 days or more (up to 35)",
        },
      ]);
    });

    it("accepts only engine versions listed as supporting global databases", () => {
      expect(GLOBAL_DATABASE_ENGINE_VERSIONS).to.include("17.5");
      expect(problemsOf({ engineVersion: "15.4" })).to.deep.equal([
        {
          path: "engineVersion",
          message:
            '"15.4" is not an Aurora PostgreSQL version this component lists as supporting global databases; use one ' +
            "of 16.6, 16.8, 17.4, 17.5 (e.g. 17.5), or add the version to GLOBAL_DATABASE_ENGINE_VERSIONS after checking it",
        },
      ]);
    });

    it("checks windows: format, 30 minutes, and no overlap of maintenance with the daily backup", () => {
      expect(
        problemsOf({ preferredBackupWindow: "25:00-26:00", preferredMaintenanceWindow: "sun:1-sun:2" }),
      ).to.deep.equal([
        {
          path: "preferredBackupWindow",
          message: '"25:00-26:00" is not a daily window; write hh:mm-hh:mm in UTC, e.g. 17:00-18:00',
        },
        {
          path: "preferredMaintenanceWindow",
          message:
            '"sun:1-sun:2" is not a weekly window; write ddd:hh:mm-ddd:hh:mm in UTC, e.g. sat:18:30-sat:19:30',
        },
      ]);
      expect(problemsOf({ preferredBackupWindow: "17:00-17:20" })).to.deep.equal([
        {
          path: "preferredBackupWindow",
          message: "17:00-17:20 is shorter than the 30 minutes RDS requires; widen it, e.g. 17:00-18:00",
        },
      ]);
      expect(problemsOf({ preferredMaintenanceWindow: "wed:17:30-wed:18:30" })).to.deep.equal([
        {
          path: "preferredMaintenanceWindow",
          message:
            "wed:17:30-wed:18:30 overlaps the daily backup window 17:00-18:00; move one of them (RDS rejects overlapping windows)",
        },
      ]);
    });

    it("handles windows across midnight and across the end of the week", () => {
      const backup = parseDailyWindow("23:30-00:30");
      expect(backup).to.not.be.a("string");
      const sunday = parseWeeklyWindow("sun:23:45-mon:00:15");
      expect(sunday).to.deep.equal([{ start: 6 * 1440 + 23 * 60 + 45, end: 7 * 1440 + 15 }]);
      expect(windowsOverlap(backup as never, sunday as never)).to.equal(true);
      expect(windowsOverlap(parseDailyWindow("17:00-18:00") as never, sunday as never)).to.equal(false);
    });

    it("checks monitoring, Performance Insights and log retention, names and the master user", () => {
      expect(
        problemsOf({
          monitoringIntervalSeconds: 0,
          performanceInsightsRetentionDays: 30,
          logRetentionDays: 10,
          databaseName: "1db",
          masterUsername: "rdsadmin",
        }),
      ).to.deep.equal([
        {
          path: "monitoringIntervalSeconds",
          message:
            "0 is not an enhanced monitoring interval; use one of 1, 5, 10, 15, 30, 60 seconds (monitoring is always on)",
        },
        {
          path: "performanceInsightsRetentionDays",
          message: "30 is not a Performance Insights retention; use 7, a multiple of 31 up to 713, or 731",
        },
        {
          path: "logRetentionDays",
          message:
            "10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
        },
        {
          path: "databaseName",
          message:
            '"1db" is not a PostgreSQL identifier; use 1 to 63 letters, digits and _, starting with a letter (e.g. platform)',
        },
        {
          path: "masterUsername",
          message: '"rdsadmin" is reserved by RDS; choose another name (e.g. platform_admin)',
        },
      ]);
      expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).to.include.members([7, 31, 713, 731]);
    });

    it("reports every problem at once", () => {
      expect(
        problemsOf({
          minCapacity: 8,
          maxCapacity: 4,
          instanceCount: 1,
          backupRetentionDays: 3,
          engineVersion: "x",
        }).map((p) => p.path),
      ).to.deep.equal(["engineVersion", "minCapacity", "instanceCount", "backupRetentionDays"]);
    });
  });

  describe("names", () => {
    it("refuses PostgreSQL's reserved words as the database or master user name, in any case", () => {
      expect(problemsOf({ databaseName: "orders", masterUsername: "dba" })).to.deep.equal([]);
      expect(problemsOf({ databaseName: "user", masterUsername: "Select" })).to.deep.equal([
        {
          path: "databaseName",
          message:
            '"user" is a reserved word of PostgreSQL, which RDS refuses as a name; choose another (e.g. platform)',
        },
        {
          path: "masterUsername",
          message:
            '"Select" is a reserved word of PostgreSQL, which RDS refuses as a name; choose another (e.g. platform_admin)',
        },
      ]);
      expect(POSTGRES_RESERVED_WORDS).to.include.members(["system_user", "window", "analyse"]);
      expect(POSTGRES_RESERVED_WORDS).not.to.include.members(["database", "platform", ""]);
    });
  });

  describe("AWS's allowed values, against the installed @pulumi/aws", () => {
    it("Serverless v2 capacity: 0 to 256 in steps of 0.5", () => {
      const doc = providerDoc(
        "types/input.d.ts",
        "maxCapacity",
        "interface ClusterServerlessv2ScalingConfiguration",
      );
      expect(doc).to.contain("Valid capacity values are in a range of `0` up to `256` in steps of `0.5`.");
      expect(quotedIn(doc.slice(doc.indexOf("Valid capacity values"))).map(Number)).to.deep.equal([
        SERVERLESS_V2_CAPACITY.min,
        SERVERLESS_V2_CAPACITY.max,
        SERVERLESS_V2_CAPACITY.step,
      ]);
    });

    it("enhanced monitoring intervals: the documented values less 0 (off)", () => {
      const doc = providerDoc("rds/clusterInstance.d.ts", "monitoringInterval");
      expect(numbersIn(/Valid Values: ([\d, ]+)/.exec(doc)?.[1] ?? "")).to.deep.equal([
        0,
        ...MONITORING_INTERVALS_SECONDS,
      ]);
    });

    it("Performance Insights retention: 7, 731 or a multiple of 31 (1 to 23 months)", () => {
      const doc = providerDoc("rds/clusterInstance.d.ts", "performanceInsightsRetentionPeriod");
      expect(doc).to.contain("Valid values are `7`, `731` (2 years) or a multiple of `31`.");
      expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).to.deep.equal([
        7,
        ...Array.from({ length: 23 }, (_, month) => (month + 1) * 31),
        731,
      ]);
    });

    it("the default engine version is one the component lists", () => {
      expect(GLOBAL_DATABASE_ENGINE_VERSIONS).to.include(DEFAULT_ENGINE_VERSION);
    });
  });

  describe("instance placement", () => {
    it("spreads instances round-robin with stable zone keys, the first in tier 0", () => {
      expect(planInstances(["ap-east-2a", "ap-east-2b", "ap-east-2c"], 2)).to.deep.equal([
        { key: "a", availabilityZone: "ap-east-2a", promotionTier: 0 },
        { key: "b", availabilityZone: "ap-east-2b", promotionTier: 1 },
      ]);
      expect(planInstances(["ap-northeast-1a", "ap-northeast-1c"], 5).map((i) => i.key)).to.deep.equal([
        "a",
        "c",
        "a2",
        "c2",
        "a3",
      ]);
    });

    it("never moves or renames an instance when the count grows (property)", () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1, max: 15 }),
          (letters, count) => {
            const zones = letters.map((l) => `ap-east-2${l}`);
            const smaller = planInstances(zones, count);
            const larger = planInstances(zones, count + 1);
            expect(larger.slice(0, count)).to.deep.equal(smaller);
            expect(new Set(larger.map((i) => i.key)).size).to.equal(count + 1);
          },
        ),
      );
    });
  });

  describe("identifiers", () => {
    it("names the global cluster per environment and clusters per environment and region", () => {
      expect(globalClusterIdentifier("database", "prod")).to.equal("database-prod");
      expect(clusterIdentifier("database", "prod", "ap-east-2")).to.equal("database-prod-ap-east-2");
    });

    it("builds unique final snapshot identifiers with the stack and a suffix", () => {
      expect(
        finalSnapshotIdentifier("database-prod-ap-east-2", "kimkao/platform/prod-taipei", "x1y2z3w4"),
      ).to.equal("database-prod-ap-east-2-prod-taipei-final-x1y2z3w4");
      expect(identifierSlug("Org/Proj/Prod__Tokyo.2")).to.equal("prod-tokyo-2");
    });

    it("always gives a valid snapshot identifier for a valid cluster identifier (property)", () => {
      fc.assert(
        fc.property(
          fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/),
          fc.string({ maxLength: 300 }),
          fc.stringMatching(/^[a-z0-9]{8}$/),
          (cluster, stack, suffix) => {
            const id = finalSnapshotIdentifier(cluster, stack, suffix);
            expect(rdsIdentifierProblem(id, 255), id).to.equal(undefined);
          },
        ),
      );
    });

    it("rejects names whose identifiers would break RDS's rules", () => {
      expect(identifierProblems("database", "prod")).to.deep.equal([]);
      expect(identifierProblems("9db", "prod")).to.deep.equal([
        {
          path: "name",
          message:
            'the identifiers derived from the name and environment (e.g. "9db-prod-xxxxxxxxxxxxxxxx-a16") must be letters, digits and single hyphens, starting with a letter and not ending with a hyphen; use a shorter name of letters, digits and single hyphens',
        },
      ]);
      expect(identifierProblems("d".repeat(40), "prod")[0].message).to.match(
        /must be 1 to 63 characters \(it has 66\)/,
      );
    });
  });

  describe("parameters", () => {
    it("uses the family of the major version", () => {
      expect(parameterGroupFamily("17.5")).to.equal("aurora-postgresql17");
      expect(parameterGroupFamily("16.8")).to.equal("aurora-postgresql16");
    });

    it("forces TLS 1.2+ and logs connections, slow statements, locks and DDL, all applied immediately", () => {
      expect(clusterParameters().map((p) => `${p.name}=${p.value}`)).to.deep.equal([
        "rds.force_ssl=1",
        "ssl_min_protocol_version=TLSv1.2",
        "log_connections=1",
        "log_disconnections=1",
        "log_min_duration_statement=1000",
        "log_lock_waits=1",
        "log_statement=ddl",
        "log_temp_files=10240",
        "log_autovacuum_min_duration=10000",
      ]);
      expect(new Set(clusterParameters().map((p) => p.applyMethod))).to.deep.equal(new Set(["immediate"]));
    });
  });
});
