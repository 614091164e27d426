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
  GlobalAuroraPlanInput,
  globalAuroraArgsProblems,
  globalClusterIdentifier,
  identifierProblems,
  identifierSlug,
  monitoringTrustPolicy,
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

    it("compares minimum and maximum only when both are valid capacities", () => {
      const outside = (value: number) =>
        `${value} ACU is outside Aurora Serverless v2's capacity (0 to 256 ACU in steps of 0.5); use a multiple of 0.5 from 0.5 to 256`;
      expect(problemsOf({ minCapacity: 300, maxCapacity: 4 })).to.deep.equal([
        { path: "minCapacity", message: outside(300) },
      ]);
      expect(problemsOf({ minCapacity: 8, maxCapacity: 0 })).to.deep.equal([
        {
          path: "maxCapacity",
          message:
            "0 ACU would let the instances auto-pause, which a global database's clusters do not; use 0.5 or more",
        },
      ]);
      expect(problemsOf({ minCapacity: 4, maxCapacity: 4 })).to.deep.equal([]);
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

    it("accepts 16 instances, the most a cluster has", () => {
      expect(problemsOf({ instanceCount: 16 })).to.deep.equal([]);
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

    it("checks the maintenance window alone when only it is invalid, and takes windows that only touch", () => {
      expect(problemsOf({ preferredMaintenanceWindow: "sun:1-sun:2" })).to.deep.equal([
        {
          path: "preferredMaintenanceWindow",
          message:
            '"sun:1-sun:2" is not a weekly window; write ddd:hh:mm-ddd:hh:mm in UTC, e.g. sat:18:30-sat:19:30',
        },
      ]);
      // The backup window is 17:00-18:00 every day.
      expect(problemsOf({ preferredMaintenanceWindow: "wed:18:00-wed:18:30" })).to.deep.equal([]);
      expect(problemsOf({ preferredMaintenanceWindow: "wed:16:30-wed:17:00" })).to.deep.equal([]);
    });

    it("parses daily windows strictly: two whole hh:mm times, 30 minutes or more", () => {
      const invalid = (text: string) =>
        `${JSON.stringify(text)} is not a daily window; write hh:mm-hh:mm in UTC, e.g. 17:00-18:00`;
      for (const text of [
        "x17:00-18:00",
        "17:00-18:00x",
        "17:00-18:00-19:00",
        "7:00-18:00",
        "17:00",
        "17:00-8:00",
      ]) {
        expect(parseDailyWindow(text), text).to.equal(invalid(text));
      }
      expect(parseDailyWindow("17:00-17:30")).to.have.length(7);
      expect(parseDailyWindow("17:00-17:29")).to.equal(
        "17:00-17:29 is shorter than the 30 minutes RDS requires; widen it, e.g. 17:00-18:00",
      );
    });

    it("parses weekly windows strictly: known days, whole times, 30 minutes or more", () => {
      const invalid = (text: string) =>
        `${JSON.stringify(text)} is not a weekly window; write ddd:hh:mm-ddd:hh:mm in UTC, e.g. sat:18:30-sat:19:30`;
      for (const text of [
        "xsat:18:30-sat:19:30",
        "sat:18:30-sat:19:30x",
        "abc:18:30-sat:19:30",
        "sat:18:30-abc:19:30",
        "sat:25:00-sat:26:00",
        "sat:25:00-sat:19:30",
        "sat:18:30-sat:24:00",
      ]) {
        expect(parseWeeklyWindow(text), text).to.equal(invalid(text));
      }
      expect(parseWeeklyWindow("mon:01:00-mon:02:00")).to.deep.equal([{ start: 60, end: 120 }]);
      expect(parseWeeklyWindow("sat:18:30-sat:19:00")).to.deep.equal([
        { start: 5 * 1440 + 18 * 60 + 30, end: 5 * 1440 + 19 * 60 },
      ]);
      expect(parseWeeklyWindow("sat:18:30-sat:18:50")).to.equal(
        "sat:18:30-sat:18:50 is shorter than the 30 minutes RDS requires; widen it, e.g. sat:18:30-sat:19:30",
      );
    });

    it("finds an overlap that exists only across the end of the week", () => {
      // Sunday 23:45 to Monday 00:15 against a daily 00:00-00:40: only Monday's copy, a week on, overlaps.
      const sunday = parseWeeklyWindow("sun:23:45-mon:00:15");
      expect(windowsOverlap(parseDailyWindow("00:00-00:40") as never, sunday as never)).to.equal(true);
      expect(windowsOverlap(sunday as never, parseDailyWindow("00:00-00:40") as never)).to.equal(true);
      expect(windowsOverlap(parseDailyWindow("00:15-00:45") as never, sunday as never)).to.equal(false);
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
      expect(problemsOf({ masterUsername: "rdsrepladmin" })[0].message).to.equal(
        '"rdsrepladmin" is reserved by RDS; choose another name (e.g. platform_admin)',
      );
      expect(problemsOf({ masterUsername: "RDS_SUPERUSER" })[0].message).to.equal(
        '"RDS_SUPERUSER" is reserved by RDS; choose another name (e.g. platform_admin)',
      );
      const notIdentifier = (name: string) =>
        `${JSON.stringify(name)} is not a PostgreSQL identifier; use 1 to 63 letters, digits and _, starting with a letter (e.g. platform)`;
      for (const name of ["orders-db", "a".repeat(64)]) {
        expect(problemsOf({ databaseName: name })).to.deep.equal([
          { path: "databaseName", message: notIdentifier(name) },
        ]);
      }
      expect(problemsOf({ databaseName: "a".repeat(63) })).to.deep.equal([]);
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
      // The first and last word of each line of the list, each reserved.
      for (const word of [
        "all",
        "constraint",
        "create",
        "default",
        "deferrable",
        "in",
        "initially",
        "or",
        "order",
        "with",
      ]) {
        expect(problemsOf({ databaseName: word }), word).to.deep.equal([
          {
            path: "databaseName",
            message: `"${word}" is a reserved word of PostgreSQL, which RDS refuses as a name; choose another (e.g. platform)`,
          },
        ]);
      }
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

    it("keeps final snapshot identifiers to 255 characters, without a hyphen at the cut", () => {
      // "a-" and 252 b's fill 254 characters; the 255th is the hyphen before "final", which the cut drops.
      expect(finalSnapshotIdentifier("a", "b".repeat(252), "x1y2z3w4")).to.equal(`a-${"b".repeat(252)}`);
      expect(finalSnapshotIdentifier("a", "b".repeat(300), "x1y2z3w4")).to.equal(`a-${"b".repeat(253)}`);
    });

    it("checks RDS identifiers: 1 to 63 characters, a letter first, single hyphens, none at the end", () => {
      expect(["a", "a".repeat(63), "db-1", "A1"].map((id) => rdsIdentifierProblem(id))).to.deep.equal([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(rdsIdentifierProblem("")).to.equal("must be 1 to 63 characters (it has 0)");
      expect(rdsIdentifierProblem("a".repeat(64))).to.equal("must be 1 to 63 characters (it has 64)");
      const shape =
        "must be letters, digits and single hyphens, starting with a letter and not ending with a hyphen";
      expect(["ab_c", "ab-", "a--b", "1ab", "-ab"].map((id) => rdsIdentifierProblem(id))).to.deep.equal([
        shape,
        shape,
        shape,
        shape,
        shape,
      ]);
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

  describe("the component's arguments", () => {
    const args: GlobalAuroraPlanInput = {
      ...VALID,
      role: "primary",
      environment: "prod",
      stackName: "prod-taipei",
      availabilityZones: ["ap-east-2a", "ap-east-2b"],
      clientSecurityGroupIds: { "eks-nodes": "sg-1", a: "sg-2", ["b".repeat(40)]: "sg-3" },
    };
    it("accepts a primary without, and a secondary with, a global cluster to join", () => {
      expect(globalAuroraArgsProblems("database", args)).to.deep.equal([]);
      expect(
        globalAuroraArgsProblems("database", {
          ...args,
          role: "secondary",
          globalClusterIdentifier: "database-prod",
        }),
      ).to.deep.equal([]);
    });

    it("reports the role against the global cluster identifier", () => {
      expect(globalAuroraArgsProblems("database", { ...args, role: "secondary" })).to.deep.equal([
        {
          path: "globalClusterIdentifier",
          message:
            "missing; a secondary joins an existing global cluster: pass the primary stack's globalClusterIdentifier",
        },
      ]);
      expect(
        globalAuroraArgsProblems("database", { ...args, globalClusterIdentifier: "database-prod" }),
      ).to.deep.equal([
        {
          path: "globalClusterIdentifier",
          message:
            "is set, but a primary creates its own global cluster; remove it, or use role secondary to join one",
        },
      ]);
    });

    it("reports every problem of the role, environment, stack, zones and client keys", () => {
      const key = (k: string) => ({
        path: `clientSecurityGroupIds.${k}`,
        message: `${JSON.stringify(k)} cannot name an ingress rule; use 1 to 40 lowercase letters, digits and hyphens (e.g. eks-nodes)`,
      });
      const bad = ["Eks", "-a", "a-", "a".repeat(41), "a_b"];
      expect(
        globalAuroraArgsProblems("database", {
          ...args,
          role: "writer",
          environment: "prod.x",
          stackName: "  ",
          availabilityZones: [],
          clientSecurityGroupIds: Object.fromEntries(bad.map((k) => [k, "sg"])),
        }),
      ).to.deep.equal([
        {
          path: "role",
          message: '"writer" is not a role; use primary (owns the global cluster) or secondary (joins it)',
        },
        {
          path: "environment",
          message:
            '"prod.x" cannot be part of an identifier; use 1 to 32 letters, digits, - and _ (e.g. prod)',
        },
        { path: "stackName", message: "is empty; pass pulumi.getStack()" },
        {
          path: "availabilityZones",
          message: "is empty; list the zones of the data subnets (those of the DB subnet group)",
        },
        ...bad.map(key),
      ]);
    });

    it("takes environments of 1 to 32 identifier characters, with _ as - in the identifiers", () => {
      const environment = (e: string) => ({
        path: "environment",
        message: `${JSON.stringify(e)} cannot be part of an identifier; use 1 to 32 letters, digits, - and _ (e.g. prod)`,
      });
      for (const e of ["", "e".repeat(33), "x.prod", "prod.x"]) {
        expect(globalAuroraArgsProblems("db", { ...args, environment: e }), e).to.deep.equal([
          environment(e),
        ]);
      }
      expect(globalAuroraArgsProblems("db", { ...args, environment: "e".repeat(32) })).to.deep.equal([]);
      expect(globalAuroraArgsProblems("db", { ...args, environment: "q_a" })).to.deep.equal([]);
      // "q_" becomes "q-" in the identifiers: "db-q--…" has a double hyphen.
      expect(globalAuroraArgsProblems("db", { ...args, environment: "q_" }).map((p) => p.path)).to.deep.equal(
        ["name"],
      );
    });

    it("applies the prod rules in prod only, and rejects a zone listed twice", () => {
      const one = { ...args, instanceCount: 1, backupRetentionDays: 1 };
      expect(globalAuroraArgsProblems("database", { ...one, environment: "dev" })).to.deep.equal([]);
      expect(globalAuroraArgsProblems("database", one).map((p) => p.path)).to.deep.equal([
        "instanceCount",
        "backupRetentionDays",
      ]);
      expect(
        globalAuroraArgsProblems("database", { ...args, availabilityZones: ["ap-east-2a", "ap-east-2a"] }),
      ).to.deep.equal([{ path: "availabilityZones", message: "lists a zone twice; list each zone once" }]);
    });

    it("lets RDS of this account alone assume the monitoring role", () => {
      expect(monitoringTrustPolicy("123456789012")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RdsEnhancedMonitoringOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "monitoring.rds.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          },
        ],
      });
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
