/**
 * The arguments of `RegionalEdge` and their defaults: what callers pass, and the resolved form every step of the
 * constructor reads (`context.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { EdgeApplication, RegionalEdgePlanInput, regionalEdgeDefaults } from "./plan";

export interface RegionalEdgeArgs {
  /** The domain of the public zone (e.g. `kimkao.io`). Plain: it names the certificate and every record. */
  readonly domain: string;
  /** The public hosted zone of the domain (`PublicZone.zoneId`, or the primary's through the stack reference). */
  readonly zoneId: pulumi.Input<string>;
  /**
   * The region of this edge, the provider's (e.g. `ap-east-2`). Plain: it is part of the regional hosts
   * (`<app>.<region>.<domain>`), the certificate's `*.<region>.<domain>` and the weighted records' set identifier.
   */
  readonly region: string;
  /** The environment (`dev`, `prod`, …). Plain: part of the log group, bucket and metric names. */
  readonly environment: string;
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's CIDR: the load balancer's only egress destination (on the applications' ports). */
  readonly vpcCidr: pulumi.Input<string>;
  /**
   * The edge tier's subnets, one per availability zone, two or more (`RegionalVpc.subnetIds.edge`). A list whose
   * length is plain: an ALB needs two zones, checked before anything is created.
   */
  readonly edgeSubnetIds: readonly pulumi.Input<string>[];
  /**
   * The applications by key (`api`, `shop`, …): each one's public host, health path and pod port. Plain: each keys
   * its target group, listener rule, health check and records.
   */
  readonly applications: Readonly<Record<string, EdgeApplication>>;
  /**
   * This region's routing weight for every application host, 0 to 255 (e.g. 70 in Taipei, 30 in Tokyo). 0 drains
   * the region: Route 53 answers with a zero-weight record only when every weighted record is unhealthy.
   */
  readonly weight: number;
  /** Customer KMS key of the WAF log group (the region's `logs` key). */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /**
   * Retention of the WAF log group and of the access logs in S3, in days; a CloudWatch Logs retention.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Requests a client IP may send in 5 minutes before the web ACL blocks it (10 to 2,000,000,000).
   * @default 2000
   */
  readonly wafRateLimit?: number;
  /**
   * Deletion protection of the load balancer, and `protect` on the access-log bucket (a `logs` bucket). The stacks
   * turn it on in prod.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Extra tags on every child that takes tags; the required tags come from the regional provider's `defaultTags`,
   * the component's own (`Name`, `platform:role`, `platform:data-class`) win over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied: the plan's input and the Outputs the resources take. */
export interface ResolvedRegionalEdgeArgs extends RegionalEdgePlanInput {
  readonly zoneId: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly vpcCidr: pulumi.Input<string>;
  readonly edgeSubnetIds: readonly pulumi.Input<string>[];
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults (`??`: an explicit 0 or false is kept and validated, never replaced). */
export function withDefaults(args: RegionalEdgeArgs): ResolvedRegionalEdgeArgs {
  return {
    domain: args.domain,
    zoneId: args.zoneId,
    region: args.region,
    environment: args.environment,
    vpcId: args.vpcId,
    vpcCidr: args.vpcCidr,
    edgeSubnetIds: args.edgeSubnetIds,
    edgeSubnetCount: args.edgeSubnetIds.length,
    applications: args.applications,
    weight: args.weight,
    logsKmsKeyArn: args.logsKmsKeyArn,
    logRetentionDays: args.logRetentionDays ?? regionalEdgeDefaults.logRetentionDays,
    wafRateLimit: args.wafRateLimit ?? regionalEdgeDefaults.wafRateLimit,
    protect: args.protect ?? regionalEdgeDefaults.protect,
    tags: args.tags ?? regionalEdgeDefaults.tags,
  };
}
