/**
 * Amazon Managed Prometheus: the workspace with its log group and rules, the alert manager that routes to the alarm
 * topic, and the managed scraper of the EKS cluster.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import type { ResolvedObservabilityStackArgs } from "./args";
import {
  alertManagerDefinition,
  prometheusRules,
  scrapeConfiguration,
  scraperSourcePolicy,
  scraperTargetPolicy,
  scraperTargetTrustPolicy,
  serviceTrustPolicy,
} from "./plan";

/** Prometheus: the workspace encrypted with the customer key, logging to an encrypted log group, and its rules. */
export function createPrometheus({
  name,
  resolved,
  childOpts,
  stateful,
  tags,
  names,
  logGroup,
}: Context): aws.amp.Workspace {
  // Prometheus: workspace encrypted with the customer key, logging to an encrypted log group with retention.
  const prometheusLogs = logGroup("prometheus", `/aws/vendedlogs/prometheus/${names.workspace}`);
  const workspace = new aws.amp.Workspace(
    name,
    {
      alias: names.workspace,
      kmsKeyArn: resolved.kmsKeyArn,
      loggingConfiguration: { logGroupArn: pulumi.interpolate`${prometheusLogs.arn}:*` },
      tags: tags({ Name: name }),
    },
    stateful,
  );
  new aws.amp.WorkspaceConfiguration(
    name,
    { workspaceId: workspace.id, retentionPeriodInDays: resolved.metricsRetentionDays },
    // Not parented by the workspace: children inherit `protect`, and only the workspace holds data.
    childOpts,
  );
  new aws.amp.RuleGroupNamespace(
    `${name}-platform`,
    {
      workspaceId: workspace.id,
      name: "platform",
      data: prometheusRules(),
      tags: tags({ Name: `${name}-platform` }),
    },
    childOpts,
  );
  return workspace;
}

/** The alert manager, routing the workspace's alerts to the alarm topic once the topic policy lets it publish. */
export function createAlertManager(
  { name, childOpts, region }: Context,
  topic: aws.sns.Topic,
  workspace: aws.amp.Workspace,
  topicPolicy: aws.sns.TopicPolicy,
): void {
  new aws.amp.AlertManagerDefinition(
    name,
    {
      workspaceId: workspace.id,
      definition: topic.arn.apply((arn) => alertManagerDefinition(arn, region)),
    },
    // The alert manager can publish only once the topic policy lets it.
    { ...childOpts, dependsOn: [topicPolicy] },
  );
}

/**
 * The managed scraper. The workspace is encrypted with a customer key, so the scraper writes through a role pair in
 * this account (AMP user guide, "Creating scraper for workspaces enabled with customer managed keys"): the source
 * role, assumed by the scraper service, may only assume the target role; the target role may only remote-write to
 * this workspace. The scraper's access to the cluster comes from the EKS access entry AMP creates itself for
 * clusters in API authentication mode (AMP user guide, "Configuring your Amazon EKS cluster").
 */
export function createScraper(
  { name, provider, childOpts, tags, names, region, account }: Context,
  kubernetes: NonNullable<ResolvedObservabilityStackArgs["kubernetes"]>,
  workspace: aws.amp.Workspace,
): aws.amp.Scraper {
  const scraperArns = pulumi.interpolate`arn:${account.partition}:aps:${region}:${account.accountId}:scraper/*`;
  const source = new aws.iam.Role(
    `${name}-scraper-source`,
    {
      description: `Assumed by the managed scraper of ${names.workspace}; may only assume the target role`,
      assumeRolePolicy: pulumi
        .all([account.accountId, scraperArns])
        .apply(([accountId, arns]) =>
          policyJson(serviceTrustPolicy("scraper.aps.amazonaws.com", accountId, arns), "compact"),
        ),
      tags: tags({ Name: `${name}-scraper-source` }),
    },
    childOpts,
  );
  const target = new aws.iam.Role(
    `${name}-scraper-target`,
    {
      description: `Remote-writes the managed scraper's samples into ${names.workspace}`,
      assumeRolePolicy: pulumi
        .all([source.arn, scraperArns])
        .apply(([sourceArn, arns]) => policyJson(scraperTargetTrustPolicy(sourceArn, arns), "compact")),
      tags: tags({ Name: `${name}-scraper-target` }),
    },
    childOpts,
  );
  const sourcePolicy = new aws.iam.RolePolicy(
    `${name}-scraper-source`,
    {
      role: source.name,
      policy: target.arn.apply((targetArn) => policyJson(scraperSourcePolicy(targetArn), "compact")),
    },
    { parent: source, provider },
  );
  const targetPolicy = new aws.iam.RolePolicy(
    `${name}-scraper-target`,
    {
      role: target.name,
      policy: workspace.arn.apply((workspaceArn) => policyJson(scraperTargetPolicy(workspaceArn), "compact")),
    },
    { parent: target, provider },
  );
  return new aws.amp.Scraper(
    name,
    {
      alias: names.workspace,
      source: {
        eks: {
          clusterArn: kubernetes.clusterArn,
          subnetIds: kubernetes.subnetIds,
          securityGroupIds: kubernetes.securityGroupIds,
        },
      },
      destination: { amp: { workspaceArn: workspace.arn } },
      scrapeConfiguration: pulumi
        .output(kubernetes.clusterName)
        .apply((cluster) => scrapeConfiguration(kubernetes.scrapeIntervalSeconds, cluster)),
      roleConfiguration: { sourceRoleArn: source.arn, targetRoleArn: target.arn },
      tags: tags({ Name: name }),
    },
    // The roles must be able to write before the scraper starts.
    { ...childOpts, dependsOn: [sourcePolicy, targetPolicy] },
  );
}
