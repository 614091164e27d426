/**
 * Amazon Managed Prometheus: the workspace with its log group and rules, the alert manager that routes to the alarm
 * topic, and the managed scrapers: the EKS cluster's, and the MSK cluster's exporters' (ADR 0033).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import type { ResolvedObservabilityStackArgs } from "./args";
import {
  KAFKA_SCRAPE_JOBS,
  alertManagerDefinition,
  kafkaScrapeConfiguration,
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
      data: prometheusRules(resolved.kafka !== undefined),
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

/** The role pair every managed scraper of the workspace writes through, with their policies. */
export interface ScraperRoles {
  readonly source: aws.iam.Role;
  readonly target: aws.iam.Role;
  /** The roles' policies: a scraper starts only once they are in place. */
  readonly policies: readonly aws.iam.RolePolicy[];
}

/**
 * The roles of the managed scrapers. The workspace is encrypted with a customer key, so a scraper writes through a
 * role pair in this account (AMP user guide, "Creating scraper for workspaces enabled with customer managed keys"):
 * the source role, assumed by the scraper service, may only assume the target role; the target role may only
 * remote-write to this workspace. Both scrapers (EKS and MSK) share the pair.
 */
export function createScraperRoles(
  { name, provider, childOpts, tags, names, region, account }: Context,
  workspace: aws.amp.Workspace,
): ScraperRoles {
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
  return { source, target, policies: [sourcePolicy, targetPolicy] };
}

/**
 * The managed scraper of the EKS cluster, writing through the shared role pair. Its access to the cluster comes from
 * the EKS access entry AMP creates itself for clusters in API authentication mode (AMP user guide, "Configuring your
 * Amazon EKS cluster").
 */
export function createScraper(
  { name, childOpts, tags, names }: Context,
  kubernetes: NonNullable<ResolvedObservabilityStackArgs["kubernetes"]>,
  workspace: aws.amp.Workspace,
  roles: ScraperRoles,
): aws.amp.Scraper {
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
      roleConfiguration: { sourceRoleArn: roles.source.arn, targetRoleArn: roles.target.arn },
      tags: tags({ Name: name }),
    },
    // The roles must be able to write before the scraper starts.
    { ...childOpts, dependsOn: [...roles.policies] },
  );
}

/**
 * The managed scraper of the MSK cluster's open-monitoring exporters (AMP user guide, `prom-msk-integration`): a VPC
 * source in the brokers' data subnets (two zones or more) with a security group of its own that reaches the brokers
 * on 11001-11002 only, the broker group admitting that group (never a CIDR) on each exporter port, and the scrape
 * configuration of `kafkaScrapeConfiguration` (every broker by DNS name). No DNS rule is needed: "Security groups
 * cannot block DNS requests to or from the Route 53 Resolver" (Amazon VPC user guide, "Security group rules",
 * Limitation), and the VPC has DNS enabled as the collector requires.
 */
export function createKafkaScraper(
  { name, provider, childOpts, tags, names }: Context,
  kafka: NonNullable<ResolvedObservabilityStackArgs["kafka"]>,
  workspace: aws.amp.Workspace,
  roles: ScraperRoles,
): aws.amp.Scraper {
  const base = `${name}-msk-scraper`;
  const ports = Object.values(KAFKA_SCRAPE_JOBS);
  const [fromPort, toPort] = [Math.min(...ports), Math.max(...ports)];
  const group = new aws.ec2.SecurityGroup(
    base,
    {
      vpcId: kafka.vpcId,
      description: `Managed Prometheus collector of ${names.workspace}: the MSK exporters (${fromPort}-${toPort}) only`,
      tags: tags({ Name: base }),
    },
    childOpts,
  );
  const groupOpts = { parent: group, provider };
  const egress = new aws.vpc.SecurityGroupEgressRule(
    `${base}-to-brokers`,
    {
      securityGroupId: group.id,
      description: "Prometheus JMX and Node Exporters of the MSK brokers",
      ipProtocol: "tcp",
      fromPort,
      toPort,
      referencedSecurityGroupId: kafka.brokerSecurityGroupId,
      tags: tags({ Name: `${base}-to-brokers` }),
    },
    groupOpts,
  );
  const ingress = Object.entries(KAFKA_SCRAPE_JOBS).map(
    ([job, port]) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${base}-${job}`,
        {
          securityGroupId: kafka.brokerSecurityGroupId,
          description: `Prometheus ${job} (${port}) from the managed collector of ${names.workspace}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: group.id,
          tags: tags({ Name: `${base}-${job}` }),
        },
        groupOpts,
      ),
  );
  return new aws.amp.Scraper(
    `${name}-msk`,
    {
      alias: `${names.workspace}-msk`,
      source: { vpc: { subnetIds: [...kafka.subnetIds], securityGroupIds: [group.id] } },
      destination: { amp: { workspaceArn: workspace.arn } },
      scrapeConfiguration: pulumi
        .all([kafka.clusterName, kafka.brokerDnsNames])
        .apply(([cluster, brokers]) =>
          kafkaScrapeConfiguration(kafka.scrapeIntervalSeconds, cluster, brokers),
        ),
      roleConfiguration: { sourceRoleArn: roles.source.arn, targetRoleArn: roles.target.arn },
      tags: tags({ Name: `${name}-msk` }),
    },
    // The roles must be able to write and the brokers must admit the collector before it starts.
    { ...childOpts, dependsOn: [...roles.policies, egress, ...ingress] },
  );
}
