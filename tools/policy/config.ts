/**
 * Policy pack config, as `pulumi preview --policy-pack <dir> --policy-pack-config <file>` handles it.
 *
 * Files: `policy-packs/config/<environment>/<pack>.json`, one per pack and environment, in the CLI's format:
 *   { "all": "advisory",                                   // enforcement level of every policy of the pack
 *     "<policy>": "mandatory",                             // a policy's level
 *     "<policy>": { "enforcementLevel": "…", "<property>": … } }
 *
 * The engine asks the pack for its policies (GetAnalyzerInfo), starts from each policy's level and schema defaults,
 * applies the pack's initial config, then the file ("all" first, then per policy), validates every policy's
 * properties against its schema (failing the run on any error) and sends the result with Configure. Same here.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { EnforcementLevel } from "../plan/model";
import { analyzerProto } from "./analyzer";
import { struct } from "./wire";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** The content of one `--policy-pack-config` file. */
export type PolicyPackConfigFile = Record<string, unknown>;

export const CONFIG_ROOT = path.resolve(__dirname, "..", "..", "policy-packs", "config");

export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

interface PolicyConfig {
  enforcementLevel?: EnforcementLevel;
  properties?: Record<string, unknown>;
}

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

/** A config file parsed as the CLI does: a string is a level, an object a level plus properties. */
export function parsePolicyPackConfig(file: PolicyPackConfigFile, source: string): Map<string, PolicyConfig> {
  const result = new Map<string, PolicyConfig>();
  for (const [policy, value] of Object.entries(file)) {
    if (typeof value === "string") {
      if (!isEnforcementLevel(value)) {
        throw new PolicyConfigError(
          `${source}: ${policy}: ${JSON.stringify(value)} is not a valid enforcement level`,
        );
      }
      result.set(policy, { enforcementLevel: value });
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        throw new PolicyConfigError(
          `${source}: ${policy}.enforcementLevel: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`,
        );
      }
      const entry: PolicyConfig = {};
      if (enforcementLevel !== undefined) {
        entry.enforcementLevel = enforcementLevel;
      }
      if (Object.keys(properties).length > 0) {
        entry.properties = properties;
      }
      if (entry.enforcementLevel !== undefined || entry.properties !== undefined) {
        result.set(policy, entry);
      }
    } else {
      throw new PolicyConfigError(`${source}: ${policy}: must be an enforcement level or an object`);
    }
  }
  return result;
}

const LEVEL_OF: Readonly<Record<number, EnforcementLevel>> = {
  [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
  [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
};
const PROTO_LEVEL: Readonly<Record<EnforcementLevel, analyzerPb.EnforcementLevel>> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
};

export function enforcementLevelOf(level: analyzerPb.EnforcementLevel): EnforcementLevel {
  const name = LEVEL_OF[level];
  if (name === undefined) {
    throw new Error(`unknown enforcement level ${level}`);
  }
  return name;
}

export interface ReconciledPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function validatorOf(schema: object): ReturnType<typeof ajv.compile> {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/**
 * The config the engine sends a pack: defaults from the pack's metadata, then its initial config, then the file;
 * validated against each policy's schema.
 */
export function reconcilePolicyPackConfig(
  info: analyzerPb.AnalyzerInfo,
  file: PolicyPackConfigFile,
  source: string,
): Map<string, ReconciledPolicyConfig> {
  const result = new Map<
    string,
    { enforcementLevel: EnforcementLevel; properties?: Record<string, unknown> }
  >();
  const schemas = new Map<string, { properties: Record<string, unknown>; required: string[] }>();
  for (const policy of info.getPoliciesList()) {
    const schema = policy.getConfigschema();
    const properties = (schema?.getProperties()?.toJavaScript() ?? {}) as Record<
      string,
      { default?: unknown }
    >;
    const defaults = Object.fromEntries(
      Object.entries(properties)
        .filter(([, s]) => s !== null && typeof s === "object" && "default" in s)
        .map(([k, s]) => [k, s.default]),
    );
    result.set(policy.getName(), {
      enforcementLevel: enforcementLevelOf(policy.getEnforcementlevel()),
      ...(schema === undefined ? {} : { properties: defaults }),
    });
    if (schema !== undefined) {
      schemas.set(policy.getName(), { properties, required: schema.getRequiredList() });
    }
  }
  const apply = (config: Map<string, PolicyConfig>) => {
    const all = config.get("all")?.enforcementLevel;
    if (all !== undefined) {
      for (const entry of result.values()) {
        entry.enforcementLevel = all;
      }
    }
    for (const [policy, given] of config) {
      const current = result.get(policy);
      const entry = {
        enforcementLevel: given.enforcementLevel ?? current?.enforcementLevel ?? "advisory",
        properties: current?.properties,
      };
      if (given.properties !== undefined) {
        entry.properties = { ...(entry.properties ?? {}), ...given.properties };
      }
      result.set(policy, entry);
    }
  };
  const initial = new Map<string, PolicyConfig>();
  for (const [policy, config] of info.getInitialconfigMap().entries()) {
    initial.set(policy, {
      enforcementLevel: enforcementLevelOf(config.getEnforcementlevel()),
      properties: (config.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
    });
  }
  apply(initial);
  apply(parsePolicyPackConfig(file, source));

  const errors: string[] = [];
  for (const [policy, schema] of schemas) {
    const validate = validatorOf({
      type: "object",
      properties: schema.properties,
      ...(schema.required.length > 0 ? { required: schema.required } : {}),
    });
    if (!validate(result.get(policy)?.properties ?? {})) {
      for (const error of validate.errors ?? []) {
        errors.push(
          `${policy}: ${error.instancePath === "" ? "" : `${error.instancePath.slice(1)} `}${error.message}`,
        );
      }
    }
  }
  if (errors.length > 0) {
    throw new PolicyConfigError(`invalid policy pack config ${source}:\n  ${errors.join("\n  ")}`);
  }
  return new Map(
    [...result].map(([k, v]) => [
      k,
      { enforcementLevel: v.enforcementLevel, properties: v.properties ?? {} },
    ]),
  );
}

/** The Configure request for a reconciled config. */
export function configureRequest(
  config: Map<string, ReconciledPolicyConfig>,
): analyzerPb.ConfigureAnalyzerRequest {
  const request = new analyzerProto.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [policy, entry] of config) {
    const policyConfig = new analyzerProto.PolicyConfig();
    policyConfig.setEnforcementlevel(PROTO_LEVEL[entry.enforcementLevel]);
    policyConfig.setProperties(struct(entry.properties));
    map.set(policy, policyConfig);
  }
  return analyzerProto.ConfigureAnalyzerRequest.deserializeBinary(request.serializeBinary());
}

/** Environments with a config directory. */
export function knownEnvironments(root: string = CONFIG_ROOT): string[] {
  return fs.existsSync(root)
    ? fs
        .readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
}

/** Path of a pack's config file for an environment. */
export function configFileOf(environment: string, pack: string, root: string = CONFIG_ROOT): string {
  return path.join(root, environment, `${pack}.json`);
}

/**
 * The config files of `environment` for `packs`, by pack name. The environment must have a directory; a pack
 * without a file there runs with its defaults (as the CLI does without --policy-pack-config).
 */
export function loadEnvironmentConfig(
  environment: string,
  packs: readonly string[],
  root: string = CONFIG_ROOT,
): Record<string, PolicyPackConfigFile> {
  const known = knownEnvironments(root);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(environment) || !known.includes(environment)) {
    throw new PolicyConfigError(
      `no policy pack config for environment ${JSON.stringify(environment)}; known environments: ` +
        `${known.join(", ")} (directories of ${path.relative(process.cwd(), root) || root})`,
    );
  }
  const out: Record<string, PolicyPackConfigFile> = {};
  for (const pack of packs) {
    const file = configFileOf(environment, pack, root);
    if (!fs.existsSync(file)) {
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      throw new PolicyConfigError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new PolicyConfigError(`${file}: must be a JSON object of policy names`);
    }
    out[pack] = parsed as PolicyPackConfigFile;
  }
  return out;
}
