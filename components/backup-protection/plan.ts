/**
 * Pure planning for `BackupProtection`: the arguments with their defaults and AWS Backup's limits, the backup plan's
 * rules (daily and weekly snapshots, optional continuous backup, copies to another region's vault), the vault lock,
 * the restore testing plan, the alarms on failed jobs and the role's policies. No `@pulumi/*` import, so the config
 * section checks `platform:backup` with exactly these rules and tests read the exact inputs without mocks.
 */
import { isRegionName } from "../common/aws-limits";
import { PolicyDocument, awsManagedPolicyArn, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

/**
 * AWS Backup limits, from the API reference (CreateBackupVault, CreateBackupPlan, PutBackupVaultLockConfiguration,
 * CreateRestoreTestingPlan) and the developer guide:
 * - a vault name is 2 to 50 letters, digits, `-` and `_` (`^[a-zA-Z0-9\-\_]{2,50}$`);
 * - a plan or rule name is 1 to 50 letters, digits, `-`, `_` and `.`;
 * - a restore testing plan name is 1 to 50 letters, digits and `_` (the provider's `RestoreTestingPlan.name`);
 * - snapshot recovery points are kept at most 100 years (36500 days: "Snapshot backups can be stored for up to a
 *   maximum of 100 years"), continuous ones 1 to 35 days ("going back a maximum of 35 days");
 * - a vault lock's minimum retention is at least 1 day, its maximum at most 36500 days, and `ChangeableForDays` at
 *   least 3 ("AWS Backup enforces a 72-hour cooling-off period before Vault Lock takes effect and becomes immutable.
 *   Therefore, you must set ChangeableForDays to 3 or greater");
 * - a rule's start window "must be at least 60 minutes" (CreateBackupPlan `StartWindowMinutes`);
 * - a restore test selects recovery points of the last 1 to 365 days and validates for 1 to 168 hours, within a start
 *   window of 1 to 168 hours (the provider's `RestoreTestingPlan`/`RestoreTestingSelection` documentation).
 */
export const BACKUP_LIMITS = {
  maxSnapshotRetentionDays: 36500,
  maxContinuousRetentionDays: 35,
  minChangeableForDays: 3,
  minStartWindowMinutes: 60,
  maxSelectionWindowDays: 365,
  maxValidationWindowHours: 168,
  maxRestoreStartWindowHours: 168,
} as const;

const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;

/**
 * An AWS Backup schedule: `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`, six fields, one of
 * day-of-month and day-of-week `?` (the EventBridge cron syntax AWS Backup uses).
 */
export function isBackupCron(expression: string): boolean {
  const match = /^cron\(([^()]+)\)$/.exec(expression);
  if (match === null) {
    return false;
  }
  const fields = match[1]!.trim().split(/\s+/);
  if (fields.length !== 6 || fields.some((field) => !/^[0-9A-Za-z*?,/#LW-]+$/.test(field))) {
    return false;
  }
  return (fields[2] === "?") !== (fields[4] === "?");
}

/** The vault lock (compliance mode: `changeableForDays` set). */
export interface VaultLock {
  /** Days after the lock is created before it becomes immutable, at least 3 (AWS's cooling-off period). */
  readonly changeableForDays: number;
  /** Every recovery point of the vault is kept at least this long, 1 or more. */
  readonly minRetentionDays: number;
  /** No recovery point of the vault is kept longer, at most 36500. */
  readonly maxRetentionDays: number;
}

/** The monthly restore test of the database's recovery points (AWS Backup restore testing). */
export interface RestoreTesting {
  /** When the test runs, `cron(...)`. @default "cron(0 3 ? * 2#1 *)" (the first Monday of the month, 03:00 UTC) */
  readonly schedule?: string;
  /** The test restores the latest snapshot recovery point of the last so many days (1 to 365). @default 7 */
  readonly selectionWindowDays?: number;
  /** Hours the restored cluster is kept for validation before AWS Backup deletes it (1 to 168). @default 4 */
  readonly validationWindowHours?: number;
  /** Hours after the scheduled time within which the test must start (1 to 168). @default 8 */
  readonly startWindowHours?: number;
}

export interface ResolvedRestoreTesting {
  readonly schedule: string;
  readonly selectionWindowDays: number;
  readonly validationWindowHours: number;
  readonly startWindowHours: number;
}

/** Where a region's plan copies its recovery points: the other region's vault (of a deterministic name). */
export interface CopyTarget {
  /** The other region, not the provider's. */
  readonly region: string;
  /** The vault there (the stacks name it with `backupVaultName`, so a region names the other's before it exists). */
  readonly vaultName: string;
}

/** The Pulumi-free arguments (the component adds the key, the topic and the protected resources, all Outputs). */
export interface BackupProtectionPlanArgs {
  /** The vault's name, unique per account and region (the stacks pass `<project>-<environment>-<region>`). Plain. */
  readonly vaultName: string;
  /** The provider's region (plain: rules compare the copy target's region with it). */
  readonly region: string;
  /** Prefix of the alarm names (`<prefix>-backup-jobs-failed`; the stacks pass the observability alarm prefix). */
  readonly alarmPrefix: string;
  /** When the daily snapshot runs. @default "cron(0 18 ? * * *)" (18:00 UTC, 02:00 in Taipei and 03:00 in Tokyo) */
  readonly dailySchedule?: string;
  /** Days a daily snapshot is kept (1 to 36500). */
  readonly dailyRetentionDays: number;
  /** When the weekly snapshot runs. @default "cron(0 19 ? * SUN *)" (Sundays 19:00 UTC, after the daily one) */
  readonly weeklySchedule?: string;
  /** Days a weekly snapshot is kept (1 to 36500). */
  readonly weeklyRetentionDays: number;
  /**
   * Days of continuous backup (point-in-time recovery through AWS Backup, 1 to 35); absent: no continuous rule.
   * @default undefined
   */
  readonly continuousRetentionDays?: number;
  /** Minutes after the scheduled time within which a job must start (at least 60). @default 60 */
  readonly startWindowMinutes?: number;
  /** Minutes after the start within which a job must finish (more than the start window). @default 480 */
  readonly completionWindowMinutes?: number;
  /** The other region's vault every snapshot rule copies to (a copy is kept as long as its source). */
  readonly copyTo?: CopyTarget;
  /** The vault lock; absent: no lock. */
  readonly vaultLock?: VaultLock;
  /** The regular restore test of the database; absent: none. */
  readonly restoreTesting?: RestoreTesting;
  /** Protects the vault and its lock (`protect: true`). The stacks pass `environment === "prod"`. @default false */
  readonly protect?: boolean;
  /** Extra tags on every taggable child. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedBackupProtectionPlanArgs {
  readonly vaultName: string;
  readonly region: string;
  readonly alarmPrefix: string;
  readonly dailySchedule: string;
  readonly dailyRetentionDays: number;
  readonly weeklySchedule: string;
  readonly weeklyRetentionDays: number;
  readonly continuousRetentionDays?: number;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly copyTo?: CopyTarget;
  readonly vaultLock?: VaultLock;
  readonly restoreTesting?: ResolvedRestoreTesting;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const backupProtectionDefaults = {
  dailySchedule: "cron(0 18 ? * * *)",
  weeklySchedule: "cron(0 19 ? * SUN *)",
  startWindowMinutes: 60,
  completionWindowMinutes: 480,
  restoreTesting: {
    schedule: "cron(0 3 ? * 2#1 *)",
    selectionWindowDays: 7,
    validationWindowHours: 4,
    startWindowHours: 8,
  },
  protect: false,
  tags: {},
} as const;

/** Applies the defaults (`??`: an explicit 0 is kept and validated, never replaced). */
export function withDefaults<A extends BackupProtectionPlanArgs>(
  args: A,
): A & ResolvedBackupProtectionPlanArgs {
  const testing = args.restoreTesting;
  const defaults = backupProtectionDefaults.restoreTesting;
  return {
    ...args,
    dailySchedule: args.dailySchedule ?? backupProtectionDefaults.dailySchedule,
    weeklySchedule: args.weeklySchedule ?? backupProtectionDefaults.weeklySchedule,
    startWindowMinutes: args.startWindowMinutes ?? backupProtectionDefaults.startWindowMinutes,
    completionWindowMinutes: args.completionWindowMinutes ?? backupProtectionDefaults.completionWindowMinutes,
    restoreTesting:
      testing === undefined
        ? undefined
        : {
            schedule: testing.schedule ?? defaults.schedule,
            selectionWindowDays: testing.selectionWindowDays ?? defaults.selectionWindowDays,
            validationWindowHours: testing.validationWindowHours ?? defaults.validationWindowHours,
            startWindowHours: testing.startWindowHours ?? defaults.startWindowHours,
          },
    protect: args.protect ?? backupProtectionDefaults.protect,
    tags: args.tags ?? backupProtectionDefaults.tags,
  };
}

function isWholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function rangeProblem(
  path: string,
  value: number,
  min: number,
  max: number,
  what: string,
  example: string,
): Problem[] {
  return isWholeIn(value, min, max)
    ? []
    : [
        {
          path,
          message: `${value} is not ${what}; use a whole number from ${min} to ${max} (e.g. ${example})`,
        },
      ];
}

function cronProblem(path: string, expression: string, example: string): Problem[] {
  return isBackupCron(expression)
    ? []
    : [
        {
          path,
          message: `${JSON.stringify(expression)} is not an AWS Backup schedule; write cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with ? in one of the two day fields (e.g. ${example})`,
        },
      ];
}

/** The restore testing plan's name: the vault's with `_` for `-` (restore testing plan names take no `-`). */
export function restoreTestingPlanName(vaultName: string): string {
  return vaultName.replace(/-/g, "_");
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds its provider's
 * problem; empty when the component can be built.
 */
export function backupProtectionArgsProblems(args: ResolvedBackupProtectionPlanArgs): Problem[] {
  const problems: Problem[] = [];
  if (!VAULT_NAME.test(args.vaultName)) {
    problems.push({
      path: "vaultName",
      message: `${JSON.stringify(args.vaultName)} cannot name a backup vault; use 2 to 50 letters, digits, - and _ (e.g. platform-prod-ap-east-2)`,
    });
  }
  if (!isRegionName(args.region)) {
    problems.push({
      path: "region",
      message: `${JSON.stringify(args.region)} is not a region name; pass the provider's region (e.g. ap-east-2)`,
    });
  }
  if (args.alarmPrefix.length === 0 || !/^[A-Za-z0-9_.-]+$/.test(args.alarmPrefix)) {
    problems.push({
      path: "alarmPrefix",
      message: `${JSON.stringify(args.alarmPrefix)} cannot start an alarm name; use letters, digits, -, _ and . (e.g. platform-prod-ap-east-2)`,
    });
  }
  const snapshot = BACKUP_LIMITS.maxSnapshotRetentionDays;
  problems.push(...cronProblem("dailySchedule", args.dailySchedule, backupProtectionDefaults.dailySchedule));
  problems.push(
    ...cronProblem("weeklySchedule", args.weeklySchedule, backupProtectionDefaults.weeklySchedule),
  );
  problems.push(
    ...rangeProblem(
      "dailyRetentionDays",
      args.dailyRetentionDays,
      1,
      snapshot,
      "a snapshot retention in days",
      "35",
    ),
  );
  problems.push(
    ...rangeProblem(
      "weeklyRetentionDays",
      args.weeklyRetentionDays,
      1,
      snapshot,
      "a snapshot retention in days",
      "90",
    ),
  );
  if (args.continuousRetentionDays !== undefined) {
    problems.push(
      ...rangeProblem(
        "continuousRetentionDays",
        args.continuousRetentionDays,
        1,
        BACKUP_LIMITS.maxContinuousRetentionDays,
        "a continuous backup retention in days (AWS Backup's point-in-time recovery goes back at most 35 days)",
        "14",
      ),
    );
  }
  if (
    !Number.isInteger(args.startWindowMinutes) ||
    args.startWindowMinutes < BACKUP_LIMITS.minStartWindowMinutes
  ) {
    problems.push({
      path: "startWindowMinutes",
      message: `${args.startWindowMinutes} is shorter than the ${BACKUP_LIMITS.minStartWindowMinutes} minutes AWS Backup requires of a start window; use ${BACKUP_LIMITS.minStartWindowMinutes} or more`,
    });
  }
  if (
    !Number.isInteger(args.completionWindowMinutes) ||
    args.completionWindowMinutes <= args.startWindowMinutes
  ) {
    problems.push({
      path: "completionWindowMinutes",
      message: `${args.completionWindowMinutes} does not leave a job time to run after its ${args.startWindowMinutes}-minute start window; use a whole number of minutes above it (e.g. 480)`,
    });
  }
  if (args.copyTo !== undefined) {
    if (!isRegionName(args.copyTo.region)) {
      problems.push({
        path: "copyTo.region",
        message: `${JSON.stringify(args.copyTo.region)} is not a region name; name the other region of the platform (e.g. ap-northeast-1)`,
      });
    } else if (args.copyTo.region === args.region) {
      problems.push({
        path: "copyTo.region",
        message: `is ${args.region}, the vault's own region: a copy there survives no regional outage; name the other region of the platform`,
      });
    }
    if (!VAULT_NAME.test(args.copyTo.vaultName)) {
      problems.push({
        path: "copyTo.vaultName",
        message: `${JSON.stringify(args.copyTo.vaultName)} cannot name a backup vault; use 2 to 50 letters, digits, - and _`,
      });
    }
  }
  const lock = args.vaultLock;
  if (lock !== undefined) {
    problems.push(
      ...rangeProblem(
        "vaultLock.changeableForDays",
        lock.changeableForDays,
        BACKUP_LIMITS.minChangeableForDays,
        snapshot,
        "a cooling-off period AWS Backup accepts (at least 72 hours)",
        "7",
      ),
      ...rangeProblem(
        "vaultLock.minRetentionDays",
        lock.minRetentionDays,
        1,
        snapshot,
        "a minimum retention",
        "7",
      ),
      ...rangeProblem(
        "vaultLock.maxRetentionDays",
        lock.maxRetentionDays,
        1,
        snapshot,
        "a maximum retention",
        "400",
      ),
    );
    if (lock.minRetentionDays > lock.maxRetentionDays) {
      problems.push({
        path: "vaultLock",
        message: `minRetentionDays ${lock.minRetentionDays} is above maxRetentionDays ${lock.maxRetentionDays}; every job into the vault would fail`,
      });
    } else {
      // A job whose retention is outside the lock's range fails (PutBackupVaultLockConfiguration: "the vault fails
      // the backup or copy job"); copies into the other region's vault meet the same lock there (the stacks give
      // both prod regions the same lock).
      const retentions: [string, number | undefined][] = [
        ["dailyRetentionDays", args.dailyRetentionDays],
        ["weeklyRetentionDays", args.weeklyRetentionDays],
        ["continuousRetentionDays", args.continuousRetentionDays],
      ];
      for (const [path, days] of retentions) {
        // A retention out of AWS's own range is reported once, above.
        const valid = days !== undefined && isWholeIn(days, 1, snapshot);
        if (valid && (days < lock.minRetentionDays || days > lock.maxRetentionDays)) {
          problems.push({
            path,
            message: `${days} is outside the vault lock's ${lock.minRetentionDays} to ${lock.maxRetentionDays} days, so the locked vault would fail every such job; keep it within them or change the lock before its cooling-off period ends`,
          });
        }
      }
    }
  }
  const testing = args.restoreTesting;
  if (testing !== undefined) {
    problems.push(
      ...cronProblem(
        "restoreTesting.schedule",
        testing.schedule,
        backupProtectionDefaults.restoreTesting.schedule,
      ),
      ...rangeProblem(
        "restoreTesting.selectionWindowDays",
        testing.selectionWindowDays,
        1,
        BACKUP_LIMITS.maxSelectionWindowDays,
        "a selection window in days",
        "7",
      ),
      ...rangeProblem(
        "restoreTesting.validationWindowHours",
        testing.validationWindowHours,
        1,
        BACKUP_LIMITS.maxValidationWindowHours,
        "a validation window in hours",
        "4",
      ),
      ...rangeProblem(
        "restoreTesting.startWindowHours",
        testing.startWindowHours,
        1,
        BACKUP_LIMITS.maxRestoreStartWindowHours,
        "a start window in hours",
        "8",
      ),
    );
    if (
      testing.selectionWindowDays > args.dailyRetentionDays &&
      testing.selectionWindowDays > args.weeklyRetentionDays
    ) {
      problems.push({
        path: "restoreTesting.selectionWindowDays",
        message: `${testing.selectionWindowDays} days reach past every kept snapshot; use at most ${Math.max(args.dailyRetentionDays, args.weeklyRetentionDays)}`,
      });
    }
  }
  return problems;
}

/** A backup vault's ARN: `arn:<partition>:backup:<region>:<account>:backup-vault:<name>`. */
export function backupVaultArn(
  partition: string,
  region: string,
  accountId: string,
  vaultName: string,
): string {
  return `arn:${partition}:backup:${region}:${accountId}:backup-vault:${vaultName}`;
}

/** One rule of the backup plan, as `aws.backup.Plan`'s `rules` take it. */
export interface PlannedRule {
  readonly ruleName: string;
  readonly targetVaultName: string;
  readonly schedule: string;
  readonly startWindow: number;
  readonly completionWindow: number;
  readonly enableContinuousBackup: boolean;
  readonly lifecycle: { readonly deleteAfter: number };
  readonly copyActions?: {
    readonly destinationVaultArn: string;
    readonly lifecycle: { readonly deleteAfter: number };
  }[];
}

/**
 * The plan's rules: `daily` and `weekly` snapshots, each copied to `copyDestinationArn` when given (a copy is kept
 * as long as its source), and `continuous` where configured. Decisions:
 * - Aurora takes continuous backup through AWS Backup ("Changing your retention period": "For recovery points of
 *   Aurora and Amazon RDS resources, only one recovery point is possible at a time"), kept 1 to 35 days.
 * - No cold storage: none of the resources selected here (Aurora, S3) moves to the cold tier in AWS Backup, and AWS
 *   Backup "does not support cross-Region copies for storage in cold tiers" ("Creating backup copies across AWS
 *   Regions"); `lifecycle` only deletes.
 * - The continuous rule is not copied: a cross-Region copy of a continuous backup "becomes a snapshot (periodic)
 *   backup. PITR is not available for these copies" ("Copy a backup"), which the daily copy already is. Its schedule
 *   is the daily one: "Each backup plan, even one that doesn't create a snapshot, has a frequency you set ... for
 *   maintenance and syncing purposes" ("Changing your retention period").
 */
export function planRules(
  args: ResolvedBackupProtectionPlanArgs,
  copyDestinationArn?: string,
): PlannedRule[] {
  const windows = { startWindow: args.startWindowMinutes, completionWindow: args.completionWindowMinutes };
  const snapshot = (ruleName: string, schedule: string, days: number): PlannedRule => ({
    ruleName,
    targetVaultName: args.vaultName,
    schedule,
    ...windows,
    enableContinuousBackup: false,
    lifecycle: { deleteAfter: days },
    ...(copyDestinationArn !== undefined
      ? { copyActions: [{ destinationVaultArn: copyDestinationArn, lifecycle: { deleteAfter: days } }] }
      : {}),
  });
  const rules = [
    snapshot("daily", args.dailySchedule, args.dailyRetentionDays),
    snapshot("weekly", args.weeklySchedule, args.weeklyRetentionDays),
  ];
  if (args.continuousRetentionDays !== undefined) {
    rules.push({
      ruleName: "continuous",
      targetVaultName: args.vaultName,
      schedule: args.dailySchedule,
      ...windows,
      enableContinuousBackup: true,
      lifecycle: { deleteAfter: args.continuousRetentionDays },
    });
  }
  return rules;
}

/**
 * The vault events that notify the alarm topic. `BACKUP_JOB_FAILED` is not among them: AWS Backup lists it as a
 * deprecated event that "will not return statuses or notifications" (PutBackupVaultNotifications), so failed backup
 * jobs are alarmed on the `NumberOfBackupJobsFailed` metric instead. A restore completes rarely (the monthly test, an
 * operator's restore), and its notification carries the result to record in docs/dr-tests.md.
 */
export const VAULT_EVENTS: readonly string[] = [
  "COPY_JOB_FAILED",
  "RESTORE_JOB_COMPLETED",
  "S3_BACKUP_OBJECT_FAILED",
  "S3_RESTORE_OBJECT_FAILED",
];

/** One alarm on AWS Backup's job metrics. */
export interface PlannedBackupAlarm {
  readonly key: string;
  readonly metricName: string;
  readonly runbookSection: string;
  readonly description: string;
}

/**
 * The alarms on failed jobs of the vault: AWS/Backup's `NumberOfBackupJobsFailed`, `NumberOfCopyJobsFailed` (with a
 * copy target) and `NumberOfRestoreJobsFailed` (with restore testing), by `BackupVaultName` (AWS Backup developer
 * guide, "AWS Backup metrics with Amazon CloudWatch"), summed per hour, alarming on one failure; no data (no job that
 * hour) is not breaching.
 */
export function planBackupAlarms(args: ResolvedBackupProtectionPlanArgs): PlannedBackupAlarm[] {
  const link = (section: string) => `Runbook: docs/runbooks/alarms.md#${section}`;
  const alarms: PlannedBackupAlarm[] = [
    {
      key: "backup-jobs-failed",
      metricName: "NumberOfBackupJobsFailed",
      runbookSection: "backup-jobs-failed",
      description: `AWS Backup: a backup job into ${args.vaultName} failed; the database has one recovery point fewer. ${link("backup-jobs-failed")}`,
    },
  ];
  if (args.copyTo !== undefined) {
    alarms.push({
      key: "backup-copy-jobs-failed",
      metricName: "NumberOfCopyJobsFailed",
      runbookSection: "backup-copy-jobs-failed",
      description: `AWS Backup: a copy job from ${args.vaultName} to ${args.copyTo.region} failed; that recovery point exists in one region only. ${link("backup-copy-jobs-failed")}`,
    });
  }
  if (args.restoreTesting !== undefined) {
    alarms.push({
      key: "backup-restore-jobs-failed",
      metricName: "NumberOfRestoreJobsFailed",
      runbookSection: "backup-restore-jobs-failed",
      description: `AWS Backup: a restore job from ${args.vaultName} failed (the restore test or an operator's restore). ${link("backup-restore-jobs-failed")}`,
    });
  }
  return alarms;
}

/** The AWS managed policies of the backup role (`service-role/...` paths; the S3 ones have none). */
export const BACKUP_MANAGED_POLICIES = {
  backup: "service-role/AWSBackupServiceRolePolicyForBackup",
  restores: "service-role/AWSBackupServiceRolePolicyForRestores",
  s3Backup: "AWSBackupServiceRolePolicyForS3Backup",
  s3Restore: "AWSBackupServiceRolePolicyForS3Restore",
} as const;

/** The managed policies the role needs, by key: backup and restore, and the S3 pair when a bucket is selected. */
export function backupManagedPolicyArns(partition: string, selectsBuckets: boolean): Record<string, string> {
  const keys = selectsBuckets
    ? (["backup", "restores", "s3Backup", "s3Restore"] as const)
    : (["backup", "restores"] as const);
  return Object.fromEntries(
    keys.map((key) => [key, awsManagedPolicyArn(partition, BACKUP_MANAGED_POLICIES[key])]),
  );
}

/** The backup role's trust: AWS Backup assumes it for backup, copy, restore and restore-testing jobs. */
export function backupTrustPolicy(): PolicyDocument {
  return policyDocument([
    {
      Sid: "AwsBackupAssumes",
      Effect: "Allow",
      Principal: { Service: "backup.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ]);
}
