import { expect } from "chai";
import {
  SecureBucketPlanArgs,
  bucketNameProblem,
  bucketTags,
  lifecycleRule,
  objectLockRule,
  secureBucketArgsProblems,
  secureBucketDefaults,
  secureBucketPolicy,
  serverAccessLogDelivery,
  withDefaults,
} from "../../../components/secure-bucket/plan";

const VALID: SecureBucketPlanArgs = {
  bucketName: "platform-prod-ap-east-2-123456789012-archive",
  dataClass: "logs",
  hasKmsKey: true,
  hasAccessLogTarget: true,
  accessLogPrefix: "archive/",
  lifecycle: { infrequentAccessAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 2557 },
};

function problems(changes: Partial<SecureBucketPlanArgs>): string[] {
  return secureBucketArgsProblems(withDefaults({ ...VALID, ...changes })).map(
    (p) => `${p.path}: ${p.message}`,
  );
}

const CTX = {
  bucketArn: "arn:aws:s3:::logs",
  bucketName: "logs",
  accountId: "123456789012",
  partition: "aws",
  region: "ap-east-2",
};

describe("SecureBucket plan", () => {
  it("defaults to Glacier, 30 days of old versions, 7 days for abandoned uploads, unprotected, no tags", () => {
    const resolved = withDefaults({ ...VALID, lifecycle: {} });
    expect(resolved.lifecycle).to.deep.equal({
      archiveStorageClass: "GLACIER",
      noncurrentVersionExpireAfterDays: 30,
      abortIncompleteUploadAfterDays: 7,
    });
    expect(resolved.protect).to.equal(false);
    expect(resolved.tags).to.deep.equal({});
    expect(secureBucketDefaults.archiveStorageClass).to.equal("GLACIER");
    expect(problems({})).to.deep.equal([]);
  });

  it("takes exactly one of a name and a prefix, each within S3's rules", () => {
    expect(problems({ bucketName: undefined })).to.deep.equal([
      "bucketName: give exactly one of bucketName (a deterministic name) and bucketPrefix (a generated one)",
    ]);
    expect(problems({ bucketPrefix: "logs-" })).to.deep.equal([
      "bucketName: give exactly one of bucketName (a deterministic name) and bucketPrefix (a generated one)",
    ]);
    const long = `platform-production-ap-northeast-1-123456789012-archive-${"x".repeat(8)}`;
    expect(problems({ bucketName: long })).to.deep.equal([
      `bucketName: "${long}" is 64 characters; an S3 bucket name is 3 to 63 characters, shorten it`,
    ]);
    expect(problems({ bucketName: "Logs.Archive" })).to.deep.equal([
      'bucketName: "Logs.Archive" cannot name an S3 bucket; use lowercase letters, digits and single - between them, starting and ending with a letter or digit',
    ]);
    expect(problems({ bucketName: undefined, bucketPrefix: "x".repeat(38) })).to.deep.equal([
      `bucketPrefix: "${"x".repeat(38)}" is 38 characters; S3 takes a prefix of 1 to 37, shorten it`,
    ]);
    expect(problems({ bucketName: undefined, bucketPrefix: "-logs" })).to.deep.equal([
      'bucketPrefix: "-logs" cannot start an S3 bucket name; use lowercase letters, digits and -, starting with a letter or digit',
    ]);
    expect(bucketNameProblem("a".repeat(63))).to.equal(undefined);
    expect(bucketNameProblem("a--b")).to.match(/cannot name an S3 bucket/);
  });

  it("encrypts with the KMS key, or SSE-S3 with a stated reason and never both", () => {
    expect(problems({ hasKmsKey: false })).to.deep.equal([
      "kmsKeyArn: is missing; give the region's KMS key (SSE-KMS), or sseS3Reason naming the service delivery that supports only SSE-S3",
    ]);
    expect(problems({ hasKmsKey: false, sseS3Reason: "S3 server access logs" })).to.deep.equal([]);
    expect(problems({ sseS3Reason: "S3 server access logs" })).to.deep.equal([
      "kmsKeyArn: is given with sseS3Reason; a bucket is encrypted one way: drop the key or the reason",
    ]);
    expect(problems({ hasKmsKey: false, sseS3Reason: "  " })).to.deep.equal([
      "sseS3Reason: is empty; say which service's delivery supports nothing but SSE-S3 (e.g. S3 server access logs), or leave it out to encrypt with the KMS key",
    ]);
    expect(
      problems({
        hasKmsKey: false,
        sseS3Reason: "S3 server access logs",
        objectLock: { mode: "GOVERNANCE", days: 30 },
      }),
    ).to.deep.equal([
      "objectLock: is set on an SSE-S3 bucket, which exists for S3 server access logs, and S3 refuses Object Lock buckets as their destination; drop objectLock",
    ]);
  });

  it("wants server access logs with a folder prefix, except on a log sink", () => {
    expect(problems({ dataClass: "data", hasAccessLogTarget: false })).to.deep.equal([
      'serverAccessLogs: is missing on a bucket of data class "data"; give the target bucket and prefix of its server access logs (only a log sink, data class logs, goes without)',
    ]);
    expect(problems({ hasAccessLogTarget: false, accessLogPrefix: undefined })).to.deep.equal([]);
    expect(problems({ accessLogPrefix: "archive" })).to.deep.equal([
      'serverAccessLogs.targetPrefix: "archive" is no log prefix; give the bucket\'s own folder in the target, ending with / (e.g. s3/archive/)',
    ]);
    expect(problems({ dataClass: "Logs!" })).to.deep.equal([
      'dataClass: "Logs!" cannot be a data class; use 1 to 32 lowercase letters, digits and - (e.g. logs, data)',
    ]);
    expect(problems({ replication: " by prod-tokyo" })).to.deep.equal([
      'replication: " by prod-tokyo" cannot be a tag value; say in 1 to 256 characters how the bucket is replicated (e.g. by prod-tokyo)',
    ]);
  });

  it("checks the lifecycle against S3's transition constraints", () => {
    expect(
      problems({ lifecycle: { infrequentAccessAfterDays: 20, archiveAfterDays: 40, expireAfterDays: 40 } }),
    ).to.deep.equal([
      "lifecycle.infrequentAccessAfterDays: 20 cannot move objects to STANDARD_IA; S3 takes whole days of at least 30 (e.g. 30)",
      "lifecycle.archiveAfterDays: 40 is less than 30 days after infrequentAccessAfterDays (20); S3 keeps an object 30 days in STANDARD_IA before the next transition, so use at least 50",
      "lifecycle.expireAfterDays: 40 does not come after the last transition (day 40); expire later than 40 days or drop the transition",
    ]);
    expect(
      problems({ lifecycle: { infrequentAccessAfterDays: 30, archiveAfterDays: 45, expireAfterDays: 400 } }),
    ).to.deep.equal([
      "lifecycle.archiveAfterDays: 45 is less than 30 days after infrequentAccessAfterDays (30); S3 keeps an object 30 days in STANDARD_IA before the next transition, so use at least 60",
    ]);
    expect(
      problems({
        lifecycle: {
          archiveAfterDays: 0.5,
          archiveStorageClass: "ONEZONE_IA" as never,
          expireAfterDays: -1,
          noncurrentVersionExpireAfterDays: 0,
          abortIncompleteUploadAfterDays: 1.5,
        },
      }),
    ).to.deep.equal([
      "lifecycle.archiveAfterDays: 0.5 is not a number of days; give whole days of at least 1 (e.g. 90)",
      'lifecycle.archiveStorageClass: "ONEZONE_IA" is not a cold storage class; use one of GLACIER_IR, GLACIER, DEEP_ARCHIVE',
      "lifecycle.expireAfterDays: -1 is not a number of days; give whole days of at least 1 (e.g. 365)",
      "lifecycle.noncurrentVersionExpireAfterDays: 0 is not a number of days; give whole days of at least 1 (e.g. 30)",
      "lifecycle.abortIncompleteUploadAfterDays: 1.5 is not a number of days; give whole days of at least 1 (e.g. 7)",
    ]);
  });

  it("keeps a given lifecycle rule id (an adopted bucket's) within S3's 255 characters", () => {
    expect(problems({ lifecycle: { expireAfterDays: 365, ruleId: "expire-access-logs" } })).to.deep.equal([]);
    expect(problems({ lifecycle: { expireAfterDays: 365, ruleId: " " } })).to.deep.equal([
      'lifecycle.ruleId: " " cannot be a lifecycle rule id; give 1 to 255 characters (the id the bucket\'s rule has), or leave it out for retention',
    ]);
    expect(problems({ lifecycle: { ruleId: "x".repeat(256) } })).to.have.length(1);
    expect(
      lifecycleRule(
        withDefaults({ ...VALID, lifecycle: { expireAfterDays: 90, ruleId: "expire-access-logs" } })
          .lifecycle,
      ).id,
    ).to.equal("expire-access-logs");
  });

  it("takes an Object Lock of a mode and whole days, no longer than the objects live", () => {
    expect(problems({ objectLock: { mode: "GOVERNANCE", days: 365 } })).to.deep.equal([]);
    expect(problems({ objectLock: { mode: "LEGAL" as never, days: 0 } })).to.deep.equal([
      'objectLock.mode: "LEGAL" is not an Object Lock mode; use GOVERNANCE (removable with s3:BypassGovernanceRetention) or COMPLIANCE (removable by no one)',
      "objectLock.days: 0 is no retention period; give whole days from 1 to 36500 (e.g. 365)",
    ]);
    expect(problems({ objectLock: { mode: "COMPLIANCE", days: 3000 } })).to.deep.equal([
      "objectLock.days: 3000 locks objects longer than they live (lifecycle.expireAfterDays 2557); lock at most 2557 days or expire later",
    ]);
    expect(objectLockRule({ mode: "GOVERNANCE", days: 365 })).to.deep.equal({
      defaultRetention: { mode: "GOVERNANCE", days: 365 },
    });
  });

  it("plans one lifecycle rule: transitions in order, expiry, old versions, abandoned uploads", () => {
    expect(lifecycleRule(withDefaults(VALID).lifecycle)).to.deep.equal({
      id: "retention",
      status: "Enabled",
      filter: {},
      transitions: [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "GLACIER" },
      ],
      expiration: { days: 2557 },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    });
    expect(
      lifecycleRule(
        withDefaults({ ...VALID, lifecycle: { noncurrentVersionExpireAfterDays: 90 } }).lifecycle,
      ),
    ).to.deep.equal({
      id: "retention",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: 90 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    });
  });

  it("tags the data class and the replication declaration, Name last", () => {
    expect(
      bucketTags(
        withDefaults({ ...VALID, replication: "by prod-tokyo", tags: { Team: "x" } }),
        "storage-archive",
      ),
    ).to.deep.equal({
      Team: "x",
      "platform:data-class": "logs",
      "platform:replication": "by prod-tokyo",
      Name: "storage-archive",
    });
  });

  it("writes a policy that refuses requests without TLS first, then the caller's statements", () => {
    expect(secureBucketPolicy(CTX, [serverAccessLogDelivery(CTX)])).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "S3ServerAccessLogsDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::logs/*",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" },
          },
        },
      ],
    });
  });
});
