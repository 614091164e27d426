/**
 * `platform:security`: the region's threat detection and account security defaults (`ThreatDetection`, ADR 0030):
 * GuardDuty with its protections and the severity routed to the alarm topic, Security Hub with its standards, EBS
 * encryption by default and the account's S3 public access block. Absent means every default: each service on, the
 * account-wide parts in the primary. Each service turns off where an organization's landing zone already provides it.
 * The rules are the component's own (`threatDetectionArgsProblems`), so config and component report the same problems.
 */
import { z } from "zod";
import {
  FINDING_PUBLISHING_FREQUENCIES,
  GUARDDUTY_FEATURE_KEYS,
  GuardDutyArgs,
  GuardDutyFeatureKey,
  MAX_SEVERITY,
  MIN_SEVERITY,
  ResolvedThreatDetectionPlanArgs,
  threatDetectionArgsProblems,
  withDefaults,
} from "../../components/threat-detection/plan";
import { Problem, prefixProblems } from "../../components/common/validation";
import {
  Role,
  SectionContext,
  Section,
  list,
  messages,
  numeric,
  strict,
  structuredSection,
  text,
} from "./section";

export const SECURITY_KEY = "platform:security";

export interface SecurityConfig {
  readonly guardDuty: ResolvedThreatDetectionPlanArgs["guardDuty"];
  readonly securityHub: ResolvedThreatDetectionPlanArgs["securityHub"];
  readonly accountDefaults: ResolvedThreatDetectionPlanArgs["accountDefaults"];
}

const bool = (what: string) => z.boolean(messages("a boolean", what, "true")).optional();

const SecuritySchema = strict(
  {
    guardDuty: strict(
      {
        enabled: bool("whether this stack creates the region's GuardDuty detector"),
        findingPublishingFrequency: text(
          `how often finding updates are published (${FINDING_PUBLISHING_FREQUENCIES.join(", ")})`,
          "FIFTEEN_MINUTES",
        ).optional(),
        findingSeverityThreshold: numeric(
          `the least severity (${MIN_SEVERITY} to ${MAX_SEVERITY}) of a finding that notifies the alarm topic`,
          "7",
        ).optional(),
        features: strict(
          Object.fromEntries(
            GUARDDUTY_FEATURE_KEYS.map((key) => [key, bool(`whether the ${key} protection is enabled`)]),
          ) as Record<GuardDutyFeatureKey, ReturnType<typeof bool>>,
          "the GuardDuty protections, each on or off",
          "{runtimeMonitoring: true}",
        ).optional(),
      },
      "the region's GuardDuty",
      "{enabled: true}",
    ).optional(),
    securityHub: strict(
      {
        enabled: bool("whether this stack enables Security Hub in the region"),
        standards: list(
          text("a standard as <name>/v/<version>", "aws-foundational-security-best-practices/v/1.0.0"),
          "the Security Hub standards subscribed",
          "[aws-foundational-security-best-practices/v/1.0.0]",
        ).optional(),
        autoEnableControls: bool("whether new controls of the standards are enabled as AWS adds them"),
        aggregateFindings: bool("whether this region aggregates the account's Security Hub findings"),
      },
      "the region's Security Hub",
      "{enabled: true}",
    ).optional(),
    accountDefaults: strict(
      {
        ebsEncryptionByDefault: bool("whether new EBS volumes in the region are encrypted by default"),
        s3AccountPublicAccessBlock: bool("whether this stack sets the account's S3 public access block"),
      },
      "the account security defaults",
      "{ebsEncryptionByDefault: true}",
    ).optional(),
  },
  "the threat detection and account security defaults",
  "{guardDuty: {enabled: true}}",
);

type Raw = z.output<typeof SecuritySchema>;

/**
 * The component's arguments config decides, with the defaults by context: every protection the region offers, the
 * account-wide parts (the S3 public access block, Security Hub's aggregation) in the primary.
 */
function resolved(
  data: Partial<Raw>,
  region: string,
  role: Role | undefined,
): ResolvedThreatDetectionPlanArgs {
  const primary = role === "primary";
  return withDefaults({
    region,
    // The stack's name is valid there; config decides nothing of it.
    findingsRuleName: "platform-guardduty-findings",
    guardDuty: data.guardDuty as GuardDutyArgs | undefined,
    securityHub: {
      ...data.securityHub,
      // The home region of aggregation needs Security Hub in it.
      aggregateFindings:
        data.securityHub?.aggregateFindings ?? (primary && data.securityHub?.enabled !== false),
    },
    accountDefaults: {
      ...data.accountDefaults,
      s3AccountPublicAccessBlock: data.accountDefaults?.s3AccountPublicAccessBlock ?? primary,
    },
  });
}

/** The account-wide parts belong to the account's primary stack: a secondary setting one would fight over it. */
function secondaryProblems(args: ResolvedThreatDetectionPlanArgs, role: Role | undefined): Problem[] {
  if (role !== "secondary") {
    return [];
  }
  const problems: Problem[] = [];
  if (args.accountDefaults.s3AccountPublicAccessBlock) {
    problems.push({
      path: "accountDefaults.s3AccountPublicAccessBlock",
      message:
        "is the account's setting, which the primary stack owns; remove it here (a secondary setting it too would remove it when destroyed)",
    });
  }
  if (args.securityHub.aggregateFindings) {
    problems.push({
      path: "securityHub.aggregateFindings",
      message:
        "makes this region the account's home of aggregation, which the primary stack owns; remove it here",
    });
  }
  return problems;
}

/**
 * Validates `platform:security` (absent: every default): shapes with our messages, then the component's rules and
 * the primary's ownership of the account-wide parts, on the fields whose shapes are valid.
 */
export const checkSecurity: Section<SecurityConfig> = structuredSection({
  key: SECURITY_KEY,
  schema: SecuritySchema,
  whenAbsent: "defaults",
  rules: (_value, context: SectionContext, fields) => {
    if (context.region === undefined) {
      return [];
    }
    const args = resolved(
      {
        guardDuty: fields.get("guardDuty"),
        securityHub: fields.get("securityHub"),
        accountDefaults: fields.get("accountDefaults"),
      },
      context.region,
      context.role,
    );
    return prefixProblems(
      SECURITY_KEY,
      fields.onValid([...threatDetectionArgsProblems(args), ...secondaryProblems(args, context.role)]),
    );
  },
  build: (data, context) => {
    const args = resolved(data, context.region ?? "", context.role);
    return {
      guardDuty: args.guardDuty,
      securityHub: args.securityHub,
      accountDefaults: args.accountDefaults,
    };
  },
});
