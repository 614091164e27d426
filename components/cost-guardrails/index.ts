/**
 * `CostGuardrails`: a monthly AWS Budget of one stack's resources (those carrying its cost-allocation tags), notifying
 * the region's alarm topic when actual spend or the month's forecast crosses a percentage of the limit, and, in the
 * one stack per account that asks for it, the account's Cost Anomaly Detection (a monitor of every service with an
 * immediate subscription to the same topic) and, once the tags are in the billing data, their activation as
 * cost-allocation tags. The topic's
 * policy must let `budgets.amazonaws.com` and `costalerts.amazonaws.com` publish (`ObservabilityStack` does). Rules
 * and the exact inputs are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  CostGuardrailsPlanArgs,
  ResolvedCostGuardrailsPlanArgs,
  anomalyThresholdExpression,
  budgetFilterExpression,
  budgetNotifications,
  costGuardrailsArgsProblems,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces the budget: add an alias first). */
export const COST_GUARDRAILS_TYPE = "platform:cost:CostGuardrails";

export interface CostGuardrailsArgs extends CostGuardrailsPlanArgs {
  /** The SNS topic every notification goes to (the region's alarm topic). */
  readonly topicArn: pulumi.Input<string>;
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`. Empty when the component can be built. */
export function validateCostGuardrailsArgs(
  args: ResolvedCostGuardrailsPlanArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...costGuardrailsArgsProblems(args), ...regionalProviderProblems(opts)];
}

export class CostGuardrails extends pulumi.ComponentResource {
  /** The budget's name (what `aws budgets describe-budget` takes). */
  readonly budgetName: pulumi.Output<string>;
  /** The anomaly monitor's ARN, in the stack that creates it (`accountWide`). */
  readonly anomalyMonitorArn?: pulumi.Output<string>;

  constructor(name: string, args: CostGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COST_GUARDRAILS_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through the regional provider (Budgets and Cost Explorer are global services;
    // the provider reaches their one endpoint whatever its region).
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for CostGuardrails "${name}"`,
      validateCostGuardrailsArgs(resolved, opts),
      opts,
    );

    const budget = new aws.budgets.Budget(
      `${name}-monthly`,
      {
        name: resolved.budgetName,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: String(resolved.monthlyLimitUsd),
        limitUnit: "USD",
        filterExpression: budgetFilterExpression(resolved.costTags),
        notifications: budgetNotifications(resolved.thresholds).map((notification) => ({
          ...notification,
          subscriberSnsTopicArns: [args.topicArn],
        })),
        tags: { ...resolved.tags, Name: resolved.budgetName },
      },
      childOpts,
    );
    this.budgetName = budget.name;

    if (resolved.activateCostAllocationTags) {
      // Without active cost-allocation tags the budget's filter matches nothing.
      for (const tagKey of Object.keys(resolved.costTags).sort()) {
        new aws.costexplorer.CostAllocationTag(
          `${name}-tag-${tagKey.toLowerCase()}`,
          { tagKey, status: "Active" },
          childOpts,
        );
      }
    }
    if (resolved.accountWide) {
      const monitor = new aws.costexplorer.AnomalyMonitor(
        `${name}-services`,
        {
          name: `${resolved.budgetName}-services`,
          monitorType: "DIMENSIONAL",
          monitorDimension: "SERVICE",
          tags: { ...resolved.tags, Name: `${resolved.budgetName}-services` },
        },
        childOpts,
      );
      new aws.costexplorer.AnomalySubscription(
        `${name}-anomalies`,
        {
          name: `${resolved.budgetName}-anomalies`,
          // SNS subscribers take immediate notifications only (DAILY and WEEKLY are e-mail digests).
          frequency: "IMMEDIATE",
          monitorArnLists: [monitor.arn],
          subscribers: [{ type: "SNS", address: args.topicArn }],
          thresholdExpression: anomalyThresholdExpression(resolved.anomalyImpactUsd),
          tags: { ...resolved.tags, Name: `${resolved.budgetName}-anomalies` },
        },
        childOpts,
      );
      this.anomalyMonitorArn = monitor.arn;
    }
    this.registerOutputs({ budgetName: this.budgetName, anomalyMonitorArn: this.anomalyMonitorArn });
  }
}
