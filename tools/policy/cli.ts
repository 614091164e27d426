/**
 * `npm run policy -- --resources <file.json> [--env <environment>]`
 *
 * Evaluates every policy pack offline (tools/policy/evaluate.ts) over a JSON list of resources in the offline plan's
 * shape, or a whole plan (`{ "resources": [...] }`, optionally with `"environment"`), with the pack config of the
 * environment (`--env`, else the file's `environment`, else dev). Prints `{ environment, summary, results }` as JSON.
 *
 * Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 bad arguments, input or pack config.
 */
import * as fs from "fs";
import Module from "module";
import { z } from "zod";
import type { PlanResourceLike, PolicyResult } from "../plan/model";

export const DEFAULT_ENVIRONMENT = "dev";

const USAGE = "usage: npm run policy -- --resources <file.json> [--env <environment>]";
const MORE = 'Run "npm run policy -- --help" for the options and exit codes.';

export const HELP = `npm run policy -- --resources <file.json> [--env <environment>]

Evaluates every policy pack (policy-packs/registry.ts) offline, as pulumi preview --policy-pack runs them, over a
JSON list of resources in the offline plan's shape, or a whole plan (npm run plan -- <stack> --json <file>), with
the pack config of the environment (policy-packs/config/<environment>/<pack>.json). Prints
{ environment, summary, results } as JSON on stdout.

Options:
  --resources <file.json>  the resources: a list, or an object with "resources" (and "environment"); required
  --env <environment>      whose pack config applies, a directory of policy-packs/config (dev, staging, prod);
                           default: the file's "environment", else ${DEFAULT_ENVIRONMENT}
  -h, --help               print this help and exit
  Values may also follow an equals sign: --resources=<file.json>, --env=<environment>.

Exit codes:
  0  no mandatory violation
  1  a mandatory violation
  2  bad arguments, unreadable or malformed input, or invalid pack config (the message is on stderr)

Example:
  npm run policy -- --resources .plan/prod-taipei.json --env prod
`;

const stringList = z.array(z.string());
/** A resource in the plan's shape (tools/plan/model.ts `PlanResourceLike`); more fields are let through. */
const resourceSchema = z.looseObject({
  urn: z.string().min(1),
  type: z.string().min(1),
  name: z.string(),
  parent: z.string().optional(),
  custom: z.boolean().optional(),
  read: z.boolean().optional(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  options: z.looseObject({
    protect: z.boolean().optional(),
    retainOnDelete: z.boolean().optional(),
    ignoreChanges: stringList.optional(),
    dependsOn: stringList.optional(),
    provider: z.string().optional(),
    deleteBeforeReplace: z.boolean().optional(),
    additionalSecretOutputs: stringList.optional(),
    aliases: stringList.optional(),
    customTimeouts: z
      .object({ create: z.number().optional(), update: z.number().optional(), delete: z.number().optional() })
      .optional(),
  }),
  propertyDependencies: z.record(z.string(), stringList).optional(),
}) satisfies z.ZodType<PlanResourceLike>;
const resourcesSchema = z.array(resourceSchema);

export interface PolicyCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(file: string): string;
}

const processIo: PolicyCliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (file) => fs.readFileSync(file, "utf8"),
};

interface CliArgs {
  resources: string;
  env?: string;
}

function parseArgs(argv: readonly string[]): CliArgs | string {
  let resources: string | undefined;
  let env: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    const value = inline ?? argv[++i];
    if (flag !== "--resources" && flag !== "--env") {
      return `unknown argument ${JSON.stringify(arg)}`;
    }
    if (value === undefined || value === "") {
      return `${flag} needs a value`;
    }
    if (flag === "--resources") {
      resources = value;
    } else {
      env = value;
    }
  }
  if (resources === undefined) {
    return "--resources is required";
  }
  return env === undefined ? { resources } : { resources, env };
}

function summary(results: readonly PolicyResult[]): Record<string, number> {
  const counts: Record<string, number> = { mandatory: 0, advisory: 0, remediate: 0 };
  for (const result of results) {
    counts[result.enforcementLevel] = (counts[result.enforcementLevel] ?? 0) + 1;
  }
  return counts;
}

/** Runs the CLI; returns the exit code. */
export async function runPolicyCli(argv: readonly string[], io: PolicyCliIo = processIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(HELP);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr(`${args}\n${USAGE}\n${MORE}\n`);
    return 2;
  }
  // Loaded once the arguments are good: the evaluator loads @pulumi/policy and every pack.
  const load = Module.createRequire(__filename);
  const { evaluatePolicyPacks, hasMandatoryViolation } = load("./evaluate") as typeof import("./evaluate");
  const { PolicyConfigError } = load("./config") as typeof import("./config");
  let raw: unknown;
  try {
    raw = JSON.parse(io.readFile(args.resources));
  } catch (error) {
    io.stderr(`cannot read ${args.resources}: ${(error as Error).message}\n`);
    return 2;
  }
  // A list of resources, or a whole plan with `resources` (and maybe `environment`).
  const plan =
    raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const list = Array.isArray(raw) ? raw : plan["resources"];
  if (!Array.isArray(list)) {
    io.stderr(`${args.resources} is neither a list of plan resources nor a plan with "resources"\n`);
    return 2;
  }
  const parsed = resourcesSchema.safeParse(list);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `  resources.${issue.path.join(".")}: ${issue.message}`);
    io.stderr(`${args.resources} has resources not in the plan's shape:\n${problems.join("\n")}\n`);
    return 2;
  }
  const resources: PlanResourceLike[] = parsed.data;
  const fileEnvironment = typeof plan["environment"] === "string" ? plan["environment"] : undefined;
  const environment = args.env ?? fileEnvironment ?? DEFAULT_ENVIRONMENT;
  let results: PolicyResult[];
  try {
    results = await evaluatePolicyPacks(resources, { environment });
  } catch (error) {
    if (error instanceof PolicyConfigError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  io.stdout(`${JSON.stringify({ environment, summary: summary(results), results }, null, 2)}\n`);
  return hasMandatoryViolation(results) ? 1 : 0;
}

if (require.main === module) {
  runPolicyCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // At the project's TypeScript lines (tools/register.cjs).
      process.setSourceMapsEnabled(true);
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
