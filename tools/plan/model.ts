/**
 * The offline plan's data model: the plan `npm run plan -- <stack> --json` writes (with insights, `PlanJson` in cli.ts), and what every tool that
 * reads a plan takes: the policy evaluation (tools/policy), the deploy-time and cost insights (tools/insights), the CI
 * summary (tools/ci) and the CLI-path comparison (tools/langhost). Types only, plus the placeholders that stand for
 * secret and unknown values everywhere in a plan.
 */
/** Placeholder of every secret value in a plan: inputs, state, outputs, and `secure:` config values. */
export const SECRET_PLACEHOLDER = "[secret]";
/** Placeholder of every value that is unknown at registration (only during a preview). */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** The resource options a plan records, from the registration request (mocks never see them). */
export interface PlanResourceOptions {
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  /** Every direct dependency the engine is told about: explicit `dependsOn` plus the input properties' ones. */
  dependsOn: string[];
  /** Provider reference `"<provider urn>::<provider id>"`; absent for the default provider. */
  provider?: string;
  /** The URNs the resource's `aliases` name (its former identities); absent when it has none. */
  aliases?: string[];
}

/** One resource of a plan, in registration order. Secrets are "[secret]", unknowns "[unknown]". */
export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  /** False for components and the stack. */
  custom?: boolean;
  /** True for resources read rather than managed (a StackReference): analyzed only as part of the stack. */
  read?: boolean;
  /** The id the mocks assigned (custom resources). */
  id?: string;
  /** Inputs. Providers' nested inputs may be JSON strings. */
  inputs: Record<string, unknown>;
  /** What the mocks returned: the outputs a real preview would know after creation (stack policies read them). */
  state?: Record<string, unknown>;
  /** What a component registered with `registerOutputs`. */
  outputs?: Record<string, unknown>;
  options: PlanResourceOptions;
  /** Input property -> URNs its value depends on (for the dependency graph). */
  propertyDependencies: Record<string, string[]>;
}

/** One planned stack: its resources, outputs and the policy packs' verdicts. */
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

/** Resource options the engine sends to analyzers that a plan does not record; a resource from elsewhere may. */
export interface EngineResourceOptions {
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs?: string[];
  aliases?: string[];
  customTimeouts?: { create?: number; update?: number; delete?: number };
}

/**
 * A resource as the policy evaluation takes it: a `PlanResource`, or one in its shape from elsewhere
 * (`npm run policy -- --resources <file>`, the tests) whose options and property dependencies may be partial, and
 * whose options may carry what the engine would send beside them.
 */
export interface PlanResourceLike extends Omit<PlanResource, "options" | "propertyDependencies"> {
  options: Partial<PlanResourceOptions> & EngineResourceOptions;
  propertyDependencies?: Record<string, string[]>;
}

/** A policy's level: from the pack, overridden by the environment's pack config; `disabled` policies do not run. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** One verdict of a policy pack: a violation, or a remediation it applied. */
export interface PolicyResult {
  pack: string;
  policy: string;
  enforcementLevel: EnforcementLevel;
  urn?: string;
  type?: string;
  name?: string;
  /**
   * What the policy reported, without the policy's description that the CLI prints above it. For a remediation
   * (`remediate`), the properties it changed.
   */
  message: string;
}

/** How many policies of a pack (or of all packs) ran, by kind, and how many the pack config disabled. */
export interface PolicyCounts {
  /** Policies that ran: `resource` + `stack`. */
  evaluated: number;
  /** Analyzed on each resource. */
  resource: number;
  /** Analyzed once over all resources. */
  stack: number;
  /** Set to `disabled` by the environment's pack config: not run, not counted as evaluated. */
  disabled: number;
}

/** The verdicts. */
export interface VerdictCounts {
  /** Mandatory violations (results), each blocks a deployment. */
  mandatory: number;
  /** Advisory violations (results), including the SDK's "can't run during preview" notes. */
  advisory: number;
  /** Remediations applied (`remediate` results). */
  remediate: number;
  /** Evaluated policies that reported no mandatory or advisory violation. */
  passed: number;
}

/** One pack of the policy summary. */
export interface PackSummary {
  name: string;
  version: string;
  /** The pack config file applied (`policy-packs/config/<environment>/<pack>.json`), or null: none (pack defaults). */
  config: string | null;
  policies: PolicyCounts;
  /** The levels the evaluated policies ran at. */
  levels: { mandatory: number; advisory: number; remediate: number };
  /** The policies the pack config disabled, by name. */
  disabled: string[];
  counts: VerdictCounts;
}

/** What the policy evaluation ran and found (the plan's `--json` field `policySummary`). */
export interface PolicySummary {
  /** The environment whose pack config applied (`platform:environment` of the stack). */
  environment: string;
  /**
   * Resources the resource policies analyzed one by one (all but read resources, e.g. stack references), and the
   * resources the stack policies saw (all).
   */
  resources: { analyzed: number; stack: number };
  /** Every pack that ran, in the order it ran. */
  packs: PackSummary[];
  /** Over all packs. */
  policies: PolicyCounts;
  /** Over all packs. */
  counts: VerdictCounts;
}
