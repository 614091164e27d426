/**
 * The records of what happened are kept: MSK brokers and the EKS control plane deliver their logs, and in prod
 * CloudWatch log groups keep events long enough to investigate an incident.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_EKS_CLUSTER, AwsEksClusterInputs, EKS_CLUSTER, EksClusterInputs } from "../lib/eks";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { listOf, setTo } from "../lib/values";

export const MSK_CLUSTER = "aws:msk/cluster:Cluster";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export const mskBrokerLogs: ResourceValidationPolicy = {
  name: "msk-broker-logs",
  description: "MSK clusters deliver their broker logs to CloudWatch Logs, S3 or Firehose.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.msk.ClusterArgs>>(MSK_CLUSTER, (cluster, _args, report) => {
    const brokerLogs = cluster.loggingInfo?.brokerLogs;
    const destinations = [brokerLogs?.cloudwatchLogs, brokerLogs?.s3, brokerLogs?.firehose];
    if (destinations.some((destination) => destination?.enabled === true)) {
      return;
    }
    report(
      brokerLogs === undefined
        ? setTo(
            "loggingInfo.brokerLogs",
            undefined,
            "{ cloudwatchLogs: { enabled: true, logGroup } } (or s3, or firehose)",
          )
        : "loggingInfo.brokerLogs enables no destination; set loggingInfo.brokerLogs.cloudwatchLogs.enabled (or s3's, " +
            "or firehose's) to true.",
    );
  }),
};

/** The control-plane log types of EKS, as enabledClusterLogTypes names them. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface ControlPlaneLogsConfig {
  /** Log types every cluster enables. */
  requiredLogTypes: string[];
}
const controlPlaneLogsDefaults: ControlPlaneLogsConfig = { requiredLogTypes: EKS_LOG_TYPES };

function checkLogTypes(
  enabled: unknown,
  args: Parameters<typeof configWithDefaults>[0],
  report: (m: string) => void,
) {
  const { requiredLogTypes } = configWithDefaults(args, controlPlaneLogsDefaults);
  const types = listOf(enabled as string[] | undefined);
  const missing = requiredLogTypes.filter((type) => !types.includes(type));
  if (missing.length > 0) {
    report(
      setTo(
        "enabledClusterLogTypes",
        enabled,
        `include ${missing.map((type) => JSON.stringify(type)).join(", ")}`,
      ),
    );
  }
}

export const eksControlPlaneLogs: ResourceValidationPolicy = {
  name: "eks-control-plane-logs",
  description:
    "EKS clusters send every control-plane log type (api, audit, authenticator, controllerManager, scheduler) to CloudWatch Logs.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requiredLogTypes: {
      type: "array",
      items: { type: "string", enum: EKS_LOG_TYPES },
      default: controlPlaneLogsDefaults.requiredLogTypes,
      description: "Control-plane log types every cluster enables (enabledClusterLogTypes).",
    },
  }),
  validateResource: [
    validateType<AwsEksClusterInputs>(AWS_EKS_CLUSTER, (cluster, args, report) =>
      checkLogTypes(cluster.enabledClusterLogTypes, args, report),
    ),
    validateType<EksClusterInputs>(EKS_CLUSTER, (cluster, args, report) =>
      checkLogTypes(cluster.enabledClusterLogTypes, args, report),
    ),
  ],
};

export interface LogRetentionConfig {
  /** Smallest accepted retentionInDays; 0 (or unset), never expire, always passes. */
  minimumDays: number;
}
const logRetentionDefaults: LogRetentionConfig = { minimumDays: 90 };

export const logGroupRetention: ResourceValidationPolicy = {
  name: "log-group-retention",
  description:
    "CloudWatch log groups keep their events at least 90 days (configurable), or never expire them.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumDays: {
      type: "integer",
      minimum: 1,
      maximum: 3653,
      default: logRetentionDefaults.minimumDays,
      description: "Smallest accepted retentionInDays (0 or unset, never expire, always passes).",
    },
  }),
  validateResource: validateType<Inputs<aws.cloudwatch.LogGroupArgs>>(LOG_GROUP, (group, args, report) => {
    const { minimumDays } = configWithDefaults(args, logRetentionDefaults);
    // 0, which is also what the provider sends when it is unset, means CloudWatch never expires the events: they are
    // kept longer than any minimum. This policy is about losing logs too early, not about what keeping them costs.
    const days = group.retentionInDays ?? 0;
    if (days !== 0 && days < minimumDays) {
      report(
        setTo("retentionInDays", group.retentionInDays, `${minimumDays} or more (or 0 to never expire them)`),
      );
    }
  }),
};
