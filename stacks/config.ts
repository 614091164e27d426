/**
 * The stack's configuration: the only module that reads `pulumi.Config` (ADR 0003). `loadPlatformConfig` reads the
 * raw values and `validatePlatformConfig` runs the section of each key (`config-sections/`, one shape: the raw
 * value and what the keys before it settled in, the typed value or the problems out), in a fixed order, then the rules
 * between stacks (a secondary against its primary's outputs). The result is one typed, defaulted
 * `PlatformConfig`, or every problem, each as `<namespace>:<key>.<path>: what is wrong and how to fix it`, thrown as
 * one `ConfigError` before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { Problem, ValidationError } from "../components/common/validation";
import { checkAccountId } from "./config-sections/account";
import { AuditConfig, checkAudit } from "./config-sections/audit";
import { CiAccessConfig, checkCiAccess } from "./config-sections/ci-access";
import { BackupConfig, backupCopyRegionProblems, checkBackup } from "./config-sections/backup";
import { CostConfig, checkCost } from "./config-sections/cost";
import { SecurityConfig, checkSecurity } from "./config-sections/security";
import { DatabaseConfig, checkDatabase } from "./config-sections/database";
import { EdgeConfig, checkEdge } from "./config-sections/edge";
import { KafkaConfig, checkKafka } from "./config-sections/kafka";
import { KnownKeys, unknownKeyProblems } from "./config-sections/keys";
import { KubernetesConfig, checkKubernetes } from "./config-sections/kubernetes";
import { NetworkConfig, checkNetwork } from "./config-sections/network";
import { ObservabilityConfig, checkObservability } from "./config-sections/observability";
import { PrimaryFactsReader, checkPrimaryStack, primaryProblems } from "./config-sections/primary-stack";
import { RegistriesConfig, checkRegistries } from "./config-sections/registries";
import { Environment, Role, SectionContext, SectionResult } from "./config-sections/section";
import { checkEnvironment, checkRegion, checkRole } from "./config-sections/stack";
import { StorageConfig, checkStorage } from "./config-sections/storage";
import { checkTags, withProgramTags } from "./config-sections/tags";
import type { PrimaryFacts } from "./contract";

export type {
  AuditConfig,
  BackupConfig,
  CiAccessConfig,
  CostConfig,
  SecurityConfig,
  DatabaseConfig,
  EdgeConfig,
  KafkaConfig,
  KubernetesConfig,
  NetworkConfig,
  ObservabilityConfig,
  RegistriesConfig,
  StorageConfig,
};
export type { Environment, PrimaryFacts, Role };

export interface PlatformConfig {
  /** The Pulumi project (`pulumi.getProject()`). */
  project: string;
  /** The Pulumi stack (`pulumi.getStack()`). */
  stack: string;
  /** `aws:region`, one of the regions in `stacks/regions.ts`. */
  region: string;
  /** `platform:accountId`: the only AWS account the stack's providers accept. */
  accountId: string;
  environment: Environment;
  role: Role;
  /** Secondary only: the primary's fully qualified stack name, `<organization>/<project>/<stack>`. */
  primaryStack?: string;
  /** Secondary only: what was read from the primary's outputs and checked against this stack's config. */
  primaryFacts?: PrimaryFacts;
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
  /** `platform:registries`: the region's ECR repositories (every stack has them; optional key, all defaults). */
  registries: RegistriesConfig;
  /** `platform:ciAccess`: present only in the stack that owns the account's GitHub CI roles (ADR 0008). */
  ciAccess?: CiAccessConfig;
  /** `platform:edge`: the region's load balancer, WAF and weighted records, and the zone where this stack owns it. */
  edge?: EdgeConfig;
  /** `platform:cost`: the stack's budget and, in one stack per account, Cost Anomaly Detection (`CostGuardrails`). */
  cost?: CostConfig;
  /** `platform:security`: the region's threat detection and account security defaults (`ThreatDetection`, ADR 0030). */
  security: SecurityConfig;
  /** `platform:audit`: the account trail (primary) and the Region's Config recorder this stack owns (ADR 0031). */
  audit?: AuditConfig;
  /** `platform:backup`: the region's AWS Backup vault, plan, copies and restore test (`BackupProtection`, ADR 0032). */
  backup?: BackupConfig;
  /** `platform:storage`: the region's buckets' retention and Object Lock (every stack has them; optional key). */
  storage: StorageConfig;
}

export interface ConfigDependencies {
  /**
   * Reads the primary stack's facts (through its StackReference); called only for a secondary whose primaryStack
   * and network.cidr are valid. Without it, the checks against the primary are skipped (and a secondary has no
   * `primaryFacts`).
   */
  primary?: PrimaryFactsReader;
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
 * Every key the program reads, by namespace; `loadPlatformConfig` reads exactly these, and any other key of these
 * namespaces is a config error naming the nearest of them.
 */
export const READ_KEYS = {
  aws: ["region"],
  platform: [
    "environment",
    "role",
    "accountId",
    "primaryStack",
    "tags",
    "network",
    "ciAccess",
    "kafka",
    "database",
    "observability",
    "kubernetes",
    "registries",
    "edge",
    "cost",
    "security",
    "audit",
    "backup",
    "storage",
  ],
} as const satisfies KnownKeys;

/** Why only `aws:region` of the `aws:` namespace counts. */
const KEY_NOTES = {
  aws:
    "the platform's AWS providers are explicit and take only the region from config; give credentials and profiles " +
    "through the environment (AWS_PROFILE, OIDC in CI)",
};

/**
 * Configuration values as read, before validation. Scalars are strings as Pulumi passes them; structured values
 * (`tags`, `network`) are JSON text (as Pulumi passes them) or the already parsed value.
 */
export interface RawConfig {
  readonly project: string;
  readonly stack: string;
  /** Every key the stack sets, as `<namespace>:<key>`; unread keys of read namespaces are problems. */
  readonly keys?: readonly string[];
  /** `aws:region` */
  readonly region?: string;
  /** `platform:accountId` */
  readonly accountId?: string;
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
  /** `platform:registries` */
  readonly registries?: unknown;
  /** `platform:edge` */
  readonly edge?: unknown;
  /** `platform:cost` */
  readonly cost?: unknown;
  /** `platform:security` */
  readonly security?: unknown;
  /** `platform:audit` */
  readonly audit?: unknown;
  /** `platform:backup` */
  readonly backup?: unknown;
  /** `platform:storage` */
  readonly storage?: unknown;
}

export interface ConfigValidation {
  /** Present exactly when `problems` is empty. */
  readonly config?: PlatformConfig;
  readonly problems: Problem[];
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
    keys: Object.keys(pulumi.runtime.allConfig()),
    region: aws.get("region"),
    accountId: platform.get("accountId"),
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
    registries: platform.get("registries"),
    edge: platform.get("edge"),
    cost: platform.get("cost"),
    security: platform.get("security"),
    audit: platform.get("audit"),
    backup: platform.get("backup"),
    storage: platform.get("storage"),
  };
  const { config, problems } = await validatePlatformConfig(raw, deps);
  if (config === undefined) {
    throw new ConfigError(raw.stack, problems);
  }
  return config;
}

/**
 * Validates plain configuration values: every problem, in a fixed order (unread keys, `aws:region`,
 * `platform:accountId`, `platform:environment`,
 * `platform:role`, `platform:primaryStack`, `platform:network`, `platform:tags`, `platform:ciAccess`,
 * `platform:kafka`, `platform:database`, `platform:observability`, `platform:kubernetes`, `platform:registries`,
 * `platform:edge`, `platform:cost`, `platform:security`, `platform:audit`, `platform:backup`, `platform:storage`, then the checks against the primary stack), and the typed configuration when there are none.
 */
export async function validatePlatformConfig(
  raw: RawConfig,
  deps: ConfigDependencies = {},
): Promise<ConfigValidation> {
  const problems: Problem[] = [];
  const take = <T>(result: SectionResult<T>): T | undefined => {
    problems.push(...result.problems);
    return result.value;
  };
  problems.push(...unknownKeyProblems(raw.keys ?? [], READ_KEYS, KEY_NOTES));
  const region = take(checkRegion(raw.region, { stack: raw.stack }));
  const accountId = take(checkAccountId(raw.accountId, { stack: raw.stack }));
  const environment = take(checkEnvironment(raw.environment, { stack: raw.stack }));
  const role = take(checkRole(raw.role, { stack: raw.stack }));
  const stack: SectionContext = { stack: raw.stack, project: raw.project, region, environment, role };
  const primaryStack = take(checkPrimaryStack(raw.primaryStack, stack));
  const networkResult = checkNetwork(raw.network, stack);
  const network = take(networkResult);
  // Kafka's broker/zone rules run on a valid network only; a zone problem is reported once, by the network.
  const context: SectionContext = { ...stack, zoneCount: network?.availabilityZones.length };
  const userTags = take(checkTags(raw.tags, context));
  const ciAccess = take(checkCiAccess(raw.ciAccess, context));
  const kafka = take(checkKafka(raw.kafka, context));
  const database = take(checkDatabase(raw.database, context));
  const observability = take(checkObservability(raw.observability, context));
  const kubernetes = take(checkKubernetes(raw.kubernetes, context));
  const registries = take(checkRegistries(raw.registries, context));
  // The load balancer's subnets: the edge tier, in every zone of a valid network.
  const edgeZoneCount =
    network === undefined ? undefined : network.tiers.edge ? network.availabilityZones.length : 0;
  const edge = take(checkEdge(raw.edge, { ...context, edgeZoneCount }));
  const cost = take(checkCost(raw.cost, context));
  const security = take(checkSecurity(raw.security, context));
  const audit = take(checkAudit(raw.audit, context));
  const backup = take(checkBackup(raw.backup, context));
  const storage = take(
    checkStorage(raw.storage, { ...context, ...(accountId !== undefined ? { accountId } : {}) }),
  );

  const cidr = networkResult.valid?.cidr;
  let primaryFacts: PrimaryFacts | undefined;
  if (role === "secondary" && primaryStack !== undefined && cidr !== undefined) {
    const mine = {
      region,
      environment,
      accountId,
      cidr,
      databaseEngineVersion: database?.engineVersion,
      // Only a secondary with a valid edge reads the primary's zone.
      ...(edge !== undefined ? { edgeDomain: edge.domain } : {}),
    };
    const checked = await primaryProblems(primaryStack, mine, deps.primary);
    problems.push(...checked.problems);
    primaryFacts = checked.facts;
    if (primaryFacts !== undefined) {
      problems.push(...backupCopyRegionProblems(backup, primaryFacts.region));
    }
  }

  if (
    problems.length > 0 ||
    !region ||
    !accountId ||
    !environment ||
    !role ||
    !network ||
    !userTags ||
    !kafka ||
    !database ||
    !observability ||
    !kubernetes ||
    !registries ||
    !security ||
    !storage
  ) {
    return { problems };
  }
  const config: PlatformConfig = {
    project: raw.project,
    stack: raw.stack,
    region,
    accountId,
    environment,
    role,
    ...(primaryStack !== undefined ? { primaryStack } : {}),
    ...(primaryFacts !== undefined ? { primaryFacts } : {}),
    tags: withProgramTags(userTags, { project: raw.project, environment, region }),
    network,
    kafka,
    database,
    observability,
    kubernetes,
    registries,
    security,
    storage,
    ...(ciAccess !== undefined ? { ciAccess } : {}),
    ...(edge !== undefined ? { edge } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(audit !== undefined ? { audit } : {}),
    ...(backup !== undefined ? { backup } : {}),
  };
  return { config, problems };
}
