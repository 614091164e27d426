import { expect } from "chai";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

const T = {
  component: "platform:storage:SecureBucket",
  bucket: "aws:s3/bucket:Bucket",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  logging: "aws:s3/bucketLogging:BucketLogging",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  stream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  filter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const ACCOUNT = "123456789012";

/** Whatever shape the plan gives a nested input (an object, or JSON text). */
function parsed<T = unknown>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

function statementsOf(plan: StackPlan, bucket: string): Statement[] {
  return parsed<{ Statement: Statement[] }>(named(plan, T.policy, bucket).inputs.policy).Statement;
}

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("storage", () => {
    it("every stack has the access-log, archive and assets buckets, named with the account; prod a Config bucket", () => {
      const expected: Record<string, [string, string, boolean]> = {
        dev: ["dev", "ap-east-2", false],
        "prod-taipei": ["prod", "ap-east-2", true],
        "prod-tokyo": ["prod", "ap-northeast-1", true],
      };
      for (const [stack, [environment, region, prod]] of Object.entries(expected)) {
        const plan = plans[stack];
        const purposes = prod
          ? ["access-logs", "archive", "config", "assets"]
          : ["access-logs", "archive", "assets"];
        // The storage step's buckets (the edge's access-log bucket is a SecureBucket too: test/stacks/edge.spec.ts).
        expect(
          ofType(plan, T.component)
            .map((c) => c.name)
            .filter((name) => name !== "edge-access-logs"),
          stack,
        ).to.deep.equal(purposes.map((p) => `storage-${p}`));
        for (const purpose of purposes) {
          const bucket = named(plan, T.bucket, `storage-${purpose}`);
          expect(bucket.inputs.bucket, stack).to.equal(
            `platform-${environment}-${region}-${ACCOUNT}-${purpose}`,
          );
          expect(bucket.inputs.forceDestroy, stack).to.equal(false);
          expect(bucket.options.protect ?? false, stack).to.equal(prod);
          expect(bucket.options.provider, stack).to.equal(providerRef(plan, region));
        }
      }
    });

    it("encrypts with the region's storage key and bucket keys, the access-log bucket with SSE-S3 only", () => {
      for (const plan of Object.values(plans)) {
        const key = named(plan, T.key, "keys-storage").state?.arn;
        for (const purpose of ["archive", "assets"]) {
          expect(parsed(named(plan, T.sse, `storage-${purpose}`).inputs.rules), plan.stack).to.deep.equal([
            {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key },
              bucketKeyEnabled: true,
            },
          ]);
        }
        expect(parsed(named(plan, T.sse, "storage-access-logs").inputs.rules), plan.stack).to.deep.equal([
          { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        // Only S3 server access logging writes there.
        const allows = statementsOf(plan, "storage-access-logs").filter((s) => s.Effect === "Allow");
        expect(
          allows.map((s) => s.Principal),
          plan.stack,
        ).to.deep.equal([{ Service: "logging.s3.amazonaws.com" }]);
      }
    });

    it("keeps the archive seven years in prod through STANDARD_IA and Glacier, locked 365 days in GOVERNANCE mode", () => {
      const prod = plans["prod-taipei"];
      expect(parsed(named(prod, T.lifecycle, "storage-archive").inputs.rules)).to.deep.equal([
        {
          id: "retention",
          status: "Enabled",
          filter: {},
          transitions: [
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 90, storageClass: "GLACIER" },
          ],
          expiration: { days: 2557 },
          noncurrentVersionExpiration: { noncurrentDays: 90 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ]);
      expect(named(prod, T.bucket, "storage-archive").inputs.objectLockEnabled).to.equal(true);
      expect(parsed(named(prod, T.lock, "storage-archive").inputs.rule)).to.deep.equal({
        defaultRetention: { mode: "GOVERNANCE", days: 365 },
      });
      // Assets stay readable at once: STANDARD_IA, then Glacier Instant Retrieval, never expired while current.
      expect(parsed(named(prod, T.lifecycle, "storage-assets").inputs.rules)).to.deep.equal([
        {
          id: "retention",
          status: "Enabled",
          filter: {},
          transitions: [
            { days: 90, storageClass: "STANDARD_IA" },
            { days: 365, storageClass: "GLACIER_IR" },
          ],
          noncurrentVersionExpiration: { noncurrentDays: 90 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ]);
      // dev: 90 days, no lock.
      expect(ofType(plans.dev, T.lock)).to.deep.equal([]);
      expect(
        parsed<{ expiration: unknown }[]>(named(plans.dev, T.lifecycle, "storage-archive").inputs.rules)[0]!
          .expiration,
      ).to.deep.equal({ days: 90 });
    });

    it("admits the stack's own trail to the archive, and its Config recorder to a bucket of its own in prod", () => {
      const cloudTrail = (bucket: string): Statement[] => [
        {
          Sid: "CloudTrailChecksBucketAcl",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: `arn:aws:s3:::${bucket}`,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "CloudTrailWritesLogFiles",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${bucket}/cloudtrail/AWSLogs/${ACCOUNT}/*`,
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" },
          },
        },
      ];
      const sids = (plan: StackPlan, bucket: string) => statementsOf(plan, bucket).map((s) => s.Sid);
      // Only the deliveries the stack's audit makes: the trail's in prod-taipei, which owns the account's trail;
      // none in prod-tokyo (the Taipei trail delivers to Taipei's archive) or in dev (no trail or recorder there).
      const devArchive = `platform-dev-ap-east-2-${ACCOUNT}-archive`;
      expect(sids(plans.dev, "storage-archive")).to.deep.equal(["DenyInsecureTransport"]);
      expect(sids(plans["prod-tokyo"], "storage-archive")).to.deep.equal(["DenyInsecureTransport"]);
      const prod = plans["prod-taipei"];
      expect(sids(prod, "storage-archive")).to.deep.equal([
        "DenyInsecureTransport",
        "CloudTrailChecksBucketAcl",
        "CloudTrailWritesLogFiles",
      ]);
      expect(statementsOf(prod, "storage-archive").slice(1, 3)).to.deep.equal(
        cloudTrail(`platform-prod-ap-east-2-${ACCOUNT}-archive`),
      );
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        expect(sids(plans[stack], "storage-config"), stack).to.deep.equal([
          "DenyInsecureTransport",
          "ConfigChecksBucketAcl",
          "ConfigChecksBucketExists",
          "ConfigDeliversHistory",
        ]);
      }
      expect(ofType(plans.dev, T.bucket).map((b) => b.name)).to.not.include("storage-config");
      const config = `platform-prod-ap-east-2-${ACCOUNT}-config`;
      expect(
        statementsOf(prod, "storage-config").find((s) => s.Sid === "ConfigDeliversHistory"),
      ).to.deep.equal({
        Sid: "ConfigDeliversHistory",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${config}/config/AWSLogs/${ACCOUNT}/Config/*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control" },
        },
      });
      expect(prod.outputs["configBucketName"]).to.equal(config);
      expect(plans.dev.outputs["configBucketName"]).to.equal(devArchive);
    });

    it("logs every bucket's requests to the access-log bucket but the access-log bucket itself", () => {
      for (const plan of Object.values(plans)) {
        const target = named(plan, T.bucket, "storage-access-logs").inputs.bucket;
        const logged = ofType(plan, T.logging).filter((l) => l.name.startsWith("storage-"));
        expect(logged.map((l) => l.name).sort(), plan.stack).to.deep.equal(
          plan.stack === "dev"
            ? ["storage-archive", "storage-assets"]
            : ["storage-archive", "storage-assets", "storage-config"],
        );
        for (const logging of logged) {
          expect(logging.inputs.targetBucket, plan.stack).to.equal(target);
          expect(logging.inputs.targetPrefix, plan.stack).to.equal(
            `${logging.name.replace("storage-", "")}/`,
          );
        }
      }
    });

    it("copies the platform's log groups into the archive through one Firehose stream under the storage key", () => {
      for (const plan of Object.values(plans)) {
        const stream = named(plan, T.stream, "storage-log-archive");
        const key = named(plan, T.key, "keys-storage").state?.arn;
        expect(parsed(stream.inputs.serverSideEncryption), plan.stack).to.deep.equal({
          enabled: true,
          keyType: "CUSTOMER_MANAGED_CMK",
          keyArn: key,
        });
        expect(parsed(stream.inputs.extendedS3Configuration), plan.stack).to.deep.include({
          bucketArn: named(plan, T.bucket, "storage-archive").state?.arn,
          prefix: "cloudwatch-logs/",
          errorOutputPrefix: "cloudwatch-logs-errors/",
          bufferingInterval: 900,
          bufferingSize: 128,
          compressionFormat: "UNCOMPRESSED",
        });
        const filters = ofType(plan, T.filter).filter((f) => f.name.startsWith("storage-archive-"));
        expect(filters.map((f) => f.name.replace("storage-archive-", "")).sort(), plan.stack).to.deep.equal([
          "container-application",
          "container-dataplane",
          "container-host",
          "database",
          "eks-control-plane",
          "flow-logs",
          "kafka-brokers",
          "prometheus",
          "waf",
        ]);
        for (const filter of filters) {
          expect(filter.inputs.destinationArn, filter.name).to.equal(stream.state?.arn);
          expect(filter.inputs.filterPattern, filter.name).to.equal("");
        }
        // The observability log groups' subscriptions wait for their log group, not the whole component (whose MSK
        // collector takes a quarter of an hour).
        const observability = named(plan, "platform:observability:ObservabilityStack", "observability").urn;
        for (const [filterKey, groupKey] of [
          ["prometheus", "prometheus"],
          ["container-application", "containerinsights-application"],
        ]) {
          const filter = named(plan, T.filter, `storage-archive-${filterKey}`);
          expect(filter.options.dependsOn ?? [], filterKey).to.not.include(observability);
          expect(filter.propertyDependencies["logGroup"], filterKey).to.deep.equal([
            named(plan, "aws:cloudwatch/logGroup:LogGroup", `observability-${groupKey}`).urn,
          ]);
        }
        const trust = parsed<{ Statement: Statement[] }>(
          named(plan, T.role, "storage-log-archive-logs").inputs.assumeRolePolicy,
        ).Statement[0];
        expect(trust?.Principal).to.deep.equal({ Service: "logs.amazonaws.com" });
        expect(trust?.Condition).to.deep.equal({
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          StringLike: { "aws:SourceArn": `arn:aws:logs:${plan.region}:${ACCOUNT}:*` },
        });
      }
    });

    it("prod-tokyo replicates the archive and assets both ways, SSE-KMS objects under the other region's key", () => {
      const tokyo = plans["prod-tokyo"];
      const taipei = plans["prod-taipei"];
      expect(ofType(taipei, T.replication)).to.deep.equal([]);
      const configs = ofType(tokyo, T.replication);
      expect(configs.map((c) => c.name).sort()).to.deep.equal([
        "bucket-replication-ap-east-2-archive-ap-east-2-to-ap-northeast-1",
        "bucket-replication-ap-east-2-archive-ap-northeast-1-to-ap-east-2",
        "bucket-replication-ap-east-2-assets-ap-east-2-to-ap-northeast-1",
        "bucket-replication-ap-east-2-assets-ap-northeast-1-to-ap-east-2",
      ]);
      const taipeiKey = named(taipei, T.key, "keys-storage").state?.arn;
      const tokyoKey = named(tokyo, T.key, "keys-storage").state?.arn;
      const intoTokyo = named(
        tokyo,
        T.replication,
        "bucket-replication-ap-east-2-archive-ap-east-2-to-ap-northeast-1",
      );
      expect(intoTokyo.inputs.bucket).to.equal(`platform-prod-ap-east-2-${ACCOUNT}-archive`);
      // After the destination's versioning (Taipei's exists already, in its own stack).
      expect(intoTokyo.options.dependsOn).to.include(
        named(tokyo, "aws:s3/bucketVersioning:BucketVersioning", "storage-archive").urn,
      );
      expect(intoTokyo.options.provider).to.equal(providerRef(tokyo, "ap-east-2"));
      expect(parsed(intoTokyo.inputs.rules)).to.deep.equal([
        {
          id: "archive-to-ap-northeast-1",
          status: "Enabled",
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: `arn:aws:s3:::platform-prod-ap-northeast-1-${ACCOUNT}-archive`,
            encryptionConfiguration: { replicaKmsKeyId: tokyoKey },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
          },
        },
      ]);
      const assetsIntoTaipei = named(
        tokyo,
        T.replication,
        "bucket-replication-ap-east-2-assets-ap-northeast-1-to-ap-east-2",
      );
      expect(assetsIntoTaipei.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      const rule = parsed<
        { deleteMarkerReplication: unknown; destination: { encryptionConfiguration: unknown } }[]
      >(assetsIntoTaipei.inputs.rules)[0]!;
      expect(rule.deleteMarkerReplication).to.deep.equal({ status: "Enabled" });
      expect(rule.destination.encryptionConfiguration).to.deep.equal({ replicaKmsKeyId: taipeiKey });
      // The role of a direction decrypts the source only through S3 of the source's region.
      const policy = parsed<{ Statement: Statement[] }>(
        named(tokyo, T.rolePolicy, "bucket-replication-ap-east-2-ap-east-2-to-ap-northeast-1").inputs.policy,
      );
      expect(policy.Statement.find((s) => s.Sid === "DecryptSourceThroughS3")).to.deep.equal({
        Sid: "DecryptSourceThroughS3",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: taipeiKey,
        Condition: { StringEquals: { "kms:ViaService": "s3.ap-east-2.amazonaws.com" } },
      });
      // The primary declares who replicates its buckets (the data-protection pack reads it).
      expect(named(taipei, T.bucket, "storage-archive").inputs.tags).to.deep.include({
        "platform:replication": "by prod-tokyo",
      });
    });
  });
});
