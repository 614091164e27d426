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
import { evaluatePolicyPacks, PolicyResult } from "../policy/evaluate";
import { installPlanMocks, PlanRecorder, RecordedResource } from "./mocks";
import {
  ConfigError,
  ensureTypeScriptHook,
  loadProject,
  loadStackConfig,
  PulumiProject,
  resolveProgramEntry,
  stackFileOf,
} from "./project";

export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  /** False for components and the stack. */
  custom?: boolean;
  /** True for resources read rather than managed (a StackReference). */
  read?: boolean;
  /** The id the mocks assigned (custom resources). */
  id?: string;
  inputs: Record<string, unknown>;
  /** What the mocks returned: the outputs a real preview would know after creation (stack policies read them). */
  state?: Record<string, unknown>;
  /** What a component registered with `registerOutputs`. */
  outputs?: Record<string, unknown>;
  options: {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    dependsOn: string[];
    provider?: string;
  };
  /** Input property -> URNs it depends on (for the dependency graph). */
  propertyDependencies: Record<string, string[]>;
}

export interface StackPlan {
  stack: string;
  project: string;
  region: string;
  resources: PlanResource[];
  /** Stack outputs; secrets "[secret]". */
  outputs: Record<string, unknown>;
  /** Every policy pack's verdicts on the resources, with the stack's environment's pack config. */
  policyResults: PolicyResult[];
}

export interface PlanOptions {
  /** Evaluate the policy packs over the planned resources (default true). */
  readonly policies?: boolean;
}

/** One planned stack with what another in-process run needs from it. */
interface StackRun {
  plan: StackPlan;
  /** Outputs with secrets unwrapped: only ever fed to a StackReference of a later run, never printed. */
  plainOutputs: Record<string, unknown>;
  secretOutputNames: string[];
  warnings: string[];
}

/** Warnings of the last `planStack` call (entry point fallbacks, ESC environments), for the CLI to print. */
export const planWarnings: string[] = [];

/**
 * Plans `stack` of the project at `projectRoot`. When the stack's config names a primary
 * (`<project>:primaryStack`, e.g. `platform:primaryStack: kimkao/platform/prod-taipei`), that stack is planned
 * first and its outputs are what the StackReference of that exact name reads.
 */
export async function planStack(
  projectRoot: string,
  stack: string,
  options: PlanOptions = {},
): Promise<StackPlan> {
  const project = loadProject(projectRoot);
  const warnings: string[] = [];
  const entry = resolveProgramEntry(project.root, project.main, warnings);
  const run = await runStack(project, entry, stack, []);
  planWarnings.splice(0, planWarnings.length, ...warnings, ...run.warnings);
  if ((options.policies ?? true) && fs.existsSync(path.join(project.root, "policy-packs"))) {
    // The project's packs run as the engine runs them at `pulumi preview --policy-pack`, with the pack config of
    // the stack's environment.
    const environment = loadStackConfig(project, stack).config[`${project.name}:environment`] ?? "";
    run.plan.policyResults = await evaluatePolicyPacks(run.plan.resources, { environment });
  }
  return run.plan;
}

async function runStack(
  project: PulumiProject,
  entry: string,
  stack: string,
  chain: string[],
): Promise<StackRun> {
  const settings = loadStackConfig(project, stack);
  const warnings = [...settings.warnings];
  const stackOutputs: Record<string, Record<string, unknown>> = {};
  const stackSecretOutputs: Record<string, string[]> = {};

  const primaryKey = `${project.name}:primaryStack`;
  const primaryName = settings.config[primaryKey];
  if (primaryName !== undefined && primaryName !== "") {
    const primaryShort = primaryName.split("/").pop() ?? primaryName;
    if (primaryShort === settings.stack || chain.includes(primaryShort)) {
      throw new ConfigError(
        `${primaryKey} of stack ${settings.stack} leads back to ${primaryShort}: ` +
          `the stack graph must be acyclic (${[...chain, settings.stack, primaryShort].join(" -> ")})`,
      );
    }
    if (stackFileOf(project, primaryShort) === undefined) {
      throw new ConfigError(
        `${primaryKey} of stack ${settings.stack} is ${primaryName}, but there is no Pulumi.${primaryShort}.yaml ` +
          `to plan it from in ${project.stackConfigDir}`,
      );
    }
    const primary = await runStack(project, entry, primaryShort, [...chain, settings.stack]);
    stackOutputs[primaryName] = primary.plainOutputs;
    stackSecretOutputs[primaryName] = primary.secretOutputNames;
    warnings.push(...primary.warnings);
  }

  const recorder = installPlanMocks({
    project: project.name,
    stack: settings.stack,
    config: settings.config,
    secretKeys: settings.secretKeys,
    stackOutputs,
    stackSecretOutputs,
  });
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    rejections.push(reason);
  };
  process.on("unhandledRejection", onRejection);
  const sourceMaps = process.sourceMapsEnabled;
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
  }
  const failure = rejections[0] ?? recorder.errors[0];
  if (failure !== undefined) {
    throw failure;
  }
  return collect(project, settings.stack, settings.config["aws:region"] ?? "", recorder, warnings);
}

function loadProgram(entry: string): unknown {
  ensureTypeScriptHook();
  return Module.createRequire(__filename)(entry) as unknown;
}

function collect(
  project: PulumiProject,
  stack: string,
  region: string,
  recorder: PlanRecorder,
  warnings: string[],
): StackRun {
  const root = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack" && r.parent === undefined);
  const outputs = root === undefined ? undefined : recorder.registeredOutputs(root.urn);
  return {
    plan: {
      stack,
      project: project.name,
      region,
      resources: recorder.resources.map(planResource),
      outputs: outputs?.redacted ?? {},
      policyResults: [],
    },
    plainOutputs: outputs?.plain ?? {},
    secretOutputNames: outputs?.secretKeys ?? [],
    warnings,
  };
}

function planResource(r: RecordedResource): PlanResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    ...(r.parent !== undefined ? { parent: r.parent } : {}),
    custom: r.custom,
    read: r.read,
    ...(r.id !== undefined ? { id: r.id } : {}),
    inputs: r.inputs,
    state: r.state,
    ...(r.outputs !== undefined ? { outputs: r.outputs } : {}),
    options: {
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      ignoreChanges: r.options.ignoreChanges,
      dependsOn: r.options.dependsOn,
      ...(r.options.provider !== undefined ? { provider: r.options.provider } : {}),
    },
    propertyDependencies: r.propertyDependencies,
  };
}
