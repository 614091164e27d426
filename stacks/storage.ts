/**
 * The region's storage (ADR 0028): the server-access-log bucket, the log archive (CloudTrail, AWS Config and the
 * long-term copies of CloudWatch Logs through a Firehose delivery stream), AWS Config's own bucket where the archive
 * has Object Lock (Config refuses such a bucket), and the applications' assets bucket, each a `SecureBucket`; and the
 * S3 replication of the archive and assets both ways, which a secondary owns (`bucketReplication`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../components/common/iam";
import type { RegionalKeys } from "../components/regional-keys";
import { SecureBucket, serverAccessLogDelivery } from "../components/secure-bucket";
import type { PlatformConfig } from "./config";
import { archiveLifecycle, assetsLifecycle } from "./config-sections/storage";
import { COMPONENT_NAMES, StorageBucketPurpose, storageBucketName } from "./naming";
import {
  CLOUDWATCH_LOGS_ERROR_PREFIX,
  CLOUDWATCH_LOGS_PREFIX,
  ReplicationDirection,
  StorageContext,
  cloudTrailDeliveryStatements,
  configDeliveryStatements,
  firehoseToS3Policy,
  firehoseTrust,
  logsToFirehosePolicy,
  logsToFirehoseTrust,
  replicationPolicy,
  replicationTrust,
} from "./storage-policies";

export { CLOUDTRAIL_PREFIX, CONFIG_PREFIX, CLOUDWATCH_LOGS_PREFIX } from "./storage-policies";

/**
 * Firehose buffering of the CloudWatch Logs copies: the largest the API takes (Amazon Data Firehose API Reference,
 * BufferingHints: IntervalInSeconds 0 to 900, SizeInMBs 1 to 128), so the archive gets few, large objects: every
 * object pays a lifecycle transition request, and Glacier adds per-object overhead.
 */
export const ARCHIVE_STREAM_BUFFERING = { intervalSeconds: 900, sizeMiB: 128 } as const;

/** Days Firehose keeps its delivery-error log events. */
export const ARCHIVE_STREAM_ERROR_LOG_DAYS = 90;

/** What the region's storage gives the rest of the stack. */
export interface Storage {
  /** S3 server access logs of the other buckets (SSE-S3, the only encryption their delivery supports). */
  readonly accessLogs: SecureBucket;
  /** The log archive: the trail (prefix `cloudtrail`), Config where no Object Lock, CloudWatch Logs copies. */
  readonly archive: SecureBucket;
  /** Where AWS Config delivers (prefix `config`): the archive, or its own bucket when the archive has Object Lock. */
  readonly configDelivery: SecureBucket;
  /** The applications' assets (`applicationBucketName`); each application owns a prefix. */
  readonly assets: SecureBucket;
  /** The stream that copies subscribed log groups into the archive. */
  readonly logArchiveStream: aws.kinesis.FirehoseDeliveryStream;
  /**
   * Subscribes one more log group to the archive (`key` names the filter; the group must exist first: pass its
   * owner in `dependsOn`). "Each log group can have up to two subscription filters" (CloudWatch Logs API Reference,
   * PutSubscriptionFilter); this takes one.
   */
  archiveLogGroup(
    key: string,
    logGroupName: pulumi.Input<string>,
    dependsOn?: pulumi.Input<pulumi.Resource>[],
  ): aws.cloudwatch.LogSubscriptionFilter;
}

/** The log groups of the region's platform that the archive keeps (key → name, and what creates it). */
export interface ArchivedLogGroup {
  readonly key: string;
  readonly logGroupName: pulumi.Input<string>;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * The region's buckets and the CloudWatch Logs archive stream, subscribed to `logGroups`. Buckets are protected in
 * prod; the names are deterministic and include the account (`storageBucketName`).
 */
export function regionalStorage(
  config: PlatformConfig,
  keys: RegionalKeys,
  logGroups: readonly ArchivedLogGroup[],
  provider: aws.Provider,
): Storage {
  const storage = config.storage;
  const protect = config.environment === "prod";
  const name = (purpose: StorageBucketPurpose) => storageBucketName(config, purpose);
  const part = (purpose: string) => `${COMPONENT_NAMES.storage}-${purpose}`;

  const accessLogs = new SecureBucket(
    part("access-logs"),
    {
      bucketName: name("access-logs"),
      dataClass: "logs",
      sseS3Reason:
        "S3 server access log delivery writes only to SSE-S3 buckets without Object Lock (Amazon S3 User Guide)",
      lifecycle: { expireAfterDays: storage.accessLogs.expireAfterDays },
      // Server access logs go to a bucket of the source's region: each region's request log stays there.
      replication: "none: S3 server access logs of this region's buckets stay in the region",
      policyStatements: (ctx) => [serverAccessLogDelivery(ctx)],
      protect,
    },
    { provider },
  );
  const logsTo = (prefix: string) => ({ targetBucket: accessLogs.bucketName, targetPrefix: `${prefix}/` });
  const { objectLock, ...archiveRetention } = storage.archive;
  const lifecycle = archiveLifecycle(archiveRetention);
  const replication = storage.replicatedBy !== undefined ? { replication: storage.replicatedBy } : {};
  // The archive admits only the deliveries this stack's audit makes (`platform:audit`): the account's trail where
  // this stack owns it, the Region's Config recorder where it records.
  const deliversTrail = config.audit?.trail?.enabled === true;
  const deliversConfig = config.audit?.config?.enabled === true;
  // AWS Config refuses a delivery channel to an Object Lock bucket (CloudFormation reference,
  // AWS::Config::DeliveryChannel): with a locked archive it gets a bucket of its own, kept as long.
  const configSeparate = objectLock !== undefined && deliversConfig;

  const archive = new SecureBucket(
    part("archive"),
    {
      bucketName: name("archive"),
      dataClass: "logs",
      kmsKeyArn: keys.keyArns.storage,
      serverAccessLogs: logsTo("archive"),
      lifecycle,
      ...(objectLock !== undefined ? { objectLock } : {}),
      ...replication,
      policyStatements: (ctx) => [
        ...(deliversTrail ? cloudTrailDeliveryStatements(ctx.bucketArn, ctx) : []),
        ...(deliversConfig && !configSeparate ? configDeliveryStatements(ctx.bucketArn, ctx) : []),
      ],
      protect,
    },
    { provider },
  );
  const configDelivery = configSeparate
    ? new SecureBucket(
        part("config"),
        {
          bucketName: name("config"),
          dataClass: "logs",
          kmsKeyArn: keys.keyArns.storage,
          serverAccessLogs: logsTo("config"),
          lifecycle,
          // Each region's Config records that region again: its history stays in the region.
          replication: "none: each region's AWS Config records its own region",
          policyStatements: (ctx) => configDeliveryStatements(ctx.bucketArn, ctx),
          protect,
        },
        { provider },
      )
    : archive;
  const assets = new SecureBucket(
    part("assets"),
    {
      bucketName: name("assets"),
      dataClass: "data",
      kmsKeyArn: keys.keyArns.storage,
      serverAccessLogs: logsTo("assets"),
      lifecycle: assetsLifecycle(storage.assets),
      ...replication,
      protect,
    },
    { provider },
  );

  const stream = logArchiveStream(config, keys, archive, provider);
  const archiveLogGroup: Storage["archiveLogGroup"] = (key, logGroupName, dependsOn = []) =>
    new aws.cloudwatch.LogSubscriptionFilter(
      `${COMPONENT_NAMES.storage}-archive-${key}`,
      {
        name: `${config.project}-archive`,
        logGroup: logGroupName,
        // Every event: the archive is the long-term copy.
        filterPattern: "",
        destinationArn: stream.stream.arn,
        roleArn: stream.logsRole.arn,
      },
      { provider, dependsOn: [...dependsOn, stream.logsRolePolicy] },
    );
  for (const group of logGroups) {
    archiveLogGroup(group.key, group.logGroupName, group.dependsOn);
  }
  return { accessLogs, archive, configDelivery, assets, logArchiveStream: stream.stream, archiveLogGroup };
}

/** The Firehose stream into the archive and the two roles around it. */
function logArchiveStream(
  config: PlatformConfig,
  keys: RegionalKeys,
  archive: SecureBucket,
  provider: aws.Provider,
): {
  stream: aws.kinesis.FirehoseDeliveryStream;
  logsRole: aws.iam.Role;
  logsRolePolicy: aws.iam.RolePolicy;
} {
  const base = `${COMPONENT_NAMES.storage}-log-archive`;
  const streamName = `${config.project}-${config.environment}-${config.region}-log-archive`;
  const partition = aws.getPartitionOutput({}, { provider }).partition;
  const ctx: pulumi.Output<StorageContext> = partition.apply((p) => ({
    accountId: config.accountId,
    partition: p,
    region: config.region,
  }));
  const errorLogGroup = new aws.cloudwatch.LogGroup(
    `${base}-errors`,
    {
      name: `/aws/kinesisfirehose/${streamName}`,
      retentionInDays: ARCHIVE_STREAM_ERROR_LOG_DAYS,
      kmsKeyId: keys.keyArns.logs,
      tags: { Name: `${base}-errors` },
    },
    { provider },
  );
  const errorLogStream = new aws.cloudwatch.LogStream(
    `${base}-errors`,
    { name: "S3Delivery", logGroupName: errorLogGroup.name },
    { provider },
  );
  const firehoseRole = new aws.iam.Role(
    `${base}-firehose`,
    {
      name: `${streamName}-firehose`,
      description: "Amazon Data Firehose writes the CloudWatch Logs copies into the log archive",
      assumeRolePolicy: ctx.apply((c) => policyJson(firehoseTrust(c, streamName), "compact")),
      tags: { Name: `${base}-firehose` },
    },
    { provider },
  );
  const firehosePolicy = new aws.iam.RolePolicy(
    `${base}-firehose`,
    {
      role: firehoseRole.id,
      policy: pulumi
        .all([archive.arn, keys.keyArns.storage, errorLogGroup.arn, ctx])
        .apply(([bucketArn, keyArn, logGroupArn, c]) =>
          policyJson(firehoseToS3Policy(bucketArn, keyArn, logGroupArn, c), "compact"),
        ),
    },
    { provider },
  );
  const stream = new aws.kinesis.FirehoseDeliveryStream(
    base,
    {
      name: streamName,
      destination: "extended_s3",
      // The records wait in Firehose encrypted with the storage key (DirectPut sources, as CloudWatch Logs is).
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: keys.keyArns.storage },
      extendedS3Configuration: {
        roleArn: firehoseRole.arn,
        bucketArn: archive.arn,
        prefix: CLOUDWATCH_LOGS_PREFIX,
        errorOutputPrefix: CLOUDWATCH_LOGS_ERROR_PREFIX,
        bufferingInterval: ARCHIVE_STREAM_BUFFERING.intervalSeconds,
        bufferingSize: ARCHIVE_STREAM_BUFFERING.sizeMiB,
        // CloudWatch Logs sends its events "Base64 encoded and compressed with the GZIP format" (CloudWatch Logs API
        // Reference, PutSubscriptionFilter): stored as they come.
        compressionFormat: "UNCOMPRESSED",
        cloudwatchLoggingOptions: {
          enabled: true,
          logGroupName: errorLogGroup.name,
          logStreamName: errorLogStream.name,
        },
      },
      tags: { Name: base },
    },
    { provider, dependsOn: [firehosePolicy, archive.policy] },
  );
  const logsRole = new aws.iam.Role(
    `${base}-logs`,
    {
      name: `${streamName}-logs`,
      description: "CloudWatch Logs puts subscribed log events into the log archive stream",
      assumeRolePolicy: ctx.apply((c) => policyJson(logsToFirehoseTrust(c), "compact")),
      tags: { Name: `${base}-logs` },
    },
    { provider },
  );
  const logsRolePolicy = new aws.iam.RolePolicy(
    `${base}-logs`,
    {
      role: logsRole.id,
      policy: stream.arn.apply((arn) => policyJson(logsToFirehosePolicy(arn), "compact")),
    },
    { provider },
  );
  return { stream, logsRole, logsRolePolicy };
}

/** One side of replication: a region's archive and assets bucket ARNs and its storage key. */
export interface ReplicationSide {
  readonly region: string;
  readonly archiveBucketArn: pulumi.Input<string>;
  readonly assetsBucketArn: pulumi.Input<string>;
  readonly archiveBucketName: pulumi.Input<string>;
  readonly assetsBucketName: pulumi.Input<string>;
  readonly storageKeyArn: pulumi.Input<string>;
  readonly provider: aws.Provider;
  /** What must exist before a replication configuration from or to this side's buckets (their versioning). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * Which buckets replicate how (ADR 0028): the archive keeps delete markers to itself (a deletion in one region
 * never hides evidence in the other), the assets replicate them (a deleted asset is gone in both, recoverable as a
 * noncurrent version). Replication metrics on (failed operations and latency, per rule, in CloudWatch), Replication
 * Time Control off (a 15-minute SLA at $0.015/GB is not needed for logs and assets).
 */
export const REPLICATED_BUCKETS = [
  { key: "archive", deleteMarkers: "Disabled" },
  { key: "assets", deleteMarkers: "Enabled" },
] as const;

/**
 * S3 replication both ways between the primary and a secondary, owned by the secondary (as its peering and Kafka
 * replicators are): per direction an IAM role and a replication configuration on each source bucket, created through
 * the source region's provider, with SSE-KMS objects re-encrypted under the destination region's storage key.
 */
export function bucketReplication(
  name: string,
  config: PlatformConfig,
  primary: ReplicationSide,
  secondary: ReplicationSide,
): void {
  for (const [source, destination] of [
    [primary, secondary],
    [secondary, primary],
  ] as const) {
    const direction = `${source.region}-to-${destination.region}`;
    const roleName = `${config.project}-${config.environment}-s3-replication-${direction}`;
    const role = new aws.iam.Role(
      `${name}-${direction}`,
      {
        name: roleName,
        description: `S3 replicates the archive and assets buckets from ${source.region} to ${destination.region}`,
        assumeRolePolicy: policyJson(replicationTrust(config.accountId), "compact"),
        tags: { Name: roleName },
      },
      { provider: source.provider },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-${direction}`,
      {
        role: role.id,
        policy: pulumi
          .all([
            source.archiveBucketArn,
            destination.archiveBucketArn,
            source.assetsBucketArn,
            destination.assetsBucketArn,
            source.storageKeyArn,
            destination.storageKeyArn,
          ])
          .apply(
            ([
              sourceArchive,
              destinationArchive,
              sourceAssets,
              destinationAssets,
              sourceKey,
              destinationKey,
            ]) => {
              const plan: ReplicationDirection = {
                sourceRegion: source.region,
                destinationRegion: destination.region,
                buckets: [
                  { source: sourceArchive, destination: destinationArchive },
                  { source: sourceAssets, destination: destinationAssets },
                ],
                sourceKeyArn: sourceKey,
                destinationKeyArn: destinationKey,
              };
              return policyJson(replicationPolicy(plan), "compact");
            },
          ),
      },
      { provider: source.provider },
    );
    for (const bucket of REPLICATED_BUCKETS) {
      new aws.s3.BucketReplicationConfig(
        `${name}-${bucket.key}-${direction}`,
        {
          bucket: bucket.key === "archive" ? source.archiveBucketName : source.assetsBucketName,
          role: role.arn,
          rules: [
            {
              id: `${bucket.key}-to-${destination.region}`,
              status: "Enabled",
              filter: {},
              deleteMarkerReplication: { status: bucket.deleteMarkers },
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
              destination: {
                bucket: bucket.key === "archive" ? destination.archiveBucketArn : destination.assetsBucketArn,
                encryptionConfiguration: { replicaKmsKeyId: destination.storageKeyArn },
                metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
              },
            },
          ],
        },
        // Versioning on both sides first (S3 refuses replication otherwise); the primary's exist already.
        {
          provider: source.provider,
          dependsOn: [rolePolicy, ...(source.dependsOn ?? []), ...(destination.dependsOn ?? [])],
        },
      );
    }
  }
}
