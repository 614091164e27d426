/**
 * Pure planning for `HealthCheckAlarms`: the arguments (plain but the health check ids), their defaults and rules, the
 * names, the alarms and the key policy of the topic in us-east-1. The topic's policy is `ObservabilityStack`'s
 * (`alarmTopicPolicy`), written for us-east-1. No `@pulumi/*` import: every rule and grant is tested without mocks.
 */
import { isRegionName } from "../common/aws-limits";
import { PolicyDocument, accountRootArn, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";
import {
  PlannedAlarm,
  RUNBOOK,
  alarmEmailProblems,
  isNamePart,
  observabilityNames,
  observabilityStackDefaults,
  resourceKeyProblems,
} from "../observability-stack/plan";
import { KEY_ADMINISTRATION_ACTIONS } from "../regional-keys/plan";

/**
 * Route 53 publishes its health-check metrics (`AWS/Route53`, `HealthCheckStatus` by `HealthCheckId`) in us-east-1
 * only, whatever the endpoint's region (Route 53 Developer Guide, "Monitoring health checks using CloudWatch"): the
 * alarms, their topic and its key live there.
 */
export const HEALTH_CHECK_METRICS_REGION = "us-east-1";

/**
 * Consecutive minutes a health check reports unhealthy before the alarm fires. Route 53 already waits for 3 failed
 * checks 30 s apart before it reports unhealthy (and drops the region's records), so 2 more minutes only keep one
 * flap from mailing.
 */
export const HEALTH_CHECK_ALARM_MINUTES = 2;

export interface HealthCheckAlarmsPlanInput {
  readonly environment: string;
  /** The stack's region (where the checked endpoints are), part of every name; not where the alarms are. */
  readonly region: string;
  readonly namePrefix: string;
  /** Health check ids by application key (the keys name the alarms). */
  readonly healthChecks: Readonly<Record<string, unknown>>;
  readonly alarmEmails: readonly string[];
}

/** The defaults, in one place (`ObservabilityStack`'s, so both topics reach the same people under the same names). */
export const healthCheckAlarmsDefaults = {
  namePrefix: observabilityStackDefaults.namePrefix,
  alarmEmails: [] as readonly string[],
  protect: false,
  tags: {},
} as const;

/** Physical names: the alarms share `ObservabilityStack`'s prefix, `<prefix>-<environment>-<region>`. */
export interface HealthCheckAlarmsNames {
  /** Prefix of the alarm names (the stack's region, not us-east-1, so two stacks' alarms never collide). */
  readonly alarmPrefix: string;
  /** The topic key's alias in us-east-1. */
  readonly keyAlias: string;
}

export function healthCheckAlarmsNames(
  prefix: string,
  environment: string,
  region: string,
): HealthCheckAlarmsNames {
  return {
    alarmPrefix: observabilityNames(prefix, environment, region).alarmPrefix,
    keyAlias: `alias/${prefix}/${environment}/${region}/health-check-alarms`,
  };
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds the problem of its
 * provider; empty when the component can be built.
 */
export function healthCheckAlarmsArgsProblems(args: HealthCheckAlarmsPlanInput): Problem[] {
  const problems: Problem[] = [];
  if (!isNamePart(args.environment) || args.environment.length > 16) {
    problems.push({
      path: "environment",
      message: `${JSON.stringify(args.environment)} cannot be part of a name; use 1 to 16 lowercase letters, digits and - (e.g. prod)`,
    });
  }
  if (!isRegionName(args.region)) {
    problems.push({
      path: "region",
      message: `${JSON.stringify(args.region)} is not a region name; pass the stack's region, e.g. ap-east-2`,
    });
  }
  if (!isNamePart(args.namePrefix)) {
    problems.push({
      path: "namePrefix",
      message: `${JSON.stringify(args.namePrefix)} cannot start a name; use lowercase letters, digits and -, starting with a letter or digit (e.g. platform)`,
    });
  }
  const keys = Object.keys(args.healthChecks);
  if (keys.length === 0) {
    problems.push({
      path: "healthChecks",
      message:
        "is empty; pass RegionalEdge.healthChecks (the health check ids by application), or create no HealthCheckAlarms",
    });
  }
  problems.push(...resourceKeyProblems("healthChecks", keys));
  problems.push(...alarmEmailProblems(args.alarmEmails));
  return problems;
}

/**
 * One alarm per health check: `HealthCheckStatus` (1 healthy, 0 unhealthy) by `HealthCheckId`, Minimum below 1 for
 * `HEALTH_CHECK_ALARM_MINUTES` consecutive minutes. Missing data keeps the state (Route 53 publishes every minute while
 * the health check exists). `T` is `string` in tests, `pulumi.Input<string>` in the component.
 */
export function planHealthCheckAlarms<T>(
  healthChecks: Readonly<Record<string, T>>,
  region: string,
): PlannedAlarm<T>[] {
  return Object.entries(healthChecks).map(([app, healthCheckId]) => ({
    key: `health-check-${app}`,
    component: "route53",
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    dimensions: { HealthCheckId: healthCheckId },
    statistic: "Minimum",
    periodSeconds: 60,
    evaluationPeriods: HEALTH_CHECK_ALARM_MINUTES,
    datapointsToAlarm: HEALTH_CHECK_ALARM_MINUTES,
    comparison: "LessThanThreshold",
    threshold: 1,
    treatMissingData: "missing",
    runbookSection: "health-check-status",
    description:
      `Route 53: the health check of ${app} in ${region} has reported it unhealthy for ${HEALTH_CHECK_ALARM_MINUTES} minutes; ` +
      `DNS answers no longer include ${region} for it unless every region is unhealthy. Runbook: ${RUNBOOK}#health-check-status`,
  }));
}

/** The account and partition the key policy is written for. */
export interface HealthCheckKeyPolicyContext {
  readonly accountId: string;
  /** `aws`, `aws-cn`, … */
  readonly partition: string;
  /** `amazonaws.com`, … */
  readonly dnsSuffix: string;
}

/**
 * The topic key's policy: the account administers it (no cryptographic use), and CloudWatch alarms of this account in
 * us-east-1 get the data keys they need to publish to the encrypted topic (an AWS managed SNS key would not let them,
 * as for the regions' logs keys, ADR 0016).
 */
export function healthCheckKeyPolicy(ctx: HealthCheckKeyPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(ctx.partition, ctx.accountId) },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: "*",
    },
    {
      Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: `cloudwatch.${ctx.dnsSuffix}` },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${ctx.partition}:cloudwatch:${HEALTH_CHECK_METRICS_REGION}:${ctx.accountId}:alarm:*`,
        },
      },
    },
  ]);
}
