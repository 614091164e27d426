import { expect } from "chai";
import { readFileSync } from "node:fs";
import {
  CIS_MONITORS,
  TRAIL_EVENT_SELECTORS,
  auditTrailArgsProblems,
  auditTrailNames,
  cloudTrailLogsPolicy,
  cloudTrailLogsTrustPolicy,
  planCisAlarms,
  trailArn,
  withDefaults,
} from "../../../components/audit-trail/plan";

const ARGS = withDefaults({ trailName: "platform-prod", alarmPrefix: "platform-prod-ap-east-2" });

describe("AuditTrail plan", () => {
  describe("arguments", () => {
    it("defaults to a year of CloudWatch Logs, the cloudtrail prefix, unprotected", () => {
      expect(ARGS).to.deep.equal({
        trailName: "platform-prod",
        alarmPrefix: "platform-prod-ap-east-2",
        logRetentionDays: 365,
        s3KeyPrefix: "cloudtrail",
        protect: false,
        tags: {},
      });
      expect(auditTrailArgsProblems(ARGS)).to.deep.equal([]);
    });

    it("names every problem with its fix", () => {
      expect(
        auditTrailArgsProblems({
          ...ARGS,
          trailName: "a",
          alarmPrefix: "Platform",
          logRetentionDays: 2,
          s3KeyPrefix: "/cloudtrail/",
        }).map((p) => p.path),
      ).to.deep.equal(["trailName", "alarmPrefix", "logRetentionDays", "s3KeyPrefix"]);
      expect(auditTrailArgsProblems({ ...ARGS, trailName: "bad name" })).to.deep.equal([
        {
          path: "trailName",
          message:
            '"bad name" cannot name a trail; use 3 to 128 letters, digits, ., _ and -, starting and ending with a letter or digit (e.g. platform-prod)',
        },
      ]);
      expect(auditTrailArgsProblems({ ...ARGS, s3KeyPrefix: "cloudtrail/" })[0]!.message).to.equal(
        '"cloudtrail/" is not a key prefix CloudTrail takes here; use lowercase letters, digits, -, _ and / without a leading or trailing / (e.g. cloudtrail)',
      );
    });

    it("accepts a 128-character trail name and refuses 129", () => {
      expect(auditTrailArgsProblems({ ...ARGS, trailName: "a".repeat(128) })).to.deep.equal([]);
      expect(auditTrailArgsProblems({ ...ARGS, trailName: "a".repeat(129) })).to.have.length(1);
    });
  });

  it("names the log group, the role and a metric namespace of its own after the trail", () => {
    expect(auditTrailNames("platform-prod")).to.deep.equal({
      trail: "platform-prod",
      logGroup: "/cloudtrail/platform-prod",
      logsRole: "platform-prod-cloudtrail-logs",
      metricNamespace: "CISBenchmark/platform-prod",
    });
    expect(auditTrailNames("x".repeat(100)).logsRole).to.have.length(64);
  });

  it("records read and write management events of every source, no data events", () => {
    expect(TRAIL_EVENT_SELECTORS).to.deep.equal([{ readWriteType: "All", includeManagementEvents: true }]);
  });

  it("lets only CloudTrail of this account, for this trail, assume the logs role", () => {
    const arn = trailArn("aws", "ap-east-2", "123456789012", "platform-prod");
    expect(arn).to.equal("arn:aws:cloudtrail:ap-east-2:123456789012:trail/platform-prod");
    expect(cloudTrailLogsTrustPolicy("123456789012", arn)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CloudTrailOfThisTrail",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012", "aws:SourceArn": arn },
          },
        },
      ],
    });
  });

  it("limits the role to CloudTrail's log streams of the one log group", () => {
    const group = "arn:aws:logs:ap-east-2:123456789012:log-group:/cloudtrail/platform-prod";
    const streams = `${group}:log-stream:123456789012_CloudTrail_*`;
    const expected = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "CreateTrailLogStreams", Effect: "Allow", Action: "logs:CreateLogStream", Resource: streams },
        { Sid: "PutTrailLogEvents", Effect: "Allow", Action: "logs:PutLogEvents", Resource: streams },
      ],
    };
    expect(cloudTrailLogsPolicy(group, "123456789012")).to.deep.equal(expected);
    expect(cloudTrailLogsPolicy(`${group}:*`, "123456789012")).to.deep.equal(expected);
  });

  describe("the CIS monitoring set", () => {
    it("covers Security Hub CloudWatch.1 to CloudWatch.14 and Organizations changes, each once", () => {
      const controls = CIS_MONITORS.map((m) => m.control.split(" ")[0]);
      expect(controls).to.deep.equal([...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`), "CIS"]);
      expect(new Set(CIS_MONITORS.map((m) => m.key)).size).to.equal(15);
      expect(new Set(CIS_MONITORS.map((m) => m.metricName)).size).to.equal(15);
    });

    it("uses the benchmark's exact patterns (Security Hub fails a control on any other)", () => {
      const byKey = Object.fromEntries(CIS_MONITORS.map((m) => [m.key, m.pattern]));
      expect(byKey["cis-root-usage"]).to.equal(
        '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
      );
      expect(byKey["cis-unauthorized-api-calls"]).to.equal(
        '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
      );
      expect(byKey["cis-kms-key-disable-or-deletion"]).to.equal(
        "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
      );
      expect(byKey["cis-console-auth-failures"]).to.equal(
        '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
      );
      for (const monitor of CIS_MONITORS) {
        expect(monitor.pattern, monitor.key).to.match(/^\{.*\}$/);
      }
    });

    it("alarms on one matching event in 5 minutes, quiet without events, with a runbook link", () => {
      const alarms = planCisAlarms("CISBenchmark/platform-prod");
      expect(alarms).to.have.length(15);
      expect(alarms[0]).to.deep.equal({
        key: "cis-root-usage",
        component: "cloudtrail",
        namespace: "CISBenchmark/platform-prod",
        metricName: "RootAccountUsage",
        statistic: "Sum",
        periodSeconds: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
        runbookSection: "cis-root-usage",
        description:
          "CloudTrail (CloudWatch.1 (CIS 1.2.0 3.3, 1.4.0 4.3)): the root user made an API call or signed in in the last 5 minutes. " +
          "Runbook: docs/runbooks/alarms.md#cis-root-usage",
      });
    });

    it("links every alarm to a section of docs/runbooks/alarms.md that exists", () => {
      const runbook = readFileSync("docs/runbooks/alarms.md", "utf8");
      const headings = new Set([...runbook.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
      const missing = planCisAlarms("ns")
        .map((a) => a.runbookSection)
        .filter((section) => !headings.has(section));
      expect(missing).to.deep.equal([]);
    });
  });
});
