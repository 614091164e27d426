/**
 * Aurora: nothing deletes the data by accident or by a routine update. Deletion protection, final snapshots, kept
 * backups with enough retention, and secondaries of a global database that survive a failover.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { describe, peek, setTo } from "../lib/values";

export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";

type ClusterInputs = Inputs<aws.rds.ClusterArgs>;

/**
 * A secondary cluster of a global database: it replicates from another cluster (`replicationSourceIdentifier`), or it
 * joins a global cluster (`globalClusterIdentifier`) without master credentials or a snapshot of its own, which is
 * how a cluster is added as a read-only secondary. Presence is read without the unknown check: the identifiers are
 * outputs of other resources, unknown during a first preview, and set all the same.
 */
export function isSecondaryCluster(cluster: Record<string, unknown>): boolean {
  const set = (key: string) => {
    const value = peek(cluster, key);
    return value !== undefined && value !== null && value !== "";
  };
  if (set("replicationSourceIdentifier")) {
    return true;
  }
  return (
    set("globalClusterIdentifier") &&
    !set("masterUsername") &&
    !set("manageMasterUserPassword") &&
    !set("snapshotIdentifier")
  );
}

export const auroraDeletionProtection: ResourceValidationPolicy = {
  name: "aurora-deletion-protection",
  description: "Aurora clusters have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: validateType<ClusterInputs>(RDS_CLUSTER, (cluster, _args, report) => {
    if (cluster.deletionProtection !== true) {
      report(setTo("deletionProtection", cluster.deletionProtection, "true"));
    }
  }),
};

export const auroraGlobalClusterDeletionProtection: ResourceValidationPolicy = {
  name: "aurora-global-cluster-deletion-protection",
  description: "Aurora global clusters have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.rds.GlobalClusterArgs>>(
    RDS_GLOBAL_CLUSTER,
    (global, _args, report) => {
      if (global.deletionProtection !== true) {
        report(setTo("deletionProtection", global.deletionProtection, "true"));
      }
    },
  ),
};

export const auroraGlobalClusterNoForceDestroy: ResourceValidationPolicy = {
  name: "aurora-global-cluster-no-force-destroy",
  description: "Aurora global clusters never force-destroy their member clusters on deletion.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.rds.GlobalClusterArgs>>(
    RDS_GLOBAL_CLUSTER,
    (global, _args, report) => {
      if (global.forceDestroy === true) {
        report(setTo("forceDestroy", global.forceDestroy, "false"));
      }
    },
  ),
};

export const auroraFinalSnapshot: ResourceValidationPolicy = {
  name: "aurora-final-snapshot",
  description:
    "Aurora clusters (other than global secondaries, which cannot) take a named final snapshot when deleted.",
  enforcementLevel: "mandatory",
  validateResource: validateType<ClusterInputs>(RDS_CLUSTER, (cluster, args, report) => {
    if (isSecondaryCluster(args.props)) {
      return;
    }
    if (cluster.skipFinalSnapshot === true) {
      report(setTo("skipFinalSnapshot", cluster.skipFinalSnapshot, "false"));
    }
    if (cluster.finalSnapshotIdentifier === undefined || cluster.finalSnapshotIdentifier === "") {
      report(
        setTo("finalSnapshotIdentifier", undefined, "a snapshot name (e.g. the cluster's name with -final)"),
      );
    }
  }),
};

export const auroraKeepAutomatedBackups: ResourceValidationPolicy = {
  name: "aurora-keep-automated-backups",
  description: "Aurora clusters keep their automated backups when deleted (AWS deletes them by default).",
  enforcementLevel: "mandatory",
  validateResource: validateType<ClusterInputs>(RDS_CLUSTER, (cluster, _args, report) => {
    if (cluster.deleteAutomatedBackups !== false) {
      report(setTo("deleteAutomatedBackups", cluster.deleteAutomatedBackups, "false"));
    }
  }),
};

export interface BackupRetentionConfig {
  /** Smallest accepted backupRetentionPeriod, in days. */
  minimumDays: number;
}
const backupRetentionDefaults: BackupRetentionConfig = { minimumDays: 7 };

export const auroraBackupRetention: ResourceValidationPolicy = {
  name: "aurora-backup-retention",
  description: "Aurora clusters keep automated backups for at least 7 days (configurable).",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumDays: {
      type: "integer",
      minimum: 1,
      maximum: 35,
      default: backupRetentionDefaults.minimumDays,
      description: "Smallest accepted backupRetentionPeriod, in days.",
    },
  }),
  validateResource: validateType<ClusterInputs>(RDS_CLUSTER, (cluster, args, report) => {
    const { minimumDays } = configWithDefaults(args, backupRetentionDefaults);
    // Unset means AWS's default of 1 day.
    if ((cluster.backupRetentionPeriod ?? 1) < minimumDays) {
      report(setTo("backupRetentionPeriod", cluster.backupRetentionPeriod, `${minimumDays} or more`));
    }
  }),
};

export const SECONDARY_IGNORED_PROPERTIES = [
  "replicationSourceIdentifier",
  "globalClusterIdentifier",
] as const;

export const auroraSecondaryIgnoreChanges: ResourceValidationPolicy = {
  name: "aurora-secondary-ignore-changes",
  description:
    "Secondary clusters of a global database ignore changes to replicationSourceIdentifier and " +
    "globalClusterIdentifier, so an update after a failover neither detaches nor promotes them.",
  enforcementLevel: "mandatory",
  validateResource: validateType<ClusterInputs>(RDS_CLUSTER, (_cluster, args, report) => {
    if (!isSecondaryCluster(args.props)) {
      return;
    }
    const ignored = args.opts.ignoreChanges ?? [];
    const missing = SECONDARY_IGNORED_PROPERTIES.filter((p) => !ignored.includes(p));
    if (missing.length > 0) {
      report(
        `ignoreChanges is ${describe(ignored)}; add ${missing.map((p) => JSON.stringify(p)).join(" and ")} to the ` +
          "resource options of this secondary cluster.",
      );
    }
  }),
};
