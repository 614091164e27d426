/**
 * The account-level audit a stack owns with `platform:audit` (ADR 0031): the account's multi-Region CloudTrail trail
 * with its CIS alarms (the primary: the config section refuses it in a secondary) and the region's AWS Config
 * recorder (the primary's also records the global types and creates the account's AWS Config service-linked role
 * every recorder records through), both delivering to the region's log archive encrypted with the storage key.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuditTrail } from "../components/audit-trail";
import { ConfigRecorder } from "../components/config-recorder";
import type { ObservabilityStack } from "../components/observability-stack";
import type { RegionalKeys } from "../components/regional-keys";
import type { PlatformConfig } from "./config";
import { COMPONENT_NAMES, auditTrailName, configRecorderName } from "./naming";

/** A bucket the audit services deliver to (a `SecureBucket`). */
export interface AuditBucket {
  readonly bucketName: pulumi.Input<string>;
  /** The bucket's policy, which admits CloudTrail and Config: they check it when the trail or channel is created. */
  readonly policy: pulumi.CustomResource;
}

/**
 * The bucket's name once its policy exists: CreateTrail fails with InsufficientS3BucketPolicyException, and
 * PutDeliveryChannel with InsufficientDeliveryPolicyException, when the bucket does not admit the service yet, and the
 * name alone is known as soon as the bucket is.
 */
function nameOnceAdmitted(bucket: AuditBucket): pulumi.Output<string> {
  return pulumi.all([bucket.bucketName, bucket.policy.id]).apply(([name]) => name);
}

/** Where the region's audit records go: the storage step's buckets, key and log archive. */
export interface AuditDestinations {
  /** The log archive: the trail's files under `cloudtrail/`. */
  readonly archive: AuditBucket;
  /** Where AWS Config delivers under `config/` (the archive, or its own bucket where the archive has Object Lock). */
  readonly configDelivery: AuditBucket;
  /** The region's storage key, which encrypts both buckets and admits CloudTrail and Config. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** What the stack's audit created. */
export interface Audit {
  readonly trail?: AuditTrail;
  readonly recorder?: ConfigRecorder;
}

/**
 * The stack's audit services, as `platform:audit` asks: the trail (alarms to the region's alarm topic, its log group
 * encrypted with the logs key) and the recorder. The trail is protected in prod.
 */
export function accountAudit(
  config: PlatformConfig,
  destinations: AuditDestinations,
  { keys, observability }: { keys: RegionalKeys; observability: ObservabilityStack },
  provider: aws.Provider,
): Audit {
  const audit = config.audit;
  if (audit === undefined) {
    return {};
  }
  let trail: AuditTrail | undefined;
  if (audit.trail?.enabled === true) {
    trail = new AuditTrail(
      COMPONENT_NAMES.auditTrail,
      {
        trailName: auditTrailName(config),
        alarmPrefix: observability.names.alarmPrefix,
        logRetentionDays: audit.trail.logRetentionDays,
        bucketName: nameOnceAdmitted(destinations.archive),
        kmsKeyArn: destinations.kmsKeyArn,
        logsKmsKeyArn: keys.keyArns.logs,
        alarmTopicArn: observability.alarmTopicArn,
        protect: config.environment === "prod",
      },
      { provider },
    );
    // Not subscribed to the archive's Firehose: the trail already writes the same events there as log files with
    // digests (validated); a Firehose copy would be a second, unvalidated one and take one of the log group's two
    // subscription slots (ADR 0031).
  }
  let recorder: ConfigRecorder | undefined;
  if (audit.config?.enabled === true) {
    recorder = new ConfigRecorder(
      COMPONENT_NAMES.configRecorder,
      {
        recorderName: configRecorderName(config),
        // The account's AWS Config service-linked role: by default the primary creates it and a secondary's recorder
        // refers to it, so the primary deploys first (ADR 0031).
        createServiceLinkedRole: audit.config.createServiceLinkedRole,
        // The global types once per account: in the primary (ADR 0031).
        recordGlobalResources: config.role === "primary",
        snapshotFrequency: audit.config.snapshotFrequency,
        recordingFrequency: audit.config.recordingFrequency,
        bucketName: nameOnceAdmitted(destinations.configDelivery),
        kmsKeyArn: destinations.kmsKeyArn,
      },
      { provider },
    );
  }
  return { ...(trail !== undefined ? { trail } : {}), ...(recorder !== undefined ? { recorder } : {}) };
}
