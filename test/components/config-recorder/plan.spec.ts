import { expect } from "chai";
import {
  GLOBALLY_RECORDED_TYPES,
  configDeliveryPolicy,
  configManagedPolicyArn,
  configRecorderArgsProblems,
  configTrustPolicy,
  recordingGroup,
  withDefaults,
} from "../../../components/config-recorder/plan";

const ARGS = withDefaults({ recorderName: "platform-prod-ap-east-2" });

describe("ConfigRecorder plan", () => {
  it("defaults to continuous recording, daily snapshots under config/, no global types", () => {
    expect(ARGS).to.deep.equal({
      recorderName: "platform-prod-ap-east-2",
      recordGlobalResources: false,
      snapshotFrequency: "TwentyFour_Hours",
      recordingFrequency: "CONTINUOUS",
      s3KeyPrefix: "config",
      tags: {},
    });
    expect(configRecorderArgsProblems(ARGS)).to.deep.equal([]);
  });

  it("names every problem with its fix", () => {
    expect(
      configRecorderArgsProblems({
        ...ARGS,
        recorderName: "Platform",
        snapshotFrequency: "Daily" as never,
        recordingFrequency: "WEEKLY" as never,
        s3KeyPrefix: "",
      }),
    ).to.deep.equal([
      {
        path: "recorderName",
        message:
          '"Platform" cannot name a recorder; use 1 to 57 lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)',
      },
      {
        path: "snapshotFrequency",
        message:
          '"Daily" is not a snapshot frequency; use one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours',
      },
      {
        path: "recordingFrequency",
        message: '"WEEKLY" is not a recording frequency; use CONTINUOUS or DAILY',
      },
      {
        path: "s3KeyPrefix",
        message:
          '"" is not a key prefix Config takes here; use lowercase letters, digits, -, _ and / without a leading or trailing / (e.g. config)',
      },
    ]);
    expect(configRecorderArgsProblems({ ...ARGS, recorderName: "a".repeat(57) })).to.deep.equal([]);
    expect(configRecorderArgsProblems({ ...ARGS, recorderName: "a".repeat(58) })).to.have.length(1);
  });

  describe("the recording group", () => {
    it("records every supported type with the global ones in the Region that records them", () => {
      expect(recordingGroup(true)).to.deep.equal({
        allSupported: true,
        includeGlobalResourceTypes: true,
        recordingStrategies: [{ useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" }],
      });
    });

    it("elsewhere excludes exactly the globally recorded types (IAM and Aurora global clusters)", () => {
      expect(recordingGroup(false)).to.deep.equal({
        allSupported: false,
        exclusionByResourceTypes: [
          {
            resourceTypes: [
              "AWS::IAM::Group",
              "AWS::IAM::Policy",
              "AWS::IAM::Role",
              "AWS::IAM::User",
              "AWS::RDS::GlobalCluster",
            ],
          },
        ],
        recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
      });
      expect(GLOBALLY_RECORDED_TYPES).to.have.length(5);
    });
  });

  it("uses the AWS managed Config role policy of the partition", () => {
    expect(configManagedPolicyArn("aws")).to.equal("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
    expect(configManagedPolicyArn("aws-cn")).to.equal(
      "arn:aws-cn:iam::aws:policy/service-role/AWS_ConfigRole",
    );
  });

  it("lets only AWS Config of this account assume the role", () => {
    expect(configTrustPolicy("123456789012").Statement).to.deep.equal([
      {
        Sid: "ConfigOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  it("delivers only under the prefix's Config path of this account, owned by the bucket owner, with the bucket's key", () => {
    expect(
      configDeliveryPolicy({
        bucketArn: "arn:aws:s3:::archive",
        keyPrefix: "config",
        accountId: "123456789012",
        kmsKeyArn: "arn:aws:kms:ap-east-2:123456789012:key/storage",
      }).Statement,
    ).to.deep.equal([
      {
        Sid: "CheckArchiveAcl",
        Effect: "Allow",
        Action: "s3:GetBucketAcl",
        Resource: "arn:aws:s3:::archive",
      },
      {
        Sid: "DeliverToArchive",
        Effect: "Allow",
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::archive/config/AWSLogs/123456789012/Config/*",
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
      {
        Sid: "EncryptDeliveries",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "arn:aws:kms:ap-east-2:123456789012:key/storage",
      },
    ]);
  });
});
