import { expect } from "chai";
import { SecurityConfig, checkSecurity } from "../../stacks/config-sections/security";
import type { SectionContext } from "../../stacks/config-sections/section";
import { checkSection, keepPulumiConfig, load, stackFileValues } from "../support/config";

const TAIPEI: SectionContext = {
  stack: "prod-taipei",
  region: "ap-east-2",
  environment: "prod",
  role: "primary",
};
const TOKYO: SectionContext = {
  stack: "prod-tokyo",
  region: "ap-northeast-1",
  environment: "prod",
  role: "secondary",
};

/** `checkSecurity` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  context: SectionContext = TAIPEI,
): { config: SecurityConfig | undefined; problems: string[] } {
  return checkSection(checkSecurity, raw, context);
}

const ALL_ON = {
  eksAuditLogs: true,
  runtimeMonitoring: true,
  rdsLoginEvents: true,
  s3DataEvents: true,
  ebsMalwareProtection: true,
};

describe("config: platform:security", () => {
  keepPulumiConfig();

  it("defaults to everything on: the protections the region offers, the account-wide parts in the primary only", () => {
    const taipei = check(undefined).config!;
    expect(taipei.guardDuty.features).to.deep.equal({ ...ALL_ON, rdsLoginEvents: false });
    expect(taipei.securityHub.aggregateFindings).to.equal(true);
    expect(taipei.accountDefaults).to.deep.equal({
      ebsEncryptionByDefault: true,
      s3AccountPublicAccessBlock: true,
    });
    const tokyo = check(undefined, TOKYO).config!;
    expect(tokyo.guardDuty).to.deep.equal({
      enabled: true,
      findingPublishingFrequency: "FIFTEEN_MINUTES",
      features: ALL_ON,
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
    // A primary without Security Hub aggregates nothing.
    expect(check({ securityHub: { enabled: false } }).config!.securityHub.aggregateFindings).to.equal(false);
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values", () => {
    const raw = JSON.stringify({
      guardDuty: { findingSeverityThreshold: 4, features: { runtimeMonitoring: false } },
      securityHub: { standards: ["aws-foundational-security-best-practices/v/1.0.0", "nist-800-53/v/5.0.0"] },
    });
    const config = check(raw, TOKYO).config!;
    expect(config.guardDuty.findingSeverityThreshold).to.equal(4);
    expect(config.guardDuty.features).to.deep.equal({ ...ALL_ON, runtimeMonitoring: false });
    expect(config.securityHub.standards).to.deep.equal([
      "aws-foundational-security-best-practices/v/1.0.0",
      "nist-800-53/v/5.0.0",
    ]);
  });

  it("reports shapes with our messages: wrong types, unknown keys", () => {
    expect(
      check({
        guardDuty: { enabled: "yes", features: { lambda: true } },
        securityHub: { standards: "fsbp" },
        waf: 1,
      }).problems,
    ).to.deep.equal([
      'platform:security.guardDuty.enabled: is the string "yes", not a boolean; set whether this stack creates the region\'s GuardDuty detector, e.g. true',
      "platform:security.guardDuty.features.lambda: unknown key; fix its spelling or remove it (the known keys are eksAuditLogs, runtimeMonitoring, rdsLoginEvents, s3DataEvents, ebsMalwareProtection)",
      'platform:security.securityHub.standards: is the string "fsbp", not a list; set the Security Hub standards subscribed, e.g. [aws-foundational-security-best-practices/v/1.0.0]',
      "platform:security.waf: unknown key; fix its spelling or remove it (the known keys are guardDuty, securityHub, accountDefaults)",
    ]);
  });

  it("applies the component's rules: the region's features, the severity, the standards", () => {
    expect(
      check({
        guardDuty: { findingSeverityThreshold: 12, features: { rdsLoginEvents: true } },
        securityHub: { standards: [] },
      }).problems,
    ).to.deep.equal([
      "platform:security.guardDuty.findingSeverityThreshold: 12 is not a GuardDuty severity; use 1 to 10 (7 routes high and critical findings, 4 also medium ones)",
      "platform:security.guardDuty.features.rdsLoginEvents: GuardDuty does not offer RDS_LOGIN_EVENTS in ap-east-2; set it to false there",
      "platform:security.securityHub.standards: is empty, so Security Hub would check nothing; subscribe at least aws-foundational-security-best-practices/v/1.0.0",
    ]);
  });

  it("leaves the account-wide parts to the primary: a secondary setting one is an error", () => {
    expect(
      check(
        { securityHub: { aggregateFindings: true }, accountDefaults: { s3AccountPublicAccessBlock: true } },
        TOKYO,
      ).problems,
    ).to.deep.equal([
      "platform:security.accountDefaults.s3AccountPublicAccessBlock: is the account's setting, which the primary stack owns; remove it here (a secondary setting it too would remove it when destroyed)",
      "platform:security.securityHub.aggregateFindings: makes this region the account's home of aggregation, which the primary stack owns; remove it here",
    ]);
  });

  it("is set in every stack file: everything on in prod, off in dev (it shares prod's account and region)", () => {
    const of = (stack: string) => stackFileValues(stack)["platform:security"];
    const taipei = check(of("prod-taipei")).config!;
    expect(taipei.guardDuty.features).to.deep.equal({ ...ALL_ON, rdsLoginEvents: false });
    expect(taipei.securityHub.aggregateFindings).to.equal(true);
    expect(taipei.accountDefaults.s3AccountPublicAccessBlock).to.equal(true);
    const tokyo = check(of("prod-tokyo"), TOKYO).config!;
    expect(tokyo.guardDuty.features).to.deep.equal(ALL_ON);
    expect(tokyo.securityHub.aggregateFindings).to.equal(false);
    const dev = check(of("dev"), { ...TAIPEI, stack: "dev", environment: "dev" }).config!;
    expect([dev.guardDuty.enabled, dev.securityHub.enabled, dev.securityHub.aggregateFindings]).to.deep.equal(
      [false, false, false],
    );
    expect(dev.accountDefaults).to.deep.equal({
      ebsEncryptionByDefault: false,
      s3AccountPublicAccessBlock: false,
    });
  });

  it("reaches PlatformConfig through the config door", async () => {
    const config = await load({ "platform:security": { guardDuty: { findingSeverityThreshold: 4 } } });
    expect(config.security.guardDuty.findingSeverityThreshold).to.equal(4);
    expect((await load()).security.guardDuty.enabled).to.equal(true);
  });
});
