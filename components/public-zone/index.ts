/**
 * `PublicZone`: the public hosted zone of one domain, and (by default) its DNS query logs in us-east-1 under a
 * customer KMS key (ADR 0027). The arguments, their rules, names and the query logs' documents are planned in
 * `./plan`; this file creates the resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { ComponentStepContext, regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { KEY_DELETION_WINDOW_DAYS } from "../regional-keys/plan";
import {
  PublicZoneArgs,
  QUERY_LOG_REGION,
  QueryLogPolicyContext,
  ResolvedPublicZoneArgs,
  publicZoneArgsProblems,
  queryLogGroupName,
  queryLogKeyPolicy,
  queryLogPolicyName,
  queryLogResourcePolicy,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const PUBLIC_ZONE_TYPE = "platform:edge:PublicZone";

/**
 * Every problem of the (defaulted) arguments (`publicZoneArgsProblems`) and of the provider in `opts`, with paths
 * relative to the arguments. Empty when the component can be built.
 */
export function validatePublicZoneArgs(
  args: ResolvedPublicZoneArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...publicZoneArgsProblems(args), ...regionalProviderProblems(opts)];
}

interface Context extends ComponentStepContext {
  readonly resolved: ResolvedPublicZoneArgs;
}

/** The query logs' resources, when query logging is on. */
interface QueryLogs {
  readonly key: aws.kms.Key;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * The public hosted zone of a domain (`forceDestroy` false, protected in prod), with DNS query logging to a
 * KMS-encrypted log group in us-east-1. Records are created by whoever owns them (`RegionalEdge` per region).
 */
export class PublicZone extends pulumi.ComponentResource {
  /** The domain the zone serves. */
  readonly domain: string;
  readonly zoneId: pulumi.Output<string>;
  readonly zoneArn: pulumi.Output<string>;
  /** The four name servers to delegate the domain to at its registrar. */
  readonly nameServers: pulumi.Output<string[]>;
  /** The query log group in us-east-1 (undefined without query logging). */
  readonly queryLogGroupName: pulumi.Output<string | undefined>;
  /** The customer KMS key of the query logs in us-east-1 (undefined without query logging). */
  readonly queryLogKeyArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: PublicZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PUBLIC_ZONE_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every child goes through this provider, never the ambient default one.
    const { provider } = regionalChildOptions(
      this,
      `Invalid arguments for PublicZone "${name}"`,
      validatePublicZoneArgs(resolved, opts),
      opts,
    );
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts: { parent: this, provider },
      tags: (own) => ({ ...resolved.tags, ...own }),
    };

    const zone = this.createZone(ctx);
    const queryLogs = resolved.queryLogging ? this.createQueryLogs(ctx, zone) : undefined;

    this.domain = resolved.domain;
    this.zoneId = zone.zoneId;
    this.zoneArn = zone.arn;
    this.nameServers = zone.nameServers;
    this.queryLogGroupName = queryLogs ? queryLogs.logGroup.name : pulumi.output(undefined);
    this.queryLogKeyArn = queryLogs ? queryLogs.key.arn : pulumi.output(undefined);

    this.registerOutputs({
      zoneId: this.zoneId,
      zoneArn: this.zoneArn,
      nameServers: this.nameServers,
      queryLogGroupName: this.queryLogGroupName,
      queryLogKeyArn: this.queryLogKeyArn,
    });
  }

  /** The zone: never force-destroyed (deleting it with records fails instead), protected when asked. */
  private createZone({ name, resolved, childOpts, tags }: Context): aws.route53.Zone {
    return new aws.route53.Zone(
      name,
      {
        name: resolved.domain,
        comment: `Public zone of ${resolved.domain}, managed by Pulumi`,
        forceDestroy: false,
        tags: tags({ Name: resolved.domain }),
      },
      { ...childOpts, protect: resolved.protect },
    );
  }

  /**
   * DNS query logs: a customer key and a log group in us-east-1 (through the provider's per-resource `region`), the
   * CloudWatch Logs resource policy that admits Route 53 for this zone, then the query logging configuration.
   */
  private createQueryLogs(
    { name, resolved, provider, childOpts, tags }: Context,
    zone: aws.route53.Zone,
  ): QueryLogs {
    const logName = `${name}-query-logs`;
    const partition = aws.getPartitionOutput({}, childOpts);
    const policyContext: pulumi.Output<QueryLogPolicyContext> = pulumi
      .all([aws.getCallerIdentityOutput({}, childOpts).accountId, partition.partition, partition.dnsSuffix])
      .apply(([accountId, part, dnsSuffix]) => ({
        accountId,
        partition: part,
        dnsSuffix,
        domain: resolved.domain,
      }));
    const key = new aws.kms.Key(
      logName,
      {
        region: QUERY_LOG_REGION,
        description: `Encrypts the DNS query logs of ${resolved.domain}`,
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        policy: policyContext.apply((context) => policyJson(queryLogKeyPolicy(context), "compact")),
        tags: tags({ Name: logName }),
      },
      { ...childOpts, protect: resolved.protect },
    );
    new aws.kms.Alias(
      logName,
      { region: QUERY_LOG_REGION, namePrefix: `alias/${logName}-`, targetKeyId: key.keyId },
      { parent: key, provider },
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      logName,
      {
        region: QUERY_LOG_REGION,
        name: queryLogGroupName(resolved.domain),
        retentionInDays: resolved.queryLogRetentionDays,
        kmsKeyId: key.arn,
        tags: tags({ Name: logName }),
      },
      childOpts,
    );
    const resourcePolicy = new aws.cloudwatch.LogResourcePolicy(
      logName,
      {
        region: QUERY_LOG_REGION,
        policyName: queryLogPolicyName(resolved.domain),
        policyDocument: pulumi
          .all([policyContext, zone.zoneId])
          .apply(([context, zoneId]) => policyJson(queryLogResourcePolicy(context, zoneId), "compact")),
      },
      childOpts,
    );
    new aws.route53.QueryLog(
      name,
      { zoneId: zone.zoneId, cloudwatchLogGroupArn: logGroup.arn },
      // Route 53 refuses the configuration until the resource policy admits it.
      { ...childOpts, dependsOn: [resourcePolicy] },
    );
    return { key, logGroup };
  }
}
