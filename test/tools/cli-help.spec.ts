/**
 * Every command answers `--help` (and `-h`) with its usage on stdout and exit code 0, before doing anything else, and
 * rejects an unknown argument with exit code 2, naming it and pointing at `--help`.
 *
 * The `--help` runs spawn each command as package.json's script runs it (all at once, in `before`); the other cases
 * call the commands' entry points in-process.
 */
import { spawn } from "child_process";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runLintWorkflowsCli } from "../../tools/ci/lint-workflows";
import { runPlanSummaryCli } from "../../tools/ci/plan-summary";
import { runSwitchoverCli } from "../../tools/db/cli";
import type { SwitchoverDependencies } from "../../tools/db/switchover";
import { runPlanCli } from "../../tools/plan/cli";
import { runPolicyCli } from "../../tools/policy/cli";
import { parseBenchArguments, scriptArguments } from "../../tools/bench";

const ROOT = path.resolve(__dirname, "..", "..");

/** The arguments and options each command accepts, as its help must list them (at the start of a line). */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  plan: ["<stack>", "--json <file>", "-h, --help"],
  policy: ["--resources <file.json>", "--env <environment>", "-h, --help"],
  "db:switchover": [
    "--stack <stack>",
    "--to <region>",
    "--allow-data-loss",
    "--dry-run",
    "--timeout-minutes <n>",
    "--poll-seconds <n>",
    "-h, --help",
  ],
  "lint:workflows": ["-h, --help"],
  "plan:summary": ["<dir>", "-h, --help"],
  "cli-path": ["<stack>", "--typecheck", "--transpile-only", "--json <file>", "-h, --help"],
  bench: ["--runs <n>", "-h, --help"],
  "aws-enums": ["--check", "-h, --help"],
};

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How every script runs the project's TypeScript: Node.js with the project's loader preloaded. */
const TYPESCRIPT_SCRIPT = /^node --require \.\/tools\/register\.cjs tools\/\S+\.ts$/;

/** Runs package.json's script `name` as npm would (`node <its arguments> <argv>`), without npm's own start-up. */
function run(name: string, argv: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...scriptArguments(ROOT, name), ...argv], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The `--options` a one-line usage names. */
function optionsOf(usage: string): string[] {
  return [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])];
}

function capture() {
  const io = {
    stdout: "",
    stderr: "",
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}

describe("command help (--help, -h) and unknown arguments", () => {
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const helps = new Map<string, Exit>();

  before(async function () {
    this.timeout(60000);
    const names = Object.keys(COMMANDS);
    const exits = await Promise.all(names.map((name) => run(name, ["--help"])));
    names.forEach((name, i) => helps.set(name, exits[i]));
  });

  for (const [name, options] of Object.entries(COMMANDS)) {
    it(`npm run ${name} -- --help prints the usage with every option, exit codes and an example, and exits 0`, () => {
      const help = helps.get(name)!;
      expect(help.stderr, name).to.equal("");
      expect(help.code, name).to.equal(0);
      expect(help.stdout, name).to.match(new RegExp(`^npm run ${escape(name)}\\b`));
      for (const option of options) {
        expect(help.stdout, `${name}: ${option}`).to.match(new RegExp(`^ {2}${escape(option)}(\\s|$)`, "m"));
      }
      expect(help.stdout, name).to.match(/\nExit codes:\n {2}0 /);
      expect(help.stdout, name).to.match(
        new RegExp(`\nExample:\n {2}npm run (--silent )?${escape(name)}\\s`),
      );
    });
  }

  it("runs every command through the project's TypeScript loader (node --require ./tools/register.cjs)", () => {
    for (const name of Object.keys(COMMANDS)) {
      expect(scripts[name], name).to.match(TYPESCRIPT_SCRIPT);
    }
    for (const [name, script] of Object.entries(scripts)) {
      if (/\.ts\b/.test(script)) {
        expect(script, name).to.match(TYPESCRIPT_SCRIPT);
      }
    }
  });

  it("names in the help every option of the command's own usage line", async () => {
    // The usage line each command prints with an argument error.
    const plan = capture();
    await runPlanCli([], { cwd: ROOT, out: plan.out, err: plan.err });
    const policy = capture();
    await runPolicyCli([], { stdout: policy.out, stderr: policy.err, readFile: () => "[]" });
    const db = capture();
    await runSwitchoverCli([], ROOT, db);
    const summary = capture();
    runPlanSummaryCli([], summary);
    const usages: Record<string, string> = {
      plan: plan.stderr,
      policy: policy.stderr,
      "db:switchover": db.stderr,
      "plan:summary": summary.stderr,
    };
    expect(optionsOf(db.stderr)).to.deep.equal([
      "--stack",
      "--to",
      "--allow-data-loss",
      "--dry-run",
      "--timeout-minutes",
      "--poll-seconds",
      "--help",
    ]);
    for (const [name, usage] of Object.entries(usages)) {
      expect(usage, name).to.contain(`usage: npm run ${name} -- `);
      for (const option of optionsOf(usage)) {
        expect(helps.get(name)!.stdout, `${name}: ${option}`).to.match(
          new RegExp(`^ {2}(-h, )?${option}\\b`, "m"),
        );
      }
    }
  });

  it("answers -h like --help, before reading arguments, files or AWS", async () => {
    const plan = capture();
    expect(
      await runPlanCli(["no-such-stack", "-h"], { cwd: "/nonexistent", out: plan.out, err: plan.err }),
    ).to.equal(0);
    expect(plan.stdout).to.equal(helps.get("plan")!.stdout);

    const policy = capture();
    const unread = () => {
      throw new Error("read a file");
    };
    expect(
      await runPolicyCli(["--resources", "missing.json", "-h"], {
        stdout: policy.out,
        stderr: policy.err,
        readFile: unread,
      }),
    ).to.equal(0);
    expect(policy.stdout).to.equal(helps.get("policy")!.stdout);

    const db = capture();
    const noAws: SwitchoverDependencies = {
      rds: () => {
        throw new Error("called AWS");
      },
      log: unread,
      sleep: unread,
      now: unread,
    };
    expect(await runSwitchoverCli(["--stack", "nope", "-h"], "/nonexistent", db, noAws)).to.equal(0);
    expect(db.stdout).to.equal(helps.get("db:switchover")!.stdout);

    const lint = capture();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "cli-help-"));
    expect(await runLintWorkflowsCli(empty, lint, ["-h"])).to.equal(0);
    fs.rmSync(empty, { recursive: true, force: true });
    expect(lint.stdout).to.equal(helps.get("lint:workflows")!.stdout);

    const summary = capture();
    expect(runPlanSummaryCli(["-h"], summary)).to.equal(0);
    expect(summary.stdout).to.equal(helps.get("plan:summary")!.stdout);

    for (const io of [plan, policy, db, lint, summary]) {
      expect(io.stderr).to.equal("");
    }
  });

  it("rejects an unknown argument with exit code 2, naming it and pointing at --help", async () => {
    const policy = capture();
    expect(
      await runPolicyCli(["--resources", "r.json", "--verbose"], {
        stdout: policy.out,
        stderr: policy.err,
        readFile: () => "[]",
      }),
    ).to.equal(2);
    expect(policy.stderr).to.equal(
      'unknown argument "--verbose"\n' +
        "usage: npm run policy -- --resources <file.json> [--env <environment>]\n" +
        'Run "npm run policy -- --help" for the options and exit codes.\n',
    );

    const db = capture();
    expect(
      await runSwitchoverCli(["--stack", "prod-tokyo", "--to", "ap-east-2", "--force"], ROOT, db),
    ).to.equal(2);
    expect(db.stderr).to.equal(
      'unknown argument "--force"\n' +
        "usage: npm run db:switchover -- --stack <stack> --to <region> [--allow-data-loss] [--dry-run] " +
        "[--timeout-minutes <n>] [--poll-seconds <n>]\n" +
        'Run "npm run db:switchover -- --help" for the options and exit codes.\n',
    );

    const lint = capture();
    expect(await runLintWorkflowsCli(ROOT, lint, ["--fix"])).to.equal(2);
    expect(lint.stderr).to.equal(
      'unknown argument "--fix": npm run lint:workflows takes none\n' +
        'Run "npm run lint:workflows -- --help" for what it checks and its exit codes.\n',
    );

    for (const io of [policy, db, lint]) {
      expect(io.stdout).to.equal("");
    }
  });

  it("npm run bench: reads --runs, refuses what it does not know", () => {
    expect(parseBenchArguments([])).to.equal(5);
    expect(parseBenchArguments(["--runs", "3"])).to.equal(3);
    expect(parseBenchArguments(["--runs=2"])).to.equal(2);
    expect(parseBenchArguments(["-h"])).to.equal("help");
    expect(parseBenchArguments(["--runs", "0"])).to.deep.equal({
      error: "--runs needs a whole number of at least 1, got 0",
    });
    expect(parseBenchArguments(["--fast"])).to.deep.equal({ error: "unknown argument --fast" });
  });
});
