/**
 * The IAM of `ObservabilityStack` as typed documents (rendered compact): the alarm topic's policy, the trust of the
 * roles services assume, the managed scraper's role pair, and the Grafana workspace role's permissions.
 */
import { ActionStatement, PolicyDocument, oneOrMany, policyDocument } from "../../common/iam";

// ---------------------------------------------------------------------------------------------------------------
// Policies (typed IAM documents, rendered compact; asserted exactly in tests)

/** The account, partition and region a policy is written for. */
export interface PolicyContext {
  readonly accountId: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  readonly region: string;
}

export interface TopicPolicyInput extends PolicyContext {
  readonly topicArn: string;
  /** The Prometheus workspace whose alert manager publishes (absent without a workspace). */
  readonly prometheusWorkspaceArn?: string;
  /** IAM roles that may publish besides the services (the Grafana workspace role for Grafana alerts). */
  readonly publisherRoleArns: readonly string[];
  /**
   * Whether AWS Budgets and Cost Anomaly Detection of this account may publish (`CostGuardrails` notifies the regions'
   * alarm topics). @default false
   */
  readonly costNotifications?: boolean;
  /**
   * EventBridge rules of this account and region (on the default bus) that may publish, by name (`ThreatDetection`'s
   * GuardDuty findings rule). @default []
   */
  readonly eventRuleNames?: readonly string[];
  /**
   * Whether AWS Backup of this account may publish (`BackupProtection`'s vault notifications to the regions' alarm
   * topics). @default false
   */
  readonly backupNotifications?: boolean;
}

/**
 * The alarm topic's policy: CloudWatch alarms of this account and region, the alert manager of this stack's Prometheus
 * workspace (the AMP user guide's confused-deputy conditions) and, with `costNotifications`, AWS Budgets and Cost
 * Anomaly Detection for this account (`CostGuardrails`) publish; every other IAM principal is denied
 * `sns:Publish` (only the listed roles are exempt), and so is any request without TLS. Service principals that no
 * statement allows cannot publish anyway: a resource policy must allow them.
 */
export function alarmTopicPolicy(input: TopicPolicyInput): PolicyDocument<ActionStatement> {
  const statements: ActionStatement[] = [
    {
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: `cloudwatch.${input.dnsSuffix}` },
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": input.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${input.partition}:cloudwatch:${input.region}:${input.accountId}:alarm:*`,
        },
      },
    },
  ];
  if (input.costNotifications === true) {
    statements.push(
      {
        // AWS Budgets notifications of this account's budgets (Cost Management user guide, "Creating an Amazon SNS
        // topic for budget notifications"); Budgets is global, so its ARNs have no region.
        Sid: "BudgetsPublish",
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": input.accountId },
          ArnLike: { "aws:SourceArn": `arn:${input.partition}:budgets::${input.accountId}:*` },
        },
      },
      {
        // Cost Anomaly Detection's immediate alerts for this account's subscriptions (user guide, "Creating an
        // Amazon SNS topic for anomaly notifications").
        Sid: "CostAnomalyDetectionPublishes",
        Effect: "Allow",
        Principal: { Service: "costalerts.amazonaws.com" },
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": input.accountId } },
      },
    );
  }
  if (input.eventRuleNames !== undefined && input.eventRuleNames.length > 0) {
    statements.push({
      // EventBridge delivers a rule's matched events as the service; only the named rules of this account and region
      // (EventBridge user guide, "Amazon SNS permissions": aws:SourceArn of the rule).
      Sid: "EventBridgeRulesPublish",
      Effect: "Allow",
      Principal: { Service: `events.${input.dnsSuffix}` },
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: {
        ArnEquals: {
          "aws:SourceArn": oneOrMany(
            input.eventRuleNames.map(
              (rule) => `arn:${input.partition}:events:${input.region}:${input.accountId}:rule/${rule}`,
            ),
          ),
        },
      },
    });
  }
  if (input.backupNotifications === true) {
    statements.push({
      // AWS Backup vault notifications of this account's vaults (AWS Backup developer guide, "Notification options
      // with AWS Backup": the topic policy allows backup.amazonaws.com to publish; the topic must be in the vault's
      // own account).
      Sid: "BackupPublishes",
      Effect: "Allow",
      Principal: { Service: "backup.amazonaws.com" },
      Action: "sns:Publish",
      Resource: input.topicArn,
      // No aws:SourceArn: the guide names none for vault notifications, and a wrong one would silently drop them.
      Condition: { StringEquals: { "aws:SourceAccount": input.accountId } },
    });
  }
  if (input.prometheusWorkspaceArn !== undefined) {
    statements.push({
      Sid: "PrometheusAlertManagerPublishes",
      Effect: "Allow",
      Principal: { Service: `aps.${input.dnsSuffix}` },
      Action: ["sns:Publish", "sns:GetTopicAttributes"],
      Resource: input.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": input.accountId },
        ArnEquals: { "aws:SourceArn": input.prometheusWorkspaceArn },
      },
    });
  }
  statements.push(
    {
      Sid: "NoOtherPublishers",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: {
        Bool: { "aws:PrincipalIsAWSService": "false" },
        ...(input.publisherRoleArns.length > 0
          ? { ArnNotEquals: { "aws:PrincipalArn": oneOrMany(input.publisherRoleArns) } }
          : {}),
      },
    },
    {
      Sid: "TlsOnly",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: input.topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  );
  return policyDocument(statements);
}

/** Trust policy of a role a service assumes, for this account's resources of `sourceArnPattern` only. */
export function serviceTrustPolicy(
  service: string,
  accountId: string,
  sourceArnPattern: string,
  actions: readonly string[] = ["sts:AssumeRole"],
): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "ServiceOfThisAccount",
      Effect: "Allow",
      Principal: { Service: service },
      Action: oneOrMany(actions),
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": sourceArnPattern },
      },
    },
  ]);
}

/**
 * Trust policy of the managed scraper's target role: only the scraper's source role may assume it, and only with a
 * scraper's ARN of this account and region as the external id (the scraper passes its own ARN).
 */
export function scraperTargetTrustPolicy(
  sourceRoleArn: string,
  scraperArns: string,
): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "ScraperSourceRole",
      Effect: "Allow",
      Principal: { AWS: sourceRoleArn },
      Action: "sts:AssumeRole",
      // The scraper passes its own ARN as the external id.
      Condition: { StringLike: { "sts:ExternalId": scraperArns } },
    },
  ]);
}

/** Policy of the managed scraper's source role: it may only assume the target role. */
export function scraperSourcePolicy(targetRoleArn: string): PolicyDocument<ActionStatement> {
  return policyDocument([
    { Sid: "AssumeTargetOnly", Effect: "Allow", Action: "sts:AssumeRole", Resource: targetRoleArn },
  ]);
}

/** Policy of the managed scraper's target role: it may only remote-write into this workspace. */
export function scraperTargetPolicy(workspaceArn: string): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "RemoteWriteThisWorkspace",
      Effect: "Allow",
      Action: "aps:RemoteWrite",
      Resource: workspaceArn,
    },
  ]);
}

/** Regions and Prometheus workspaces one Grafana workspace reads. */
export interface GrafanaAccess extends PolicyContext {
  /** Every region whose CloudWatch, X-Ray and Prometheus data it reads (its own first). */
  readonly regions: readonly string[];
  readonly prometheusWorkspaceArns: readonly string[];
  readonly alarmTopicArn: string;
}

/**
 * What the Grafana workspace role may do (CUSTOMER_MANAGED permissions, least privilege): query the listed
 * Prometheus workspaces and decrypt their data through AMP only; read CloudWatch metrics, alarms and Logs Insights and
 * X-Ray traces (read-only actions that have no resource-level permissions, limited to the listed regions with
 * `aws:RequestedRegion`); publish Grafana alerts to this stack's alarm topic, encrypting through SNS only. The action
 * lists follow the Managed Grafana user guide's data source policies.
 */
export function grafanaRolePolicy(access: GrafanaAccess): PolicyDocument<ActionStatement> {
  const inRegions = { StringEquals: { "aws:RequestedRegion": oneOrMany(access.regions) } };
  const statements: ActionStatement[] = [];
  if (access.prometheusWorkspaceArns.length > 0) {
    statements.push(
      {
        Sid: "ListPrometheusWorkspaces",
        Effect: "Allow",
        Action: "aps:ListWorkspaces",
        Resource: "*",
        Condition: inRegions,
      },
      {
        Sid: "QueryPrometheus",
        Effect: "Allow",
        Action: [
          "aps:DescribeWorkspace",
          "aps:QueryMetrics",
          "aps:GetLabels",
          "aps:GetSeries",
          "aps:GetMetricMetadata",
        ],
        Resource: oneOrMany(access.prometheusWorkspaceArns),
      },
      {
        // The workspaces are encrypted with customer keys: readers must be able to use them, through AMP only.
        Sid: "DecryptPrometheusThroughAmp",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: oneOrMany(
          access.regions.map((r) => `arn:${access.partition}:kms:${r}:${access.accountId}:key/*`),
        ),
        Condition: {
          StringEquals: {
            "kms:ViaService": oneOrMany(access.regions.map((r) => `aps.${r}.${access.dnsSuffix}`)),
          },
        },
      },
    );
  }
  statements.push(
    {
      Sid: "ReadCloudWatch",
      Effect: "Allow",
      Action: [
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:DescribeAlarmHistory",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:ListMetrics",
        "cloudwatch:GetMetricData",
        "cloudwatch:GetInsightRuleReport",
        "logs:DescribeLogGroups",
        "logs:GetLogGroupFields",
        "logs:StartQuery",
        "logs:StopQuery",
        "logs:GetQueryResults",
        "logs:GetLogEvents",
        "ec2:DescribeTags",
        "ec2:DescribeInstances",
        "ec2:DescribeRegions",
        "tag:GetResources",
      ],
      Resource: "*",
      Condition: inRegions,
    },
    {
      Sid: "ReadXRay",
      Effect: "Allow",
      Action: [
        "xray:BatchGetTraces",
        "xray:GetTraceSummaries",
        "xray:GetTraceGraph",
        "xray:GetGroups",
        "xray:GetTimeSeriesServiceStatistics",
        "xray:GetInsightSummaries",
        "xray:GetInsight",
        "xray:GetServiceGraph",
      ],
      Resource: "*",
      Condition: inRegions,
    },
    {
      Sid: "PublishGrafanaAlerts",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: access.alarmTopicArn,
    },
    {
      Sid: "EncryptAlertsThroughSns",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: `arn:${access.partition}:kms:${access.region}:${access.accountId}:key/*`,
      Condition: { StringEquals: { "kms:ViaService": `sns.${access.region}.${access.dnsSuffix}` } },
    },
  );
  return policyDocument(statements);
}
