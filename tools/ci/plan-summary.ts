/**
 * `npm run plan:summary -- <dir>`: the GitHub job summary (Markdown) of the offline plans in `<dir>`, as the preview
 * workflow writes them: for each stack `<stack>.json` (the plan's `--json` output), `<stack>.exit` (the plan's exit
 * code) and `<stack>.err` (its stderr). One table row per stack, the deploy-time and cost insights per stack, then
 * every policy result, mandatory first.
 */
import * as fs from "fs";
import * as path from "path";
import { StackInsights, renderInsightsMarkdown } from "../insights";
import type { PolicyResult } from "../policy/evaluate";

/** What the summary needs from one stack's offline plan run. */
export interface PlanRun {
  readonly stack: string;
  /** The plan CLI's exit code: 0 planned, 1 a mandatory policy failed, 2 invalid config or a program error. */
  readonly exitCode: number;
  /** The parsed `--json` output, when the plan got that far (only the fields the summary reads). */
  readonly plan?: {
    resources?: unknown[];
    policyResults?: PolicyResult[];
    deployTime?: StackInsights["deployTime"];
    cost?: StackInsights["cost"];
  };
  /** The plan's stderr (the error message for exit code 2). */
  readonly stderr?: string;
}

/** One policy result, in the fields the summary shows. */
interface ResultRow {
  level: string;
  pack: string;
  policy: string;
  resource: string;
  message: string;
}

const VERDICTS: Readonly<Record<number, string>> = {
  0: "✅ planned",
  1: "❌ mandatory policy violated",
  2: "❌ invalid config or program error",
};

/** The Markdown of the summary. */
export function renderPlanSummary(runs: readonly PlanRun[]): string {
  const lines: string[] = ["## Offline plan", ""];
  if (runs.length === 0) {
    return [...lines, "No offline plan was produced.", ""].join("\n");
  }
  lines.push("| Stack | Result | Resources | Mandatory | Advisory |", "|---|---|---|---:|---:|");
  for (const run of runs) {
    const rows = resultRows(run);
    const count = (level: string) => rows.filter((row) => row.level === level).length;
    const resources = run.plan?.resources?.length;
    lines.push(
      `| ${cell(run.stack)} | ${VERDICTS[run.exitCode] ?? `❌ exit code ${run.exitCode}`} | ` +
        `${resources ?? "—"} | ${count("mandatory")} | ${count("advisory")} |`,
    );
  }
  const insights = runs.filter((run) => run.plan?.deployTime !== undefined || run.plan?.cost !== undefined);
  if (insights.length > 0) {
    lines.push("", "### Deploy time and monthly cost", "");
    lines.push(
      ...renderInsightsMarkdown(
        insights.map((run) => ({ stack: run.stack, deployTime: run.plan?.deployTime, cost: run.plan?.cost })),
      ),
    );
  }
  for (const run of runs) {
    const rows = resultRows(run);
    if (run.exitCode === 2 || (run.plan === undefined && run.exitCode !== 0)) {
      const stderr = (run.stderr ?? "").trim();
      lines.push("", `### ${run.stack}: error`, "", "```", stderr === "" ? "(no output)" : stderr, "```");
    }
    if (rows.length === 0) {
      continue;
    }
    lines.push("", `### ${run.stack}: policy results`, "");
    lines.push("| Level | Pack | Policy | Resource | Message |", "|---|---|---|---|---|");
    for (const row of rows) {
      lines.push(
        `| ${cell(row.level)} | ${cell(row.pack)} | ${cell(row.policy)} | ${cell(row.resource)} | ${cell(row.message)} |`,
      );
    }
  }
  lines.push("");
  return lines.join("\n");
}

/** The runs in `dir`, by stack name: every `<stack>.exit` with the `.json` and `.err` beside it. */
export function readPlanRuns(dir: string): PlanRun[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".exit"))
    .sort()
    .map((name) => {
      const stack = name.slice(0, -".exit".length);
      const read = (suffix: string) => {
        const file = path.join(dir, `${stack}${suffix}`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
      };
      const exitText = (read(".exit") ?? "").trim();
      const json = read(".json");
      const stderr = read(".err");
      return {
        stack,
        exitCode: /^\d+$/.test(exitText) ? Number(exitText) : 2,
        ...(json !== undefined ? { plan: JSON.parse(json) as PlanRun["plan"] } : {}),
        ...(stderr !== undefined ? { stderr } : {}),
      };
    });
}

/** Mandatory first, then advisory, then remediations (a stable sort keeps each pack's order within a level). */
const LEVEL_ORDER: readonly string[] = ["mandatory", "advisory", "remediate", "disabled"];

function resultRows(run: PlanRun): ResultRow[] {
  return (run.plan?.policyResults ?? [])
    .map((result): ResultRow => ({
      level: result.enforcementLevel,
      pack: result.pack,
      policy: result.policy,
      // Stack policies report no single resource.
      resource:
        result.type !== undefined ? `${result.type}::${result.name ?? ""}` : (result.urn ?? "(stack)"),
      message: result.message,
    }))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
}

/** Text safe inside a Markdown table cell: pipes escaped, line breaks as spaces. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

if (require.main === module) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write("usage: npm run plan:summary -- <directory of offline plans>\n");
    process.exitCode = 2;
  } else {
    process.stdout.write(renderPlanSummary(readPlanRuns(dir)));
  }
}
