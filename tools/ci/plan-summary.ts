/**
 * `npm run plan:summary -- <dir>`: the GitHub job summary (Markdown) of the offline plans in `<dir>`, as the preview
 * workflow writes them: for each stack `<stack>.json` (the plan's `--json` output), `<stack>.exit` (the plan's exit
 * code) and `<stack>.err` (its stderr). One table row per stack, then every policy result, mandatory first.
 */
import * as fs from "fs";
import * as path from "path";

/** What the summary needs from one stack's offline plan run. */
export interface PlanRun {
  readonly stack: string;
  /** The plan CLI's exit code: 0 planned, 1 a mandatory policy failed, 2 invalid config or a program error. */
  readonly exitCode: number;
  /** The parsed `--json` output, when the plan got that far. */
  readonly plan?: { resources?: unknown[]; policyResults?: unknown[] };
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

function resultRows(run: PlanRun): ResultRow[] {
  const order = (level: string) => (level === "mandatory" ? 0 : level === "advisory" ? 1 : 2);
  return (run.plan?.policyResults ?? [])
    .map((result): ResultRow => {
      const record = isRecord(result) ? result : {};
      const text = (...keys: string[]) => {
        const found = keys.map((key) => record[key]).find((value) => typeof value === "string");
        return typeof found === "string" ? found : "";
      };
      const type = text("type");
      const name = text("name");
      const level = text("enforcementLevel");
      return {
        // The engine's default enforcement level when a result names none.
        level: level === "" ? "advisory" : level,
        pack: text("pack", "policyPack"),
        policy: text("policy", "policyName"),
        resource: type !== "" || name !== "" ? `${type}::${name}` : text("urn"),
        message: text("message"),
      };
    })
    .sort((a, b) => order(a.level) - order(b.level));
}

/** Text safe inside a Markdown table cell: pipes escaped, line breaks as spaces. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
