/**
 * Aurora (and RDS DB instances): nothing deletes the data by accident or by a routine update. Deletion protection,
 * final snapshots, kept backups with enough retention, and secondaries of a global database that survive a failover.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import {
  isReadReplica,
  isReplica,
  isSecondaryCluster,
  RDS_CLUSTER,
  RDS_GLOBAL_CLUSTER,
  RDS_INSTANCE,
  validateDatabases,
} from "../lib/rds";
import { describe, setTo } from "../lib/values";

type ClusterInputs = Inputs<aws.rds.ClusterArgs>;

export const auroraDeletionProtection: ResourceValidationPolicy = {
  name: "aurora-deletion-protection",
  description: "Aurora clusters and RDS DB instances have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: validateDatabases((db, _args, report) => {
    if (db.deletionProtection !== true) {
      report(setTo("deletionProtection", db.deletionProtection, "true"));
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
    "Aurora clusters and RDS DB instances (other than global secondaries and read replicas, which cannot) take a named final snapshot when deleted.",
  enforcementLevel: "mandatory",
  validateResource: validateDatabases((db, args, report) => {
    if (isReplica(args.type, args.props)) {
      return;
    }
    if (db.skipFinalSnapshot === true) {
      report(setTo("skipFinalSnapshot", db.skipFinalSnapshot, "false"));
    }
    if (db.finalSnapshotIdentifier === undefined || db.finalSnapshotIdentifier === "") {
      report(
        setTo(
          "finalSnapshotIdentifier",
          undefined,
          `a snapshot name (e.g. the ${args.type === RDS_INSTANCE ? "instance" : "cluster"}'s name with -final)`,
        ),
      );
    }
  }),
};

export const auroraKeepAutomatedBackups: ResourceValidationPolicy = {
  name: "aurora-keep-automated-backups",
  description:
    "Aurora clusters and RDS DB instances keep their automated backups when deleted (AWS deletes them by default).",
  enforcementLevel: "mandatory",
  validateResource: validateDatabases((db, args, report) => {
    // A read replica has no automated backups of its own to keep (its source's are checked on the source).
    if (args.type === RDS_INSTANCE && isReadReplica(args.props)) {
      return;
    }
    if (db.deleteAutomatedBackups !== false) {
      report(setTo("deleteAutomatedBackups", db.deleteAutomatedBackups, "false"));
    }
  }),
};

export interface BackupRetentionConfig {
  /** Smallest accepted backupRetentionPeriod, in days. */
  minimumDays: number;
}
const backupRetentionDefaults: BackupRetentionConfig = { minimumDays: 7 };

/** What AWS (through the provider) does when backupRetentionPeriod is unset: 1 day for clusters, 0 (none) for instances. */
const UNSET_RETENTION: Readonly<Record<string, number>> = { [RDS_CLUSTER]: 1, [RDS_INSTANCE]: 0 };

export const auroraBackupRetention: ResourceValidationPolicy = {
  name: "aurora-backup-retention",
  description:
    "Aurora clusters and RDS DB instances keep automated backups for at least 7 days (configurable).",
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
  validateResource: validateDatabases((db, args, report) => {
    // A DB instance read replica's backups are its source's (RDS for PostgreSQL replicas cannot have any).
    if (args.type === RDS_INSTANCE && isReadReplica(args.props)) {
      return;
    }
    const { minimumDays } = configWithDefaults(args, backupRetentionDefaults);
    if ((db.backupRetentionPeriod ?? UNSET_RETENTION[args.type] ?? 0) < minimumDays) {
      report(setTo("backupRetentionPeriod", db.backupRetentionPeriod, `${minimumDays} or more`));
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
