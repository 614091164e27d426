/**
 * `npm run plan -- <stack> [--json <file>]`: the offline plan of one stack (see docs/adr/0005-offline-plan.md).
 *
 * Exit codes: 0 planned; 1 a mandatory policy failed; 2 invalid config, unknown stack or program error.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { renderInsights, summarizeInsights, type PlanInsights } from "../insights";
import { PolicyThread } from "../policy/thread";
import { deferClosureSerialization } from "./lazy-closure";
import { policyExitCode, renderPlan } from "./render";
import type { StackPlan } from "./run";

const USAGE = "usage: npm run plan -- <stack> [--json <file>]";

/** Errors whose message is the whole story (which key is wrong and how to fix it): no stack trace. */
const MESSAGE_ONLY_ERRORS = new Set(["ValidationError", "ConfigError"]);

interface Arguments {
  stack: string;
  json?: string;
}

function parseArguments(argv: readonly string[]): Arguments | string {
  let stack: string | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") {
      json = argv[++i];
      if (json === undefined || json.startsWith("--")) {
        return "--json needs a file name";
      }
    } else if (arg.startsWith("--json=")) {
      json = arg.slice("--json=".length);
    } else if (arg.startsWith("-")) {
      return `unknown option ${arg}`;
    } else if (stack === undefined) {
      stack = arg;
    } else {
      return `one stack at a time (got ${stack} and ${arg})`;
    }
  }
  if (stack === undefined) {
    return "which stack? name one, e.g. prod-taipei";
  }
  return { stack, ...(json !== undefined ? { json } : {}) };
}

/** Where the CLI reads and writes; the real process, or a capture in tests. */
export interface CliIo {
  /** Project root (the CLI uses the working directory). */
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** Runs the plan CLI and returns its exit code. */
export async function runPlanCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const args = parseArguments(argv);
  if (typeof args === "string") {
    io.err(`${args}\n${USAGE}\n`);
    return 2;
  }
  // The policy packs load and run on a second thread, started before this one loads Pulumi and the program.
  const policies = PolicyThread.start(io.cwd, args.stack);
  let plan: StackPlan;
  let warnings: readonly string[] = [];
  try {
    // Loaded here, once the policy thread runs: it loads Pulumi.
    deferClosureSerialization();
    const run = Module.createRequire(__filename)("./run") as typeof import("./run");
    warnings = run.planWarnings;
    plan = await run.planStack(
      io.cwd,
      args.stack,
      policies === undefined ? {} : { policyEvaluator: policies },
    );
  } catch (err) {
    io.err(`${describeError(err)}\n`);
    return 2;
  } finally {
    await policies?.close();
    for (const warning of warnings) {
      io.err(`warning: ${warning}\n`);
    }
  }
  // Deploy time and monthly cost (docs/deploy-time.md, docs/cost.md). An estimate that cannot be made (a region
  // without prices) is reported in the output and never fails the plan.
  let insights: PlanInsights | undefined;
  let insightsError = "";
  try {
    insights = summarizeInsights(plan);
  } catch (err) {
    insightsError = err instanceof Error ? err.message : String(err);
  }
  const insightLines =
    insights !== undefined ? renderInsights(insights) : [`Insights unavailable: ${insightsError}`];
  io.out(`${[...renderPlan(plan), "", ...insightLines].join("\n")}\n`);
  if (args.json !== undefined) {
    const file = path.resolve(io.cwd, args.json);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ ...plan, ...insights }, null, 2)}\n`);
    io.out(`\nWrote ${path.relative(io.cwd, file) || file}\n`);
  }
  return policyExitCode(plan);
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    // The project's TypeScript keeps its source maps (tools/register.cjs): point at .ts lines.
    process.setSourceMapsEnabled(true);
    if (MESSAGE_ONLY_ERRORS.has(err.name)) {
      return `error: ${err.message}`;
    }
    return `error: ${err.stack ?? err.message}`;
  }
  return `error: ${String(err)}`;
}

if (require.main === module) {
  const io: CliIo = {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
  runPlanCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${describeError(err)}\n`);
      process.exitCode = 2;
    },
  );
}
