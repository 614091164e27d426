import { expect } from "chai";
import {
  ThreatDetectionPlanArgs,
  findingInputTemplate,
  planFeatures,
  standardKey,
  standardsArn,
  threatDetectionArgsProblems,
  withDefaults,
} from "../../../components/threat-detection/plan";

const ARGS: ThreatDetectionPlanArgs = {
  region: "ap-northeast-1",
  findingsRuleName: "platform-prod-guardduty-findings",
};
const problems = (args: Partial<ThreatDetectionPlanArgs>) =>
  threatDetectionArgsProblems(withDefaults({ ...ARGS, ...args }));

describe("ThreatDetection planning", () => {
  it("defaults: every protection the region offers, severity 7, FSBP, EBS by default, no account-wide parts", () => {
    const tokyo = withDefaults(ARGS);
    expect(tokyo.guardDuty).to.deep.equal({
      enabled: true,
      findingPublishingFrequency: "FIFTEEN_MINUTES",
      features: {
        eksAuditLogs: true,
        runtimeMonitoring: true,
        rdsLoginEvents: true,
        s3DataEvents: true,
        ebsMalwareProtection: true,
      },
      findingSeverityThreshold: 7,
    });
    expect(tokyo.securityHub).to.deep.equal({
      enabled: true,
      standards: ["aws-foundational-security-best-practices/v/1.0.0"],
      autoEnableControls: true,
      aggregateFindings: false,
    });
    expect(tokyo.accountDefaults).to.deep.equal({
      ebsEncryptionByDefault: true,
      s3AccountPublicAccessBlock: false,
    });
    expect(withDefaults({ ...ARGS, region: "ap-east-2" }).guardDuty.features.rdsLoginEvents).to.equal(false);
    expect(problems({})).to.deep.equal([]);
  });

  it("plans no feature the region does not offer", () => {
    const taipei = withDefaults({ ...ARGS, region: "ap-east-2" });
    expect(planFeatures("ap-east-2", taipei.guardDuty.features).map((f) => f.name)).to.deep.equal([
      "EKS_AUDIT_LOGS",
      "RUNTIME_MONITORING",
      "S3_DATA_EVENTS",
      "EBS_MALWARE_PROTECTION",
    ]);
  });

  it("reports every problem with the argument and the fix", () => {
    expect(
      problems({
        findingsRuleName: "bad name",
        region: "ap-east-2",
        guardDuty: {
          findingPublishingFrequency: "HOURLY",
          findingSeverityThreshold: 0,
          features: { rdsLoginEvents: true },
        },
        securityHub: { standards: ["nist-800-53/v/5.0.0", "nist-800-53/v/5.0.0", "cis/v/1"] },
        runbook: " ",
      }),
    ).to.deep.equal([
      {
        path: "findingsRuleName",
        message:
          '"bad name" cannot name an EventBridge rule; use 1 to 64 letters, digits, ., - or _ (e.g. platform-prod-guardduty-findings)',
      },
      {
        path: "guardDuty.findingPublishingFrequency",
        message: '"HOURLY" is not a publishing frequency; use one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS',
      },
      {
        path: "guardDuty.findingSeverityThreshold",
        message:
          "0 is not a GuardDuty severity; use 1 to 10 (7 routes high and critical findings, 4 also medium ones)",
      },
      {
        path: "guardDuty.features.rdsLoginEvents",
        message: "GuardDuty does not offer RDS_LOGIN_EVENTS in ap-east-2; set it to false there",
      },
      {
        path: "securityHub.standards[1]",
        message: "nist-800-53/v/5.0.0 is listed twice; list each standard once",
      },
      {
        path: "securityHub.standards[2]",
        message:
          '"cis/v/1" is not a regional Security Hub standard; use one of aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/1.4.0, cis-aws-foundations-benchmark/v/3.0.0, nist-800-53/v/5.0.0, pci-dss/v/4.0.1, aws-resource-tagging-standard/v/1.0.0',
      },
      {
        path: "runbook",
        message: "is empty; name where responders read what to do (e.g. docs/runbooks/guardduty-finding.md)",
      },
    ]);
    expect(problems({ securityHub: { standards: [] } })).to.deep.equal([
      {
        path: "securityHub.standards",
        message:
          "is empty, so Security Hub would check nothing; subscribe at least aws-foundational-security-best-practices/v/1.0.0",
      },
    ]);
    expect(problems({ securityHub: { enabled: false, aggregateFindings: true } })).to.deep.equal([
      {
        path: "securityHub.aggregateFindings",
        message:
          "needs Security Hub in this region (the home region of aggregation); set securityHub.enabled to true or aggregateFindings to false",
      },
    ]);
    // Nothing of GuardDuty is checked when it is off (its rule is not created).
    expect(
      problems({ findingsRuleName: "", guardDuty: { enabled: false, findingSeverityThreshold: 0 } }),
    ).to.deep.equal([]);
  });

  it("writes the standards' ARNs and keys, and a message template that is one JSON string", () => {
    expect(standardsArn("aws", "ap-east-2", "aws-foundational-security-best-practices/v/1.0.0")).to.equal(
      "arn:aws:securityhub:ap-east-2::standards/aws-foundational-security-best-practices/v/1.0.0",
    );
    expect(standardKey("aws-foundational-security-best-practices/v/1.0.0")).to.equal(
      "aws-foundational-security-best-practices",
    );
    expect(standardKey("cis-aws-foundations-benchmark/v/3.0.0")).to.equal(
      "cis-aws-foundations-benchmark-3-0-0",
    );
    const text = JSON.parse(findingInputTemplate("docs/runbooks/guardduty-finding.md")) as string;
    expect(text).to.match(
      /^GuardDuty finding, severity <severity>, in account <account> <region>: <type>\. <title> /,
    );
    expect(text).to.contain("fId=<id>");
  });
});
