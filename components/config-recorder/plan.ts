/**
 * Pure planning for `ConfigRecorder`: the arguments with their defaults and rules, the recording group (every
 * supported type, the globally recorded types in one Region only), the delivery channel's snapshot frequency, and the
 * IAM documents of the recorder's role. No `@pulumi/*` import: every rule and grant is tested without mocks.
 */
import { ActionStatement, PolicyDocument, awsManagedPolicyArn, policyDocument } from "../common/iam";
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

/** The Pulumi-free arguments (the component adds the bucket and the key, Outputs). */
export interface ConfigRecorderPlanArgs {
  /**
   * Names the recorder, its delivery channel and role (`<name>`, `<name>-config`). One recorder per Region per
   * account: AWS Config takes no second one.
   */
  readonly recorderName: string;
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
  /** Extra tags on the role. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedConfigRecorderPlanArgs {
  readonly recorderName: string;
  readonly recordGlobalResources: boolean;
  readonly snapshotFrequency: SnapshotFrequency;
  readonly recordingFrequency: RecordingFrequency;
  readonly s3KeyPrefix: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const configRecorderDefaults = {
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
  // Role names are at most 64 characters and the role is `<name>-config`.
  if (!/^[a-z0-9][a-z0-9-]{0,56}$/.test(args.recorderName)) {
    problems.push({
      path: "recorderName",
      message: `${JSON.stringify(args.recorderName)} cannot name a recorder; use 1 to 57 lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)`,
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

/** The AWS managed policy that lets Config describe every supported resource (`service-role/AWS_ConfigRole`). */
export function configManagedPolicyArn(partition: string): string {
  return awsManagedPolicyArn(partition, "service-role/AWS_ConfigRole");
}

/** Trust policy of the recorder's role: AWS Config of this account only (the confused-deputy condition). */
export function configTrustPolicy(accountId: string): PolicyDocument<ActionStatement> {
  return policyDocument([
    {
      Sid: "ConfigOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "config.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** Where the role delivers: the bucket, its prefix and the key that encrypts the objects. */
export interface ConfigDeliveryTarget {
  readonly bucketArn: string;
  readonly keyPrefix: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
}

/**
 * What the role may do besides describing resources: check the bucket's ACL, put objects under
 * `<prefix>/AWSLogs/<account>/Config/` owned by the bucket owner, and get data keys of the bucket's key (AWS Config
 * developer guide, "Permissions for the IAM role assigned to AWS Config": S3 bucket and KMS key policies).
 */
export function configDeliveryPolicy(target: ConfigDeliveryTarget): PolicyDocument<ActionStatement> {
  return policyDocument([
    { Sid: "CheckArchiveAcl", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: target.bucketArn },
    {
      Sid: "DeliverToArchive",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: `${target.bucketArn}/${target.keyPrefix}/AWSLogs/${target.accountId}/Config/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
    {
      Sid: "EncryptDeliveries",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: target.kmsKeyArn,
    },
  ]);
}
