/**
 * The load balancer's access-log bucket: what encryption ALB log delivery supports, who delivers the logs in each
 * region, the bucket's policy and lifecycle.
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
import { PolicyDocument, PolicyStatement, accountRootArn, policyDocument } from "../../common/iam";

/** The server-side encryption the bucket uses: SSE-S3, the only one ALB access-log delivery supports. */
export const ACCESS_LOG_SSE_ALGORITHM = "AES256";

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

/** S3 takes a `bucketPrefix` of at most 37 characters (the generated suffix fills the 63 of a bucket name). */
export const MAX_BUCKET_PREFIX_LENGTH = 37;

/** What the bucket policy is written for. */
export interface AccessLogPolicyContext {
  readonly bucketArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

/**
 * The bucket policy: no request without TLS, from anyone; Elastic Load Balancing of the region writes this account's
 * access logs under `AWSLogs/<account>/` (the load balancer writes no prefix of its own) and nothing else.
 */
export function accessLogBucketPolicy(ctx: AccessLogPolicyContext): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [ctx.bucketArn, `${ctx.bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "ElasticLoadBalancingWritesAccessLogs",
      Effect: "Allow",
      Principal: elbLogDeliveryPrincipal(ctx.partition, ctx.region),
      Action: "s3:PutObject",
      Resource: `${ctx.bucketArn}/AWSLogs/${ctx.accountId}/*`,
    },
  ];
  return policyDocument(statements);
}

/** The bucket's one lifecycle rule, in the shape `aws.s3.BucketLifecycleConfiguration` takes. */
export interface AccessLogLifecycleRule {
  readonly id: string;
  readonly status: "Enabled";
  readonly filter: Readonly<Record<string, never>>;
  readonly expiration: { readonly days: number };
  readonly noncurrentVersionExpiration: { readonly noncurrentDays: number };
  readonly abortIncompleteMultipartUpload: { readonly daysAfterInitiation: number };
}

/**
 * Access logs expire after the retention; a replaced or deleted version is kept `NONCURRENT_LOG_DAYS` longer, and
 * abandoned multipart uploads are cleaned up.
 */
export function accessLogLifecycleRule(retentionDays: number): AccessLogLifecycleRule {
  return {
    id: "expire-access-logs",
    status: "Enabled",
    filter: {},
    expiration: { days: retentionDays },
    noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_LOG_DAYS },
    abortIncompleteMultipartUpload: { daysAfterInitiation: INCOMPLETE_UPLOAD_DAYS },
  };
}
