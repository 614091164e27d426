/**
 * `AuditTrail`: the account's multi-Region CloudTrail trail (management events read and write, global service events,
 * log-file validation, encrypted with a customer KMS key) delivering to an archive bucket under `cloudtrail/` and to an
 * encrypted CloudWatch Logs log group through a role only this trail can assume, with the CIS AWS Foundations
 * monitoring set on that log group: a metric filter and an alarm to the alarm topic per control (Security Hub
 * CloudWatch.1–14 and Organizations changes). One trail covers every Region of the account: create it once per
 * account (ADR 0031). The bucket's policy must admit CloudTrail under `<s3KeyPrefix>/AWSLogs/<account>/*` and the key's
 * policy must let CloudTrail encrypt for this trail. Rules and exact inputs are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { createAlarms } from "../observability-stack/metric-alarms";
import {
  AuditTrailNames,
  AuditTrailPlanArgs,
  CIS_MONITORS,
  ResolvedAuditTrailPlanArgs,
  TRAIL_EVENT_SELECTORS,
  auditTrailArgsProblems,
  auditTrailNames,
  cloudTrailLogsPolicy,
  cloudTrailLogsTrustPolicy,
  planCisAlarms,
  trailArn,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces the trail: add an alias first). */
export const AUDIT_TRAIL_TYPE = "platform:security:AuditTrail";

export interface AuditTrailArgs extends AuditTrailPlanArgs {
  /** The bucket the log files go to (the log archive); its policy admits this trail. */
  readonly bucketName: pulumi.Input<string>;
  /** The customer KMS key that encrypts the log files (in the bucket's Region; its policy admits CloudTrail). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The Region's logs key, for the trail's log group (its policy admits CloudWatch Logs of the Region). */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /** The SNS topic the CIS alarms notify (the Region's alarm topic). */
  readonly alarmTopicArn: pulumi.Input<string>;
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`. Empty when the component can be built. */
export function validateAuditTrailArgs(
  args: ResolvedAuditTrailPlanArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...auditTrailArgsProblems(args), ...regionalProviderProblems(opts)];
}

export class AuditTrail extends pulumi.ComponentResource {
  readonly trailArn: pulumi.Output<string>;
  /** The trail's CloudWatch Logs copy (what a subscription to the archive's Firehose takes). */
  readonly logGroupName: pulumi.Output<string>;
  readonly logGroupArn: pulumi.Output<string>;
  /** Keys of the CIS alarms, plain (`cis-root-usage`, …). */
  readonly alarmKeys: readonly string[];
  /** The physical names, plain. */
  readonly names: AuditTrailNames;

  constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AUDIT_TRAIL_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider (the trail's home Region).
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for AuditTrail "${name}"`,
      validateAuditTrailArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const stateful = { ...childOpts, protect: resolved.protect };
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...resolved.tags, ...own });
    const names = auditTrailNames(resolved.trailName);
    this.names = names;
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const partition = aws.getPartitionOutput({}, childOpts).partition;
    const region = aws.getRegionOutput({}, childOpts).region;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: names.logGroup,
        retentionInDays: resolved.logRetentionDays,
        kmsKeyId: args.logsKmsKeyArn,
        tags: tags({ Name: names.logGroup }),
      },
      stateful,
    );
    const sourceArn = pulumi
      .all([partition, region, accountId])
      .apply(([part, home, account]) => trailArn(part, home, account, names.trail));
    const role = new aws.iam.Role(
      `${name}-logs`,
      {
        name: names.logsRole,
        description: `CloudTrail trail ${names.trail} writes to its log group ${names.logGroup}`,
        assumeRolePolicy: pulumi
          .all([accountId, sourceArn])
          .apply(([account, arn]) => policyJson(cloudTrailLogsTrustPolicy(account, arn), "compact")),
        tags: tags({ Name: names.logsRole }),
      },
      childOpts,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-logs`,
      {
        role: role.name,
        policy: pulumi
          .all([logGroup.arn, accountId])
          .apply(([groupArn, account]) => policyJson(cloudTrailLogsPolicy(groupArn, account), "compact")),
      },
      { parent: role, provider },
    );

    const trail = new aws.cloudtrail.Trail(
      name,
      {
        name: names.trail,
        s3BucketName: args.bucketName,
        s3KeyPrefix: resolved.s3KeyPrefix,
        kmsKeyId: args.kmsKeyArn,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        eventSelectors: TRAIL_EVENT_SELECTORS.map((selector) => ({ ...selector })),
        // CloudTrail requires the log-stream wildcard on the group's ARN (`aws.cloudtrail.Trail` docs).
        cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
        cloudWatchLogsRoleArn: role.arn,
        tags: tags({ Name: names.trail }),
      },
      // The role's policy first: CloudTrail checks that it can write to the group when the trail is created.
      { ...stateful, dependsOn: [rolePolicy] },
    );
    this.trailArn = trail.arn;
    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;

    for (const monitor of CIS_MONITORS) {
      new aws.cloudwatch.LogMetricFilter(
        `${name}-${monitor.key}`,
        {
          name: `${names.trail}-${monitor.key}`,
          logGroupName: logGroup.name,
          pattern: monitor.pattern,
          metricTransformation: {
            namespace: names.metricNamespace,
            name: monitor.metricName,
            value: "1",
          },
        },
        // Not parented on the log group: they would inherit its protect, and a filter holds no data.
        { ...childOpts, dependsOn: [logGroup] },
      );
    }
    const alarms = planCisAlarms(names.metricNamespace);
    createAlarms(name, alarms, resolved.alarmPrefix, args.alarmTopicArn, resolved.tags, childOpts);
    this.alarmKeys = alarms.map((alarm) => alarm.key);
    this.registerOutputs({
      trailArn: this.trailArn,
      logGroupName: this.logGroupName,
      logGroupArn: this.logGroupArn,
    });
  }
}
