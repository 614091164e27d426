/**
 * S3 in @pulumi/aws v7: a bucket (`aws:s3/bucket:Bucket`, or its deprecated `BucketV2` alias) is configured by
 * separate resources that name it in their `bucket` property (encryption, versioning, policy), or — deprecated but
 * still accepted — by inline properties of the bucket itself.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { linkedResources } from "./links";
import { resourcesOfType } from "./policy";
import { parseJsonDocument, peek } from "./values";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const SSE_CONFIGURATION_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;
export const VERSIONING_TYPES = [
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
] as const;
export const BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy"] as const;
export const PUBLIC_ACCESS_BLOCK_TYPES = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"] as const;
export const OWNERSHIP_CONTROLS_TYPES = ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"] as const;
export const BUCKET_ACL_TYPES = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"] as const;
export const LOGGING_TYPES = [
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketLoggingV2:BucketLoggingV2",
] as const;
export const LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;

export const REPLICATION_TYPES = ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"] as const;
export const OBJECT_LOCK_TYPES = [
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
] as const;

export function buckets(args: StackValidationArgs): PolicyResource[] {
  return resourcesOfType(args, ...BUCKET_TYPES);
}

/** The configuration resources of `types` that configure `bucket` (through their `bucket` property). */
export function configurationsOf(
  bucket: PolicyResource,
  args: StackValidationArgs,
  types: readonly string[],
): PolicyResource[] {
  return resourcesOfType(args, ...types).filter(
    (configuration) =>
      linkedResources(configuration, "bucket", [bucket], { candidateKeys: ["bucket", "id"] }).length > 0,
  );
}

/** Whether the bucket sets the deprecated inline property `key` (read without tripping on unknowns). */
export function hasInline(bucket: PolicyResource, key: string): boolean {
  const value = peek(bucket.props, key);
  return value !== undefined && value !== null;
}

/**
 * Who writes Application Load Balancer access logs (Elastic Load Balancing User Guide for Application Load
 * Balancers, "Enable access logs", step 2): in Regions available as of August 2022 the service principal below, in
 * older Regions the Region's Elastic Load Balancing account (the documentation's table).
 */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";
export const ELB_LOG_DELIVERY_ACCOUNTS: readonly string[] = [
  "127311923021", // us-east-1
  "033677994240", // us-east-2
  "027434742980", // us-west-1
  "797873946194", // us-west-2
  "098369216593", // af-south-1
  "754344448648", // ap-east-1
  "589379963580", // ap-southeast-3
  "718504428378", // ap-south-1
  "383597477331", // ap-northeast-3
  "600734575887", // ap-northeast-2
  "114774131450", // ap-southeast-1
  "783225319266", // ap-southeast-2
  "582318560864", // ap-northeast-1
  "985666609251", // ca-central-1
  "054676820928", // eu-central-1
  "156460612806", // eu-west-1
  "652711504416", // eu-west-2
  "635631232127", // eu-south-1
  "009996457667", // eu-west-3
  "897822967062", // eu-north-1
  "076674570225", // me-south-1
  "507241528517", // sa-east-1
];

/**
 * Who writes S3 server access logs (Amazon S3 User Guide, "Permissions for log delivery"): the logging service
 * principal. Their destination takes SSE-S3 only and no Object Lock (S3 User Guide, "Enabling Amazon S3 server access
 * logging", "Object Lock considerations").
 */
export const S3_SERVER_ACCESS_LOG_SERVICE = "logging.s3.amazonaws.com";

/** Whether a principal is exactly the S3 server-access-log writer. */
function isS3AccessLogWriter(principal: unknown): boolean {
  if (principal === null || typeof principal !== "object") {
    return false;
  }
  const entries = Object.entries(principal as Record<string, unknown>);
  return (
    entries.length === 1 &&
    entries[0][0] === "Service" &&
    [entries[0][1]].flat().length > 0 &&
    [entries[0][1]].flat().every((value) => value === S3_SERVER_ACCESS_LOG_SERVICE)
  );
}

function isElbLogWriter(principal: unknown): boolean {
  if (principal === null || typeof principal !== "object") {
    return false;
  }
  const entries = Object.entries(principal as Record<string, unknown>);
  return (
    entries.length === 1 &&
    [entries[0][1]].flat().every((value) => {
      const [kind] = entries[0];
      if (typeof value !== "string") {
        return false;
      }
      if (kind === "Service") {
        return value === ELB_LOG_DELIVERY_SERVICE;
      }
      const account = /^(?:arn:[^:]+:iam::)?(\d{12})(?::root)?$/.exec(value)?.[1];
      return kind === "AWS" && account !== undefined && ELB_LOG_DELIVERY_ACCOUNTS.includes(account);
    })
  );
}

function isPutObjectOnly(action: unknown): boolean {
  const actions = [action].flat();
  return (
    actions.length > 0 && actions.every((a) => typeof a === "string" && a.toLowerCase() === "s3:putobject")
  );
}

/**
 * Whether Elastic Load Balancing alone writes to `bucket`: its bucket policies (the resources, or its inline
 * policy) grant `s3:PutObject` to the load balancers' log writer and allow nothing else to anyone; Deny statements
 * are free. Such a bucket can only be encrypted with SSE-S3 (ALB access-log delivery supports nothing else). The
 * documents are read through the unknown check: not yet known, the calling policy cannot run during the preview.
 */
export function isElbAccessLogBucket(bucket: PolicyResource, args: StackValidationArgs): boolean {
  return isLogDeliveryOnlyBucket(bucket, args, isElbLogWriter);
}

/**
 * Whether log delivery that supports only SSE-S3 alone writes to `bucket`: its policies grant `s3:PutObject` to the
 * load balancers' log writer or to S3 server access logging (`logging.s3.amazonaws.com`) and allow nothing else to
 * anyone; Deny statements are free. Such a bucket can only be encrypted with SSE-S3.
 */
export function isSseS3LogDeliveryBucket(bucket: PolicyResource, args: StackValidationArgs): boolean {
  return isLogDeliveryOnlyBucket(
    bucket,
    args,
    (principal) => isElbLogWriter(principal) || isS3AccessLogWriter(principal),
  );
}

/** Whether every Allow of the bucket's policies is `s3:PutObject` by a principal `writer` accepts. */
function isLogDeliveryOnlyBucket(
  bucket: PolicyResource,
  args: StackValidationArgs,
  writer: (principal: unknown) => boolean,
): boolean {
  const allows = allowStatements(bucket, args);
  return (
    allows.length > 0 &&
    allows.every(
      (statement) =>
        statement["NotPrincipal"] === undefined &&
        statement["NotAction"] === undefined &&
        writer(statement["Principal"]) &&
        isPutObjectOnly(statement["Action"]),
    )
  );
}

/** The Allow statements of the bucket's policies (the resources, or its inline policy). */
export function allowStatements(
  bucket: PolicyResource,
  args: StackValidationArgs,
): Record<string, unknown>[] {
  const policies = configurationsOf(bucket, args, BUCKET_POLICY_TYPES);
  const documents = policies.length > 0 ? policies.map((p) => p.props["policy"]) : [bucket.props["policy"]];
  return documents
    .map(parseJsonDocument)
    .flatMap((document) =>
      document !== null && typeof document === "object"
        ? [(document as Record<string, unknown>)["Statement"]].flat()
        : [],
    )
    .filter(
      (statement): statement is Record<string, unknown> =>
        statement !== null &&
        typeof statement === "object" &&
        (statement as Record<string, unknown>)["Effect"] === "Allow",
    );
}

/**
 * Whether CloudTrail delivers log files to `bucket`: an Allow of its policies grants `s3:PutObject` to
 * `cloudtrail.amazonaws.com` (AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail").
 */
export function receivesCloudTrail(bucket: PolicyResource, args: StackValidationArgs): boolean {
  return allowStatements(bucket, args).some((statement) => {
    const principal = statement["Principal"];
    const services =
      principal !== null && typeof principal === "object"
        ? [(principal as Record<string, unknown>)["Service"]].flat()
        : [];
    const actions = [statement["Action"]].flat();
    return (
      services.some((s) => typeof s === "string" && /^cloudtrail\.amazonaws\.com$/i.test(s)) &&
      actions.some((a) => typeof a === "string" && ["s3:putobject", "s3:*", "*"].includes(a.toLowerCase()))
    );
  });
}
