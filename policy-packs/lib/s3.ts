/**
 * S3 in @pulumi/aws v7: a bucket (`aws:s3/bucket:Bucket`, or its deprecated `BucketV2` alias) is configured by
 * separate resources that name it in their `bucket` property (encryption, versioning, policy), or — deprecated but
 * still accepted — by inline properties of the bucket itself.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { linkedResources } from "./links";
import { resourcesOfType } from "./policy";
import { peek } from "./values";

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
