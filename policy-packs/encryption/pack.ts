/**
 * The encryption pack: data at rest under customer managed KMS keys, data in transit over TLS.
 */
import type { PackDefinition } from "../lib/policy";
import { ebsEncryptionByDefault } from "./account";
import { auroraClusterEncrypted, auroraGlobalClusterEncrypted, auroraTlsEnforced } from "./aurora";
import { backupVaultCustomerKey, cloudtrailEncrypted } from "./baseline";
import { ebsVolumeEncrypted, instanceEbsEncrypted, launchTemplateEbsEncrypted } from "./compute";
import { ecrRepositoryCustomerKey } from "./ecr";
import { firehoseEncrypted } from "./firehose";
import {
  acmCertificateAutoRenewing,
  acmCertificateKeyAlgorithm,
  acmCertificateValidationAwaited,
  lbListenerSecureProtocol,
  lbListenerTlsPolicy,
} from "./edge";
import { eksNodeVolumesEncrypted, eksSecretsEncrypted, storageClassEbsEncrypted } from "./eks";
import { kmsKeyDeletionWindow, kmsKeyRotation } from "./kms";
import { mskEncryptionAtRest, mskEncryptionInTransit } from "./msk";
import { logGroupEncrypted, prometheusWorkspaceCustomerKey, snsTopicEncrypted } from "./observability";
import { s3BucketDenyInsecureTransport, s3BucketEncryptionConfigured, s3EncryptionUsesKms } from "./s3";
import { secretCustomerKey } from "./secrets";

export const encryptionPack: PackDefinition = {
  name: "encryption",
  args: {
    description: "Data at rest is encrypted with customer managed KMS keys and data in transit uses TLS.",
    enforcementLevel: "mandatory",
    policies: [
      auroraClusterEncrypted,
      auroraGlobalClusterEncrypted,
      auroraTlsEnforced,
      mskEncryptionAtRest,
      mskEncryptionInTransit,
      eksSecretsEncrypted,
      eksNodeVolumesEncrypted,
      storageClassEbsEncrypted,
      snsTopicEncrypted,
      logGroupEncrypted,
      prometheusWorkspaceCustomerKey,
      s3EncryptionUsesKms,
      s3BucketEncryptionConfigured,
      s3BucketDenyInsecureTransport,
      kmsKeyRotation,
      kmsKeyDeletionWindow,
      launchTemplateEbsEncrypted,
      instanceEbsEncrypted,
      ebsVolumeEncrypted,
      secretCustomerKey,
      ecrRepositoryCustomerKey,
      cloudtrailEncrypted,
      backupVaultCustomerKey,
      lbListenerSecureProtocol,
      lbListenerTlsPolicy,
      acmCertificateKeyAlgorithm,
      acmCertificateAutoRenewing,
      acmCertificateValidationAwaited,
      ebsEncryptionByDefault,
      firehoseEncrypted,
    ],
  },
};
