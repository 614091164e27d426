/**
 * `RegionalKeys`: the customer-managed KMS keys of one region, one per purpose, each with a key policy that lets the
 * account administer it and lets exactly the AWS services of that purpose use it. Every later component (Aurora,
 * MSK, EKS, observability, the ECR repositories) encrypts with one of these keys instead of creating its own or using an AWS managed key,
 * whose policy nobody can narrow and which CloudWatch alarms cannot publish through. Purposes, grants, arguments and
 * aliases are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  KEY_DELETION_WINDOW_DAYS,
  KEY_PURPOSES,
  KeyPolicyContext,
  KeyPurpose,
  keyPolicy,
  RegionalKeysArgs,
  ResolvedRegionalKeysArgs,
  aliasName,
  keyDescription,
  regionalKeysArgsProblems,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every key: add an alias first). */
export const REGIONAL_KEYS_TYPE = "platform:security:RegionalKeys";

/**
 * Every problem of the (defaulted) arguments (`regionalKeysArgsProblems`) and of the provider in `opts`, with paths
 * relative to the arguments. Empty when the component can be built.
 */
export function validateRegionalKeysArgs(
  args: ResolvedRegionalKeysArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...regionalKeysArgsProblems(args), ...regionalProviderProblems(opts)];
}

/**
 * One customer-managed symmetric KMS key per purpose in the provider's region, with rotation, a 30-day deletion
 * window, a least-privilege key policy and an alias `alias/<aliasPrefix>/<environment>/<region>/<purpose>`.
 */
export class RegionalKeys extends pulumi.ComponentResource {
  /** Key ARNs by purpose: what `kmsKeyId`/`kmsKeyArn`/`kmsMasterKeyId` inputs take. */
  readonly keyArns: Record<KeyPurpose, pulumi.Output<string>>;
  /** Key ids (UUIDs) by purpose. */
  readonly keyIds: Record<KeyPurpose, pulumi.Output<string>>;
  /** Alias names by purpose (`alias/platform/prod/ap-east-2/database`), for humans and the CLI. */
  readonly aliasNames: Record<KeyPurpose, pulumi.Output<string>>;

  constructor(name: string, args: RegionalKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REGIONAL_KEYS_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every key goes through the regional provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for RegionalKeys "${name}"`,
      validateRegionalKeysArgs(resolved, opts),
      opts,
    );

    const region = aws.getRegionOutput({}, childOpts).region;
    const partition = aws.getPartitionOutput({}, childOpts);
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const ctx: pulumi.Output<KeyPolicyContext> = pulumi
      .all([accountId, partition.partition, partition.dnsSuffix, region])
      .apply(([account, part, dnsSuffix, reg]) => ({
        accountId: account,
        partition: part,
        dnsSuffix,
        region: reg,
      }));

    const keyArns: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};
    const keyIds: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};
    const aliasNames: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};
    for (const purpose of KEY_PURPOSES) {
      const keyName = `${name}-${purpose}`;
      const key = new aws.kms.Key(
        keyName,
        {
          description: keyDescription(purpose, resolved.environment),
          keyUsage: "ENCRYPT_DECRYPT",
          customerMasterKeySpec: "SYMMETRIC_DEFAULT",
          enableKeyRotation: true,
          deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
          // Written as aws.iam.getPolicyDocument wrote it before (`provider`): the same text, no diff on live keys.
          policy: ctx.apply((context) => policyJson(keyPolicy(purpose, context), "provider")),
          tags: { ...resolved.tags, Name: keyName, Purpose: purpose },
        },
        // Only the key is stateful: losing it loses every ciphertext; the alias can be recreated any time.
        { ...childOpts, protect: resolved.protect },
      );
      const alias = new aws.kms.Alias(
        keyName,
        {
          name: region.apply((r) => aliasName(resolved.aliasPrefix, resolved.environment, r, purpose)),
          targetKeyId: key.keyId,
        },
        // Beside the key, not under it: a child would inherit the key's `protect`, and an alias holds no data.
        childOpts,
      );
      keyArns[purpose] = key.arn;
      keyIds[purpose] = key.keyId;
      aliasNames[purpose] = alias.name;
    }
    this.keyArns = keyArns as Record<KeyPurpose, pulumi.Output<string>>;
    this.keyIds = keyIds as Record<KeyPurpose, pulumi.Output<string>>;
    this.aliasNames = aliasNames as Record<KeyPurpose, pulumi.Output<string>>;
    this.registerOutputs({ keyArns: this.keyArns, keyIds: this.keyIds, aliasNames: this.aliasNames });
  }
}
