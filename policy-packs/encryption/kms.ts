/**
 * KMS keys: automatic rotation for symmetric keys, and a deletion window long enough to notice a mistake. Four types
 * hold key material: keys, external keys (imported material), and the multi-Region replicas of each.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, Inputs, schema, validateType } from "../lib/policy";
import { setTo } from "../lib/values";

export const KMS_KEY = "aws:kms/key:Key";
export const KMS_REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
export const KMS_EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey";
export const KMS_REPLICA_EXTERNAL_KEY = "aws:kms/replicaExternalKey:ReplicaExternalKey";
/** Every type that holds key material, each with its own deletion window. */
export const KMS_KEY_TYPES: readonly string[] = [
  KMS_KEY,
  KMS_REPLICA_KEY,
  KMS_EXTERNAL_KEY,
  KMS_REPLICA_EXTERNAL_KEY,
];

export const kmsKeyRotation: ResourceValidationPolicy = {
  name: "kms-key-rotation",
  description:
    "Symmetric encryption KMS keys rotate their key material automatically (a replica key shares its primary key's rotation).",
  enforcementLevel: "mandatory",
  // Only aws.kms.Key: a multi-Region replica key (aws.kms.ReplicaKey) has no rotation setting of its own, it shares
  // its primary key's key material and rotation, which this policy checks where the primary key is declared. External
  // keys (imported material) and their replicas cannot rotate automatically (only on demand, by importing new
  // material).
  validateResource: validateType<Inputs<aws.kms.KeyArgs>>(KMS_KEY, (key, _args, report) => {
    const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    const usage = key.keyUsage ?? "ENCRYPT_DECRYPT";
    // Asymmetric, HMAC and external key material cannot rotate automatically.
    if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT" || key.xksKeyId !== undefined) {
      return;
    }
    if (key.enableKeyRotation !== true) {
      report(setTo("enableKeyRotation", key.enableKeyRotation, "true"));
    }
  }),
};

export interface KmsDeletionWindowConfig {
  /** Smallest accepted `deletionWindowInDays` (AWS allows 7-30, default 30). */
  minimumDays: number;
}
const deletionWindowDefaults: KmsDeletionWindowConfig = { minimumDays: 30 };

export const kmsKeyDeletionWindow: ResourceValidationPolicy = {
  name: "kms-key-deletion-window",
  description:
    "KMS keys, external keys and their replicas wait the full deletion window (30 days by default) before their material is destroyed.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    minimumDays: {
      type: "integer",
      minimum: 7,
      maximum: 30,
      default: deletionWindowDefaults.minimumDays,
      description: "Smallest accepted deletionWindowInDays.",
    },
  }),
  validateResource: KMS_KEY_TYPES.map((type) =>
    validateType<Inputs<aws.kms.KeyArgs | aws.kms.ReplicaKeyArgs | aws.kms.ExternalKeyArgs>>(
      type,
      (key, args, report) => {
        const { minimumDays } = configWithDefaults(args, deletionWindowDefaults);
        // Unset means AWS's default of 30 days.
        const days = key.deletionWindowInDays ?? 30;
        if (days < minimumDays) {
          report(
            setTo(
              "deletionWindowInDays",
              key.deletionWindowInDays,
              `${minimumDays} (or leave it unset for 30)`,
            ),
          );
        }
      },
    ),
  ),
};
