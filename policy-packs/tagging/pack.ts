/**
 * The tagging pack: every taggable resource is attributable (owner, cost center, environment, project, tool) and
 * classified where other packs depend on it (subnet tiers, bucket data classes).
 */
import type { PackDefinition } from "../lib/policy";
import { s3BucketDataClassTag, subnetTierTag } from "./classification";
import { environmentTagAllowed, requiredTags, tagLimits } from "./tags";

export const taggingPack: PackDefinition = {
  name: "tagging",
  args: {
    description: "Taggable resources carry the required tags, with allowed values, within AWS's limits.",
    enforcementLevel: "mandatory",
    policies: [requiredTags, environmentTagAllowed, tagLimits, subnetTierTag, s3BucketDataClassTag],
  },
};
