/**
 * The account baseline's records are encrypted with customer managed keys: the CloudTrail trail's log files and the
 * AWS Backup vaults' recovery points.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { customerKeyProblem } from "../lib/values";

export const CLOUDTRAIL_TRAIL = "aws:cloudtrail/trail:Trail";
export const BACKUP_VAULT = "aws:backup/vault:Vault";

export const cloudtrailEncrypted: ResourceValidationPolicy = {
  name: "cloudtrail-encrypted",
  description: "CloudTrail trails encrypt their log files with a customer managed KMS key (SSE-KMS).",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.cloudtrail.TrailArgs>>(
    CLOUDTRAIL_TRAIL,
    (trail, _args, report) => {
      const problem = customerKeyProblem("kmsKeyId", trail.kmsKeyId);
      if (problem !== undefined) {
        report(problem);
      }
    },
  ),
};

export const backupVaultCustomerKey: ResourceValidationPolicy = {
  name: "backup-vault-customer-key",
  description: "AWS Backup vaults encrypt recovery points with a customer managed KMS key, not aws/backup.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.backup.VaultArgs>>(BACKUP_VAULT, (vault, _args, report) => {
    const problem = customerKeyProblem("kmsKeyArn", vault.kmsKeyArn);
    if (problem !== undefined) {
      report(problem);
    }
  }),
};
