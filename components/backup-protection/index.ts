/**
 * `BackupProtection`: one region's AWS Backup: a vault encrypted with the region's backup key (locked in compliance
 * mode where asked), a plan of daily and weekly snapshots (and continuous backup for point-in-time recovery) whose
 * snapshots are copied to the other region's vault, a selection of the region's database and other stateful resources
 * by ARN, the role AWS Backup works as, alarms and vault notifications on failed jobs to the region's alarm topic, and
 * the managed restore test of the database's recovery points. The topic's policy must let `backup.amazonaws.com`
 * publish and the topic's key let it encrypt (`ObservabilityStack` and `RegionalKeys` do). Rules and the exact inputs
 * are planned in `./plan` (ADR 0032).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  BackupProtectionPlanArgs,
  ResolvedBackupProtectionPlanArgs,
  VAULT_EVENTS,
  backupManagedPolicyArns,
  backupProtectionArgsProblems,
  backupTrustPolicy,
  backupVaultArn,
  planBackupAlarms,
  planRules,
  restoreTestingPlanName,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child, the vault included: add an alias first). */
export const BACKUP_PROTECTION_TYPE = "platform:backup:BackupProtection";

export interface BackupProtectionArgs extends BackupProtectionPlanArgs {
  /** The region's backup key (`RegionalKeys`' `backup` purpose): the vault's encryption key. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The region's alarm topic: the failed-job alarms and the vault's notifications go there. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** The region's Aurora cluster: selected, and restored by the restore test. */
  readonly databaseClusterArn: pulumi.Input<string>;
  /**
   * Other S3 buckets to back up, by a stable key (versioning required: AWS Backup backs up only versioned buckets).
   * Their presence attaches the S3 managed policies to the role. @default {}
   */
  readonly bucketArns?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`. Empty when the component can be built. */
export function validateBackupProtectionArgs(
  args: ResolvedBackupProtectionPlanArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...backupProtectionArgsProblems(args), ...regionalProviderProblems(opts)];
}

export class BackupProtection extends pulumi.ComponentResource {
  /** The vault's ARN (the other region's plan names it as its copy destination). */
  readonly vaultArn: pulumi.Output<string>;
  /** The vault's name (what `aws backup list-recovery-points-by-backup-vault` takes). */
  readonly vaultName: pulumi.Output<string>;
  /** The backup plan's id. */
  readonly planId: pulumi.Output<string>;
  /** The role AWS Backup uses for backups, copies, restores and restore tests (also for an operator's restore). */
  readonly roleArn: pulumi.Output<string>;
  /** The restore testing plan's name, with restore testing. */
  readonly restoreTestingPlanName?: pulumi.Output<string>;

  constructor(name: string, args: BackupProtectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(BACKUP_PROTECTION_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for BackupProtection "${name}"`,
      validateBackupProtectionArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const tags = (extra: Record<string, string>) => ({ ...resolved.tags, ...extra });
    const partition = aws.getPartitionOutput({}, childOpts).partition;
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const buckets = args.bucketArns ?? {};

    // The vault holds every recovery point: protected in prod, never emptied by a destroy.
    const vault = new aws.backup.Vault(
      name,
      {
        name: resolved.vaultName,
        kmsKeyArn: args.kmsKeyArn,
        forceDestroy: false,
        tags: tags({ Name: resolved.vaultName }),
      },
      { ...childOpts, protect: resolved.protect },
    );
    if (resolved.vaultLock !== undefined) {
      // Compliance mode (changeableForDays set): after the cooling-off period nobody, the root user included, can
      // change or remove the lock, nor delete a recovery point before its retention ends (ADR 0032).
      new aws.backup.VaultLockConfiguration(
        name,
        {
          backupVaultName: vault.name,
          changeableForDays: resolved.vaultLock.changeableForDays,
          minRetentionDays: resolved.vaultLock.minRetentionDays,
          maxRetentionDays: resolved.vaultLock.maxRetentionDays,
        },
        { parent: vault, provider, protect: resolved.protect },
      );
    }

    const role = new aws.iam.Role(
      `${name}-backup`,
      {
        description: `AWS Backup jobs of the vault ${resolved.vaultName}`,
        assumeRolePolicy: policyJson(backupTrustPolicy(), "compact"),
        tags: tags({ Name: `${name}-backup` }),
      },
      childOpts,
    );
    const attachments = partition.apply((part) =>
      backupManagedPolicyArns(part, Object.keys(buckets).length > 0),
    );
    const policyKeys = Object.keys(backupManagedPolicyArns("aws", Object.keys(buckets).length > 0));
    const attached = policyKeys.map(
      (key) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-backup-${key.toLowerCase()}`,
          { role: role.name, policyArn: attachments.apply((arns) => arns[key]!) },
          { parent: role, provider },
        ),
    );

    const copyDestinationArn =
      resolved.copyTo === undefined
        ? undefined
        : pulumi
            .all([partition, accountId])
            .apply(([part, account]) =>
              backupVaultArn(part, resolved.copyTo!.region, account, resolved.copyTo!.vaultName),
            );
    const plan = new aws.backup.Plan(
      name,
      {
        name: resolved.vaultName,
        rules: pulumi
          .output(copyDestinationArn)
          .apply((destination) => planRules(resolved, destination).map((rule) => ({ ...rule }))),
        tags: tags({ Name: resolved.vaultName }),
      },
      { ...childOpts, dependsOn: [vault] },
    );
    new aws.backup.Selection(
      name,
      {
        name: "databases-and-buckets",
        planId: plan.id,
        iamRoleArn: role.arn,
        // Explicit ARNs, not tags: the selection is exactly the resources named here, and a resource losing a tag
        // cannot silently drop out of its backups (ADR 0032).
        resources: [
          args.databaseClusterArn,
          ...Object.keys(buckets)
            .sort()
            .map((key) => buckets[key]!),
        ],
      },
      { ...childOpts, dependsOn: attached },
    );

    new aws.backup.VaultNotifications(
      name,
      { backupVaultName: vault.name, snsTopicArn: args.alarmTopicArn, backupVaultEvents: [...VAULT_EVENTS] },
      // Beside the vault, not under it: a child would inherit the vault's `protect`, and notifications hold no data.
      childOpts,
    );
    for (const alarm of planBackupAlarms(resolved)) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-${alarm.key}`,
        {
          name: `${resolved.alarmPrefix}-${alarm.key}`,
          alarmDescription: alarm.description,
          namespace: "AWS/Backup",
          metricName: alarm.metricName,
          dimensions: { BackupVaultName: vault.name },
          statistic: "Sum",
          period: 3600,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold: 1,
          treatMissingData: "notBreaching",
          actionsEnabled: true,
          alarmActions: [args.alarmTopicArn],
          okActions: [args.alarmTopicArn],
          tags: tags({ Component: "backup" }),
        },
        childOpts,
      );
    }

    if (resolved.restoreTesting !== undefined) {
      const testing = resolved.restoreTesting;
      const testingPlan = new aws.backup.RestoreTestingPlan(
        name,
        {
          name: restoreTestingPlanName(resolved.vaultName),
          scheduleExpression: testing.schedule,
          startWindowHours: testing.startWindowHours,
          recoveryPointSelection: {
            // The latest snapshot of the window: the test answers "can we restore what we would restore today?".
            algorithm: "LATEST_WITHIN_WINDOW",
            includeVaults: [vault.arn],
            recoveryPointTypes: ["SNAPSHOT"],
            selectionWindowDays: testing.selectionWindowDays,
          },
          tags: tags({ Name: restoreTestingPlanName(resolved.vaultName) }),
        },
        childOpts,
      );
      new aws.backup.RestoreTestingSelection(
        name,
        {
          name: "aurora_cluster",
          restoreTestingPlanName: testingPlan.name,
          protectedResourceType: "Aurora",
          protectedResourceArns: [args.databaseClusterArn],
          iamRoleArn: role.arn,
          // AWS Backup deletes the restored cluster when the validation window ends.
          validationWindowHours: testing.validationWindowHours,
        },
        { parent: testingPlan, provider, dependsOn: attached },
      );
      this.restoreTestingPlanName = testingPlan.name;
    }

    this.vaultArn = vault.arn;
    this.vaultName = vault.name;
    this.planId = plan.id;
    this.roleArn = role.arn;
    this.registerOutputs({
      vaultArn: this.vaultArn,
      vaultName: this.vaultName,
      planId: this.planId,
      roleArn: this.roleArn,
      restoreTestingPlanName: this.restoreTestingPlanName,
    });
  }
}
