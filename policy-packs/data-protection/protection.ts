/**
 * Stateful resources are protected (`protect: true`) where data loss matters, so `pulumi destroy` or a replacement
 * cannot delete them without first removing the protection in code.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, schema } from "../lib/policy";
import { BUCKET_TYPES } from "../lib/s3";
import { effectiveTags } from "../lib/tags";

/** Types that always hold state worth protecting. */
export const STATEFUL_TYPES: readonly string[] = [
  "aws:rds/globalCluster:GlobalCluster",
  "aws:rds/cluster:Cluster",
  "aws:rds/instance:Instance",
  "aws:msk/cluster:Cluster",
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/externalKey:ExternalKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
  // Deleting a zone loses every record and its delegation; a new zone gets new name servers.
  "aws:route53/zone:Zone",
  // Images are the only copy of a release once CI has moved on.
  "aws:ecr/repository:Repository",
];

export interface ProtectConfig {
  /** Require `protect: true` (on in prod; environments that are rebuilt freely turn it off). */
  requireProtect: boolean;
  /** Tag naming what a bucket holds. */
  dataClassTag: string;
  /** Data classes of buckets that are protected (the log archive). */
  protectedBucketClasses: string[];
}
const protectDefaults: ProtectConfig = {
  requireProtect: true,
  dataClassTag: "platform:data-class",
  protectedBucketClasses: ["logs"],
};

export const protectStatefulResources: ResourceValidationPolicy = {
  name: "protect-stateful-resources",
  description:
    "Global clusters, Aurora and MSK clusters, RDS DB instances, KMS keys, public hosted zones, ECR repositories and log archive buckets carry the protect resource option.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    requireProtect: {
      type: "boolean",
      default: protectDefaults.requireProtect,
      description: "Require protect: true (prod); off where stacks are rebuilt freely.",
    },
    dataClassTag: {
      type: "string",
      default: protectDefaults.dataClassTag,
      description: "Tag naming what a bucket holds.",
    },
    protectedBucketClasses: {
      type: "array",
      items: { type: "string" },
      default: protectDefaults.protectedBucketClasses,
      description: "Data classes of buckets that are protected.",
    },
  }),
  validateResource: (args, report) => {
    const config = configWithDefaults(args, protectDefaults);
    if (!config.requireProtect) {
      return;
    }
    const stateful =
      STATEFUL_TYPES.includes(args.type) ||
      ((BUCKET_TYPES as readonly string[]).includes(args.type) &&
        config.protectedBucketClasses.includes(
          effectiveTags(args.type, args.props, args.provider)[config.dataClassTag] ?? "",
        ));
    if (stateful && args.opts.protect !== true) {
      report("protect is false; set the resource option protect: true.");
    }
  },
};
