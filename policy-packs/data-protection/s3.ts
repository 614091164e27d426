/**
 * S3: buckets that hold logs or data keep every version of their objects; every bucket but the log archive logs the
 * requests made to it, and every bucket has a lifecycle that expires or moves what it holds; buckets of the
 * replicated data classes are replicated (or say who replicates them); the bucket CloudTrail delivers to is WORM.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schema } from "../lib/policy";
import {
  buckets,
  configurationsOf,
  hasInline,
  LIFECYCLE_TYPES,
  LOGGING_TYPES,
  OBJECT_LOCK_TYPES,
  receivesCloudTrail,
  REPLICATION_TYPES,
  VERSIONING_TYPES,
} from "../lib/s3";
import { effectiveTags } from "../lib/tags";
import { describe, isRecord, isUnknown, listOf, peek } from "../lib/values";

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

export interface AccessLoggingConfig {
  dataClassTag: string;
  /** Data classes whose buckets need no access logs: the log archive, which receives them. */
  exemptClasses: string[];
}
const accessLoggingDefaults: AccessLoggingConfig = {
  dataClassTag: "platform:data-class",
  exemptClasses: ["logs"],
};

export const s3BucketAccessLogging: StackValidationPolicy = {
  name: "s3-bucket-access-logging",
  description:
    "S3 buckets log the requests made to them (server access logging), except buckets of the exempt data classes (the log archive they log to).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    dataClassTag: {
      type: "string",
      default: accessLoggingDefaults.dataClassTag,
      description: "Tag naming what a bucket holds.",
    },
    exemptClasses: {
      type: "array",
      items: { type: "string" },
      default: accessLoggingDefaults.exemptClasses,
      description: "Data classes whose buckets need no access logs (the log archive, the logs' target).",
    },
  }),
  validateStack: (args, report) => {
    const { dataClassTag, exemptClasses } = configWithDefaults(args, accessLoggingDefaults);
    for (const bucket of buckets(args)) {
      const dataClass = effectiveTags(bucket.type, bucket.props, bucket.provider)[dataClassTag];
      if (dataClass !== undefined && exemptClasses.includes(dataClass)) {
        continue;
      }
      if (configurationsOf(bucket, args, LOGGING_TYPES).length > 0 || hasInline(bucket, "logging")) {
        continue;
      }
      report(
        `bucket (${dataClassTag} ${describe(dataClass)}) has no server access logging; add an ` +
          "aws.s3.BucketLogging for it with targetBucket the log archive.",
        bucket.urn,
      );
    }
  },
};

interface LifecycleRule {
  status?: unknown;
  enabled?: unknown;
}

export const s3BucketLifecycle: StackValidationPolicy = {
  name: "s3-bucket-lifecycle",
  description:
    "Every S3 bucket has a lifecycle configuration with at least one enabled rule (expiry, transitions, noncurrent versions).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of buckets(args)) {
      const configurations = configurationsOf(bucket, args, LIFECYCLE_TYPES);
      const rules = [
        ...configurations.flatMap((c) => listOf(c.props["rules"] as LifecycleRule[] | undefined)),
        ...(hasInline(bucket, "lifecycleRules")
          ? listOf(bucket.props["lifecycleRules"] as LifecycleRule[] | undefined)
          : []),
      ];
      if (rules.some((rule) => rule.status === "Enabled" || rule.enabled === true)) {
        continue;
      }
      report(
        configurations.length === 0 && rules.length === 0
          ? "bucket has no lifecycle configuration; add an aws.s3.BucketLifecycleConfiguration for it with a rule " +
              'of status "Enabled" (expire, or move to colder storage, what it holds).'
          : 'bucket\'s lifecycle rules are all disabled; set the status of at least one rule to "Enabled".',
        bucket.urn,
      );
    }
  },
};

export interface ReplicationConfig {
  dataClassTag: string;
  /** Data classes that must be replicated; a bucket without the tag counts as holding data. */
  replicatedClasses: string[];
  /** The tag that declares who replicates a bucket elsewhere, or why it stays in its region. */
  declarationTag: string;
}
const replicationDefaults: ReplicationConfig = {
  dataClassTag: "platform:data-class",
  replicatedClasses: ["logs", "data"],
  declarationTag: "platform:replication",
};

interface ReplicationRule {
  status?: unknown;
}

export const s3BucketReplication: StackValidationPolicy = {
  name: "s3-bucket-replication",
  description:
    "S3 buckets of the replicated data classes (platform:data-class logs or data, or untagged) have a replication " +
    "configuration with an enabled rule, or declare in platform:replication who replicates them (another stack) " +
    "or why they stay in their region.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    dataClassTag: {
      type: "string",
      default: replicationDefaults.dataClassTag,
      description: "Tag naming what a bucket holds.",
    },
    replicatedClasses: {
      type: "array",
      items: { type: "string" },
      default: replicationDefaults.replicatedClasses,
      description: "Data classes that must be replicated (untagged buckets count as data).",
    },
    declarationTag: {
      type: "string",
      default: replicationDefaults.declarationTag,
      description: "Tag whose non-empty value says who replicates the bucket, or why it is not replicated.",
    },
  }),
  validateStack: (args, report) => {
    const { dataClassTag, replicatedClasses, declarationTag } = configWithDefaults(args, replicationDefaults);
    for (const bucket of buckets(args)) {
      const tags = effectiveTags(bucket.type, bucket.props, bucket.provider);
      const dataClass = tags[dataClassTag];
      if (dataClass !== undefined && !replicatedClasses.includes(dataClass)) {
        continue;
      }
      const declared = tags[declarationTag];
      if (declared !== undefined && declared.trim() !== "") {
        continue;
      }
      const configurations = configurationsOf(bucket, args, REPLICATION_TYPES);
      const rules = configurations.flatMap((c) => listOf(c.props["rules"] as ReplicationRule[] | undefined));
      if (rules.some((rule) => rule.status === "Enabled")) {
        continue;
      }
      const label = `bucket (${dataClassTag} ${describe(dataClass)})`;
      report(
        configurations.length === 0
          ? `${label} is not replicated; add an aws.s3.BucketReplicationConfig for it with an enabled rule to a ` +
              `bucket in another region, or say in its tag "${declarationTag}" who replicates it (e.g. "by prod-tokyo") ` +
              "or why it stays in its region."
          : `${label}: the rules of ${configurations.map((c) => c.name).join(", ")} are all disabled; set the status of ` +
              'at least one rule to "Enabled".',
        bucket.urn,
      );
    }
  },
};

export interface TrailBucketObjectLockConfig {
  /** The least default retention, in days. */
  minimumDays: number;
}
const trailBucketObjectLockDefaults: TrailBucketObjectLockConfig = { minimumDays: 1 };

interface DefaultRetention {
  mode?: unknown;
  days?: unknown;
  years?: unknown;
}

export const s3TrailBucketObjectLock: StackValidationPolicy = {
  name: "s3-trail-bucket-object-lock",
  description:
    "The S3 buckets CloudTrail delivers to (their policy lets cloudtrail.amazonaws.com put objects) have Object Lock " +
    "with a default retention of at least minimumDays, so no one can delete or overwrite the audit trail meanwhile.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumDays: {
      type: "number",
      default: trailBucketObjectLockDefaults.minimumDays,
      description: "The least default retention in days (years count as 365 days).",
    },
  }),
  validateStack: (args, report) => {
    const { minimumDays } = configWithDefaults(args, trailBucketObjectLockDefaults);
    const least = `${minimumDays} day${minimumDays === 1 ? "" : "s"}`;
    for (const bucket of buckets(args)) {
      if (!receivesCloudTrail(bucket, args)) {
        continue;
      }
      if (bucket.props["objectLockEnabled"] !== true && !hasInline(bucket, "objectLockConfiguration")) {
        report(
          "bucket receives CloudTrail log files but has no Object Lock; create it with objectLockEnabled true and add " +
            `an aws.s3.BucketObjectLockConfiguration with a default retention of at least ${least}.`,
          bucket.urn,
        );
        continue;
      }
      const retentions = configurationsOf(bucket, args, OBJECT_LOCK_TYPES).map(
        (c) => (c.props["rule"] as { defaultRetention?: DefaultRetention } | undefined)?.defaultRetention,
      );
      const days = (r: DefaultRetention | undefined): number =>
        typeof r?.days === "number" ? r.days : typeof r?.years === "number" ? r.years * 365 : 0;
      const longest = Math.max(0, ...retentions.map(days));
      if (longest < minimumDays) {
        report(
          retentions.length === 0
            ? "bucket receives CloudTrail log files and has Object Lock on, but no default retention; add an " +
                `aws.s3.BucketObjectLockConfiguration with rule.defaultRetention of at least ${least}.`
            : `bucket's Object Lock default retention is ${longest} days; set rule.defaultRetention.days to at least ${minimumDays}.`,
          bucket.urn,
        );
      }
    }
  },
};
