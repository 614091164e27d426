/**
 * Resource-based policies do not open a resource to everyone: KMS keys, SNS topics and ECR repositories admit only
 * the principals they name, or every principal only under a condition that limits it to known accounts or sources
 * (policy-packs/lib/resource-policy.ts).
 */
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../lib/policy";
import { publicStatementMessage, publicStatements } from "../lib/resource-policy";

/** Types whose `policy` is a KMS key policy. */
export const KMS_KEY_POLICY_TYPES: readonly string[] = [
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/externalKey:ExternalKey",
  "aws:kms/replicaExternalKey:ReplicaExternalKey",
  "aws:kms/keyPolicy:KeyPolicy",
];
/** Types whose `policy` is an SNS topic's access policy. */
export const SNS_TOPIC_POLICY_TYPES: readonly string[] = [
  "aws:sns/topic:Topic",
  "aws:sns/topicPolicy:TopicPolicy",
];
export const ECR_REPOSITORY_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";

function checkPolicy(document: unknown, report: ReportViolation): void {
  for (const statement of publicStatements(document)) {
    report(publicStatementMessage("policy", statement));
  }
}

function validatePolicies(types: readonly string[]) {
  return types.map((type) =>
    validateType<{ policy?: unknown }>(type, (props, _args, report) => checkPolicy(props.policy, report)),
  );
}

export const kmsKeyPolicyNotPublic: ResourceValidationPolicy = {
  name: "kms-key-policy-not-public",
  description:
    "KMS key policies allow no statement to every principal unless a condition limits it to known accounts or sources.",
  enforcementLevel: "mandatory",
  validateResource: validatePolicies(KMS_KEY_POLICY_TYPES),
};

export const snsTopicPolicyNotPublic: ResourceValidationPolicy = {
  name: "sns-topic-policy-not-public",
  description:
    "SNS topic policies allow no statement to every principal unless a condition limits it to known accounts or sources.",
  enforcementLevel: "mandatory",
  validateResource: validatePolicies(SNS_TOPIC_POLICY_TYPES),
};

export const ecrRepositoryPolicyNotPublic: ResourceValidationPolicy = {
  name: "ecr-repository-policy-not-public",
  description:
    "ECR repository policies allow no statement to every principal unless a condition limits it to known accounts or sources.",
  enforcementLevel: "mandatory",
  validateResource: validatePolicies([ECR_REPOSITORY_POLICY]),
};
