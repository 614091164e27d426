/**
 * Pure planning for `RegionalEdge`: the plain arguments with their defaults and rules, and what the component
 * computes from them. The subjects are split under `./plan/`: the applications and their hosts
 * (`applications.ts`), the certificate and its validation records (`certificate.ts`), the access-log bucket
 * (`access-logs.ts`: ALB delivery supports SSE-S3 only, and who delivers per region), the web ACL (`waf.ts`) and
 * the health checks (`routing.ts`). No `@pulumi/*` import: every rule is tested without mocks, and a config section
 * can check the edge's keys with exactly these rules.
 */
import { domainNameProblem, isRegionName, retentionProblem } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import { MAX_BUCKET_PREFIX_LENGTH } from "../secure-bucket/plan";
import { accessLogBucketPrefix } from "./plan/access-logs";
import { EdgeApplication, applicationProblems, isWholeNumberIn } from "./plan/applications";
import { MAX_CERTIFICATE_DOMAIN_LENGTH } from "./plan/certificate";
import { MAX_ROUTING_WEIGHT } from "./plan/routing";
import { WAF_RATE_LIMIT_MAX, WAF_RATE_LIMIT_MIN } from "./plan/waf";

export * from "./plan/access-logs";
export * from "./plan/applications";
export * from "./plan/certificate";
export * from "./plan/routing";
export * from "./plan/waf";

/** The plain arguments: what the plan computes with (the component's `args.ts` adds the Outputs). */
export interface RegionalEdgePlanInput {
  /**
   * The domain of the public zone (e.g. `kimkao.io`), at most 64 characters (ACM's first name): with an application
   * key of at most 63 and a region of at most 16, every regional host stays within a domain name's 253.
   */
  readonly domain: string;
  /** The region of this edge (the provider's), e.g. `ap-east-2`: part of the regional hosts and the record set ids. */
  readonly region: string;
  /** The environment (`dev`, `prod`, …): part of the log group, bucket and metric names. */
  readonly environment: string;
  /** The applications by key (the first label of their regional hosts). */
  readonly applications: Readonly<Record<string, EdgeApplication>>;
  /** This region's routing weight, 0 (drained) to 255. */
  readonly weight: number;
  /** How many edge subnets the load balancer is placed in. */
  readonly edgeSubnetCount: number;
  /** Retention of the WAF log group and the access logs, in days (a CloudWatch Logs retention). */
  readonly logRetentionDays: number;
  /** Requests per client IP per 5 minutes before the rate-based rule blocks it. */
  readonly wafRateLimit: number;
}

/** The defaults, in one place. */
export const regionalEdgeDefaults = {
  logRetentionDays: 365,
  wafRateLimit: 2000,
  protect: false,
  tags: {},
} as const;

/** Environments as they appear in names: 1 to 10 lowercase letters, digits and inner hyphens. */
const ENVIRONMENT = /^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/;

/** Component names as they appear in log group and metric names: lowercase letters, digits and inner hyphens. */
const COMPONENT_NAME = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

/**
 * Every problem of the component's name and (defaulted) plain arguments, with paths relative to the arguments. The
 * component adds the problem of its provider; empty when the component can be built.
 */
export function regionalEdgeArgsProblems(name: string, args: RegionalEdgePlanInput): Problem[] {
  const problems: Problem[] = [];
  if (!COMPONENT_NAME.test(name)) {
    problems.push({
      path: "name",
      message: `${JSON.stringify(name)} cannot name an edge: it is part of its WAF log group and metric names; use 1 to 32 lowercase letters, digits and inner hyphens (e.g. edge)`,
    });
  }
  const domain = domainNameProblem(args.domain);
  if (domain !== undefined) {
    problems.push({ path: "domain", message: domain });
  } else if (args.domain.length > MAX_CERTIFICATE_DOMAIN_LENGTH) {
    problems.push({
      path: "domain",
      message: `${args.domain} has ${args.domain.length} characters; ACM takes at most ${MAX_CERTIFICATE_DOMAIN_LENGTH} for a certificate's first name, so use a shorter domain`,
    });
  }
  if (!isRegionName(args.region)) {
    problems.push({
      path: "region",
      message: `${JSON.stringify(args.region)} is not a region name; use the name AWS gives the provider's region (e.g. ap-east-2)`,
    });
  }
  if (!ENVIRONMENT.test(args.environment)) {
    problems.push({
      path: "environment",
      message: `${JSON.stringify(args.environment)} cannot be part of the edge's names; use 1 to 10 lowercase letters, digits and inner hyphens (e.g. prod)`,
    });
  } else if (
    isRegionName(args.region) &&
    accessLogBucketPrefix(args.environment, args.region).length > MAX_BUCKET_PREFIX_LENGTH
  ) {
    problems.push({
      path: "environment",
      message: `the access-log bucket's prefix ${accessLogBucketPrefix(args.environment, args.region)} would be longer than the ${MAX_BUCKET_PREFIX_LENGTH} characters S3 allows; use a shorter environment`,
    });
  }
  problems.push(...applicationProblems(args.applications, args.domain));
  if (!isWholeNumberIn(args.weight, 0, MAX_ROUTING_WEIGHT)) {
    problems.push({
      path: "weight",
      message: `${args.weight} is not a Route 53 weight; use a whole number from 0 (drains this region) to ${MAX_ROUTING_WEIGHT}`,
    });
  }
  if (args.edgeSubnetCount < 2) {
    problems.push({
      path: "edgeSubnetIds",
      message: `${args.edgeSubnetCount === 0 ? "no edge subnets" : "one edge subnet"}; an internet-facing Application Load Balancer needs subnets in at least two availability zones, so pass the edge tier's subnets of two or more zones (RegionalVpc tiers.edge)`,
    });
  }
  const retention = retentionProblem(args.logRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "logRetentionDays", message: retention });
  }
  if (!isWholeNumberIn(args.wafRateLimit, WAF_RATE_LIMIT_MIN, WAF_RATE_LIMIT_MAX)) {
    problems.push({
      path: "wafRateLimit",
      message:
        args.wafRateLimit < WAF_RATE_LIMIT_MIN
          ? `${args.wafRateLimit} is below WAF's minimum rate limit of ${WAF_RATE_LIMIT_MIN} requests per 5 minutes; use a whole number from ${WAF_RATE_LIMIT_MIN} (e.g. ${regionalEdgeDefaults.wafRateLimit})`
          : `${args.wafRateLimit} is not a WAF rate limit; use a whole number from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX} requests per 5 minutes (e.g. ${regionalEdgeDefaults.wafRateLimit})`,
    });
  }
  return problems;
}
