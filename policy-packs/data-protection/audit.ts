/**
 * The audit trail and threat detection: a CloudTrail trail records management events of every region, with files whose
 * integrity can be verified and a copy in CloudWatch Logs watched by the CIS monitoring set; AWS Config recorders record
 * every type through the service-linked role and are started; GuardDuty detectors are on; public hosted zones log the
 * DNS queries they answer.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { isRecord, isUnknown, knownStrings, listOf, peek, setTo } from "../lib/values";

export const CLOUDTRAIL_TRAIL = "aws:cloudtrail/trail:Trail";
export const GUARDDUTY_DETECTOR = "aws:guardduty/detector:Detector";
export const ROUTE53_ZONE = "aws:route53/zone:Zone";
export const ROUTE53_QUERY_LOG = "aws:route53/queryLog:QueryLog";

type TrailInputs = Inputs<aws.cloudtrail.TrailArgs>;

/** Whether an advanced event selector records every management event (read and write). */
function recordsAllManagementEvents(selector: {
  fieldSelectors?: { field?: string; equals?: string[] }[];
}): boolean {
  const fields = listOf(selector.fieldSelectors);
  const category = fields.find((f) => f.field === "eventCategory");
  return (
    category !== undefined &&
    listOf(category.equals).includes("Management") &&
    fields.every((f) => f.field === "eventCategory")
  );
}

export const cloudtrailMultiRegion: ResourceValidationPolicy = {
  name: "cloudtrail-multi-region",
  description:
    "CloudTrail trails log in every region, include global service events and record every read and write management event.",
  enforcementLevel: "mandatory",
  validateResource: validateType<TrailInputs>(CLOUDTRAIL_TRAIL, (trail, _args, report) => {
    if (trail.isMultiRegionTrail !== true) {
      report(setTo("isMultiRegionTrail", trail.isMultiRegionTrail, "true"));
    }
    if (trail.includeGlobalServiceEvents === false) {
      report(setTo("includeGlobalServiceEvents", false, "true (or leave it unset)"));
    }
    if (trail.enableLogging === false) {
      report(setTo("enableLogging", false, "true (or leave it unset)"));
    }
    // Unset selectors record every management event; set ones must keep them.
    const basic = listOf(trail.eventSelectors);
    if (
      basic.length > 0 &&
      !basic.some((s) => s.includeManagementEvents !== false && (s.readWriteType ?? "All") === "All")
    ) {
      report(
        'eventSelectors record no read and write management events; add a selector with includeManagementEvents true and readWriteType "All".',
      );
    }
    const advanced = listOf(trail.advancedEventSelectors);
    if (advanced.length > 0 && !advanced.some(recordsAllManagementEvents)) {
      report(
        'advancedEventSelectors record no read and write management events; add a selector whose only field selector is eventCategory equals ["Management"].',
      );
    }
  }),
};

export const cloudtrailLogFileValidation: ResourceValidationPolicy = {
  name: "cloudtrail-log-file-validation",
  description:
    "CloudTrail trails write digest files, so a log file changed or deleted after delivery is detected.",
  enforcementLevel: "mandatory",
  validateResource: validateType<TrailInputs>(CLOUDTRAIL_TRAIL, (trail, _args, report) => {
    if (trail.enableLogFileValidation !== true) {
      report(setTo("enableLogFileValidation", trail.enableLogFileValidation, "true"));
    }
  }),
};

export const cloudtrailCloudwatchLogs: ResourceValidationPolicy = {
  name: "cloudtrail-cloudwatch-logs",
  description:
    "CloudTrail trails also deliver to a CloudWatch log group, where metric filters and alarms can watch them.",
  enforcementLevel: "mandatory",
  validateResource: validateType<TrailInputs>(CLOUDTRAIL_TRAIL, (trail, _args, report) => {
    if (trail.cloudWatchLogsGroupArn === undefined || trail.cloudWatchLogsGroupArn === "") {
      report(
        setTo(
          "cloudWatchLogsGroupArn",
          trail.cloudWatchLogsGroupArn,
          "the ARN of a log group (ending in :*)",
        ),
      );
    }
    if (trail.cloudWatchLogsRoleArn === undefined || trail.cloudWatchLogsRoleArn === "") {
      report(
        setTo(
          "cloudWatchLogsRoleArn",
          trail.cloudWatchLogsRoleArn,
          "a role cloudtrail.amazonaws.com assumes to write to that log group",
        ),
      );
    }
  }),
};

export const guarddutyEnabled: ResourceValidationPolicy = {
  name: "guardduty-enabled",
  description: "GuardDuty detectors are enabled.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.guardduty.DetectorArgs>>(
    GUARDDUTY_DETECTOR,
    (detector, _args, report) => {
      if (detector.enable === false) {
        report(setTo("enable", false, "true (or leave it unset)"));
      }
    },
  ),
};

export const route53QueryLogging: StackValidationPolicy = {
  name: "route53-query-logging",
  description: "Public Route 53 hosted zones log the DNS queries they answer (an aws.route53.QueryLog).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const logs = resourcesOfType(args, ROUTE53_QUERY_LOG);
    for (const zone of resourcesOfType(args, ROUTE53_ZONE)) {
      // A zone associated with VPCs is private: its queries are logged by Resolver query logging instead.
      if (listOf(zone.props["vpcs"] as unknown[] | undefined).length > 0) {
        continue;
      }
      if (
        logs.some(
          (log) => linkedResources(log, "zoneId", [zone], { candidateKeys: ["zoneId", "id"] }).length > 0,
        )
      ) {
        continue;
      }
      report(
        "this public hosted zone has no query logging; add an aws.route53.QueryLog with zoneId set to its zoneId " +
          "and a log group in us-east-1 (Route 53 writes query logs there only).",
        zone.urn,
      );
    }
  },
};

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const LOG_METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const CONFIG_RECORDER = "aws:cfg/recorder:Recorder";
export const CONFIG_RECORDER_STATUS = "aws:cfg/recorderStatus:RecorderStatus";
export const CONFIG_DELIVERY_CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";

/**
 * The CIS AWS Foundations monitoring set as AWS Security Hub checks it (controls CloudWatch.1 to CloudWatch.14): the
 * exact filter pattern each control requires ("This control fails if the exact metric filters prescribed by CIS are
 * not used", Security Hub user guide, "Amazon CloudWatch controls"). Compared without white space.
 */
export const CIS_METRIC_FILTERS: readonly { readonly control: string; readonly pattern: string }[] = [
  {
    control: "CloudWatch.1 root use",
    pattern:
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    control: "CloudWatch.2 unauthorized API calls",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    control: "CloudWatch.3 console sign-in without MFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    control: "CloudWatch.4 IAM policy changes",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
  },
  {
    control: "CloudWatch.5 CloudTrail changes",
    pattern:
      "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  },
  {
    control: "CloudWatch.6 console authentication failures",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    control: "CloudWatch.7 disabled or deleted customer keys",
    pattern:
      "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  },
  {
    control: "CloudWatch.8 S3 bucket policy changes",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  },
  {
    control: "CloudWatch.9 AWS Config changes",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  },
  {
    control: "CloudWatch.10 security group changes",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  },
  {
    control: "CloudWatch.11 NACL changes",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  },
  {
    control: "CloudWatch.12 network gateway changes",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  },
  {
    control: "CloudWatch.13 route table changes",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
  },
  {
    control: "CloudWatch.14 VPC changes",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  },
];

const withoutSpace = (text: string): string => text.replace(/\s+/g, "");

/** The log groups of the stack a trail's `cloudWatchLogsGroupArn` (`<group ARN>:*`) names. */
function trailLogGroups(trail: PolicyResource, groups: readonly PolicyResource[]): PolicyResource[] {
  const arns = new Set(
    knownStrings(peek(trail.props, "cloudWatchLogsGroupArn")).map((a) => a.replace(/:\*$/, "")),
  );
  const viaDependencies = new Set(
    (trail.propertyDependencies["cloudWatchLogsGroupArn"] ?? []).map((r) => r.urn),
  );
  return groups.filter(
    (group) =>
      viaDependencies.has(group.urn) || knownStrings(peek(group.props, "arn")).some((arn) => arns.has(arn)),
  );
}

/** Whether an alarm of the stack watches `namespace`/`metricName` and notifies someone when it fires. */
function alarmsOn(alarms: readonly PolicyResource[], namespace: unknown, metricName: unknown): boolean {
  return alarms.some((alarm) => {
    const actions = peek(alarm.props, "alarmActions");
    const notifies = isUnknown(actions) || listOf(actions as unknown[] | undefined).length > 0;
    return (
      notifies &&
      peek(alarm.props, "namespace") === namespace &&
      peek(alarm.props, "metricName") === metricName &&
      peek(alarm.props, "actionsEnabled") !== false
    );
  });
}

export const cloudtrailCisMetricFilters: StackValidationPolicy = {
  name: "cloudtrail-cis-metric-filters",
  description:
    "A trail's CloudWatch log group has the CIS monitoring set (Security Hub CloudWatch.1-14): a metric filter with " +
    "each benchmark pattern and an alarm with an action on its metric.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const groups = resourcesOfType(args, LOG_GROUP);
    const filters = resourcesOfType(args, LOG_METRIC_FILTER);
    const alarms = resourcesOfType(args, METRIC_ALARM);
    for (const trail of resourcesOfType(args, CLOUDTRAIL_TRAIL)) {
      // A trail without a log group is cloudtrail-cloudwatch-logs' finding; one outside the stack cannot be judged.
      const group = trailLogGroups(trail, groups)[0];
      if (group === undefined) {
        continue;
      }
      const onGroup = filters.filter(
        (filter) => linkedResources(filter, "logGroupName", [group], { candidateKeys: ["name"] }).length > 0,
      );
      const missing: string[] = [];
      for (const { control, pattern } of CIS_METRIC_FILTERS) {
        // Read through the engine's proxy: an unknown pattern or metric stops the policy ("can't run during
        // preview") instead of failing it.
        const filter = onGroup.find((f) => {
          const own = f.props["pattern"];
          return typeof own === "string" && withoutSpace(own) === withoutSpace(pattern);
        });
        const metric = filter === undefined ? undefined : filter.props["metricTransformation"];
        if (filter === undefined || !isRecord(metric)) {
          missing.push(`${control} (no metric filter with its pattern)`);
        } else if (!alarmsOn(alarms, metric["namespace"], metric["name"])) {
          missing.push(`${control} (no alarm with an action on its metric)`);
        }
      }
      if (missing.length > 0) {
        report(
          `the trail's log group lacks ${missing.join(", ")}; add an aws.cloudwatch.LogMetricFilter with the ` +
            "benchmark's exact pattern on the log group and an aws.cloudwatch.MetricAlarm with alarmActions on " +
            "its metric for each.",
          trail.urn,
        );
      }
    }
  },
};

/**
 * Resource types AWS Config records in every Region where a recorder records everything, although they are global:
 * a recorder may leave out exactly these where another Region records them.
 */
export const GLOBALLY_RECORDED_TYPES: readonly string[] = [
  "AWS::IAM::Group",
  "AWS::IAM::Policy",
  "AWS::IAM::Role",
  "AWS::IAM::User",
  "AWS::RDS::GlobalCluster",
];

type RecorderInputs = Inputs<aws.cfg.RecorderArgs>;

export const configRecorderAllTypes: ResourceValidationPolicy = {
  name: "config-recorder-all-types",
  description:
    "AWS Config recorders record every supported resource type (at most the globally recorded ones excluded, " +
    "which another Region records).",
  enforcementLevel: "mandatory",
  validateResource: validateType<RecorderInputs>(CONFIG_RECORDER, (recorder, _args, report) => {
    const group = recorder.recordingGroup;
    if (group === undefined || group.allSupported === true) {
      return;
    }
    if (group.allSupported === undefined && listOf(group.resourceTypes).length === 0) {
      // allSupported defaults to true without a list of types.
      return;
    }
    const strategy = listOf(group.recordingStrategies)[0]?.useOnly;
    const excluded = listOf(group.exclusionByResourceTypes).flatMap((e) => listOf(e.resourceTypes));
    const others = excluded.filter((type) => !GLOBALLY_RECORDED_TYPES.includes(type));
    if (strategy === "EXCLUSION_BY_RESOURCE_TYPES" && others.length === 0) {
      return;
    }
    report(
      others.length > 0
        ? `recordingGroup excludes ${others.join(", ")}; exclude at most the globally recorded types (${GLOBALLY_RECORDED_TYPES.join(", ")}).`
        : "recordingGroup records a list of types only; set recordingGroup.allSupported to true (or use the " +
            "EXCLUSION_BY_RESOURCE_TYPES strategy excluding only the globally recorded types).",
    );
  }),
};

export const configRecorderEnabled: StackValidationPolicy = {
  name: "config-recorder-enabled",
  description:
    "AWS Config recorders are started (an aws.cfg.RecorderStatus with isEnabled true) and have a delivery channel.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const statuses = resourcesOfType(args, CONFIG_RECORDER_STATUS);
    const channels = resourcesOfType(args, CONFIG_DELIVERY_CHANNEL);
    for (const recorder of resourcesOfType(args, CONFIG_RECORDER)) {
      const own = statuses.filter(
        (status) => linkedResources(status, "name", [recorder], { candidateKeys: ["name"] }).length > 0,
      );
      if (own.length === 0) {
        report(
          "this recorder is never started; add an aws.cfg.RecorderStatus with name set to its name and isEnabled true " +
            "(depending on the delivery channel).",
          recorder.urn,
        );
      } else {
        for (const status of own) {
          const enabled = status.props["isEnabled"];
          if (enabled !== true) {
            report(setTo("isEnabled", enabled, "true: a stopped recorder records nothing"), status.urn);
          }
        }
      }
      if (channels.length === 0) {
        report(
          "this recorder has no delivery channel, so it cannot start; add an aws.cfg.DeliveryChannel to an S3 bucket.",
          recorder.urn,
        );
      }
    }
  },
};

/**
 * The ARN of AWS Config's service-linked role in any partition and account: IAM puts it under
 * `/aws-service-role/config.amazonaws.com/` with the name `AWSServiceRoleForConfig` (AWS Config developer guide,
 * "Using Service-Linked Roles for AWS Config").
 */
const CONFIG_SERVICE_LINKED_ROLE_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

export const configRecorderServiceLinkedRole: ResourceValidationPolicy = {
  name: "config-recorder-service-linked-role",
  description:
    "AWS Config recorders record through AWS Config's service-linked role AWSServiceRoleForConfig (Security Hub " +
    "Config.1 fails a recorder with any other role).",
  enforcementLevel: "mandatory",
  // Security Hub user guide, "Security Hub controls for AWS Config", Config.1: with its parameter
  // includeConfigServiceLinkedRoleCheck (true by default) the control fails where the recorder does not use the
  // service-linked role, "because other roles might not have the necessary permissions for AWS Config to accurately
  // record your resources". An unknown roleArn (a role created in the same update) stops the policy at preview.
  validateResource: validateType<RecorderInputs>(CONFIG_RECORDER, (recorder, _args, report) => {
    const roleArn = recorder.roleArn;
    if (typeof roleArn !== "string" || !CONFIG_SERVICE_LINKED_ROLE_ARN.test(roleArn)) {
      report(
        setTo(
          "roleArn",
          roleArn,
          "AWS Config's service-linked role, arn:<partition>:iam::<account>:role/aws-service-role/" +
            "config.amazonaws.com/AWSServiceRoleForConfig (create it once per account with an " +
            'aws.iam.ServiceLinkedRole whose awsServiceName is "config.amazonaws.com")',
        ),
      );
    }
  }),
};
