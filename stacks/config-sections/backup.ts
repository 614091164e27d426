/**
 * `platform:backup`: the region's AWS Backup (`BackupProtection`): retention of the daily, weekly and continuous
 * backups, their schedules, the region the snapshots are copied to, the vault lock and the restore test. Optional:
 * absent means no backup vault in the stack. The rules are the component's own (`backupProtectionArgsProblems`), so
 * config and component report the same problems; a secondary's `copyToRegion` is checked against its primary's region
 * by the config door (`stacks/config.ts`), which reads that region.
 */
import {
  BACKUP_LIMITS,
  ResolvedBackupProtectionPlanArgs,
  backupProtectionArgsProblems,
  backupProtectionDefaults,
  withDefaults,
} from "../../components/backup-protection/plan";
import { Problem, prefixProblems } from "../../components/common/validation";
import { Section, numeric, strict, structuredSection, text } from "./section";

export const BACKUP_KEY = "platform:backup";

export interface BackupConfig {
  /** Days a daily snapshot is kept (1 to 36500). */
  dailyRetentionDays: number;
  /** Days a weekly snapshot is kept (1 to 36500). */
  weeklyRetentionDays: number;
  /** Days of continuous backup for point-in-time recovery (1 to 35); absent: no continuous rule. */
  continuousRetentionDays?: number;
  /** @default "cron(0 18 ? * * *)" */
  dailySchedule: string;
  /** @default "cron(0 19 ? * SUN *)" */
  weeklySchedule: string;
  /** The other region whose vault receives a copy of every snapshot; absent: no copies (dev). */
  copyToRegion?: string;
  /** The vault lock in compliance mode; absent: no lock. */
  vaultLock?: { changeableForDays: number; minRetentionDays: number; maxRetentionDays: number };
  /** The managed restore test of the database's recovery points; absent: none. */
  restoreTesting?: {
    schedule: string;
    selectionWindowDays: number;
    validationWindowHours: number;
    startWindowHours: number;
  };
}

const days = (what: string, example: string) => numeric(what, example);

const BackupSchema = strict(
  {
    dailyRetentionDays: days("the days a daily snapshot is kept", "35"),
    weeklyRetentionDays: days("the days a weekly snapshot is kept", "90"),
    continuousRetentionDays: days("the days of continuous backup (1 to 35)", "14").optional(),
    dailySchedule: text("an AWS Backup cron schedule", backupProtectionDefaults.dailySchedule).optional(),
    weeklySchedule: text("an AWS Backup cron schedule", backupProtectionDefaults.weeklySchedule).optional(),
    copyToRegion: text("the region the snapshots are copied to", "ap-northeast-1").optional(),
    vaultLock: strict(
      {
        changeableForDays: days(`the cooling-off days (at least ${BACKUP_LIMITS.minChangeableForDays})`, "7"),
        minRetentionDays: days("the least retention the lock enforces", "7"),
        maxRetentionDays: days("the longest retention the lock allows", "400"),
      },
      "the vault lock",
      "{changeableForDays: 7, minRetentionDays: 7, maxRetentionDays: 400}",
    ).optional(),
    restoreTesting: strict(
      {
        schedule: text(
          "an AWS Backup cron schedule",
          backupProtectionDefaults.restoreTesting.schedule,
        ).optional(),
        selectionWindowDays: days("the days of recovery points the test chooses from", "7").optional(),
        validationWindowHours: days("the hours the restored cluster is kept", "4").optional(),
        startWindowHours: days("the hours within which the test starts", "8").optional(),
      },
      "the restore test",
      "{schedule: cron(0 3 ? * 2#1 *)}",
    ).optional(),
  },
  "the region's backups",
  "{dailyRetentionDays: 35, weeklyRetentionDays: 90}",
);

/** Config paths of the component's rules; rules on what the stack derives (names, the region) are not config's. */
function toConfigPath(problem: Problem): Problem | undefined {
  if (problem.path === "copyTo.region") {
    return { ...problem, path: "copyToRegion" };
  }
  if (["vaultName", "region", "alarmPrefix", "copyTo.vaultName"].includes(problem.path)) {
    return undefined;
  }
  return problem;
}

/**
 * Validates `platform:backup` (absent: no backups): shapes with our messages, then the component's rules (AWS
 * Backup's limits, the lock against the retentions, the copy region against the stack's) on the fields whose shapes
 * are valid.
 */
export const checkBackup: Section<BackupConfig> = structuredSection({
  key: BACKUP_KEY,
  schema: BackupSchema,
  whenAbsent: "optional",
  rules: (_value, context, fields) => {
    const copyToRegion = fields.get("copyToRegion");
    const input: ResolvedBackupProtectionPlanArgs = withDefaults({
      vaultName: "platform",
      // The stack's region when valid (else a placeholder that differs from any copy region).
      region: context.region ?? "ap-east-2",
      alarmPrefix: "platform",
      dailyRetentionDays: fields.get("dailyRetentionDays") ?? 1,
      weeklyRetentionDays: fields.get("weeklyRetentionDays") ?? 1,
      continuousRetentionDays: fields.get("continuousRetentionDays"),
      dailySchedule: fields.get("dailySchedule"),
      weeklySchedule: fields.get("weeklySchedule"),
      ...(copyToRegion !== undefined && context.region !== undefined
        ? { copyTo: { region: copyToRegion, vaultName: "platform" } }
        : {}),
      vaultLock: fields.get("vaultLock"),
      restoreTesting: fields.get("restoreTesting"),
    });
    const found = backupProtectionArgsProblems(input)
      .map(toConfigPath)
      .filter((problem): problem is Problem => problem !== undefined);
    return prefixProblems(BACKUP_KEY, fields.onValid(found));
  },
  build: (data) => {
    const defaults = backupProtectionDefaults.restoreTesting;
    return {
      dailyRetentionDays: data.dailyRetentionDays,
      weeklyRetentionDays: data.weeklyRetentionDays,
      ...(data.continuousRetentionDays !== undefined
        ? { continuousRetentionDays: data.continuousRetentionDays }
        : {}),
      dailySchedule: data.dailySchedule ?? backupProtectionDefaults.dailySchedule,
      weeklySchedule: data.weeklySchedule ?? backupProtectionDefaults.weeklySchedule,
      ...(data.copyToRegion !== undefined ? { copyToRegion: data.copyToRegion } : {}),
      ...(data.vaultLock !== undefined ? { vaultLock: { ...data.vaultLock } } : {}),
      ...(data.restoreTesting !== undefined
        ? {
            restoreTesting: {
              schedule: data.restoreTesting.schedule ?? defaults.schedule,
              selectionWindowDays: data.restoreTesting.selectionWindowDays ?? defaults.selectionWindowDays,
              validationWindowHours:
                data.restoreTesting.validationWindowHours ?? defaults.validationWindowHours,
              startWindowHours: data.restoreTesting.startWindowHours ?? defaults.startWindowHours,
            },
          }
        : {}),
    };
  },
});

/**
 * A secondary's copies go to its primary's region (the only other region of its platform): the config door calls this
 * with the region read from the primary's outputs.
 */
export function backupCopyRegionProblems(backup: BackupConfig | undefined, primaryRegion: string): Problem[] {
  if (backup === undefined || backup.copyToRegion === undefined || backup.copyToRegion === primaryRegion) {
    return [];
  }
  return [
    {
      path: `${BACKUP_KEY}.copyToRegion`,
      message: `is ${backup.copyToRegion}, but this secondary's primary is in ${primaryRegion}; copy to ${primaryRegion}, whose vault is the platform's other one`,
    },
  ];
}
