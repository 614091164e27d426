import { expect } from "chai";
import {
  COST_GUARDRAILS_TYPE,
  CostGuardrails,
  CostGuardrailsArgs,
} from "../../../components/cost-guardrails";
import { ValidationError } from "../../../components/common/validation";
import { PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  budget: "aws:budgets/budget:Budget",
  monitor: "aws:costexplorer/anomalyMonitor:AnomalyMonitor",
  subscription: "aws:costexplorer/anomalySubscription:AnomalySubscription",
  tag: "aws:costexplorer/costAllocationTag:CostAllocationTag",
} as const;

const TOPIC = "arn:aws:sns:ap-east-2:123456789012:alarms";

const ARGS: CostGuardrailsArgs = {
  budgetName: "platform-prod-ap-east-2",
  monthlyLimitUsd: 2800,
  costTags: { Project: "platform", Environment: "prod", Region: "ap-east-2" },
  topicArn: TOPIC,
};

interface Built {
  recorder: PlanRecorder;
  cost: CostGuardrails;
  providerRef: string;
}

async function build(args: Partial<CostGuardrailsArgs> = {}): Promise<Built> {
  const { component: cost, ...built } = await buildUnderMocks(
    (provider) => new CostGuardrails("cost", { ...ARGS, ...args }, { provider }),
    {
      settle: (cost) => [cost.budgetName, cost.anomalyMonitorArn],
    },
  );
  return { ...built, cost };
}

const NOTIFY = {
  comparisonOperator: "GREATER_THAN",
  thresholdType: "PERCENTAGE",
  subscriberSnsTopicArns: [TOPIC],
};

describe("CostGuardrails (under the plan mocks)", () => {
  describe("a stack's budget", () => {
    let built: Built;
    before(async () => {
      built = await build({ tags: { Team: "platform" } });
    });

    it("creates one monthly budget of the stack's tagged resources, notifying the topic", () => {
      expect(built.recorder.find(T.budget, "cost-monthly").inputs).to.deep.equal({
        name: "platform-prod-ap-east-2",
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: "2800",
        limitUnit: "USD",
        filterExpression: {
          ands: [
            { tags: { key: "Environment", values: ["prod"], matchOptions: ["EQUALS"] } },
            { tags: { key: "Project", values: ["platform"], matchOptions: ["EQUALS"] } },
            { tags: { key: "Region", values: ["ap-east-2"], matchOptions: ["EQUALS"] } },
          ],
        },
        notifications: [
          { notificationType: "ACTUAL", threshold: 80, ...NOTIFY },
          { notificationType: "ACTUAL", threshold: 100, ...NOTIFY },
          { notificationType: "FORECASTED", threshold: 100, ...NOTIFY },
        ],
        tags: { Team: "platform", Name: "platform-prod-ap-east-2" },
      });
    });

    it("creates nothing account-wide by default, through the regional provider, parented on the component", () => {
      expect(built.recorder.byType(T.monitor)).to.deep.equal([]);
      expect(built.recorder.byType(T.subscription)).to.deep.equal([]);
      expect(built.recorder.byType(T.tag)).to.deep.equal([]);
      const budget = built.recorder.find(T.budget, "cost-monthly");
      expect(budget.options.provider).to.equal(built.providerRef);
      expect(budget.parent).to.equal(built.recorder.find(COST_GUARDRAILS_TYPE, "cost").urn);
      expect(built.cost.anomalyMonitorArn).to.equal(undefined);
    });
  });

  describe("the account-wide stack", () => {
    let built: Built;
    before(async () => {
      built = await build({
        accountWide: true,
        activateCostAllocationTags: true,
        anomalyImpactUsd: 50,
        thresholds: { actual: [90], forecast: [] },
      });
    });

    it("activates the cost tags, monitors every service and subscribes the topic to immediate alerts", () => {
      expect(
        built.recorder
          .byType(T.tag)
          .map((t) => t.inputs)
          .sort((a, b) => String(a["tagKey"]).localeCompare(String(b["tagKey"]))),
      ).to.deep.equal([
        { tagKey: "Environment", status: "Active" },
        { tagKey: "Project", status: "Active" },
        { tagKey: "Region", status: "Active" },
      ]);
      const monitor = built.recorder.find(T.monitor, "cost-services");
      expect(monitor.inputs).to.deep.equal({
        name: "platform-prod-ap-east-2-services",
        monitorType: "DIMENSIONAL",
        monitorDimension: "SERVICE",
        tags: { Name: "platform-prod-ap-east-2-services" },
      });
      expect(built.recorder.find(T.subscription, "cost-anomalies").inputs).to.deep.equal({
        name: "platform-prod-ap-east-2-anomalies",
        frequency: "IMMEDIATE",
        monitorArnLists: [monitor.state["arn"]],
        subscribers: [{ type: "SNS", address: TOPIC }],
        thresholdExpression: {
          dimension: {
            key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
            matchOptions: ["GREATER_THAN_OR_EQUAL"],
            values: ["50"],
          },
        },
        tags: { Name: "platform-prod-ap-east-2-anomalies" },
      });
      expect(built.recorder.find(T.budget, "cost-monthly").inputs["notifications"]).to.deep.equal([
        { notificationType: "ACTUAL", threshold: 90, ...NOTIFY },
      ]);
    });
  });

  it("activates no cost tag for anomaly detection alone: activation is its own switch", async () => {
    const anomaliesOnly = await build({ accountWide: true });
    expect(anomaliesOnly.recorder.byType(T.tag)).to.deep.equal([]);
    expect(anomaliesOnly.recorder.byType(T.monitor)).to.have.length(1);
    const tagsOnly = await build({ activateCostAllocationTags: true });
    expect(tagsOnly.recorder.byType(T.tag).map((t) => t.inputs["tagKey"])).to.have.members([
      "Environment",
      "Project",
      "Region",
    ]);
    expect(tagsOnly.recorder.byType(T.monitor)).to.deep.equal([]);
    expect(tagsOnly.recorder.byType(T.subscription)).to.deep.equal([]);
  });

  it("rejects every problem at once, before any child, with the fix", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new CostGuardrails("cost", { ...ARGS, monthlyLimitUsd: 0, thresholds: { actual: [], forecast: [] } });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.equal(
      'Invalid arguments for CostGuardrails "cost":\n' +
        "  - monthlyLimitUsd: 0 is no limit; give the monthly limit in US dollars, more than 0 (e.g. 500)\n" +
        "  - thresholds: has no threshold, so the budget would never notify; give at least one (e.g. {actual: [80, 100]})\n" +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    expect(recorder.byType(T.budget)).to.deep.equal([]);
  });
});
