/**
 * ECR: images encrypted with a customer managed KMS key (ECR's default is AES256 with an AWS owned key).
 */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ECR_REPOSITORY } from "../lib/ecr";
import { Inputs, validateType } from "../lib/policy";
import { CUSTOMER_KEY, customerKeyProblem, listOf, setTo } from "../lib/values";

const KMS_TYPES = ["KMS", "KMS_DSSE"];

export const ecrRepositoryCustomerKey: ResourceValidationPolicy = {
  name: "ecr-repository-customer-key",
  description: "ECR repositories encrypt their images with a customer managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ecr.RepositoryArgs>>(
    ECR_REPOSITORY,
    (repository, _args, report) => {
      const configurations = listOf(repository.encryptionConfigurations);
      if (configurations.length === 0) {
        report(
          setTo(
            "encryptionConfigurations",
            repository.encryptionConfigurations,
            `[{ encryptionType: "KMS", kmsKey: ${CUSTOMER_KEY} }] (unset, ECR uses AES256 with an AWS owned key)`,
          ),
        );
      }
      configurations.forEach((configuration, index) => {
        const path = `encryptionConfigurations[${index}]`;
        if (!KMS_TYPES.includes(String(configuration.encryptionType))) {
          report(setTo(`${path}.encryptionType`, configuration.encryptionType, '"KMS"'));
          return;
        }
        // Without kmsKey, KMS encryption uses the AWS managed key aws/ecr.
        const problem = customerKeyProblem(`${path}.kmsKey`, configuration.kmsKey);
        if (problem !== undefined) {
          report(problem);
        }
      });
    },
  ),
};
