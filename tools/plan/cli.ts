/**
 * `npm run plan -- <stack> [--json <file>]`: the offline plan of one stack (see docs/adr/0005-offline-plan.md).
 *
 * Exit codes: 0 planned; 1 a mandatory policy failed; 2 invalid config, unknown stack or program error.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { renderInsights, summarizeInsights, type PlanInsights } from "../insights";
import type { EvaluatedPack } from "../policy/evaluate";
import { PolicyThread } from "../policy/thread";
import { deferClosureSerialization } from "./lazy-closure";
import type { PolicySummary, StackPlan } from "./model";
import { policyExitCode, renderPlan, summarizePolicies } from "./render";
import type { PolicyEvaluator } from "./run";

/**
 * The file `npm run plan -- <stack> --json <file>` writes: the plan, what the policy evaluation ran (null when no
 * pack ran: a project without policy-packs/), then the insights (`deployTime`, `cost`; absent when they could not
 * be estimated).
 */
export type PlanJson = StackPlan & { policySummary: PolicySummary | null } & Partial<PlanInsights>;

const USAGE = "usage: npm run plan -- <stack> [--json <file>]";
const MORE = 'Run "npm run plan -- --help" for the arguments, options and exit codes.';

export const HELP = `npm run plan -- <stack> [--json <file>]

The offline plan of one stack: runs the stack program against mocks (no AWS account, no Pulumi CLI) and prints
the resources it would create, counts per type, the stack outputs, which policy packs ran (policies per pack,
resources, the environment's pack config) and their verdicts, the estimated deploy time and monthly cost.
A secondary stack (prod-tokyo) plans its primary first and reads the primary's planned outputs.

Arguments:
  <stack>          a stack of the project, with a Pulumi.<stack>.yaml (dev, prod-taipei, prod-tokyo)

Options:
  --json <file>    also write the plan as JSON to <file> (directories are created): resources, outputs,
                   policyResults, policySummary, deployTime, cost
  -h, --help       print this help and exit

Exit codes:
  0  planned, no mandatory policy violation
  1  a mandatory policy violation
  2  bad arguments, unknown stack, invalid config or a program error (the message is on stderr)

Example:
  npm run plan -- prod-taipei --json .plan/prod-taipei.json
`;

/**
 * Errors whose message is the whole story (which key is wrong and how to fix it): no stack trace. The program's
 * (`ValidationError` and its `ConfigError`, stacks/config.ts) and the plan's own for project and stack files
 * (`ProjectError`, project.ts). By name: the policy thread's errors arrive as plain errors with the name copied.
 */
const MESSAGE_ONLY_ERRORS = new Set(["ValidationError", "ConfigError", "ProjectError"]);

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
    io.out(HELP);
    return 0;
  }
  const args = parseArguments(argv);
  if (typeof args === "string") {
    io.err(`${args}\n${USAGE}\n${MORE}\n`);
    return 2;
  }
  // The policy packs load and run on a second thread, started before this one loads Pulumi and the program.
  const policies = PolicyThread.start(io.cwd, args.stack);
  const policyRun = policies === undefined ? undefined : onPolicyThread(policies, io.cwd, args.stack);
  let plan: StackPlan;
  let warnings: readonly string[] = [];
  try {
    // Loaded here, once the policy thread runs: it loads Pulumi.
    deferClosureSerialization();
    const run = Module.createRequire(__filename)("./run") as typeof import("./run");
    ({ plan, warnings } = await run.planStack(
      io.cwd,
      args.stack,
      policyRun === undefined ? {} : { policyEvaluator: policyRun.evaluator },
    ));
  } catch (err) {
    io.err(`${describeError(err)}\n`);
    return 2;
  } finally {
    await policies?.close();
    for (const warning of warnings) {
      io.err(`warning: ${warning}\n`);
    }
  }
  const policySummary = policyRun?.summary();
  const { insights, lines: insightLines } = estimateInsights(plan);
  io.out(`${[...renderPlan(plan, policySummary), "", ...insightLines].join("\n")}\n`);
  if (args.json !== undefined) {
    // policySummary is null when no policy pack ran (a project without policy-packs/).
    writeJson(io, args.json, { ...plan, policySummary: policySummary ?? null, ...insights });
  }
  return policyExitCode(plan);
}

/**
 * The policy thread as the plan's policy evaluator. Once it has returned the results, `summary()` is what ran:
 * while the thread analyzes the stack, this thread serves the same packs with the same config to report the
 * policies, levels and config files (its errors are the policy thread's too: that one is reported).
 */
function onPolicyThread(
  policies: PolicyThread,
  cwd: string,
  stack: string,
): { evaluator: PolicyEvaluator; summary(): PolicySummary | undefined } {
  let summary: PolicySummary | undefined;
  return {
    evaluator: {
      add: (resource) => policies.add(resource),
      async finish(resources) {
        const results = policies.finish(resources);
        const described = describePolicyRun(cwd, stack);
        described.catch(() => undefined);
        const found = await results;
        const { environment, packs } = await described;
        summary = summarizePolicies(environment, packs, resources, found);
        return found;
      },
    },
    summary: () => summary,
  };
}

/**
 * Deploy time and monthly cost (docs/deploy-time.md, docs/cost.md), and their lines of the output. An estimate that
 * cannot be made (a region without prices) is reported in the output and never fails the plan.
 */
function estimateInsights(plan: StackPlan): { insights?: PlanInsights; lines: string[] } {
  let insights: PlanInsights;
  try {
    insights = summarizeInsights(plan);
  } catch (err) {
    return { lines: [`Insights unavailable: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return { insights, lines: renderInsights(insights) };
}

/** Writes the plan's JSON to `file` (relative to the working directory; directories are created). */
function writeJson(io: CliIo, file: string, json: PlanJson): void {
  const target = path.resolve(io.cwd, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(json, null, 2)}\n`);
  io.out(`\nWrote ${path.relative(io.cwd, target) || target}\n`);
}

/** The environment whose pack config the policy thread applies, and the packs as it serves them. */
async function describePolicyRun(
  cwd: string,
  stack: string,
): Promise<{ environment: string; packs: EvaluatedPack[] }> {
  const load = Module.createRequire(__filename);
  const project = load("./project") as typeof import("./project");
  const { describePolicyPacks } = load("../policy/evaluate") as typeof import("../policy/evaluate");
  // As the policy thread finds it (tools/policy/thread-worker.ts).
  const loaded = project.loadProject(cwd);
  const environment = project.policyEnvironmentOf(loaded, project.loadStackConfig(loaded, stack));
  return { environment, packs: await describePolicyPacks({ environment }) };
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
