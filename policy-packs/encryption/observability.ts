/**
 * Alarm topics, log groups and the Prometheus workspace: encrypted with customer managed KMS keys.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { customerKeyProblem } from "../lib/values";

export const SNS_TOPIC = "aws:sns/topic:Topic";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const AMP_WORKSPACE = "aws:amp/workspace:Workspace";

export const snsTopicEncrypted: ResourceValidationPolicy = {
  name: "sns-topic-encrypted",
  description: "SNS topics encrypt messages with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.sns.TopicArgs>>(SNS_TOPIC, (topic, _args, report) => {
    const problem = customerKeyProblem("kmsMasterKeyId", topic.kmsMasterKeyId);
    if (problem !== undefined) {
      report(problem);
    }
  }),
};

export const logGroupEncrypted: ResourceValidationPolicy = {
  name: "log-group-encrypted",
  description: "CloudWatch log groups encrypt their events with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.cloudwatch.LogGroupArgs>>(LOG_GROUP, (group, _args, report) => {
    const problem = customerKeyProblem("kmsKeyId", group.kmsKeyId);
    if (problem !== undefined) {
      report(problem);
    }
  }),
};

export interface PrometheusWorkspaceConfig {
  /** Require `kmsKeyArn` (otherwise only a key that is set must be a customer managed one). */
  requireCustomerKey: boolean;
}
const prometheusDefaults: PrometheusWorkspaceConfig = { requireCustomerKey: true };

export const prometheusWorkspaceCustomerKey: ResourceValidationPolicy = {
  name: "prometheus-workspace-customer-key",
  description: "Amazon Managed Prometheus workspaces encrypt metrics with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requireCustomerKey: {
      type: "boolean",
      default: prometheusDefaults.requireCustomerKey,
      description: "Require kmsKeyArn; when false, only a key that is set must be a customer managed one.",
    },
  }),
  validateResource: validateType<Inputs<aws.amp.WorkspaceArgs>>(AMP_WORKSPACE, (workspace, args, report) => {
    const config = configWithDefaults(args, prometheusDefaults);
    if (workspace.kmsKeyArn === undefined && !config.requireCustomerKey) {
      return;
    }
    const problem = customerKeyProblem("kmsKeyArn", workspace.kmsKeyArn);
    if (problem !== undefined) {
      report(problem);
    }
  }),
};
