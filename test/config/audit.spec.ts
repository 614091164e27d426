import { expect } from "chai";
import { AUDIT_DEFAULTS, AuditConfig, checkAudit } from "../../stacks/config-sections/audit";
import { checkSection, keepPulumiConfig, load, stackFileValues } from "../support/config";

/** `checkAudit` on one value in a stack of `role`: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  role: "primary" | "secondary" = "primary",
): { config: AuditConfig | undefined; problems: string[] } {
  return checkSection(checkAudit, raw, { stack: "prod-taipei", role });
}

describe("config: platform:audit", () => {
  keepPulumiConfig();

  it("is optional: absent means no trail and no recorder", () => {
    expect(check(undefined)).to.deep.equal({ config: undefined, problems: [] });
    expect(check({})).to.deep.equal({ config: {}, problems: [] });
  });

  it("enables each part it names, with the components' defaults", () => {
    expect(check({ trail: {}, config: {} })).to.deep.equal({
      config: {
        trail: { enabled: true, logRetentionDays: 365 },
        config: {
          enabled: true,
          createServiceLinkedRole: true,
          snapshotFrequency: "TwentyFour_Hours",
          recordingFrequency: "CONTINUOUS",
        },
      },
      problems: [],
    });
    expect(AUDIT_DEFAULTS.trail.logRetentionDays).to.equal(365);
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values", () => {
    const raw = JSON.stringify({
      trail: { enabled: false, logRetentionDays: 90 },
      config: {
        enabled: false,
        createServiceLinkedRole: false,
        snapshotFrequency: "Six_Hours",
        recordingFrequency: "DAILY",
      },
    });
    expect(check(raw).config).to.deep.equal({
      trail: { enabled: false, logRetentionDays: 90 },
      config: {
        enabled: false,
        createServiceLinkedRole: false,
        snapshotFrequency: "Six_Hours",
        recordingFrequency: "DAILY",
      },
    });
  });

  it("creates the account's service-linked role in the primary, not in a secondary, unless told otherwise", () => {
    const creates = (raw: unknown, role: "primary" | "secondary") =>
      check(raw, role).config?.config?.createServiceLinkedRole;
    expect(creates({ config: {} }, "primary")).to.equal(true);
    expect(creates({ config: {} }, "secondary")).to.equal(false);
    // Where the role already exists (AWS Config or Control Tower used before), the primary sets false.
    expect(creates({ config: { createServiceLinkedRole: false } }, "primary")).to.equal(false);
    // A secondary of an account whose primary records no Config may create it.
    expect(creates({ config: { createServiceLinkedRole: true } }, "secondary")).to.equal(true);
    expect(check({ config: { createServiceLinkedRole: "no" } }).problems).to.deep.equal([
      'platform:audit.config.createServiceLinkedRole: is the string "no", not a boolean; set whether this stack ' +
        "creates the account's AWS Config service-linked role (AWSServiceRoleForConfig), e.g. false",
    ]);
  });

  it("reports shapes with our messages: wrong types, unknown keys", () => {
    expect(check({ trail: { enabled: "yes" }, config: [], guardduty: {} }).problems).to.deep.equal([
      'platform:audit.trail.enabled: is the string "yes", not a boolean; set whether this stack creates the account\'s CloudTrail trail, e.g. true',
      "platform:audit.config: is a list, not a map; set the Region's AWS Config recorder, e.g. {enabled: true}",
      "platform:audit.guardduty: unknown key; fix its spelling or remove it (the known keys are trail, config)",
    ]);
  });

  it("refuses the account's trail in a secondary, with the fix, but takes it turned off", () => {
    expect(check({ trail: {} }, "secondary").problems).to.deep.equal([
      "platform:audit.trail.enabled: a secondary cannot own the account's trail: the primary's multi-Region trail " +
        "already records this Region (a second trail bills every event again); set it to false or remove trail",
    ]);
    expect(check({ trail: { enabled: false }, config: {} }, "secondary").problems).to.deep.equal([]);
  });

  it("applies the components' rules: a CloudWatch Logs retention, Config's frequencies", () => {
    expect(
      check({
        trail: { logRetentionDays: 2 },
        config: { snapshotFrequency: "Daily", recordingFrequency: "x" },
      }).problems,
    ).to.deep.equal([
      "platform:audit.trail.logRetentionDays: 2 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 3)",
      'platform:audit.config.snapshotFrequency: "Daily" is not a snapshot frequency; use one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours',
      'platform:audit.config.recordingFrequency: "x" is not a recording frequency; use CONTINUOUS or DAILY',
    ]);
  });

  it("is set in every stack file: one trail, in prod-taipei and dev (its own account); a recorder in each prod region", () => {
    const of = (stack: string) => stackFileValues(stack)["platform:audit"];
    expect(check(of("prod-taipei")).config).to.deep.equal({
      trail: { enabled: true, logRetentionDays: 365 },
      config: {
        enabled: true,
        createServiceLinkedRole: true,
        snapshotFrequency: "TwentyFour_Hours",
        recordingFrequency: "CONTINUOUS",
      },
    });
    expect(check(of("prod-tokyo"), "secondary").config).to.deep.equal({
      config: {
        enabled: true,
        createServiceLinkedRole: false,
        snapshotFrequency: "TwentyFour_Hours",
        recordingFrequency: "CONTINUOUS",
      },
    });
    expect(check(of("dev")).config).to.deep.equal({
      trail: { enabled: true, logRetentionDays: 90 },
      config: {
        enabled: false,
        createServiceLinkedRole: true,
        snapshotFrequency: "TwentyFour_Hours",
        recordingFrequency: "DAILY",
      },
    });
  });

  it("reaches PlatformConfig through the config door, and stays absent without the key", async () => {
    const config = await load({ "platform:audit": { trail: {} } });
    expect(config.audit).to.deep.equal({ trail: { enabled: true, logRetentionDays: 365 } });
    expect((await load()).audit).to.equal(undefined);
  });
});
