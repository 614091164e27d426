/**
 * The data-protection pack: stateful resources cannot be deleted or degraded by accident. Mandatory in prod; the dev
 * pack config (policy-packs/config/dev/data-protection.json) makes it advisory.
 */
import type { PackDefinition } from "../lib/policy";
import {
  auroraBackupRetention,
  auroraDeletionProtection,
  auroraFinalSnapshot,
  auroraGlobalClusterDeletionProtection,
  auroraGlobalClusterNoForceDestroy,
  auroraKeepAutomatedBackups,
  auroraSecondaryIgnoreChanges,
} from "./aurora";
import { ecrImageTagsImmutable, ecrScanOnPush } from "./ecr";
import { iamNoWildcardWrite } from "./iam";
import { eksControlPlaneLogs, logGroupRetention, mskBrokerLogs } from "./logs";
import {
  mskBrokersMultipleOfAzs,
  mskCustomConfiguration,
  mskDefaultReplicationFactor,
  mskMinInsyncReplicas,
  mskNoUncleanLeaderElection,
  mskTopicReplicationFactor,
} from "./msk";
import { protectStatefulResources } from "./protection";
import { rdsCopyTagsToSnapshot, rdsIamAuthentication, rdsLogExports } from "./rds";
import { s3BucketVersioning } from "./s3";
import { secretRecoveryWindow } from "./secrets";

export const dataProtectionPack: PackDefinition = {
  name: "data-protection",
  args: {
    description:
      "Stateful resources are protected from deletion and data loss: deletion protection, final snapshots, kept " +
      "backups, durable Kafka replication, versioned buckets, kept logs, no unconditional IAM writes on every resource " +
      "and the protect option.",
    enforcementLevel: "mandatory",
    policies: [
      auroraDeletionProtection,
      auroraGlobalClusterDeletionProtection,
      auroraGlobalClusterNoForceDestroy,
      auroraFinalSnapshot,
      auroraKeepAutomatedBackups,
      auroraBackupRetention,
      auroraSecondaryIgnoreChanges,
      rdsIamAuthentication,
      rdsCopyTagsToSnapshot,
      rdsLogExports,
      mskCustomConfiguration,
      mskDefaultReplicationFactor,
      mskMinInsyncReplicas,
      mskNoUncleanLeaderElection,
      mskBrokersMultipleOfAzs,
      mskTopicReplicationFactor,
      mskBrokerLogs,
      eksControlPlaneLogs,
      logGroupRetention,
      protectStatefulResources,
      s3BucketVersioning,
      secretRecoveryWindow,
      ecrImageTagsImmutable,
      ecrScanOnPush,
      iamNoWildcardWrite,
    ],
  },
};
