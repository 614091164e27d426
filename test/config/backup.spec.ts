import { expect } from "chai";
import { BackupConfig, checkBackup } from "../../stacks/config-sections/backup";
import {
  AS_SECONDARY,
  checkSection,
  keepPulumiConfig,
  load,
  primaryReturning,
  problemLines,
  stackFileValues,
} from "../support/config";

/** `checkBackup` on one value in prod-taipei (ap-east-2): what it returns and every problem, as lines. */
function check(raw: unknown): { config: BackupConfig | undefined; problems: string[] } {
  return checkSection(checkBackup, raw, { stack: "prod-taipei", region: "ap-east-2", environment: "prod" });
}

describe("config: platform:backup", () => {
  keepPulumiConfig();

  it("is optional: absent means the stack has no backups", () => {
    expect(check(undefined)).to.deep.equal({ config: undefined, problems: [] });
  });

  it("defaults the schedules; no continuous rule, copy, lock or restore test unless set", () => {
    expect(check({ dailyRetentionDays: 7, weeklyRetentionDays: 14 })).to.deep.equal({
      config: {
        dailyRetentionDays: 7,
        weeklyRetentionDays: 14,
        dailySchedule: "cron(0 18 ? * * *)",
        weeklySchedule: "cron(0 19 ? * SUN *)",
      },
      problems: [],
    });
  });

  it("defaults the restore test's schedule and windows", () => {
    expect(
      check({ dailyRetentionDays: 35, weeklyRetentionDays: 90, restoreTesting: {} }).config?.restoreTesting,
    ).to.deep.equal({
      schedule: "cron(0 3 ? * 2#1 *)",
      selectionWindowDays: 7,
      validationWindowHours: 4,
      startWindowHours: 8,
    });
  });

  it("reports shapes with our messages: missing retentions, wrong types, unknown keys", () => {
    expect(check({ daily: 7, copyToRegion: 5, vaultLock: { minRetentionDays: 1 } }).problems).to.deep.equal([
      "platform:backup.dailyRetentionDays: missing; set the days a daily snapshot is kept, e.g. 35",
      "platform:backup.weeklyRetentionDays: missing; set the days a weekly snapshot is kept, e.g. 90",
      "platform:backup.copyToRegion: is the number 5, not a string; set the region the snapshots are copied to, e.g. ap-northeast-1",
      "platform:backup.vaultLock.changeableForDays: missing; set the cooling-off days (at least 3), e.g. 7",
      "platform:backup.vaultLock.maxRetentionDays: missing; set the longest retention the lock allows, e.g. 400",
      "platform:backup.daily: unknown key; fix its spelling or remove it (the known keys are dailyRetentionDays, weeklyRetentionDays, continuousRetentionDays, dailySchedule, weeklySchedule, copyToRegion, vaultLock, restoreTesting)",
    ]);
  });

  it("applies AWS Backup's limits: retentions, continuous at most 35 days, schedules, the cooling-off period", () => {
    expect(
      check({
        dailyRetentionDays: 0,
        weeklyRetentionDays: 40000,
        continuousRetentionDays: 36,
        dailySchedule: "rate(1 day)",
        weeklySchedule: "cron(0 19 * * SUN *)",
        vaultLock: { changeableForDays: 2, minRetentionDays: 1, maxRetentionDays: 36500 },
      }).problems,
    ).to.deep.equal([
      'platform:backup.dailySchedule: "rate(1 day)" is not an AWS Backup schedule; write cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with ? in one of the two day fields (e.g. cron(0 18 ? * * *))',
      'platform:backup.weeklySchedule: "cron(0 19 * * SUN *)" is not an AWS Backup schedule; write cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with ? in one of the two day fields (e.g. cron(0 19 ? * SUN *))',
      "platform:backup.dailyRetentionDays: 0 is not a snapshot retention in days; use a whole number from 1 to 36500 (e.g. 35)",
      "platform:backup.weeklyRetentionDays: 40000 is not a snapshot retention in days; use a whole number from 1 to 36500 (e.g. 90)",
      "platform:backup.continuousRetentionDays: 36 is not a continuous backup retention in days (AWS Backup's point-in-time recovery goes back at most 35 days); use a whole number from 1 to 35 (e.g. 14)",
      "platform:backup.vaultLock.changeableForDays: 2 is not a cooling-off period AWS Backup accepts (at least 72 hours); use a whole number from 3 to 36500 (e.g. 7)",
    ]);
  });

  it("keeps every retention within the lock, and copies to another region than the stack's", () => {
    expect(
      check({
        dailyRetentionDays: 5,
        weeklyRetentionDays: 90,
        copyToRegion: "ap-east-2",
        vaultLock: { changeableForDays: 7, minRetentionDays: 7, maxRetentionDays: 60 },
      }).problems,
    ).to.deep.equal([
      "platform:backup.copyToRegion: is ap-east-2, the vault's own region: a copy there survives no regional outage; name the other region of the platform",
      "platform:backup.dailyRetentionDays: 5 is outside the vault lock's 7 to 60 days, so the locked vault would fail every such job; keep it within them or change the lock before its cooling-off period ends",
      "platform:backup.weeklyRetentionDays: 90 is outside the vault lock's 7 to 60 days, so the locked vault would fail every such job; keep it within them or change the lock before its cooling-off period ends",
    ]);
    expect(
      check({ dailyRetentionDays: 7, weeklyRetentionDays: 7, copyToRegion: "mars-1" }).problems,
    ).to.deep.equal([
      'platform:backup.copyToRegion: "mars-1" is not a region name; name the other region of the platform (e.g. ap-northeast-1)',
    ]);
  });

  it("is set in every stack file: dev cheap, both prod regions locked, copied to each other and restore-tested", () => {
    const of = (stack: string) => check(stackFileValues(stack)["platform:backup"]);
    expect(of("dev")).to.deep.equal({
      config: {
        dailyRetentionDays: 7,
        weeklyRetentionDays: 14,
        dailySchedule: "cron(0 18 ? * * *)",
        weeklySchedule: "cron(0 19 ? * SUN *)",
      },
      problems: [],
    });
    const taipei = of("prod-taipei");
    expect(taipei.problems).to.deep.equal([]);
    expect(taipei.config).to.deep.include({
      continuousRetentionDays: 35,
      copyToRegion: "ap-northeast-1",
      vaultLock: { changeableForDays: 7, minRetentionDays: 7, maxRetentionDays: 365 },
    });
    const tokyo = checkSection(checkBackup, stackFileValues("prod-tokyo")["platform:backup"], {
      stack: "prod-tokyo",
      region: "ap-northeast-1",
      environment: "prod",
    });
    expect(tokyo.problems).to.deep.equal([]);
    expect(tokyo.config).to.deep.include({ copyToRegion: "ap-east-2" });
  });

  it("reaches PlatformConfig through the config door, and stays absent without the key", async () => {
    const config = await load({ "platform:backup": { dailyRetentionDays: 35, weeklyRetentionDays: 90 } });
    expect(config.backup).to.deep.include({ dailyRetentionDays: 35, weeklyRetentionDays: 90 });
    expect((await load()).backup).to.equal(undefined);
  });

  it("makes a secondary copy to its primary's region, read from the primary", async () => {
    const secondary = {
      ...AS_SECONDARY,
      "platform:backup": { dailyRetentionDays: 35, weeklyRetentionDays: 90, copyToRegion: "ap-southeast-1" },
    };
    expect(await problemLines(secondary, primaryReturning("10.1.0.0/16"))).to.deep.equal([
      "platform:backup.copyToRegion: is ap-southeast-1, but this secondary's primary is in ap-northeast-1; copy to ap-northeast-1, whose vault is the platform's other one",
    ]);
    const agreeing = {
      ...secondary,
      "platform:backup": { ...secondary["platform:backup"], copyToRegion: "ap-northeast-1" },
    };
    expect((await load(agreeing, primaryReturning("10.1.0.0/16"))).backup?.copyToRegion).to.equal(
      "ap-northeast-1",
    );
  });
});
