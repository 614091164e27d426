import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ValidationError } from "../../../components/common/validation";
import { REPLICATOR_ALARMS_TYPE, ReplicatorAlarms } from "../../../components/replicator-alarms";
import { MOCK_ACCOUNT_ID, installPlanMocks } from "../../../tools/plan/mocks";
import { providerRefOf } from "../../support/under-mocks";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("ReplicatorAlarms (under the plan mocks)", () => {
  it("alarms in the target region, through that region's provider, to that region's topic", async () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "prod-tokyo",
      config: { "aws:region": "ap-northeast-1" },
    });
    const taipei = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
    const topicArn = `arn:aws:sns:ap-east-2:${MOCK_ACCOUNT_ID}:alarms`;
    const alarms = new ReplicatorAlarms(
      "replication-ap-east-2",
      {
        environment: "prod",
        region: "ap-east-2",
        alarmTopicArn: topicArn,
        replicators: { "from-ap-northeast-1": "platform-ap-northeast-1-to-ap-east-2" },
      },
      { provider: taipei },
    );
    await recorder.settled();
    expect(alarms.alarmKeys).to.deep.equal([
      "replicator-latency-from-ap-northeast-1",
      "replicator-message-lag-from-ap-northeast-1",
      "replicator-failure-from-ap-northeast-1",
    ]);
    const ref = await providerRefOf(taipei);
    const latency = recorder.find(ALARM, "replication-ap-east-2-replicator-latency-from-ap-northeast-1");
    expect(latency.inputs).to.deep.include({
      name: "platform-prod-ap-east-2-replicator-latency-from-ap-northeast-1",
      namespace: "AWS/Kafka",
      metricName: "ReplicationLatency",
      dimensions: { ReplicatorName: "platform-ap-northeast-1-to-ap-east-2" },
      alarmActions: [topicArn],
      okActions: [topicArn],
    });
    expect(latency.options.provider).to.equal(ref);
    expect(latency.parent).to.equal(recorder.byType(REPLICATOR_ALARMS_TYPE)[0].urn);
    const failure = recorder.find(ALARM, "replication-ap-east-2-replicator-failure-from-ap-northeast-1");
    expect(failure.inputs).to.deep.include({
      name: "platform-prod-ap-east-2-replicator-failure-from-ap-northeast-1",
      namespace: "AWS/Kafka",
      metricName: "ReplicatorFailure",
      dimensions: { ReplicatorName: "platform-ap-northeast-1-to-ap-east-2" },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
      alarmActions: [topicArn],
      okActions: [topicArn],
    });
    expect(failure.inputs["alarmDescription"]).to.equal(
      "MSK Replicator from-ap-northeast-1: more than 0 failures in 5 minutes. " +
        "Runbook: docs/runbooks/alarms.md#replicator-failure",
    );
    expect(failure.options.provider).to.equal(ref);
  });

  it("rejects an empty replicator map and a missing provider in one error", () => {
    installPlanMocks({ project: "platform", stack: "prod-tokyo", config: {} });
    expect(
      () =>
        new ReplicatorAlarms("r", {
          environment: "prod",
          region: "ap-east-2",
          alarmTopicArn: "arn",
          replicators: {},
        }),
    )
      .to.throw(ValidationError)
      .with.property(
        "message",
        'Invalid arguments for ReplicatorAlarms "r":\n' +
          "  - replicators: is empty; name at least one replicator, or create no ReplicatorAlarms\n" +
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
      );
  });
});
