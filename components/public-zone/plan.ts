/**
 * Pure planning for `PublicZone`: the arguments (all plain), their defaults and rules, the names of the query-log
 * resources, and the documents that let Route 53 write DNS query logs into a KMS-encrypted log group in us-east-1
 * (ADR 0027). No `@pulumi/*` import: every rule and grant is tested without mocks.
 */
import { domainNameProblem, retentionProblem } from "../common/aws-limits";
import { PolicyDocument, accountRootArn, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";
import { KEY_ADMINISTRATION_ACTIONS } from "../regional-keys/plan";

/**
 * The only region Route 53 delivers public DNS query logs to: the log group, its key and the CloudWatch Logs resource
 * policy live there, whatever the stack's region (Route 53 Developer Guide, "Public DNS query logging";
 * CreateQueryLoggingConfig: "You must create the log group in the us-east-1 region").
 */
export const QUERY_LOG_REGION = "us-east-1";

export interface PublicZoneArgs {
  /**
   * The domain the zone serves (e.g. `kimkao.io`), lowercase, without a trailing dot. Plain: it names the zone, the
   * query log group and its resource policy. Delegate it at the registrar to the zone's `nameServers`.
   */
  readonly domain: string;
  /**
   * Logs every DNS query Route 53 answers for the zone to a CloudWatch log group in us-east-1, encrypted with a
   * customer KMS key the component creates there (the v7 provider's per-resource `region`, so the stack's own
   * provider, with its default tags and pinned account, creates them). Plain: it decides which resources exist.
   * @default true
   */
  readonly queryLogging?: boolean;
  /**
   * Retention of the query log group, in days; one of the values CloudWatch Logs accepts.
   * @default 365
   */
  readonly queryLogRetentionDays?: number;
  /**
   * Protects the zone (its delegation at the registrar points at its name servers; a new zone gets new ones) and the
   * query logs' key (`protect: true`). The stacks turn it on in prod.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Extra tags on every child that takes tags; the required tags come from the provider's `defaultTags`, the
   * component's own `Name` wins over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied. */
export interface ResolvedPublicZoneArgs {
  readonly domain: string;
  readonly queryLogging: boolean;
  readonly queryLogRetentionDays: number;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const publicZoneDefaults = {
  queryLogging: true,
  queryLogRetentionDays: 365,
  protect: false,
  tags: {},
} as const satisfies Partial<ResolvedPublicZoneArgs>;

/** Applies the defaults (`??`: an explicit 0 or false is kept and validated, never replaced). */
export function withDefaults(args: PublicZoneArgs): ResolvedPublicZoneArgs {
  return {
    domain: args.domain,
    queryLogging: args.queryLogging ?? publicZoneDefaults.queryLogging,
    queryLogRetentionDays: args.queryLogRetentionDays ?? publicZoneDefaults.queryLogRetentionDays,
    protect: args.protect ?? publicZoneDefaults.protect,
    tags: args.tags ?? publicZoneDefaults.tags,
  };
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds the problem of its
 * provider (`validatePublicZoneArgs`); empty when the component can be built.
 */
export function publicZoneArgsProblems(args: ResolvedPublicZoneArgs): Problem[] {
  const problems: Problem[] = [];
  const domain = domainNameProblem(args.domain);
  if (domain !== undefined) {
    problems.push({ path: "domain", message: domain });
  }
  if (args.queryLogging) {
    const retention = retentionProblem(args.queryLogRetentionDays);
    if (retention !== undefined) {
      problems.push({ path: "queryLogRetentionDays", message: retention });
    }
  }
  return problems;
}

/** The query log group, under the prefix the Route 53 documentation recommends: `/aws/route53/<domain>`. */
export function queryLogGroupName(domain: string): string {
  return `/aws/route53/${domain}`;
}

/** The CloudWatch Logs resource policy that admits Route 53 to the zone's query log group (one per zone). */
export function queryLogPolicyName(domain: string): string {
  return `route53-query-logs-${domain}`;
}

/** The account and partition the query-log documents are written for, and the domain they are about. */
export interface QueryLogPolicyContext {
  readonly accountId: string;
  /** `aws`, `aws-cn`, … */
  readonly partition: string;
  /** `amazonaws.com`, … */
  readonly dnsSuffix: string;
  readonly domain: string;
}

/** The ARN of the zone's query log group in us-east-1. */
export function queryLogGroupArn(ctx: QueryLogPolicyContext): string {
  return `arn:${ctx.partition}:logs:${QUERY_LOG_REGION}:${ctx.accountId}:log-group:${queryLogGroupName(ctx.domain)}`;
}

/**
 * The query logs' key: the account administers it (no cryptographic action), and CloudWatch Logs in us-east-1
 * encrypts and decrypts the zone's query log group with it, and no other log group.
 */
export function queryLogKeyPolicy(ctx: QueryLogPolicyContext): PolicyDocument {
  return policyDocument([
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(ctx.partition, ctx.accountId) },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogsEncryptsQueryLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${QUERY_LOG_REGION}.${ctx.dnsSuffix}` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": queryLogGroupArn(ctx) } },
    },
  ]);
}

/**
 * The CloudWatch Logs resource policy: Route 53 creates streams and writes events in the zone's query log group
 * only, on behalf of this zone of this account (the confused-deputy conditions the Route 53 guide recommends).
 */
export function queryLogResourcePolicy(ctx: QueryLogPolicyContext, zoneId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "Route53WritesQueryLogs",
      Effect: "Allow",
      Principal: { Service: "route53.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${queryLogGroupArn(ctx)}:*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:route53:::hostedzone/${zoneId}` },
      },
    },
  ]);
}
