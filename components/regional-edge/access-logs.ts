/**
 * The load balancer's access-log bucket: SSE-S3 (the only encryption ALB log delivery supports), versioned, every
 * public access blocked, ACLs disabled, TLS only, written by Elastic Load Balancing of the region, expiring.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import {
  ACCESS_LOG_SSE_ALGORITHM,
  accessLogBucketPolicy,
  accessLogBucketPrefix,
  accessLogLifecycleRule,
} from "./plan";

/** The bucket, and its policy: the load balancer may enable access logs only once Elastic Load Balancing may write. */
export interface AccessLogBucket {
  readonly bucket: aws.s3.Bucket;
  readonly policy: aws.s3.BucketPolicy;
}

export function createAccessLogBucket({
  name,
  resolved,
  provider,
  childOpts,
  tags,
  accountId,
  partition,
}: Context): AccessLogBucket {
  const logsName = `${name}-access-logs`;
  const bucket = new aws.s3.Bucket(
    logsName,
    {
      bucketPrefix: accessLogBucketPrefix(resolved.environment, resolved.region),
      forceDestroy: false,
      tags: tags({
        Name: logsName,
        "platform:data-class": "logs",
        // The data-protection pack's s3-bucket-replication: a region's load-balancer logs stay in the region.
        "platform:replication": "none: ALB access logs of this region's load balancer stay in the region",
      }),
    },
    { ...childOpts, protect: resolved.protect },
  );
  const bucketOpts = { parent: bucket, provider };
  new aws.s3.BucketOwnershipControls(
    logsName,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    bucketOpts,
  );
  new aws.s3.BucketPublicAccessBlock(
    logsName,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    bucketOpts,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    logsName,
    {
      bucket: bucket.id,
      // SSE-S3, not SSE-KMS: ALB access-log delivery supports nothing else (plan/access-logs.ts, with its source).
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: ACCESS_LOG_SSE_ALGORITHM } }],
    },
    bucketOpts,
  );
  new aws.s3.BucketVersioning(
    logsName,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    bucketOpts,
  );
  new aws.s3.BucketLifecycleConfiguration(
    logsName,
    { bucket: bucket.id, rules: [accessLogLifecycleRule(resolved.logRetentionDays)] },
    bucketOpts,
  );
  const policy = new aws.s3.BucketPolicy(
    logsName,
    {
      bucket: bucket.id,
      policy: pulumi.all([bucket.arn, accountId, partition]).apply(([bucketArn, account, part]) =>
        policyJson(
          accessLogBucketPolicy({
            bucketArn,
            accountId: account,
            partition: part,
            region: resolved.region,
          }),
          "compact",
        ),
      ),
    },
    bucketOpts,
  );
  return { bucket, policy };
}
