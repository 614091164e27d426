/**
 * `npm run bench [-- --runs N]`: how long the offline plan of each stack and the test suite take, and how much
 * memory they need, against the cost of merely loading `@pulumi/pulumi` and `@pulumi/aws` in a fresh Node.js
 * process. Every measurement is a child process; the table shows medians of N runs (default 5) of wall time and
 * peak resident memory (each child reports `process.resourceUsage().maxRSS` on exit through
 * tools/bench/maxrss-reporter.cjs). Target: the prod-taipei plan takes at most 3x the load time.
 *
 * A plan is timed as `npm run plan -- <stack>` runs it: the node arguments of package.json's `plan` script (without
 * npm's own start-up, which is not the plan's), output and all.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import type { CliPathReport } from "./langhost/cli";
import { listStacks, loadProject } from "./plan/project";

const TARGET_STACK = "prod-taipei";
const TARGET_RATIO = 3;
const REPORTER = path.join(__dirname, "bench", "maxrss-reporter.cjs");

interface Target {
  label: string;
  args: string[];
  /** Exit codes that still count as a successful measurement. */
  okCodes: number[];
  stack?: string;
  /** A CLI-path run: `args` end with `--json` and this file name is appended per run. */
  cliPathJson?: boolean;
}

interface Sample {
  ms: number;
  /** Peak RSS of the largest process of the run, in KiB. */
  maxRssKiB: number;
  /** Peak RSS in KiB of every process of the run (the measured one and its children), by process id. */
  rssByPid: Map<number, number>;
  /** When each process had loaded the program's entry point (ms after it started), by process id, if it did. */
  entryLoadedByPid: Map<number, number>;
  /** What a CLI-path run reported about itself (`--json`). */
  cliPath?: CliPathReport;
}

interface Result {
  target: Target;
  samples: Sample[];
  failure?: string;
}

export const HELP = `npm run bench [-- --runs <n>]

Measures, in child processes, the wall time and peak memory of: loading @pulumi/pulumi and @pulumi/aws, the
offline plan of every stack (as package.json's plan script runs it), the test suite, and prod-taipei through the
Pulumi CLI's code paths (npm run cli-path: the program and each policy pack in its own process), transpile-only as
CI runs it and type-checked as a user's preview does. Prints medians and checks the targets: the prod-taipei plan
at most 3x the SDK load; a preview (program + packs) starting within 2x the plan's time in at most 2 GiB.

Options:
  --runs <n>   runs of every measurement (default 5); medians are reported
  -h, --help   print this help and exit

Exit codes:
  0  measured, every target met
  1  a measurement failed or a target was not met
  2  bad arguments

Example:
  npm run bench -- --runs 3
`;

/** `--runs` (default 5), "help", or an argument error. */
export function parseBenchArguments(argv: readonly string[]): number | "help" | { error: string } {
  let runs = 5;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      return "help";
    }
    if (arg === "--runs" || arg.startsWith("--runs=")) {
      const raw = arg.includes("=") ? arg.slice("--runs=".length) : argv[++i];
      runs = Number(raw);
      if (raw === undefined || raw === "" || !Number.isInteger(runs) || runs < 1) {
        return { error: `--runs needs a whole number of at least 1, got ${raw ?? "nothing"}` };
      }
    } else {
      return { error: `unknown argument ${arg}` };
    }
  }
  return runs;
}

function measure(
  target: Target,
  root: string,
  entry: string,
  scratch: string,
  run: number,
): Promise<Sample | string> {
  const base = path.join(scratch, `${target.label.replace(/[^A-Za-z0-9-]+/g, "_")}-${run}`);
  const rssFile = `${base}.rss`;
  const jsonFile = `${base}.json`;
  const args = target.cliPathJson === true ? [...target.args, jsonFile] : target.args;
  const env = {
    ...process.env,
    NODE_OPTIONS: `--require ${REPORTER}`,
    BENCH_MAXRSS_FILE: rssFile,
    BENCH_ENTRY: entry,
  };
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", (err) => resolve(`could not start: ${err.message}`));
    child.on("close", (code) => {
      const ms = performance.now() - started;
      if (code === null || !target.okCodes.includes(code)) {
        const firstLine = stderr
          .split("\n")
          .find((line) => line.trim() !== "" && !line.startsWith("npm warn"));
        resolve(`exit ${code ?? "signal"}${firstLine === undefined ? "" : `: ${firstLine.trim()}`}`);
        return;
      }
      const reports = fs.existsSync(rssFile)
        ? fs
            .readFileSync(rssFile, "utf8")
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => line.split(" "))
        : [];
      const rssByPid = new Map(reports.map(([pid, rss]) => [Number(pid), Number(rss)]));
      const entryLoadedByPid = new Map(
        reports
          .filter(([, , loaded]) => loaded !== "-")
          .map(([pid, , loaded]) => [Number(pid), Number(loaded)]),
      );
      if (rssByPid.size === 0) {
        resolve("the child reported no memory usage");
        return;
      }
      const cliPath =
        target.cliPathJson === true && fs.existsSync(jsonFile)
          ? (JSON.parse(fs.readFileSync(jsonFile, "utf8")) as CliPathReport)
          : undefined;
      if (target.cliPathJson === true && cliPath === undefined) {
        resolve("the CLI-path run wrote no report");
        return;
      }
      resolve({
        ms,
        maxRssKiB: Math.max(...rssByPid.values()),
        rssByPid,
        entryLoadedByPid,
        ...(cliPath === undefined ? {} : { cliPath }),
      });
    });
  });
}

/** The node arguments of a package.json script, e.g. `plan`: `--require ./tools/register.cjs tools/plan/cli.ts`. */
export function scriptArguments(root: string, name: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.[name];
  const words = script?.trim().split(/\s+/) ?? [];
  if (words[0] !== "node" || words.length < 2 || words.some((w) => /["'`$\\|&;<>()]/.test(w))) {
    throw new Error(
      `package.json's ${name} script must be a plain "node <arguments>" command to be timed, got ${JSON.stringify(script)}`,
    );
  }
  return words.slice(1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join("  "),
  );
}

async function main(): Promise<number> {
  const parsed = parseBenchArguments(process.argv.slice(2));
  if (parsed === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (typeof parsed !== "number") {
    process.stderr.write(
      `error: ${parsed.error}\nRun "npm run bench -- --help" for the options and exit codes.\n`,
    );
    return 2;
  }
  const runs = parsed;
  const root = process.cwd();
  const targets = benchTargets(root);
  // The program's entry point (package.json "main"), whose loading ends a run's start-up.
  const entry = path.resolve(
    root,
    (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { main: string }).main,
  );
  const results = await measureRounds(targets.all, runs, root, entry);
  const loadMs = reportMedians(targets, results, runs);
  const failures = reportFailures(results);
  const planMs = medianMs(targets.targetPlan === undefined ? undefined : results.get(targets.targetPlan));
  // The targets hold for the preview as CI runs it (transpile-only after the type check); a user's type-checked
  // preview is shown beside it.
  const cliPathVerdicts = targets.cliPaths.map((target, index) =>
    reportCliPath(results.get(target) as Result, planMs, index === 0),
  );
  process.stdout.write("\n");
  const planVerdict = reportPlanTarget(
    targets.targetPlan === undefined ? undefined : results.get(targets.targetPlan),
    loadMs,
  );
  if (planVerdict !== undefined) {
    return planVerdict;
  }
  return failures.length > 0 || cliPathVerdicts.includes(false) ? 1 : 0;
}

/** What the bench measures, in the order it measures them within a round. */
interface BenchTargets {
  /** Loading @pulumi/pulumi and @pulumi/aws: the unit of the plan's target. */
  load: Target;
  /** The plan of TARGET_STACK, when the project has that stack. */
  targetPlan?: Target;
  /** TARGET_STACK through the Pulumi CLI's code paths: transpile-only (CI), then type-checked (a user's preview). */
  cliPaths: Target[];
  all: Target[];
}

function benchTargets(root: string): BenchTargets {
  const stacks = listStacks(loadProject(root));
  const plan = scriptArguments(root, "plan");
  const cliPath = scriptArguments(root, "cli-path");
  const mocha = path.join(
    path.dirname(require.resolve("mocha/package.json", { paths: [root] })),
    "bin",
    "mocha.js",
  );

  const load: Target = {
    label: "load @pulumi/pulumi + @pulumi/aws",
    args: ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws");'],
    okCodes: [0],
  };
  const plans: Target[] = stacks.map((stack) => ({
    label: `plan ${stack}`,
    args: [...plan, stack],
    // 1 = a mandatory policy failed: the plan itself ran.
    okCodes: [0, 1],
    stack,
  }));
  const tests: Target = { label: "test suite (mocha)", args: [mocha], okCodes: [0] };
  // The stack as `pulumi preview --policy-pack …` runs it: as CI's CLI steps do (transpile-only after the type check)
  // and as a user's preview does by default (ts-node type-checks the program).
  const cliPaths: Target[] = stacks.includes(TARGET_STACK)
    ? [
        {
          label: `CLI path ${TARGET_STACK}, transpile-only`,
          args: [...cliPath, TARGET_STACK, "--transpile-only", "--json"],
          okCodes: [0, 1],
          stack: TARGET_STACK,
          cliPathJson: true,
        },
        {
          label: `CLI path ${TARGET_STACK}, type-checked`,
          args: [...cliPath, TARGET_STACK, "--typecheck", "--json"],
          okCodes: [0, 1],
          stack: TARGET_STACK,
          cliPathJson: true,
        },
      ]
    : [];
  const targetPlan = plans.find((p) => p.stack === TARGET_STACK);
  return {
    load,
    ...(targetPlan === undefined ? {} : { targetPlan }),
    cliPaths,
    all: [load, ...plans, tests, ...cliPaths],
  };
}

/** Runs every target `runs` times; a target that fails once is not run again. */
async function measureRounds(
  targets: readonly Target[],
  runs: number,
  root: string,
  entry: string,
): Promise<Map<Target, Result>> {
  process.stdout.write(`Measuring ${targets.length} targets, ${runs} run(s) each, in ${root}:\n`);
  for (const target of targets) {
    process.stdout.write(
      `  ${target.label}: node ${target.args.map((a) => (path.isAbsolute(a) ? path.relative(root, a) : JSON.stringify(a))).join(" ")}\n`,
    );
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const results = new Map<Target, Result>(targets.map((t) => [t, { target: t, samples: [] }]));
  try {
    // Rounds interleave the targets so that drift (thermal, caches) spreads evenly over them.
    for (let run = 0; run < runs; run++) {
      for (const target of targets) {
        const result = results.get(target) as Result;
        if (result.failure !== undefined) {
          continue;
        }
        const sample = await measure(target, root, entry, scratch, run);
        if (typeof sample === "string") {
          result.failure = sample;
        } else {
          result.samples.push(sample);
        }
      }
      process.stdout.write(`  round ${run + 1}/${runs} done\n`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return results;
}

/** The median wall time of a measured target; undefined when it was not measured or failed. */
function medianMs(result: Result | undefined): number | undefined {
  return result === undefined || result.failure !== undefined
    ? undefined
    : median(result.samples.map((s) => s.ms));
}

/** Prints the medians of every target, plans relative to the load; returns the load's median time. */
function reportMedians(
  targets: BenchTargets,
  results: ReadonlyMap<Target, Result>,
  runs: number,
): number | undefined {
  const loadResult = results.get(targets.load) as Result;
  const loadMs = medianMs(loadResult);
  const loadRss =
    loadResult.failure === undefined ? median(loadResult.samples.map((s) => s.maxRssKiB)) : undefined;
  const rows: string[][] = [["target", "wall ms", "max RSS MiB", "time / load", "memory / load"]];
  for (const target of targets.all) {
    const result = results.get(target) as Result;
    if (result.failure !== undefined) {
      rows.push([target.label, "failed", "-", "-", "-"]);
      continue;
    }
    const ms = median(result.samples.map((s) => s.ms));
    const rss = median(result.samples.map((s) => s.maxRssKiB));
    const isPlan = target.stack !== undefined && target.cliPathJson !== true;
    rows.push([
      target.label,
      ms.toFixed(0),
      (rss / 1024).toFixed(1),
      isPlan && loadMs !== undefined ? (ms / loadMs).toFixed(2) : "-",
      isPlan && loadRss !== undefined ? (rss / loadRss).toFixed(2) : "-",
    ]);
  }
  process.stdout.write(`\nMedians of ${runs} run(s) (node ${process.version}, ${os.cpus().length} CPUs)\n`);
  process.stdout.write(`${table(rows).join("\n")}\n`);
  return loadMs;
}

/** Prints the targets that could not be measured, and returns them. */
function reportFailures(results: ReadonlyMap<Target, Result>): Result[] {
  const failures = [...results.values()].filter((r) => r.failure !== undefined);
  if (failures.length > 0) {
    process.stdout.write("\nNot measured:\n");
    for (const failure of failures) {
      process.stdout.write(`  ${failure.target.label}: ${failure.failure}\n`);
    }
  }
  return failures;
}

/**
 * Prints the plan's verdict: TARGET_STACK's plan against TARGET_RATIO times the load. Returns the bench's exit code
 * when the verdict decides it (no such stack: 0; not measurable: 1), else undefined.
 */
function reportPlanTarget(targetResult: Result | undefined, loadMs: number | undefined): number | undefined {
  if (targetResult === undefined) {
    process.stdout.write(
      `Target: no Pulumi.${TARGET_STACK}.yaml, so the ${TARGET_STACK} plan was not measured.\n`,
    );
    return 0;
  }
  if (targetResult.failure !== undefined || loadMs === undefined) {
    process.stdout.write(`Target: the ${TARGET_STACK} plan/load ratio could not be measured.\n`);
    return 1;
  }
  const ratio = median(targetResult.samples.map((s) => s.ms)) / loadMs;
  const meets = ratio <= TARGET_RATIO;
  process.stdout.write(
    `Target: ${TARGET_STACK} plan/load = ${ratio.toFixed(2)} ` +
      `${meets ? "meets" : "does NOT meet"} the target ratio <= ${TARGET_RATIO}.\n`,
  );
  return undefined;
}

const MIB = 1024;
/** A preview (program and packs) must fit in this much memory… */
const CLI_PATH_MEMORY_TARGET_MIB = 2048;
/** …and start in at most this many times the offline plan's time. */
const CLI_PATH_STARTUP_TARGET_RATIO = 2;

/**
 * The CLI path's processes: the program and each pack, with start-up and peak memory (medians over the runs), and
 * the preview's totals against the targets. The program's start-up ends when it has loaded its entry point (SDK,
 * ts-node, every module of the program), a pack's when it serves; they start side by side, so a preview has started
 * when the slowest of them has, and needs the sum of their peaks. Returns whether both targets were met (true when
 * nothing was measured).
 */
function reportCliPath(result: Result, planMs: number | undefined, enforce: boolean): boolean {
  if (result.failure !== undefined || result.samples.length === 0) {
    return true;
  }
  const reports = result.samples.map((s) => s.cliPath as CliPathReport);
  const rssOf = (sample: Sample, pid: number | undefined) =>
    pid === undefined ? 0 : (sample.rssByPid.get(pid) ?? 0);
  const programStartup = (sample: Sample, report: CliPathReport) =>
    (report.program.pid === undefined ? undefined : sample.entryLoadedByPid.get(report.program.pid)) ??
    report.program.durationMs;
  const rows: string[][] = [["process", "start-up ms", "run ms", "peak RSS MiB"]];
  rows.push([
    `program (${reports[0].program.typeChecked ? "type-checked" : "transpile-only"})`,
    median(result.samples.map((s, i) => programStartup(s, reports[i]))).toFixed(0),
    median(reports.map((r) => r.program.durationMs)).toFixed(0),
    (median(result.samples.map((s, i) => rssOf(s, reports[i].program.pid))) / MIB).toFixed(1),
  ]);
  reports[0].packs.forEach((pack, index) => {
    rows.push([
      `pack ${pack.name}`,
      median(reports.map((r) => r.packs[index].startupMs)).toFixed(0),
      "-",
      (median(result.samples.map((s, i) => rssOf(s, reports[i].packs[index].pid))) / MIB).toFixed(1),
    ]);
  });
  const startupMs = median(
    result.samples.map((s, i) =>
      Math.max(programStartup(s, reports[i]), ...reports[i].packs.map((p) => p.startupMs)),
    ),
  );
  const memoryMib =
    median(
      result.samples.map(
        (s, i) =>
          rssOf(s, reports[i].program.pid) + reports[i].packs.reduce((sum, p) => sum + rssOf(s, p.pid), 0),
      ),
    ) / MIB;
  process.stdout.write(`\n${result.target.label}: the program and every pack, each in its own process\n`);
  process.stdout.write(`${table(rows).join("\n")}\n`);
  const startupRatio = planMs === undefined ? undefined : startupMs / planMs;
  const meetsStartup = startupRatio === undefined || startupRatio <= CLI_PATH_STARTUP_TARGET_RATIO;
  const meetsMemory = memoryMib <= CLI_PATH_MEMORY_TARGET_MIB;
  if (!enforce) {
    process.stdout.write(
      `Preview (program + ${reports[0].packs.length} packs): start-up ${startupMs.toFixed(0)} ms` +
        (startupRatio === undefined ? "" : ` = ${startupRatio.toFixed(2)}x the offline plan`) +
        `, memory ${memoryMib.toFixed(0)} MiB (for comparison: the targets apply to CI's transpile-only preview)\n`,
    );
    return true;
  }
  process.stdout.write(
    `Preview (program + ${reports[0].packs.length} packs): start-up ${startupMs.toFixed(0)} ms` +
      (startupRatio === undefined ? "" : ` = ${startupRatio.toFixed(2)}x the offline plan`) +
      ` (target <= ${CLI_PATH_STARTUP_TARGET_RATIO}x: ${meetsStartup ? "met" : "NOT met"}), ` +
      `memory ${memoryMib.toFixed(0)} MiB (target <= ${CLI_PATH_MEMORY_TARGET_MIB}: ${meetsMemory ? "met" : "NOT met"})\n`,
  );
  return meetsStartup && meetsMemory;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
