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
  serviceLinkedRole: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const SERVICE_LINKED_ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;

const KEY = "arn:aws:kms:ap-east-2:123456789012:key/storage";
const ARGS: ConfigRecorderArgs = {
  recorderName: "platform-prod-ap-east-2",
  bucketName: "archive",
  kmsKeyArn: KEY,
};

async function build(
  args: Partial<ConfigRecorderArgs> = {},
): Promise<{ recorder: PlanRecorder; providerRef: string; roleArn: string }> {
  const recorder = installPlanMocks({
    project: "platform",
    stack: "prod-taipei",
    config: { "aws:region": "ap-east-2" },
  });
  const provider = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
  const config = new ConfigRecorder("config", { ...ARGS, ...args }, { provider });
  const [, roleArn] = await valueOf(pulumi.all([config.recorderName, config.roleArn]));
  await recorder.settled();
  const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
  return { recorder, providerRef, roleArn };
}

describe("ConfigRecorder (under the plan mocks)", () => {
  describe("the Region that records the global types and creates the account's service-linked role", () => {
    let recorder: PlanRecorder;
    let providerRef: string;
    let roleArn: string;
    before(async () => {
      ({ recorder, providerRef, roleArn } = await build({
        recordGlobalResources: true,
        createServiceLinkedRole: true,
        tags: { Team: "platform" },
      }));
    });

    it("creates AWS Config's service-linked role, kept when the stack is destroyed", () => {
      const role = recorder.find(T.serviceLinkedRole, "config-service-linked-role");
      expect(role.inputs).to.deep.equal({
        awsServiceName: "config.amazonaws.com",
        tags: { Team: "platform", Name: "AWSServiceRoleForConfig" },
      });
      expect(role.state["arn"]).to.equal(SERVICE_LINKED_ROLE_ARN);
      expect(role.options.retainOnDelete).to.equal(true);
      expect(role.options.provider).to.equal(providerRef);
      expect(role.parent).to.equal(recorder.find(CONFIG_RECORDER_TYPE, "config").urn);
      expect(roleArn).to.equal(SERVICE_LINKED_ROLE_ARN);
    });

    it("records every supported type, global ones included, continuously, through the service-linked role it waits for", () => {
      const role = recorder.find(T.serviceLinkedRole, "config-service-linked-role");
      const config = recorder.find(T.recorder, "config");
      expect(config.inputs).to.deep.equal({
        name: "platform-prod-ap-east-2",
        roleArn: SERVICE_LINKED_ROLE_ARN,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: true,
          recordingStrategies: [{ useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" }],
        },
        recordingMode: { recordingFrequency: "CONTINUOUS" },
      });
      expect(config.options.provider).to.equal(providerRef);
      expect(config.parent).to.equal(recorder.find(CONFIG_RECORDER_TYPE, "config").urn);
      expect(config.propertyDependencies["roleArn"]).to.deep.equal([role.urn]);
    });

    it("creates no role of its own", () => {
      expect([T.role, T.attachment, T.rolePolicy].flatMap((type) => recorder.byType(type))).to.deep.equal([]);
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
      expect(channel.options.dependsOn).to.deep.equal([recorder.find(T.recorder, "config").urn]);
    });

    it("starts recording only once the delivery channel exists", () => {
      const status = recorder.find(T.status, "config");
      expect(status.inputs).to.deep.equal({ name: "platform-prod-ap-east-2", isEnabled: true });
      expect(status.options.dependsOn).to.include(recorder.find(T.channel, "config").urn);
    });
  });

  it("in another Region records every type but the globally recorded ones, through the account's existing role", async () => {
    const { recorder, roleArn } = await build();
    const config = recorder.find(T.recorder, "config");
    expect(config.inputs["recordingGroup"]).to.deep.include({
      allSupported: false,
      recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
    });
    expect(config.inputs["roleArn"]).to.equal(SERVICE_LINKED_ROLE_ARN);
    expect(roleArn).to.equal(SERVICE_LINKED_ROLE_ARN);
    expect(recorder.byType(T.serviceLinkedRole)).to.deep.equal([]);
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
        '  - recorderName: "" cannot name a recorder; use 1 to 256 lowercase letters, digits and -, starting with a letter or digit (e.g. platform-prod-ap-east-2)\n' +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    expect(recorder.byType(T.recorder)).to.deep.equal([]);
  });
});
