/**
 * The documents of the region's storage (ADR 0028), pure: the archive's delivery statements for AWS CloudTrail and
 * AWS Config, the CloudWatch Logs → Firehose → S3 roles, and the S3 replication role. No `@pulumi/*` import, so tests
 * read the exact grants.
 *
 * Sources:
 * - CloudTrail: AWS CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail" (`s3:GetBucketAcl` on the bucket,
 *   `s3:PutObject` on `<prefix>/AWSLogs/<account>/*` with `s3:x-amz-acl` `bucket-owner-full-control`, both with the
 *   `aws:SourceArn` or `aws:SourceAccount` condition against the confused deputy).
 * - AWS Config: AWS Config Developer Guide, "Permissions for the Amazon S3 Bucket for the AWS Config delivery channel"
 *   (`s3:GetBucketAcl` and `s3:ListBucket` on the bucket, `s3:PutObject` on `<prefix>/AWSLogs/<account>/Config/*`
 *   with `bucket-owner-full-control`, each with `aws:SourceAccount`).
 * - CloudWatch Logs subscriptions to Firehose: CloudWatch Logs User Guide, "Subscription filters with Amazon Data
 *   Firehose" (a role trusted by `logs.amazonaws.com` with `aws:SourceArn` `arn:aws:logs:<region>:<account>:*`,
 *   allowed `firehose:PutRecord` and `firehose:PutRecordBatch`); at most two subscription filters per log group
 *   (CloudWatch Logs API Reference, PutSubscriptionFilter), which is why the archive takes one and leaves one.
 * - Firehose to S3: Amazon Data Firehose Developer Guide, "Grant Firehose access to an Amazon S3 destination" (the
 *   S3 actions below, `kms:GenerateDataKey` and `kms:Decrypt` through S3 in the bucket's region).
 * - S3 replication: Amazon S3 User Guide, "Setting up permissions for live replication" and "Replicating objects
 *   created with server-side encryption (SSE-KMS)" (`kms:Decrypt` on the source key through S3 in the source region,
 *   `kms:Encrypt` on the replica key through S3 in the destination region, the `GetObjectVersion*ForReplication` and
 *   `Replicate*` actions; `s3:GetObjectRetention`/`s3:GetObjectLegalHold` for Object Lock sources).
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../components/common/iam";

/** Where CloudTrail writes in the archive (the trail's `s3KeyPrefix`). */
export const CLOUDTRAIL_PREFIX = "cloudtrail";
/** Where AWS Config writes (the delivery channel's `s3KeyPrefix`). */
export const CONFIG_PREFIX = "config";
/** Where Firehose writes the CloudWatch Logs copies (Firehose appends `YYYY/MM/DD/HH/`). */
export const CLOUDWATCH_LOGS_PREFIX = "cloudwatch-logs/";
/** Where Firehose writes what it could not deliver. */
export const CLOUDWATCH_LOGS_ERROR_PREFIX = "cloudwatch-logs-errors/";

/** What the storage documents are written for. */
export interface StorageContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

/**
 * One grant of a service principal's delivery to the bucket, for this account's resources only (`aws:SourceAccount`);
 * a write also names the `bucket-owner-full-control` ACL both services' documents ask for.
 */
function serviceDelivery(
  sid: string,
  service: string,
  action: "s3:GetBucketAcl" | "s3:ListBucket" | "s3:PutObject",
  resource: string,
  accountId: string,
): PolicyStatement {
  const sourceAccount = { "aws:SourceAccount": accountId };
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: action,
    Resource: resource,
    Condition: {
      StringEquals:
        action === "s3:PutObject"
          ? { ...sourceAccount, "s3:x-amz-acl": "bucket-owner-full-control" }
          : sourceAccount,
    },
  };
}

/** CloudTrail delivers the account's trail under `cloudtrail/AWSLogs/<account>/`. */
export function cloudTrailDeliveryStatements(bucketArn: string, ctx: StorageContext): PolicyStatement[] {
  const service = "cloudtrail.amazonaws.com";
  return [
    serviceDelivery("CloudTrailChecksBucketAcl", service, "s3:GetBucketAcl", bucketArn, ctx.accountId),
    serviceDelivery(
      "CloudTrailWritesLogFiles",
      service,
      "s3:PutObject",
      `${bucketArn}/${CLOUDTRAIL_PREFIX}/AWSLogs/${ctx.accountId}/*`,
      ctx.accountId,
    ),
  ];
}

/** AWS Config delivers the region's configuration history and snapshots under `config/AWSLogs/<account>/Config/`. */
export function configDeliveryStatements(bucketArn: string, ctx: StorageContext): PolicyStatement[] {
  const service = "config.amazonaws.com";
  return [
    serviceDelivery("ConfigChecksBucketAcl", service, "s3:GetBucketAcl", bucketArn, ctx.accountId),
    serviceDelivery("ConfigChecksBucketExists", service, "s3:ListBucket", bucketArn, ctx.accountId),
    serviceDelivery(
      "ConfigDeliversHistory",
      service,
      "s3:PutObject",
      `${bucketArn}/${CONFIG_PREFIX}/AWSLogs/${ctx.accountId}/Config/*`,
      ctx.accountId,
    ),
  ];
}

/** The role CloudWatch Logs assumes to put subscribed events into the stream: this account's log groups only. */
export function logsToFirehoseTrust(ctx: StorageContext): PolicyDocument {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: "logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        StringLike: { "aws:SourceArn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` },
      },
    },
  ]);
}

/** What CloudWatch Logs may do with the role: put records into the one stream. */
export function logsToFirehosePolicy(streamArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "PutSubscribedEvents",
      Effect: "Allow",
      Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
      Resource: streamArn,
    },
  ]);
}

/** The role Firehose assumes to write to the archive: this account's delivery stream only. */
export function firehoseTrust(ctx: StorageContext, streamName: string): PolicyDocument {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: "firehose.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:${ctx.partition}:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${streamName}`,
        },
      },
    },
  ]);
}

/** What Firehose may do: write its two prefixes of the archive, encrypting through S3 with the storage key. */
export function firehoseToS3Policy(
  bucketArn: string,
  keyArn: string,
  logGroupArn: string,
  ctx: StorageContext,
): PolicyDocument {
  return policyDocument([
    {
      Sid: "LocateBucket",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: bucketArn,
    },
    {
      Sid: "WriteArchivePrefixes",
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: [`${bucketArn}/${CLOUDWATCH_LOGS_PREFIX}*`, `${bucketArn}/${CLOUDWATCH_LOGS_ERROR_PREFIX}*`],
    },
    {
      Sid: "EncryptThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: keyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${ctx.region}.amazonaws.com` } },
    },
    {
      Sid: "ReportDeliveryErrors",
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: `${logGroupArn}:*`,
    },
  ]);
}

/** One direction of replication: the source and destination buckets and keys, each in its region. */
export interface ReplicationDirection {
  readonly sourceRegion: string;
  readonly destinationRegion: string;
  /** Source → destination bucket ARNs, one pair per replicated bucket. */
  readonly buckets: readonly { readonly source: string; readonly destination: string }[];
  readonly sourceKeyArn: string;
  readonly destinationKeyArn: string;
}

/** The role S3 assumes to replicate: this account's buckets only. */
export function replicationTrust(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ]);
}

/** What the replication role of one direction may do: read the sources, write replicas, the two keys through S3. */
export function replicationPolicy(direction: ReplicationDirection): PolicyDocument {
  const sources = direction.buckets.map((b) => b.source);
  const destinations = direction.buckets.map((b) => b.destination);
  return policyDocument([
    {
      Sid: "ReadReplicationConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: sources,
    },
    {
      Sid: "ReadSourceVersions",
      Effect: "Allow",
      Action: [
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionTagging",
        "s3:GetObjectRetention",
        "s3:GetObjectLegalHold",
      ],
      Resource: sources.map((arn) => `${arn}/*`),
    },
    {
      Sid: "WriteReplicas",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: destinations.map((arn) => `${arn}/*`),
    },
    {
      Sid: "DecryptSourceThroughS3",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: direction.sourceKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${direction.sourceRegion}.amazonaws.com` } },
    },
    {
      Sid: "EncryptReplicasThroughS3",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: direction.destinationKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${direction.destinationRegion}.amazonaws.com` } },
    },
  ]);
}
