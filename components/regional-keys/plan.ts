/**
 * Pure planning for `RegionalKeys`: the purposes and what each key grants to whom, each key's policy as a typed
 * `PolicyDocument`, the arguments with their defaults and rules, and the alias names. No `@pulumi/*` import, so
 * tests and reviewers read the exact grants without creating a key.
 */
import { LONGEST_REGION_NAME } from "../common/aws-limits";
import { PolicyDocument, PolicyStatement, accountRootArn, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

/** What each key protects. Adding a purpose adds a key; existing keys keep their names (keyed by purpose). */
export const KEY_PURPOSES = [
  "database",
  "streaming",
  "logs",
  "kubernetes",
  "registry",
  "backup",
  "storage",
] as const;
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
  registry: "ECR container images",
  backup: "AWS Backup vault recovery points and the copies other regions send to it",
  storage: "S3 log archive and assets buckets, Firehose delivery streams",
};

/** The description of one key: its purpose and the environment. */
export function keyDescription(purpose: KeyPurpose, environment: string): string {
  return `${PURPOSE_DESCRIPTIONS[purpose]} (${environment})`;
}

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
 * What ECR does with a repository's customer managed key, and nothing more: the ECR user guide ("Encryption at rest")
 * lists a `DescribeKey` call (to validate the key and get its ARN) and two `CreateGrant` requests (grants that let ECR
 * encrypt and decrypt with data keys) when a repository is created, a `GenerateDataKey` request when an image is
 * pushed and a `Decrypt` request when one is pulled. No `Encrypt`, `ReEncrypt*` or `ListGrants`. The principal that
 * creates a repository also needs `kms:RetireGrant` (ECR retires its grants when the repository is deleted), which the
 * guide says must come from that principal's IAM policy, not from the key policy.
 */
export const REGISTRY_VIA_SERVICE_ACTIONS: readonly string[] = [
  "kms:DescribeKey",
  "kms:CreateGrant",
  "kms:GenerateDataKey",
  "kms:Decrypt",
];

/** The actions the account's principals may take through the purpose's services (`VIA_SERVICES`). */
export function viaServiceActions(purpose: KeyPurpose): readonly string[] {
  return purpose === "registry" ? REGISTRY_VIA_SERVICE_ACTIONS : VIA_SERVICE_ACTIONS;
}

/**
 * The services (the prefix of `<service>.<region>.amazonaws.com`) that may use each key on behalf of the account's
 * principals, through the `kms:ViaService` condition. The logs key is used by service principals instead (below).
 * - database: RDS (cluster storage, snapshots, and Performance Insights, which goes through RDS) and Secrets
 *   Manager (the master password secret).
 * - streaming: MSK (`kafka`) encrypts broker volumes.
 * - logs: SNS, for principals that publish to the encrypted alarm topic; Amazon Managed Prometheus (`aps`), whose
 *   workspaces are encrypted with this key and read by the Grafana and scraper roles through it.
 * - kubernetes: EKS envelope-encrypts Kubernetes secrets.
 * - registry: ECR encrypts the images of the repositories created with this key (`ContainerRegistries`), with the
 *   narrower `REGISTRY_VIA_SERVICE_ACTIONS`.
 * - backup: the region's AWS Backup vault (`BackupProtection`). AWS Backup encrypts the recovery points of the
 *   resources it fully manages with the vault's key, and re-encrypts every copy another region sends with the key of
 *   the destination vault (AWS Backup developer guide, "Creating backup copies across AWS Regions": "AWS Backup will
 *   re-encrypt your copy using the customer managed key of your destination vault"). Aurora is not fully managed: its
 *   snapshots stay under the cluster's database key, and a cross-Region copy is an RDS snapshot copy that must name a
 *   key of the destination region (Aurora user guide, "Copying a DB cluster snapshot": "you must specify a KMS key
 *   valid in the destination AWS Region"), so RDS uses this key on the vault's behalf too.
 * - storage: S3 (the archive and assets buckets, `SecureBucket`: what the account's roles write, read and replicate
 *   through S3, including AWS Config's delivery role, Firehose's delivery role and the replication role, each in its
 *   region) and Firehose (the delivery streams' own encryption). CloudTrail writes as a service (below).
 */
export const VIA_SERVICES: Readonly<Record<KeyPurpose, readonly string[]>> = {
  database: ["rds", "secretsmanager"],
  streaming: ["kafka"],
  logs: ["sns", "aps"],
  kubernetes: ["eks"],
  registry: ["ecr"],
  backup: ["backup", "rds"],
  storage: ["s3", "firehose"],
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

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds the problem of its
 * provider (`validateRegionalKeysArgs`); empty when the component can be built.
 */
export function regionalKeysArgsProblems(args: ResolvedRegionalKeysArgs): Problem[] {
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
  return problems;
}

/** The account, partition and region a key policy is written for (what the provider's invokes report). */
export interface KeyPolicyContext {
  readonly accountId: string;
  /** `aws`, `aws-cn`, … */
  readonly partition: string;
  /** `amazonaws.com`, … */
  readonly dnsSuffix: string;
  readonly region: string;
}

/**
 * The key policy of one purpose: the account administers the key; the purpose's services use it. Exported so that
 * tests and reviewers read the exact grants without creating a key.
 */
export function keyPolicy(purpose: KeyPurpose, ctx: KeyPolicyContext): PolicyDocument {
  const root = accountRootArn(ctx.partition, ctx.accountId);
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [...KEY_ADMINISTRATION_ACTIONS],
      Resource: "*",
    },
    {
      // Principals of this account only, and only through the purpose's services in this region.
      Sid: "ServicesUseKeyForAccount",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [...viaServiceActions(purpose)],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": ctx.accountId,
          "kms:ViaService": VIA_SERVICES[purpose].map(
            (service) => `${service}.${ctx.region}.${ctx.dnsSuffix}`,
          ),
        },
      },
    },
  ];
  if (purpose === "logs") {
    statements.push(
      {
        // CloudWatch Logs encrypts log groups itself (no caller identity): only for log groups of this account and
        // region, which it names in the encryption context.
        Sid: "CloudWatchLogsEncryptsLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${ctx.region}.${ctx.dnsSuffix}` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*`,
          },
        },
      },
      {
        // CloudWatch alarms publish to the encrypted SNS alarm topic as the service, which needs a data key (AWS
        // managed SNS keys do not allow this, hence a customer key). Only alarms of this account and region.
        Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: `cloudwatch.${ctx.dnsSuffix}` },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": ctx.accountId },
          ArnLike: {
            "aws:SourceArn": `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*`,
          },
        },
      },
      {
        // The Prometheus alert manager publishes to the same encrypted topic as the service (AMP user guide, "Giving
        // Amazon Managed Service for Prometheus permission to send alert messages to your Amazon SNS topic").
        Sid: "PrometheusAlertManagerPublishesToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: `aps.${ctx.dnsSuffix}` },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": ctx.accountId },
          ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:aps:${ctx.region}:${ctx.accountId}:workspace/*` },
        },
      },
      {
        // AWS Budgets and Cost Anomaly Detection publish to the same encrypted topic as services (`CostGuardrails`);
        // only for this account (the Budgets guide's confused-deputy condition).
        Sid: "CostNotificationsPublishToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: ["budgets.amazonaws.com", "costalerts.amazonaws.com"] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
      },
      {
        // EventBridge rules deliver events (GuardDuty findings, `ThreatDetection`) to the same encrypted topic as the
        // service: only rules of this account and region (EventBridge user guide, "Amazon SNS permissions": an
        // encrypted topic's key must let events.amazonaws.com use kms:Decrypt and kms:GenerateDataKey).
        Sid: "EventBridgeRulesPublishToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: `events.${ctx.dnsSuffix}` },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": ctx.accountId },
          ArnLike: { "aws:SourceArn": `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:rule/*` },
        },
      },
      {
        // AWS Backup publishes vault notifications (`BackupProtection`) to the same encrypted topic as the service;
        // only for this account (AWS Backup developer guide, "Notification options with AWS Backup": the topic's
        // owner account only).
        Sid: "BackupNotificationsPublishToEncryptedTopic",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
      },
    );
  }
  if (purpose === "storage") {
    statements.push(...storageServiceStatements(ctx));
  }
  return policyDocument(statements);
}

/**
 * The services that write to the archive with the storage key as themselves, not through a role of the account
 * (AWS CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail": "Granting encrypt permissions" with
 * the `kms:EncryptionContext:aws:cloudtrail:arn` condition for the account's trails, and "Enable CloudTrail to
 * describe KMS key properties"; `aws:SourceAccount` narrows both to this account's trails), and AWS Config when it
 * delivers as the service principal (AWS Config Developer Guide, "Permissions for the KMS Key": `kms:Decrypt` and
 * `kms:GenerateDataKey` for `config.amazonaws.com` with `aws:SourceAccount`). Firehose and S3 replication go
 * through S3 with roles of the account (`ServicesUseKeyForAccount`).
 */
function storageServiceStatements(ctx: KeyPolicyContext): PolicyStatement[] {
  const sourceAccount = { "aws:SourceAccount": ctx.accountId };
  return [
    {
      Sid: "CloudTrailEncryptsLogFiles",
      Effect: "Allow",
      Principal: { Service: `cloudtrail.${ctx.dnsSuffix}` },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: sourceAccount,
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${ctx.partition}:cloudtrail:*:${ctx.accountId}:trail/*`,
        },
      },
    },
    {
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: `cloudtrail.${ctx.dnsSuffix}` },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: sourceAccount },
    },
    {
      Sid: "ConfigDeliversSnapshots",
      Effect: "Allow",
      Principal: { Service: `config.${ctx.dnsSuffix}` },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: sourceAccount },
    },
  ];
}
