import { expect } from "chai";
import {
  HEALTH_CHECK_ALARM_MINUTES,
  HEALTH_CHECK_METRICS_REGION,
  healthCheckAlarmsArgsProblems,
  healthCheckAlarmsDefaults,
  healthCheckAlarmsNames,
  healthCheckKeyPolicy,
  planHealthCheckAlarms,
} from "../../../components/health-check-alarms/plan";
import { isAlarmPeriod, observabilityNames } from "../../../components/observability-stack/plan";
import { KEY_ADMINISTRATION_ACTIONS } from "../../../components/regional-keys/plan";

const VALID = {
  environment: "prod",
  region: "ap-northeast-1",
  namePrefix: "platform",
  healthChecks: { api: "hc-1", shop: "hc-2" },
  alarmEmails: ["oncall@example.com"],
};

describe("HealthCheckAlarms planning", () => {
  it("alarms where Route 53 publishes health-check metrics: us-east-1", () => {
    expect(HEALTH_CHECK_METRICS_REGION).to.equal("us-east-1");
  });

  it("plans one alarm per health check: HealthCheckStatus by HealthCheckId, Minimum < 1 for 2 × 1 min", () => {
    const alarms = planHealthCheckAlarms({ api: "hc-api", shop: "hc-shop" }, "ap-northeast-1");
    expect(alarms.map((a) => a.key)).to.deep.equal(["health-check-api", "health-check-shop"]);
    expect(alarms[0]).to.deep.equal({
      key: "health-check-api",
      component: "route53",
      namespace: "AWS/Route53",
      metricName: "HealthCheckStatus",
      dimensions: { HealthCheckId: "hc-api" },
      statistic: "Minimum",
      periodSeconds: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparison: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "missing",
      runbookSection: "health-check-status",
      description:
        "Route 53: the health check of api in ap-northeast-1 has reported it unhealthy for 2 minutes; " +
        "DNS answers no longer include ap-northeast-1 for it unless every region is unhealthy. " +
        "Runbook: docs/runbooks/alarms.md#health-check-status",
    });
    expect(alarms[1].dimensions).to.deep.equal({ HealthCheckId: "hc-shop" });
    expect(HEALTH_CHECK_ALARM_MINUTES).to.equal(2);
    expect(alarms.every((a) => isAlarmPeriod(a.periodSeconds))).to.equal(true);
  });

  it("names the alarms as ObservabilityStack does, by the stack's region, and the key alias in us-east-1", () => {
    expect(healthCheckAlarmsNames("platform", "prod", "ap-east-2")).to.deep.equal({
      alarmPrefix: observabilityNames("platform", "prod", "ap-east-2").alarmPrefix,
      keyAlias: "alias/platform/prod/ap-east-2/health-check-alarms",
    });
    expect(healthCheckAlarmsNames("platform", "prod", "ap-east-2").alarmPrefix).to.equal(
      "platform-prod-ap-east-2",
    );
    expect(healthCheckAlarmsDefaults.namePrefix).to.equal("platform");
  });

  it("lets the account administer the key and CloudWatch alarms of the account in us-east-1 use it", () => {
    expect(
      healthCheckKeyPolicy({ accountId: "123456789012", partition: "aws", dnsSuffix: "amazonaws.com" }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Action: [...KEY_ADMINISTRATION_ACTIONS],
          Resource: "*",
        },
        {
          Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*" },
          },
        },
      ],
    });
  });

  describe("the arguments' rules", () => {
    it("accepts valid arguments", () => {
      expect(healthCheckAlarmsArgsProblems(VALID)).to.deep.equal([]);
      expect(healthCheckAlarmsArgsProblems({ ...VALID, alarmEmails: [] })).to.deep.equal([]);
    });

    it("reports each bad argument with its path and exact message", () => {
      expect(
        healthCheckAlarmsArgsProblems({
          environment: "a-very-long-environment",
          region: "us-east-9x",
          namePrefix: "Platform",
          healthChecks: { api: "hc-1", "Shop App": "hc-2" },
          alarmEmails: ["not-an-address"],
        }),
      ).to.deep.equal([
        {
          path: "environment",
          message:
            '"a-very-long-environment" cannot be part of a name; use 1 to 16 lowercase letters, digits and - (e.g. prod)',
        },
        {
          path: "region",
          message: '"us-east-9x" is not a region name; pass the stack\'s region, e.g. ap-east-2',
        },
        {
          path: "namePrefix",
          message:
            '"Platform" cannot start a name; use lowercase letters, digits and -, starting with a letter or digit (e.g. platform)',
        },
        {
          path: "healthChecks.Shop App",
          message:
            '"Shop App" cannot name an alarm; use 1 to 63 lowercase letters, digits and -, starting with a letter or digit',
        },
        {
          path: "alarmEmails[0]",
          message: '"not-an-address" is not an e-mail address; write it like oncall@example.com',
        },
      ]);
    });

    it("needs at least one health check", () => {
      expect(healthCheckAlarmsArgsProblems({ ...VALID, healthChecks: {} })).to.deep.equal([
        {
          path: "healthChecks",
          message:
            "is empty; pass RegionalEdge.healthChecks (the health check ids by application), or create no HealthCheckAlarms",
        },
      ]);
    });
  });
});
