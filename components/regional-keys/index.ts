/**
 * `RegionalKeys`: the customer-managed KMS keys of one region, one per purpose, each with a key policy that lets the
 * account administer it and lets exactly the AWS services of that purpose use it. Every later component (Aurora,
 * MSK, EKS, observability) encrypts with one of these keys instead of creating its own or using an AWS managed key,
 * whose policy nobody can narrow and which CloudWatch alarms cannot publish through. Purposes, grants, arguments and
 * aliases are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionalProviderProblems } from "../common/providers";
import { Problem, throwIfProblems } from "../common/validation";
import {
  KEY_ADMINISTRATION_ACTIONS,
  KEY_DELETION_WINDOW_DAYS,
  KEY_PURPOSES,
  KeyPurpose,
  RegionalKeysArgs,
  ResolvedRegionalKeysArgs,
  VIA_SERVICE_ACTIONS,
  VIA_SERVICES,
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

/** The account, partition and region a key policy is written for (Outputs of the provider's invokes). */
export interface KeyPolicyContext {
  readonly accountId: pulumi.Input<string>;
  /** `aws`, `aws-cn`, … */
  readonly partition: pulumi.Input<string>;
  /** `amazonaws.com`, … */
  readonly dnsSuffix: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
}

type Statement = aws.types.input.iam.GetPolicyDocumentStatementArgs;

/**
 * The key policy statements of one purpose: the account administers the key; the purpose's services use it.
 * Exported so that tests and reviewers read the exact grants without creating a key. Still rendered by
 * `aws.iam.getPolicyDocument` (with `pulumi.interpolate` Outputs in it, hence here and not in the plan): the pure
 * renderer (`policyJson(…, "provider")`) writes the same text, but dropping the invoke moves when each key registers,
 * which the byte-for-byte plan comparison reports; the switch waits for that comparison to accept it.
 */
export function keyPolicyStatements(purpose: KeyPurpose, ctx: KeyPolicyContext): Statement[] {
  const root = pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root`;
  const statements: Statement[] = [
    {
      sid: "AccountAdministersKey",
      principals: [{ type: "AWS", identifiers: [root] }],
      actions: [...KEY_ADMINISTRATION_ACTIONS],
      resources: ["*"],
    },
    {
      // Principals of this account only, and only through the purpose's services in this region.
      sid: "ServicesUseKeyForAccount",
      principals: [{ type: "AWS", identifiers: [root] }],
      actions: [...VIA_SERVICE_ACTIONS],
      resources: ["*"],
      conditions: [
        { test: "StringEquals", variable: "kms:CallerAccount", values: [ctx.accountId] },
        {
          test: "StringEquals",
          variable: "kms:ViaService",
          values: VIA_SERVICES[purpose].map(
            (service) => pulumi.interpolate`${service}.${ctx.region}.${ctx.dnsSuffix}`,
          ),
        },
      ],
    },
  ];
  if (purpose === "logs") {
    statements.push(
      {
        // CloudWatch Logs encrypts log groups itself (no caller identity): only for log groups of this account and
        // region, which it names in the encryption context.
        sid: "CloudWatchLogsEncryptsLogGroups",
        principals: [
          { type: "Service", identifiers: [pulumi.interpolate`logs.${ctx.region}.${ctx.dnsSuffix}`] },
        ],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        conditions: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [
              pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*`,
            ],
          },
        ],
      },
      {
        // CloudWatch alarms publish to the encrypted SNS alarm topic as the service, which needs a data key (AWS
        // managed SNS keys do not allow this, hence a customer key). Only alarms of this account and region.
        sid: "CloudWatchAlarmsPublishToEncryptedTopic",
        principals: [{ type: "Service", identifiers: [pulumi.interpolate`cloudwatch.${ctx.dnsSuffix}`] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [ctx.accountId] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: [
              pulumi.interpolate`arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*`,
            ],
          },
        ],
      },
      {
        // The Prometheus alert manager publishes to the same encrypted topic as the service (AMP user guide, "Giving
        // Amazon Managed Service for Prometheus permission to send alert messages to your Amazon SNS topic").
        sid: "PrometheusAlertManagerPublishesToEncryptedTopic",
        principals: [{ type: "Service", identifiers: [pulumi.interpolate`aps.${ctx.dnsSuffix}`] }],
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
        conditions: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [ctx.accountId] },
          {
            test: "ArnLike",
            variable: "aws:SourceArn",
            values: [pulumi.interpolate`arn:${ctx.partition}:aps:${ctx.region}:${ctx.accountId}:workspace/*`],
          },
        ],
      },
    );
  }
  return statements;
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
    throwIfProblems(`Invalid arguments for RegionalKeys "${name}"`, validateRegionalKeysArgs(resolved, opts));
    // Checked above: every key goes through the regional provider, never the ambient default one.
    const provider = opts!.provider as aws.Provider;
    const childOpts = { parent: this, provider };

    const region = aws.getRegionOutput({}, childOpts).region;
    const partition = aws.getPartitionOutput({}, childOpts);
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const ctx: KeyPolicyContext = {
      accountId,
      partition: partition.partition,
      dnsSuffix: partition.dnsSuffix,
      region,
    };

    const keyArns: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};
    const keyIds: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};
    const aliasNames: Partial<Record<KeyPurpose, pulumi.Output<string>>> = {};
    for (const purpose of KEY_PURPOSES) {
      const keyName = `${name}-${purpose}`;
      const policy = aws.iam.getPolicyDocumentOutput(
        { statements: keyPolicyStatements(purpose, ctx) },
        childOpts,
      );
      const key = new aws.kms.Key(
        keyName,
        {
          description: keyDescription(purpose, resolved.environment),
          keyUsage: "ENCRYPT_DECRYPT",
          customerMasterKeySpec: "SYMMETRIC_DEFAULT",
          enableKeyRotation: true,
          deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
          policy: policy.json,
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
