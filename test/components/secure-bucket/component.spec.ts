import { expect } from "chai";
import { ValidationError } from "../../../components/common/validation";
import { SECURE_BUCKET_TYPE, SecureBucket, SecureBucketArgs } from "../../../components/secure-bucket";
import { PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { mockUrn } from "../../../tools/plan/mocks/recorder";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  bucket: "aws:s3/bucket:Bucket",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

const KEY = "arn:aws:kms:ap-east-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

const ARCHIVE: SecureBucketArgs = {
  bucketName: "platform-prod-ap-east-2-123456789012-archive",
  dataClass: "logs",
  kmsKeyArn: KEY,
  serverAccessLogs: {
    targetBucket: "platform-prod-ap-east-2-123456789012-access-logs",
    targetPrefix: "archive/",
  },
  lifecycle: { infrequentAccessAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 2557 },
  objectLock: { mode: "GOVERNANCE", days: 365 },
  replication: "by prod-tokyo",
  policyStatements: (ctx) => [
    {
      Sid: "CloudTrailWrites",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${ctx.bucketArn}/cloudtrail/AWSLogs/${ctx.accountId}/*`,
    },
  ],
  protect: true,
};

interface Built {
  recorder: PlanRecorder;
  bucket: SecureBucket;
  providerRef: string;
}

async function build(args: SecureBucketArgs, name = "archive"): Promise<Built> {
  const { component: bucket, ...built } = await buildUnderMocks(
    (provider) => new SecureBucket(name, args, { provider }),
    {
      settle: (bucket) => [bucket.bucketName, bucket.arn, bucket.policy.policy],
    },
  );
  return { ...built, bucket };
}

describe("SecureBucket (under the plan mocks)", () => {
  describe("the locked, replicated archive", () => {
    let built: Built;
    before(async () => {
      built = await build(ARCHIVE);
    });

    it("creates the named, protected bucket with Object Lock and never forceDestroy, tagged with its class", () => {
      const bucket = built.recorder.find(T.bucket, "archive");
      expect(bucket.inputs).to.deep.equal({
        bucket: "platform-prod-ap-east-2-123456789012-archive",
        forceDestroy: false,
        objectLockEnabled: true,
        tags: {
          "platform:data-class": "logs",
          "platform:replication": "by prod-tokyo",
          Name: "archive",
        },
      });
      expect(bucket.options.protect).to.equal(true);
      expect(bucket.options.provider).to.equal(built.providerRef);
      expect(bucket.parent).to.equal(built.recorder.find(SECURE_BUCKET_TYPE, "archive").urn);
    });

    it("encrypts with the key and bucket keys, versions, blocks public access and disables ACLs", () => {
      const id = "platform-prod-ap-east-2-123456789012-archive";
      expect(built.recorder.find(T.sse, "archive").inputs).to.deep.equal({
        bucket: id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
            bucketKeyEnabled: true,
          },
        ],
      });
      expect(built.recorder.find(T.versioning, "archive").inputs).to.deep.equal({
        bucket: id,
        versioningConfiguration: { status: "Enabled" },
      });
      expect(built.recorder.find(T.publicAccess, "archive").inputs).to.deep.equal({
        bucket: id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(built.recorder.find(T.ownership, "archive").inputs).to.deep.equal({
        bucket: id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      });
      expect(built.recorder.find(T.lock, "archive").inputs).to.deep.equal({
        bucket: id,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } },
      });
      expect(built.recorder.find(T.logging, "archive").inputs).to.deep.equal({
        bucket: id,
        targetBucket: "platform-prod-ap-east-2-123456789012-access-logs",
        targetPrefix: "archive/",
      });
      // Every configuration is the bucket's child: it inherits the bucket's protect.
      for (const type of Object.values(T).filter((t) => t !== T.bucket)) {
        expect(built.recorder.find(type, "archive").parent, type).to.equal(
          built.recorder.find(T.bucket, "archive").urn,
        );
      }
    });

    it("writes the TLS-only Deny first, then the caller's statements for the resolved bucket and account", () => {
      const policy = JSON.parse(built.recorder.find(T.policy, "archive").inputs["policy"] as string) as {
        Statement: { Sid: string; Resource: unknown }[];
      };
      const arn = "arn:aws:s3:::platform-prod-ap-east-2-123456789012-archive";
      expect(policy.Statement.map((s) => [s.Sid, s.Resource])).to.deep.equal([
        ["DenyInsecureTransport", [arn, `${arn}/*`]],
        ["CloudTrailWrites", `${arn}/cloudtrail/AWSLogs/123456789012/*`],
      ]);
    });
  });

  it("makes a log sink with SSE-S3 and a stated reason, without access logs or Object Lock", async () => {
    const { recorder } = await build(
      {
        bucketName: "platform-dev-ap-east-2-123456789012-access-logs",
        dataClass: "logs",
        sseS3Reason: "S3 server access log delivery supports only SSE-S3",
        lifecycle: { expireAfterDays: 30 },
      },
      "access-logs",
    );
    expect(recorder.find(T.sse, "access-logs").inputs["rules"]).to.deep.equal([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(recorder.byType(T.logging)).to.deep.equal([]);
    expect(recorder.byType(T.lock)).to.deep.equal([]);
    expect(recorder.find(T.bucket, "access-logs").inputs).to.not.have.property("objectLockEnabled");
    expect(recorder.find(T.bucket, "access-logs").options.protect).to.equal(false);
  });

  it("adopts a hand-built bucket: every resource's aliases name the URN it had under the former parent", async () => {
    const former = "urn:pulumi:prod-taipei::platform::pulumi:pulumi:Stack$platform:test:HandBuilt::logs";
    const { recorder } = await build(
      {
        bucketPrefix: "dev-logs-",
        dataClass: "logs",
        sseS3Reason: "S3 server access log delivery supports only SSE-S3",
        lifecycle: { expireAfterDays: 30, ruleId: "expire-logs" },
        formerParent: former,
      },
      "logs",
    );
    const oldBucket = mockUrn("prod-taipei", "platform", former, T.bucket, "logs");
    expect(oldBucket).to.equal(
      "urn:pulumi:prod-taipei::platform::platform:test:HandBuilt$aws:s3/bucket:Bucket::logs",
    );
    const resources = recorder.resources.filter((r) => r.type.startsWith("aws:s3/"));
    expect(resources).to.have.length(7);
    for (const resource of resources) {
      const old =
        resource.type === T.bucket
          ? oldBucket
          : mockUrn("prod-taipei", "platform", oldBucket, resource.type, "logs");
      expect(resource.options.aliases, resource.type).to.include(old);
    }
    // The bucket's own URN moved (its parent is the component now): only the alias ties it to its state.
    expect(recorder.find(T.bucket, "logs").urn).to.not.equal(oldBucket);
    // The lifecycle keeps the rule id the hand-built bucket had.
    expect((recorder.find(T.lifecycle, "logs").inputs["rules"] as { id: string }[])[0].id).to.equal(
      "expire-logs",
    );
  });

  it("gives no alias of its own without formerParent (only the provider's renamed types)", async () => {
    const { recorder } = await build(ARCHIVE);
    for (const resource of recorder.resources.filter((r) => r.type.startsWith("aws:s3/"))) {
      expect(
        resource.options.aliases.filter((urn) => !/V2::archive$/.test(urn)),
        resource.type,
      ).to.deep.equal([]);
    }
    expect((recorder.find(T.lifecycle, "archive").inputs["rules"] as { id: string }[])[0].id).to.equal(
      "retention",
    );
  });

  it("throws one ValidationError listing every problem before creating anything", async () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new SecureBucket("bad", {
        bucketName: "Bad_Name",
        dataClass: "data",
        lifecycle: { expireAfterDays: 0 },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path)).to.deep.equal([
      "bucketName",
      "kmsKeyArn",
      "serverAccessLogs",
      "lifecycle.expireAfterDays",
      "opts.provider",
    ]);
    await recorder.settled();
    expect(recorder.byType(T.bucket)).to.deep.equal([]);
  });
});
