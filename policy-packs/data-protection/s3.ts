/**
 * S3: buckets that hold logs or data keep every version of their objects.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schema } from "../lib/policy";
import { buckets, configurationsOf, VERSIONING_TYPES } from "../lib/s3";
import { effectiveTags } from "../lib/tags";
import { describe, isRecord, isUnknown, peek } from "../lib/values";

export interface VersioningConfig {
  dataClassTag: string;
  /** Data classes that must be versioned; a bucket without the tag counts as holding data. */
  versionedClasses: string[];
}
const versioningDefaults: VersioningConfig = {
  dataClassTag: "platform:data-class",
  versionedClasses: ["logs", "data"],
};

function versioningStatus(configuration: PolicyResource): unknown {
  const settings = configuration.props["versioningConfiguration"] as { status?: unknown } | undefined;
  return settings?.status;
}

export const s3BucketVersioning: StackValidationPolicy = {
  name: "s3-bucket-versioning",
  description:
    "S3 buckets holding logs or data (platform:data-class logs or data, or untagged) have versioning on.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    dataClassTag: {
      type: "string",
      default: versioningDefaults.dataClassTag,
      description: "Tag naming what a bucket holds.",
    },
    versionedClasses: {
      type: "array",
      items: { type: "string" },
      default: versioningDefaults.versionedClasses,
      description: "Data classes that must be versioned (untagged buckets count as data).",
    },
  }),
  validateStack: (args, report) => {
    const { dataClassTag, versionedClasses } = configWithDefaults(args, versioningDefaults);
    for (const bucket of buckets(args)) {
      const dataClass = effectiveTags(bucket.type, bucket.props, bucket.provider)[dataClassTag];
      if (dataClass !== undefined && !versionedClasses.includes(dataClass)) {
        continue;
      }
      const label = `bucket (${dataClassTag} ${describe(dataClass)})`;
      const configurations = configurationsOf(bucket, args, VERSIONING_TYPES);
      if (configurations.length === 0) {
        // The deprecated inline form, when a bucket still uses it. Read without the unknown check: at a preview that
        // creates the bucket the provider has not computed it yet, and without a BucketVersioning nothing says the
        // bucket will be versioned, so it fails (saying so) rather than waiting for `up`, when the bucket exists.
        const inline = peek(bucket.props, "versioning");
        const enabled = isRecord(inline) ? peek(inline, "enabled") : undefined;
        if (enabled === true) {
          continue;
        }
        const what =
          inline === undefined || inline === null
            ? "has no versioning"
            : isUnknown(inline) || isUnknown(enabled)
              ? "has no aws.s3.BucketVersioning and its inline versioning is not known yet"
              : `has versioning.enabled ${describe(enabled)}`;
        report(
          `${label} ${what}; add an aws.s3.BucketVersioning for it with versioningConfiguration.status "Enabled".`,
          bucket.urn,
        );
        continue;
      }
      for (const configuration of configurations) {
        const status = versioningStatus(configuration);
        if (status !== "Enabled") {
          report(
            `${label}: ${configuration.name} has versioningConfiguration.status ${describe(status)}; set it to "Enabled".`,
            bucket.urn,
          );
        }
      }
    }
  },
};
