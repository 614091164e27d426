/**
 * S3 buckets are not public and not shared through ACLs: each has a public access block with all four settings on,
 * and access is decided by policies alone (object ownership "BucketOwnerEnforced", which disables ACLs).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import {
  BUCKET_ACL_TYPES,
  buckets,
  configurationsOf,
  hasInline,
  OWNERSHIP_CONTROLS_TYPES,
  PUBLIC_ACCESS_BLOCK_TYPES,
} from "../lib/s3";
import { describe, listOf, peek } from "../lib/values";

const BLOCK_SETTINGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

export const s3BucketPublicAccessBlock: StackValidationPolicy = {
  name: "s3-bucket-public-access-block",
  description:
    "Every S3 bucket has a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets on.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of buckets(args)) {
      const blocks = configurationsOf(bucket, args, PUBLIC_ACCESS_BLOCK_TYPES);
      if (blocks.length === 0) {
        report(
          `bucket has no public access block; add an aws.s3.BucketPublicAccessBlock for it with ` +
            `${BLOCK_SETTINGS.join(", ")} set to true.`,
          bucket.urn,
        );
        continue;
      }
      for (const block of blocks) {
        for (const setting of BLOCK_SETTINGS) {
          const value = block.props[setting];
          if (value !== true) {
            report(`${block.name} has ${setting} ${describe(value)}; set ${setting} to true.`, bucket.urn);
          }
        }
      }
    }
  },
};

export const s3BucketOwnerEnforced: StackValidationPolicy = {
  name: "s3-bucket-owner-enforced",
  description:
    "S3 buckets use no ACLs: no bucket ACL, no inline acl or grants, and object ownership BucketOwnerEnforced (S3's default for new buckets) when set.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of buckets(args)) {
      for (const acl of configurationsOf(bucket, args, BUCKET_ACL_TYPES)) {
        report(
          `${acl.name} sets an ACL on this bucket; remove it and grant access through the bucket policy ` +
            '(object ownership "BucketOwnerEnforced" disables ACLs).',
          bucket.urn,
        );
      }
      // "private" is the canned ACL every bucket has: it grants the owner alone.
      if (hasInline(bucket, "acl") && peek(bucket.props, "acl") !== "private") {
        report(
          `bucket sets acl ${describe(bucket.props["acl"])}; remove it and grant access through the bucket policy.`,
          bucket.urn,
        );
      }
      const grants = listOf(bucket.props["grants"] as unknown[] | undefined);
      if (grants.length > 0) {
        report(
          `bucket sets grants (${grants.length}); remove them and grant access through the bucket policy.`,
          bucket.urn,
        );
      }
      for (const controls of configurationsOf(bucket, args, OWNERSHIP_CONTROLS_TYPES)) {
        const rule = controls.props["rule"] as { objectOwnership?: unknown } | undefined;
        if (rule?.objectOwnership !== "BucketOwnerEnforced") {
          report(
            `${controls.name} has rule.objectOwnership ${describe(rule?.objectOwnership)}; set it to ` +
              '"BucketOwnerEnforced" (or remove the ownership controls: it is S3\'s default).',
            bucket.urn,
          );
        }
      }
    }
  },
};
