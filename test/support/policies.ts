/**
 * Helpers for the policy specs: resources in the offline plan's shape, evaluated through the offline evaluator
 * (the SDK's own analyzer handlers), one pack at a time.
 */
import type { PackDefinition } from "../../policy-packs/lib/policy";
import type { PolicyPackConfigFile } from "../../tools/policy/config";
import type { PlanResourceLike, PolicyResult } from "../../tools/plan/model";
import { evaluatePolicyPacks, packVersion } from "../../tools/policy/evaluate";

export const STACK_URN_PREFIX = "urn:pulumi:test::platform::";
export const PROVIDER_URN = `${STACK_URN_PREFIX}pulumi:providers:aws::aws-ap-east-2`;
export const PROVIDER_REF = `${PROVIDER_URN}::04f1c4a2-0000-4000-8000-000000000001`;

/** The platform's required tags, as its providers set them. */
export const PLATFORM_TAGS: Readonly<Record<string, string>> = {
  Owner: "platform-team",
  CostCenter: "CC-1001",
  Environment: "prod",
  Project: "platform",
  ManagedBy: "pulumi",
};

/** An explicit AWS provider (`null` tags: no defaultTags); `defaultTags` JSON-encoded as the AWS SDK sends it. */
export function awsProvider(
  tags: Readonly<Record<string, string>> | null = PLATFORM_TAGS,
  encoding: "json" | "object" = "json",
): PlanResourceLike {
  const defaultTags = tags === null ? undefined : { tags };
  return {
    urn: PROVIDER_URN,
    type: "pulumi:providers:aws",
    name: "aws-ap-east-2",
    id: "04f1c4a2-0000-4000-8000-000000000001",
    inputs: {
      region: "ap-east-2",
      ...(defaultTags === undefined
        ? {}
        : { defaultTags: encoding === "json" ? JSON.stringify(defaultTags) : defaultTags }),
    },
    options: {},
  };
}

export function urnOf(type: string, name: string): string {
  return `${STACK_URN_PREFIX}${type}::${name}`;
}

/** A custom resource through the explicit provider. */
export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<Omit<PlanResourceLike, "type" | "name" | "inputs">> = {},
): PlanResourceLike {
  const { options, ...rest } = extra;
  return {
    urn: urnOf(type, name),
    type,
    name,
    inputs,
    ...rest,
    options: { provider: PROVIDER_REF, protect: false, ignoreChanges: [], dependsOn: [], ...options },
  };
}

/** A copy of `base` with top-level inputs replaced (undefined removes a key). */
export function withInputs(base: PlanResourceLike, patch: Record<string, unknown>): PlanResourceLike {
  const inputs: Record<string, unknown> = { ...base.inputs, ...patch };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete inputs[key];
    }
  }
  return { ...base, inputs };
}

export interface RunOptions {
  environment?: string;
  /** The pack's config file content (default: none, i.e. the policies' defaults). */
  config?: PolicyPackConfigFile;
}

/** Evaluates one pack over the resources (the AWS provider is added), as the engine would. */
export function run(
  pack: PackDefinition,
  resources: readonly PlanResourceLike[],
  options: RunOptions = {},
): Promise<PolicyResult[]> {
  return evaluatePolicyPacks([awsProvider(), ...resources], {
    environment: options.environment ?? "test",
    config: { [pack.name]: options.config ?? {} },
    packs: [pack],
  });
}

/**
 * Refuses fixtures that share a URN when `policy` is a stack policy: the engine knows a resource by its URN, so a
 * stack policy would see one of them, and a test meant to cover both would silently cover the last. (A resource
 * policy judges each resource it is sent, so repeating a fixture there is harmless.)
 */
function assertDistinctForStackPolicy(
  pack: PackDefinition,
  policy: string,
  resources: readonly PlanResourceLike[],
): void {
  const definition = pack.args.policies.find((p) => p.name === policy);
  if (definition === undefined || !("validateStack" in definition)) {
    return;
  }
  const urns = resources.map((r) => r.urn);
  const repeated = [...new Set(urns.filter((urn, index) => urns.indexOf(urn) !== index))];
  if (repeated.length > 0) {
    throw new Error(
      `fixtures of stack policy ${policy} share a URN (give each its own name): ${repeated.join(", ")}`,
    );
  }
}

/** The messages one policy reports over the resources. */
export async function messages(
  pack: PackDefinition,
  policy: string,
  resources: readonly PlanResourceLike[],
  options: RunOptions = {},
): Promise<string[]> {
  assertDistinctForStackPolicy(pack, policy, resources);
  return (await run(pack, resources, options)).filter((r) => r.policy === policy).map((r) => r.message);
}

/** `policy` messages with the name of the resource they are about, `name: message`. */
export async function findings(
  pack: PackDefinition,
  policy: string,
  resources: readonly PlanResourceLike[],
  options: RunOptions = {},
): Promise<string[]> {
  assertDistinctForStackPolicy(pack, policy, resources);
  return (await run(pack, resources, options))
    .filter((r) => r.policy === policy)
    .map((r) => `${r.name ?? "(stack)"}: ${r.message}`);
}

/**
 * What @pulumi/policy reports when a policy reads a value that is unknown during a preview (the plan's "[unknown]",
 * sent as the engine's unknown sentinel): the policy stops there, and the SDK reports an advisory note instead of a
 * verdict, whatever the policy's level (`server.js`, UnknownValueError). `kind` is the sentinel's type: the plan's
 * placeholder is always sent as the string one.
 */
export function cantRunDuringPreview(
  pack: PackDefinition,
  policy: string,
  path: string,
  kind: "string" | "boolean" | "number" | "Array" | "Object" = "string",
): Pick<PolicyResult, "pack" | "policy" | "enforcementLevel" | "message"> {
  return {
    pack: pack.name,
    policy,
    enforcementLevel: "advisory",
    message:
      `can't run policy '${policy}' from policy pack '${pack.name}@v${pack.version ?? packVersion(pack.name)}' ` +
      `during preview: ${kind} value at ` +
      `.${path} can't be known during preview`,
  };
}

/** The engine's unknown sentinels by type (@pulumi/policy's proxy.js), to send a typed unknown as the engine does. */
export const UNKNOWN = {
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  Array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  Object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

/**
 * Every verdict of every pack over what a component registered under the plan mocks (its provider included), with
 * the environment's pack config, as `pack/policy name: message`: what a component spec asserts is empty, or exactly
 * the verdicts it expects.
 */
export async function componentVerdicts(
  resources: readonly PlanResourceLike[],
  environment: "dev" | "staging" | "prod",
): Promise<string[]> {
  const results = await evaluatePolicyPacks(resources, { environment });
  return results.map((r) => `${r.pack}/${r.policy} ${r.name ?? "(stack)"}: ${r.message}`);
}
