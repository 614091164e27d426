/**
 * The CloudWatch metric alarms of planned alarms, shared by `ObservabilityStack` (its own region),
 * `ReplicatorAlarms` (another region's replicators) and `HealthCheckAlarms` (Route 53 health checks, in us-east-1):
 * each notifies the alarm topic on ALARM and on OK.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PlannedAlarm, isPercentile } from "./plan";

/**
 * Creates one CloudWatch metric alarm per planned alarm, named `<names.alarmPrefix>-<key>`, notifying `topicArn` on
 * ALARM and on OK (so the on-call engineer also learns when it is over), in `region` when given (else the provider's).
 * Shared by `ObservabilityStack`, `ReplicatorAlarms` and `HealthCheckAlarms`.
 */
export function createAlarms(
  name: string,
  alarms: readonly PlannedAlarm<pulumi.Input<string>>[],
  alarmPrefix: string,
  topicArn: pulumi.Input<string>,
  tags: Readonly<Record<string, string>>,
  opts: pulumi.CustomResourceOptions,
  region?: string,
): Record<string, aws.cloudwatch.MetricAlarm> {
  const created: Record<string, aws.cloudwatch.MetricAlarm> = {};
  for (const alarm of alarms) {
    const metric =
      alarm.query !== undefined
        ? {
            metricQueries: [
              {
                id: "q1",
                expression: pulumi.output(alarm.query.source).apply(alarm.query.build),
                period: alarm.periodSeconds,
                label: alarm.metricName,
                returnData: true,
              },
            ],
          }
        : {
            namespace: alarm.namespace,
            metricName: alarm.metricName,
            dimensions: alarm.dimensions as Record<string, pulumi.Input<string>>,
            // A percentile is an extended statistic; an alarm takes one or the other, never both.
            ...(isPercentile(alarm.statistic)
              ? {
                  extendedStatistic: alarm.statistic,
                  evaluateLowSampleCountPercentiles: alarm.lowSampleCountPercentiles,
                }
              : { statistic: alarm.statistic }),
            period: alarm.periodSeconds,
          };
    created[alarm.key] = new aws.cloudwatch.MetricAlarm(
      `${name}-${alarm.key}`,
      {
        // Another region than the provider's (the provider's per-resource `region`), where the metrics are.
        ...(region !== undefined ? { region } : {}),
        name: `${alarmPrefix}-${alarm.key}`,
        alarmDescription: alarm.description,
        ...metric,
        evaluationPeriods: alarm.evaluationPeriods,
        datapointsToAlarm: alarm.datapointsToAlarm,
        comparisonOperator: alarm.comparison,
        threshold: alarm.threshold,
        treatMissingData: alarm.treatMissingData,
        actionsEnabled: true,
        alarmActions: [topicArn],
        okActions: [topicArn],
        tags: { ...tags, Component: alarm.component },
      },
      opts,
    );
  }
  return created;
}
