import { expect } from "chai";
import { CIS_MONITORS } from "../../components/audit-trail/plan";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import { MOCK_ACCOUNT_ID } from "../../tools/plan/mocks/environment";
import type { StackPlan } from "../../tools/plan/model";

const T = {
  trail: "aws:cloudtrail/trail:Trail",
  trailComponent: "platform:security:AuditTrail",
  recorder: "aws:cfg/recorder:Recorder",
  channel: "aws:cfg/deliveryChannel:DeliveryChannel",
  status: "aws:cfg/recorderStatus:RecorderStatus",
  serviceLinkedRole: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
  role: "aws:iam/role:Role",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  bucket: "aws:s3/bucket:Bucket",
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
} as const;

function parsed(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("audit", () => {
    it("has exactly one multi-Region trail in the prod account, in prod-taipei, validated, KMS-encrypted, to the archive", () => {
      expect(ofType(plans["prod-tokyo"], T.trail)).to.deep.equal([]);
      const plan = plans["prod-taipei"];
      const [trail, ...others] = ofType(plan, T.trail);
      expect(others).to.deep.equal([]);
      expect(trail!.inputs).to.deep.include({
        name: "platform-prod",
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        s3KeyPrefix: "cloudtrail",
        s3BucketName: named(plan, T.bucket, "storage-archive").inputs.bucket,
        kmsKeyId: named(plan, T.key, "keys-storage").state?.["arn"],
      });
      expect(trail!.options.protect).to.equal(true);
      // CloudTrail checks the bucket policy when the trail is created: the trail waits for it.
      expect(trail!.propertyDependencies["s3BucketName"]).to.include(
        named(plan, "aws:s3/bucketPolicy:BucketPolicy", "storage-archive").urn,
      );
      expect(trail!.options.provider).to.equal(providerRef(plan, "ap-east-2"));
    });

    it("gives dev's own account its trail, and no stack a second one", () => {
      const trails = ofType(plans.dev, T.trail);
      expect(trails.map((t) => t.inputs.name)).to.deep.equal(["platform-dev"]);
      expect(trails[0]!.options.protect).to.equal(false);
    });

    it("watches the trail's log group with every CIS filter and an alarm to the region's alarm topic", () => {
      for (const stack of ["dev", "prod-taipei"]) {
        const plan = plans[stack];
        const filters = ofType(plan, T.filter);
        expect(
          filters.map((f) => f.inputs.pattern),
          stack,
        ).to.deep.equal(CIS_MONITORS.map((m) => m.pattern));
        const topicArn = named(plan, T.topic, "observability-alarms").state?.["arn"];
        const alarms = ofType(plan, T.alarm).filter((a) => String(a.name).startsWith("audit-trail-cis-"));
        expect(alarms, stack).to.have.length(CIS_MONITORS.length);
        for (const alarm of alarms) {
          expect(alarm.inputs.alarmActions, `${stack} ${alarm.name}`).to.deep.equal([topicArn]);
        }
      }
    });

    it("records AWS Config in both prod regions, the global types in Taipei only, to the Config bucket with the storage key", () => {
      for (const [stack, region, global] of [
        ["prod-taipei", "ap-east-2", true],
        ["prod-tokyo", "ap-northeast-1", false],
      ] as const) {
        const plan = plans[stack];
        const recorder = named(plan, T.recorder, "config-recorder");
        expect(recorder.inputs.name, stack).to.equal(`platform-prod-${region}`);
        const group = parsed(recorder.inputs.recordingGroup) as Record<string, unknown>;
        expect(group["includeGlobalResourceTypes"] === true, stack).to.equal(global);
        expect(group["allSupported"], stack).to.equal(global);
        const channel = named(plan, T.channel, "config-recorder");
        expect(channel.inputs, stack).to.deep.include({
          s3KeyPrefix: "config",
          s3BucketName: named(plan, T.bucket, "storage-config").inputs.bucket,
          s3KmsKeyArn: named(plan, T.key, "keys-storage").state?.["arn"],
        });
        expect(channel.propertyDependencies["s3BucketName"], stack).to.include(
          named(plan, "aws:s3/bucketPolicy:BucketPolicy", "storage-config").urn,
        );
        expect(named(plan, T.status, "config-recorder").inputs.isEnabled, stack).to.equal(true);
      }
    });

    it("records through the account's AWS Config service-linked role in both prod regions, created by prod-taipei only", () => {
      // One account (the plan mocks answer every stack's caller identity with it).
      const slrArn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
      const taipei = plans["prod-taipei"];
      const [role, ...others] = ofType(taipei, T.serviceLinkedRole);
      expect(others).to.deep.equal([]);
      expect(role!.inputs.awsServiceName).to.equal("config.amazonaws.com");
      expect(role!.state?.["arn"]).to.equal(slrArn);
      // The account's: kept when the stack is destroyed (other recorders record through it).
      expect(role!.options.retainOnDelete).to.equal(true);
      const taipeiRecorder = named(taipei, T.recorder, "config-recorder");
      expect(taipeiRecorder.inputs.roleArn).to.equal(slrArn);
      // The recorder waits for the role (PutConfigurationRecorder does not create it).
      expect(taipeiRecorder.propertyDependencies["roleArn"]).to.deep.equal([role!.urn]);

      const tokyo = plans["prod-tokyo"];
      expect(ofType(tokyo, T.serviceLinkedRole)).to.deep.equal([]);
      const tokyoRecorder = named(tokyo, T.recorder, "config-recorder");
      // The same account's role, which prod-taipei creates (it deploys first).
      expect(tokyoRecorder.inputs.roleArn).to.equal(slrArn);
      expect(tokyoRecorder.propertyDependencies["roleArn"] ?? []).to.deep.equal([]);
      // No Config role of their own.
      for (const plan of [taipei, tokyo]) {
        expect(
          ofType(plan, T.role).filter((r) => String(r.inputs.name ?? "").endsWith("-config")),
          plan.stack,
        ).to.deep.equal([]);
      }
    });

    it("records no Config in dev (a cost decision, ADR 0031)", () => {
      expect(
        [T.recorder, T.channel, T.status, T.serviceLinkedRole].flatMap((type) => ofType(plans.dev, type)),
      ).to.deep.equal([]);
    });
  });
});
