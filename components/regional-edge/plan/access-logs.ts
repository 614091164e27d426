/**
 * The load balancer's access-log bucket (a `SecureBucket`): what encryption ALB log delivery supports, who delivers
 * the logs in each region, the delivery statement of the bucket's policy, its name prefix and lifecycle constants.
 *
 * Source for both facts: Elastic Load Balancing User Guide for Application Load Balancers, "Enable access logs for
 * your Application Load Balancer" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
 * - Step 1, bucket requirements: "The only server-side encryption option that's supported is Amazon S3-managed keys
 *   (SSE-S3)." A bucket encrypted by default with SSE-KMS receives no logs (aws/aws-cdk#21947 reproduces it).
 * - Step 2, the bucket policy: in Regions available before August 2022 the log writer is the Elastic Load Balancing
 *   account of the Region (`arn:aws:iam::<elb-account-id>:root`, table below); in Regions available as of August
 *   2022 or later it is the service principal `logdelivery.elasticloadbalancing.amazonaws.com`. Asia Pacific (Taipei,
 *   ap-east-2) opened in 2025 and takes the service principal; Asia Pacific (Tokyo, ap-northeast-1) takes the account
 *   582318560864. (The AWS provider's `aws.elb.getServiceAccount` notes the same split.)
 */
import { PolicyStatement, accountRootArn } from "../../common/iam";
import type { BucketLifecycle, BucketPolicyContext } from "../../secure-bucket/plan";

/**
 * Why the bucket is SSE-S3 (`SecureBucket`'s `sseS3Reason`): ALB access-log delivery supports nothing else (step 1
 * above).
 */
export const ACCESS_LOG_SSE_S3_REASON =
  "ALB access-log delivery supports only SSE-S3 (Elastic Load Balancing User Guide, Enable access logs, step 1)";

/** The log writer of the Regions opened as of August 2022. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * The Elastic Load Balancing account that writes access logs in each Region available before August 2022 (the
 * documentation's table in "Step 2: Attach a policy to your S3 bucket"). A Region not listed takes the service
 * principal.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

/** The principal that writes ALB access logs in `region` (see the file's comment). */
export function elbLogDeliveryPrincipal(
  partition: string,
  region: string,
): { readonly AWS: string } | { readonly Service: string } {
  const account = ELB_LOG_DELIVERY_ACCOUNTS[region];
  return account === undefined
    ? { Service: ELB_LOG_DELIVERY_SERVICE }
    : { AWS: accountRootArn(partition, account) };
}

/** Days a replaced or deleted log object stays recoverable (the bucket is versioned) before it expires for good. */
export const NONCURRENT_LOG_DAYS = 30;

/** Days after which an incomplete multipart upload is removed. */
export const INCOMPLETE_UPLOAD_DAYS = 7;

/** The prefix of the bucket's name (S3 adds a unique suffix): `<environment>-<region>-alb-logs-`. */
export function accessLogBucketPrefix(environment: string, region: string): string {
  return `${environment}-${region}-alb-logs-`;
}

/**
 * The id of the bucket's lifecycle rule: the id the bucket had before `SecureBucket` built it, kept so adopting it
 * changes nothing.
 */
export const ACCESS_LOG_LIFECYCLE_RULE_ID = "expire-access-logs";

/**
 * The bucket's lifecycle (`SecureBucket`'s `lifecycle`): access logs expire after the retention, a replaced or
 * deleted version is kept `NONCURRENT_LOG_DAYS` longer, abandoned multipart uploads are cleaned up.
 */
export function accessLogLifecycle(retentionDays: number): BucketLifecycle {
  return {
    expireAfterDays: retentionDays,
    noncurrentVersionExpireAfterDays: NONCURRENT_LOG_DAYS,
    abortIncompleteUploadAfterDays: INCOMPLETE_UPLOAD_DAYS,
    ruleId: ACCESS_LOG_LIFECYCLE_RULE_ID,
  };
}

/**
 * The bucket policy's statement after `SecureBucket`'s TLS-only Deny: Elastic Load Balancing of the region writes
 * this account's access logs under `AWSLogs/<account>/` (the load balancer writes no prefix of its own) and nothing
 * else.
 */
export function elbAccessLogDelivery(
  ctx: Pick<BucketPolicyContext, "bucketArn" | "accountId" | "partition" | "region">,
): PolicyStatement {
  return {
    Sid: "ElasticLoadBalancingWritesAccessLogs",
    Effect: "Allow",
    Principal: elbLogDeliveryPrincipal(ctx.partition, ctx.region),
    Action: "s3:PutObject",
    Resource: `${ctx.bucketArn}/AWSLogs/${ctx.accountId}/*`,
  };
}
