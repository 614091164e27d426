/**
 * `platform:cost`: the stack's cost guardrails (`CostGuardrails`): a monthly budget of the stack's resources with
 * notifications to the region's alarm topic and, in one stack per account, Cost Anomaly Detection. Optional: absent
 * means no budget. The rules are the component's own (`costGuardrailsArgsProblems`), so config and component report
 * the same problems.
 */
import { z } from "zod";
import {
  MAX_THRESHOLD_PERCENT,
  MIN_THRESHOLD_PERCENT,
  ResolvedCostGuardrailsPlanArgs,
  costGuardrailsArgsProblems,
  costGuardrailsDefaults,
} from "../../components/cost-guardrails/plan";
import { prefixProblems } from "../../components/common/validation";
import { Section, list, messages, numeric, strict, structuredSection } from "./section";

export const COST_KEY = "platform:cost";

const DEFAULT_THRESHOLDS = costGuardrailsDefaults.thresholds;

/** The section's defaults: the component's thresholds, no anomaly detection. */
export const COST_DEFAULTS = {
  thresholds: { actual: [...DEFAULT_THRESHOLDS.actual], forecast: [...DEFAULT_THRESHOLDS.forecast] },
  anomalyDetection: costGuardrailsDefaults.accountWide,
  activateCostAllocationTags: costGuardrailsDefaults.activateCostAllocationTags,
} as const;

export interface CostConfig {
  /** The stack's monthly budget in US dollars, more than 0. */
  monthlyLimitUsd: number;
  /**
   * Percentages of the limit (1 to 1000) at which actual spend and the month's forecast notify, at most 5 in all.
   * @default { actual: [80, 100], forecast: [100] }
   */
  thresholds: { actual: number[]; forecast: number[] };
  /**
   * Whether this stack creates the account's Cost Anomaly Detection: one stack per account (prod-taipei here).
   * @default false
   */
  anomalyDetection: boolean;
  /**
   * Whether this stack activates the `Project`, `Environment` and `Region` cost-allocation tags: one stack per payer
   * account, set once the tags have appeared in the billing data (Cost Explorer rejects keys it has not seen yet).
   * @default false
   */
  activateCostAllocationTags: boolean;
}

const percent = `a percentage of the limit (${MIN_THRESHOLD_PERCENT} to ${MAX_THRESHOLD_PERCENT})`;

const CostSchema = strict(
  {
    monthlyLimitUsd: numeric("the monthly limit in US dollars", "500"),
    thresholds: strict(
      {
        actual: list(numeric(percent, "80"), "the actual-spend thresholds", "[80, 100]").default(() => [
          ...COST_DEFAULTS.thresholds.actual,
        ]),
        forecast: list(numeric(percent, "100"), "the forecast thresholds", "[100]").default(() => [
          ...COST_DEFAULTS.thresholds.forecast,
        ]),
      },
      "the notification thresholds",
      "{actual: [80, 100], forecast: [100]}",
    ).default(() => ({
      actual: [...COST_DEFAULTS.thresholds.actual],
      forecast: [...COST_DEFAULTS.thresholds.forecast],
    })),
    anomalyDetection: z
      .boolean(messages("a boolean", "whether this stack creates the account's anomaly detection", "true"))
      .default(COST_DEFAULTS.anomalyDetection),
    activateCostAllocationTags: z
      .boolean(messages("a boolean", "whether this stack activates the cost-allocation tags", "true"))
      .default(COST_DEFAULTS.activateCostAllocationTags),
  },
  "the cost guardrails",
  "{monthlyLimitUsd: 500}",
);

/**
 * Validates `platform:cost` (absent: no budget): shapes with our messages, then the component's rules on the limit
 * and the thresholds whose shapes are valid.
 */
export const checkCost: Section<CostConfig> = structuredSection({
  key: COST_KEY,
  schema: CostSchema,
  whenAbsent: "optional",
  rules: (_value, _context, fields) => {
    // What config decides of the component's arguments; the name and the tags come from the stack (valid there).
    const input: ResolvedCostGuardrailsPlanArgs = {
      budgetName: "platform",
      monthlyLimitUsd: fields.get("monthlyLimitUsd") ?? 1,
      thresholds: fields.get("thresholds") ?? COST_DEFAULTS.thresholds,
      costTags: { Project: "platform" },
      accountWide: fields.get("anomalyDetection") ?? false,
      activateCostAllocationTags: fields.get("activateCostAllocationTags") ?? false,
      anomalyImpactUsd: costGuardrailsDefaults.anomalyImpactUsd,
      tags: {},
    };
    return prefixProblems(COST_KEY, fields.onValid(costGuardrailsArgsProblems(input)));
  },
  build: (data) => ({
    monthlyLimitUsd: data.monthlyLimitUsd,
    thresholds: { actual: [...data.thresholds.actual], forecast: [...data.thresholds.forecast] },
    anomalyDetection: data.anomalyDetection,
    activateCostAllocationTags: data.activateCostAllocationTags,
  }),
});
