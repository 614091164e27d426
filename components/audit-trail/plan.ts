/**
 * Pure planning for `AuditTrail`: the arguments with their defaults and rules, the physical names, the trail's event
 * selectors, the IAM documents of CloudTrail's CloudWatch Logs role, and the CIS AWS Foundations monitoring set (the
 * metric filters and their alarms). No `@pulumi/*` import: every rule, grant and filter pattern is tested without
 * mocks.
 */
import { retentionProblem } from "../common/aws-limits";
import { ActionStatement, PolicyDocument, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";
import { PlannedAlarm, RUNBOOK, isNamePart } from "../observability-stack/plan";

/** CloudTrail: a trail name is 3 to 128 letters, digits, `.`, `_` and `-`, starting and ending with a letter or digit. */
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;

/** The key prefix of the trail's objects in the archive bucket (CloudTrail appends `AWSLogs/<account>/…`). */
export const CLOUDTRAIL_KEY_PREFIX = "cloudtrail";

/** The plain arguments (the component adds the bucket, the keys and the topic, Outputs). */
export interface AuditTrailPlanArgs {
  /**
   * The trail's name, unique in the account (the stacks pass `<project>-<environment>`: one trail per account).
   * Plain: it names the trail, its log group, role and metric namespace.
   */
  readonly trailName: string;
  /** Prefix of the alarms' names (`<prefix>-<key>`); the stacks pass the region's alarm prefix. */
  readonly alarmPrefix: string;
  /** Days the trail's CloudWatch Logs copy is kept (a CloudWatch Logs retention). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Key prefix of the log files in the bucket; the bucket's policy must admit CloudTrail under
   * `<prefix>/AWSLogs/<account>/*`. @default "cloudtrail"
   */
  readonly s3KeyPrefix?: string;
  /** Protects the trail and its log group from `pulumi destroy` (prod). @default false */
  readonly protect?: boolean;
  /** Extra tags on every taggable child. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedAuditTrailPlanArgs {
  readonly trailName: string;
  readonly alarmPrefix: string;
  readonly logRetentionDays: number;
  readonly s3KeyPrefix: string;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const auditTrailDefaults = {
  logRetentionDays: 365,
  s3KeyPrefix: CLOUDTRAIL_KEY_PREFIX,
  protect: false,
  tags: {},
} as const satisfies Partial<ResolvedAuditTrailPlanArgs>;

/** Applies the defaults (`??`: an explicit 0 or "" is kept and validated, never replaced). */
export function withDefaults<A extends AuditTrailPlanArgs>(args: A): A & ResolvedAuditTrailPlanArgs {
  return {
    ...args,
    logRetentionDays: args.logRetentionDays ?? auditTrailDefaults.logRetentionDays,
    s3KeyPrefix: args.s3KeyPrefix ?? auditTrailDefaults.s3KeyPrefix,
    protect: args.protect ?? auditTrailDefaults.protect,
    tags: args.tags ?? auditTrailDefaults.tags,
  };
}

/** Every problem of the (defaulted) arguments, with paths relative to them. */
export function auditTrailArgsProblems(args: ResolvedAuditTrailPlanArgs): Problem[] {
  const problems: Problem[] = [];
  if (!TRAIL_NAME.test(args.trailName)) {
    problems.push({
      path: "trailName",
      message: `${JSON.stringify(args.trailName)} cannot name a trail; use 3 to 128 letters, digits, ., _ and -, starting and ending with a letter or digit (e.g. platform-prod)`,
    });
  }
  if (!isNamePart(args.alarmPrefix)) {
    problems.push({
      path: "alarmPrefix",
      message: `${JSON.stringify(args.alarmPrefix)} cannot start an alarm name; use lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)`,
    });
  }
  const retention = retentionProblem(args.logRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "logRetentionDays", message: retention });
  }
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(args.s3KeyPrefix) || args.s3KeyPrefix.endsWith("/")) {
    problems.push({
      path: "s3KeyPrefix",
      message: `${JSON.stringify(args.s3KeyPrefix)} is not a key prefix CloudTrail takes here; use lowercase letters, digits, -, _ and / without a leading or trailing / (e.g. cloudtrail)`,
    });
  }
  return problems;
}

/** Physical names of the trail's parts. */
export interface AuditTrailNames {
  readonly trail: string;
  /** The CloudWatch Logs copy of the trail. */
  readonly logGroup: string;
  /** The role CloudTrail assumes to write to the log group (IAM role names: at most 64 characters). */
  readonly logsRole: string;
  /** The metric namespace of the CIS metric filters, one per trail. */
  readonly metricNamespace: string;
}

export function auditTrailNames(trailName: string): AuditTrailNames {
  return {
    trail: trailName,
    logGroup: `/cloudtrail/${trailName}`,
    logsRole: `${trailName}-cloudtrail-logs`.slice(0, 64),
    metricNamespace: `CISBenchmark/${trailName}`,
  };
}

/** The trail's ARN (what CloudTrail names as `aws:SourceArn`). */
export function trailArn(partition: string, region: string, accountId: string, trailName: string): string {
  return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

/**
 * Management events only, read and write, every event source (CIS 3.1 / Security Hub CloudTrail.1: "at least one
 * multi-Region trail that includes read and write management events"; excluding `kms.amazonaws.com` would blind
 * CloudWatch.7). No data events: S3 data events of the archive would log every delivery of the trail itself and of
 * Firehose (a loop billed per 100,000 events), and the archive's access is already recorded by its server access logs
 * (ADR 0031).
 */
export const TRAIL_EVENT_SELECTORS = [{ readWriteType: "All", includeManagementEvents: true }] as const;

/**
 * Trust policy of the CloudWatch Logs role: CloudTrail of this account, for this trail only (AWS CloudTrail user
 * guide, "Role policy document for CloudTrail to use CloudWatch Logs for monitoring"; the confused-deputy conditions).
 */
export function cloudTrailLogsTrustPolicy(
  accountId: string,
  sourceTrailArn: string,
): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "CloudTrailOfThisTrail",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId, "aws:SourceArn": sourceTrailArn },
      },
    },
  ]);
}

/**
 * What the role may do: create CloudTrail's log streams in the one log group and put events there. CloudTrail names
 * its streams `<account>_CloudTrail_<region>` (the default `CloudTrail_CloudWatchLogs_Role` policy, AWS CloudTrail
 * user guide); a multi-Region trail delivers every Region's events there, hence the Region wildcard.
 */
export function cloudTrailLogsPolicy(
  logGroupArn: string,
  accountId: string,
): PolicyDocument<ActionStatement> {
  const streams = `${logGroupArn.replace(/:\*$/, "")}:log-stream:${accountId}_CloudTrail_*`;
  return policyDocument([
    { Sid: "CreateTrailLogStreams", Effect: "Allow", Action: "logs:CreateLogStream", Resource: streams },
    { Sid: "PutTrailLogEvents", Effect: "Allow", Action: "logs:PutLogEvents", Resource: streams },
  ]);
}

/** One CIS monitoring control: a metric filter on the trail's log group and the alarm on its metric. */
export interface CisMonitor {
  /** Stable key: the filter's and the alarm's resource name and name suffix, and the runbook section. */
  readonly key: string;
  /** The control it satisfies (Security Hub `CloudWatch.<n>` and the CIS Benchmark recommendation). */
  readonly control: string;
  /** The metric the filter publishes (1 per matching event). */
  readonly metricName: string;
  /** The filter pattern, exactly as the benchmark prescribes it (Security Hub fails the control on any change). */
  readonly pattern: string;
  /** What the alarm means, for its description. */
  readonly meaning: string;
}

/**
 * The CIS AWS Foundations Benchmark monitoring set, as AWS Security Hub checks it: controls CloudWatch.1 to
 * CloudWatch.14, each pattern copied exactly from the Security Hub user guide ("Amazon CloudWatch controls",
 * awsdocs/aws-security-hub-user-guide doc_source/cloudwatch-controls.md at bda5bf7, 2023-03-10): "This control fails
 * if the exact metric filters prescribed by CIS are not used. Additional fields or terms cannot be added". Plus CIS
 * v1.4.0 4.15 (AWS Organizations changes), which Security Hub has no control for, with the benchmark's pattern.
 */
export const CIS_MONITORS: readonly CisMonitor[] = [
  {
    key: "cis-root-usage",
    control: "CloudWatch.1 (CIS 1.2.0 3.3, 1.4.0 4.3)",
    metricName: "RootAccountUsage",
    pattern:
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    meaning: "the root user made an API call or signed in",
  },
  {
    key: "cis-unauthorized-api-calls",
    control: "CloudWatch.2 (CIS 1.2.0 3.1)",
    metricName: "UnauthorizedApiCalls",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    meaning: "an API call was denied (UnauthorizedOperation or AccessDenied)",
  },
  {
    key: "cis-console-signin-without-mfa",
    control: "CloudWatch.3 (CIS 1.2.0 3.2)",
    metricName: "ConsoleSignInWithoutMfa",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    meaning: "an IAM user signed in to the console without MFA",
  },
  {
    key: "cis-iam-policy-changes",
    control: "CloudWatch.4 (CIS 1.2.0 3.4)",
    metricName: "IamPolicyChanges",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
    meaning: "an IAM policy was created, changed, attached, detached or deleted",
  },
  {
    key: "cis-cloudtrail-changes",
    control: "CloudWatch.5 (CIS 1.2.0 3.5)",
    metricName: "CloudTrailChanges",
    pattern:
      "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
    meaning: "a trail was created, updated, deleted, started or stopped",
  },
  {
    key: "cis-console-auth-failures",
    control: "CloudWatch.6 (CIS 1.2.0 3.6)",
    metricName: "ConsoleAuthenticationFailures",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    meaning: "a console sign-in failed authentication",
  },
  {
    key: "cis-kms-key-disable-or-deletion",
    control: "CloudWatch.7 (CIS 1.2.0 3.7)",
    metricName: "KmsKeyDisableOrDeletion",
    pattern:
      "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    meaning: "a customer managed KMS key was disabled or scheduled for deletion",
  },
  {
    key: "cis-s3-bucket-policy-changes",
    control: "CloudWatch.8 (CIS 1.2.0 3.8)",
    metricName: "S3BucketPolicyChanges",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
    meaning: "a bucket's ACL, policy, CORS, lifecycle or replication was changed",
  },
  {
    key: "cis-config-changes",
    control: "CloudWatch.9 (CIS 1.2.0 3.9)",
    metricName: "ConfigChanges",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
    meaning: "an AWS Config recorder or delivery channel was changed, stopped or deleted",
  },
  {
    key: "cis-security-group-changes",
    control: "CloudWatch.10 (CIS 1.2.0 3.10)",
    metricName: "SecurityGroupChanges",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
    meaning: "a security group or one of its rules was created, changed or deleted",
  },
  {
    key: "cis-nacl-changes",
    control: "CloudWatch.11 (CIS 1.2.0 3.11)",
    metricName: "NetworkAclChanges",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
    meaning: "a network ACL, one of its entries or associations was created, changed or deleted",
  },
  {
    key: "cis-network-gateway-changes",
    control: "CloudWatch.12 (CIS 1.2.0 3.12)",
    metricName: "NetworkGatewayChanges",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
    meaning: "an internet or customer gateway was created, attached, detached or deleted",
  },
  {
    key: "cis-route-table-changes",
    control: "CloudWatch.13 (CIS 1.2.0 3.13)",
    metricName: "RouteTableChanges",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
    meaning: "a route or route table was created, replaced, disassociated or deleted",
  },
  {
    key: "cis-vpc-changes",
    control: "CloudWatch.14 (CIS 1.2.0 3.14)",
    metricName: "VpcChanges",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
    meaning: "a VPC, its attributes or a peering connection was created, changed or deleted",
  },
  {
    key: "cis-organizations-changes",
    control: "CIS 1.4.0 4.15 (no Security Hub control)",
    metricName: "OrganizationsChanges",
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    meaning: "the AWS Organization, its accounts, units or policies were changed",
  },
];

/**
 * The alarm of each CIS monitor: the filter's metric (no dimensions), Sum over 5 minutes, at least 1 (the benchmark's
 * remediation: "Greater/Equal" 1, one period of 300 seconds). No data is no matching event, so not breaching. Each
 * description ends with its runbook section.
 */
export function planCisAlarms(metricNamespace: string): PlannedAlarm<string>[] {
  return CIS_MONITORS.map((monitor) => ({
    key: monitor.key,
    component: "cloudtrail",
    namespace: metricNamespace,
    metricName: monitor.metricName,
    statistic: "Sum",
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    treatMissingData: "notBreaching",
    runbookSection: monitor.key,
    description: `CloudTrail (${monitor.control}): ${monitor.meaning} in the last 5 minutes. Runbook: ${RUNBOOK}#${monitor.key}`,
  }));
}
