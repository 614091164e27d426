/**
 * `platform:storage`: the region's buckets (`SecureBucket`, ADR 0028): how long the log archive keeps what the trail,
 * AWS Config and the CloudWatch Logs copies write to it and through which storage classes, its Object Lock, the
 * assets bucket's old versions, the server-access-log bucket's retention, and, in a primary, who replicates its
 * buckets (a secondary configures replication both ways). Optional: absent means the defaults below. The rules are
 * the component's own (`lifecycleProblems`, `objectLockProblems`, `bucketNameProblem`), so config and component
 * report the same problems.
 */
import { Problem, prefixProblems } from "../../components/common/validation";
import {
  ARCHIVE_STORAGE_CLASSES,
  ArchiveStorageClass,
  ObjectLockMode,
  ResolvedBucketLifecycle,
  bucketNameProblem,
  lifecycleProblems,
  objectLockProblems,
  secureBucketDefaults,
} from "../../components/secure-bucket/plan";
import { STORAGE_BUCKET_PURPOSES, storageBucketName } from "../naming";
import { Fields, Section, SectionContext, numeric, strict, structuredSection, text } from "./section";

export const STORAGE_KEY = "platform:storage";

/** The section's defaults: a year of archive through Glacier, 30 days of old asset versions, 90 days of access logs. */
export const STORAGE_DEFAULTS = {
  archive: {
    infrequentAccessAfterDays: 30,
    glacierAfterDays: 90,
    archiveStorageClass: secureBucketDefaults.archiveStorageClass as ArchiveStorageClass,
    expireAfterDays: 365,
    noncurrentVersionExpireAfterDays: secureBucketDefaults.noncurrentVersionExpireAfterDays,
  },
  assets: { noncurrentVersionExpireAfterDays: secureBucketDefaults.noncurrentVersionExpireAfterDays },
  accessLogs: { expireAfterDays: 90 },
} as const;

export interface ArchiveConfig {
  /** Days after which an archived object moves to STANDARD_IA (at least 30). @default 30 */
  infrequentAccessAfterDays: number;
  /** Days after which it moves to `archiveStorageClass` (at least 30 after STANDARD_IA). @default 90 */
  glacierAfterDays: number;
  /** GLACIER_IR, GLACIER or DEEP_ARCHIVE. @default GLACIER */
  archiveStorageClass: ArchiveStorageClass;
  /** Days after which it expires: the retention of the audit logs. @default 365 */
  expireAfterDays: number;
  /** Days a replaced or deleted version is kept. @default 30 */
  noncurrentVersionExpireAfterDays: number;
  /** Object Lock default retention (GOVERNANCE or COMPLIANCE, days); absent: none. */
  objectLock?: { mode: ObjectLockMode; days: number };
}

export interface StorageConfig {
  archive: ArchiveConfig;
  assets: {
    /** Days after which an asset moves to STANDARD_IA; absent: it stays in Standard. */
    infrequentAccessAfterDays?: number;
    /**
     * Days after which an asset moves to GLACIER_IR (Glacier Instant Retrieval: the applications still read it in
     * milliseconds, unlike GLACIER or DEEP_ARCHIVE, which need a restore first); absent: never.
     */
    instantArchiveAfterDays?: number;
    /** Days a replaced or deleted asset version is kept. @default 30 */
    noncurrentVersionExpireAfterDays: number;
  };
  accessLogs: {
    /** Days S3 server access logs are kept. @default 90 */
    expireAfterDays: number;
  };
  /**
   * Primary only: who replicates this stack's buckets (the `platform:replication` tag, e.g. `by prod-tokyo`): the
   * secondary configures the replication of the primary's buckets, outside this stack; or `none: <why>` they stay in
   * the region (a single-region dev).
   */
  replicatedBy?: string;
}

const days = (what: string, example: string) => numeric(what, example);

const StorageSchema = strict(
  {
    archive: strict(
      {
        infrequentAccessAfterDays: days("the days before STANDARD_IA", "30").default(
          STORAGE_DEFAULTS.archive.infrequentAccessAfterDays,
        ),
        glacierAfterDays: days("the days before the cold class", "90").default(
          STORAGE_DEFAULTS.archive.glacierAfterDays,
        ),
        archiveStorageClass: text("the cold storage class", "GLACIER").default(
          STORAGE_DEFAULTS.archive.archiveStorageClass,
        ),
        expireAfterDays: days("the days the archive keeps an object", "365").default(
          STORAGE_DEFAULTS.archive.expireAfterDays,
        ),
        noncurrentVersionExpireAfterDays: days("the days old versions are kept", "30").default(
          STORAGE_DEFAULTS.archive.noncurrentVersionExpireAfterDays,
        ),
        objectLock: strict(
          {
            mode: text("the Object Lock mode", "GOVERNANCE"),
            days: days("the days every object is locked", "365"),
          },
          "the archive's Object Lock",
          "{mode: GOVERNANCE, days: 365}",
        ).optional(),
      },
      "the log archive",
      "{expireAfterDays: 2557}",
    ).default(() => ({ ...STORAGE_DEFAULTS.archive })),
    assets: strict(
      {
        infrequentAccessAfterDays: days("the days before STANDARD_IA", "30").optional(),
        instantArchiveAfterDays: days("the days before GLACIER_IR", "365").optional(),
        noncurrentVersionExpireAfterDays: days("the days old versions are kept", "30").default(
          STORAGE_DEFAULTS.assets.noncurrentVersionExpireAfterDays,
        ),
      },
      "the assets bucket",
      "{noncurrentVersionExpireAfterDays: 90}",
    ).default(() => ({ ...STORAGE_DEFAULTS.assets })),
    accessLogs: strict(
      { expireAfterDays: days("the days access logs are kept", "90").default(90) },
      "the server-access-log bucket",
      "{expireAfterDays: 365}",
    ).default(() => ({ ...STORAGE_DEFAULTS.accessLogs })),
    replicatedBy: text("who replicates this stack's buckets", "by prod-tokyo").optional(),
  },
  "the buckets",
  "{archive: {expireAfterDays: 2557}}",
);

/** What the storage section also needs: the account, part of every bucket name. */
export type StorageSectionContext = SectionContext & { readonly accountId?: string };

/** The archive's lifecycle as the component takes it. */
export function archiveLifecycle(archive: Omit<ArchiveConfig, "objectLock">): ResolvedBucketLifecycle {
  return {
    infrequentAccessAfterDays: archive.infrequentAccessAfterDays,
    archiveAfterDays: archive.glacierAfterDays,
    archiveStorageClass: archive.archiveStorageClass,
    expireAfterDays: archive.expireAfterDays,
    noncurrentVersionExpireAfterDays: archive.noncurrentVersionExpireAfterDays,
    abortIncompleteUploadAfterDays: secureBucketDefaults.abortIncompleteUploadAfterDays,
  };
}

/**
 * The assets' lifecycle as the component takes it: old assets to STANDARD_IA and then GLACIER_IR, never a class the
 * applications cannot read at once.
 */
export function assetsLifecycle(
  assets: StorageConfig["assets"],
): Omit<ResolvedBucketLifecycle, "abortIncompleteUploadAfterDays"> {
  return {
    ...(assets.infrequentAccessAfterDays !== undefined
      ? { infrequentAccessAfterDays: assets.infrequentAccessAfterDays }
      : {}),
    ...(assets.instantArchiveAfterDays !== undefined
      ? { archiveAfterDays: assets.instantArchiveAfterDays }
      : {}),
    archiveStorageClass: "GLACIER_IR",
    noncurrentVersionExpireAfterDays: assets.noncurrentVersionExpireAfterDays,
  };
}

/**
 * Validates `platform:storage` (absent: the defaults): shapes with our messages, then the component's rules on the
 * lifecycles and the Object Lock, the length of the bucket names this stack would create, and the role's rule on
 * `replicatedBy`.
 */
export const checkStorage: Section<StorageConfig> = structuredSection({
  key: STORAGE_KEY,
  schema: StorageSchema,
  whenAbsent: "defaults",
  rules: (_value, context, fields) => storageProblems(fields, context as StorageSectionContext),
  build: (data) => ({
    archive: {
      infrequentAccessAfterDays: data.archive.infrequentAccessAfterDays,
      glacierAfterDays: data.archive.glacierAfterDays,
      archiveStorageClass: data.archive.archiveStorageClass as ArchiveStorageClass,
      expireAfterDays: data.archive.expireAfterDays,
      noncurrentVersionExpireAfterDays: data.archive.noncurrentVersionExpireAfterDays,
      ...(data.archive.objectLock !== undefined
        ? {
            objectLock: {
              mode: data.archive.objectLock.mode as ObjectLockMode,
              days: data.archive.objectLock.days,
            },
          }
        : {}),
    },
    assets: {
      ...(data.assets.infrequentAccessAfterDays !== undefined
        ? { infrequentAccessAfterDays: data.assets.infrequentAccessAfterDays }
        : {}),
      ...(data.assets.instantArchiveAfterDays !== undefined
        ? { instantArchiveAfterDays: data.assets.instantArchiveAfterDays }
        : {}),
      noncurrentVersionExpireAfterDays: data.assets.noncurrentVersionExpireAfterDays,
    },
    accessLogs: { expireAfterDays: data.accessLogs.expireAfterDays },
    ...(data.replicatedBy !== undefined ? { replicatedBy: data.replicatedBy } : {}),
  }),
});

function storageProblems(
  fields: Fields<(typeof StorageSchema)["shape"]>,
  context: StorageSectionContext,
): Problem[] {
  const problems: Problem[] = [];
  const archive = fields.get("archive");
  if (archive !== undefined) {
    const lifecycle = archiveLifecycle({
      ...archive,
      archiveStorageClass: archive.archiveStorageClass as ArchiveStorageClass,
    });
    // The component's paths, in this key's words.
    const renamed = (problem: Problem): Problem => ({
      path: `archive.${problem.path
        .replace("lifecycle.archiveAfterDays", "glacierAfterDays")
        .replace("lifecycle.", "")}`,
      message: problem.message,
    });
    const lock = archive.objectLock as { mode: ObjectLockMode; days: number } | undefined;
    problems.push(
      ...prefixProblems(
        STORAGE_KEY,
        [...lifecycleProblems(lifecycle), ...objectLockProblems(lock, lifecycle)].map(renamed),
      ),
    );
  }
  const assets = fields.get("assets");
  if (assets !== undefined) {
    const lifecycle: ResolvedBucketLifecycle = {
      ...assetsLifecycle(assets),
      abortIncompleteUploadAfterDays: secureBucketDefaults.abortIncompleteUploadAfterDays,
    };
    problems.push(
      ...prefixProblems(
        STORAGE_KEY,
        lifecycleProblems(lifecycle).map((p) => ({
          ...p,
          path: `assets.${p.path.replace("lifecycle.archiveAfterDays", "instantArchiveAfterDays").replace("lifecycle.", "")}`,
        })),
      ),
    );
  }
  const accessLogs = fields.get("accessLogs");
  if (
    accessLogs !== undefined &&
    !(Number.isInteger(accessLogs.expireAfterDays) && accessLogs.expireAfterDays >= 1)
  ) {
    problems.push({
      path: `${STORAGE_KEY}.accessLogs.expireAfterDays`,
      message: `${accessLogs.expireAfterDays} is not a number of days; give whole days of at least 1 (e.g. 90)`,
    });
  }
  if (fields.valid("replicatedBy") && context.role === "secondary") {
    problems.push({
      path: `${STORAGE_KEY}.replicatedBy`,
      message:
        "is set on a secondary, whose stack configures the replication of its own buckets; remove it (only a primary, whose buckets its secondary replicates, declares it)",
    });
  }
  // Bucket names are global and include the account; S3 takes at most 63 characters.
  if (
    context.project !== undefined &&
    context.environment !== undefined &&
    context.region !== undefined &&
    context.accountId !== undefined
  ) {
    const scope = {
      project: context.project,
      environment: context.environment,
      region: context.region,
      accountId: context.accountId,
    };
    for (const purpose of STORAGE_BUCKET_PURPOSES) {
      const name = storageBucketName(scope, purpose);
      const problem = bucketNameProblem(name);
      if (problem !== undefined) {
        problems.push({
          path: STORAGE_KEY,
          message: `the ${purpose} bucket's name ${problem} (the name is <project>-<environment>-<region>-<account>-${purpose}: shorten the project name)`,
        });
      }
    }
  }
  return problems;
}

/** The cold storage classes, for the README. */
export const STORAGE_ARCHIVE_CLASSES = ARCHIVE_STORAGE_CLASSES;
