/**
 * `SecureBucket`: one S3 bucket with everything a bucket of this platform has: SSE-KMS with the given key and S3
 * bucket keys (SSE-S3 only with a stated service-delivery reason), versioning, all four public-access blocks, ACLs
 * disabled (BucketOwnerEnforced), a bucket policy that refuses requests without TLS plus the caller's statements,
 * server access logs to a target (none for a log sink), a lifecycle, optional Object Lock, `protect` and never
 * `forceDestroy`. Rules and exact inputs are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyJson } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  BucketPolicyContext,
  ResolvedSecureBucketPlanArgs,
  SecureBucketPlanArgs,
  bucketTags,
  lifecycleRule,
  objectLockRule,
  secureBucketArgsProblems,
  secureBucketPolicy,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces the bucket: add an alias first). */
export const SECURE_BUCKET_TYPE = "platform:storage:SecureBucket";

/** Where the bucket's server access logs go. */
export interface ServerAccessLogTarget {
  /** The target bucket's name (SSE-S3, no Object Lock: S3 server access logs support nothing else). */
  readonly targetBucket: pulumi.Input<string>;
  /** This bucket's folder in the target, ending with `/`. */
  readonly targetPrefix: string;
}

export interface SecureBucketArgs extends Omit<
  SecureBucketPlanArgs,
  "hasKmsKey" | "hasAccessLogTarget" | "accessLogPrefix"
> {
  /** The KMS key of SSE-KMS (the region's `storage` key); absent only with `sseS3Reason`. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Where server access logs go; absent only for a log sink (`dataClass` `logs`). */
  readonly serverAccessLogs?: ServerAccessLogTarget;
  /** The caller's statements after the TLS-only Deny (service deliveries, …), written for the resolved bucket. */
  readonly policyStatements?: (ctx: BucketPolicyContext) => readonly PolicyStatement[];
  /**
   * The parent the bucket and its configuration resources were registered under before this component owned them
   * (a component that built the bucket by hand, with this component's `name` as their names): the bucket takes the
   * alias `{ parent: formerParent }` and each configuration resource the alias `{ parent: <the bucket's former
   * URN> }`, so the engine matches them to their state and adopting `SecureBucket` replaces and deletes nothing
   * (Pulumi `Alias.parent`: "the previous parent of the resource"; name, type, stack and project stay the current
   * ones). The engine would also derive the configuration resources' old URNs from the bucket's alias ("the engine
   * combines a parent's aliases with each child's own name and type when computing the child's identity", Pulumi
   * docs, Resource option: aliases); their own aliases say it explicitly, and a plan can check them.
   * `pulumi.rootStackResource` for a bucket that was registered at the stack's root. Absent: no aliases.
   */
  readonly formerParent?: pulumi.Resource | pulumi.Input<string>;
}

/** The bucket's type token, as its URN spells it. */
const BUCKET_TYPE = "aws:s3/bucket:Bucket";

/** The plan's view of the arguments. */
function planArgs(args: SecureBucketArgs): SecureBucketPlanArgs {
  return {
    ...args,
    hasKmsKey: args.kmsKeyArn !== undefined,
    hasAccessLogTarget: args.serverAccessLogs !== undefined,
    ...(args.serverAccessLogs !== undefined ? { accessLogPrefix: args.serverAccessLogs.targetPrefix } : {}),
  };
}

/** Every problem of the (defaulted) arguments and of the provider in `opts`. Empty when the component can be built. */
export function validateSecureBucketArgs(
  args: ResolvedSecureBucketPlanArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...secureBucketArgsProblems(args), ...regionalProviderProblems(opts)];
}

export class SecureBucket extends pulumi.ComponentResource {
  /** The bucket (for `dependsOn` and the configuration resources others add, e.g. replication). */
  readonly bucket: aws.s3.Bucket;
  /** The bucket's name. */
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** The bucket policy: a service may deliver only once it exists (depend on it). */
  readonly policy: aws.s3.BucketPolicy;
  /** The versioning configuration: replication needs versioning on first. */
  readonly versioning: aws.s3.BucketVersioning;
  /** The resolved arguments (data class, lifecycle, Object Lock). */
  readonly resolved: ResolvedSecureBucketPlanArgs;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SECURE_BUCKET_TYPE, name, {}, opts);
    const resolved = withDefaults(planArgs(args));
    // Every child goes through the regional provider.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for SecureBucket "${name}"`,
      validateSecureBucketArgs(resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    this.resolved = resolved;

    // Adopted from a hand-built bucket: the aliases that keep every child's identity (see `formerParent`).
    const bucketAliases = args.formerParent !== undefined ? [{ parent: args.formerParent }] : [];
    const configurationAliases =
      args.formerParent !== undefined
        ? [{ parent: pulumi.createUrn(name, BUCKET_TYPE, args.formerParent) }]
        : [];
    const bucket = new aws.s3.Bucket(
      name,
      {
        ...(resolved.bucketName !== undefined
          ? { bucket: resolved.bucketName }
          : { bucketPrefix: resolved.bucketPrefix! }),
        // Never: deleting a bucket with objects must fail, whatever `protect` says.
        forceDestroy: false,
        ...(resolved.objectLock !== undefined ? { objectLockEnabled: true } : {}),
        tags: bucketTags(resolved, name),
      },
      { ...childOpts, protect: resolved.protect, aliases: bucketAliases },
    );
    const bucketOpts = { parent: bucket, provider, aliases: configurationAliases };
    new aws.s3.BucketOwnershipControls(
      name,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      bucketOpts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      name,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      bucketOpts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          resolved.sseS3Reason !== undefined
            ? // SSE-S3 only for a stated service-delivery constraint (plan.ts, with the sources).
              { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
            : {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.kmsKeyArn!,
                },
                // S3 bucket keys: one data key per bucket and period instead of a KMS call per object.
                bucketKeyEnabled: true,
              },
        ],
      },
      bucketOpts,
    );
    const versioning = new aws.s3.BucketVersioning(
      name,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      bucketOpts,
    );
    if (resolved.objectLock !== undefined) {
      new aws.s3.BucketObjectLockConfiguration(
        name,
        { bucket: bucket.id, objectLockEnabled: "Enabled", rule: objectLockRule(resolved.objectLock) },
        { ...bucketOpts, dependsOn: [versioning] },
      );
    }
    if (args.serverAccessLogs !== undefined) {
      new aws.s3.BucketLogging(
        name,
        {
          bucket: bucket.id,
          targetBucket: args.serverAccessLogs.targetBucket,
          targetPrefix: args.serverAccessLogs.targetPrefix,
        },
        bucketOpts,
      );
    }
    new aws.s3.BucketLifecycleConfiguration(
      name,
      { bucket: bucket.id, rules: [lifecycleRule(resolved.lifecycle)] },
      { ...bucketOpts, dependsOn: [versioning] },
    );
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const partition = aws.getPartitionOutput({}, childOpts).partition;
    const region = aws.getRegionOutput({}, childOpts).region;
    const policy = new aws.s3.BucketPolicy(
      name,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, bucket.bucket, accountId, partition, region])
          .apply(([bucketArn, bucketName, account, part, reg]) => {
            const ctx: BucketPolicyContext = {
              bucketArn,
              bucketName,
              accountId: account,
              partition: part,
              region: reg,
            };
            return policyJson(secureBucketPolicy(ctx, args.policyStatements?.(ctx) ?? []), "compact");
          }),
      },
      // After the public-access block: S3 checks a new policy against it.
      { ...bucketOpts, dependsOn: [publicAccessBlock] },
    );

    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.arn = bucket.arn;
    this.policy = policy;
    this.versioning = versioning;
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
