/**
 * Runs one stack of the project in-process under the plan mocks, the way `pulumi preview` would run it: config
 * from the stack file, the real program entry point called inside the root `pulumi:pulumi:Stack` resource, and the
 * stack's outputs as the engine would receive them. A secondary stack's primary is planned first, in the same
 * process, and its outputs feed the `StackReference`.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REGION_AZ_LETTERS } from "../../stacks/regions";
import { installPlanMocks, PlanRecorder, planResourceOf, type MockEnvironment } from "./mocks";
import type { PlanResource, PlanResourceLike, PolicyResult, StackPlan } from "./model";
import {
  ProjectError,
  ensureTypeScriptHook,
  loadProject,
  loadStackConfig,
  policyEnvironmentOf,
  PulumiProject,
  resolveProgramEntry,
  stackFileOf,
  StackSettings,
} from "./project";

// The specs under test/stacks import these from here; new code imports them from the plan's model.

export interface PlanOptions {
  /** Evaluate the policy packs over the planned resources (default true). */
  readonly policies?: boolean;
  /**
   * Where the policy packs are evaluated instead of in this thread after the run: fed each resource of the stack as
   * soon as it has registered, then the final list (the CLI's policy thread, tools/policy/thread.ts). Its results
   * must be those of `evaluatePolicyPacks` over the final list.
   */
  readonly policyEvaluator?: PolicyEvaluator;
}

/** A policy evaluation fed while the program runs (see `PlanOptions.policyEvaluator`). */
export interface PolicyEvaluator {
  add(resource: PlanResourceLike): void;
  finish(resources: readonly PlanResourceLike[]): Promise<PolicyResult[]>;
}

/** What `planStack` returns: the plan (what `--json` writes), and what the CLI would warn about. */
export interface PlannedStack {
  plan: StackPlan;
  /** Things the CLI would warn about (an entry point fallback, ESC environments), the primary's too; not in the plan. */
  warnings: string[];
}

/** One planned stack with what another in-process run needs from it. */
interface StackRun {
  plan: StackPlan;
  /** Outputs with secrets unwrapped: only ever fed to a StackReference of a later run, never printed. */
  plainOutputs: Record<string, unknown>;
  secretOutputNames: string[];
  warnings: string[];
}

/**
 * Plans `stack` of the project at `projectRoot`. When the stack's config names a primary
 * (`<project>:primaryStack`, e.g. `platform:primaryStack: kimkao/platform/prod-taipei`), that stack is planned
 * first and its outputs are what the StackReference of that exact name reads.
 */
export async function planStack(
  projectRoot: string,
  stack: string,
  options: PlanOptions = {},
): Promise<PlannedStack> {
  const project = loadProject(projectRoot);
  const warnings: string[] = [];
  const entry = resolveProgramEntry(project.root, project.main, warnings);
  const policies = (options.policies ?? true) && fs.existsSync(path.join(project.root, "policy-packs"));
  const run = await runStack(project, entry, stack, [], policies ? options.policyEvaluator : undefined);
  if (policies) {
    run.plan.policyResults = await evaluatePolicies(
      project,
      stack,
      run.plan.resources,
      options.policyEvaluator,
    );
  }
  return { plan: run.plan, warnings: [...warnings, ...run.warnings] };
}

/**
 * The project's packs over the planned resources, as the engine runs them at `pulumi preview --policy-pack`, with
 * the pack config of the stack's environment: by the evaluator that was fed while the program ran, else here.
 */
async function evaluatePolicies(
  project: PulumiProject,
  stack: string,
  resources: readonly PlanResource[],
  evaluator: PolicyEvaluator | undefined,
): Promise<PolicyResult[]> {
  if (evaluator !== undefined) {
    return evaluator.finish(resources);
  }
  // Loaded only here: @pulumi/policy and the packs are a good part of the plan's start-up.
  const { evaluatePolicyPacks } = Module.createRequire(__filename)(
    "../policy/evaluate",
  ) as typeof import("../policy/evaluate");
  const environment = policyEnvironmentOf(project, loadStackConfig(project, stack));
  return evaluatePolicyPacks(resources, { environment });
}

/** Plans one stack of the chain: its primary first, then its program under fresh mocks. */
async function runStack(
  project: PulumiProject,
  entry: string,
  stack: string,
  chain: string[],
  policyEvaluator?: PolicyEvaluator,
): Promise<StackRun> {
  const settings = loadStackConfig(project, stack);
  const referenced = await referencedStacks(project, entry, settings, chain);
  const recorder = installPlanMocks(mockEnvironmentOf(project, settings, referenced));
  if (policyEvaluator !== undefined) {
    streamRegistrations(recorder, policyEvaluator);
  }
  await runProgram(entry, recorder);
  return collect(project, settings, recorder, [...settings.warnings, ...referenced.warnings]);
}

/**
 * What the mocks answer one stack with: its project, config, the outputs of the stacks it references and the
 * project's regions with their zones (stacks/regions.ts: the mocks import nothing of the program). The CLI-path run
 * (tools/langhost) answers its program with the same, as a preview (`preview: true`).
 */
export function mockEnvironmentOf(
  project: PulumiProject,
  settings: StackSettings,
  referenced: ReferencedStacks,
  preview?: boolean,
): MockEnvironment {
  return {
    project: project.name,
    stack: settings.stack,
    config: settings.config,
    secretKeys: settings.secretKeys,
    stackOutputs: referenced.stackOutputs,
    stackSecretOutputs: referenced.stackSecretOutputs,
    regions: REGION_AZ_LETTERS,
    ...(preview === undefined ? {} : { preview }),
  };
}

/**
 * Runs the program like the language host, inside the root stack resource, and waits until every registration it
 * started has completed; throws the first failure: an unhandled rejection, or a mocked operation that failed.
 */
async function runProgram(entry: string, recorder: PlanRecorder): Promise<void> {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    rejections.push(reason);
  };
  process.on("unhandledRejection", onRejection);
  const sourceMaps = process.sourceMapsEnabled;
  const restorePromiseDebugging = withoutLeakStacks();
  try {
    try {
      await pulumi.runtime.runInPulumiStack(async () => {
        // Like the language host: load the entry inside the stack, then call an exported function.
        const programExport = loadProgram(entry);
        // The SDK formats a stack trace for every resource and promise it tracks; mapping each through source
        // maps costs more than the rest of the run. The program's modules are compiled by now (their maps are
        // cached), so an error it throws is still mapped when printed after the run.
        process.setSourceMapsEnabled(false);
        return programExport instanceof Function ? programExport() : programExport;
      });
    } finally {
      // Leave nothing in flight for the next run, also when the program failed.
      await recorder.settled().catch((err: unknown) => {
        rejections.push(err);
      });
      process.setSourceMapsEnabled(sourceMaps);
    }
  } finally {
    process.off("unhandledRejection", onRejection);
    restorePromiseDebugging();
  }
  const failure = rejections[0] ?? recorder.errors[0];
  if (failure !== undefined) {
    throw failure;
  }
}

/** What the StackReferences of one stack read: the planned outputs of the primary it names, if any. */
export interface ReferencedStacks {
  /** Outputs by the exact name the StackReference is given (`platform:primaryStack`), secrets unwrapped. */
  stackOutputs: Record<string, Record<string, unknown>>;
  /** Names of the outputs that are secrets, by the same name. */
  stackSecretOutputs: Record<string, string[]>;
  warnings: string[];
}

/**
 * Plans the primary that `settings` names (`<project>:primaryStack`), recursively and in this process, and returns
 * its outputs for the StackReference of that exact name. A stack with no primary references nothing.
 */
export async function referencedStacks(
  project: PulumiProject,
  entry: string,
  settings: StackSettings,
  chain: string[] = [],
): Promise<ReferencedStacks> {
  const referenced: ReferencedStacks = { stackOutputs: {}, stackSecretOutputs: {}, warnings: [] };
  const primaryKey = `${project.name}:primaryStack`;
  const primaryName = settings.config[primaryKey];
  if (primaryName === undefined || primaryName === "") {
    return referenced;
  }
  const primaryShort = primaryName.split("/").pop() ?? primaryName;
  if (primaryShort === settings.stack || chain.includes(primaryShort)) {
    throw new ProjectError(
      `${primaryKey} of stack ${settings.stack} leads back to ${primaryShort}: ` +
        `the stack graph must be acyclic (${[...chain, settings.stack, primaryShort].join(" -> ")})`,
    );
  }
  if (stackFileOf(project, primaryShort) === undefined) {
    throw new ProjectError(
      `${primaryKey} of stack ${settings.stack} is ${primaryName}, but there is no Pulumi.${primaryShort}.yaml ` +
        `to plan it from in ${project.stackConfigDir}`,
    );
  }
  const primary = await runStack(project, entry, primaryShort, [...chain, settings.stack]);
  referenced.stackOutputs[primaryName] = primary.plainOutputs;
  referenced.stackSecretOutputs[primaryName] = primary.secretOutputNames;
  referenced.warnings.push(...primary.warnings);
  return referenced;
}

/** The runtime's promise bookkeeping (runtime/debuggable.js, internal to @pulumi/pulumi). */
interface DebuggableModule {
  debugPromiseLeaks?: boolean;
  debuggablePromise?: (...args: unknown[]) => unknown;
}

/**
 * The runtime records `new Error().stack` on each of the ~17,000 promises a plan creates, only to print it for a
 * promise still pending at exit when PULUMI_DEBUG_PROMISE_LEAKS is set; formatting those stacks took a sixth of the
 * plan. Unless that variable is set, the stacks are recorded empty for the run (leaks are still detected and
 * reported, and errors keep their stacks). Returns what undoes it.
 */
function withoutLeakStacks(): () => void {
  const debuggable = Module.createRequire(require.resolve("@pulumi/pulumi"))(
    "./runtime/debuggable",
  ) as DebuggableModule;
  const original = debuggable.debuggablePromise;
  if (debuggable.debugPromiseLeaks === true || typeof original !== "function") {
    return () => undefined;
  }
  debuggable.debuggablePromise = function debuggablePromise(this: unknown, ...args: unknown[]) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original.apply(this, args);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  return () => {
    debuggable.debuggablePromise = original;
  };
}

type MonitorCall = (request: unknown, callback: (...response: unknown[]) => void) => unknown;

/**
 * Hands each resource to the policy evaluator as soon as it has registered (its URN is known), in registration
 * order, so that its analysis runs on the policy thread while the program goes on: the monitor's answers to
 * registrations are wrapped (after the recorder's, which fill the record in). What is not handed over, the evaluator
 * takes from the final list.
 */
function streamRegistrations(recorder: PlanRecorder, evaluator: PolicyEvaluator): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, MonitorCall> | undefined;
  if (monitor === undefined) {
    return;
  }
  let streamed = 0;
  let failed = false;
  const stream = () => {
    const resources = recorder.resources;
    try {
      while (!failed && streamed < resources.length && resources[streamed].urn !== "") {
        evaluator.add(planResourceOf(resources[streamed]));
        streamed++;
      }
    } catch {
      // Never let the hand-over disturb the program: the evaluator gets the rest with the final list.
      failed = true;
    }
  };
  for (const method of ["registerResource", "readResource"]) {
    if (typeof monitor[method] !== "function") {
      continue;
    }
    const call = monitor[method].bind(monitor);
    monitor[method] = (request, callback) =>
      call(request, (...response) => {
        stream();
        callback(...response);
      });
  }
}

function loadProgram(entry: string): unknown {
  ensureTypeScriptHook();
  return Module.createRequire(__filename)(entry) as unknown;
}

/** The plan of one run, with what a later run's StackReference needs: the outputs unredacted. */
function collect(
  project: PulumiProject,
  settings: StackSettings,
  recorder: PlanRecorder,
  warnings: string[],
): StackRun {
  const outputs = recorder.stackOutputs();
  return {
    plan: {
      stack: settings.stack,
      project: project.name,
      region: settings.config["aws:region"] ?? "",
      resources: recorder.resources.map(planResourceOf),
      outputs: outputs?.redacted ?? {},
      policyResults: [],
    },
    plainOutputs: outputs?.plain ?? {},
    secretOutputNames: outputs?.secretKeys ?? [],
    warnings,
  };
}
