/** Account settings of encryption: new EBS volumes in a region are encrypted whatever their creator asks. */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { setTo } from "../lib/values";

export const EBS_ENCRYPTION_BY_DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault";

export const ebsEncryptionByDefault: ResourceValidationPolicy = {
  name: "ebs-encryption-by-default",
  description:
    "EBS encryption by default is enabled where a stack manages it, so no volume or snapshot copy in the region is created unencrypted.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ebs.EncryptionByDefaultArgs>>(
    EBS_ENCRYPTION_BY_DEFAULT,
    (setting, _args, report) => {
      if (setting.enabled === false) {
        report(setTo("enabled", false, "true (or leave it unset)"));
      }
    },
  ),
};
