import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ValidationError } from "../../../components/common/validation";
import {
  CONFIG_RECORDER_TYPE,
  ConfigRecorder,
  ConfigRecorderArgs,
} from "../../../components/config-recorder";
import { PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { MOCK_ACCOUNT_ID } from "../../../tools/plan/mocks/environment";
import { valueOf } from "../../support/pulumi";

const T = {
  recorder: "aws:cfg/recorder:Recorder",
  channel: "aws:cfg/deliveryChannel:DeliveryChannel",
  status: "aws:cfg/recorderStatus:RecorderStatus",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const KEY = "arn:aws:kms:ap-east-2:123456789012:key/storage";
const ARGS: ConfigRecorderArgs = {
  recorderName: "platform-prod-ap-east-2",
  bucketName: "archive",
  bucketArn: "arn:aws:s3:::archive",
  kmsKeyArn: KEY,
};

async function build(
  args: Partial<ConfigRecorderArgs> = {},
): Promise<{ recorder: PlanRecorder; providerRef: string }> {
  const recorder = installPlanMocks({
    project: "platform",
    stack: "prod-taipei",
    config: { "aws:region": "ap-east-2" },
  });
  const provider = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
  const config = new ConfigRecorder("config", { ...ARGS, ...args }, { provider });
  await valueOf(pulumi.all([config.recorderName, config.roleArn]));
  await recorder.settled();
  const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
  return { recorder, providerRef };
}

describe("ConfigRecorder (under the plan mocks)", () => {
  describe("the Region that records the global types", () => {
    let recorder: PlanRecorder;
    let providerRef: string;
    before(async () => {
      ({ recorder, providerRef } = await build({ recordGlobalResources: true, tags: { Team: "platform" } }));
    });

    it("records every supported type, global ones included, continuously, through the role", () => {
      const role = recorder.find(T.role, "config-config");
      const config = recorder.find(T.recorder, "config");
      expect(config.inputs).to.deep.equal({
        name: "platform-prod-ap-east-2",
        roleArn: role.state["arn"],
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: true,
          recordingStrategies: [{ useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" }],
        },
        recordingMode: { recordingFrequency: "CONTINUOUS" },
      });
      expect(config.options.provider).to.equal(providerRef);
      expect(config.parent).to.equal(recorder.find(CONFIG_RECORDER_TYPE, "config").urn);
      expect(config.options.dependsOn).to.include(recorder.find(T.attachment, "config-config").urn);
    });

    it("delivers daily snapshots to the archive under config/, encrypted with the bucket's key", () => {
      const channel = recorder.find(T.channel, "config");
      expect(channel.inputs).to.deep.equal({
        name: "platform-prod-ap-east-2",
        s3BucketName: "archive",
        s3KeyPrefix: "config",
        s3KmsKeyArn: KEY,
        snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
      });
      expect(channel.options.dependsOn).to.include.members([
        recorder.find(T.recorder, "config").urn,
        recorder.find(T.rolePolicy, "config-config-delivery").urn,
      ]);
    });

    it("starts recording only once the delivery channel exists", () => {
      const status = recorder.find(T.status, "config");
      expect(status.inputs).to.deep.equal({ name: "platform-prod-ap-east-2", isEnabled: true });
      expect(status.options.dependsOn).to.include(recorder.find(T.channel, "config").urn);
    });

    it("gives the role the AWS managed Config policy and delivery to the archive only", () => {
      const role = recorder.find(T.role, "config-config");
      expect(role.inputs["name"]).to.equal("platform-prod-ap-east-2-config");
      expect(role.inputs["tags"]).to.deep.equal({ Team: "platform", Name: "platform-prod-ap-east-2-config" });
      expect(JSON.parse(String(role.inputs["assumeRolePolicy"])).Statement[0].Condition).to.deep.equal({
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
      });
      expect(recorder.find(T.attachment, "config-config").inputs["policyArn"]).to.equal(
        "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
      );
      const delivery = JSON.parse(
        String(recorder.find(T.rolePolicy, "config-config-delivery").inputs["policy"]),
      );
      expect(delivery.Statement[1].Resource).to.equal(
        `arn:aws:s3:::archive/config/AWSLogs/${MOCK_ACCOUNT_ID}/Config/*`,
      );
    });
  });

  it("in another Region records every type but the globally recorded ones", async () => {
    const { recorder } = await build();
    expect(recorder.find(T.recorder, "config").inputs["recordingGroup"]).to.deep.include({
      allSupported: false,
      recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
    });
  });

  it("rejects every problem at once, before any child, with the fix", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new ConfigRecorder("config", { ...ARGS, recorderName: "" });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.equal(
      'Invalid arguments for ConfigRecorder "config":\n' +
        '  - recorderName: "" cannot name a recorder; use 1 to 57 lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)\n' +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    expect(recorder.byType(T.recorder)).to.deep.equal([]);
  });
});
