/**
 * `npm run cli-path -- <stack> [--typecheck | --transpile-only] [--json <file>]`: one stack as the Pulumi CLI runs
 * it, with only the engine offline (tools/langhost). The program runs through the Node.js language host's entry
 * point with the host's arguments, environment and working directory (ts-node, the project's tsconfig.json); the
 * four policy packs start through the analyzer's entry point, each in its own process, and judge the program's
 * resources over gRPC with the stack's environment's pack config. The result must be the offline plan's: the same
 * resources, outputs and verdicts.
 *
 * Exit codes: 0 as planned; 1 a mandatory policy violation; 2 bad arguments, a program or pack that failed, or a
 * result that differs from the offline plan.
 */
import * as fs from "fs";
import * as path from "path";
import { loadProject, loadStackConfig, policyEnvironmentOf } from "../plan/project";
import type { PolicyResult, StackPlan } from "../plan/model";
import { planStack } from "../plan/run";
import type { OfflineAnalyzer } from "../policy/analyzer";
import { hasMandatoryViolation, startPolicyEvaluation } from "../policy/evaluate";
import { POLICY_PACKS } from "../../policy-packs/registry";
import { errorsOf, ProgramRunResult, runProgramAsTheCli } from "./program";
import { RunningPack, startPolicyPackAsTheCli } from "./policy-pack";

export const HELP = `npm run cli-path -- <stack> [--typecheck | --transpile-only] [--json <file>]

One stack as the Pulumi CLI runs it, offline: the program through the Node.js language host's entry point
(@pulumi/pulumi/cmd/run, from the folder and with the environment the host gives it, ts-node with the project's
tsconfig.json), and every policy pack through the analyzer's (@pulumi/pulumi/cmd/run-policy-pack), each in its own
process. A stand-in engine answers from the offline plan's mocks. Prints what ran, how long it took, and whether
the resources, outputs and policy verdicts are the offline plan's.

Arguments:
  <stack>            a stack of the project, with a Pulumi.<stack>.yaml (dev, prod-taipei, prod-tokyo)

Options:
  --typecheck        ts-node type-checks the program (PULUMI_NODEJS_TRANSPILE_ONLY=false): what \`pulumi preview\`
                     does by default
  --transpile-only   ts-node only transpiles it (PULUMI_NODEJS_TRANSPILE_ONLY=true): what CI does after its type check
                     (default: whatever PULUMI_NODEJS_TRANSPILE_ONLY says, as for the CLI)
  --json <file>      also write the run as JSON to <file>: the program's and each pack's process id, exit code,
                     run time (each pack's time until it served) and the verdicts
  -h, --help         print this help and exit

Exit codes:
  0  ran as planned, no mandatory policy violation
  1  a mandatory policy violation
  2  bad arguments, the program or a pack failed, or the result differs from the offline plan

Example:
  npm run cli-path -- dev --typecheck
`;

interface Arguments {
  stack: string;
  transpileOnly?: boolean;
  json?: string;
}

function parseArguments(argv: readonly string[]): Arguments | "help" | string {
  let stack: string | undefined;
  let transpileOnly: boolean | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      return "help";
    } else if (arg === "--typecheck" || arg === "--transpile-only") {
      const wanted = arg === "--transpile-only";
      if (transpileOnly !== undefined && transpileOnly !== wanted) {
        return "--typecheck and --transpile-only exclude each other";
      }
      transpileOnly = wanted;
    } else if (arg === "--json") {
      json = argv[++i];
      if (json === undefined || json.startsWith("-")) {
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
    return "which stack? name one, e.g. dev";
  }
  return {
    stack,
    ...(transpileOnly !== undefined ? { transpileOnly } : {}),
    ...(json !== undefined ? { json } : {}),
  };
}

/** What one run did, as `--json` writes it. */
export interface CliPathReport {
  stack: string;
  environment: string;
  program: {
    pid: number | undefined;
    typeChecked: boolean;
    command: string[];
    cwd: string;
    exitCode: number | null;
    durationMs: number;
    resources: number;
    outputs: number;
    errors: string[];
  };
  packs: { name: string; version: string; pid: number | undefined; startupMs: number; policies: number }[];
  policyResults: PolicyResult[];
  /** Where the run differs from the offline plan; empty when it is the same. */
  differences: string[];
}

/** Runs one stack the CLI's way and compares it with the offline plan. */
export async function runCliPath(
  root: string,
  stack: string,
  transpileOnly?: boolean,
): Promise<CliPathReport> {
  const project = loadProject(root);
  const settings = loadStackConfig(project, stack);
  const environment = policyEnvironmentOf(project, settings);
  // What the run must match, planned first so that it does not compete with the processes for the cores.
  const { plan: offline } = await planStack(root, stack);
  // The engine starts the analyzers, then runs the program while they load.
  const packsStarting = Promise.all(
    POLICY_PACKS.map((pack) =>
      startPolicyPackAsTheCli({
        directory: path.join(root, "policy-packs", pack.name),
        config: settings.config,
      }),
    ),
  );
  let packs: RunningPack[] = [];
  try {
    const program = await runProgramAsTheCli({
      root,
      stack,
      ...(transpileOnly !== undefined ? { transpileOnly } : {}),
    });
    packs = await packsStarting;
    const served = new Map<string, OfflineAnalyzer>(
      packs.map((pack, i) => [POLICY_PACKS[i].name, pack.analyzer]),
    );
    const policyResults = program.exitCode === 0 ? await evaluateThrough(served, program, environment) : [];
    const infos = await Promise.all(packs.map((pack) => pack.analyzer.getAnalyzerInfo()));
    return {
      stack,
      environment,
      program: {
        pid: program.pid,
        typeChecked: program.typeChecked,
        command: [process.execPath, ...program.launch.args],
        cwd: root,
        exitCode: program.exitCode,
        durationMs: program.durationMs,
        resources: program.resources.length,
        outputs: Object.keys(program.outputs).length,
        errors: errorsOf(program),
      },
      packs: packs.map((pack, i) => ({
        name: infos[i].getName(),
        version: infos[i].getVersion(),
        pid: pack.process.pid,
        startupMs: pack.startupMs,
        policies: infos[i].getPoliciesList().length,
      })),
      policyResults,
      differences: program.exitCode === 0 ? differences(offline, program, policyResults) : [],
    };
  } finally {
    if (packs.length === 0) {
      packs = await packsStarting.catch(() => []);
    }
    await Promise.all(packs.map((pack) => pack.stop()));
  }
}

async function evaluateThrough(
  served: ReadonlyMap<string, OfflineAnalyzer>,
  program: ProgramRunResult,
  environment: string,
): Promise<PolicyResult[]> {
  const evaluation = await startPolicyEvaluation({
    environment,
    serve: (pack) => {
      const analyzer = served.get(pack.name);
      if (analyzer === undefined) {
        throw new Error(`policy pack ${pack.name} was not started`);
      }
      return analyzer;
    },
  });
  const byUrn = new Map(program.resources.map((r) => [r.urn, r]));
  for (const resource of program.resources) {
    await evaluation.add(resource, byUrn);
  }
  return evaluation.finish(program.resources);
}

/** Resources by URN, outputs and verdicts that are not the offline plan's. */
function differences(
  offline: StackPlan,
  program: ProgramRunResult,
  results: readonly PolicyResult[],
): string[] {
  const found: string[] = [];
  const planned = new Map(offline.resources.map((r) => [r.urn, JSON.stringify(r)]));
  const ran = new Map(program.resources.map((r) => [r.urn, JSON.stringify(r)]));
  for (const urn of new Set([...planned.keys(), ...ran.keys()])) {
    if (!planned.has(urn)) {
      found.push(`registered, not in the offline plan: ${urn}`);
    } else if (!ran.has(urn)) {
      found.push(`in the offline plan, not registered: ${urn}`);
    } else if (planned.get(urn) !== ran.get(urn)) {
      found.push(`registered differently from the offline plan: ${urn}`);
    }
  }
  if (JSON.stringify(offline.outputs) !== JSON.stringify(program.outputs)) {
    found.push("stack outputs differ from the offline plan's");
  }
  const verdict = (r: PolicyResult) =>
    JSON.stringify([r.pack, r.policy, r.enforcementLevel, r.urn ?? "", r.message]);
  const expected = offline.policyResults.map(verdict).sort();
  const actual = results.map(verdict).sort();
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    found.push(
      `policy verdicts differ from the offline plan's (${actual.length} here, ${expected.length} offline)`,
    );
  }
  return found;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`;
}

/** The report as text. */
export function renderReport(report: CliPathReport): string {
  const { program } = report;
  const mandatory = report.policyResults.filter((r) => r.enforcementLevel === "mandatory").length;
  const advisory = report.policyResults.filter((r) => r.enforcementLevel === "advisory").length;
  const lines = [
    `${report.stack}, run as the Pulumi CLI runs it (offline engine):`,
    `  program  node ${program.command
      .slice(1)
      .map((a) => (!path.isAbsolute(a) ? a : a === program.cwd ? "." : path.relative(program.cwd, a)))
      .join(" ")}`,
    `           from ${program.cwd}, ${program.typeChecked ? "type-checked by ts-node" : "transpile-only (PULUMI_NODEJS_TRANSPILE_ONLY)"}`,
    `           exit ${program.exitCode ?? "(killed)"} after ${seconds(program.durationMs)}; ` +
      `${program.resources} resources, ${program.outputs} outputs`,
    ...program.errors.map((e) => `  error: ${e.replace(/\n/g, "\n    ")}`),
    ...report.packs.map(
      (p, i) =>
        `  ${i === 0 ? "packs   " : "        "} ${p.name} ${p.version}: ${p.policies} policies, ` +
        `serving after ${seconds(p.startupMs)}`,
    ),
    `  verdicts ${mandatory} mandatory, ${advisory} advisory, with the ${report.environment} pack config`,
    ...report.policyResults
      .filter((r) => r.enforcementLevel === "mandatory")
      .map((r) => `    mandatory ${r.pack}/${r.policy} ${r.urn ?? "(stack)"}: ${r.message}`),
    report.differences.length === 0
      ? program.exitCode === 0
        ? "  same as the offline plan: resources, outputs and verdicts"
        : ""
      : `  differs from the offline plan:\n${report.differences.map((d) => `    ${d}`).join("\n")}`,
  ];
  return lines.filter((l) => l !== "").join("\n") + "\n";
}

/** Exit code of a report (see the file comment). */
export function exitCodeOf(report: CliPathReport): number {
  if (report.program.exitCode !== 0 || report.program.errors.length > 0 || report.differences.length > 0) {
    return 2;
  }
  return hasMandatoryViolation(report.policyResults) ? 1 : 0;
}

/** Where the command reads and writes: the real process, or a capture in tests. */
export interface CliPathIo {
  /** Project root (the command uses the working directory). */
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** The command: parses `argv`, runs, prints; returns the exit code. */
export async function runCliPathCommand(argv: readonly string[], io: CliPathIo): Promise<number> {
  const parsed = parseArguments(argv);
  if (parsed === "help") {
    io.out(HELP);
    return 0;
  }
  if (typeof parsed === "string") {
    io.err(`error: ${parsed}\nRun "npm run cli-path -- --help" for the arguments, options and exit codes.\n`);
    return 2;
  }
  const report = await runCliPath(io.cwd, parsed.stack, parsed.transpileOnly);
  io.out(renderReport(report));
  if (parsed.json !== undefined) {
    const file = path.resolve(io.cwd, parsed.json);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
  return exitCodeOf(report);
}

if (require.main === module) {
  runCliPathCommand(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
