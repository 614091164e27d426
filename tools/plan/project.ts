/**
 * Loads a Pulumi project and one of its stacks the way the Pulumi CLI and the Node.js language host do, for the
 * offline plan: `Pulumi.yaml` (name, nodejs runtime, `main`, project-level `config`), the program entry point, and
 * `Pulumi.<stack>.yaml` config merged over the project defaults.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { parse } from "yaml";
import { SECRET_PLACEHOLDER } from "./model";

/**
 * A project or stack file the offline plan cannot run: no or an invalid Pulumi.yaml, an unknown stack, a stack file
 * or config value that does not fit the project's declarations, a primary stack that cannot be planned. Reported
 * without a stack trace (exit code 2). Not the program's `ConfigError` (stacks/config.ts), which the program throws
 * for config values it rejects.
 */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectError";
  }
}

/** One key of the project-level `config:` block of Pulumi.yaml. */
export interface ProjectConfigKey {
  /** Full key, e.g. `platform:environment`. */
  key: string;
  type?: string;
  description?: string;
  secret: boolean;
  /** The default value (plain scalar, `default:` or `value:`), if any. */
  default?: unknown;
}

export interface PulumiProject {
  /** Absolute project root (the folder of Pulumi.yaml). */
  root: string;
  /** The project file, Pulumi.yaml or Pulumi.yml. */
  file: string;
  name: string;
  runtime: string;
  runtimeOptions: Record<string, unknown>;
  main?: string;
  /** Absolute folder of the stack files (`stackConfigDir`, default the root). */
  stackConfigDir: string;
  /** Project-level config by full key. */
  config: Record<string, ProjectConfigKey>;
}

export interface StackSettings {
  project: string;
  /** Short stack name, e.g. `prod-taipei`. */
  stack: string;
  /** Absolute path of Pulumi.<stack>.yaml. */
  file: string;
  /** Full keys -> string values (JSON for structured values), project defaults applied. */
  config: Record<string, string>;
  /** Keys whose value is (or contains) a `secure:` value; shown as "[secret]". */
  secretKeys: string[];
  /** Things the CLI would warn about, e.g. an ESC `environment:` the offline plan cannot resolve. */
  warnings: string[];
}

const PROJECT_NAME = /^[A-Za-z0-9_.-]+$/;
const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

/** Reads and checks Pulumi.yaml in `root`. */
export function loadProject(root: string): PulumiProject {
  const absoluteRoot = path.resolve(root);
  const file = ["Pulumi.yaml", "Pulumi.yml"]
    .map((f) => path.join(absoluteRoot, f))
    .find((f) => fs.existsSync(f));
  if (file === undefined) {
    throw new ProjectError(`no Pulumi.yaml in ${absoluteRoot}: run the plan from the project root`);
  }
  const raw = readYaml(file);
  if (!isRecord(raw)) {
    throw new ProjectError(`${file}: expected a mapping with name and runtime`);
  }
  const name = raw["name"];
  if (typeof name !== "string" || name === "") {
    throw new ProjectError(`${file}: project is missing a 'name' attribute`);
  }
  if (!PROJECT_NAME.test(name)) {
    throw new ProjectError(
      `${file}: project name ${JSON.stringify(name)} may only contain alphanumerics, hyphens, underscores and periods`,
    );
  }
  const runtimeValue = raw["runtime"];
  const runtime = isRecord(runtimeValue) ? runtimeValue["name"] : runtimeValue;
  if (typeof runtime !== "string" || runtime === "") {
    throw new ProjectError(`${file}: project is missing a 'runtime' attribute`);
  }
  if (runtime !== "nodejs") {
    throw new ProjectError(`${file}: runtime is ${runtime}; the offline plan runs nodejs programs only`);
  }
  const runtimeOptions =
    isRecord(runtimeValue) && isRecord(runtimeValue["options"]) ? runtimeValue["options"] : {};
  const main = raw["main"];
  if (main !== undefined && main !== null && typeof main !== "string") {
    throw new ProjectError(`${file}: 'main' must be a path relative to the project root`);
  }
  const stackConfigDir = raw["stackConfigDir"];
  if (stackConfigDir !== undefined && stackConfigDir !== null && typeof stackConfigDir !== "string") {
    throw new ProjectError(`${file}: 'stackConfigDir' must be a path relative to the project root`);
  }
  return {
    root: absoluteRoot,
    file,
    name,
    runtime,
    runtimeOptions,
    ...(typeof main === "string" && main !== "" ? { main } : {}),
    stackConfigDir:
      typeof stackConfigDir === "string" ? path.resolve(absoluteRoot, stackConfigDir) : absoluteRoot,
    config: projectConfig(name, raw["config"], file),
  };
}

/**
 * The file the Node.js language host would run, as an absolute path. Like the CLI, a `main` that is a folder
 * becomes the program directory with entry point `.`; a `main` that is a file is the entry point itself. For entry
 * point `.`, the nearest package.json above the program directory may name the entry (`exports`, else `main`, used
 * only when the file exists, as the host does). The result is resolved with Node's `require` resolution with
 * TypeScript registered, so `stacks/` resolves to `stacks/index.ts`. Warnings the host would print are appended
 * to `warnings`.
 */
export function resolveProgramEntry(root: string, main?: string, warnings: string[] = []): string {
  const absoluteRoot = path.resolve(root);
  let programDirectory = absoluteRoot;
  let entryPoint = ".";
  if (main !== undefined && main !== "") {
    if (path.isAbsolute(main)) {
      throw new ProjectError(`project 'main' must be a relative path, not ${main}`);
    }
    const full = path.resolve(absoluteRoot, main);
    if (full !== absoluteRoot && !full.startsWith(absoluteRoot + path.sep)) {
      throw new ProjectError(`project 'main' must be a subfolder of the project, not ${main}`);
    }
    if (isDirectory(full)) {
      programDirectory = full;
    } else {
      entryPoint = full;
    }
  }

  let program = entryPoint === "." ? programDirectory : entryPoint;
  if (entryPoint === ".") {
    const packageRoot = findPackageRoot(program);
    const manifest = packageRoot === undefined ? {} : readPackageJson(packageRoot);
    const named = packageEntryOf(manifest);
    if (packageRoot !== undefined && named !== undefined) {
      const candidate = path.join(packageRoot, named);
      if (fs.existsSync(candidate)) {
        program = candidate;
      } else {
        warnings.push(
          `Could not find entry point '${named}' specified in package.json; using '${program}' instead`,
        );
      }
    }
  }
  if (isDirectory(program) && !program.endsWith("/")) {
    program = `${program}/`;
  }

  ensureTypeScriptHook();
  try {
    return Module.createRequire(path.join(absoluteRoot, "Pulumi.yaml")).resolve(program);
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND") {
      throw new ProjectError(
        `We failed to locate the entry point for your program: ${program}` +
          (main === undefined ? "" : ` (Pulumi.yaml main: ${main})`),
      );
    }
    throw err;
  }
}

/** Short names of the stacks that have a settings file, sorted. */
export function listStacks(project: PulumiProject): string[] {
  if (!isDirectory(project.stackConfigDir)) {
    return [];
  }
  return fs
    .readdirSync(project.stackConfigDir)
    .map((f) => STACK_FILE.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The settings file of a stack, or undefined when it does not exist. */
export function stackFileOf(project: PulumiProject, stack: string): string | undefined {
  return [".yaml", ".yml"]
    .map((ext) => path.join(project.stackConfigDir, `Pulumi.${stack}${ext}`))
    .find((f) => fs.existsSync(f));
}

/**
 * The config of one stack as the CLI hands it to the program: project defaults, then `Pulumi.<stack>.yaml`.
 * `stack` may be fully qualified (`org/project/stack`); its last segment names the file.
 */
export function loadStackConfig(project: PulumiProject, stack: string): StackSettings {
  const short = stackShortName(project, stack);
  const file = stackFileOf(project, short);
  if (file === undefined) {
    const known = listStacks(project);
    throw new ProjectError(
      `unknown stack ${short}: there is no Pulumi.${short}.yaml in ${project.stackConfigDir}; ` +
        (known.length > 0 ? `stacks: ${known.join(", ")}` : "no stack has a settings file"),
    );
  }
  const { values, warnings } = readStackFile(file);
  const provided = withProjectDefaults(project, values);
  checkDeclaredValues(project, short, provided);
  const { config, secretKeys } = programConfig(provided);
  return { project: project.name, stack: short, file, config, secretKeys, warnings };
}

/** The short name of `stack` (`prod-taipei` of `org/platform/prod-taipei`), which must be of this project. */
function stackShortName(project: PulumiProject, stack: string): string {
  const segments = stack.split("/");
  const short = segments[segments.length - 1];
  if (segments.length === 3 && segments[1] !== project.name) {
    throw new ProjectError(`stack ${stack} belongs to project ${segments[1]}, not ${project.name}`);
  }
  if (segments.length > 3 || short === "") {
    throw new ProjectError(`invalid stack name ${stack}: use <stack> or <org>/<project>/<stack>`);
  }
  return short;
}

/** A stack file's `config:` values by key as written, and what the CLI would warn about in it. */
function readStackFile(file: string): { values: Record<string, unknown>; warnings: string[] } {
  const raw = readYaml(file) ?? {};
  if (!isRecord(raw)) {
    throw new ProjectError(`${file}: expected a mapping`);
  }
  const warnings: string[] = [];
  if (raw["environment"] !== undefined && raw["environment"] !== null) {
    warnings.push(`${path.basename(file)} imports ESC environments, which the offline plan cannot resolve`);
  }
  const values = raw["config"] ?? {};
  if (!isRecord(values)) {
    throw new ProjectError(`${file}: 'config' must be a mapping of keys to values`);
  }
  return { values, warnings };
}

/** Every value the stack provides by full key: the project's defaults, then the stack file's values over them. */
function withProjectDefaults(project: PulumiProject, values: Record<string, unknown>): Map<string, unknown> {
  const provided = new Map<string, unknown>();
  for (const [key, declaration] of Object.entries(project.config)) {
    if (declaration.default !== undefined) {
      provided.set(key, declaration.default);
    }
  }
  for (const [key, value] of Object.entries(values)) {
    provided.set(fullKey(project.name, key), value);
  }
  return provided;
}

/** Fails with every problem at once: a typed key without a value, a value not of its declared type, a bare secret. */
function checkDeclaredValues(
  project: PulumiProject,
  stack: string,
  provided: ReadonlyMap<string, unknown>,
): void {
  const problems: string[] = [];
  for (const [key, declaration] of Object.entries(project.config)) {
    const value = provided.get(key);
    if (value === undefined) {
      if (declaration.type !== undefined) {
        problems.push(`Stack '${stack}' is missing configuration value '${key}'`);
      }
      continue;
    }
    const problem = typeProblem(stack, key, declaration, value);
    if (problem !== undefined) {
      problems.push(problem);
    }
  }
  if (problems.length > 0) {
    throw new ProjectError(problems.join("\n"));
  }
}

/** The values as the program reads them (strings, JSON for structured values), and the keys holding secrets. */
function programConfig(provided: ReadonlyMap<string, unknown>): {
  config: Record<string, string>;
  secretKeys: string[];
} {
  const config: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of provided) {
    const { text, secret } = configText(value);
    config[key] = text;
    if (secret) {
      secretKeys.add(key);
    }
  }
  return { config, secretKeys: [...secretKeys].sort() };
}

/** The environment whose policy pack config a stack's plan runs with: its `<project>:environment` config. */
export function policyEnvironmentOf(project: PulumiProject, settings: StackSettings): string {
  return settings.config[`${project.name}:environment`] ?? "";
}

/**
 * Registers the project's TypeScript loader (tools/register.cjs, which every script preloads) unless some TypeScript
 * hook (that loader, tsx in the tests, ts-node) is already registered.
 */
export function ensureTypeScriptHook(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  if (extensions[".ts"] === undefined) {
    Module.createRequire(__filename)("../register.cjs");
  }
}

// ---------------------------------------------------------------------------------------------------------------

function projectConfig(project: string, raw: unknown, file: string): Record<string, ProjectConfigKey> {
  if (raw === undefined || raw === null) {
    return {};
  }
  if (!isRecord(raw)) {
    throw new ProjectError(`${file}: 'config' must be a mapping of keys to values or declarations`);
  }
  const out: Record<string, ProjectConfigKey> = {};
  for (const [shortKey, value] of Object.entries(raw)) {
    const key = fullKey(project, shortKey);
    const foreign = !key.startsWith(`${project}:`);
    if (!isRecord(value)) {
      // A plain value (scalar or list) is the default for every stack.
      out[key] = { key, secret: false, ...(value === null ? {} : { default: value }) };
      continue;
    }
    if ("value" in value) {
      out[key] = { key, secret: false, default: value["value"] };
      continue;
    }
    if (foreign) {
      throw new ProjectError(
        `${file}: configuration key '${key}' is not namespaced by the project and should not define a type; ` +
          `give it a value instead ('${shortKey}: <value>' or '${shortKey}: { value: ... }')`,
      );
    }
    const type = value["type"];
    if (type !== undefined && !["string", "integer", "boolean", "array"].includes(String(type))) {
      throw new ProjectError(`${file}: configuration key '${key}' has unknown type ${JSON.stringify(type)}`);
    }
    out[key] = {
      key,
      ...(typeof type === "string" ? { type } : {}),
      ...(typeof value["description"] === "string" ? { description: value["description"] } : {}),
      secret: value["secret"] === true,
      ...("default" in value && value["default"] !== null ? { default: value["default"] } : {}),
    };
  }
  return out;
}

function typeProblem(
  stack: string,
  key: string,
  declaration: ProjectConfigKey,
  value: unknown,
): string | undefined {
  if (declaration.secret && !isSecure(value)) {
    return `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`;
  }
  if (isSecure(value) || declaration.type === undefined) {
    return undefined;
  }
  const ok =
    declaration.type === "string"
      ? typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      : declaration.type === "integer"
        ? Number.isInteger(typeof value === "string" ? Number(value) : value)
        : declaration.type === "boolean"
          ? typeof value === "boolean" || value === "true" || value === "false"
          : Array.isArray(value);
  return ok
    ? undefined
    : `Stack '${stack}' with configuration key '${key}' must be of type '${declaration.type}'`;
}

/**
 * The string the program sees for a config value, and whether it holds a `secure:` value (which cannot be decrypted
 * offline: it reads "[secret]").
 */
function configText(value: unknown): { text: string; secret: boolean } {
  if (isSecure(value)) {
    return { text: SECRET_PLACEHOLDER, secret: true };
  }
  if (value === null) {
    return { text: "", secret: false };
  }
  if (typeof value === "object") {
    let secret = false;
    const replaced = replaceSecure(value, () => {
      secret = true;
    });
    return { text: JSON.stringify(replaced), secret };
  }
  return { text: String(value), secret: false };
}

function replaceSecure(value: unknown, found: () => void): unknown {
  if (isSecure(value)) {
    found();
    return SECRET_PLACEHOLDER;
  }
  if (Array.isArray(value)) {
    return value.map((v) => replaceSecure(v, found));
  }
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, found)]));
  }
  return value;
}

function isSecure(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length === 1 && typeof value["secure"] === "string";
}

function fullKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function findPackageRoot(programPath: string): string | undefined {
  let dir = isDirectory(programPath) ? programPath : path.dirname(programPath);
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

function readPackageJson(dir: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** The entry point package.json names: `exports` (string, or `"."` string/default/require/import), else `main`. */
function packageEntryOf(manifest: Record<string, unknown>): string | undefined {
  const exportsField = manifest["exports"];
  if (typeof exportsField === "string") {
    return exportsField;
  }
  if (isRecord(exportsField)) {
    const dot = exportsField["."];
    if (typeof dot === "string") {
      return dot;
    }
    if (isRecord(dot)) {
      const chosen = [dot["default"], dot["require"], dot["import"]].find(
        (v) => typeof v === "string" && v !== "",
      );
      return chosen as string | undefined;
    }
    return undefined;
  }
  const main = manifest["main"];
  return typeof main === "string" && main !== "" ? main : undefined;
}

function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ProjectError(`${file}: ${(err as Error).message}`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
