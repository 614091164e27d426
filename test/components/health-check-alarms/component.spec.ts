import { expect } from "chai";
import {
  HEALTH_CHECK_ALARMS_TYPE,
  HealthCheckAlarms,
  HealthCheckAlarmsArgs,
} from "../../../components/health-check-alarms";
import { ValidationError } from "../../../components/common/validation";
import { alarmTopicPolicy } from "../../../components/observability-stack/plan";
import { RegionalEdge } from "../../../components/regional-edge";
import { KEY_ADMINISTRATION_ACTIONS } from "../../../components/regional-keys/plan";
import { summarizeDeployTime } from "../../../tools/insights/deploy-time";
import { MOCK_ACCOUNT_ID, PlanRecorder, installPlanMocks, planResourceOf } from "../../../tools/plan/mocks";
import { componentVerdicts } from "../../support/policies";
import { valueOf } from "../../support/pulumi";
import { taipeiEdgeArgs } from "../../support/edge";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
} as const;

const TAGS = {
  Owner: "platform-team",
  CostCenter: "CC-1001",
  Environment: "prod",
  Project: "platform",
  ManagedBy: "pulumi",
};
const LOGS_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/0f6c2d4e-1111-4222-a333-444455556666`;

interface Built {
  recorder: PlanRecorder;
  alarms: HealthCheckAlarms;
  edge: RegionalEdge;
  providerRef: string;
  topicArn: string;
}

/** Taipei's edge (api, shop) and its health-check alarms, as prod-taipei would create them. */
async function build(overrides: Partial<HealthCheckAlarmsArgs> = {}, protect = true): Promise<Built> {
  const {
    component: { edge, alarms },
    ...built
  } = await buildUnderMocks(
    (provider) => {
      const edge = new RegionalEdge("edge", taipeiEdgeArgs(LOGS_KEY, protect), { provider });
      const alarms = new HealthCheckAlarms(
        "health-checks",
        {
          environment: "prod",
          region: "ap-east-2",
          healthChecks: edge.healthChecks,
          alarmEmails: ["oncall@example.com", "Platform@Example.com"],
          protect,
          tags: { Team: "edge" },
          ...overrides,
        },
        { provider },
      );
      return { edge, alarms };
    },
    {
      defaultTags: TAGS,
      settle: ({ edge, alarms }) => [alarms.alarmTopicArn, alarms.kmsKeyArn, edge.healthCheckIds],
    },
  );
  const topicArn = await valueOf(alarms.alarmTopicArn);
  return { ...built, alarms, edge, topicArn };
}

describe("HealthCheckAlarms (under the plan mocks)", () => {
  describe("Taipei's api and shop health checks, prod", () => {
    let built: Built;
    before(async () => {
      built = await build();
    });

    it("creates a rotating, protected key in us-east-1 that CloudWatch alarms of this account there may use", async () => {
      const key = built.recorder.find(T.key, "health-checks");
      expect(key.inputs).to.deep.include({
        region: "us-east-1",
        description: "Encrypts the health-check alarm topic of prod ap-east-2",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: { Team: "edge", Name: "health-checks" },
      });
      expect(key.options.protect).to.equal(true);
      expect(JSON.parse(String(key.inputs["policy"]))).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
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
              StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
              ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*` },
            },
          },
        ],
      });
      expect(built.recorder.find(T.alias, "health-checks").inputs).to.deep.include({
        region: "us-east-1",
        name: "alias/platform/prod/ap-east-2/health-check-alarms",
      });
      expect(await valueOf(built.alarms.kmsKeyArn)).to.match(
        new RegExp(`^arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/`),
      );
    });

    it("encrypts a topic in us-east-1 with it and subscribes the region's alarm addresses there", async () => {
      const keyArn = await valueOf(built.alarms.kmsKeyArn);
      expect(built.recorder.find(T.topic, "health-checks").inputs).to.deep.equal({
        region: "us-east-1",
        displayName: "Platform health checks prod ap-east-2",
        kmsMasterKeyId: keyArn,
        tags: { Team: "edge", Name: "health-checks" },
      });
      expect(built.topicArn).to.match(new RegExp(`^arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:`));
      expect(built.recorder.byType(T.subscription).map((s) => [s.name, s.inputs])).to.have.deep.members([
        [
          "health-checks-oncall-example-com",
          { region: "us-east-1", topic: built.topicArn, protocol: "email", endpoint: "oncall@example.com" },
        ],
        [
          "health-checks-platform-example-com",
          { region: "us-east-1", topic: built.topicArn, protocol: "email", endpoint: "Platform@Example.com" },
        ],
      ]);
    });

    it("lets only CloudWatch alarms of this account in us-east-1 publish, as the regions' alarm topics do", () => {
      const policy = built.recorder.find(T.topicPolicy, "health-checks");
      expect(policy.inputs["region"]).to.equal("us-east-1");
      expect(policy.inputs["arn"]).to.equal(built.topicArn);
      expect(JSON.parse(String(policy.inputs["policy"]))).to.deep.equal(
        JSON.parse(
          JSON.stringify(
            alarmTopicPolicy({
              topicArn: built.topicArn,
              accountId: MOCK_ACCOUNT_ID,
              partition: "aws",
              dnsSuffix: "amazonaws.com",
              region: "us-east-1",
              publisherRoleArns: [],
            }),
          ),
        ),
      );
      const statements = (JSON.parse(String(policy.inputs["policy"])) as { Statement: { Sid: string }[] })
        .Statement;
      expect(statements.map((s) => s.Sid)).to.deep.equal([
        "CloudWatchAlarmsPublish",
        "NoOtherPublishers",
        "TlsOnly",
      ]);
    });

    it("alarms per health check in us-east-1 on HealthCheckStatus below 1 for 2 minutes, to the topic on ALARM and OK", async () => {
      expect(built.alarms.alarmKeys).to.deep.equal(["health-check-api", "health-check-shop"]);
      const ids = await valueOf(built.edge.healthCheckIds);
      for (const app of ["api", "shop"]) {
        const alarm = built.recorder.find(T.alarm, `health-checks-health-check-${app}`);
        expect(alarm.inputs).to.deep.equal({
          region: "us-east-1",
          name: `platform-prod-ap-east-2-health-check-${app}`,
          alarmDescription:
            `Route 53: the health check of ${app} in ap-east-2 has reported it unhealthy for 2 minutes; ` +
            "DNS answers no longer include ap-east-2 for it unless every region is unhealthy. " +
            "Runbook: docs/runbooks/alarms.md#health-check-status",
          namespace: "AWS/Route53",
          metricName: "HealthCheckStatus",
          dimensions: { HealthCheckId: ids[app] },
          statistic: "Minimum",
          period: 60,
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          comparisonOperator: "LessThanThreshold",
          threshold: 1,
          treatMissingData: "missing",
          actionsEnabled: true,
          alarmActions: [built.topicArn],
          okActions: [built.topicArn],
          tags: { Team: "edge", Component: "route53" },
        });
        expect(ids[app]).to.equal(built.recorder.find(T.healthCheck, `edge-${app}`).id);
      }
    });

    it("creates every child through the stack's provider, under the component", () => {
      const root = built.recorder.byType(HEALTH_CHECK_ALARMS_TYPE)[0];
      const own = built.recorder.resources.filter((r) =>
        [T.key, T.alias, T.topic, T.topicPolicy, T.subscription, T.alarm].includes(r.type as never),
      );
      expect(own).to.have.length(1 + 1 + 1 + 1 + 2 + 2);
      for (const resource of own) {
        expect(resource.options.provider, resource.name).to.equal(built.providerRef);
        expect(resource.inputs["region"], resource.name).to.equal("us-east-1");
      }
      for (const type of [T.key, T.topic, T.alarm]) {
        for (const resource of built.recorder.byType(type)) {
          expect(resource.parent, resource.name).to.equal(root.urn);
        }
      }
    });

    it("passes every policy pack with the prod config", async () => {
      expect(await componentVerdicts(built.recorder.resources.map(planResourceOf), "prod")).to.deep.equal([]);
    });

    it("is known to the insights: create times, no avoidable edge", () => {
      const time = summarizeDeployTime({ resources: built.recorder.resources.map(planResourceOf) });
      expect(time.unknownTypes).to.deep.equal([]);
      expect(time.avoidableEdges).to.deep.equal([]);
      expect(time.criticalPathMinutes).to.equal(time.lowerBoundMinutes);
    });
  });

  it("protects nothing when not asked, and then the packs report the key in prod only", async () => {
    const { recorder } = await build({ alarmEmails: [] }, false);
    expect(recorder.find(T.key, "health-checks").options.protect).to.equal(false);
    expect(recorder.byType(T.subscription)).to.deep.equal([]);
    const verdicts = await componentVerdicts(recorder.resources.map(planResourceOf), "prod");
    expect(verdicts.filter((v) => v.includes("health-checks"))).to.deep.equal([
      "data-protection/protect-stateful-resources health-checks: protect is false; set the resource option protect: true.",
    ]);
  });

  it("reports every problem at once, before any child", async () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    expect(
      () =>
        new HealthCheckAlarms("health-checks", {
          environment: "Prod",
          region: "taipei",
          namePrefix: "-platform",
          healthChecks: {},
          alarmEmails: ["oncall", "a@example.com", "A@example.com"],
        }),
    )
      .to.throw(ValidationError)
      .with.property(
        "message",
        'Invalid arguments for HealthCheckAlarms "health-checks":\n' +
          '  - environment: "Prod" cannot be part of a name; use 1 to 16 lowercase letters, digits and - (e.g. prod)\n' +
          '  - region: "taipei" is not a region name; pass the stack\'s region, e.g. ap-east-2\n' +
          '  - namePrefix: "-platform" cannot start a name; use lowercase letters, digits and -, starting with a letter or digit (e.g. platform)\n' +
          "  - healthChecks: is empty; pass RegionalEdge.healthChecks (the health check ids by application), or create no HealthCheckAlarms\n" +
          '  - alarmEmails[0]: "oncall" is not an e-mail address; write it like oncall@example.com\n' +
          "  - alarmEmails[2]: A@example.com is listed twice; list each address once\n" +
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
      );
    await recorder.settled();
    expect(
      recorder.resources.filter((r) => r.type !== "pulumi:providers:aws").map((r) => r.type),
    ).to.deep.equal([HEALTH_CHECK_ALARMS_TYPE]);
  });
});
