/**
 * `npm run plan:summary -- <dir>`: the GitHub job summary (Markdown) of the offline plans in `<dir>`, as the preview
 * workflow writes them: for each stack `<stack>.json` (the plan's `--json` output), `<stack>.exit` (the plan's exit
 * code) and `<stack>.err` (its stderr). One table row per stack, the policy packs that ran per stack (policies,
 * environment, verdicts), the deploy-time and cost insights per stack, then every policy result, mandatory first.
 *
 * Exit codes: 0 summary printed (also when a plan failed: the summary says so); 2 bad arguments or an unreadable
 * plan.
 */
import * as fs from "fs";
import * as path from "path";
import { StackInsights, renderInsightsMarkdown } from "../insights";
import type { PolicyResult, PolicySummary } from "../plan/model";

const USAGE = "usage: npm run plan:summary -- <dir>";
const MORE = 'Run "npm run plan:summary -- --help" for the arguments and exit codes.';

export const HELP = `npm run plan:summary -- <dir>

Prints the Markdown job summary of the offline plans in <dir>, as the preview workflow leaves them in .plan/:
<stack>.json (written by npm run plan -- <stack> --json), <stack>.exit (the plan's exit code) and <stack>.err
(its stderr). One row per stack (result, resources, mandatory and advisory violations), the policy packs that
ran per stack (policies, environment, verdicts), deploy time and monthly cost, every policy result (mandatory
first) and the error of a stack that failed. A missing or empty <dir> gives "No offline plan was produced."

Arguments:
  <dir>        the directory of offline plans (.plan in CI)

Options:
  -h, --help   print this help and exit

Exit codes:
  0  summary printed (also when a plan failed: the summary reports it)
  2  bad arguments, or a <stack>.json that cannot be read

Example:
  npm run --silent plan:summary -- .plan >> "$GITHUB_STEP_SUMMARY"
`;

/** What the summary needs from one stack's offline plan run. */
export interface PlanRun {
  readonly stack: string;
  /** The plan CLI's exit code: 0 planned, 1 a mandatory policy failed, 2 invalid config or a program error. */
  readonly exitCode: number;
  /** The parsed `--json` output, when the plan got that far (only the fields the summary reads). */
  readonly plan?: {
    resources?: unknown[];
    policyResults?: PolicyResult[];
    /** What the policy evaluation ran; null when no pack ran, absent in plans of older versions. */
    policySummary?: PolicySummary | null;
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
  lines.push(...policyPackRows(runs));
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

/**
 * The policy packs each stack's plan ran: one row per stack and pack, with the environment whose pack config
 * applied, the policies evaluated (resource and stack), the levels they ran at, the disabled ones, over how many
 * resources, and the verdicts. Nothing when no plan carries a policy summary.
 */
function policyPackRows(runs: readonly PlanRun[]): string[] {
  const reported = runs.filter((run) => run.plan?.policySummary !== undefined);
  if (reported.length === 0) {
    return [];
  }
  const lines = [
    "",
    "### Policy packs",
    "",
    "| Stack | Environment | Pack | Policies (resource, stack) | Levels | Disabled | Resources | Mandatory | Advisory | Passed |",
    "|---|---|---|---:|---|---|---:|---:|---:|---:|",
  ];
  for (const run of reported) {
    const summary = run.plan?.policySummary;
    if (summary === null || summary === undefined || summary.packs.length === 0) {
      lines.push(`| ${cell(run.stack)} | — | no policy pack ran | — | — | — | — | — | — | — |`);
      continue;
    }
    for (const pack of summary.packs) {
      const levels = Object.entries(pack.levels)
        .filter(([, count]) => count > 0)
        .map(([level, count]) => `${count} ${level}`);
      lines.push(
        `| ${cell(run.stack)} | ${cell(summary.environment)} | ${cell(pack.name)} | ` +
          `${pack.policies.evaluated} (${pack.policies.resource}, ${pack.policies.stack}) | ` +
          `${levels.length > 0 ? levels.join(", ") : "—"} | ` +
          `${pack.disabled.length > 0 ? cell(pack.disabled.join(", ")) : "—"} | ${summary.resources.stack} | ` +
          `${pack.counts.mandatory} | ${pack.counts.advisory} | ${pack.counts.passed} of ${pack.policies.evaluated} |`,
      );
    }
  }
  return lines;
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
        ...(json !== undefined ? { plan: parsePlan(json, path.join(dir, `${stack}.json`)) } : {}),
        ...(stderr !== undefined ? { stderr } : {}),
      };
    });
}

function parsePlan(text: string, file: string): PlanRun["plan"] {
  try {
    return JSON.parse(text) as PlanRun["plan"];
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
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

/** Runs the CLI with `argv` (after `--`); returns the exit code. */
export function runPlanSummaryCli(
  argv: readonly string[],
  io: { out(text: string): void; err(text: string): void },
): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(HELP);
    return 0;
  }
  const unknown = argv.find((arg) => arg.startsWith("-"));
  const problem =
    unknown !== undefined
      ? `unknown option ${unknown}`
      : argv.length === 0
        ? "which directory? name the directory of offline plans, e.g. .plan"
        : argv.length > 1
          ? `one directory at a time (got ${argv.join(", ")})`
          : undefined;
  if (problem !== undefined) {
    io.err(`${problem}\n${USAGE}\n${MORE}\n`);
    return 2;
  }
  let runs: PlanRun[];
  try {
    runs = readPlanRuns(argv[0]);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.out(renderPlanSummary(runs));
  return 0;
}

if (require.main === module) {
  process.exitCode = runPlanSummaryCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
