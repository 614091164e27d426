/**
 * Plan insights: the estimated deploy time (critical path, lower bound) and monthly cost of a planned stack, as
 * data for `--json` and as text for the plan output (which the pull-request workflow posts per stack).
 */
import type { StackPlan } from "../plan/model";
import { estimateCost, money, type CostSummary } from "./cost";
import { summarizeDeployTime, type DeployTimeSummary, type PathStep } from "./deploy-time";

export { estimateCost, summarizeDeployTime };
export type { CostSummary, DeployTimeSummary };

export interface PlanInsights {
  deployTime: DeployTimeSummary;
  cost: CostSummary;
}

/** Both insights of one planned stack. */
export function summarizeInsights(plan: Pick<StackPlan, "region" | "resources">): PlanInsights {
  return { deployTime: summarizeDeployTime(plan), cost: estimateCost(plan) };
}

const INDENT = "  ";
/** Drivers and components listed in the text form. */
const TOP = 6;

/** The readable form: a deploy-time section and a monthly-cost section. */
export function renderInsights(insights: PlanInsights): string[] {
  return [...renderDeployTime(insights.deployTime), "", ...renderCost(insights.cost)];
}

export function renderDeployTime(d: DeployTimeSummary): string[] {
  const lines = ["Deploy time (estimate for a fresh stack; typical create times, see docs/deploy-time.md)"];
  lines.push(
    `${INDENT}critical path ${d.criticalPathMinutes} min, lower bound ${d.lowerBoundMinutes} min, ` +
      `ratio ${d.ratio.toFixed(2)} (${d.resources} resources, ${d.edges} orderings, ${d.requiredEdges} required)`,
  );
  lines.push(`${INDENT}critical path:`);
  lines.push(...d.criticalPath.filter((s) => s.minutes > 0).map((s) => INDENT.repeat(2) + stepLine(s)));
  if (d.lowerBoundMinutes !== d.criticalPathMinutes) {
    lines.push(`${INDENT}lower bound path (orderings AWS needs):`);
    lines.push(...d.lowerBoundPath.filter((s) => s.minutes > 0).map((s) => INDENT.repeat(2) + stepLine(s)));
  }
  if (d.avoidableEdges.length === 0) {
    lines.push(`${INDENT}avoidable orderings on the critical path: none`);
  } else {
    lines.push(
      `${INDENT}avoidable orderings on the critical path (${roundTo(d.criticalPathMinutes - d.lowerBoundMinutes)} min; ` +
        `remove them in the component):`,
    );
    // One line per waiting resource: a component's dependsOn fans in from many resources.
    const byTarget = new Map<string, typeof d.avoidableEdges>();
    for (const e of d.avoidableEdges) {
      byTarget.set(e.to.urn, [...(byTarget.get(e.to.urn) ?? []), e]);
    }
    for (const group of byTarget.values()) {
      const [first] = group;
      const others = group.length > 1 ? ` and ${group.length - 1} more` : "";
      lines.push(
        `${INDENT.repeat(2)}${first.to.name} (${first.to.type}) waits for ${first.from.name} (${first.from.type})` +
          `${others} [${first.kinds.join(", ")}]: ${first.reason}`,
      );
    }
  }
  if (d.unknownTypes.length > 0) {
    lines.push(`${INDENT}types without a create time (1 min assumed): ${d.unknownTypes.join(", ")}`);
  }
  return lines;
}

function roundTo(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}

function stepLine(s: PathStep): string {
  return `${s.doneAtMinutes.toFixed(1).padStart(5)} min  ${s.name} (${s.type}) +${s.minutes}`;
}

export function renderCost(c: CostSummary): string[] {
  const priced = c.pricedAs === c.region ? c.region : `${c.region}, priced as ${c.pricedAs}`;
  const lines = [
    `Monthly cost (estimate, USD, ${priced}, list prices as of ${c.pricesAsOf}; see docs/cost.md)`,
  ];
  lines.push(
    `${INDENT}total ${money(c.monthlyUsd)}/month` +
      (c.monthlyUsdAtMax !== c.monthlyUsd ? ` (${money(c.monthlyUsdAtMax)} with Aurora at max ACU)` : ""),
  );
  lines.push(`${INDENT}top drivers:`);
  lines.push(
    ...c.drivers
      .slice(0, TOP)
      .map(
        (d) =>
          `${INDENT.repeat(2)}${money(d.monthlyUsd).padStart(10)}  ${d.label} (${d.resources})` +
          (d.monthlyUsdAtMax !== d.monthlyUsd ? `, up to ${money(d.monthlyUsdAtMax)}` : ""),
      ),
  );
  lines.push(`${INDENT}by component:`);
  lines.push(
    ...c.byComponent.map(
      (g) =>
        `${INDENT.repeat(2)}${money(g.monthlyUsd).padStart(10)}  ${g.component}` +
        (g.monthlyUsdAtMax !== g.monthlyUsd ? `, up to ${money(g.monthlyUsdAtMax)}` : ""),
    ),
  );
  if (c.choices.length > 0) {
    lines.push(`${INDENT}config choices:`);
    lines.push(
      ...c.choices.map(
        (ch) => `${INDENT.repeat(2)}${money(ch.monthlyUsd).padStart(10)}  ${ch.choice}: ${ch.note}`,
      ),
    );
  }
  if (c.unpriced.length > 0) {
    lines.push(`${INDENT}not priced (add to tools/insights/prices.ts): ${c.unpriced.join("; ")}`);
  }
  lines.push(`${INDENT}assumptions: ${c.assumptions.join("; ")}`);
  return lines;
}

/** One stack's insights as its `--json` output carries them (absent when the plan failed). */
export interface StackInsights {
  stack: string;
  deployTime?: Pick<
    DeployTimeSummary,
    "criticalPathMinutes" | "lowerBoundMinutes" | "ratio" | "avoidableEdges"
  >;
  cost?: Pick<CostSummary, "monthlyUsd" | "monthlyUsdAtMax" | "drivers">;
}

/**
 * A Markdown table of deploy time and monthly cost per stack, for the pull-request job summary (which reads each
 * stack's `--json` output): one row per stack, the three top drivers in the last column.
 */
export function renderInsightsMarkdown(stacks: readonly StackInsights[]): string[] {
  const lines = [
    "| Stack | Deploy time (critical path) | Lower bound | Ratio | Avoidable orderings | Monthly cost | Top drivers |",
    "|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const s of stacks) {
    const d = s.deployTime;
    const c = s.cost;
    const drivers = (c?.drivers ?? [])
      .slice(0, 3)
      .map((driver) => `${driver.label} ${money(driver.monthlyUsd)}`)
      .join("; ");
    lines.push(
      `| ${s.stack} | ${d === undefined ? "—" : `${d.criticalPathMinutes} min`} | ` +
        `${d === undefined ? "—" : `${d.lowerBoundMinutes} min`} | ${d === undefined ? "—" : d.ratio.toFixed(2)} | ` +
        `${d === undefined ? "—" : d.avoidableEdges.length} | ` +
        `${c === undefined ? "—" : money(c.monthlyUsd)}${c !== undefined && c.monthlyUsdAtMax !== c.monthlyUsd ? ` (max ${money(c.monthlyUsdAtMax)})` : ""} | ` +
        `${drivers === "" ? "—" : drivers.replace(/\|/g, "\\|")} |`,
    );
  }
  return lines;
}
