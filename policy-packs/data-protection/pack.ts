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
import {
  cloudtrailCisMetricFilters,
  cloudtrailCloudwatchLogs,
  cloudtrailLogFileValidation,
  cloudtrailMultiRegion,
  configRecorderAllTypes,
  configRecorderEnabled,
  configRecorderServiceLinkedRole,
  guarddutyEnabled,
  route53QueryLogging,
} from "./audit";
import { backupPlanCrossRegionCopy, backupSelectionCoversDatabases, backupVaultLock } from "./backup";
import { ecrImageTagsImmutable, ecrLifecyclePolicy, ecrScanOnPush } from "./ecr";
import {
  lbAccessLogs,
  lbDeletionProtection,
  route53RoutingHealthChecked,
  wafLogging,
  wafRuleMetrics,
} from "./edge";
import { eksNodeGroupInstanceTypes, eksNodeGroupMultiAz, eksSupportedVersion } from "./eks";
import {
  iamNoAdminAccess,
  iamNoKmsDecryptOnAllKeys,
  iamNoServiceWildcardActions,
  iamNoWildcardWrite,
} from "./iam";
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
import {
  auroraMultiAz,
  rdsCopyTagsToSnapshot,
  rdsCustomAdminUsername,
  rdsEnhancedMonitoring,
  rdsIamAuthentication,
  rdsInstanceMultiAz,
  rdsLogExports,
} from "./rds";
import {
  s3BucketAccessLogging,
  s3BucketLifecycle,
  s3BucketReplication,
  s3BucketVersioning,
  s3TrailBucketObjectLock,
} from "./s3";
import { secretRecoveryWindow } from "./secrets";

export const dataProtectionPack: PackDefinition = {
  name: "data-protection",
  args: {
    description:
      "Stateful resources are protected from deletion and data loss: deletion protection, final snapshots, kept " +
      "backups, multi-AZ databases and node groups, durable Kafka replication, versioned buckets, kept logs and an " +
      "audit trail, least-privilege IAM and the protect option.",
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
      rdsEnhancedMonitoring,
      rdsInstanceMultiAz,
      auroraMultiAz,
      rdsCustomAdminUsername,
      mskCustomConfiguration,
      mskDefaultReplicationFactor,
      mskMinInsyncReplicas,
      mskNoUncleanLeaderElection,
      mskBrokersMultipleOfAzs,
      mskTopicReplicationFactor,
      mskBrokerLogs,
      eksControlPlaneLogs,
      eksSupportedVersion,
      eksNodeGroupMultiAz,
      eksNodeGroupInstanceTypes,
      logGroupRetention,
      protectStatefulResources,
      s3BucketVersioning,
      s3BucketAccessLogging,
      s3BucketLifecycle,
      secretRecoveryWindow,
      ecrImageTagsImmutable,
      ecrScanOnPush,
      ecrLifecyclePolicy,
      iamNoWildcardWrite,
      iamNoAdminAccess,
      iamNoServiceWildcardActions,
      iamNoKmsDecryptOnAllKeys,
      cloudtrailMultiRegion,
      cloudtrailLogFileValidation,
      cloudtrailCloudwatchLogs,
      cloudtrailCisMetricFilters,
      configRecorderAllTypes,
      configRecorderEnabled,
      configRecorderServiceLinkedRole,
      guarddutyEnabled,
      route53QueryLogging,
      lbDeletionProtection,
      lbAccessLogs,
      wafLogging,
      wafRuleMetrics,
      route53RoutingHealthChecked,
      backupVaultLock,
      backupPlanCrossRegionCopy,
      backupSelectionCoversDatabases,
      s3BucketReplication,
      s3TrailBucketObjectLock,
    ],
  },
};
