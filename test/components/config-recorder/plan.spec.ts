import { expect } from "chai";
import {
  GLOBALLY_RECORDED_TYPES,
  configRecorderArgsProblems,
  configServiceLinkedRoleArn,
  recordingGroup,
  withDefaults,
} from "../../../components/config-recorder/plan";

const ARGS = withDefaults({ recorderName: "platform-prod-ap-east-2" });

describe("ConfigRecorder plan", () => {
  it("defaults to continuous recording, daily snapshots under config/, no global types, the account's role used", () => {
    expect(ARGS).to.deep.equal({
      recorderName: "platform-prod-ap-east-2",
      createServiceLinkedRole: false,
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
          '"Platform" cannot name a recorder; use 1 to 256 lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)',
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
    expect(configRecorderArgsProblems({ ...ARGS, recorderName: "a".repeat(256) })).to.deep.equal([]);
    expect(configRecorderArgsProblems({ ...ARGS, recorderName: "a".repeat(257) })).to.have.length(1);
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

  it("keeps an explicit createServiceLinkedRole", () => {
    expect(
      withDefaults({ recorderName: "platform", createServiceLinkedRole: true }).createServiceLinkedRole,
    ).to.equal(true);
  });

  it("records through AWS Config's service-linked role of the account, in its partition", () => {
    expect(configServiceLinkedRoleArn("aws", "123456789012")).to.equal(
      "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    );
    expect(configServiceLinkedRoleArn("aws-cn", "123456789012")).to.equal(
      "arn:aws-cn:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    );
  });
});
