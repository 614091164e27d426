import { expect } from "chai";
import {
  BACKUP_PROTECTION_TYPE,
  BackupProtection,
  BackupProtectionArgs,
} from "../../../components/backup-protection";
import { ValidationError } from "../../../components/common/validation";
import { PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { MOCK_ACCOUNT_ID } from "../../../tools/plan/mocks/environment";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  vault: "aws:backup/vault:Vault",
  lock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  notifications: "aws:backup/vaultNotifications:VaultNotifications",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  testingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  testingSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
} as const;

const TOPIC = "arn:aws:sns:ap-east-2:123456789012:alarms";
const KEY = "arn:aws:kms:ap-east-2:123456789012:key/backup";
const CLUSTER = "arn:aws:rds:ap-east-2:123456789012:cluster:database-prod";
const TOKYO_VAULT = `arn:aws:backup:ap-northeast-1:${MOCK_ACCOUNT_ID}:backup-vault:platform-prod-ap-northeast-1`;

const DEV: BackupProtectionArgs = {
  vaultName: "platform-dev-ap-east-2",
  region: "ap-east-2",
  alarmPrefix: "platform-dev-ap-east-2",
  dailyRetentionDays: 7,
  weeklyRetentionDays: 14,
  kmsKeyArn: KEY,
  alarmTopicArn: TOPIC,
  databaseClusterArn: CLUSTER,
};

const PROD: BackupProtectionArgs = {
  ...DEV,
  vaultName: "platform-prod-ap-east-2",
  alarmPrefix: "platform-prod-ap-east-2",
  dailyRetentionDays: 35,
  weeklyRetentionDays: 90,
  continuousRetentionDays: 35,
  copyTo: { region: "ap-northeast-1", vaultName: "platform-prod-ap-northeast-1" },
  vaultLock: { changeableForDays: 7, minRetentionDays: 7, maxRetentionDays: 365 },
  restoreTesting: {},
  protect: true,
};

interface Built {
  recorder: PlanRecorder;
  backup: BackupProtection;
  providerRef: string;
}

async function build(args: BackupProtectionArgs): Promise<Built> {
  const { component: backup, ...built } = await buildUnderMocks(
    (provider) => new BackupProtection("backup", args, { provider }),
    {
      settle: (backup) => [backup.vaultArn, backup.planId, backup.roleArn],
    },
  );
  return { ...built, backup };
}

const WINDOWS = { startWindow: 60, completionWindow: 480 };

describe("BackupProtection (under the plan mocks)", () => {
  describe("prod: locked, copied, continuous, restore-tested", () => {
    let built: Built;
    before(async () => {
      built = await build(PROD);
    });

    it("creates the vault with the backup key, protected, and locks it in compliance mode", () => {
      const vault = built.recorder.find(T.vault, "backup");
      expect(vault.inputs).to.deep.equal({
        name: "platform-prod-ap-east-2",
        kmsKeyArn: KEY,
        forceDestroy: false,
        tags: { Name: "platform-prod-ap-east-2" },
      });
      expect(vault.options.protect).to.equal(true);
      expect(vault.options.provider).to.equal(built.providerRef);
      expect(vault.parent).to.equal(built.recorder.find(BACKUP_PROTECTION_TYPE, "backup").urn);
      const lock = built.recorder.find(T.lock, "backup");
      expect(lock.inputs).to.deep.equal({
        backupVaultName: "platform-prod-ap-east-2",
        changeableForDays: 7,
        minRetentionDays: 7,
        maxRetentionDays: 365,
      });
      expect(lock.options.protect).to.equal(true);
    });

    it("plans daily and weekly snapshots copied to Tokyo's vault, and a continuous rule not copied", () => {
      expect(built.recorder.find(T.plan, "backup").inputs).to.deep.equal({
        name: "platform-prod-ap-east-2",
        rules: [
          {
            ruleName: "daily",
            targetVaultName: "platform-prod-ap-east-2",
            schedule: "cron(0 18 ? * * *)",
            ...WINDOWS,
            enableContinuousBackup: false,
            lifecycle: { deleteAfter: 35 },
            copyActions: [{ destinationVaultArn: TOKYO_VAULT, lifecycle: { deleteAfter: 35 } }],
          },
          {
            ruleName: "weekly",
            targetVaultName: "platform-prod-ap-east-2",
            schedule: "cron(0 19 ? * SUN *)",
            ...WINDOWS,
            enableContinuousBackup: false,
            lifecycle: { deleteAfter: 90 },
            copyActions: [{ destinationVaultArn: TOKYO_VAULT, lifecycle: { deleteAfter: 90 } }],
          },
          {
            ruleName: "continuous",
            targetVaultName: "platform-prod-ap-east-2",
            schedule: "cron(0 18 ? * * *)",
            ...WINDOWS,
            enableContinuousBackup: true,
            lifecycle: { deleteAfter: 35 },
          },
        ],
        tags: { Name: "platform-prod-ap-east-2" },
      });
    });

    it("selects the cluster by ARN with a role AWS Backup assumes, holding the backup and restore policies", () => {
      const role = built.recorder.find(T.role, "backup-backup");
      expect(JSON.parse(role.inputs["assumeRolePolicy"] as string)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AwsBackupAssumes",
            Effect: "Allow",
            Principal: { Service: "backup.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      });
      expect(
        built.recorder
          .byType(T.attachment)
          .map((a) => a.inputs["policyArn"])
          .sort(),
      ).to.deep.equal([
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ]);
      const selection = built.recorder.find(T.selection, "backup");
      expect(selection.inputs).to.deep.equal({
        name: "databases-and-buckets",
        planId: built.recorder.find(T.plan, "backup").id,
        iamRoleArn: role.state["arn"],
        resources: [CLUSTER],
      });
    });

    it("alarms on failed backup, copy and restore jobs of the vault, and notifies the topic of vault events", () => {
      const alarms = built.recorder.byType(T.alarm);
      expect(alarms.map((a) => a.name).sort()).to.deep.equal([
        "backup-backup-copy-jobs-failed",
        "backup-backup-jobs-failed",
        "backup-backup-restore-jobs-failed",
      ]);
      const copy = built.recorder.find(T.alarm, "backup-backup-copy-jobs-failed");
      expect(copy.inputs).to.deep.equal({
        name: "platform-prod-ap-east-2-backup-copy-jobs-failed",
        alarmDescription:
          "AWS Backup: a copy job from platform-prod-ap-east-2 to ap-northeast-1 failed; that recovery point exists " +
          "in one region only. Runbook: docs/runbooks/alarms.md#backup-copy-jobs-failed",
        namespace: "AWS/Backup",
        metricName: "NumberOfCopyJobsFailed",
        dimensions: { BackupVaultName: "platform-prod-ap-east-2" },
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [TOPIC],
        okActions: [TOPIC],
        tags: { Component: "backup" },
      });
      const notifications = built.recorder.find(T.notifications, "backup");
      expect(notifications.inputs).to.deep.equal({
        backupVaultName: "platform-prod-ap-east-2",
        snsTopicArn: TOPIC,
        backupVaultEvents: [
          "COPY_JOB_FAILED",
          "RESTORE_JOB_COMPLETED",
          "S3_BACKUP_OBJECT_FAILED",
          "S3_RESTORE_OBJECT_FAILED",
        ],
      });
      // Not under the vault: it would inherit the vault's protect.
      expect(notifications.options.protect).to.equal(false);
    });

    it("tests a restore of the cluster's latest snapshot monthly, deleting it after the validation window", () => {
      const plan = built.recorder.find(T.testingPlan, "backup");
      expect(plan.inputs).to.deep.equal({
        name: "platform_prod_ap_east_2",
        scheduleExpression: "cron(0 3 ? * 2#1 *)",
        startWindowHours: 8,
        recoveryPointSelection: {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [built.recorder.find(T.vault, "backup").state["arn"]],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: 7,
        },
        tags: { Name: "platform_prod_ap_east_2" },
      });
      expect(built.recorder.find(T.testingSelection, "backup").inputs).to.deep.equal({
        name: "aurora_cluster",
        restoreTestingPlanName: "platform_prod_ap_east_2",
        protectedResourceType: "Aurora",
        protectedResourceArns: [CLUSTER],
        iamRoleArn: built.recorder.find(T.role, "backup-backup").state["arn"],
        validationWindowHours: 4,
      });
    });

    it("exports the vault's ARN and name", async () => {
      expect(await valueOf(built.backup.vaultArn)).to.equal(
        `arn:aws:backup:ap-east-2:${MOCK_ACCOUNT_ID}:backup-vault:platform-prod-ap-east-2`,
      );
      expect(await valueOf(built.backup.vaultName)).to.equal("platform-prod-ap-east-2");
    });
  });

  describe("dev: no lock, no copy, no continuous rule, no restore test", () => {
    let built: Built;
    before(async () => {
      built = await build({ ...DEV, bucketArns: { assets: "arn:aws:s3:::platform-dev-ap-east-2-assets" } });
    });

    it("creates only the vault, the plan of two uncopied rules, the selection and the backup-job alarm", () => {
      expect(built.recorder.byType(T.lock)).to.deep.equal([]);
      expect(built.recorder.byType(T.testingPlan)).to.deep.equal([]);
      expect(built.recorder.find(T.vault, "backup").options.protect).to.equal(false);
      const rules = built.recorder.find(T.plan, "backup").inputs["rules"] as Record<string, unknown>[];
      expect(rules.map((r) => [r["ruleName"], r["copyActions"]])).to.deep.equal([
        ["daily", undefined],
        ["weekly", undefined],
      ]);
      expect(built.recorder.byType(T.alarm).map((a) => a.name)).to.deep.equal(["backup-backup-jobs-failed"]);
    });

    it("selects the buckets too, and gives the role the S3 backup and restore policies", () => {
      expect(built.recorder.find(T.selection, "backup").inputs["resources"]).to.deep.equal([
        CLUSTER,
        "arn:aws:s3:::platform-dev-ap-east-2-assets",
      ]);
      expect(
        built.recorder
          .byType(T.attachment)
          .map((a) => a.inputs["policyArn"])
          .sort(),
      ).to.deep.equal([
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ]);
    });
  });

  it("rejects every problem at once, before any child, with the fix", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new BackupProtection("backup", {
        ...PROD,
        copyTo: { region: "ap-east-2", vaultName: "platform-prod-ap-east-2" },
        vaultLock: { changeableForDays: 2, minRetentionDays: 7, maxRetentionDays: 60 },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.equal(
      'Invalid arguments for BackupProtection "backup":\n' +
        "  - copyTo.region: is ap-east-2, the vault's own region: a copy there survives no regional outage; name the other region of the platform\n" +
        "  - vaultLock.changeableForDays: 2 is not a cooling-off period AWS Backup accepts (at least 72 hours); use a whole number from 3 to 36500 (e.g. 7)\n" +
        "  - weeklyRetentionDays: 90 is outside the vault lock's 7 to 60 days, so the locked vault would fail every such job; keep it within them or change the lock before its cooling-off period ends\n" +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    expect(recorder.byType(T.vault)).to.deep.equal([]);
  });
});
