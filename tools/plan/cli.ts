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
import type { PlanJson, PolicySummary, StackPlan } from "./model";
import { policyExitCode, renderPlan, summarizePolicies } from "./render";
import type { PolicyEvaluator } from "./run";

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
  let policySummary: PolicySummary | undefined;
  const policyEvaluator: PolicyEvaluator | undefined =
    policies === undefined
      ? undefined
      : {
          add: (resource) => policies.add(resource),
          async finish(resources) {
            const results = policies.finish(resources);
            // While the policy thread analyzes the stack, this thread serves the same packs with the same config
            // to report what ran (policies, levels, config files). Its errors are the policy thread's too: that one
            // is reported.
            const described = describePolicyRun(io.cwd, args.stack);
            described.catch(() => undefined);
            const found = await results;
            const { environment, packs } = await described;
            policySummary = summarizePolicies(environment, packs, resources, found);
            return found;
          },
        };
  let plan: StackPlan;
  let warnings: readonly string[] = [];
  try {
    // Loaded here, once the policy thread runs: it loads Pulumi.
    deferClosureSerialization();
    const run = Module.createRequire(__filename)("./run") as typeof import("./run");
    warnings = run.planWarnings;
    plan = await run.planStack(io.cwd, args.stack, policyEvaluator === undefined ? {} : { policyEvaluator });
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
  io.out(`${[...renderPlan(plan, policySummary), "", ...insightLines].join("\n")}\n`);
  if (args.json !== undefined) {
    const file = path.resolve(io.cwd, args.json);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // policySummary is null when no policy pack ran (a project without policy-packs/).
    const json: PlanJson = { ...plan, policySummary: policySummary ?? null, ...insights };
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    io.out(`\nWrote ${path.relative(io.cwd, file) || file}\n`);
  }
  return policyExitCode(plan);
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
