import { expect } from "chai";
import { DEFAULT_ALARM_THRESHOLDS } from "../../components/observability-stack";
import {
  OBSERVABILITY_DEFAULTS,
  ObservabilityConfig,
  checkObservability,
} from "../../stacks/config-sections/observability";
import type { SectionContext } from "../../stacks/config-sections/section";
import { checkSection } from "../support/config";

const PROD_TAIPEI: SectionContext = { stack: "prod-taipei", environment: "prod", region: "ap-east-2" };
const DEV_TAIPEI: SectionContext = { stack: "prod-taipei", environment: "dev", region: "ap-east-2" };
const PROD_TOKYO: SectionContext = { stack: "prod-taipei", environment: "prod", region: "ap-northeast-1" };

/** `checkObservability` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  context: SectionContext = DEV_TAIPEI,
): { config: ObservabilityConfig | undefined; problems: string[] } {
  return checkSection(checkObservability, raw, context);
}

const KNOWN_KEYS =
  "alarmEmails, logRetentionDays, metricsRetentionDays, thresholds, tracing, grafana, kubernetes";

const DEFAULTED = {
  alarmEmails: [],
  logRetentionDays: 365,
  metricsRetentionDays: 150,
  thresholds: {},
  tracing: { samplingRate: 0.05, reservoirPerSecond: 1 },
  grafana: { enabled: false, version: "10.4" },
  kubernetes: { scrapeIntervalSeconds: 60, containerInsights: true, addonVersion: "v4.5.0-eksbuild.1" },
};

describe("config: platform:observability", () => {
  it("is optional in dev: absent means every default, Grafana off in Taipei, which does not offer it", () => {
    expect(check(undefined)).to.deep.equal({ config: DEFAULTED, problems: [] });
    expect(OBSERVABILITY_DEFAULTS.alarmEmails).to.deep.equal([]);
  });

  it("turns Grafana on by default where the region offers it", () => {
    expect(check({ alarmEmails: ["oncall@example.com"] }, PROD_TOKYO).config?.grafana).to.deep.equal({
      enabled: true,
      version: "10.4",
    });
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values and zeros", () => {
    const raw = JSON.stringify({
      alarmEmails: ["oncall@example.com", "dba@example.com"],
      logRetentionDays: 90,
      metricsRetentionDays: 400,
      thresholds: { auroraReplicationLagMs: 500, natPacketsDropped: 0 },
      tracing: { samplingRate: 0, reservoirPerSecond: 0 },
      grafana: { enabled: true, version: "12.4" },
      kubernetes: { scrapeIntervalSeconds: 30, containerInsights: false, addonVersion: "v4.6.0-eksbuild.2" },
    });
    expect(check(raw, PROD_TOKYO)).to.deep.equal({
      config: {
        alarmEmails: ["oncall@example.com", "dba@example.com"],
        logRetentionDays: 90,
        metricsRetentionDays: 400,
        thresholds: { auroraReplicationLagMs: 500, natPacketsDropped: 0 },
        tracing: { samplingRate: 0, reservoirPerSecond: 0 },
        grafana: { enabled: true, version: "12.4" },
        kubernetes: {
          scrapeIntervalSeconds: 30,
          containerInsights: false,
          addonVersion: "v4.6.0-eksbuild.2",
        },
      },
      problems: [],
    });
  });

  it("needs an alarm address in prod, so that alarms reach people", () => {
    expect(check(undefined, PROD_TAIPEI).problems).to.deep.equal([
      "platform:observability.alarmEmails: is empty in a prod stack, so its alarms would reach nobody; add the on-call address, e.g. `pulumi config set --path 'platform:observability.alarmEmails[0]' platform-oncall@example.com`",
    ]);
    expect(check({ alarmEmails: ["oncall@example.com"] }, PROD_TAIPEI).problems).to.deep.equal([]);
  });

  it("reports shapes with our messages: not a map, text that is not JSON, unknown keys, wrong types", () => {
    expect(check([]).problems).to.deep.equal([
      "platform:observability: is a list, not a map; set the observability settings, e.g. {alarmEmails: [platform-oncall@example.com], logRetentionDays: 365}",
    ]);
    expect(check("{alarmEmails:").problems).to.deep.equal([
      "platform:observability: is text that does not parse as JSON; write platform:observability as a YAML map under config: in Pulumi.prod-taipei.yaml",
    ]);
    expect(
      check({
        alarmEmail: "oncall@example.com",
        alarmEmails: "oncall@example.com",
        logRetentionDays: "30",
        tracing: { samplingRate: "5%" },
        grafana: { enabled: "no" },
      }),
    ).to.deep.equal({
      config: undefined,
      problems: [
        'platform:observability.alarmEmails: is the string "oncall@example.com", not a list; set the addresses alarms are mailed to, e.g. [platform-oncall@example.com]',
        'platform:observability.logRetentionDays: is the string "30", not a number; set a CloudWatch Logs retention in days, e.g. 365',
        'platform:observability.tracing.samplingRate: is the string "5%", not a number; set the share of requests traced, 0 to 1, e.g. 0.05',
        'platform:observability.grafana.enabled: is the string "no", not a boolean; set whether to create a Grafana workspace, e.g. false',
        `platform:observability.alarmEmail: unknown key; fix its spelling or remove it (the known keys are ${KNOWN_KEYS})`,
      ],
    });
  });

  it("applies the component's rules to every field whose shape is valid, all at once", () => {
    expect(
      check(
        {
          alarmEmails: ["oncall", "a@example.com", "A@example.com"],
          logRetentionDays: 10,
          metricsRetentionDays: 2000,
          thresholds: { auroraCpu: 1, kafkaDiskUsedPercent: 150 },
          tracing: { samplingRate: 1.5, reservoirPerSecond: 0.5 },
          grafana: { enabled: true, version: "11.0" },
          kubernetes: { scrapeIntervalSeconds: 10, addonVersion: "latest" },
        },
        PROD_TAIPEI,
      ).problems,
    ).to.deep.equal([
      'platform:observability.alarmEmails[0]: "oncall" is not an e-mail address; write it like oncall@example.com',
      "platform:observability.alarmEmails[2]: A@example.com is listed twice; list each address once",
      "platform:observability.logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
      "platform:observability.metricsRetentionDays: 2000 is not a Prometheus retention; use whole days from 1 to 1095 (the service default is 150)",
      `platform:observability.thresholds.auroraCpu: unknown threshold; fix its spelling or remove it (the thresholds are ${Object.keys(DEFAULT_ALARM_THRESHOLDS).join(", ")})`,
      "platform:observability.thresholds.kafkaDiskUsedPercent: 150 is more than 100 percent; use a percentage from 0 to 100",
      "platform:observability.tracing.samplingRate: 1.5 is not a sampling rate; use a fraction from 0 to 1 (e.g. 0.05 traces 5% of requests)",
      "platform:observability.tracing.reservoirPerSecond: 0.5 is not a reservoir; use a whole number of traced requests per second, 0 or more",
      'platform:observability.grafana.version: "11.0" is not a Managed Grafana version; use one of 9.4, 10.4, 12.4',
      "platform:observability.grafana.enabled: Amazon Managed Grafana is not offered in ap-east-2; set platform:observability.grafana.enabled to false (a workspace in another region can read this one, see ADR 0016)",
      "platform:observability.kubernetes.scrapeIntervalSeconds: 10 is not a scrape interval the managed collector accepts; use whole seconds, 30 or more",
      'platform:observability.kubernetes.addonVersion: "latest" is not a pinned add-on version; write it like v4.5.0-eksbuild.1 (see aws eks describe-addon-versions)',
    ]);
  });

  it("takes alarm addresses by what they are, not by an @ and a dot", () => {
    expect(check({ alarmEmails: ["platform-oncall@kimkao.io"] }).problems).to.deep.equal([]);
    expect(check({ alarmEmails: ["oncall@kimkao", "oncall@kimkao..io"] }).problems).to.deep.equal([
      'platform:observability.alarmEmails[0]: "oncall@kimkao" is not an e-mail address; write it like oncall@example.com',
      'platform:observability.alarmEmails[1]: "oncall@kimkao..io" is not an e-mail address; write it like oncall@example.com',
    ]);
  });

  it("rejects a threshold that is not a number with our message", () => {
    expect(check({ thresholds: { auroraCpuPercent: "high" } }).problems).to.deep.equal([
      'platform:observability.thresholds.auroraCpuPercent: is the string "high", not a number; set the threshold, e.g. 80',
    ]);
  });
});
