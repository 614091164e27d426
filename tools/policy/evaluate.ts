/**
 * Offline evaluation of the policy packs over the resources a stack registers, the way `pulumi preview
 * --policy-pack … --policy-pack-config …` runs them:
 *
 * 1. every pack is served by @pulumi/policy's own analyzer (see analyzer.ts), told its config for the environment
 *    (config.ts: defaults, file, validation, Configure);
 * 2. per resource, in registration order: Remediate with every pack (a remediation's properties feed the next),
 *    then Analyze with every pack, each with the resource's type, URN, name, properties, options (protect,
 *    ignoreChanges, parent, …) and its provider with the provider's properties;
 * 3. AnalyzeStack with every pack over all resources, with parents, dependencies and property dependencies.
 *
 * Resources come from the offline plan (its `--json` resources). Secrets ("[secret]") and unknowns ("[unknown]")
 * are turned back into what the engine sends (wire.ts). Read resources (`read: true`) are analyzed only as part of
 * the stack, as the engine does. The stack analysis gets a resource's `state` (what its provider returned, i.e. the
 * engine's outputs) when the plan has it, else its inputs, plus its `id` when known; components get their
 * registered `outputs`.
 */
import * as fs from "fs";
import * as path from "path";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { PackDefinition } from "../../policy-packs/lib/policy";
import { POLICY_PACKS } from "../../policy-packs/registry";
import type { EnforcementLevel, PlanResourceLike, PolicyResult } from "../plan/model";
import { OfflineAnalyzer, serveOffline } from "./analyzer";
import {
  configFileOf,
  configureRequest,
  enforcementLevelOf,
  loadEnvironmentConfig,
  PolicyPackConfigFile,
  ReconciledPolicyConfig,
  reconcilePolicyPackConfig,
} from "./config";
import { analyzeRequest, analyzeStackRequest, parseProviderReference, toWire, WireResource } from "./wire";

// The specs under test/policies import these from here; new code imports them from the plan's model.

export interface EvaluateOptions {
  /** Environment whose pack config applies: `policy-packs/config/<environment>/<pack>.json`. */
  environment: string;
  /** Config files by pack name, instead of reading them from policy-packs/config (tests). */
  config?: Readonly<Record<string, PolicyPackConfigFile>>;
  /** Packs to run; default all of policy-packs/registry.ts. */
  packs?: readonly PackDefinition[];
  /**
   * Where each pack's analyzer comes from; default @pulumi/policy's analyzer served in this process. The CLI-path
   * run (tools/langhost) passes the analyzers of the pack processes it started, which this evaluation then
   * configures and feeds exactly like the in-process ones (not cached: they belong to the caller).
   */
  serve?: (pack: PackDefinition) => OfflineAnalyzer | Promise<OfflineAnalyzer>;
}

/** One policy as an evaluation runs it: its kind and the enforcement level the pack was configured with. */
export interface EvaluatedPolicy {
  name: string;
  /** `resource`: analyzed on each resource as it registers; `stack`: once over all resources (AnalyzeStack). */
  kind: "resource" | "stack";
  /** The level after the pack config; `disabled` policies do not run. */
  enforcementLevel: EnforcementLevel;
}

/** One pack as an evaluation serves it (see `describePolicyPacks`). */
export interface EvaluatedPack {
  name: string;
  version: string;
  /**
   * The config file applied, relative to the repository root with `/` separators
   * (`policy-packs/config/prod/encryption.json`); absent when the environment has no file for the pack (it runs with
   * its defaults, as the CLI does without `--policy-pack-config`) or the config was given in code.
   */
  configFile?: string;
  /** Every policy of the pack, in the pack's order. */
  policies: EvaluatedPolicy[];
}

const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");
const PACKS_ROOT = path.join(REPOSITORY_ROOT, "policy-packs");

const versions = new Map<string, string>();

/** A pack's version, from its package.json (what `new PolicyPack` reads), or PulumiPolicy.yaml's when it sets one. */
export function packVersion(pack: string): string {
  const cached = versions.get(pack);
  if (cached !== undefined) {
    return cached;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(PACKS_ROOT, pack, "package.json"), "utf8")) as {
    version?: string;
  };
  const yaml = path.join(PACKS_ROOT, pack, "PulumiPolicy.yaml");
  const override = fs.existsSync(yaml)
    ? /^version:\s*["']?([^"'\s]+)/m.exec(fs.readFileSync(yaml, "utf8"))
    : null;
  const version = override?.[1] ?? manifest.version;
  if (version === undefined || version === "") {
    throw new Error(`policy-packs/${pack}/package.json has no version`);
  }
  versions.set(pack, version);
  return version;
}

function nameOf(resource: PlanResourceLike): string {
  return resource.name !== "" ? resource.name : (resource.urn.split("::").pop() ?? "");
}

function wireRecord(value: Record<string, unknown> | undefined): Record<string, unknown> {
  return (toWire(value ?? {}) as Record<string, unknown>) ?? {};
}

/** Properties the stack analysis sees: the engine's outputs of the resource, approximated from the plan. */
function stackProperties(
  resource: PlanResourceLike,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  if (resource.custom === false) {
    return wireRecord(resource.outputs ?? resource.state ?? {});
  }
  const properties = resource.state === undefined ? { ...inputs } : wireRecord(resource.state);
  if (resource.id !== undefined && resource.id !== "" && properties["id"] === undefined) {
    properties["id"] = toWire(resource.id);
  }
  return properties;
}

function toWireResource(
  resource: PlanResourceLike,
  properties: Record<string, unknown>,
  byUrn: ReadonlyMap<string, PlanResourceLike>,
): WireResource {
  const options = resource.options ?? {};
  let provider: WireResource["provider"];
  if (options.provider !== undefined && options.provider !== "") {
    const found = byUrn.get(parseProviderReference(options.provider).urn);
    if (found !== undefined) {
      provider = {
        urn: found.urn,
        type: found.type,
        name: nameOf(found),
        properties: wireRecord(found.inputs),
      };
    }
  }
  return {
    urn: resource.urn,
    type: resource.type,
    name: nameOf(resource),
    ...(resource.parent !== undefined && resource.parent !== "" ? { parent: resource.parent } : {}),
    properties,
    options: {
      protect: options.protect === true,
      ignoreChanges: options.ignoreChanges ?? [],
      ...(options.deleteBeforeReplace === true ? { deleteBeforeReplace: true } : {}),
      additionalSecretOutputs: options.additionalSecretOutputs ?? [],
      aliases: options.aliases ?? [],
      customTimeouts: {
        create: options.customTimeouts?.create ?? 0,
        update: options.customTimeouts?.update ?? 0,
        delete: options.customTimeouts?.delete ?? 0,
      },
    },
    ...(provider === undefined ? {} : { provider }),
    dependencies: options.dependsOn ?? [],
    propertyDependencies: resource.propertyDependencies ?? {},
  };
}

/** The diagnostic's message without the description the SDK puts in front of it. */
function violationMessage(diagnostic: analyzerPb.AnalyzeDiagnostic): string {
  const message = diagnostic.getMessage();
  const description = diagnostic.getDescription();
  if (message === description) {
    return message;
  }
  return description !== "" && message.startsWith(`${description}\n`)
    ? message.slice(description.length + 1)
    : message;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/** A served pack and the config it was configured with (what the engine sent with Configure). */
interface ServedPack {
  analyzer: OfflineAnalyzer;
  config: ReadonlyMap<string, ReconciledPolicyConfig>;
}

/**
 * Served and configured packs, by pack definition and config. A served pack's state is its config (set once, before
 * any analysis), so one configured instance can serve every evaluation with the same config, concurrently too.
 */
const servedPacks = new WeakMap<PackDefinition, Map<string, Promise<ServedPack>>>();

function servePack(
  pack: PackDefinition,
  file: PolicyPackConfigFile | undefined,
  source: string,
): Promise<ServedPack> {
  const byConfig = servedPacks.get(pack) ?? new Map<string, Promise<ServedPack>>();
  servedPacks.set(pack, byConfig);
  const key = JSON.stringify(file ?? null);
  let served = byConfig.get(key);
  if (served === undefined) {
    served = startPack(pack, file, source);
    byConfig.set(key, served);
    // A config error must surface again next time, not be cached.
    served.catch(() => byConfig.delete(key));
  }
  return served;
}

async function startPack(
  pack: PackDefinition,
  file: PolicyPackConfigFile | undefined,
  source: string,
  serve: (pack: PackDefinition) => OfflineAnalyzer | Promise<OfflineAnalyzer> = (p) =>
    serveOffline(p.name, p.version ?? packVersion(p.name), p.args),
): Promise<ServedPack> {
  const analyzer = await serve(pack);
  const info = await analyzer.getAnalyzerInfo();
  const config = reconcilePolicyPackConfig(info, file ?? {}, source);
  await analyzer.configure(configureRequest(config));
  return { analyzer, config };
}

/**
 * An evaluation fed one resource at a time, in registration order, then finished with the whole stack: what the
 * engine does during a preview (each resource is remediated and analyzed as it registers, the stack at the end). The
 * offline plan streams its resources in while the program still runs (see policy-thread.ts).
 */
export interface PolicyEvaluation {
  /**
   * Remediates and analyzes the next resource. `known` holds every resource added so far, by URN; the resource's
   * provider must be among them (the engine registers a provider before anything can reference it).
   */
  add(resource: PlanResourceLike, known: ReadonlyMap<string, PlanResourceLike>): Promise<void>;
  /**
   * Analyzes the stack: `resources` are all of them, the ones added first (same order, same inputs and options).
   * Returns every result: the resources' in order, then the stack's.
   */
  finish(resources: readonly PlanResourceLike[]): Promise<PolicyResult[]>;
}

/** Every pack of `options`, served and configured with its config for the environment, in order. */
async function servePacks(
  options: EvaluateOptions,
): Promise<{ pack: PackDefinition; served: ServedPack; configFile?: string }[]> {
  const packs = options.packs ?? POLICY_PACKS;
  const files =
    options.config ??
    loadEnvironmentConfig(
      options.environment,
      packs.map((p) => p.name),
    );
  const fileOf = (pack: string): string | undefined =>
    options.config === undefined && files[pack] !== undefined
      ? configFileOf(options.environment, pack)
      : undefined;
  // Where each pack's config comes from, for error messages.
  const sourceOf = (pack: string): string => {
    const file = fileOf(pack);
    return options.config !== undefined
      ? `given for ${pack}`
      : file === undefined
        ? `(no file for ${pack} in ${options.environment})`
        : path.relative(process.cwd(), file);
  };
  const served: { pack: PackDefinition; served: ServedPack; configFile?: string }[] = [];
  for (const pack of packs) {
    const file = fileOf(pack.name);
    served.push({
      pack,
      served:
        options.serve === undefined
          ? await servePack(pack, files[pack.name], sourceOf(pack.name))
          : await startPack(pack, files[pack.name], sourceOf(pack.name), options.serve),
      ...(file === undefined
        ? {}
        : { configFile: path.relative(REPOSITORY_ROOT, file).split(path.sep).join("/") }),
    });
  }
  return served;
}

/**
 * What an evaluation with `options` runs: every pack with each policy's kind and configured level, exactly as
 * `startPolicyEvaluation` serves and configures them (the same served instances, when already started in this
 * thread). Fails as the evaluation would on invalid pack config.
 */
export async function describePolicyPacks(options: EvaluateOptions): Promise<EvaluatedPack[]> {
  return (await servePacks(options)).map(({ pack, served, configFile }) => ({
    name: pack.name,
    version: served.analyzer.version,
    ...(configFile === undefined ? {} : { configFile }),
    policies: pack.args.policies.map((policy): EvaluatedPolicy => {
      const level = served.config.get(policy.name)?.enforcementLevel;
      if (level === undefined) {
        throw new Error(`policy pack ${pack.name} was configured without policy ${policy.name}`);
      }
      return {
        name: policy.name,
        // As @pulumi/policy tells them apart (isStackPolicy): a stack policy has `validateStack`.
        kind: "validateStack" in policy && typeof policy.validateStack === "function" ? "stack" : "resource",
        enforcementLevel: level,
      };
    }),
  }));
}

/** Serves and configures every pack (see `evaluatePolicyPacks`), ready for the resources. */
export async function startPolicyEvaluation(options: EvaluateOptions): Promise<PolicyEvaluation> {
  const served: OfflineAnalyzer[] = (await servePacks(options)).map((p) => p.served.analyzer);

  const results: PolicyResult[] = [];
  const at = (urn: string | undefined, byUrn: ReadonlyMap<string, PlanResourceLike>) => {
    const resource = urn === undefined || urn === "" ? undefined : byUrn.get(urn);
    return resource === undefined
      ? urn === undefined || urn === ""
        ? {}
        : { urn }
      : { urn: resource.urn, type: resource.type, name: nameOf(resource) };
  };
  const collect = (
    pack: string,
    response: analyzerPb.AnalyzeResponse,
    urn: string | undefined,
    byUrn: ReadonlyMap<string, PlanResourceLike>,
  ) => {
    for (const diagnostic of response.getDiagnosticsList()) {
      results.push({
        pack,
        policy: diagnostic.getPolicyname(),
        enforcementLevel: enforcementLevelOf(diagnostic.getEnforcementlevel()),
        ...at(urn ?? diagnostic.getUrn(), byUrn),
        message: violationMessage(diagnostic),
      });
    }
  };

  const finalInputs = new Map<string, Record<string, unknown>>();
  return {
    async add(resource, byUrn) {
      let inputs = wireRecord(resource.inputs);
      if (resource.read !== true) {
        // One request per state of the inputs, shared by every pack (the handlers only read it): building and
        // round-tripping a request per pack and call dominated the plan's run time.
        let request = analyzeRequest(toWireResource(resource, inputs, byUrn));
        for (const analyzer of served) {
          const response = await analyzer.remediate(request);
          for (const remediation of response.getRemediationsList()) {
            const properties = remediation.getProperties();
            if (properties !== undefined) {
              const remediated = properties.toJavaScript() as Record<string, unknown>;
              const changed = changedKeys(inputs, remediated);
              inputs = remediated;
              request = analyzeRequest(toWireResource(resource, inputs, byUrn));
              results.push({
                pack: analyzer.name,
                policy: remediation.getPolicyname(),
                enforcementLevel: "remediate",
                ...at(resource.urn, byUrn),
                message: changed.length === 0 ? "remediated nothing" : `remediated ${changed.join(", ")}`,
              });
            } else if (remediation.getDiagnostic() !== "") {
              results.push({
                pack: analyzer.name,
                policy: remediation.getPolicyname(),
                enforcementLevel: "advisory",
                ...at(resource.urn, byUrn),
                message: remediation.getDiagnostic(),
              });
            }
          }
        }
        for (const analyzer of served) {
          // The engine attributes per-resource diagnostics to the resource analyzed.
          collect(analyzer.name, await analyzer.analyze(request), resource.urn, byUrn);
        }
      }
      finalInputs.set(resource.urn, inputs);
    },

    async finish(resources) {
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      const stack = resources.map((resource) =>
        toWireResource(resource, stackProperties(resource, finalInputs.get(resource.urn) ?? {}), byUrn),
      );
      // One request for every pack, as per resource: the handlers only read it.
      const request = analyzeStackRequest(stack);
      for (const analyzer of served) {
        collect(analyzer.name, await analyzer.analyzeStack(request), undefined, byUrn);
      }
      return results;
    },
  };
}

/**
 * Runs every pack over `resources` with the pack config of `options.environment`, and returns what the engine would
 * report: violations (mandatory/advisory, including "can't run during preview" notes) and remediations.
 */
export async function evaluatePolicyPacks(
  resources: readonly PlanResourceLike[],
  options: EvaluateOptions,
): Promise<PolicyResult[]> {
  const evaluation = await startPolicyEvaluation(options);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  for (const resource of resources) {
    await evaluation.add(resource, byUrn);
  }
  return evaluation.finish(resources);
}

/** Whether any result blocks a deployment (a mandatory violation). */
export function hasMandatoryViolation(results: readonly PolicyResult[]): boolean {
  return results.some((r) => r.enforcementLevel === "mandatory");
}
