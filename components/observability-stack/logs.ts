/**
 * Logs: every log group the component creates (retention, the logs key), and Container Insights with Fluent Bit
 * shipping the EKS cluster's container logs into log groups created before it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import type { ResolvedObservabilityStackArgs } from "./args";
import { CONTAINER_INSIGHTS_LOG_KINDS, containerInsightsLogGroupName, serviceTrustPolicy } from "./plan";

/**
 * The `logGroup` of the steps' context: each log group with retention and the logs key, protected with the stateful
 * children, and recorded by its key in `created` (the component's `logGroupNames` and `logGroupNamesByKey`).
 */
export function logGroupCreator(
  name: string,
  resolved: ResolvedObservabilityStackArgs,
  tags: Context["tags"],
  stateful: Context["stateful"],
  created: Record<string, aws.cloudwatch.LogGroup>,
): Context["logGroup"] {
  return (key, groupName) => {
    const group = new aws.cloudwatch.LogGroup(
      `${name}-${key}`,
      {
        name: groupName,
        retentionInDays: resolved.logRetentionDays,
        kmsKeyId: resolved.kmsKeyArn,
        tags: tags({ Name: `${name}-${key}` }),
      },
      stateful,
    );
    created[key] = group;
    return group;
  };
}

/**
 * Container Insights: its encrypted log groups, then the `amazon-cloudwatch-observability` add-on (CloudWatch agent
 * for Container Insights, Fluent Bit for container logs) with an EKS Pod Identity role for its `cloudwatch-agent`
 * service account.
 */
export function createContainerInsights(
  { name, provider, childOpts, tags, account, logGroup }: Context,
  kubernetes: NonNullable<ResolvedObservabilityStackArgs["kubernetes"]>,
): aws.eks.Addon {
  const containerLogs = CONTAINER_INSIGHTS_LOG_KINDS.map((kind) =>
    logGroup(
      `containerinsights-${kind}`,
      pulumi.output(kubernetes.clusterName).apply((cluster) => containerInsightsLogGroupName(cluster, kind)),
    ),
  );
  const role = new aws.iam.Role(
    `${name}-cloudwatch-agent`,
    {
      description:
        "CloudWatch agent and Fluent Bit of the amazon-cloudwatch-observability add-on (EKS Pod Identity)",
      assumeRolePolicy: pulumi
        .all([account.accountId, kubernetes.clusterArn])
        .apply(([accountId, clusterArn]) =>
          policyJson(
            serviceTrustPolicy("pods.eks.amazonaws.com", accountId, clusterArn, [
              "sts:AssumeRole",
              "sts:TagSession",
            ]),
            "compact",
          ),
        ),
      tags: tags({ Name: `${name}-cloudwatch-agent` }),
    },
    childOpts,
  );
  const attachment = new aws.iam.RolePolicyAttachment(
    `${name}-cloudwatch-agent`,
    {
      role: role.name,
      policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/CloudWatchAgentServerPolicy`,
    },
    { parent: role, provider },
  );
  return new aws.eks.Addon(
    `${name}-container-insights`,
    {
      clusterName: kubernetes.clusterName,
      addonName: "amazon-cloudwatch-observability",
      addonVersion: kubernetes.addonVersion,
      podIdentityAssociations: [{ roleArn: role.arn, serviceAccount: "cloudwatch-agent" }],
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      tags: tags({ Name: `${name}-container-insights` }),
    },
    // Log groups first, so Fluent Bit never creates unencrypted ones that never expire.
    { ...childOpts, dependsOn: [...containerLogs, attachment] },
  );
}
