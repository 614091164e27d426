/**
 * Threat detection's coverage: a GuardDuty detector runs the protection plans a platform of clusters, databases and
 * buckets needs, and a Security Hub account checks the AWS Foundational Security Best Practices.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { configWithDefaults, resourcesOfType, schema } from "../lib/policy";
import { isRecord, knownStrings, peek } from "../lib/values";
import { GUARDDUTY_DETECTOR } from "./audit";

export const GUARDDUTY_DETECTOR_FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
export const SECURITYHUB_ACCOUNT = "aws:securityhub/account:Account";
export const SECURITYHUB_STANDARDS_SUBSCRIPTION =
  "aws:securityhub/standardsSubscription:StandardsSubscription";

/** A protection plan and the feature names that provide it (Runtime Monitoring supersedes EKS Runtime Monitoring). */
const PROTECTION_PLANS: Readonly<Record<string, readonly string[]>> = {
  EKS_AUDIT_LOGS: ["EKS_AUDIT_LOGS"],
  RUNTIME_MONITORING: ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"],
  RDS_LOGIN_EVENTS: ["RDS_LOGIN_EVENTS"],
  S3_DATA_EVENTS: ["S3_DATA_EVENTS"],
  EBS_MALWARE_PROTECTION: ["EBS_MALWARE_PROTECTION"],
};

export interface GuarddutyProtectionPlansConfig {
  /** The plans every detector runs (keys of PROTECTION_PLANS). */
  requiredPlans: string[];
  /**
   * Plans GuardDuty does not offer in a region, by region: not required there ("RDS Protection is not supported in
   * Asia Pacific (Taipei) (ap-east-2)", GuardDuty user guide, "Regions and endpoints").
   */
  unavailableInRegion: Record<string, string[]>;
}

export const GUARDDUTY_PROTECTION_PLANS_DEFAULTS: GuarddutyProtectionPlansConfig = {
  requiredPlans: Object.keys(PROTECTION_PLANS),
  unavailableInRegion: { "ap-east-2": ["RDS_LOGIN_EVENTS"] },
};

/** The region a resource is managed in: its own `region` input, else its provider's. */
function regionOf(resource: PolicyResource): string | undefined {
  const own = knownStrings(peek(resource.props, "region"))[0];
  return own ?? knownStrings(peek(resource.provider?.props, "region"))[0];
}

/** The plans the deprecated inline `datasources` enable (S3 logs, Kubernetes audit logs, EBS malware scans). */
function inlinePlans(detector: PolicyResource): Set<string> {
  const sources = peek(detector.props, "datasources");
  const enabled = new Set<string>();
  const on = (value: unknown) => isRecord(value) && value["enable"] === true;
  if (on(peek(sources, "s3Logs"))) {
    enabled.add("S3_DATA_EVENTS");
  }
  if (on(peek(peek(sources, "kubernetes"), "auditLogs"))) {
    enabled.add("EKS_AUDIT_LOGS");
  }
  if (on(peek(peek(peek(sources, "malwareProtection"), "scanEc2InstanceWithFindings"), "ebsVolumes"))) {
    enabled.add("EBS_MALWARE_PROTECTION");
  }
  return enabled;
}

export const guarddutyProtectionPlans: StackValidationPolicy = {
  name: "guardduty-protection-plans",
  description:
    "GuardDuty detectors run the protection plans of a platform of clusters, databases and buckets: EKS audit logs, " +
    "Runtime Monitoring, RDS login events, S3 data events and EBS malware protection (aws.guardduty.DetectorFeature, " +
    "or the deprecated inline datasources), except where the region does not offer one.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requiredPlans: {
      type: "array",
      description: "The protection plans every enabled detector runs.",
      items: { type: "string", enum: Object.keys(PROTECTION_PLANS) },
      default: GUARDDUTY_PROTECTION_PLANS_DEFAULTS.requiredPlans,
    },
    unavailableInRegion: {
      type: "object",
      description: "Plans GuardDuty does not offer in a region, by region: not required of a detector there.",
      additionalProperties: { type: "array", items: { type: "string" } },
      default: GUARDDUTY_PROTECTION_PLANS_DEFAULTS.unavailableInRegion,
    },
  }),
  validateStack: (args, report) => {
    const config = configWithDefaults(args, GUARDDUTY_PROTECTION_PLANS_DEFAULTS);
    const features = resourcesOfType(args, GUARDDUTY_DETECTOR_FEATURE);
    for (const detector of resourcesOfType(args, GUARDDUTY_DETECTOR)) {
      if (detector.props["enable"] === false) {
        continue; // guardduty-enabled reports a suspended detector
      }
      const enabled = inlinePlans(detector);
      const statuses = new Map<string, string>();
      for (const feature of features) {
        if (linkedResources(feature, "detectorId", [detector]).length === 0) {
          continue;
        }
        // Read through the policy SDK's proxy: a value unknown during a preview stops the policy with its "can't run
        // during preview" note, and it is judged at `pulumi up`.
        const name = String(feature.props["name"]);
        const status = feature.props["status"];
        statuses.set(name, String(status));
        if (status === "ENABLED") {
          enabled.add(name);
        }
      }
      const region = regionOf(detector);
      const unavailable = new Set(region === undefined ? [] : (config.unavailableInRegion[region] ?? []));
      const missing = config.requiredPlans.filter(
        (plan) =>
          !unavailable.has(plan) && !(PROTECTION_PLANS[plan] ?? [plan]).some((name) => enabled.has(name)),
      );
      if (missing.length > 0) {
        const detail = missing
          .map((plan) => (statuses.has(plan) ? `${plan} (status ${statuses.get(plan)})` : plan))
          .join(", ");
        report(
          `this detector does not run ${detail}; add an aws.guardduty.DetectorFeature with detectorId set to its id, ` +
            `name set to each and status "ENABLED" (Runtime Monitoring as RUNTIME_MONITORING with the ` +
            `EKS_ADDON_MANAGEMENT additional configuration).`,
          detector.urn,
        );
      }
    }
  },
};

/** AWS Foundational Security Best Practices, in any region and partition. */
const FSBP_ARN =
  /^arn:[^:]+:securityhub:[^:]*::standards\/aws-foundational-security-best-practices\/v\/1\.0\.0$/;

export const securityhubStandardSubscribed: StackValidationPolicy = {
  name: "securityhub-standard-subscribed",
  description:
    "A Security Hub account in the stack subscribes AWS Foundational Security Best Practices (an " +
    "aws.securityhub.StandardsSubscription), so the controls are checked at all.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const subscriptions = resourcesOfType(args, SECURITYHUB_STANDARDS_SUBSCRIPTION);
    // Read through the policy SDK's proxy: an ARN unknown during a preview stops the policy with its "can't run during
    // preview" note, and it is judged at `pulumi up`.
    const fsbp = subscriptions.some((s) => {
      const arn = s.props["standardsArn"];
      return typeof arn === "string" && FSBP_ARN.test(arn);
    });
    for (const account of resourcesOfType(args, SECURITYHUB_ACCOUNT)) {
      // Left to its default, EnableSecurityHub subscribes the default standards, FSBP among them.
      if (fsbp || account.props["enableDefaultStandards"] !== false) {
        continue;
      }
      report(
        "this Security Hub account subscribes no AWS Foundational Security Best Practices; add an " +
          "aws.securityhub.StandardsSubscription with standardsArn " +
          "arn:<partition>:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0 " +
          "(dependsOn the account).",
        account.urn,
      );
    }
  },
};
