/**
 * Pure planning for `ThreatDetection`: the arguments with their defaults and rules, the GuardDuty features a region
 * gets, the EventBridge pattern and message of the findings routed to the alarm topic, and the Security Hub standards'
 * ARNs. No `@pulumi/*` import, so the config section checks `platform:security` with exactly these rules and tests
 * read the exact inputs without mocks.
 */
import type { Problem } from "../common/validation";

/** The GuardDuty protections this platform switches, by argument key, with the feature name the API takes. */
export const GUARDDUTY_FEATURES = {
  /** EKS Protection: the clusters' audit logs (GuardDuty reads them itself; the cluster's own logging is separate). */
  eksAuditLogs: "EKS_AUDIT_LOGS",
  /**
   * Runtime Monitoring (the successor of `EKS_RUNTIME_MONITORING`, which covers EKS and more): GuardDuty manages the
   * security agent as an EKS add-on. Only one of the two can be added (GuardDuty API reference,
   * DetectorFeatureConfiguration: "Specifying both ... will cause an error").
   */
  runtimeMonitoring: "RUNTIME_MONITORING",
  /** RDS Protection: login activity of the Aurora clusters. */
  rdsLoginEvents: "RDS_LOGIN_EVENTS",
  /** S3 Protection: data events of the account's buckets. */
  s3DataEvents: "S3_DATA_EVENTS",
  /** Malware Protection for EC2: scans the EBS volumes of an instance or container a finding points at. */
  ebsMalwareProtection: "EBS_MALWARE_PROTECTION",
} as const;

export type GuardDutyFeatureKey = keyof typeof GUARDDUTY_FEATURES;
export type GuardDutyFeatureName = (typeof GUARDDUTY_FEATURES)[GuardDutyFeatureKey];
export const GUARDDUTY_FEATURE_KEYS = Object.keys(GUARDDUTY_FEATURES) as GuardDutyFeatureKey[];

/**
 * Features GuardDuty does not offer in a region: "RDS Protection is not supported in Asia Pacific (Taipei)
 * (ap-east-2) Region" (GuardDuty user guide, "Amazon GuardDuty Regions and endpoints", region-specific feature
 * availability). No feature resource is created for them; enabling one there is an error.
 */
export const GUARDDUTY_UNAVAILABLE_FEATURES: Readonly<Record<string, readonly GuardDutyFeatureKey[]>> = {
  "ap-east-2": ["rdsLoginEvents"],
};

/** `findingPublishingFrequency`'s values for standalone and administrator accounts (the provider's docs). */
export const FINDING_PUBLISHING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingPublishingFrequency = (typeof FINDING_PUBLISHING_FREQUENCIES)[number];

/**
 * GuardDuty severities run from 1.0 to 10.0: low 1.0–3.9, medium 4.0–6.9, high 7.0–8.9, critical 9.0–10.0 (GuardDuty
 * user guide, "Severity levels of GuardDuty findings"). The routing threshold must be one of them.
 */
export const MIN_SEVERITY = 1;
export const MAX_SEVERITY = 10;

/**
 * Security Hub standards subscribed per region (`arn:<partition>:securityhub:<region>::standards/<id>`, the
 * provider's table of StandardsSubscription ARNs). The CIS 1.2.0 ruleset has another shape and is left out.
 */
export const SECURITY_HUB_STANDARDS = [
  "aws-foundational-security-best-practices/v/1.0.0",
  "cis-aws-foundations-benchmark/v/1.4.0",
  "cis-aws-foundations-benchmark/v/3.0.0",
  "nist-800-53/v/5.0.0",
  "pci-dss/v/4.0.1",
  "aws-resource-tagging-standard/v/1.0.0",
] as const;
export const FSBP_STANDARD = SECURITY_HUB_STANDARDS[0];

/** EventBridge: a rule name is 1 to 64 characters of letters, digits, `.`, `-` and `_` (PutRule's Name pattern). */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export interface GuardDutyArgs {
  /**
   * Creates the region's detector. Turn it off where the organization's landing zone runs GuardDuty (a delegated
   * administrator enables members' detectors; creating a second detector in a region fails). @default true
   */
  readonly enabled?: boolean;
  /** How often updates of existing findings are published (new findings are published at once). @default "FIFTEEN_MINUTES" */
  readonly findingPublishingFrequency?: FindingPublishingFrequency | (string & {});
  /** Each protection on or off; off writes the feature `DISABLED` (removing the resource would leave it as it was). */
  readonly features?: Partial<Record<GuardDutyFeatureKey, boolean>>;
  /** Findings of at least this severity (1–10) notify the alarm topic. @default 7 (high and critical) */
  readonly findingSeverityThreshold?: number;
}

export interface SecurityHubArgs {
  /** Enables Security Hub in the region. Turn it off where the landing zone's administrator manages it. @default true */
  readonly enabled?: boolean;
  /** Standards subscribed, as `<name>/v/<version>`. @default ["aws-foundational-security-best-practices/v/1.0.0"] */
  readonly standards?: readonly string[];
  /** New controls of subscribed standards are enabled as AWS adds them. @default true */
  readonly autoEnableControls?: boolean;
  /**
   * Makes this region the account's home region of cross-region aggregation (`ALL_REGIONS`): one per account.
   * @default false
   */
  readonly aggregateFindings?: boolean;
}

export interface AccountDefaultsArgs {
  /** New EBS volumes in the region are encrypted whatever their creator asks (the AWS managed key `aws/ebs`). @default true */
  readonly ebsEncryptionByDefault?: boolean;
  /** The account's S3 public access block, all four settings: once per account. @default false */
  readonly s3AccountPublicAccessBlock?: boolean;
}

/** The Pulumi-free arguments (the component adds the topic ARN, an Output). */
export interface ThreatDetectionPlanArgs {
  /** The region the provider is for (feature availability, the standards' ARNs). Plain. */
  readonly region: string;
  /** Name of the EventBridge rule routing findings (the alarm topic's policy admits exactly this rule). */
  readonly findingsRuleName: string;
  readonly guardDuty?: GuardDutyArgs;
  readonly securityHub?: SecurityHubArgs;
  readonly accountDefaults?: AccountDefaultsArgs;
  /** Where responders find what to do, quoted in every finding message. @default "docs/runbooks/guardduty-finding.md" */
  readonly runbook?: string;
  /** Protects the detector and the Security Hub account (their findings go with them). @default false */
  readonly protect?: boolean;
  /** Extra tags on the detector and the rule. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedThreatDetectionPlanArgs {
  readonly region: string;
  readonly findingsRuleName: string;
  readonly guardDuty: {
    readonly enabled: boolean;
    readonly findingPublishingFrequency: string;
    readonly features: Readonly<Record<GuardDutyFeatureKey, boolean>>;
    readonly findingSeverityThreshold: number;
  };
  readonly securityHub: {
    readonly enabled: boolean;
    readonly standards: readonly string[];
    readonly autoEnableControls: boolean;
    readonly aggregateFindings: boolean;
  };
  readonly accountDefaults: {
    readonly ebsEncryptionByDefault: boolean;
    readonly s3AccountPublicAccessBlock: boolean;
  };
  readonly runbook: string;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Every feature on, except where the region does not offer it. */
export function defaultFeatures(region: string): Record<GuardDutyFeatureKey, boolean> {
  const unavailable = GUARDDUTY_UNAVAILABLE_FEATURES[region] ?? [];
  return Object.fromEntries(GUARDDUTY_FEATURE_KEYS.map((key) => [key, !unavailable.includes(key)])) as Record<
    GuardDutyFeatureKey,
    boolean
  >;
}

/** The defaults, in one place. */
export const threatDetectionDefaults = {
  guardDuty: { enabled: true, findingPublishingFrequency: "FIFTEEN_MINUTES", findingSeverityThreshold: 7 },
  securityHub: {
    enabled: true,
    standards: [FSBP_STANDARD],
    autoEnableControls: true,
    aggregateFindings: false,
  },
  accountDefaults: { ebsEncryptionByDefault: true, s3AccountPublicAccessBlock: false },
  runbook: "docs/runbooks/guardduty-finding.md",
  protect: false,
  tags: {},
} as const;

/** Applies the defaults (`??`: an explicit 0, "" or false is kept and validated, never replaced). */
export function withDefaults<A extends ThreatDetectionPlanArgs>(
  args: A,
): A & ResolvedThreatDetectionPlanArgs {
  const d = threatDetectionDefaults;
  return {
    ...args,
    guardDuty: {
      enabled: args.guardDuty?.enabled ?? d.guardDuty.enabled,
      findingPublishingFrequency:
        args.guardDuty?.findingPublishingFrequency ?? d.guardDuty.findingPublishingFrequency,
      features: { ...defaultFeatures(args.region), ...args.guardDuty?.features },
      findingSeverityThreshold:
        args.guardDuty?.findingSeverityThreshold ?? d.guardDuty.findingSeverityThreshold,
    },
    securityHub: {
      enabled: args.securityHub?.enabled ?? d.securityHub.enabled,
      standards: args.securityHub?.standards ?? d.securityHub.standards,
      autoEnableControls: args.securityHub?.autoEnableControls ?? d.securityHub.autoEnableControls,
      aggregateFindings: args.securityHub?.aggregateFindings ?? d.securityHub.aggregateFindings,
    },
    accountDefaults: {
      ebsEncryptionByDefault:
        args.accountDefaults?.ebsEncryptionByDefault ?? d.accountDefaults.ebsEncryptionByDefault,
      s3AccountPublicAccessBlock:
        args.accountDefaults?.s3AccountPublicAccessBlock ?? d.accountDefaults.s3AccountPublicAccessBlock,
    },
    runbook: args.runbook ?? d.runbook,
    protect: args.protect ?? d.protect,
    tags: args.tags ?? d.tags,
  };
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds its provider's
 * problem; empty when the component can be built.
 */
export function threatDetectionArgsProblems(args: ResolvedThreatDetectionPlanArgs): Problem[] {
  const problems: Problem[] = [];
  const guardDuty = args.guardDuty;
  if (guardDuty.enabled) {
    if (!RULE_NAME.test(args.findingsRuleName)) {
      problems.push({
        path: "findingsRuleName",
        message: `${JSON.stringify(args.findingsRuleName)} cannot name an EventBridge rule; use 1 to 64 letters, digits, ., - or _ (e.g. platform-prod-guardduty-findings)`,
      });
    }
    if (
      !(FINDING_PUBLISHING_FREQUENCIES as readonly string[]).includes(guardDuty.findingPublishingFrequency)
    ) {
      problems.push({
        path: "guardDuty.findingPublishingFrequency",
        message: `${JSON.stringify(guardDuty.findingPublishingFrequency)} is not a publishing frequency; use one of ${FINDING_PUBLISHING_FREQUENCIES.join(", ")}`,
      });
    }
    const threshold = guardDuty.findingSeverityThreshold;
    if (!Number.isFinite(threshold) || threshold < MIN_SEVERITY || threshold > MAX_SEVERITY) {
      problems.push({
        path: "guardDuty.findingSeverityThreshold",
        message: `${threshold} is not a GuardDuty severity; use ${MIN_SEVERITY} to ${MAX_SEVERITY} (7 routes high and critical findings, 4 also medium ones)`,
      });
    }
  }
  for (const key of Object.keys(guardDuty.features)) {
    if (!(GUARDDUTY_FEATURE_KEYS as string[]).includes(key)) {
      problems.push({
        path: `guardDuty.features.${key}`,
        message: `is not a protection this component switches; use one of ${GUARDDUTY_FEATURE_KEYS.join(", ")}`,
      });
    }
  }
  for (const key of GUARDDUTY_UNAVAILABLE_FEATURES[args.region] ?? []) {
    if (guardDuty.enabled && guardDuty.features[key]) {
      problems.push({
        path: `guardDuty.features.${key}`,
        message: `GuardDuty does not offer ${GUARDDUTY_FEATURES[key]} in ${args.region}; set it to false there`,
      });
    }
  }
  const hub = args.securityHub;
  if (hub.enabled) {
    if (hub.standards.length === 0) {
      problems.push({
        path: "securityHub.standards",
        message: `is empty, so Security Hub would check nothing; subscribe at least ${FSBP_STANDARD}`,
      });
    }
    const seen = new Set<string>();
    hub.standards.forEach((standard, index) => {
      if (!(SECURITY_HUB_STANDARDS as readonly string[]).includes(standard)) {
        problems.push({
          path: `securityHub.standards[${index}]`,
          message: `${JSON.stringify(standard)} is not a regional Security Hub standard; use one of ${SECURITY_HUB_STANDARDS.join(", ")}`,
        });
      } else if (seen.has(standard)) {
        problems.push({
          path: `securityHub.standards[${index}]`,
          message: `${standard} is listed twice; list each standard once`,
        });
      }
      seen.add(standard);
    });
  } else if (hub.aggregateFindings) {
    problems.push({
      path: "securityHub.aggregateFindings",
      message:
        "needs Security Hub in this region (the home region of aggregation); set securityHub.enabled to true or aggregateFindings to false",
    });
  }
  if (args.runbook.trim() === "") {
    problems.push({
      path: "runbook",
      message: "is empty; name where responders read what to do (e.g. docs/runbooks/guardduty-finding.md)",
    });
  }
  return problems;
}

/** One `aws.guardduty.DetectorFeature`'s inputs (without the detector id). */
export interface PlannedFeature {
  readonly key: GuardDutyFeatureKey;
  readonly name: GuardDutyFeatureName;
  readonly status: "ENABLED" | "DISABLED";
  readonly additionalConfigurations?: readonly {
    readonly name: string;
    readonly status: "ENABLED" | "DISABLED";
  }[];
}

/**
 * The detector's features, in `GUARDDUTY_FEATURES` order: every one the region offers, `ENABLED` or `DISABLED` as
 * switched (a `DetectorFeature` removed from the program is only removed from state, the feature stays as it was:
 * the provider's docs). Runtime Monitoring lets GuardDuty manage its agent as an EKS add-on (`EKS_ADDON_MANAGEMENT`);
 * there are no Fargate tasks or EC2 instances outside EKS here, so the other two agents stay unmanaged.
 */
export function planFeatures(
  region: string,
  features: Readonly<Record<GuardDutyFeatureKey, boolean>>,
): PlannedFeature[] {
  const unavailable = GUARDDUTY_UNAVAILABLE_FEATURES[region] ?? [];
  return GUARDDUTY_FEATURE_KEYS.filter((key) => !unavailable.includes(key)).map((key) => {
    const status = features[key] ? "ENABLED" : "DISABLED";
    return {
      key,
      name: GUARDDUTY_FEATURES[key],
      status,
      ...(key === "runtimeMonitoring"
        ? {
            additionalConfigurations: [
              { name: "EKS_ADDON_MANAGEMENT", status },
              { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
              { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
            ],
          }
        : {}),
    } as const;
  });
}

/**
 * The EventBridge pattern of GuardDuty findings of at least `threshold` severity (GuardDuty publishes each finding to
 * the default bus as source `aws.guardduty`, detail type `GuardDuty Finding`, with `detail.severity` a number).
 */
export function findingsEventPattern(threshold: number): {
  source: string[];
  "detail-type": string[];
  detail: { severity: [{ numeric: [">=", number] }] };
} {
  return {
    source: ["aws.guardduty"],
    "detail-type": ["GuardDuty Finding"],
    detail: { severity: [{ numeric: [">=", threshold] }] },
  };
}

/** The input transformer's paths: what a responder needs first, taken from the finding. */
export const FINDING_INPUT_PATHS = {
  severity: "$.detail.severity",
  type: "$.detail.type",
  title: "$.detail.title",
  account: "$.detail.accountId",
  region: "$.detail.region",
  id: "$.detail.id",
  resourceType: "$.detail.resource.resourceType",
} as const;

/**
 * The message the alarm topic sends: one readable line with the severity, type, title, resource type, a console link
 * to the finding and the runbook (a quoted string template: EventBridge sends it as text).
 */
export function findingInputTemplate(runbook: string): string {
  const text =
    "GuardDuty finding, severity <severity>, in account <account> <region>: <type>. <title> " +
    "(resource type <resourceType>). Finding: https://<region>.console.aws.amazon.com/guardduty/home?region=<region>#/findings?fId=<id> " +
    `Runbook: ${runbook}`;
  return JSON.stringify(text);
}

/** The ARN of a regional Security Hub standard (`standards/<id>`). */
export function standardsArn(partition: string, region: string, standard: string): string {
  return `arn:${partition}:securityhub:${region}::standards/${standard}`;
}

/** The key of a standard's subscription resource (`aws-foundational-security-best-practices`). */
export function standardKey(standard: string): string {
  const [name, , version] = standard.split("/");
  return name === "cis-aws-foundations-benchmark" || name === "pci-dss"
    ? `${name}-${(version ?? "").replace(/\./g, "-")}`
    : name!;
}
