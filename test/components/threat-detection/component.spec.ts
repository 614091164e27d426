import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  THREAT_DETECTION_TYPE,
  ThreatDetection,
  ThreatDetectionArgs,
  findingInputTemplate,
} from "../../../components/threat-detection";
import { ValidationError } from "../../../components/common/validation";
import { PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";

const T = {
  detector: "aws:guardduty/detector:Detector",
  feature: "aws:guardduty/detectorFeature:DetectorFeature",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  hub: "aws:securityhub/account:Account",
  standard: "aws:securityhub/standardsSubscription:StandardsSubscription",
  aggregator: "aws:securityhub/findingAggregator:FindingAggregator",
  ebs: "aws:ebs/encryptionByDefault:EncryptionByDefault",
  s3: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
} as const;

const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:alarms";
const ARGS: ThreatDetectionArgs = {
  region: "ap-northeast-1",
  findingsRuleName: "platform-prod-guardduty-findings",
  topicArn: TOPIC,
};

async function build(
  args: Partial<ThreatDetectionArgs> = {},
  region = "ap-northeast-1",
): Promise<{ recorder: PlanRecorder; security: ThreatDetection; providerRef: string }> {
  const recorder = installPlanMocks({
    project: "platform",
    stack: "prod-tokyo",
    config: { "aws:region": region },
  });
  const provider = new aws.Provider(`aws-${region}`, { region });
  const security = new ThreatDetection("security", { ...ARGS, region, ...args }, { provider });
  await valueOf(pulumi.all([security.detectorId, security.findingsRuleArn]));
  await recorder.settled();
  const providerRef = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
  return { recorder, security, providerRef };
}

describe("ThreatDetection (under the plan mocks)", () => {
  describe("every part with its defaults (Tokyo)", () => {
    let built: Awaited<ReturnType<typeof build>>;
    before(async () => {
      built = await build({ protect: true, securityHub: { aggregateFindings: true } });
    });

    it("creates an enabled detector publishing updates every 15 minutes, protected, through the provider", () => {
      const detector = built.recorder.find(T.detector, "security-detector");
      expect(detector.inputs["enable"]).to.equal(true);
      expect(detector.inputs["findingPublishingFrequency"]).to.equal("FIFTEEN_MINUTES");
      expect(detector.options.protect).to.equal(true);
      expect(detector.options.provider).to.equal(built.providerRef);
      expect(detector.parent).to.equal(built.recorder.find(THREAT_DETECTION_TYPE, "security").urn);
    });

    it("enables the five protections as DetectorFeatures, runtime with GuardDuty's EKS add-on", async () => {
      const detectorId = await valueOf(built.security.detectorId!);
      const features = built.recorder.byType(T.feature).map((f) => f.inputs);
      expect(features).to.have.deep.members([
        { detectorId, name: "EKS_AUDIT_LOGS", status: "ENABLED" },
        {
          detectorId,
          name: "RUNTIME_MONITORING",
          status: "ENABLED",
          additionalConfigurations: [
            { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
            { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
          ],
        },
        { detectorId, name: "RDS_LOGIN_EVENTS", status: "ENABLED" },
        { detectorId, name: "S3_DATA_EVENTS", status: "ENABLED" },
        { detectorId, name: "EBS_MALWARE_PROTECTION", status: "ENABLED" },
      ]);
    });

    it("routes findings of severity 7 or more to the topic with a readable message naming the runbook", () => {
      const rule = built.recorder.find(T.rule, "security-findings");
      expect(rule.inputs["name"]).to.equal("platform-prod-guardduty-findings");
      expect(JSON.parse(rule.inputs["eventPattern"] as string)).to.deep.equal({
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", 7] }] },
      });
      const target = built.recorder.find(T.target, "security-findings");
      expect(target.inputs["arn"]).to.equal(TOPIC);
      expect(target.inputs["rule"]).to.equal("platform-prod-guardduty-findings");
      const transformer = target.inputs["inputTransformer"] as { inputPaths: object; inputTemplate: string };
      expect(transformer.inputTemplate).to.equal(findingInputTemplate("docs/runbooks/guardduty-finding.md"));
      expect(JSON.parse(transformer.inputTemplate)).to.contain("Runbook: docs/runbooks/guardduty-finding.md");
      expect(transformer.inputPaths).to.include({ severity: "$.detail.severity", type: "$.detail.type" });
    });

    it("enables Security Hub without default standards, consolidated control findings, FSBP and the aggregator", () => {
      const hub = built.recorder.find(T.hub, "security-securityhub");
      expect(hub.inputs).to.deep.equal({
        enableDefaultStandards: false,
        controlFindingGenerator: "SECURITY_CONTROL",
        autoEnableControls: true,
      });
      expect(hub.options.protect).to.equal(true);
      const fsbp = built.recorder.find(T.standard, "security-aws-foundational-security-best-practices");
      expect(fsbp.inputs["standardsArn"]).to.equal(
        "arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      );
      expect(fsbp.options.dependsOn).to.include(hub.urn);
      expect(built.recorder.find(T.aggregator, "security-aggregator").inputs).to.deep.equal({
        linkingMode: "ALL_REGIONS",
      });
    });

    it("enables EBS encryption by default (the AWS managed key) and no account-wide S3 block unless asked", () => {
      expect(built.recorder.find(T.ebs, "security-ebs-encryption").inputs).to.deep.equal({ enabled: true });
      expect(built.recorder.byType(T.s3)).to.deep.equal([]);
    });
  });

  it("in Taipei creates no RDS feature, writes switched-off features DISABLED and sets the account's S3 block", async () => {
    const { recorder } = await build(
      {
        guardDuty: { features: { runtimeMonitoring: false }, findingSeverityThreshold: 4 },
        accountDefaults: { s3AccountPublicAccessBlock: true },
      },
      "ap-east-2",
    );
    expect(
      recorder.byType(T.feature).map((f) => [f.inputs["name"], f.inputs["status"]]),
    ).to.have.deep.members([
      ["EKS_AUDIT_LOGS", "ENABLED"],
      ["RUNTIME_MONITORING", "DISABLED"],
      ["S3_DATA_EVENTS", "ENABLED"],
      ["EBS_MALWARE_PROTECTION", "ENABLED"],
    ]);
    expect(
      JSON.parse(recorder.find(T.rule, "security-findings").inputs["eventPattern"] as string).detail,
    ).to.deep.equal({
      severity: [{ numeric: [">=", 4] }],
    });
    expect(recorder.find(T.s3, "security-s3-public-access").inputs).to.deep.equal({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  });

  it("creates nothing of a service turned off (a landing zone provides it)", async () => {
    const { recorder, security } = await build({
      guardDuty: { enabled: false },
      securityHub: { enabled: false },
      accountDefaults: { ebsEncryptionByDefault: false },
    });
    expect(
      [T.detector, T.feature, T.rule, T.target, T.hub, T.standard, T.aggregator, T.ebs, T.s3].flatMap((t) =>
        recorder.byType(t),
      ),
    ).to.deep.equal([]);
    expect(security.detectorId).to.equal(undefined);
    expect(security.standardsSubscriptionArns).to.deep.equal({});
  });

  it("rejects bad arguments before creating anything, in one error", async () => {
    installPlanMocks({ project: "platform", stack: "prod-taipei", config: { "aws:region": "ap-east-2" } });
    const provider = new aws.Provider("aws", { region: "ap-east-2" });
    expect(
      () =>
        new ThreatDetection(
          "security",
          {
            ...ARGS,
            region: "ap-east-2",
            guardDuty: { features: { rdsLoginEvents: true }, findingSeverityThreshold: 11 },
          },
          { provider },
        ),
    )
      .to.throw(ValidationError)
      .with.property("message")
      .that.contains("guardDuty.findingSeverityThreshold: 11 is not a GuardDuty severity")
      .and.contains(
        "guardDuty.features.rdsLoginEvents: GuardDuty does not offer RDS_LOGIN_EVENTS in ap-east-2",
      );
  });
});
