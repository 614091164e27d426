/**
 * `platform:audit`: the account-level audit services the stack owns (ADR 0031): the account's multi-Region CloudTrail
 * trail with its CIS alarms (`AuditTrail`, in the primary only) and the Region's AWS Config recorder
 * (`ConfigRecorder`). Optional: absent means neither. Each part can be turned off (`enabled: false`) where the
 * organization's landing zone already provides it: an organization trail (Control Tower's, or one of the management
 * account) or Control Tower's Config recorder (AWS Config takes one recorder per Region per account). Recorders record
 * through the account's AWS Config service-linked role, which `config.createServiceLinkedRole` creates (by default in
 * the primary; false where the role already exists, or import it). The rules are the components' own, so config and
 * components report the same problems.
 */
import { z } from "zod";
import {
  ResolvedAuditTrailPlanArgs,
  auditTrailArgsProblems,
  auditTrailDefaults,
} from "../../components/audit-trail/plan";
import { prefixProblems, type Problem } from "../../components/common/validation";
import {
  RECORDING_FREQUENCIES,
  RecordingFrequency,
  ResolvedConfigRecorderPlanArgs,
  SNAPSHOT_FREQUENCIES,
  SnapshotFrequency,
  configRecorderArgsProblems,
  configRecorderDefaults,
} from "../../components/config-recorder/plan";
import { Section, SectionContext, messages, numeric, strict, structuredSection, text } from "./section";

export const AUDIT_KEY = "platform:audit";

export interface AuditTrailConfig {
  /** Whether this stack creates the account's trail (primary only). @default true */
  enabled: boolean;
  /** Days the trail's CloudWatch Logs copy is kept. @default 365 */
  logRetentionDays: number;
}

export interface AuditConfigRecorderConfig {
  /** Whether this stack creates the Region's AWS Config recorder. @default true */
  enabled: boolean;
  /**
   * Whether this stack creates the account's AWS Config service-linked role (`AWSServiceRoleForConfig`), which every
   * recorder of the account records through (Security Hub's Config.1). @default true in a primary, false in a
   * secondary (the primary deploys first and creates it)
   */
  createServiceLinkedRole: boolean;
  /** @default "TwentyFour_Hours" */
  snapshotFrequency: SnapshotFrequency;
  /** @default "CONTINUOUS" */
  recordingFrequency: RecordingFrequency;
}

export interface AuditConfig {
  /** The account's trail, in the one stack that owns it. Absent: no trail here. */
  trail?: AuditTrailConfig;
  /** The Region's Config recorder. Absent: no recorder here. */
  config?: AuditConfigRecorderConfig;
}

/** The section's defaults: the components'. */
export const AUDIT_DEFAULTS = {
  trail: { enabled: true, logRetentionDays: auditTrailDefaults.logRetentionDays },
  config: {
    enabled: true,
    snapshotFrequency: configRecorderDefaults.snapshotFrequency,
    recordingFrequency: configRecorderDefaults.recordingFrequency,
  },
} as const;

const enabled = (what: string) =>
  z.boolean(messages("a boolean", `whether this stack creates ${what}`, "true")).default(true);

/** The default of `config.createServiceLinkedRole`: the primary creates the account's role, a secondary uses it. */
export function createsServiceLinkedRoleByDefault(role: SectionContext["role"]): boolean {
  return role !== "secondary";
}

const AuditSchema = strict(
  {
    trail: strict(
      {
        enabled: enabled("the account's CloudTrail trail"),
        logRetentionDays: numeric("the days the trail's CloudWatch Logs copy is kept", "365").default(
          AUDIT_DEFAULTS.trail.logRetentionDays,
        ),
      },
      "the account's trail",
      "{enabled: true, logRetentionDays: 365}",
    ).optional(),
    config: strict(
      {
        enabled: enabled("the Region's AWS Config recorder"),
        createServiceLinkedRole: z
          .boolean(
            messages(
              "a boolean",
              "whether this stack creates the account's AWS Config service-linked role (AWSServiceRoleForConfig)",
              "false",
            ),
          )
          .optional(),
        snapshotFrequency: text(
          `one of ${SNAPSHOT_FREQUENCIES.join(", ")}`,
          AUDIT_DEFAULTS.config.snapshotFrequency,
        ).default(AUDIT_DEFAULTS.config.snapshotFrequency),
        recordingFrequency: text(
          `one of ${RECORDING_FREQUENCIES.join(", ")}`,
          AUDIT_DEFAULTS.config.recordingFrequency,
        ).default(AUDIT_DEFAULTS.config.recordingFrequency),
      },
      "the Region's AWS Config recorder",
      "{enabled: true}",
    ).optional(),
  },
  "the audit services",
  "{trail: {enabled: true}, config: {enabled: true}}",
);

/**
 * Validates `platform:audit` (absent: no audit services): shapes with our messages; a secondary may not enable the
 * trail (the primary's multi-Region trail already records its Region, and a second one bills every event again);
 * then the components' rules on the values config decides.
 */
export const checkAudit: Section<AuditConfig> = structuredSection({
  key: AUDIT_KEY,
  schema: AuditSchema,
  whenAbsent: "optional",
  rules: (_value, context, fields) => {
    const problems: Problem[] = [];
    const trail = fields.get("trail");
    if (trail !== undefined) {
      if (trail.enabled && context.role === "secondary") {
        problems.push({
          path: `${AUDIT_KEY}.trail.enabled`,
          message:
            "a secondary cannot own the account's trail: the primary's multi-Region trail already records this Region " +
            "(a second trail bills every event again); set it to false or remove trail",
        });
      }
      const input: ResolvedAuditTrailPlanArgs = {
        trailName: "platform",
        alarmPrefix: "platform",
        logRetentionDays: trail.logRetentionDays,
        s3KeyPrefix: auditTrailDefaults.s3KeyPrefix,
        protect: false,
        tags: {},
      };
      problems.push(...prefixProblems(`${AUDIT_KEY}.trail`, auditTrailArgsProblems(input)));
    }
    const config = fields.get("config");
    if (config !== undefined) {
      const input: ResolvedConfigRecorderPlanArgs = {
        recorderName: "platform",
        createServiceLinkedRole: false,
        recordGlobalResources: false,
        snapshotFrequency: config.snapshotFrequency as SnapshotFrequency,
        recordingFrequency: config.recordingFrequency as RecordingFrequency,
        s3KeyPrefix: configRecorderDefaults.s3KeyPrefix,
        tags: {},
      };
      problems.push(...prefixProblems(`${AUDIT_KEY}.config`, configRecorderArgsProblems(input)));
    }
    return problems;
  },
  build: (data, context) => ({
    ...(data.trail !== undefined
      ? { trail: { enabled: data.trail.enabled, logRetentionDays: data.trail.logRetentionDays } }
      : {}),
    ...(data.config !== undefined
      ? {
          config: {
            enabled: data.config.enabled,
            createServiceLinkedRole:
              data.config.createServiceLinkedRole ?? createsServiceLinkedRoleByDefault(context.role),
            snapshotFrequency: data.config.snapshotFrequency as SnapshotFrequency,
            recordingFrequency: data.config.recordingFrequency as RecordingFrequency,
          },
        }
      : {}),
  }),
});
