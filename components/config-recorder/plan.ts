/**
 * Pure planning for `ConfigRecorder`: the arguments with their defaults and rules, the recording group (every
 * supported type, the globally recorded types in one Region only), the delivery channel's snapshot frequency, and the
 * ARN of AWS Config's service-linked role the recorder records through. No `@pulumi/*` import: every rule is tested
 * without mocks.
 */
import type { Problem } from "../common/validation";

/** The key prefix of Config's objects in the archive bucket (Config appends `AWSLogs/<account>/Config/…`). */
export const CONFIG_KEY_PREFIX = "config";

/**
 * How often Config delivers a configuration snapshot (`ConfigSnapshotDeliveryProperties.deliveryFrequency`, AWS Config
 * API reference).
 */
export const SNAPSHOT_FREQUENCIES = [
  "One_Hour",
  "Three_Hours",
  "Six_Hours",
  "Twelve_Hours",
  "TwentyFour_Hours",
] as const;
export type SnapshotFrequency = (typeof SNAPSHOT_FREQUENCIES)[number];

/** How Config records changes (`RecordingMode.recordingFrequency`). */
export const RECORDING_FREQUENCIES = ["CONTINUOUS", "DAILY"] as const;
export type RecordingFrequency = (typeof RECORDING_FREQUENCIES)[number];

/**
 * The resource types AWS Config records in every Region where a recorder records all supported types, although they
 * are global: the IAM types (users, groups, roles, customer managed policies), which `includeGlobalResourceTypes`
 * governs, and Aurora global clusters, which it does not ("Aurora global clusters are recorded in all enabled
 * Regions … use the EXCLUSION_BY_RESOURCE_TYPES recording strategy", AWS Config API reference, `RecordingGroup`).
 * Recording them in every Region bills one configuration item per Region for the same change.
 */
export const GLOBALLY_RECORDED_TYPES: readonly string[] = [
  "AWS::IAM::Group",
  "AWS::IAM::Policy",
  "AWS::IAM::Role",
  "AWS::IAM::User",
  "AWS::RDS::GlobalCluster",
];

/** The service principal of AWS Config, the service its service-linked role is linked to. */
export const CONFIG_SERVICE_PRINCIPAL = "config.amazonaws.com";
/** The name IAM gives AWS Config's service-linked role (one per account). */
export const CONFIG_SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForConfig";

/**
 * The ARN of AWS Config's service-linked role in `accountId`: IAM puts a service-linked role under the path
 * `/aws-service-role/<service principal>/` (e.g. the provider's `ServiceLinkedRole` import example,
 * `arn:aws:iam::123456789012:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`).
 * Security Hub's Config.1 fails a recorder that records through any other role (its `includeConfigServiceLinkedRoleCheck`
 * parameter, true by default: Security Hub user guide, "Security Hub controls for AWS Config").
 */
export function configServiceLinkedRoleArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/${CONFIG_SERVICE_PRINCIPAL}/${CONFIG_SERVICE_LINKED_ROLE_NAME}`;
}

/** The Pulumi-free arguments (the component adds the bucket and the key, Outputs). */
export interface ConfigRecorderPlanArgs {
  /**
   * Names the recorder and its delivery channel. One recorder per Region per account: AWS Config takes no second one.
   */
  readonly recorderName: string;
  /**
   * Whether this component creates the account's AWS Config service-linked role (`AWSServiceRoleForConfig`), which the
   * recorder records through. IAM is global and the role is one per account: exactly one recorder of the account
   * creates it (the stacks: the primary's), the others, and every account where it already exists (AWS Config or
   * Control Tower used before), refer to it by its ARN and need it to exist when they are created. @default false
   */
  readonly createServiceLinkedRole?: boolean;
  /**
   * Whether this Region records the globally recorded types (IAM, Aurora global clusters): exactly one Region of the
   * account should (the stacks: the primary). @default false
   */
  readonly recordGlobalResources?: boolean;
  /** How often a configuration snapshot is delivered to the bucket. @default "TwentyFour_Hours" */
  readonly snapshotFrequency?: SnapshotFrequency;
  /**
   * `CONTINUOUS` records every change as it happens (what detective controls need); `DAILY` one item per resource per
   * day at most, cheaper where the account churns (e.g. dev). @default "CONTINUOUS"
   */
  readonly recordingFrequency?: RecordingFrequency;
  /** Key prefix of the delivered objects; the bucket's policy must admit Config under it. @default "config" */
  readonly s3KeyPrefix?: string;
  /** Extra tags on the service-linked role, where this component creates it. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedConfigRecorderPlanArgs {
  readonly recorderName: string;
  readonly createServiceLinkedRole: boolean;
  readonly recordGlobalResources: boolean;
  readonly snapshotFrequency: SnapshotFrequency;
  readonly recordingFrequency: RecordingFrequency;
  readonly s3KeyPrefix: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const configRecorderDefaults = {
  createServiceLinkedRole: false,
  recordGlobalResources: false,
  snapshotFrequency: "TwentyFour_Hours",
  recordingFrequency: "CONTINUOUS",
  s3KeyPrefix: CONFIG_KEY_PREFIX,
  tags: {},
} as const satisfies Partial<ResolvedConfigRecorderPlanArgs>;

/** Applies the defaults (`??`: an explicit "" or false is kept and validated, never replaced). */
export function withDefaults<A extends ConfigRecorderPlanArgs>(args: A): A & ResolvedConfigRecorderPlanArgs {
  const d = configRecorderDefaults;
  return {
    ...args,
    createServiceLinkedRole: args.createServiceLinkedRole ?? d.createServiceLinkedRole,
    recordGlobalResources: args.recordGlobalResources ?? d.recordGlobalResources,
    snapshotFrequency: args.snapshotFrequency ?? d.snapshotFrequency,
    recordingFrequency: args.recordingFrequency ?? d.recordingFrequency,
    s3KeyPrefix: args.s3KeyPrefix ?? d.s3KeyPrefix,
    tags: args.tags ?? d.tags,
  };
}

/** Every problem of the (defaulted) arguments, with paths relative to them. */
export function configRecorderArgsProblems(args: ResolvedConfigRecorderPlanArgs): Problem[] {
  const problems: Problem[] = [];
  // A recorder's and a delivery channel's name is 1 to 256 characters (AWS Config API reference,
  // `ConfigurationRecorder` and `DeliveryChannel`); lowercase like every physical name here.
  if (!/^[a-z0-9][a-z0-9-]{0,255}$/.test(args.recorderName)) {
    problems.push({
      path: "recorderName",
      message: `${JSON.stringify(args.recorderName)} cannot name a recorder; use 1 to 256 lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)`,
    });
  }
  if (!(SNAPSHOT_FREQUENCIES as readonly string[]).includes(args.snapshotFrequency)) {
    problems.push({
      path: "snapshotFrequency",
      message: `${JSON.stringify(args.snapshotFrequency)} is not a snapshot frequency; use one of ${SNAPSHOT_FREQUENCIES.join(", ")}`,
    });
  }
  if (!(RECORDING_FREQUENCIES as readonly string[]).includes(args.recordingFrequency)) {
    problems.push({
      path: "recordingFrequency",
      message: `${JSON.stringify(args.recordingFrequency)} is not a recording frequency; use CONTINUOUS or DAILY`,
    });
  }
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(args.s3KeyPrefix) || args.s3KeyPrefix.endsWith("/")) {
    problems.push({
      path: "s3KeyPrefix",
      message: `${JSON.stringify(args.s3KeyPrefix)} is not a key prefix Config takes here; use lowercase letters, digits, -, _ and / without a leading or trailing / (e.g. config)`,
    });
  }
  return problems;
}

/** The recorder's `recordingGroup`, as `aws.cfg.Recorder` takes it. */
export interface PlannedRecordingGroup {
  readonly allSupported: boolean;
  readonly includeGlobalResourceTypes?: boolean;
  readonly exclusionByResourceTypes?: { readonly resourceTypes: string[] }[];
  readonly recordingStrategies: { readonly useOnly: string }[];
}

/**
 * Every supported type, current and future. In the Region that records the global types: `ALL_SUPPORTED_RESOURCE_TYPES`
 * with `includeGlobalResourceTypes`. Elsewhere: `EXCLUSION_BY_RESOURCE_TYPES` of exactly the globally recorded types
 * (which requires `allSupported = false`, the provider's `RecordingGroup` docs) — still every other type, including
 * types AWS adds later.
 */
export function recordingGroup(recordGlobalResources: boolean): PlannedRecordingGroup {
  if (recordGlobalResources) {
    return {
      allSupported: true,
      includeGlobalResourceTypes: true,
      recordingStrategies: [{ useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" }],
    };
  }
  return {
    allSupported: false,
    exclusionByResourceTypes: [{ resourceTypes: [...GLOBALLY_RECORDED_TYPES] }],
    recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
  };
}
