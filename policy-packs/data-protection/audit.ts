/**
 * The audit trail and threat detection: a CloudTrail trail records management events of every region, with files whose
 * integrity can be verified and a copy in CloudWatch Logs; GuardDuty detectors are on; public hosted zones log the DNS
 * queries they answer.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { listOf, setTo } from "../lib/values";

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
