/**
 * Building blocks for the packs' policies. Type-only imports: nothing here loads @pulumi/policy, @pulumi/aws or
 * @pulumi/eks at runtime, so policies stay cheap to import (tests, the offline evaluator) and a pack process needs
 * no resource SDK.
 */
import type {
  PolicyConfigSchema,
  PolicyPackArgs,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";

/** A pack as `new PolicyPack(name, args)` takes it; `index.ts` of each pack only does that. */
export interface PackDefinition {
  /** Pack name, also its directory under `policy-packs/`. */
  readonly name: string;
  readonly args: PolicyPackArgs;
  /** Version for packs without a package.json under policy-packs/ (test packs); real packs use package.json's. */
  readonly version?: string;
}

/** What a policy sees of a resource's inputs: the resource's Args with every Input unwrapped. */
export type Inputs<TArgs> = Unwrap<NonNullable<TArgs>>;

/**
 * A validation that runs only on resources of `type`, like @pulumi/policy's `validateResourceOfType` but keyed by the
 * type token, so no resource class has to be loaded. The token is attached as `__pulumiType`, which lets the
 * analyzer skip other types cheaply (the same fast path `validateResourceOfType` gets).
 */
export function validateType<TProps>(
  type: string,
  validate: (props: TProps, args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>,
): ResourceValidation {
  const fn = (args: ResourceValidationArgs, report: ReportViolation): void | Promise<void> =>
    args.type === type ? validate(args.props as TProps, args, report) : undefined;
  return Object.assign(fn, { __pulumiType: type });
}

/** Stack resources of one of `types`. */
export function resourcesOfType(args: StackValidationArgs, ...types: string[]): PolicyResource[] {
  return args.resources.filter((r) => types.includes(r.type));
}

/**
 * The policy's config with its defaults. The engine already fills schema defaults in before it configures a pack;
 * applying them again keeps direct calls (hand-built args) and the engine in agreement.
 */
export function configWithDefaults<T extends object>(
  args: { getConfig<C extends object>(): C },
  defaults: T,
): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** A config schema; `properties` as JSON schema with `default`s, mirroring the policy's defaults constant. */
export function schema(
  properties: PolicyConfigSchema["properties"],
  required?: string[],
): PolicyConfigSchema {
  return required === undefined ? { properties } : { properties, required };
}
