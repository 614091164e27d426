import { expect } from "chai";
import {
  BACKUP_LIMITS,
  backupManagedPolicyArns,
  backupProtectionArgsProblems,
  backupVaultArn,
  isBackupCron,
  planBackupAlarms,
  planRules,
  restoreTestingPlanName,
  withDefaults,
} from "../../../components/backup-protection/plan";

const BASE = withDefaults({
  vaultName: "platform-prod-ap-east-2",
  region: "ap-east-2",
  alarmPrefix: "platform-prod-ap-east-2",
  dailyRetentionDays: 35,
  weeklyRetentionDays: 90,
});

describe("BackupProtection plan", () => {
  it("accepts AWS Backup's cron: six fields, ? in exactly one day field", () => {
    for (const good of [
      "cron(0 18 ? * * *)",
      "cron(0 19 ? * SUN *)",
      "cron(0 3 ? * 2#1 *)",
      "cron(0 5 1 * ? *)",
    ]) {
      expect(isBackupCron(good), good).to.equal(true);
    }
    for (const bad of [
      "rate(1 day)",
      "cron(0 18 * * *)",
      "cron(0 18 * * * *)",
      "cron(0 18 ? * ? *)",
      "0 18 ? * * *",
    ]) {
      expect(isBackupCron(bad), bad).to.equal(false);
    }
  });

  it("has no problem with the defaults, and AWS's limits where the docs put them", () => {
    expect(backupProtectionArgsProblems(BASE)).to.deep.equal([]);
    expect(BACKUP_LIMITS).to.deep.equal({
      maxSnapshotRetentionDays: 36500,
      maxContinuousRetentionDays: 35,
      minChangeableForDays: 3,
      minStartWindowMinutes: 60,
      maxSelectionWindowDays: 365,
      maxValidationWindowHours: 168,
      maxRestoreStartWindowHours: 168,
    });
  });

  it("names the vault, the windows and a restore test reaching past every snapshot", () => {
    expect(
      backupProtectionArgsProblems(
        withDefaults({
          ...BASE,
          vaultName: "x",
          alarmPrefix: "",
          startWindowMinutes: 30,
          completionWindowMinutes: 30,
          restoreTesting: { selectionWindowDays: 100 },
        }),
      ),
    ).to.deep.equal([
      {
        path: "vaultName",
        message:
          '"x" cannot name a backup vault; use 2 to 50 letters, digits, - and _ (e.g. platform-prod-ap-east-2)',
      },
      {
        path: "alarmPrefix",
        message:
          '"" cannot start an alarm name; use letters, digits, -, _ and . (e.g. platform-prod-ap-east-2)',
      },
      {
        path: "startWindowMinutes",
        message: "30 is shorter than the 60 minutes AWS Backup requires of a start window; use 60 or more",
      },
      {
        path: "completionWindowMinutes",
        message:
          "30 does not leave a job time to run after its 30-minute start window; use a whole number of minutes above it (e.g. 480)",
      },
      {
        path: "restoreTesting.selectionWindowDays",
        message: "100 days reach past every kept snapshot; use at most 90",
      },
    ]);
  });

  it("reports a lock whose minimum is above its maximum once", () => {
    expect(
      backupProtectionArgsProblems({
        ...BASE,
        vaultLock: { changeableForDays: 3, minRetentionDays: 100, maxRetentionDays: 10 },
      }),
    ).to.deep.equal([
      {
        path: "vaultLock",
        message: "minRetentionDays 100 is above maxRetentionDays 10; every job into the vault would fail",
      },
    ]);
  });

  it("plans snapshot rules without copies when there is no copy target, and no continuous rule unless asked", () => {
    expect(
      planRules(BASE).map((rule) => [rule.ruleName, rule.enableContinuousBackup, rule.copyActions]),
    ).to.deep.equal([
      ["daily", false, undefined],
      ["weekly", false, undefined],
    ]);
  });

  it("builds partition-correct vault and managed policy ARNs", () => {
    expect(backupVaultArn("aws-cn", "cn-north-1", "123456789012", "v")).to.equal(
      "arn:aws-cn:backup:cn-north-1:123456789012:backup-vault:v",
    );
    expect(backupManagedPolicyArns("aws-cn", false)).to.deep.equal({
      backup: "arn:aws-cn:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      restores: "arn:aws-cn:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    });
  });

  it("alarms on copy and restore failures only where there are copies and restore tests", () => {
    expect(planBackupAlarms(BASE).map((alarm) => alarm.metricName)).to.deep.equal([
      "NumberOfBackupJobsFailed",
    ]);
    const all = planBackupAlarms(
      withDefaults({
        ...BASE,
        copyTo: { region: "ap-northeast-1", vaultName: "v-tokyo" },
        restoreTesting: {},
      }),
    );
    expect(all.map((alarm) => [alarm.key, alarm.metricName])).to.deep.equal([
      ["backup-jobs-failed", "NumberOfBackupJobsFailed"],
      ["backup-copy-jobs-failed", "NumberOfCopyJobsFailed"],
      ["backup-restore-jobs-failed", "NumberOfRestoreJobsFailed"],
    ]);
  });

  it("links every alarm to a section of docs/runbooks/alarms.md that exists", async () => {
    const { readFileSync } = await import("fs");
    const runbook = readFileSync("docs/runbooks/alarms.md", "utf8");
    const headings = new Set([...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
    const alarms = planBackupAlarms(
      withDefaults({ ...BASE, copyTo: { region: "ap-northeast-1", vaultName: "v" }, restoreTesting: {} }),
    );
    for (const alarm of alarms) {
      expect(headings.has(alarm.runbookSection), alarm.runbookSection).to.equal(true);
      expect(alarm.description.endsWith(`Runbook: docs/runbooks/alarms.md#${alarm.runbookSection}`)).to.equal(
        true,
      );
    }
  });

  it("names the restore testing plan without dashes", () => {
    expect(restoreTestingPlanName("platform-prod-ap-east-2")).to.equal("platform_prod_ap_east_2");
  });
});
