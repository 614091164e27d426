import { expect } from "chai";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

const T = {
  component: "platform:security:ThreatDetection",
  detector: "aws:guardduty/detector:Detector",
  feature: "aws:guardduty/detectorFeature:DetectorFeature",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  hub: "aws:securityhub/account:Account",
  standard: "aws:securityhub/standardsSubscription:StandardsSubscription",
  aggregator: "aws:securityhub/findingAggregator:FindingAggregator",
  ebs: "aws:ebs/encryptionByDefault:EncryptionByDefault",
  s3: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
} as const;

/** Whatever shape the plan gives a nested input (an object, or JSON text). */
function parsed(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

const PROD: Readonly<Record<string, { region: string; features: string[] }>> = {
  "prod-taipei": {
    region: "ap-east-2",
    // RDS Protection is not offered in ap-east-2.
    features: ["EBS_MALWARE_PROTECTION", "EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS"],
  },
  "prod-tokyo": {
    region: "ap-northeast-1",
    features: [
      "EBS_MALWARE_PROTECTION",
      "EKS_AUDIT_LOGS",
      "RDS_LOGIN_EVENTS",
      "RUNTIME_MONITORING",
      "S3_DATA_EVENTS",
    ],
  },
};

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("threat detection", () => {
    it("both prod regions run a protected detector with every protection the region offers enabled", () => {
      for (const [stack, { region, features }] of Object.entries(PROD)) {
        const plan = plans[stack];
        expect(
          ofType(plan, T.component).map((c) => c.name),
          stack,
        ).to.deep.equal(["security"]);
        const detector = named(plan, T.detector, "security-detector");
        expect(detector.inputs.enable, stack).to.equal(true);
        expect(detector.options.protect, stack).to.equal(true);
        expect(detector.options.provider, stack).to.equal(providerRef(plan, region));
        const enabled = ofType(plan, T.feature)
          .filter((f) => f.inputs.status === "ENABLED" && f.inputs.detectorId === detector.id)
          .map((f) => f.inputs.name as string)
          .sort();
        expect(enabled, stack).to.deep.equal(features);
      }
    });

    it("routes findings of severity 7 or more to the region's alarm topic, which admits exactly that rule", () => {
      for (const [stack, { region }] of Object.entries(PROD)) {
        const plan = plans[stack];
        const rule = named(plan, T.rule, "security-findings");
        expect(rule.inputs.name, stack).to.equal("platform-prod-guardduty-findings");
        expect(parsed(rule.inputs.eventPattern), stack).to.deep.include({ source: ["aws.guardduty"] });
        const topicArn = named(plan, T.topic, "observability-alarms").state?.["arn"];
        expect(named(plan, T.target, "security-findings").inputs.arn, stack).to.equal(topicArn);
        const policy = parsed(named(plan, T.topicPolicy, "observability-alarms").inputs.policy) as {
          Statement: { Sid: string; Condition?: unknown }[];
        };
        expect(
          policy.Statement.find((s) => s.Sid === "EventBridgeRulesPublish")?.Condition,
          stack,
        ).to.deep.equal({
          ArnEquals: {
            "aws:SourceArn": `arn:aws:events:${region}:123456789012:rule/platform-prod-guardduty-findings`,
          },
        });
      }
    });

    it("subscribes FSBP in both prod regions, aggregates in Taipei, and sets the account defaults", () => {
      for (const [stack, { region }] of Object.entries(PROD)) {
        const plan = plans[stack];
        expect(named(plan, T.hub, "security-securityhub").inputs.enableDefaultStandards, stack).to.equal(
          false,
        );
        expect(
          named(plan, T.standard, "security-aws-foundational-security-best-practices").inputs.standardsArn,
          stack,
        ).to.equal(
          `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        );
        expect(named(plan, T.ebs, "security-ebs-encryption").inputs.enabled, stack).to.equal(true);
      }
      expect(ofType(plans["prod-taipei"], T.aggregator)).to.have.length(1);
      expect(ofType(plans["prod-taipei"], T.s3)).to.have.length(1);
      expect([
        ...ofType(plans["prod-tokyo"], T.aggregator),
        ...ofType(plans["prod-tokyo"], T.s3),
      ]).to.deep.equal([]);
    });

    it("creates none of it in dev, which shares prod's account and region in the shipped files", () => {
      const dev = plans["dev"];
      expect(
        [T.detector, T.feature, T.rule, T.target, T.hub, T.standard, T.aggregator, T.ebs, T.s3].flatMap((t) =>
          ofType(dev, t),
        ),
      ).to.deep.equal([]);
      const policy = parsed(named(dev, T.topicPolicy, "observability-alarms").inputs.policy) as {
        Statement: { Sid: string }[];
      };
      expect(policy.Statement.map((s) => s.Sid)).to.not.include("EventBridgeRulesPublish");
    });
  });
});
