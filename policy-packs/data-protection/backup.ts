/**
 * AWS Backup: vaults are locked (compliance mode), every rule of a backup plan copies to a vault of another region, and
 * every Aurora/RDS cluster of the stack is selected by a backup selection (FSBP Backup.*, ADR 0032).
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Inputs, resourcesOfType, validateType } from "../lib/policy";
import { effectiveTags } from "../lib/tags";
import { describe, isRecord, isUnknown, listOf, matchesWildcard, peek } from "../lib/values";

export const BACKUP_VAULT = "aws:backup/vault:Vault";
export const BACKUP_VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
export const BACKUP_PLAN = "aws:backup/plan:Plan";
export const BACKUP_SELECTION = "aws:backup/selection:Selection";
export const RDS_CLUSTER = "aws:rds/cluster:Cluster";

export const backupVaultLock: StackValidationPolicy = {
  name: "backup-vault-lock",
  description:
    "Every AWS Backup vault has a vault lock in compliance mode (changeableForDays set), so after its cooling-off period nobody can delete its recovery points early.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const locks = resourcesOfType(args, BACKUP_VAULT_LOCK);
    for (const vault of resourcesOfType(args, BACKUP_VAULT)) {
      const name = peek(vault.props, "name");
      // A lock names its vault; an unknown name on either side (a preview) may be this vault's.
      const mine = locks.filter((lock) => {
        const target = peek(lock.props, "backupVaultName");
        return isUnknown(name) || isUnknown(target) || target === name;
      });
      if (mine.length === 0) {
        report(
          `vault ${describe(name)} has no vault lock; add an aws.backup.VaultLockConfiguration with backupVaultName ` +
            "set to it, minRetentionDays, maxRetentionDays and changeableForDays (3 or more).",
          vault.urn,
        );
        continue;
      }
      for (const lock of mine) {
        const days = peek(lock.props, "changeableForDays");
        if (days === undefined || days === null) {
          report(
            `${lock.name} has no changeableForDays, so it is a governance-mode lock that a privileged user can remove; ` +
              "set changeableForDays to 3 or more (compliance mode).",
            vault.urn,
          );
        }
      }
    }
  },
};

/** The region of an ARN (`arn:<partition>:<service>:<region>:…`), when it is one. */
function arnRegion(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && parts[0] === "arn" ? parts[3] : undefined;
}

export const backupPlanCrossRegionCopy: ResourceValidationPolicy = {
  name: "backup-plan-cross-region-copy",
  description:
    "Every rule of an AWS Backup plan copies its recovery points to a vault of another region (continuous rules excepted: a copy of a continuous backup is a snapshot, which a snapshot rule copies).",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.backup.PlanArgs>>(BACKUP_PLAN, (plan, args, report) => {
    const ownRegion = peek(args.props, "region") ?? peek(args.provider?.props, "region");
    for (const rule of listOf(plan.rules as unknown[] | undefined)) {
      if (!isRecord(rule)) {
        continue;
      }
      const ruleName = describe(rule["ruleName"]);
      if (rule["enableContinuousBackup"] === true) {
        continue;
      }
      const destinations = listOf(rule["copyActions"] as unknown[] | undefined)
        .filter(isRecord)
        .map((action) => action["destinationVaultArn"]);
      if (destinations.length === 0) {
        report(
          `rule ${ruleName} has no copyActions; add one whose destinationVaultArn is a vault in another region, so ` +
            "its recovery points survive the loss of this one.",
        );
        continue;
      }
      const elsewhere = destinations.some((destination) => {
        if (typeof destination !== "string") {
          return false;
        }
        const region = arnRegion(destination);
        return region !== undefined && (typeof ownRegion !== "string" || region !== ownRegion);
      });
      if (!elsewhere) {
        report(
          `rule ${ruleName} copies only to ${describe(destinations)}, none in a region other than ` +
            `${describe(ownRegion)}; set a copyActions destinationVaultArn to a vault of another region.`,
        );
      }
    }
  }),
};

/** Whether `selection` selects `cluster` by ARN (or pattern) or by one of its tags; undefined when unknown. */
function selects(selection: PolicyResource, cluster: PolicyResource): boolean | undefined {
  const arn = peek(cluster.props, "arn");
  const entries = listOf(peek(selection.props, "resources") as unknown[] | undefined);
  const excluded = listOf(peek(selection.props, "notResources") as unknown[] | undefined);
  let unknown = false;
  if (entries.some(isUnknown) || isUnknown(arn) || excluded.some(isUnknown)) {
    unknown = true;
  } else if (typeof arn === "string") {
    const listed = entries.some((entry) => typeof entry === "string" && matchesWildcard(entry, arn));
    const dropped = excluded.some((entry) => typeof entry === "string" && matchesWildcard(entry, arn));
    if (listed && !dropped) {
      return true;
    }
  }
  const tags = effectiveTags(cluster.type, cluster.props, cluster.provider);
  for (const condition of listOf(peek(selection.props, "selectionTags") as unknown[] | undefined)) {
    if (isRecord(condition) && condition["type"] === "STRINGEQUALS") {
      const key = condition["key"];
      if (isUnknown(key) || isUnknown(condition["value"])) {
        unknown = true;
      } else if (typeof key === "string" && tags[key] === condition["value"]) {
        return true;
      }
    }
  }
  return unknown ? undefined : false;
}

export const backupSelectionCoversDatabases: StackValidationPolicy = {
  name: "backup-selection-covers-databases",
  description:
    "Every Aurora/RDS cluster of the stack is selected by an AWS Backup selection (by ARN, ARN pattern or tag), so a plan backs it up and copies it.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const selections = resourcesOfType(args, BACKUP_SELECTION);
    for (const cluster of resourcesOfType(args, RDS_CLUSTER)) {
      if (selections.length === 0) {
        report(
          "no AWS Backup selection in the stack selects this cluster; add an aws.backup.Selection of a backup plan " +
            "whose resources list the cluster's ARN.",
          cluster.urn,
        );
        continue;
      }
      const verdicts = selections.map((selection) => selects(selection, cluster));
      // An unknown ARN (a preview of a new cluster or selection) may match: the policy decides at `pulumi up`.
      if (verdicts.every((verdict) => verdict === false)) {
        report(
          `no AWS Backup selection selects this cluster (${describe(peek(cluster.props, "arn"))}); add its ARN to ` +
            "the resources of a selection of a backup plan.",
          cluster.urn,
        );
      }
    }
  },
};
