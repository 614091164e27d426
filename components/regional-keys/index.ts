/**
 * `RegionalKeys`: the customer-managed KMS keys of one region, one per purpose, each with a key policy that lets the
 * account administer it and lets exactly the AWS services of that purpose use it. Every later component (Aurora,
 * MSK, EKS, observability) encrypts with one of these keys instead of creating its own or using an AWS managed key,
 * whose policy nobody can narrow and which CloudWatch alarms cannot publish through.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problem, ValidationError } from "../common/validation";
import { regionalProviderProblems } from "../common/providers";

/** Type token of the component (renaming it replaces every key: add an alias first). */
export const REGIONAL_KEYS_TYPE = "platform:security:RegionalKeys";

/** What each key protects. Adding a purpose adds a key; existing keys keep their names (keyed by purpose). */
export const KEY_PURPOSES = ["database", "streaming", "logs", "kubernetes"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/**
 * Days between a scheduled deletion and the key's destruction: the longest KMS allows, so a mistaken deletion can
 * be cancelled for a month before every ciphertext under the key becomes unreadable.
 */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** AWS reserves aliases that begin with `alias/aws/`; an alias name is at most 256 characters. */
const MAX_ALIAS_LENGTH = 256;

/** What each key is for, in its description (shown by `aws kms describe-key` and the console). */
const PURPOSE_DESCRIPTIONS: Readonly<Record<KeyPurpose, string>> = {
  database: "Aurora storage, Performance Insights and the database secrets in Secrets Manager",
  streaming: "MSK broker storage",
  logs: "CloudWatch Logs log groups and the SNS alarm topic",
  kubernetes: "EKS envelope encryption of Kubernetes secrets",
};

/**
 * Key actions the account (through IAM policies) may take on every key: administration and reading its
 * configuration, no cryptographic operation. Data is encrypted and decrypted only through the services granted
 * per purpose below, so an IAM principal with `kms:*` on `*` still cannot decrypt a snapshot or a secret directly.
 */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/**
 * What a service needs when it encrypts on behalf of an IAM principal of the account (the pattern of the AWS managed
 * keys' policies): data keys, and grants so the service can keep using the key for the resource it manages.
 */
export const VIA_SERVICE_ACTIONS: readonly string[] = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
  "kms:CreateGrant",
  "kms:ListGrants",
];

/**
 * The services (the prefix of `<service>.<region>.amazonaws.com`) that may use each key on behalf of the account's
 * principals, through the `kms:ViaService` condition. The logs key is used by service principals instead (below).
 * - database: RDS (cluster storage, snapshots, and Performance Insights, which goes through RDS) and Secrets
 *   Manager (the master password secret).
 * - streaming: MSK (`kafka`) encrypts broker volumes.
 * - logs: SNS, for principals that publish to the encrypted alarm topic; Amazon Managed Prometheus (`aps`), whose
 *   workspaces are encrypted with this key and read by the Grafana and scraper roles through it.
 * - kubernetes: EKS envelope-encrypts Kubernetes secrets.
 */
export const VIA_SERVICES: Readonly<Record<KeyPurpose, readonly string[]>> = {
  database: ["rds", "secretsmanager"],
  streaming: ["kafka"],
  logs: ["sns", "aps"],
  kubernetes: ["eks"],
};

export interface RegionalKeysArgs {
  /**
   * The environment (`dev`, `prod`, …), part of every alias name so that two stacks of one account and region never
   * collide. Plain: it is part of a name. 1 to 32 letters, digits, `-` and `_`.
   */
  readonly environment: string;
  /**
   * First part of every alias, after `alias/`: aliases are `alias/<aliasPrefix>/<environment>/<region>/<purpose>`
   * (e.g. `alias/platform/prod/ap-east-2/database`). Plain: it is part of a name. Letters, digits, `/`, `-` and
   * `_`; may not start with `aws` (reserved for AWS managed keys) or start or end with `/`.
   * @default "platform"
   */
  readonly aliasPrefix?: string;
  /**
   * Protects every key (`protect: true`): deleting a key makes everything encrypted with it unreadable. The stacks
   * pass `environment === "prod"`.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Extra tags on every key. The required tags come from the regional provider's `defaultTags`; the component's own
   * `Name` and `Purpose` win over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied. */
export interface ResolvedRegionalKeysArgs {
  readonly environment: string;
  readonly aliasPrefix: string;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** The defaults, in one place. */
export const regionalKeysDefaults = {
  aliasPrefix: "platform",
  protect: false,
  tags: {},
} as const satisfies Partial<ResolvedRegionalKeysArgs>;

/** Applies the defaults (`??`: an explicit "" or false is kept and validated, never replaced). */
export function withDefaults(args: RegionalKeysArgs): ResolvedRegionalKeysArgs {
  return {
    environment: args.environment,
    aliasPrefix: args.aliasPrefix ?? regionalKeysDefaults.aliasPrefix,
    protect: args.protect ?? regionalKeysDefaults.protect,
    tags: args.tags ?? regionalKeysDefaults.tags,
  };
}

/** Alias of one key: `alias/<prefix>/<environment>/<region>/<purpose>`. */
export function aliasName(prefix: string, environment: string, region: string, purpose: KeyPurpose): string {
  return `alias/${prefix}/${environment}/${region}/${purpose}`;
}

/** The longest region name (`ap-southeast-5`, `us-gov-west-1`, …) an alias must leave room for. */
const LONGEST_REGION_NAME = 16;

/**
 * Every problem of the (defaulted) arguments and of the provider in `opts`, with paths relative to the arguments.
 * Empty when the component can be built.
 */
export function validateRegionalKeysArgs(
  args: ResolvedRegionalKeysArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  const problems: Problem[] = [];
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(args.environment)) {
    problems.push({
      path: "environment",
      message: `${JSON.stringify(args.environment)} cannot be part of a KMS alias; use 1 to 32 letters, digits, - and _ (e.g. prod)`,
    });
  }
  const prefix = args.aliasPrefix;
  if (
    !/^[A-Za-z0-9/_-]+$/.test(prefix) ||
    prefix.startsWith("/") ||
    prefix.endsWith("/") ||
    prefix.includes("//")
  ) {
    problems.push({
      path: "aliasPrefix",
      message: `${JSON.stringify(prefix)} cannot start a KMS alias; use letters, digits, -, _ and single / between parts (e.g. platform)`,
    });
  } else if (/^aws($|\/)/i.test(prefix)) {
    problems.push({
      path: "aliasPrefix",
      message: `${JSON.stringify(prefix)} starts with aws, which AWS reserves for its managed keys; choose another prefix (e.g. platform)`,
    });
  } else {
    const longest = aliasName(prefix, args.environment, "x".repeat(LONGEST_REGION_NAME), "kubernetes").length;
    if (longest > MAX_ALIAS_LENGTH) {
      problems.push({
        path: "aliasPrefix",
        message: `aliases would be up to ${longest} characters, more than the ${MAX_ALIAS_LENGTH} KMS allows; shorten the prefix`,
      });
    }
  }
  problems.push(...regionalProviderProblems(opts));
  return problems;
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
 * Exported so that tests and reviewers read the exact grants without creating a key.
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
    const problems = validateRegionalKeysArgs(resolved, opts);
    if (problems.length > 0) {
      throw new ValidationError(`Invalid arguments for RegionalKeys "${name}"`, problems);
    }
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
          description: `${PURPOSE_DESCRIPTIONS[purpose]} (${resolved.environment})`,
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
