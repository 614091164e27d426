/** Account settings of exposure: S3's account-level public access block, over every bucket of the account. */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { setTo } from "../lib/values";

export const S3_ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

const SETTINGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

export const s3AccountPublicAccessBlock: ResourceValidationPolicy = {
  name: "s3-account-public-access-block",
  description:
    "The account's S3 public access block sets all four settings, so no bucket of the account can be made public by an ACL or a policy.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.s3.AccountPublicAccessBlockArgs>>(
    S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
    (block, _args, report) => {
      for (const setting of SETTINGS) {
        // Each defaults to false when left out.
        if (block[setting] !== true) {
          report(setTo(setting, block[setting], "true"));
        }
      }
    },
  ),
};
