/**
 * Tags the other packs rely on: a subnet's tier (private-networking places data stores and public resources by it)
 * and a bucket's data class (data-protection versions and protects buckets by it).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schema, validateType } from "../lib/policy";
import { effectiveTags } from "../lib/tags";
import { describe } from "../lib/values";

export const SUBNET = "aws:ec2/subnet:Subnet";
export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

function oneOf(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

export interface SubnetTierConfig {
  tierTag: string;
  tiers: string[];
}
const subnetTierDefaults: SubnetTierConfig = { tierTag: "Tier", tiers: ["data", "workload", "edge"] };

export const subnetTierTag: ResourceValidationPolicy = {
  name: "subnet-tier-tag",
  description: "Every subnet names its tier (data, workload or edge) in its Tier tag.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    tierTag: {
      type: "string",
      default: subnetTierDefaults.tierTag,
      description: "Tag that names a subnet's tier.",
    },
    tiers: {
      type: "array",
      items: { type: "string" },
      default: subnetTierDefaults.tiers,
      description: "Accepted tiers.",
    },
  }),
  validateResource: validateType<Record<string, unknown>>(SUBNET, (subnet, args, report) => {
    const { tierTag, tiers } = configWithDefaults(args, subnetTierDefaults);
    const tier = effectiveTags(args.type, subnet, args.provider)[tierTag];
    if (tier === undefined || !tiers.includes(tier)) {
      report(`tags.${tierTag} is ${describe(tier)}; set tags.${tierTag} to one of ${oneOf(tiers)}.`);
    }
  }),
};

export interface DataClassConfig {
  tagKey: string;
  classes: string[];
}
export const dataClassDefaults: DataClassConfig = {
  tagKey: "platform:data-class",
  classes: ["logs", "data", "ephemeral"],
};

export const s3BucketDataClassTag: ResourceValidationPolicy = {
  name: "s3-bucket-data-class-tag",
  description: "Every S3 bucket says what it holds in its platform:data-class tag (logs, data or ephemeral).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    tagKey: {
      type: "string",
      default: dataClassDefaults.tagKey,
      description: "Tag naming what a bucket holds.",
    },
    classes: {
      type: "array",
      items: { type: "string" },
      default: dataClassDefaults.classes,
      description: "Accepted data classes.",
    },
  }),
  validateResource: BUCKET_TYPES.map((type) =>
    validateType<Record<string, unknown>>(type, (bucket, args, report) => {
      const { tagKey, classes } = configWithDefaults(args, dataClassDefaults);
      const value = effectiveTags(args.type, bucket, args.provider)[tagKey];
      if (value === undefined || !classes.includes(value)) {
        report(`tags["${tagKey}"] is ${describe(value)}; set tags["${tagKey}"] to one of ${oneOf(classes)}.`);
      }
    }),
  ),
};
