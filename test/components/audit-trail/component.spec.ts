import { expect } from "chai";
import { AUDIT_TRAIL_TYPE, AuditTrail, AuditTrailArgs, CIS_MONITORS } from "../../../components/audit-trail";
import { ValidationError } from "../../../components/common/validation";
import { PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { MOCK_ACCOUNT_ID } from "../../../tools/plan/mocks/environment";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  trail: "aws:cloudtrail/trail:Trail",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

const TOPIC = "arn:aws:sns:ap-east-2:123456789012:alarms";
const STORAGE_KEY = "arn:aws:kms:ap-east-2:123456789012:key/storage";
const LOGS_KEY = "arn:aws:kms:ap-east-2:123456789012:key/logs";

const ARGS: AuditTrailArgs = {
  trailName: "platform-prod",
  alarmPrefix: "platform-prod-ap-east-2",
  bucketName: "platform-prod-ap-east-2-archive",
  kmsKeyArn: STORAGE_KEY,
  logsKmsKeyArn: LOGS_KEY,
  alarmTopicArn: TOPIC,
};

interface Built {
  recorder: PlanRecorder;
  trail: AuditTrail;
  providerRef: string;
}

async function build(args: Partial<AuditTrailArgs> = {}): Promise<Built> {
  const { component: trail, ...built } = await buildUnderMocks(
    (provider) => new AuditTrail("audit", { ...ARGS, ...args }, { provider }),
    {
      settle: (trail) => [trail.trailArn, trail.logGroupArn],
    },
  );
  return { ...built, trail };
}

describe("AuditTrail (under the plan mocks)", () => {
  let built: Built;
  before(async () => {
    built = await build({ protect: true, logRetentionDays: 400, tags: { Team: "platform" } });
  });

  const GROUP_ARN = `arn:aws:logs:ap-east-2:${MOCK_ACCOUNT_ID}:log-group:/cloudtrail/platform-prod`;

  it("creates one multi-Region trail of every management event, validated, KMS-encrypted, to the archive and the log group", () => {
    const trail = built.recorder.find(T.trail, "audit");
    const role = built.recorder.find(T.role, "audit-logs");
    expect(trail.inputs).to.deep.equal({
      name: "platform-prod",
      s3BucketName: "platform-prod-ap-east-2-archive",
      s3KeyPrefix: "cloudtrail",
      kmsKeyId: STORAGE_KEY,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
      cloudWatchLogsGroupArn: `${GROUP_ARN}:*`,
      cloudWatchLogsRoleArn: role.state["arn"],
      tags: { Team: "platform", Name: "platform-prod" },
    });
    expect(trail.options.protect).to.equal(true);
    expect(trail.options.provider).to.equal(built.providerRef);
    expect(trail.parent).to.equal(built.recorder.find(AUDIT_TRAIL_TYPE, "audit").urn);
    expect(trail.options.dependsOn).to.include(built.recorder.find(T.rolePolicy, "audit-logs").urn);
  });

  it("copies the trail to a log group encrypted with the logs key, kept as configured, protected", () => {
    const group = built.recorder.find(T.logGroup, "audit-logs");
    expect(group.inputs).to.deep.equal({
      name: "/cloudtrail/platform-prod",
      retentionInDays: 400,
      kmsKeyId: LOGS_KEY,
      tags: { Team: "platform", Name: "/cloudtrail/platform-prod" },
    });
    expect(group.options.protect).to.equal(true);
  });

  it("lets only this trail write, and only CloudTrail's streams of that log group", () => {
    const role = built.recorder.find(T.role, "audit-logs");
    expect(role.inputs["name"]).to.equal("platform-prod-cloudtrail-logs");
    expect(JSON.parse(String(role.inputs["assumeRolePolicy"])).Statement[0].Condition).to.deep.equal({
      StringEquals: {
        "aws:SourceAccount": MOCK_ACCOUNT_ID,
        "aws:SourceArn": `arn:aws:cloudtrail:ap-east-2:${MOCK_ACCOUNT_ID}:trail/platform-prod`,
      },
    });
    const policy = JSON.parse(String(built.recorder.find(T.rolePolicy, "audit-logs").inputs["policy"]));
    expect(policy.Statement.map((s: { Resource: string }) => s.Resource)).to.deep.equal([
      `${GROUP_ARN}:log-stream:${MOCK_ACCOUNT_ID}_CloudTrail_*`,
      `${GROUP_ARN}:log-stream:${MOCK_ACCOUNT_ID}_CloudTrail_*`,
    ]);
  });

  it("puts a CIS metric filter on the log group and an alarm to the topic for each control", () => {
    const filters = built.recorder.byType(T.filter);
    expect(filters).to.have.length(CIS_MONITORS.length);
    expect(built.recorder.find(T.filter, "audit-cis-root-usage").inputs).to.deep.equal({
      name: "platform-prod-cis-root-usage",
      logGroupName: "/cloudtrail/platform-prod",
      pattern: CIS_MONITORS[0]!.pattern,
      metricTransformation: { namespace: "CISBenchmark/platform-prod", name: "RootAccountUsage", value: "1" },
    });
    const rootFilter = built.recorder.find(T.filter, "audit-cis-root-usage");
    // Not under the protected log group: a filter holds no data.
    expect(rootFilter.options.protect).to.not.equal(true);
    expect(rootFilter.options.dependsOn).to.include(built.recorder.find(T.logGroup, "audit-logs").urn);
    const alarms = built.recorder.byType(T.alarm);
    expect(alarms.map((a) => a.inputs["name"])).to.deep.equal(
      CIS_MONITORS.map((m) => `platform-prod-ap-east-2-${m.key}`),
    );
    const root = built.recorder.find(T.alarm, "audit-cis-root-usage").inputs;
    expect(root).to.include({
      namespace: "CISBenchmark/platform-prod",
      metricName: "RootAccountUsage",
      statistic: "Sum",
      period: 300,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
      actionsEnabled: true,
    });
    expect(root["alarmActions"]).to.deep.equal([TOPIC]);
    expect(built.trail.alarmKeys).to.deep.equal(CIS_MONITORS.map((m) => m.key));
  });

  it("rejects every problem at once, before any child, with the fix", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new AuditTrail("audit", { ...ARGS, logRetentionDays: 2 });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.match(
      /^Invalid arguments for AuditTrail "audit":\n {2}- logRetentionDays: /,
    );
    expect((error as Error).message).to.include("opts.provider: no aws.Provider given");
    expect(recorder.byType(T.trail)).to.deep.equal([]);
  });
});
