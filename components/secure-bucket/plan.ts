/**
 * Pure planning for `SecureBucket`: the arguments with their defaults and rules, the bucket policy (TLS only, plus the
 * caller's statements), the lifecycle rule, the Object Lock rule and the tags. No `@pulumi/*` import, so the config
 * section checks `platform:storage` with exactly these rules and tests read the exact inputs without mocks.
 *
 * Sources of the facts that constrain the code:
 * - Bucket names: 3 to 63 characters, lowercase letters, digits, `-` (and `.`, which we do not use: dotted names break
 *   virtual-hosted TLS), starting and ending with a letter or digit (Amazon S3 User Guide, "General purpose bucket
 *   naming rules"); a `bucketPrefix` is at most 37 characters (the provider adds a 26-character suffix).
 * - SSE-S3 for S3 server access logs: "S3 buckets with Object Lock can't be used as destination buckets for server
 *   access logs" and the destination's default encryption may only be SSE-S3 (Amazon S3 User Guide, "Object Lock
 *   considerations" and "Enabling Amazon S3 server access logging"; the S3 API reference's `LoggingEnabled` says the
 *   same of table buckets' log targets: "can't use SSE-KMS or DSSE-KMS default encryption, can't have S3 Object Lock
 *   enabled"). That is the one service-delivery constraint `sseS3Reason` exists for (with ALB access logs, which
 *   `RegionalEdge` writes to its own bucket).
 * - Lifecycle: an object must stay 30 days in S3 Standard before it may move to STANDARD_IA, and 30 days in
 *   STANDARD_IA before a later transition of the same rule; expiration must come after the last transition (Amazon
 *   S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle", constraints).
 * - Object Lock: default retention takes a mode (GOVERNANCE or COMPLIANCE) and a period in days; it can only be used
 *   on a versioned bucket and, once enabled, never disabled (S3 User Guide, "Object Lock considerations"). Every
 *   upload then needs a `Content-MD5` or checksum header ("Uploading objects to an Object Lock enabled bucket"), and
 *   AWS Config refuses a delivery channel to such a bucket (CloudFormation reference, AWS::Config::DeliveryChannel).
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

/** S3 bucket names: 3 to 63 characters. */
export const MIN_BUCKET_NAME_LENGTH = 3;
export const MAX_BUCKET_NAME_LENGTH = 63;
/** A `bucketPrefix` is at most 37 characters (S3's provider appends a 26-character unique suffix). */
export const MAX_BUCKET_PREFIX_LENGTH = 37;

/** The tag that says what a bucket holds; the data-protection pack reads it (`s3-bucket-access-logging`, …). */
export const DATA_CLASS_TAG = "platform:data-class";
/**
 * The tag that declares how a bucket is replicated when this stack does not configure it: the data-protection pack's
 * `s3-bucket-replication` accepts it in place of a replication configuration (e.g. `by prod-tokyo`).
 */
export const REPLICATION_TAG = "platform:replication";
/** The data class of a log sink: the bucket needs no server access logs of its own (it receives them). */
export const LOG_SINK_DATA_CLASS = "logs";

/** Object Lock default retention modes (PutObjectLockConfiguration `DefaultRetention.Mode`). */
export const OBJECT_LOCK_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];
/** Object Lock default retention: at most 100 years in days. */
export const MAX_OBJECT_LOCK_DAYS = 36500;

/** The cold storage classes a lifecycle may move objects to after STANDARD_IA. */
export const ARCHIVE_STORAGE_CLASSES = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
export type ArchiveStorageClass = (typeof ARCHIVE_STORAGE_CLASSES)[number];
/** Days an object stays in S3 Standard before STANDARD_IA, and in STANDARD_IA before a later transition, at least. */
export const MIN_DAYS_BEFORE_INFREQUENT_ACCESS = 30;
export const MIN_DAYS_IN_INFREQUENT_ACCESS = 30;

/** The lifecycle of the bucket's objects. */
export interface BucketLifecycle {
  /** Days after creation an object moves to STANDARD_IA (at least 30); absent: it stays in Standard. */
  readonly infrequentAccessAfterDays?: number;
  /** Days after creation an object moves to `archiveStorageClass` (at least 30 after STANDARD_IA); absent: never. */
  readonly archiveAfterDays?: number;
  /** The cold class of `archiveAfterDays`. @default "GLACIER" */
  readonly archiveStorageClass?: ArchiveStorageClass;
  /** Days after creation an object expires (becomes noncurrent); absent: never. */
  readonly expireAfterDays?: number;
  /** Days a noncurrent (replaced or deleted) version is kept before it is removed for good. @default 30 */
  readonly noncurrentVersionExpireAfterDays?: number;
  /** Days after which an incomplete multipart upload is removed. @default 7 */
  readonly abortIncompleteUploadAfterDays?: number;
  /**
   * The rule's id (`LIFECYCLE_RULE_ID` unless given): a bucket adopted from a hand-built one keeps the id it has,
   * so the adoption changes nothing.
   */
  readonly ruleId?: string;
}

/** The id of the bucket's one lifecycle rule, unless the lifecycle names its own (`ruleId`). */
export const LIFECYCLE_RULE_ID = "retention";
/** S3 takes a lifecycle rule id of at most 255 characters (PutBucketLifecycleConfiguration, `Rule.ID`). */
export const MAX_LIFECYCLE_RULE_ID_LENGTH = 255;

/** Object Lock default retention: every new object version is locked `days` days in `mode`. */
export interface ObjectLockRetention {
  readonly mode: ObjectLockMode;
  readonly days: number;
}

/** The Pulumi-free arguments (the component adds the key, the log target and the caller's policy statements). */
export interface SecureBucketPlanArgs {
  /** The bucket's exact name (global: include the account, e.g. `platform-prod-ap-east-2-123456789012-archive`). */
  readonly bucketName?: string;
  /** Or the prefix of a generated name (at most 37 characters). Exactly one of the two. */
  readonly bucketPrefix?: string;
  /** What the bucket holds, its `platform:data-class` tag (`logs`, `audit`, `data`, …). */
  readonly dataClass: string;
  /**
   * Why the bucket is encrypted with SSE-S3 instead of the given KMS key: a service's delivery that supports nothing
   * else (S3 server access logs). Absent: SSE-KMS with `kmsKeyArn`, bucket keys on.
   */
  readonly sseS3Reason?: string;
  /** Whether the component is given a KMS key (plain: the rules only need to know). */
  readonly hasKmsKey: boolean;
  /**
   * Whether server access logs are written to a target (`serverAccessLogs` of the component). Without it the bucket
   * must be a log sink itself (`dataClass` `logs`).
   */
  readonly hasAccessLogTarget: boolean;
  /** The prefix of this bucket's server access logs in the target. */
  readonly accessLogPrefix?: string;
  /** The lifecycle of the objects. @default { noncurrentVersionExpireAfterDays: 30, abortIncompleteUploadAfterDays: 7 } */
  readonly lifecycle?: BucketLifecycle;
  /** Object Lock default retention; absent: no Object Lock (it can never be turned off once on). */
  readonly objectLock?: ObjectLockRetention;
  /** The `platform:replication` tag: how the bucket is replicated when another stack configures it. */
  readonly replication?: string;
  /** `protect` on the bucket (never `forceDestroy`). @default false */
  readonly protect?: boolean;
  /** Extra tags on the bucket. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedBucketLifecycle {
  readonly infrequentAccessAfterDays?: number;
  readonly archiveAfterDays?: number;
  readonly archiveStorageClass: ArchiveStorageClass;
  readonly expireAfterDays?: number;
  readonly noncurrentVersionExpireAfterDays: number;
  readonly abortIncompleteUploadAfterDays: number;
  readonly ruleId?: string;
}

export interface ResolvedSecureBucketPlanArgs extends Omit<
  SecureBucketPlanArgs,
  "lifecycle" | "protect" | "tags"
> {
  readonly lifecycle: ResolvedBucketLifecycle;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const secureBucketDefaults = {
  archiveStorageClass: "GLACIER",
  noncurrentVersionExpireAfterDays: 30,
  abortIncompleteUploadAfterDays: 7,
  protect: false,
  tags: {},
} as const;

/** Applies the defaults (`??`: explicit values are kept and validated, never replaced). */
export function withDefaults<A extends SecureBucketPlanArgs>(args: A): A & ResolvedSecureBucketPlanArgs {
  const lifecycle = args.lifecycle ?? {};
  return {
    ...args,
    lifecycle: {
      ...lifecycle,
      archiveStorageClass: lifecycle.archiveStorageClass ?? secureBucketDefaults.archiveStorageClass,
      noncurrentVersionExpireAfterDays:
        lifecycle.noncurrentVersionExpireAfterDays ?? secureBucketDefaults.noncurrentVersionExpireAfterDays,
      abortIncompleteUploadAfterDays:
        lifecycle.abortIncompleteUploadAfterDays ?? secureBucketDefaults.abortIncompleteUploadAfterDays,
    },
    protect: args.protect ?? secureBucketDefaults.protect,
    tags: args.tags ?? secureBucketDefaults.tags,
  };
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/** The problem of a bucket name, or undefined (exported: the stacks check their names with it). */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < MIN_BUCKET_NAME_LENGTH || name.length > MAX_BUCKET_NAME_LENGTH) {
    return `${JSON.stringify(name)} is ${name.length} characters; an S3 bucket name is ${MIN_BUCKET_NAME_LENGTH} to ${MAX_BUCKET_NAME_LENGTH} characters, shorten it`;
  }
  if (!NAME_PATTERN.test(name) || name.includes("--")) {
    return `${JSON.stringify(name)} cannot name an S3 bucket; use lowercase letters, digits and single - between them, starting and ending with a letter or digit`;
  }
  return undefined;
}

function isWholeDays(value: number | undefined, min: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min);
}

/** Every problem of the lifecycle, with paths relative to the arguments. */
export function lifecycleProblems(lifecycle: ResolvedBucketLifecycle): Problem[] {
  const problems: Problem[] = [];
  const { infrequentAccessAfterDays: ia, archiveAfterDays: archive, expireAfterDays: expire } = lifecycle;
  if (!isWholeDays(ia, MIN_DAYS_BEFORE_INFREQUENT_ACCESS)) {
    problems.push({
      path: "lifecycle.infrequentAccessAfterDays",
      message: `${ia} cannot move objects to STANDARD_IA; S3 takes whole days of at least ${MIN_DAYS_BEFORE_INFREQUENT_ACCESS} (e.g. 30)`,
    });
  }
  if (!isWholeDays(archive, 1)) {
    problems.push({
      path: "lifecycle.archiveAfterDays",
      message: `${archive} is not a number of days; give whole days of at least 1 (e.g. 90)`,
    });
  } else if (archive !== undefined && ia !== undefined && archive < ia + MIN_DAYS_IN_INFREQUENT_ACCESS) {
    problems.push({
      path: "lifecycle.archiveAfterDays",
      message: `${archive} is less than ${MIN_DAYS_IN_INFREQUENT_ACCESS} days after infrequentAccessAfterDays (${ia}); S3 keeps an object ${MIN_DAYS_IN_INFREQUENT_ACCESS} days in STANDARD_IA before the next transition, so use at least ${ia + MIN_DAYS_IN_INFREQUENT_ACCESS}`,
    });
  }
  if (!(ARCHIVE_STORAGE_CLASSES as readonly string[]).includes(lifecycle.archiveStorageClass)) {
    problems.push({
      path: "lifecycle.archiveStorageClass",
      message: `${JSON.stringify(lifecycle.archiveStorageClass)} is not a cold storage class; use one of ${ARCHIVE_STORAGE_CLASSES.join(", ")}`,
    });
  }
  const last = Math.max(ia ?? 0, archive ?? 0);
  if (!isWholeDays(expire, 1)) {
    problems.push({
      path: "lifecycle.expireAfterDays",
      message: `${expire} is not a number of days; give whole days of at least 1 (e.g. 365)`,
    });
  } else if (expire !== undefined && expire <= last) {
    problems.push({
      path: "lifecycle.expireAfterDays",
      message: `${expire} does not come after the last transition (day ${last}); expire later than ${last} days or drop the transition`,
    });
  }
  if (!isWholeDays(lifecycle.noncurrentVersionExpireAfterDays, 1)) {
    problems.push({
      path: "lifecycle.noncurrentVersionExpireAfterDays",
      message: `${lifecycle.noncurrentVersionExpireAfterDays} is not a number of days; give whole days of at least 1 (e.g. 30)`,
    });
  }
  if (!isWholeDays(lifecycle.abortIncompleteUploadAfterDays, 1)) {
    problems.push({
      path: "lifecycle.abortIncompleteUploadAfterDays",
      message: `${lifecycle.abortIncompleteUploadAfterDays} is not a number of days; give whole days of at least 1 (e.g. 7)`,
    });
  }
  if (
    lifecycle.ruleId !== undefined &&
    (lifecycle.ruleId.trim().length === 0 || lifecycle.ruleId.length > MAX_LIFECYCLE_RULE_ID_LENGTH)
  ) {
    problems.push({
      path: "lifecycle.ruleId",
      message: `${JSON.stringify(lifecycle.ruleId)} cannot be a lifecycle rule id; give 1 to ${MAX_LIFECYCLE_RULE_ID_LENGTH} characters (the id the bucket's rule has), or leave it out for ${LIFECYCLE_RULE_ID}`,
    });
  }
  return problems;
}

/** Every problem of an Object Lock retention against the lifecycle, with paths relative to the arguments. */
export function objectLockProblems(
  lock: ObjectLockRetention | undefined,
  lifecycle: ResolvedBucketLifecycle,
): Problem[] {
  if (lock === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  if (!(OBJECT_LOCK_MODES as readonly string[]).includes(lock.mode)) {
    problems.push({
      path: "objectLock.mode",
      message: `${JSON.stringify(lock.mode)} is not an Object Lock mode; use GOVERNANCE (removable with s3:BypassGovernanceRetention) or COMPLIANCE (removable by no one)`,
    });
  }
  if (!Number.isInteger(lock.days) || lock.days < 1 || lock.days > MAX_OBJECT_LOCK_DAYS) {
    problems.push({
      path: "objectLock.days",
      message: `${lock.days} is no retention period; give whole days from 1 to ${MAX_OBJECT_LOCK_DAYS} (e.g. 365)`,
    });
  } else if (lifecycle.expireAfterDays !== undefined && lock.days > lifecycle.expireAfterDays) {
    problems.push({
      path: "objectLock.days",
      message: `${lock.days} locks objects longer than they live (lifecycle.expireAfterDays ${lifecycle.expireAfterDays}); lock at most ${lifecycle.expireAfterDays} days or expire later`,
    });
  }
  return problems;
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds its provider's
 * problem; empty when the component can be built.
 */
export function secureBucketArgsProblems(args: ResolvedSecureBucketPlanArgs): Problem[] {
  const problems: Problem[] = [];
  if ((args.bucketName === undefined) === (args.bucketPrefix === undefined)) {
    problems.push({
      path: "bucketName",
      message: "give exactly one of bucketName (a deterministic name) and bucketPrefix (a generated one)",
    });
  }
  if (args.bucketName !== undefined) {
    const problem = bucketNameProblem(args.bucketName);
    if (problem !== undefined) {
      problems.push({ path: "bucketName", message: problem });
    }
  }
  if (args.bucketPrefix !== undefined) {
    if (args.bucketPrefix.length < 1 || args.bucketPrefix.length > MAX_BUCKET_PREFIX_LENGTH) {
      problems.push({
        path: "bucketPrefix",
        message: `${JSON.stringify(args.bucketPrefix)} is ${args.bucketPrefix.length} characters; S3 takes a prefix of 1 to ${MAX_BUCKET_PREFIX_LENGTH}, shorten it`,
      });
    } else if (!/^[a-z0-9][a-z0-9-]*$/.test(args.bucketPrefix)) {
      problems.push({
        path: "bucketPrefix",
        message: `${JSON.stringify(args.bucketPrefix)} cannot start an S3 bucket name; use lowercase letters, digits and -, starting with a letter or digit`,
      });
    }
  }
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(args.dataClass)) {
    problems.push({
      path: "dataClass",
      message: `${JSON.stringify(args.dataClass)} cannot be a data class; use 1 to 32 lowercase letters, digits and - (e.g. logs, data)`,
    });
  }
  if (args.sseS3Reason !== undefined) {
    if (args.sseS3Reason.trim().length === 0) {
      problems.push({
        path: "sseS3Reason",
        message:
          "is empty; say which service's delivery supports nothing but SSE-S3 (e.g. S3 server access logs), or leave it out to encrypt with the KMS key",
      });
    }
    if (args.hasKmsKey) {
      problems.push({
        path: "kmsKeyArn",
        message: "is given with sseS3Reason; a bucket is encrypted one way: drop the key or the reason",
      });
    }
    if (args.objectLock !== undefined) {
      problems.push({
        path: "objectLock",
        message:
          "is set on an SSE-S3 bucket, which exists for S3 server access logs, and S3 refuses Object Lock buckets as their destination; drop objectLock",
      });
    }
  } else if (!args.hasKmsKey) {
    problems.push({
      path: "kmsKeyArn",
      message:
        "is missing; give the region's KMS key (SSE-KMS), or sseS3Reason naming the service delivery that supports only SSE-S3",
    });
  }
  if (!args.hasAccessLogTarget && args.dataClass !== LOG_SINK_DATA_CLASS) {
    problems.push({
      path: "serverAccessLogs",
      message: `is missing on a bucket of data class ${JSON.stringify(args.dataClass)}; give the target bucket and prefix of its server access logs (only a log sink, data class ${LOG_SINK_DATA_CLASS}, goes without)`,
    });
  }
  if (args.hasAccessLogTarget && !/^[A-Za-z0-9!_.*'()/-]{1,512}\/$/.test(args.accessLogPrefix ?? "")) {
    problems.push({
      path: "serverAccessLogs.targetPrefix",
      message: `${JSON.stringify(args.accessLogPrefix ?? "")} is no log prefix; give the bucket's own folder in the target, ending with / (e.g. s3/archive/)`,
    });
  }
  if (args.replication !== undefined && !/^\S(.{0,254}\S)?$/.test(args.replication)) {
    problems.push({
      path: "replication",
      message: `${JSON.stringify(args.replication)} cannot be a tag value; say in 1 to 256 characters how the bucket is replicated (e.g. by prod-tokyo)`,
    });
  }
  problems.push(...lifecycleProblems(args.lifecycle), ...objectLockProblems(args.objectLock, args.lifecycle));
  return problems;
}

/** The bucket's own tags: the data class, the replication declaration, the caller's and `Name`. */
export function bucketTags(args: ResolvedSecureBucketPlanArgs, name: string): Record<string, string> {
  return {
    ...args.tags,
    [DATA_CLASS_TAG]: args.dataClass,
    ...(args.replication !== undefined ? { [REPLICATION_TAG]: args.replication } : {}),
    Name: name,
  };
}

/** What a bucket policy is written for (what the component resolves before rendering). */
export interface BucketPolicyContext {
  readonly bucketArn: string;
  readonly bucketName: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

/** The statement every bucket policy starts with: no request without TLS, from anyone. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The bucket policy: TLS only, then the caller's statements (service deliveries, replication, …) in order. */
export function secureBucketPolicy(
  ctx: BucketPolicyContext,
  statements: readonly PolicyStatement[] = [],
): PolicyDocument {
  return policyDocument([denyInsecureTransport(ctx.bucketArn), ...statements]);
}

/**
 * The statement of a log sink that receives S3 server access logs: the logging service may put objects for source
 * buckets of this account only (Amazon S3 User Guide, "Permissions for log delivery": principal
 * `logging.s3.amazonaws.com`, `aws:SourceAccount`).
 */
export function serverAccessLogDelivery(ctx: BucketPolicyContext): PolicyStatement {
  return {
    Sid: "S3ServerAccessLogsDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${ctx.bucketArn}/*`,
    Condition: {
      StringEquals: { "aws:SourceAccount": ctx.accountId },
      ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:s3:::*` },
    },
  };
}

/** One lifecycle rule, in the shape `aws.s3.BucketLifecycleConfiguration`'s `rules` take. */
export interface PlannedLifecycleRule {
  readonly id: string;
  readonly status: "Enabled";
  readonly filter: Readonly<Record<string, never>>;
  readonly transitions?: { readonly days: number; readonly storageClass: string }[];
  readonly expiration?: { readonly days: number };
  readonly noncurrentVersionExpiration: { readonly noncurrentDays: number };
  readonly abortIncompleteMultipartUpload: { readonly daysAfterInitiation: number };
}

/** The bucket's one lifecycle rule: the transitions in order, the expiry, noncurrent versions, abandoned uploads. */
export function lifecycleRule(lifecycle: ResolvedBucketLifecycle): PlannedLifecycleRule {
  const transitions = [
    ...(lifecycle.infrequentAccessAfterDays !== undefined
      ? [{ days: lifecycle.infrequentAccessAfterDays, storageClass: "STANDARD_IA" }]
      : []),
    ...(lifecycle.archiveAfterDays !== undefined
      ? [{ days: lifecycle.archiveAfterDays, storageClass: lifecycle.archiveStorageClass }]
      : []),
  ];
  return {
    id: lifecycle.ruleId ?? LIFECYCLE_RULE_ID,
    status: "Enabled",
    filter: {},
    ...(transitions.length > 0 ? { transitions } : {}),
    ...(lifecycle.expireAfterDays !== undefined ? { expiration: { days: lifecycle.expireAfterDays } } : {}),
    noncurrentVersionExpiration: { noncurrentDays: lifecycle.noncurrentVersionExpireAfterDays },
    abortIncompleteMultipartUpload: { daysAfterInitiation: lifecycle.abortIncompleteUploadAfterDays },
  };
}

/** The Object Lock configuration's rule: default retention of every new object version. */
export function objectLockRule(lock: ObjectLockRetention): {
  defaultRetention: { mode: ObjectLockMode; days: number };
} {
  return { defaultRetention: { mode: lock.mode, days: lock.days } };
}
