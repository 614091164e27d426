/**
 * The level every policy runs at in every environment: the packs' defaults overlaid with
 * policy-packs/config/<environment>/<pack>.json, as the engine reconciles them (describePolicyPacks serves and
 * configures the packs exactly as an evaluation does). A change to a pack config file or to a policy's default level
 * changes a row here, on purpose.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import { describePolicyPacks } from "../../tools/policy/evaluate";
import { knownEnvironments } from "../../tools/policy/config";

const ROOT = path.resolve(__dirname, "..", "..");
const M = "mandatory";
const A = "advisory";
type Level = typeof M | typeof A | "disabled";

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/** Pack -> [policy, level in dev, in staging, in prod], in the pack's order. */
const LEVELS: Readonly<Record<string, readonly (readonly [string, Level, Level, Level])[]>> = {
  encryption: [
    ["aurora-cluster-encrypted", M, M, M],
    ["aurora-global-cluster-encrypted", M, M, M],
    ["aurora-tls-enforced", M, M, M],
    ["msk-encryption-at-rest", M, M, M],
    ["msk-encryption-in-transit", M, M, M],
    ["eks-secrets-encrypted", M, M, M],
    ["eks-node-volumes-encrypted", M, M, M],
    ["storage-class-ebs-encrypted", M, M, M],
    ["sns-topic-encrypted", M, M, M],
    ["log-group-encrypted", M, M, M],
    ["prometheus-workspace-customer-key", M, M, M],
    ["s3-encryption-uses-kms", M, M, M],
    ["s3-bucket-encryption-configured", M, M, M],
    ["s3-bucket-deny-insecure-transport", M, M, M],
    ["kms-key-rotation", M, M, M],
    ["kms-key-deletion-window", M, M, M],
    ["launch-template-ebs-encrypted", M, M, M],
    ["instance-ebs-encrypted", M, M, M],
    ["ebs-volume-encrypted", M, M, M],
    ["secret-customer-key", M, M, M],
    ["ecr-repository-customer-key", M, M, M],
    ["cloudtrail-encrypted", M, M, M],
    ["backup-vault-customer-key", M, M, M],
    ["lb-listener-secure-protocol", M, M, M],
    ["lb-listener-tls-policy", M, M, M],
    ["acm-certificate-key-algorithm", M, M, M],
    ["acm-certificate-auto-renewing", M, M, M],
    ["acm-certificate-validation-awaited", M, M, M],
    ["firehose-encrypted", M, M, M],
  ],
  "private-networking": [
    ["subnet-no-public-ip", M, M, M],
    ["aurora-instance-not-public", M, M, M],
    ["eks-endpoint-private", M, M, M],
    ["msk-no-public-access", M, M, M],
    ["msk-no-unauthenticated-access", M, M, M],
    ["security-group-no-public-ingress", M, M, M],
    ["security-group-rule-no-public-ingress", M, M, M],
    ["public-ingress-only-on-load-balancer-groups", M, M, M],
    ["default-security-group-no-rules", M, M, M],
    ["nacl-no-admin-ports-from-internet", M, M, M],
    ["nacl-rule-no-admin-ports-from-internet", M, M, M],
    ["nacl-associated", M, M, M],
    ["instance-no-public-ip", M, M, M],
    ["launch-template-no-public-ip", M, M, M],
    ["imdsv2-required", M, M, M],
    ["imds-hop-limit", M, M, M],
    ["vpc-flow-logs-enabled", M, M, M],
    // Advisory in dev, which has no interface endpoints by a cost decision (Pulumi.dev.yaml, docs/cost.md).
    ["vpc-interface-endpoints", A, M, M],
    ["vpc-default-security-group-managed", M, M, M],
    ["vpc-default-network-acl-managed", M, M, M],
    ["data-stores-in-data-subnets", M, M, M],
    ["data-subnets-no-internet-gateway-route", M, M, M],
    ["edge-subnets-restricted", M, M, M],
    ["kms-key-policy-not-public", M, M, M],
    ["sns-topic-policy-not-public", M, M, M],
    ["ecr-repository-policy-not-public", M, M, M],
    ["s3-bucket-public-access-block", M, M, M],
    ["s3-bucket-owner-enforced", M, M, M],
    ["lb-drop-invalid-headers", M, M, M],
    ["lb-desync-mitigation", M, M, M],
    ["alb-waf-associated", M, M, M],
    ["waf-web-acl-has-rules", M, M, M],
    ["msk-exporters-from-security-groups", M, M, M],
  ],
  tagging: [
    ["required-tags", M, M, M],
    ["environment-tag-allowed", M, M, M],
    ["tag-limits", M, M, M],
    ["subnet-tier-tag", M, M, M],
    ["s3-bucket-data-class-tag", M, M, M],
  ],
  "data-protection": [
    ["aurora-deletion-protection", A, M, M],
    ["aurora-global-cluster-deletion-protection", A, M, M],
    ["aurora-global-cluster-no-force-destroy", A, M, M],
    ["aurora-final-snapshot", A, M, M],
    ["aurora-keep-automated-backups", A, M, M],
    ["aurora-backup-retention", A, M, M],
    ["aurora-secondary-ignore-changes", A, M, M],
    ["rds-iam-authentication", A, M, M],
    ["rds-copy-tags-to-snapshot", A, M, M],
    ["rds-log-exports", A, M, M],
    ["rds-enhanced-monitoring", A, M, M],
    ["rds-instance-multi-az", A, M, M],
    ["aurora-multi-az", A, M, M],
    ["rds-custom-admin-username", A, M, M],
    ["msk-custom-configuration", A, M, M],
    ["msk-default-replication-factor", A, M, M],
    ["msk-min-insync-replicas", A, M, M],
    ["msk-no-unclean-leader-election", A, M, M],
    ["msk-brokers-multiple-of-azs", A, M, M],
    ["msk-topic-replication-factor", A, M, M],
    ["msk-broker-logs", A, M, M],
    ["eks-control-plane-logs", A, M, M],
    ["eks-supported-version", A, M, M],
    ["eks-node-group-multi-az", A, M, M],
    ["eks-node-group-instance-types", A, M, M],
    ["log-group-retention", "disabled", "disabled", M],
    ["protect-stateful-resources", A, M, M],
    ["s3-bucket-versioning", A, M, M],
    ["s3-bucket-access-logging", A, M, M],
    ["s3-bucket-lifecycle", A, M, M],
    ["secret-recovery-window", A, M, M],
    ["ecr-image-tags-immutable", A, M, M],
    ["ecr-scan-on-push", A, M, M],
    ["ecr-lifecycle-policy", A, M, M],
    // Mandatory since the controllers' policies are scoped to their cluster (ADR 0026).
    ["iam-no-wildcard-write", A, M, M],
    ["iam-no-admin-access", A, M, M],
    ["iam-no-service-wildcard-actions", A, M, M],
    ["iam-no-kms-decrypt-on-all-keys", A, M, M],
    ["cloudtrail-multi-region", A, M, M],
    ["cloudtrail-log-file-validation", A, M, M],
    ["cloudtrail-cloudwatch-logs", A, M, M],
    ["cloudtrail-cis-metric-filters", A, M, M],
    ["config-recorder-all-types", A, M, M],
    ["config-recorder-enabled", A, M, M],
    ["config-recorder-service-linked-role", A, M, M],
    ["guardduty-enabled", A, M, M],
    ["route53-query-logging", A, M, M],
    ["lb-deletion-protection", A, M, M],
    ["lb-access-logs", A, M, M],
    ["waf-logging", A, M, M],
    ["waf-rule-metrics", A, M, M],
    ["route53-routing-health-checked", A, M, M],
    ["backup-vault-lock", "disabled", A, M],
    ["backup-plan-cross-region-copy", "disabled", A, M],
    ["backup-selection-covers-databases", A, M, M],
    // Mandatory in prod only: staging and dev are single-region (ADR 0028).
    ["s3-bucket-replication", A, A, M],
    ["s3-trail-bucket-object-lock", A, A, M],
  ],
};

describe("enforcement levels per environment", () => {
  it("allows nodes an IMDS hop limit of 1 only, in every environment (no pod needs IMDS, ADR 0026)", async () => {
    for (const environment of ENVIRONMENTS) {
      const config = JSON.parse(
        readFileSync(
          path.join(ROOT, "policy-packs", "config", environment, "private-networking.json"),
          "utf8",
        ),
      ) as Record<string, unknown>;
      expect(config["imds-hop-limit"], environment).to.deep.equal({ maximumHopLimit: 1 });
    }
  });

  it("has a pack config directory for exactly dev, staging and prod", () => {
    expect(knownEnvironments().sort()).to.deep.equal([...ENVIRONMENTS].sort());
  });

  ENVIRONMENTS.forEach((environment, column) => {
    it(`${environment}: every policy of every pack runs at the level of the table`, async () => {
      const packs = await describePolicyPacks({ environment });
      expect(packs.map((p) => p.configFile)).to.deep.equal(
        packs.map((p) => `policy-packs/config/${environment}/${p.name}.json`),
      );
      const actual = Object.fromEntries(
        packs.map((p) => [p.name, p.policies.map((policy) => [policy.name, policy.enforcementLevel])]),
      );
      const expected = Object.fromEntries(
        Object.entries(LEVELS).map(([pack, rows]) => [pack, rows.map((row) => [row[0], row[column + 1]])]),
      );
      expect(actual).to.deep.equal(expected);
    });
  });
});
