import { expect } from "chai";
import {
  CostGuardrailsPlanArgs,
  anomalyThresholdExpression,
  budgetFilterExpression,
  budgetNotifications,
  costGuardrailsArgsProblems,
  costGuardrailsDefaults,
  withDefaults,
} from "../../../components/cost-guardrails/plan";

const VALID: CostGuardrailsPlanArgs = {
  budgetName: "platform-prod-ap-east-2",
  monthlyLimitUsd: 2800,
  costTags: { Project: "platform", Environment: "prod", Region: "ap-east-2" },
};

function problems(changes: Partial<CostGuardrailsPlanArgs>): string[] {
  return costGuardrailsArgsProblems(withDefaults({ ...VALID, ...changes })).map(
    (p) => `${p.path}: ${p.message}`,
  );
}

describe("CostGuardrails plan", () => {
  it("defaults to 80 % and 100 % of actual spend, 100 % of the forecast, no account-wide resources", () => {
    expect(withDefaults(VALID)).to.deep.equal({
      ...VALID,
      thresholds: { actual: [80, 100], forecast: [100] },
      accountWide: false,
      activateCostAllocationTags: false,
      anomalyImpactUsd: 100,
      tags: {},
    });
    expect(costGuardrailsDefaults.anomalyImpactUsd).to.equal(100);
    expect(problems({})).to.deep.equal([]);
  });

  it("keeps explicit values instead of the defaults", () => {
    const args = withDefaults({
      ...VALID,
      thresholds: { actual: [], forecast: [90] },
      accountWide: true,
      activateCostAllocationTags: true,
    });
    expect(args.thresholds).to.deep.equal({ actual: [], forecast: [90] });
    expect(args.accountWide).to.equal(true);
    expect(args.activateCostAllocationTags).to.equal(true);
  });

  it("requires a limit of more than 0 dollars", () => {
    for (const limit of [0, -5, Number.NaN]) {
      expect(problems({ monthlyLimitUsd: limit })).to.deep.equal([
        `monthlyLimitUsd: ${limit} is no limit; give the monthly limit in US dollars, more than 0 (e.g. 500)`,
      ]);
    }
  });

  it("takes thresholds of 1 to 1000 percent, each once", () => {
    expect(problems({ thresholds: { actual: [0, 80, 80], forecast: [1001] } })).to.deep.equal([
      "thresholds.actual[0]: 0 is not a percentage of the limit AWS Budgets notifies at; use 1 to 1000 (e.g. 80)",
      "thresholds.actual[2]: 80 is listed twice; list each percentage once",
      "thresholds.forecast[0]: 1001 is not a percentage of the limit AWS Budgets notifies at; use 1 to 1000 (e.g. 80)",
    ]);
    expect(problems({ thresholds: { actual: [1, 1000], forecast: [1000] } })).to.deep.equal([]);
  });

  it("requires at least one threshold and at most the 5 notifications of a budget", () => {
    expect(problems({ thresholds: { actual: [], forecast: [] } })).to.deep.equal([
      "thresholds: has no threshold, so the budget would never notify; give at least one (e.g. {actual: [80, 100]})",
    ]);
    expect(problems({ thresholds: { actual: [50, 80, 100, 120], forecast: [100, 120] } })).to.deep.equal([
      "thresholds: has 6 thresholds, more than the 5 notifications AWS Budgets allows per budget; drop 1",
    ]);
  });

  it("checks the budget's name", () => {
    for (const name of ["", "a:b", "a\\b", "x".repeat(101)]) {
      expect(problems({ budgetName: name })).to.deep.equal([
        `budgetName: ${JSON.stringify(name)} cannot name a budget; use 1 to 100 characters without : or \\ (e.g. platform-prod-ap-east-2)`,
      ]);
    }
    expect(problems({ budgetName: "x".repeat(100) })).to.deep.equal([]);
  });

  it("requires cost tags a user may set, so the budget counts the stack and not the account", () => {
    expect(problems({ costTags: {} })).to.deep.equal([
      "costTags: is empty, so the budget would count the whole account; give the stack's tags (e.g. {Project: platform, Environment: prod})",
    ]);
    expect(problems({ costTags: { "aws:createdBy": "x", Team: "" } })).to.deep.equal([
      'costTags.aws:createdBy: "aws:createdBy" cannot be a user cost-allocation tag; use 1 to 128 characters not starting with aws:',
      "costTags.Team: has a value of 0 characters; use 1 to 256",
    ]);
  });

  it("requires an anomaly impact of more than 0 dollars", () => {
    expect(problems({ anomalyImpactUsd: 0 })).to.deep.equal([
      "anomalyImpactUsd: 0 is no impact; give the least impact in US dollars that notifies, more than 0 (e.g. 100)",
    ]);
  });

  it("plans actual notifications, then forecast ones, as percentages above the threshold", () => {
    expect(budgetNotifications({ actual: [80, 100], forecast: [100] })).to.deep.equal([
      {
        notificationType: "ACTUAL",
        comparisonOperator: "GREATER_THAN",
        threshold: 80,
        thresholdType: "PERCENTAGE",
      },
      {
        notificationType: "ACTUAL",
        comparisonOperator: "GREATER_THAN",
        threshold: 100,
        thresholdType: "PERCENTAGE",
      },
      {
        notificationType: "FORECASTED",
        comparisonOperator: "GREATER_THAN",
        threshold: 100,
        thresholdType: "PERCENTAGE",
      },
    ]);
  });

  it("filters on every cost tag together (an AND of tag conditions, keys sorted), one tag on its own", () => {
    expect(budgetFilterExpression(VALID.costTags)).to.deep.equal({
      ands: [
        { tags: { key: "Environment", values: ["prod"], matchOptions: ["EQUALS"] } },
        { tags: { key: "Project", values: ["platform"], matchOptions: ["EQUALS"] } },
        { tags: { key: "Region", values: ["ap-east-2"], matchOptions: ["EQUALS"] } },
      ],
    });
    expect(budgetFilterExpression({ Project: "platform" })).to.deep.equal({
      tags: { key: "Project", values: ["platform"], matchOptions: ["EQUALS"] },
    });
  });

  it("notifies anomalies of at least the impact in dollars", () => {
    expect(anomalyThresholdExpression(100)).to.deep.equal({
      dimension: {
        key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
        matchOptions: ["GREATER_THAN_OR_EQUAL"],
        values: ["100"],
      },
    });
  });
});
