/**
 * Pure planning for `CostGuardrails`: the arguments with their defaults and rules, the budget's notifications and its
 * filter on the stack's cost-allocation tags, and the anomaly subscription's threshold. No `@pulumi/*` import, so the
 * config section checks `platform:cost` with exactly these rules and tests read the exact inputs without mocks.
 */
import type { Problem } from "../common/validation";

/** AWS Budgets: a budget name is 1 to 100 characters, without `:` or `\` (CreateBudget's BudgetName pattern). */
export const MAX_BUDGET_NAME_LENGTH = 100;

/** Percent thresholds a notification may have: AWS takes 0 to 1000 percent; 0 would notify every month. */
export const MIN_THRESHOLD_PERCENT = 1;
export const MAX_THRESHOLD_PERCENT = 1000;

/** AWS Budgets: at most 5 notifications per budget (the quota "notifications per budget"). */
export const MAX_NOTIFICATIONS = 5;

/** Cost-allocation tags: keys of at most 128 characters, values of at most 256 (the tagging limits). */
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

export interface CostThresholds {
  /** Percentages of the limit at which actual spend notifies. */
  readonly actual: readonly number[];
  /** Percentages of the limit at which the month's forecast notifies. */
  readonly forecast: readonly number[];
}

/** The Pulumi-free arguments (the component adds the topic ARN, an Output). */
export interface CostGuardrailsPlanArgs {
  /**
   * The budget's name, unique in the account (the stacks pass `<project>-<environment>-<region>`). Plain: it is a name.
   */
  readonly budgetName: string;
  /** The monthly limit in US dollars, more than 0. */
  readonly monthlyLimitUsd: number;
  /**
   * Percentages of the limit that notify, 1 to 1000 each, no repeats, at most 5 in all.
   * @default { actual: [80, 100], forecast: [100] }
   */
  readonly thresholds?: CostThresholds;
  /**
   * The cost-allocation tags whose resources the budget counts, all of them together (the stacks pass `Project`,
   * `Environment` and `Region` as the regional provider sets them). Activate them as cost-allocation tags once per
   * account (`activateCostAllocationTags`), or the budget counts nothing.
   */
  readonly costTags: Readonly<Record<string, string>>;
  /**
   * Creates the account's Cost Anomaly Detection (a monitor of every service and an immediate subscription to the
   * topic). Per account: set it in one stack only.
   * @default false
   */
  readonly accountWide?: boolean;
  /**
   * Activates `costTags`' keys as cost-allocation tags. Per account, and only where the keys are already in the
   * billing data: Cost Explorer rejects a key no billed usage has carried yet (`TagKeysNotFoundException`, up to 24
   * hours after the first tagged resource exists) and a linked account of an organization (only the payer
   * activates). So it is its own switch, off by default, set once the tags have appeared (docs/runbooks/cost.md).
   * @default false
   */
  readonly activateCostAllocationTags?: boolean;
  /** The least total impact, in US dollars, of an anomaly that notifies. @default 100 */
  readonly anomalyImpactUsd?: number;
  /** Extra tags on the budget and the anomaly resources. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ResolvedCostGuardrailsPlanArgs {
  readonly budgetName: string;
  readonly monthlyLimitUsd: number;
  readonly thresholds: CostThresholds;
  readonly costTags: Readonly<Record<string, string>>;
  readonly accountWide: boolean;
  readonly activateCostAllocationTags: boolean;
  readonly anomalyImpactUsd: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const costGuardrailsDefaults = {
  thresholds: { actual: [80, 100], forecast: [100] },
  accountWide: false,
  activateCostAllocationTags: false,
  anomalyImpactUsd: 100,
  tags: {},
} as const satisfies Partial<ResolvedCostGuardrailsPlanArgs>;

/** Applies the defaults (`??`: an explicit 0 or [] is kept and validated, never replaced). */
export function withDefaults<A extends CostGuardrailsPlanArgs>(args: A): A & ResolvedCostGuardrailsPlanArgs {
  return {
    ...args,
    thresholds: args.thresholds ?? costGuardrailsDefaults.thresholds,
    accountWide: args.accountWide ?? costGuardrailsDefaults.accountWide,
    activateCostAllocationTags:
      args.activateCostAllocationTags ?? costGuardrailsDefaults.activateCostAllocationTags,
    anomalyImpactUsd: args.anomalyImpactUsd ?? costGuardrailsDefaults.anomalyImpactUsd,
    tags: args.tags ?? costGuardrailsDefaults.tags,
  };
}

function isPositiveAmount(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds its provider's
 * problem; empty when the component can be built.
 */
export function costGuardrailsArgsProblems(args: ResolvedCostGuardrailsPlanArgs): Problem[] {
  const problems: Problem[] = [];
  const name = args.budgetName;
  if (name.length < 1 || name.length > MAX_BUDGET_NAME_LENGTH || /[:\\]/.test(name)) {
    problems.push({
      path: "budgetName",
      message: `${JSON.stringify(name)} cannot name a budget; use 1 to ${MAX_BUDGET_NAME_LENGTH} characters without : or \\ (e.g. platform-prod-ap-east-2)`,
    });
  }
  if (!isPositiveAmount(args.monthlyLimitUsd)) {
    problems.push({
      path: "monthlyLimitUsd",
      message: `${args.monthlyLimitUsd} is no limit; give the monthly limit in US dollars, more than 0 (e.g. 500)`,
    });
  }
  for (const kind of ["actual", "forecast"] as const) {
    const seen = new Set<number>();
    args.thresholds[kind].forEach((percent, index) => {
      const path = `thresholds.${kind}[${index}]`;
      if (!Number.isFinite(percent) || percent < MIN_THRESHOLD_PERCENT || percent > MAX_THRESHOLD_PERCENT) {
        problems.push({
          path,
          message: `${percent} is not a percentage of the limit AWS Budgets notifies at; use ${MIN_THRESHOLD_PERCENT} to ${MAX_THRESHOLD_PERCENT} (e.g. 80)`,
        });
      } else if (seen.has(percent)) {
        problems.push({ path, message: `${percent} is listed twice; list each percentage once` });
      }
      seen.add(percent);
    });
  }
  const count = args.thresholds.actual.length + args.thresholds.forecast.length;
  if (count === 0) {
    problems.push({
      path: "thresholds",
      message:
        "has no threshold, so the budget would never notify; give at least one (e.g. {actual: [80, 100]})",
    });
  } else if (count > MAX_NOTIFICATIONS) {
    problems.push({
      path: "thresholds",
      message: `has ${count} thresholds, more than the ${MAX_NOTIFICATIONS} notifications AWS Budgets allows per budget; drop ${count - MAX_NOTIFICATIONS}`,
    });
  }
  const tagKeys = Object.keys(args.costTags);
  if (tagKeys.length === 0) {
    problems.push({
      path: "costTags",
      message:
        "is empty, so the budget would count the whole account; give the stack's tags (e.g. {Project: platform, Environment: prod})",
    });
  }
  for (const key of tagKeys) {
    const value = args.costTags[key]!;
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH || key.startsWith("aws:")) {
      problems.push({
        path: `costTags.${key}`,
        message: `${JSON.stringify(key)} cannot be a user cost-allocation tag; use 1 to ${MAX_TAG_KEY_LENGTH} characters not starting with aws:`,
      });
    } else if (value.length < 1 || value.length > MAX_TAG_VALUE_LENGTH) {
      problems.push({
        path: `costTags.${key}`,
        message: `has a value of ${value.length} characters; use 1 to ${MAX_TAG_VALUE_LENGTH}`,
      });
    }
  }
  if (!isPositiveAmount(args.anomalyImpactUsd)) {
    problems.push({
      path: "anomalyImpactUsd",
      message: `${args.anomalyImpactUsd} is no impact; give the least impact in US dollars that notifies, more than 0 (e.g. 100)`,
    });
  }
  return problems;
}

/** One budget notification, as `aws.budgets.Budget`'s `notifications` take it (without the topic). */
export interface PlannedNotification {
  readonly notificationType: "ACTUAL" | "FORECASTED";
  readonly comparisonOperator: "GREATER_THAN";
  readonly threshold: number;
  readonly thresholdType: "PERCENTAGE";
}

/** The budget's notifications: actual thresholds first, then forecast ones, each in the order given. */
export function budgetNotifications(thresholds: CostThresholds): PlannedNotification[] {
  const of = (notificationType: PlannedNotification["notificationType"], threshold: number) =>
    ({
      notificationType,
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
    }) as const;
  return [
    ...thresholds.actual.map((t) => of("ACTUAL", t)),
    ...thresholds.forecast.map((t) => of("FORECASTED", t)),
  ];
}

/** A tag condition of a Cost Explorer expression (the key without the `user:` prefix). */
export interface TagCondition {
  readonly tags: { readonly key: string; readonly values: string[]; readonly matchOptions: string[] };
}

/**
 * The budget's filter: resources carrying every one of the tags (keys sorted). Written as a `filterExpression`, not
 * `costFilters`: the values of one `TagKeyValue` cost filter (`user:<Key>$<Value>`) are alternatives (OR), so
 * `Project` and `Environment` there would count every environment of the project; an expression's `ands` requires
 * all of them. One tag is one condition (an `ands` needs two operands).
 */
export function budgetFilterExpression(costTags: Readonly<Record<string, string>>): {
  ands?: TagCondition[];
  tags?: TagCondition["tags"];
} {
  const conditions: TagCondition[] = Object.keys(costTags)
    .sort()
    .map((key) => ({ tags: { key, values: [costTags[key]!], matchOptions: ["EQUALS"] } }));
  return conditions.length === 1 ? { tags: conditions[0]!.tags } : { ands: conditions };
}

/** The anomaly subscription's threshold: anomalies of at least `impactUsd` total impact notify. */
export function anomalyThresholdExpression(impactUsd: number): {
  dimension: { key: string; matchOptions: string[]; values: string[] };
} {
  return {
    dimension: {
      key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
      matchOptions: ["GREATER_THAN_OR_EQUAL"],
      values: [String(impactUsd)],
    },
  };
}
