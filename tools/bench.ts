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
}

interface Sample {
  ms: number;
  /** Peak RSS of the largest process of the run, in KiB. */
  maxRssKiB: number;
}

interface Result {
  target: Target;
  samples: Sample[];
  failure?: string;
}

function parseRuns(argv: readonly string[]): number {
  const index = argv.findIndex((a) => a === "--runs" || a.startsWith("--runs="));
  if (index < 0) {
    return 5;
  }
  const raw = argv[index].includes("=") ? argv[index].split("=")[1] : argv[index + 1];
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs needs a whole number of at least 1, got ${raw ?? "nothing"}`);
  }
  return runs;
}

function measure(target: Target, root: string, scratch: string, run: number): Promise<Sample | string> {
  const rssFile = path.join(scratch, `${target.label.replace(/[^A-Za-z0-9-]+/g, "_")}-${run}.rss`);
  const env = { ...process.env, NODE_OPTIONS: `--require ${REPORTER}`, BENCH_MAXRSS_FILE: rssFile };
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, target.args, {
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
      const reported = fs.existsSync(rssFile)
        ? fs
            .readFileSync(rssFile, "utf8")
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => Number(line.split(" ")[1]))
        : [];
      if (reported.length === 0) {
        resolve("the child reported no memory usage");
        return;
      }
      resolve({ ms, maxRssKiB: Math.max(...reported) });
    });
  });
}

/** The node arguments of package.json's `plan` script, e.g. `--require ./tools/register.cjs tools/plan/cli.ts`. */
function planArguments(root: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.["plan"];
  const words = script?.trim().split(/\s+/) ?? [];
  if (words[0] !== "node" || words.length < 2 || words.some((w) => /["'`$\\|&;<>()]/.test(w))) {
    throw new Error(
      `package.json's plan script must be a plain "node <arguments>" command to be timed, got ${JSON.stringify(script)}`,
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
  const runs = parseRuns(process.argv.slice(2));
  const root = process.cwd();
  const stacks = listStacks(loadProject(root));
  const plan = planArguments(root);
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
  const targets = [load, ...plans, tests];

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
        const sample = await measure(target, root, scratch, run);
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

  const loadResult = results.get(load) as Result;
  const loadMs = loadResult.failure === undefined ? median(loadResult.samples.map((s) => s.ms)) : undefined;
  const loadRss =
    loadResult.failure === undefined ? median(loadResult.samples.map((s) => s.maxRssKiB)) : undefined;
  const rows: string[][] = [["target", "wall ms", "max RSS MiB", "time / load", "memory / load"]];
  for (const target of targets) {
    const result = results.get(target) as Result;
    if (result.failure !== undefined) {
      rows.push([target.label, "failed", "-", "-", "-"]);
      continue;
    }
    const ms = median(result.samples.map((s) => s.ms));
    const rss = median(result.samples.map((s) => s.maxRssKiB));
    const isPlan = target.stack !== undefined;
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

  const failures = [...results.values()].filter((r) => r.failure !== undefined);
  if (failures.length > 0) {
    process.stdout.write("\nNot measured:\n");
    for (const failure of failures) {
      process.stdout.write(`  ${failure.target.label}: ${failure.failure}\n`);
    }
  }

  const targetPlan = plans.find((p) => p.stack === TARGET_STACK);
  const targetResult = targetPlan === undefined ? undefined : results.get(targetPlan);
  process.stdout.write("\n");
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
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
