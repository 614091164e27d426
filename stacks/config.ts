/**
 * The stack's configuration: the only module that reads `pulumi.Config`. `loadPlatformConfig` reads the raw values
 * and `validatePlatformConfig` turns them into one typed, defaulted `PlatformConfig`, or into the list of every
 * problem, each as `<namespace>:<key>.<path>: what is wrong and how to fix it` (DESIGN §5).
 *
 * Shapes are zod 4 schemas (strict objects, so a misspelt key is reported instead of ignored) with our own messages;
 * the rules between values (zones of the region, subnet layout, egress, tags, the primary's CIDR) run afterwards on
 * every part whose shape is valid, so one run reports all problems.
 */
import * as pulumi from "@pulumi/pulumi";
import { Validator } from "ip-num";
import { z } from "zod";
import { retentionProblem } from "../components/common/aws-limits";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  EGRESS_STRATEGIES,
  EgressStrategy,
  TierSpec,
  WorkloadCapacity,
  checkWorkloadCapacity,
  cidrProblems,
  cidrsOverlap,
  planSubnets,
  validateEgress,
  validateSubnetLayout,
} from "../components/regional-vpc/plan";
import { interfaceEndpointProblems } from "../components/regional-vpc/plan";
import { Problem, ValidationError, prefixProblems } from "../components/common/validation";
import { REGION_AZ_LETTERS, availabilityZonesOf } from "./regions";
import {
  describeValue,
  fallbackError,
  isRecord,
  list,
  map,
  messages,
  numeric,
  strict,
  structured,
  text,
  zodProblems,
} from "./config-sections/schema";
import { CiAccessConfig, checkCiAccess } from "./config-sections/ci-access";
import { DatabaseConfig, checkDatabase } from "./config-sections/database";
import { KafkaConfig, checkKafka } from "./config-sections/kafka";
import { KubernetesConfig, checkKubernetes } from "./config-sections/kubernetes";
import { ObservabilityConfig, checkObservability } from "./config-sections/observability";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** `primary` owns the global resources; `secondary` joins a primary through a stack reference. */
export const ROLES = ["primary", "secondary"] as const;
export type Role = (typeof ROLES)[number];

/** Tags every stack must set in `platform:tags`. */
export const REQUIRED_TAG_KEYS = ["Owner", "CostCenter"] as const;

/** Tags the program sets itself (from the project, `platform:environment` and `aws:region`); config may not set them. */
export const PROGRAM_TAG_KEYS = ["Project", "Environment", "Region", "ManagedBy"] as const;
type ProgramTagKey = (typeof PROGRAM_TAG_KEYS)[number];

const PROGRAM_TAG_SOURCES: Record<ProgramTagKey, string> = {
  Project: "the Pulumi project name",
  Environment: "platform:environment",
  Region: "aws:region",
  ManagedBy: "always pulumi",
};

/** AWS accepts at most 50 tags per resource, 128 characters per key and 256 per value. */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

export const DEFAULT_EGRESS: EgressStrategy = "nat-per-az";
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;

export interface NetworkConfig {
  /** The VPC's IPv4 CIDR, e.g. `10.0.0.0/16`. */
  cidr: string;
  /** Zone names of `aws:region`, in allocation order (append new zones at the end). */
  availabilityZones: string[];
  /** Subnet tiers (DESIGN §6). `edge` is optional: without it, `egress` must be `none`. */
  tiers: { data: TierSpec; workload: TierSpec; edge?: TierSpec };
  /** @default "nat-per-az" */
  egress: EgressStrategy;
  /** Interface endpoint services (the part after `com.amazonaws.<region>.`). @default DEFAULT_INTERFACE_ENDPOINTS */
  interfaceEndpoints: string[];
  /** Retention of the VPC flow log group, a CloudWatch Logs retention. @default 365 */
  flowLogRetentionDays: number;
  /** Peak nodes and pods per node the workload subnets must address; unchecked when absent. */
  workloadCapacity?: WorkloadCapacity;
}

export interface PlatformConfig {
  /** The Pulumi project (`pulumi.getProject()`). */
  project: string;
  /** The Pulumi stack (`pulumi.getStack()`). */
  stack: string;
  /** `aws:region`, one of the regions in `stacks/regions.ts`. */
  region: string;
  environment: Environment;
  role: Role;
  /** Secondary only: the primary's fully qualified stack name, `<organization>/<project>/<stack>`. */
  primaryStack?: string;
  /**
   * The stack's complete default tags: `platform:tags` followed by the tags the program sets (`Project`,
   * `Environment`, `Region`, `ManagedBy=pulumi`). Pass them to the regional provider's `defaultTags`.
   */
  tags: Record<string, string>;
  network: NetworkConfig;
  /** `platform:kafka`: the region's MSK cluster (every stack runs one). */
  kafka: KafkaConfig;
  /** `platform:database`: the region's cluster of the Aurora global database (every stack runs one). */
  database: DatabaseConfig;
  /** `platform:observability`: alarm addresses and the tuning of the region's ObservabilityStack (ADR 0016). */
  observability: ObservabilityConfig;
  /** `platform:kubernetes`: the region's EKS platform (every stack runs one). */
  kubernetes: KubernetesConfig;
  /** `platform:ciAccess`: present only in the stack that owns the account's GitHub CI roles (ADR 0008). */
  ciAccess?: CiAccessConfig;
}

export interface ConfigDependencies {
  /**
   * Reads the primary stack's VPC CIDR (through its StackReference); called only for a secondary whose
   * primaryStack and network.cidr are valid. Without it, the overlap check with the primary is skipped.
   */
  primaryVpcCidr?: (primaryStack: string) => Promise<string>;
}

/** Every problem of a stack's configuration, thrown once before any resource is registered. */
export class ConfigError extends ValidationError {
  name = "ConfigError";
  /** Not `stack`: that would replace `Error.stack`, which the CLI and Node.js read as the error's trace. */
  readonly stackName: string;

  constructor(stackName: string, problems: readonly Problem[]) {
    super(`Invalid configuration for stack ${stackName}`, problems);
    this.stackName = stackName;
  }
}

/**
 * Configuration values as read, before validation. Scalars are strings as Pulumi passes them; structured values
 * (`tags`, `network`) are JSON text (as Pulumi passes them) or the already parsed value.
 */
export interface RawConfig {
  readonly project: string;
  readonly stack: string;
  /** `aws:region` */
  readonly region?: string;
  /** `platform:environment` */
  readonly environment?: string;
  /** `platform:role` */
  readonly role?: string;
  /** `platform:primaryStack` */
  readonly primaryStack?: string;
  /** `platform:tags` */
  readonly tags?: unknown;
  /** `platform:network` */
  readonly network?: unknown;
  /** `platform:ciAccess` */
  readonly ciAccess?: unknown;
  /** `platform:kafka` */
  readonly kafka?: unknown;
  /** `platform:observability` */
  readonly observability?: unknown;
  /** `platform:kubernetes` */
  readonly kubernetes?: unknown;
  /** `platform:database` */
  readonly database?: unknown;
}

export interface ConfigValidation {
  /** Present exactly when `problems` is empty. */
  readonly config?: PlatformConfig;
  readonly problems: Problem[];
}

/** The fewest availability zones a stack of `environment` may use: prod survives the loss of a zone with spare. */
export function minimumAvailabilityZones(environment: Environment): number {
  switch (environment) {
    case "prod":
      return 3;
    case "staging":
    case "dev":
      return 2;
    default: {
      const unknown: never = environment;
      throw new Error(
        `unknown environment ${JSON.stringify(unknown)}; use one of ${ENVIRONMENTS.join(", ")}`,
      );
    }
  }
}

/**
 * Reads the stack's configuration and validates it. Throws one `ConfigError` listing every problem; call it before
 * creating any resource.
 */
export async function loadPlatformConfig(deps: ConfigDependencies = {}): Promise<PlatformConfig> {
  const platform = new pulumi.Config("platform");
  const aws = new pulumi.Config("aws");
  const raw: RawConfig = {
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    region: aws.get("region"),
    environment: platform.get("environment"),
    role: platform.get("role"),
    primaryStack: platform.get("primaryStack"),
    tags: platform.get("tags"),
    network: platform.get("network"),
    ciAccess: platform.get("ciAccess"),
    kafka: platform.get("kafka"),
    database: platform.get("database"),
    observability: platform.get("observability"),
    kubernetes: platform.get("kubernetes"),
  };
  const { config, problems } = await validatePlatformConfig(raw, deps);
  if (config === undefined) {
    throw new ConfigError(raw.stack, problems);
  }
  return config;
}

/**
 * Validates plain configuration values: every problem, in a fixed order (`aws:region`, `platform:environment`,
 * `platform:role`, `platform:primaryStack`, `platform:network`, `platform:tags`, `platform:ciAccess`,
 * `platform:kafka`, `platform:database`, `platform:observability`, `platform:kubernetes`, then the check against the
 * primary stack), and the typed configuration when there are none.
 */
export async function validatePlatformConfig(
  raw: RawConfig,
  deps: ConfigDependencies = {},
): Promise<ConfigValidation> {
  const problems: Problem[] = [];
  const region = checkRegion(raw.region, problems);
  const environment = checkChoice(raw.environment, ENVIRONMENTS, "environment", ENVIRONMENT_HELP, problems);
  const role = checkChoice(raw.role, ROLES, "role", ROLE_HELP, problems);
  const primaryStack = checkPrimaryStack(raw.primaryStack, role, problems);
  const beforeNetwork = problems.length;
  const network = checkNetwork(raw.network, raw.stack, region, environment, problems);
  // Kafka's broker/zone rules run on a valid network only; a zone problem is reported once, by the network.
  const zoneCount =
    problems.length === beforeNetwork ? network.complete?.availabilityZones.length : undefined;
  const userTags = checkTags(raw.tags, raw.stack, problems);
  const ciAccess = checkCiAccess(raw.ciAccess, raw.stack, problems);
  const kafka = checkKafka(raw.kafka, raw.stack, { environment, role, zoneCount }, problems);
  const database = checkDatabase(raw.database, raw.stack, environment, problems);
  const observability = checkObservability(raw.observability, raw.stack, { environment, region }, problems);
  const kubernetes = checkKubernetes(raw.kubernetes, raw.stack, environment, problems);

  if (role === "secondary" && primaryStack !== undefined && network.cidr !== undefined) {
    problems.push(...(await checkPrimaryCidr(primaryStack, network.cidr, deps)));
  }

  if (
    problems.length > 0 ||
    !region ||
    !environment ||
    !role ||
    !network.complete ||
    !userTags ||
    !kafka ||
    !database ||
    !observability ||
    !kubernetes
  ) {
    return { problems };
  }
  const tags: Record<string, string> = {
    ...userTags,
    Project: raw.project,
    Environment: environment,
    Region: region,
    ManagedBy: "pulumi",
  };
  const config: PlatformConfig = {
    project: raw.project,
    stack: raw.stack,
    region,
    environment,
    role,
    ...(primaryStack !== undefined ? { primaryStack } : {}),
    tags,
    network: network.complete,
    kafka,
    database,
    observability,
    kubernetes,
    ...(ciAccess !== undefined ? { ciAccess } : {}),
  };
  return { config, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Scalar keys

const ENVIRONMENT_HELP = `one of ${ENVIRONMENTS.join(", ")}`;
const ROLE_HELP = "primary (owns the global resources) or secondary (joins a primary)";
const STACK_NAME_EXAMPLE = "acme/platform/prod-taipei";
const FULLY_QUALIFIED_STACK = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

function isBlank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === "";
}

function checkRegion(region: string | undefined, problems: Problem[]): string | undefined {
  if (isBlank(region)) {
    problems.push({
      path: "aws:region",
      message: "missing; run `pulumi config set aws:region <region>`, e.g. ap-east-2",
    });
    return undefined;
  }
  if (availabilityZonesOf(region) === undefined) {
    problems.push({
      path: "aws:region",
      message:
        `${region} is not a region this platform knows (${Object.keys(REGION_AZ_LETTERS).join(", ")}); use one ` +
        "of them, or add the region with its zone letters to REGION_AZ_LETTERS in stacks/regions.ts",
    });
    return undefined;
  }
  return region;
}

function checkChoice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  key: string,
  help: string,
  problems: Problem[],
): T | undefined {
  const path = `platform:${key}`;
  if (isBlank(value)) {
    problems.push({ path, message: `missing; run \`pulumi config set ${path} <${key}>\` with ${help}` });
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    problems.push({ path, message: `${JSON.stringify(value)} is not an allowed ${key}; use ${help}` });
    return undefined;
  }
  return value as T;
}

function checkPrimaryStack(
  value: string | undefined,
  role: Role | undefined,
  problems: Problem[],
): string | undefined {
  const path = "platform:primaryStack";
  if (role === "primary") {
    if (!isBlank(value)) {
      problems.push({
        path,
        message:
          "is set, but a primary never references another stack; remove it " +
          "(`pulumi config rm platform:primaryStack`) or set platform:role to secondary",
      });
    }
    return undefined;
  }
  if (isBlank(value)) {
    if (role === "secondary") {
      problems.push({
        path,
        message:
          "missing; a secondary joins its primary through a stack reference: run " +
          `\`pulumi config set platform:primaryStack <organization>/<project>/<stack>\`, e.g. ${STACK_NAME_EXAMPLE}`,
      });
    }
    return undefined;
  }
  if (!FULLY_QUALIFIED_STACK.test(value)) {
    problems.push({
      path,
      message:
        `${JSON.stringify(value)} is not a fully qualified stack name; write it as ` +
        `<organization>/<project>/<stack>, e.g. ${STACK_NAME_EXAMPLE}`,
    });
    return undefined;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes: zod schemas whose every issue carries our own message

function tierSchema(example: string) {
  return strict(
    {
      prefixLength: numeric("the prefix length of the tier's subnets", "24"),
      cidrs: map(
        text("the subnet CIDR", "10.0.1.0/24"),
        "subnet CIDRs by zone",
        "{ap-east-2a: 10.0.1.0/24}",
      ).optional(),
    },
    "the tier",
    example,
  );
}

const NETWORK_EXAMPLE =
  "{cidr: 10.0.0.0/16, availabilityZones: [ap-east-2a, ap-east-2b, ap-east-2c], tiers: {…}}";

const NetworkSchema = strict(
  {
    cidr: text("the VPC CIDR", "10.0.0.0/16"),
    availabilityZones: list(
      text("a zone name", "ap-east-2a"),
      "the zone names",
      "[ap-east-2a, ap-east-2b, ap-east-2c]",
    ),
    tiers: strict(
      {
        data: tierSchema("{prefixLength: 24}"),
        workload: tierSchema("{prefixLength: 19}"),
        edge: tierSchema("{prefixLength: 26}").optional(),
      },
      "the subnet tiers",
      "{data: {prefixLength: 24}, workload: {prefixLength: 19}, edge: {prefixLength: 26}}",
    ),
    egress: text(`one of ${EGRESS_STRATEGIES.join(", ")}`, DEFAULT_EGRESS).default(DEFAULT_EGRESS),
    interfaceEndpoints: list(
      text("a service name", "ecr.api"),
      "the interface endpoint services",
      "[ecr.api, ecr.dkr, sts]",
    ).default(() => [...DEFAULT_INTERFACE_ENDPOINTS]),
    flowLogRetentionDays: numeric(
      "a CloudWatch Logs retention in days",
      String(DEFAULT_FLOW_LOG_RETENTION_DAYS),
    ).default(DEFAULT_FLOW_LOG_RETENTION_DAYS),
    workloadCapacity: strict(
      {
        nodes: numeric("the peak number of nodes", "60"),
        podsPerNode: numeric("the pods per node", "110"),
      },
      "the workload capacity",
      "{nodes: 60, podsPerNode: 110}",
    ).optional(),
  },
  "the network",
  NETWORK_EXAMPLE,
);

const TagsSchema = z.record(
  z.string(),
  z.string({
    error: (issue) =>
      typeof issue.input === "number" || typeof issue.input === "boolean"
        ? `is ${describeValue(issue.input)}, not a string; quote it: "${String(issue.input)}"`
        : `is ${describeValue(issue.input)}, not a string; set the tag value as text, e.g. platform-team`,
  }),
  messages("a map", "the tags", "{Owner: platform-team, CostCenter: CC-1001}"),
);

// ---------------------------------------------------------------------------------------------------------------
// platform:network

type NetworkShape = (typeof NetworkSchema)["shape"];

/** The network fields whose shape is valid (defaults applied), and the whole config when everything is valid. */
interface NetworkDraft {
  readonly cidr?: string;
  readonly complete?: NetworkConfig;
}

function field<K extends keyof NetworkShape>(
  value: Record<string, unknown>,
  key: K,
): z.output<NetworkShape[K]> | undefined {
  return NetworkSchema.shape[key].safeParse(value[key]).data as z.output<NetworkShape[K]> | undefined;
}

function checkNetwork(
  rawNetwork: unknown,
  stack: string,
  region: string | undefined,
  environment: Environment | undefined,
  problems: Problem[],
): NetworkDraft {
  const prefix = "platform:network";
  const value = structured(
    rawNetwork,
    prefix,
    `add the network map (cidr, availabilityZones, tiers, …) under config: in Pulumi.${stack}.yaml`,
    stack,
    problems,
  );
  if (value === undefined) {
    return {};
  }
  const parsed = NetworkSchema.safeParse(value, { error: fallbackError });
  if (!parsed.success) {
    problems.push(...zodProblems(prefix, parsed.error.issues));
  }
  if (!isRecord(value)) {
    return {};
  }
  const cidr = field(value, "cidr");
  const zones = field(value, "availabilityZones");
  const tiers = field(value, "tiers");
  const egress = field(value, "egress");
  const endpoints = field(value, "interfaceEndpoints");
  const retention = field(value, "flowLogRetentionDays");
  const capacity = field(value, "workloadCapacity");

  if (zones !== undefined) {
    problems.push(...zoneProblems(zones, region, environment));
  }

  let layoutValid = false;
  if (cidr !== undefined && zones !== undefined && tiers !== undefined) {
    const layout = validateSubnetLayout({ vpcCidr: cidr, availabilityZones: zones, tiers });
    layoutValid = layout.length === 0;
    // Zone problems (duplicates, empty list) are reported by zoneProblems, with the region's zones.
    problems.push(
      ...prefixProblems(
        prefix,
        layout.filter((p) => !p.path.startsWith("availabilityZones")),
      ),
    );
  }

  if (egress !== undefined) {
    // Whether an edge tier is configured does not depend on the tiers' shape being valid.
    const hasEdgeTier = isRecord(value.tiers) ? value.tiers.edge !== undefined : true;
    problems.push(...prefixProblems(prefix, validateEgress(egress, hasEdgeTier)));
  }

  if (endpoints !== undefined) {
    problems.push(...endpointProblems(endpoints, egress));
  }

  if (retention !== undefined) {
    const retentionMessage = retentionProblem(retention);
    if (retentionMessage !== undefined) {
      problems.push({ path: `${prefix}.flowLogRetentionDays`, message: retentionMessage });
    }
  }

  if (capacity !== undefined) {
    // With an invalid layout, only the capacity's own fields can be checked.
    const subnets = layoutValid
      ? planSubnets({ vpcCidr: cidr!, availabilityZones: zones!, tiers: tiers! })
      : [];
    problems.push(...prefixProblems(prefix, checkWorkloadCapacity(subnets, capacity)));
  }

  const validCidr =
    cidr !== undefined && cidrProblems("cidr", cidr, "VPC CIDR").length === 0 ? cidr : undefined;
  if (!parsed.success) {
    return { cidr: validCidr };
  }
  const data = parsed.data;
  const complete: NetworkConfig = {
    cidr: data.cidr,
    availabilityZones: data.availabilityZones,
    tiers: data.tiers,
    // validateEgress accepted it above (no problems).
    egress: data.egress as EgressStrategy,
    interfaceEndpoints: data.interfaceEndpoints,
    flowLogRetentionDays: data.flowLogRetentionDays,
    ...(data.workloadCapacity !== undefined ? { workloadCapacity: data.workloadCapacity } : {}),
  };
  return { cidr: validCidr, complete };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function zoneProblems(
  zones: readonly string[],
  region: string | undefined,
  environment: Environment | undefined,
): Problem[] {
  const path = "platform:network.availabilityZones";
  const problems: Problem[] = [];
  const regionZones = region === undefined ? undefined : availabilityZonesOf(region);
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (regionZones !== undefined && !regionZones.includes(zone)) {
      problems.push({
        path: `${path}[${index}]`,
        message: `${zone} is not a zone of ${region}; use one of ${regionZones.join(", ")}`,
      });
    } else if (seen.has(zone)) {
      problems.push({ path: `${path}[${index}]`, message: `${zone} is listed twice; list each zone once` });
    }
    seen.add(zone);
  });
  const needed = environment === undefined ? 1 : minimumAvailabilityZones(environment);
  const usable = regionZones === undefined ? [...seen] : regionZones.filter((zone) => seen.has(zone));
  if (usable.length < needed) {
    const of = regionZones === undefined ? "" : ` of ${region}`;
    const who = environment === undefined ? "a stack" : `a ${environment} stack`;
    const unused = regionZones?.filter((zone) => !seen.has(zone)) ?? [];
    const from = unused.length > 0 ? ` (unused: ${unused.join(", ")})` : "";
    problems.push({
      path,
      message: `has ${plural(usable.length, "zone")}${of}, but ${who} needs at least ${needed}; add ${needed - usable.length} more${from}`,
    });
  }
  return problems;
}

function endpointProblems(endpoints: readonly string[], egress: string | undefined): Problem[] {
  const path = "platform:network.interfaceEndpoints";
  // The component's own rules (names, gateway-only services, duplicates), so config and component agree.
  const problems = prefixProblems("platform:network", interfaceEndpointProblems(endpoints));
  const seen = new Set(endpoints);
  if (egress === "none") {
    const missing = DEFAULT_INTERFACE_ENDPOINTS.filter((service) => !seen.has(service));
    if (missing.length > 0) {
      problems.push({
        path,
        message:
          `egress none reaches AWS only through VPC endpoints, and the private EKS platform needs ` +
          `${DEFAULT_INTERFACE_ENDPOINTS.join(", ")}; add ${missing.join(", ")}`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// platform:tags

/** Characters AWS accepts in tag keys and values (the documented pattern shared by most services). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_HELP = "use letters, digits, spaces and _ . : / = + - @";

function checkTags(rawTags: unknown, stack: string, problems: Problem[]): Record<string, string> | undefined {
  const prefix = "platform:tags";
  const value = structured(
    rawTags,
    prefix,
    `add a map with ${REQUIRED_TAG_KEYS.join(" and ")}, e.g. \`pulumi config set --path 'platform:tags.Owner' platform-team\``,
    stack,
    problems,
  );
  if (value === undefined) {
    return undefined;
  }
  const parsed = TagsSchema.safeParse(value, { error: fallbackError });
  if (!parsed.success) {
    problems.push(...zodProblems(prefix, parsed.error.issues));
  }
  if (!isRecord(value)) {
    return undefined;
  }
  for (const key of REQUIRED_TAG_KEYS) {
    const tag = value[key];
    if (tag === undefined) {
      problems.push({
        path: `${prefix}.${key}`,
        message: `missing; every stack must name its ${key}: run \`pulumi config set --path 'platform:tags.${key}' <value>\``,
      });
    } else if (typeof tag === "string" && tag.trim() === "") {
      problems.push({
        path: `${prefix}.${key}`,
        message: `is blank; set the ${key} tag to a non-blank value`,
      });
    }
  }
  for (const [key, tag] of Object.entries(value)) {
    problems.push(...tagProblems(`${prefix}.${key}`, key, tag));
  }
  const total = Object.keys(value).length + PROGRAM_TAG_KEYS.length;
  if (total > MAX_TAGS_PER_RESOURCE) {
    problems.push({
      path: prefix,
      message:
        `${plural(Object.keys(value).length, "tag")} plus the ${PROGRAM_TAG_KEYS.length} the program sets exceed ` +
        `the ${MAX_TAGS_PER_RESOURCE} AWS allows per resource; remove ${total - MAX_TAGS_PER_RESOURCE}`,
    });
  }
  return parsed.success ? parsed.data : undefined;
}

function tagProblems(path: string, key: string, tag: unknown): Problem[] {
  const problems: Problem[] = [];
  if ((PROGRAM_TAG_KEYS as readonly string[]).includes(key)) {
    const source = PROGRAM_TAG_SOURCES[key as ProgramTagKey];
    problems.push({
      path,
      message: `the program sets ${key} itself (${source}); remove it from platform:tags`,
    });
    return problems;
  }
  if (key.toLowerCase().startsWith("aws:")) {
    problems.push({ path, message: "keys starting with aws: are reserved by AWS; rename the tag" });
  }
  if (key.trim() === "") {
    problems.push({ path, message: "blank tag key; give the tag a name" });
  }
  if (key.length > MAX_TAG_KEY_LENGTH) {
    problems.push({
      path,
      message: `the key has ${key.length} characters; AWS allows at most ${MAX_TAG_KEY_LENGTH}: shorten it`,
    });
  }
  if (!TAG_CHARACTERS.test(key)) {
    problems.push({
      path,
      message: `the key has characters AWS does not accept in tags; ${TAG_CHARACTERS_HELP}`,
    });
  }
  if (typeof tag === "string") {
    if (tag.length > MAX_TAG_VALUE_LENGTH) {
      problems.push({
        path,
        message: `the value has ${tag.length} characters; AWS allows at most ${MAX_TAG_VALUE_LENGTH}: shorten it`,
      });
    }
    if (!TAG_CHARACTERS.test(tag)) {
      problems.push({
        path,
        message: `the value has characters AWS does not accept in tags; ${TAG_CHARACTERS_HELP}`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The primary stack

async function checkPrimaryCidr(
  primaryStack: string,
  cidr: string,
  deps: ConfigDependencies,
): Promise<Problem[]> {
  if (deps.primaryVpcCidr === undefined) {
    return [];
  }
  let primaryCidr: string;
  try {
    primaryCidr = await deps.primaryVpcCidr(primaryStack);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        path: "platform:primaryStack",
        message:
          `cannot read the VPC CIDR of ${primaryStack} (${reason}); deploy the primary first, ` +
          "and check the stack name and your access to it",
      },
    ];
  }
  if (
    typeof primaryCidr !== "string" ||
    !Validator.isValidIPv4CidrNotation(primaryCidr)[0] ||
    !Validator.isValidIPv4CidrRange(primaryCidr)[0]
  ) {
    return [
      {
        path: "platform:primaryStack",
        message: `${primaryStack} reports the VPC CIDR ${JSON.stringify(primaryCidr)}, which is not an IPv4 CIDR; check the primary's outputs`,
      },
    ];
  }
  if (cidrsOverlap(cidr, primaryCidr)) {
    return [
      {
        path: "platform:network.cidr",
        message:
          `${cidr} overlaps ${primaryCidr}, the VPC CIDR of the primary ${primaryStack}; the VPCs are peered, ` +
          `so they must not overlap: pick a block outside ${primaryCidr}`,
      },
    ];
  }
  return [];
}
