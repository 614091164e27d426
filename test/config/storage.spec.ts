import { expect } from "chai";
import { STORAGE_DEFAULTS, StorageConfig, checkStorage } from "../../stacks/config-sections/storage";
import { checkSection, keepPulumiConfig, load, stackFileValues } from "../support/config";

/** `checkStorage` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  context: Record<string, unknown> = {},
): { config: StorageConfig | undefined; problems: string[] } {
  return checkSection(checkStorage, raw, { stack: "prod-taipei", ...context });
}

const DEFAULTS: StorageConfig = {
  archive: {
    infrequentAccessAfterDays: 30,
    glacierAfterDays: 90,
    archiveStorageClass: "GLACIER",
    expireAfterDays: 365,
    noncurrentVersionExpireAfterDays: 30,
  },
  assets: { noncurrentVersionExpireAfterDays: 30 },
  accessLogs: { expireAfterDays: 90 },
};

describe("config: platform:storage", () => {
  keepPulumiConfig();

  it("defaults everything when absent: a year of archive through Glacier, no Object Lock", () => {
    expect(check(undefined)).to.deep.equal({ config: DEFAULTS, problems: [] });
    expect(STORAGE_DEFAULTS.archive.expireAfterDays).to.equal(365);
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values", () => {
    const raw = JSON.stringify({
      archive: { expireAfterDays: 2557, objectLock: { mode: "GOVERNANCE", days: 365 } },
      assets: { infrequentAccessAfterDays: 60 },
      replicatedBy: "by prod-tokyo",
    });
    expect(check(raw)).to.deep.equal({
      config: {
        ...DEFAULTS,
        archive: {
          ...DEFAULTS.archive,
          expireAfterDays: 2557,
          objectLock: { mode: "GOVERNANCE", days: 365 },
        },
        assets: { infrequentAccessAfterDays: 60, noncurrentVersionExpireAfterDays: 30 },
        replicatedBy: "by prod-tokyo",
      },
      problems: [],
    });
  });

  it("reports shapes with our messages: wrong types, a lock without a mode, unknown keys", () => {
    expect(
      check({ archive: { expireAfterDays: "long", objectLock: { days: 30 } }, assets: [], retention: 5 })
        .problems,
    ).to.deep.equal([
      'platform:storage.archive.expireAfterDays: is the string "long", not a number; set the days the archive keeps an object, e.g. 365',
      "platform:storage.archive.objectLock.mode: missing; set the Object Lock mode, e.g. GOVERNANCE",
      "platform:storage.assets: is a list, not a map; set the assets bucket, e.g. {noncurrentVersionExpireAfterDays: 90}",
      "platform:storage.retention: unknown key; fix its spelling or remove it (the known keys are archive, assets, accessLogs, replicatedBy)",
    ]);
  });

  it("applies the component's lifecycle and Object Lock rules, in this key's words", () => {
    expect(
      check({
        archive: {
          infrequentAccessAfterDays: 30,
          glacierAfterDays: 45,
          expireAfterDays: 400,
          archiveStorageClass: "COLD",
          objectLock: { mode: "FOREVER", days: 500 },
        },
        assets: { infrequentAccessAfterDays: 10 },
        accessLogs: { expireAfterDays: 0 },
      }).problems,
    ).to.deep.equal([
      "platform:storage.archive.glacierAfterDays: 45 is less than 30 days after infrequentAccessAfterDays (30); S3 keeps an object 30 days in STANDARD_IA before the next transition, so use at least 60",
      'platform:storage.archive.archiveStorageClass: "COLD" is not a cold storage class; use one of GLACIER_IR, GLACIER, DEEP_ARCHIVE',
      'platform:storage.archive.objectLock.mode: "FOREVER" is not an Object Lock mode; use GOVERNANCE (removable with s3:BypassGovernanceRetention) or COMPLIANCE (removable by no one)',
      "platform:storage.archive.objectLock.days: 500 locks objects longer than they live (lifecycle.expireAfterDays 400); lock at most 400 days or expire later",
      "platform:storage.assets.infrequentAccessAfterDays: 10 cannot move objects to STANDARD_IA; S3 takes whole days of at least 30 (e.g. 30)",
      "platform:storage.accessLogs.expireAfterDays: 0 is not a number of days; give whole days of at least 1 (e.g. 90)",
    ]);
  });

  it("moves old assets to Glacier Instant Retrieval no sooner than 30 days after STANDARD_IA", () => {
    expect(
      check({ assets: { infrequentAccessAfterDays: 90, instantArchiveAfterDays: 100 } }).problems,
    ).to.deep.equal([
      "platform:storage.assets.instantArchiveAfterDays: 100 is less than 30 days after infrequentAccessAfterDays (90); S3 keeps an object 30 days in STANDARD_IA before the next transition, so use at least 120",
    ]);
    expect(check({ assets: { instantArchiveAfterDays: 365 } }).config?.assets).to.deep.equal({
      instantArchiveAfterDays: 365,
      noncurrentVersionExpireAfterDays: 30,
    });
  });

  it("refuses replicatedBy on a secondary, and bucket names longer than S3's 63 characters", () => {
    expect(check({ replicatedBy: "by prod-tokyo" }, { role: "secondary" }).problems).to.deep.equal([
      "platform:storage.replicatedBy: is set on a secondary, whose stack configures the replication of its own buckets; remove it (only a primary, whose buckets its secondary replicates, declares it)",
    ]);
    const long = {
      project: "platform-with-a-long-name",
      environment: "prod",
      region: "ap-northeast-1",
      accountId: "123456789012",
    };
    expect(check(undefined, long).problems).to.deep.equal([
      'platform:storage: the access-logs bucket\'s name "platform-with-a-long-name-prod-ap-northeast-1-123456789012-access-logs" is 70 characters; an S3 bucket name is 3 to 63 characters, shorten it (the name is <project>-<environment>-<region>-<account>-access-logs: shorten the project name)',
      'platform:storage: the archive bucket\'s name "platform-with-a-long-name-prod-ap-northeast-1-123456789012-archive" is 66 characters; an S3 bucket name is 3 to 63 characters, shorten it (the name is <project>-<environment>-<region>-<account>-archive: shorten the project name)',
      'platform:storage: the config bucket\'s name "platform-with-a-long-name-prod-ap-northeast-1-123456789012-config" is 65 characters; an S3 bucket name is 3 to 63 characters, shorten it (the name is <project>-<environment>-<region>-<account>-config: shorten the project name)',
      'platform:storage: the assets bucket\'s name "platform-with-a-long-name-prod-ap-northeast-1-123456789012-assets" is 65 characters; an S3 bucket name is 3 to 63 characters, shorten it (the name is <project>-<environment>-<region>-<account>-assets: shorten the project name)',
    ]);
    expect(check(undefined, { ...long, project: "platform" }).problems).to.deep.equal([]);
  });

  it("is set in every stack file: dev short and unlocked, prod seven years locked 365 days, Taipei replicated by Tokyo", () => {
    const of = (stack: string) => check(stackFileValues(stack)["platform:storage"]).config;
    expect(of("dev")?.archive).to.deep.equal({
      ...DEFAULTS.archive,
      glacierAfterDays: 60,
      expireAfterDays: 90,
    });
    for (const stack of ["prod-taipei", "prod-tokyo"]) {
      expect(of(stack)?.archive, stack).to.deep.equal({
        infrequentAccessAfterDays: 30,
        glacierAfterDays: 90,
        archiveStorageClass: "GLACIER",
        expireAfterDays: 2557,
        noncurrentVersionExpireAfterDays: 90,
        objectLock: { mode: "GOVERNANCE", days: 365 },
      });
      expect(of(stack)?.assets, stack).to.deep.equal({
        infrequentAccessAfterDays: 90,
        instantArchiveAfterDays: 365,
        noncurrentVersionExpireAfterDays: 90,
      });
    }
    expect(of("dev")?.assets).to.deep.equal({ noncurrentVersionExpireAfterDays: 30 });
    expect(of("prod-taipei")?.replicatedBy).to.equal("by prod-tokyo");
    expect(of("prod-tokyo")?.replicatedBy).to.equal(undefined);
    expect(of("dev")?.replicatedBy).to.equal("none: dev is single-region and its data disposable (ADR 0028)");
  });

  it("reaches PlatformConfig through the config door, with the defaults without the key", async () => {
    expect((await load()).storage).to.deep.equal(DEFAULTS);
    const config = await load({ "platform:storage": { accessLogs: { expireAfterDays: 365 } } });
    expect(config.storage.accessLogs).to.deep.equal({ expireAfterDays: 365 });
  });
});
