/**
 * S3: every bucket has a server-side encryption configuration with SSE-KMS and a customer managed key (SSE-S3 only
 * where nothing else works: a bucket that Elastic Load Balancing alone writes its access logs to, or that S3 server
 * access log delivery alone writes to), and a bucket policy that refuses requests not sent over TLS.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { Inputs, resourcesOfType } from "../lib/policy";
import {
  BUCKET_POLICY_TYPES,
  buckets,
  configurationsOf,
  hasInline,
  isSseS3LogDeliveryBucket,
  SSE_CONFIGURATION_TYPES,
} from "../lib/s3";
import { customerKeyProblem, isRecord, listOf, parseJsonDocument, setTo } from "../lib/values";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** The part of a rule (of the configuration resource, or inline on the bucket) the policy reads. */
interface SseRule {
  applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string };
}

function ruleProblems(path: string, rule: SseRule | undefined): string[] {
  const defaults = rule?.applyServerSideEncryptionByDefault;
  const problems: string[] = [];
  if (!KMS_ALGORITHMS.includes(String(defaults?.sseAlgorithm))) {
    problems.push(
      setTo(`${path}.applyServerSideEncryptionByDefault.sseAlgorithm`, defaults?.sseAlgorithm, '"aws:kms"'),
    );
  }
  const keyProblem = customerKeyProblem(
    `${path}.applyServerSideEncryptionByDefault.kmsMasterKeyId`,
    defaults?.kmsMasterKeyId,
  );
  if (keyProblem !== undefined) {
    problems.push(keyProblem);
  }
  return problems;
}

/** Whether a rule encrypts with SSE-S3 (`AES256`, Amazon S3 managed keys). */
function isSseS3(rule: SseRule | undefined): boolean {
  return rule?.applyServerSideEncryptionByDefault?.sseAlgorithm === "AES256";
}

export const s3EncryptionUsesKms: StackValidationPolicy = {
  name: "s3-encryption-uses-kms",
  description:
    "S3 server-side encryption configurations use SSE-KMS with a customer managed key; SSE-S3 only on a bucket " +
    "that Elastic Load Balancing or S3 server access logging alone writes to (their log delivery supports nothing else).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const stackBuckets = buckets(args);
    /** SSE-S3 is what ALB and S3 server access logs need, on a bucket nothing but their delivery writes to. */
    const acceptsSseS3 = (targets: readonly PolicyResource[]) =>
      targets.length > 0 && targets.every((bucket) => isSseS3LogDeliveryBucket(bucket, args));
    for (const sse of resourcesOfType(args, ...SSE_CONFIGURATION_TYPES)) {
      const props = sse.props as Inputs<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
      const rules = listOf(props.rules);
      if (rules.length === 0) {
        report(
          setTo(
            "rules",
            props.rules,
            'one rule with applyServerSideEncryptionByDefault.sseAlgorithm "aws:kms"',
          ),
          sse.urn,
        );
      }
      rules.forEach((rule, index) => {
        if (
          isSseS3(rule) &&
          acceptsSseS3(linkedResources(sse, "bucket", stackBuckets, { candidateKeys: ["bucket", "id"] }))
        ) {
          return;
        }
        ruleProblems(`rules[${index}]`, rule).forEach((p) => report(p, sse.urn));
      });
    }
    for (const bucket of stackBuckets) {
      // The deprecated inline configuration, when a bucket still uses it.
      const inline = (bucket.props as Inputs<aws.s3.BucketArgs>).serverSideEncryptionConfiguration;
      if (inline === undefined || (isSseS3(inline.rule) && acceptsSseS3([bucket]))) {
        continue;
      }
      ruleProblems("serverSideEncryptionConfiguration.rule", inline.rule).forEach((p) =>
        report(p, bucket.urn),
      );
    }
  },
};

export const s3BucketEncryptionConfigured: StackValidationPolicy = {
  name: "s3-bucket-encryption-configured",
  description:
    "Every S3 bucket has a server-side encryption configuration (checked by s3-encryption-uses-kms).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of buckets(args)) {
      if (configurationsOf(bucket, args, SSE_CONFIGURATION_TYPES).length === 0) {
        if (!hasInline(bucket, "serverSideEncryptionConfiguration")) {
          report(
            "bucket has no server-side encryption configuration; add an aws.s3.BucketServerSideEncryptionConfiguration " +
              'for it with sseAlgorithm "aws:kms" and a customer managed key.',
            bucket.urn,
          );
        }
      }
    }
  },
};

/** Whether a statement's `Principal` is every principal: `"*"` or `{"AWS": "*"}`. */
function isEveryPrincipal(principal: unknown): boolean {
  return principal === "*" || (isRecord(principal) && [principal["AWS"]].flat().includes("*"));
}

/** Whether a statement's `Action` covers every S3 action (`s3:*` or `*`; action names are case-insensitive). */
function coversEveryS3Action(action: unknown): boolean {
  return [action].flat().some((a) => typeof a === "string" && ["s3:*", "*"].includes(a.toLowerCase()));
}

/**
 * Whether a statement's `Condition` is exactly "the request was not sent over TLS": `aws:SecureTransport` false under
 * `Bool` or `BoolIfExists`, and nothing else (another key would narrow the Deny to some of those requests). Condition
 * keys are case-insensitive, so `aws:securetransport` counts too.
 */
function isInsecureTransportCondition(condition: unknown): boolean {
  if (!isRecord(condition)) {
    return false;
  }
  const entries = Object.entries(condition).flatMap(
    ([operator, block]): { operator: string; key?: string; value?: unknown }[] =>
      isRecord(block)
        ? Object.entries(block).map(([key, value]) => ({ operator, key, value }))
        : [{ operator }],
  );
  return (
    entries.length === 1 &&
    entries.every(
      (e) =>
        ["Bool", "BoolIfExists"].includes(e.operator) &&
        e.key?.toLowerCase() === "aws:securetransport" &&
        [e.value].flat().length > 0 &&
        [e.value].flat().every((v) => String(v).toLowerCase() === "false"),
    )
  );
}

/**
 * Whether a policy document has a statement that denies every principal every S3 action for requests without TLS.
 * A Deny without the `aws:SecureTransport` condition does not count (it is some other Deny), nor one limited to some
 * principals (`{"AWS": "<account>"}`, `NotPrincipal`) or some actions.
 */
export function deniesInsecureTransport(document: unknown): boolean {
  const parsed = parseJsonDocument(document);
  if (!isRecord(parsed)) {
    return false;
  }
  return [parsed["Statement"]]
    .flat()
    .some(
      (statement) =>
        isRecord(statement) &&
        statement["Effect"] === "Deny" &&
        isEveryPrincipal(statement["Principal"]) &&
        coversEveryS3Action(statement["Action"]) &&
        isInsecureTransportCondition(statement["Condition"]),
    );
}

const DENY_STATEMENT =
  'a Deny statement for every principal ("*") and s3:* with the condition Bool "aws:SecureTransport": "false"';

export const s3BucketDenyInsecureTransport: StackValidationPolicy = {
  name: "s3-bucket-deny-insecure-transport",
  description:
    "Every S3 bucket has a bucket policy that denies requests not sent over TLS (aws:SecureTransport).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of buckets(args)) {
      const policies = configurationsOf(bucket, args, BUCKET_POLICY_TYPES);
      if (policies.length === 0 && !hasInline(bucket, "policy")) {
        report(
          `bucket has no bucket policy; add an aws.s3.BucketPolicy for it with ${DENY_STATEMENT}.`,
          bucket.urn,
        );
        continue;
      }
      const documents =
        policies.length > 0 ? policies.map((p) => p.props["policy"]) : [bucket.props["policy"]];
      if (!documents.some(deniesInsecureTransport)) {
        const where =
          policies.length > 0 ? `bucket policy ${policies.map((p) => p.name).join(", ")}` : "inline policy";
        report(`the ${where} lacks ${DENY_STATEMENT}; add one.`, bucket.urn);
      }
    }
  },
};
