/**
 * Secrets Manager: secrets encrypted with a customer managed KMS key.
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { Inputs, validateType } from "../lib/policy";
import { customerKeyProblem } from "../lib/values";

export const SECRET = "aws:secretsmanager/secret:Secret";

export const secretCustomerKey: ResourceValidationPolicy = {
  name: "secret-customer-key",
  description:
    "Secrets Manager secrets are encrypted with a customer managed KMS key, not aws/secretsmanager.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.secretsmanager.SecretArgs>>(SECRET, (secret, _args, report) => {
    const problem = customerKeyProblem("kmsKeyId", secret.kmsKeyId);
    if (problem !== undefined) {
      report(problem);
    }
  }),
};
