/**
 * S3 (v2 semantics): buckets with their generated names, ARNs and domain names, and the configuration resources that
 * name their bucket (the provider uses the bucket's name as their id).
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** A bucket's name: given, or the prefix and the 26 digits S3's provider adds, or the logical name autonamed. */
function bucketName(inputs: Record<string, unknown>, name: string, seed: string): string {
  const given = inputs["bucket"];
  if (typeof given === "string") {
    return given;
  }
  const prefix = inputs["bucketPrefix"];
  if (typeof prefix === "string") {
    const digits = shortHash(seed, 26)
      .split("")
      .map((hex) => String(parseInt(hex, 16) % 10))
      .join("");
    return `${prefix}${digits}`;
  }
  return `${name}-${shortHash(seed, 7)}`;
}

/** The state of an `aws:s3/*` resource; undefined for a type this family does not know. */
export function s3State({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  if (type === "aws:s3/bucket:Bucket" || type === "aws:s3/bucketV2:BucketV2") {
    const bucket = bucketName(inputs, name, seed);
    return result(bucket, {
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      region,
    });
  }
  if (type === "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock") {
    // One block per account: the provider's id is the account id.
    return result(stringOr(inputs["accountId"], MOCK_ACCOUNT_ID), {});
  }
  if (type.startsWith("aws:s3/bucket")) {
    return result(stringOr(inputs["bucket"], name), {});
  }
  return undefined;
}
