/**
 * Runs a stack's program the way `pulumi preview` runs it through the Node.js language host
 * (pulumi-language-nodejs `Run`, pkg/engine `getPwdMain`), with only the engine replaced: the offline plan's mocks
 * answer the resource monitor (engine.ts). So the program process is the real one: `node <@pulumi/pulumi/cmd/run>`
 * with the host's arguments, environment (`PULUMI_CONFIG`, `PULUMI_NODEJS_TYPESCRIPT`, the `tsconfig` and
 * `nodeargs` runtime options) and working directory, the SDK's own ts-node registration (type-checked unless
 * `PULUMI_NODEJS_TRANSPILE_ONLY=true`), entry-point resolution and error reporting. What the program logs arrives as
 * the CLI would print it.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { installPlanMocks, planResourceOf } from "../plan/mocks";
import {
  loadProject,
  loadStackConfig,
  PulumiProject,
  resolveProgramEntry,
  StackSettings,
} from "../plan/project";
import type { PlanResource } from "../plan/model";
import { mockEnvironmentOf, referencedStacks } from "../plan/run";
import { Diagnostic, MonitorLike, startEngine } from "./engine";

/** Exit code of a program process that already reported its error (the SDK's and the host's convention). */
export const EXITED_AFTER_REPORTING = 32;

export interface ProgramRunOptions {
  /** Project root (the folder of Pulumi.yaml). */
  readonly root: string;
  readonly stack: string;
  /**
   * `PULUMI_NODEJS_TRANSPILE_ONLY` for the program process: true skips ts-node's type check, false forces it;
   * undefined leaves the variable as this process has it (unset: ts-node type-checks, as for a user's preview).
   */
  readonly transpileOnly?: boolean;
  /** Config values that replace the stack file's, by full key (e.g. a broken `platform:network`, in tests). */
  readonly configOverrides?: Readonly<Record<string, string>>;
  /** More environment for the program process (e.g. the bench's memory reporter). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills the program after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

/** Where and how the language host starts the program. */
export interface ProgramLaunch {
  /** The process's working directory after `--pwd`: the project root, or `main` (its folder if it is a file). */
  readonly programDirectory: string;
  /** The host's entry point argument: `.` (the folder, then package.json decides) or the file `main` names. */
  readonly entryPoint: string;
  /** The node command line after the node executable. */
  readonly args: readonly string[];
  /** Environment variables the host adds to its own environment. */
  readonly env: Readonly<Record<string, string>>;
}

export interface ProgramRunResult {
  readonly launch: ProgramLaunch;
  /** The program process's id. */
  readonly pid: number | undefined;
  /** Whether ts-node type-checked the program (TypeScript on, and `PULUMI_NODEJS_TRANSPILE_ONLY` not "true"). */
  readonly typeChecked: boolean;
  /** The program process's exit code (null if it was killed). */
  readonly exitCode: number | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly stdout: string;
  readonly stderr: string;
  /** What the program registered, in order, as the offline plan records it. */
  readonly resources: readonly PlanResource[];
  /** The stack's outputs as registered (secrets "[secret]"). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** From start to exit of the program process. */
  readonly durationMs: number;
}

/** The error lines the CLI would print for this run (`error: …`), its diagnostics of severity error. */
export function errorsOf(result: ProgramRunResult): string[] {
  return result.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
}

/** `getPwdMain` of the Pulumi engine: the program's folder and the entry point the host passes. */
export function programLocation(project: PulumiProject): { programDirectory: string; entryPoint: string } {
  if (project.main === undefined) {
    return { programDirectory: project.root, entryPoint: "." };
  }
  const main = path.resolve(project.root, project.main);
  if (!fs.existsSync(main)) {
    throw new Error(`project 'main' could not be read: ${main} does not exist`);
  }
  return fs.statSync(main).isDirectory()
    ? { programDirectory: main, entryPoint: "." }
    : { programDirectory: path.dirname(main), entryPoint: path.basename(main) };
}

/** The host's config variable: every key as `<namespace>:config:<name>`, the form it hands to Node.js programs. */
export function configVariable(config: Readonly<Record<string, string>>): string {
  const transformed: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const colon = key.indexOf(":");
    transformed[colon < 0 ? key : `${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
  }
  return JSON.stringify(transformed);
}

/** The language host's command line and environment for one preview of `settings` (`constructArguments`). */
export function programLaunch(
  project: PulumiProject,
  settings: StackSettings,
  addresses: { monitor: string; engine: string },
): ProgramLaunch {
  const { programDirectory, entryPoint } = programLocation(project);
  // The host finds the SDK's runner from the program's folder (`locateModule`), as Node.js would.
  const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
  const options = project.runtimeOptions;
  const env: Record<string, string> = {
    PULUMI_CONFIG: configVariable(settings.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(settings.secretKeys),
  };
  // `typescript` defaults to true (parseOptions).
  if (options["typescript"] !== false) {
    env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  }
  if (typeof options["tsconfig"] === "string" && options["tsconfig"] !== "") {
    env["PULUMI_NODEJS_TSCONFIG_PATH"] = options["tsconfig"];
  }
  const nodeargs =
    typeof options["nodeargs"] === "string" ? options["nodeargs"].split(/\s+/).filter(Boolean) : [];
  return {
    programDirectory,
    entryPoint,
    args: [
      ...nodeargs,
      runPath,
      "--monitor",
      addresses.monitor,
      "--engine",
      addresses.engine,
      "--project",
      project.name,
      "--root-directory",
      project.root,
      "--stack",
      settings.stack,
      "--pwd",
      programDirectory,
      "--dry-run",
      "--parallel",
      "16",
      entryPoint,
    ],
    env,
  };
}

/** Previews `options.stack` through the language host's path; see the file comment. */
export async function runProgramAsTheCli(options: ProgramRunOptions): Promise<ProgramRunResult> {
  const project = loadProject(options.root);
  const loaded = loadStackConfig(project, options.stack);
  const settings: StackSettings = { ...loaded, config: { ...loaded.config, ...options.configOverrides } };
  // A secondary's StackReference reads its primary's outputs, planned offline first.
  const referenced = await referencedStacks(
    project,
    resolveProgramEntry(project.root, project.main),
    settings,
  );
  const recorder = installPlanMocks(mockEnvironmentOf(project, settings, referenced, true));
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const engine = await startEngine(monitor);
  try {
    const launch = programLaunch(project, settings, {
      monitor: engine.monitorAddress,
      engine: engine.engineAddress,
    });
    const env: Record<string, string | undefined> = { ...process.env, ...launch.env, ...options.env };
    if (options.transpileOnly !== undefined) {
      env["PULUMI_NODEJS_TRANSPILE_ONLY"] = String(options.transpileOnly);
    }
    const started = performance.now();
    const exit = await run(launch.args, project.root, env, options.timeoutMs ?? 600_000);
    const durationMs = performance.now() - started;
    await recorder.settled();
    return {
      launch,
      pid: exit.pid,
      // The SDK's rule (cmd/run/run.ts): the variable decides when set, else tsconfig's `noCheck`, which we never set.
      typeChecked:
        env["PULUMI_NODEJS_TYPESCRIPT"] === "true" && env["PULUMI_NODEJS_TRANSPILE_ONLY"] !== "true",
      exitCode: exit.code,
      diagnostics: [...engine.diagnostics],
      stdout: exit.stdout,
      stderr: exit.stderr,
      resources: recorder.resources.filter((r) => r.urn !== "").map(planResourceOf),
      outputs: recorder.stackOutputs()?.redacted ?? {},
      durationMs,
    };
  } finally {
    await engine.close();
  }
}

function run(
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<{ code: number | null; pid: number | undefined; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, pid: child.pid, stdout, stderr });
    });
  });
}
