import { expect } from "chai";
import { validatePlatformConfig } from "../../stacks/config";
import { containerRegistriesDefaults } from "../../components/container-registries/plan";
import { APPLICATIONS } from "../../stacks/catalogue";
import {
  REGISTRIES_DEFAULTS,
  RegistriesConfig,
  checkRegistries,
} from "../../stacks/config-sections/registries";
import type { SectionContext } from "../../stacks/config-sections/section";
import { checkSection, configMap, keepPulumiConfig, problemLines, stackFileValues } from "../support/config";

const PROD_TAIPEI: SectionContext = {
  stack: "prod-taipei",
  project: "platform",
  environment: "prod",
  region: "ap-east-2",
  role: "primary",
};
const PROD_TOKYO: SectionContext = {
  stack: "prod-tokyo",
  project: "platform",
  environment: "prod",
  region: "ap-northeast-1",
  role: "secondary",
};

/** `checkRegistries` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  context: SectionContext = PROD_TAIPEI,
): { config: RegistriesConfig | undefined; problems: string[] } {
  return checkSection(checkRegistries, raw, context);
}

const DEFAULTED: RegistriesConfig = {
  repositories: ["api", "shop", "cmc"],
  keepReleases: { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 },
  replicationRegions: [],
};

const SECONDARY_REPLICATES =
  "platform:registries.replicationRegions: is set on a secondary, but only a primary replicates its images (to " +
  "its secondaries' regions); remove it here and list this stack's region in its primary's " +
  "platform:registries.replicationRegions";

describe("config: platform:registries", () => {
  it("is optional in every stack: absent means a repository per application, the component's lifecycle, no replication", () => {
    expect(check(undefined)).to.deep.equal({ config: DEFAULTED, problems: [] });
    expect(check({})).to.deep.equal({ config: DEFAULTED, problems: [] });
    expect(check(undefined, PROD_TOKYO)).to.deep.equal({ config: DEFAULTED, problems: [] });
    // The defaults come from the catalogue and the component, not from the section.
    expect(REGISTRIES_DEFAULTS.repositories).to.deep.equal(Object.keys(APPLICATIONS));
    expect(REGISTRIES_DEFAULTS.keepReleases).to.deep.equal(containerRegistriesDefaults.keepReleases);
    expect(REGISTRIES_DEFAULTS.replicationRegions).to.deep.equal([]);
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values and filling the rest", () => {
    const raw = JSON.stringify({
      repositories: ["web", "9lives"],
      keepReleases: { count: 1, tagPattern: "release-*", untaggedExpiryDays: 1 },
      replicationRegions: ["ap-northeast-1", "ap-southeast-1"],
    });
    expect(check(raw)).to.deep.equal({
      config: {
        repositories: ["web", "9lives"],
        keepReleases: { count: 1, tagPattern: "release-*", untaggedExpiryDays: 1 },
        replicationRegions: ["ap-northeast-1", "ap-southeast-1"],
      },
      problems: [],
    });
    expect(check({ keepReleases: { count: 5 } }).config?.keepReleases).to.deep.equal({
      count: 5,
      tagPattern: "v*",
      untaggedExpiryDays: 7,
    });
  });

  it("reports shapes with our messages: not a map, text that is not JSON, unknown keys, wrong types", () => {
    expect(check([]).problems).to.deep.equal([
      "platform:registries: is a list, not a map; set the container registries, e.g. {replicationRegions: [ap-northeast-1]}",
    ]);
    expect(check("{repositories:").problems).to.deep.equal([
      "platform:registries: is text that does not parse as JSON; write platform:registries as a YAML map under config: in Pulumi.prod-taipei.yaml",
    ]);
    expect(
      check({
        repos: ["api"],
        repositories: "api",
        keepReleases: { count: "30", keep: 1 },
        replicationRegions: "ap-northeast-1",
      }),
    ).to.deep.equal({
      config: undefined,
      problems: [
        'platform:registries.repositories: is the string "api", not a list; set the repositories, one per application image, e.g. [api, shop, cmc]',
        'platform:registries.keepReleases.count: is the string "30", not a number; set how many releases each repository keeps, e.g. 30',
        "platform:registries.keepReleases.keep: unknown key; fix its spelling or remove it (the known keys are count, tagPattern, untaggedExpiryDays)",
        'platform:registries.replicationRegions: is the string "ap-northeast-1", not a list; set the regions images are replicated to, e.g. [ap-northeast-1]',
        "platform:registries.repos: unknown key; fix its spelling or remove it (the known keys are repositories, keepReleases, replicationRegions)",
      ],
    });
    expect(check({ keepReleases: [] }).problems).to.deep.equal([
      'platform:registries.keepReleases: is a list, not a map; set what the lifecycle policies keep, e.g. {count: 30, tagPattern: "v*", untaggedExpiryDays: 7}',
    ]);
  });

  it("applies the component's repository name rules", () => {
    expect(check({ repositories: ["API", "shop", "shop", "9lives", "a..b"] }).problems).to.deep.equal([
      'platform:registries.repositories[0]: "API" is not an ECR repository name; use lowercase letters and digits, joined by single ., _ or - (e.g. api)',
      'platform:registries.repositories[2]: "shop" is listed twice; list each repository once',
      'platform:registries.repositories[4]: "a..b" is not an ECR repository name; use lowercase letters and digits, joined by single ., _ or - (e.g. api)',
    ]);
    expect(check({ repositories: [] }).problems).to.deep.equal([
      'platform:registries.repositories: is empty; list the repositories to create (e.g. ["api", "shop", "cmc"])',
    ]);
    // With the stack's prefix (`platform/prod/`), as the component names the repository.
    expect(check({ repositories: ["x".repeat(242)] }).problems).to.deep.equal([]);
    expect(check({ repositories: ["x".repeat(243)] }).problems).to.deep.equal([
      `platform:registries.repositories[0]: "${"x".repeat(243)}" makes a repository name of 257 characters with the namePrefix, more than the 256 ECR allows; shorten the name or the namePrefix`,
    ]);
  });

  it("applies the component's lifecycle ranges and tag pattern rules", () => {
    expect(
      check({ keepReleases: { count: 0, tagPattern: "-v", untaggedExpiryDays: 366 } }).problems,
    ).to.deep.equal([
      "platform:registries.keepReleases.count: 0 is not a number of releases to keep; use a whole number from 1 to 1000 (e.g. 30)",
      "platform:registries.keepReleases.untaggedExpiryDays: 366 is not a number of days; use a whole number from 1 to 365 (e.g. 7)",
      'platform:registries.keepReleases.tagPattern: "-v" is not an image tag pattern; use up to 128 letters, digits, _, . and -, not starting with . or -, with * for any characters (e.g. v*)',
    ]);
    expect(check({ keepReleases: { count: 2.5, tagPattern: "v*.*.*.*.*" } }).problems).to.deep.equal([
      "platform:registries.keepReleases.count: 2.5 is not a number of releases to keep; use a whole number from 1 to 1000 (e.g. 30)",
      'platform:registries.keepReleases.tagPattern: "v*.*.*.*.*" has more than the 4 wildcards (*) a lifecycle tag pattern allows; use fewer (e.g. v*)',
    ]);
  });

  it("reports a field with a shape problem once, by its shape, not also by the component's rules", () => {
    expect(check({ repositories: ["API", "shop", "shop", 7] }).problems).to.deep.equal([
      "platform:registries.repositories[3]: is the number 7, not a string; set a repository name, e.g. api",
    ]);
  });

  it("replicates to regions this platform runs in, other than the stack's own, each once, in order", () => {
    expect(
      check({
        replicationRegions: ["ap-east-2", "eu-west-3", "ap-nowhere-1", "ap-northeast-1", "ap-northeast-1"],
      }).problems,
    ).to.deep.equal([
      'platform:registries.replicationRegions[0]: "ap-east-2" is this stack\'s own region; list the regions of its secondaries (e.g. ap-northeast-1)',
      'platform:registries.replicationRegions[1]: "eu-west-3" is not a region this platform runs in (stacks/regions.ts); list the region of a secondary of this stack (e.g. ap-northeast-1)',
      'platform:registries.replicationRegions[2]: "ap-nowhere-1" is not a region name; use one like ap-northeast-1',
      'platform:registries.replicationRegions[4]: "ap-northeast-1" is listed twice; list each destination region once',
    ]);
  });

  it("refuses replication on a secondary (an empty list is fine): its primary replicates into it", () => {
    expect(check({ replicationRegions: ["ap-east-2"] }, PROD_TOKYO).problems).to.deep.equal([
      SECONDARY_REPLICATES,
    ]);
    expect(check({ replicationRegions: ["ap-east-2", "nowhere"] }, PROD_TOKYO).problems).to.deep.equal([
      SECONDARY_REPLICATES,
      'platform:registries.replicationRegions[1]: "nowhere" is not a region name; use one like ap-northeast-1',
    ]);
    expect(check({ replicationRegions: [] }, PROD_TOKYO)).to.deep.equal({ config: DEFAULTED, problems: [] });
  });

  describe("in the stack files", () => {
    it("replicates prod-taipei to Tokyo; dev and prod-tokyo take the defaults", async () => {
      const registries: Record<string, RegistriesConfig | undefined> = {};
      for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
        // The secondary's checks against its primary need the primary's outputs; not what this test is about.
        const { config, problems } = await validatePlatformConfig({
          project: "platform",
          stack,
          ...rawOf(stack),
        });
        expect(problems, stack).to.deep.equal([]);
        registries[stack] = config?.registries;
      }
      expect(registries).to.deep.equal({
        dev: DEFAULTED,
        "prod-taipei": { ...DEFAULTED, replicationRegions: ["ap-northeast-1"] },
        "prod-tokyo": DEFAULTED,
      });
      expect(stackFileValues("dev")).to.not.have.property("platform:registries");
      expect(stackFileValues("prod-tokyo")).to.not.have.property("platform:registries");
    });
  });

  describe("through the config door", () => {
    keepPulumiConfig();

    it("reports the section in the same error as every other key, under its key", async () => {
      expect(
        await problemLines({
          "platform:registries": { replicationRegions: ["ap-east-2"], keepReleases: { count: 0 } },
          "platform:database.instanceCount": 1,
        }),
      ).to.deep.equal([
        "platform:database.instanceCount: 1 instance leaves prod without a failover target in another zone; use 2 or more",
        "platform:registries.keepReleases.count: 0 is not a number of releases to keep; use a whole number from 1 to 1000 (e.g. 30)",
        'platform:registries.replicationRegions[0]: "ap-east-2" is this stack\'s own region; list the regions of its secondaries (e.g. ap-northeast-1)',
      ]);
    });

    it("names the key a misspelling meant, instead of planning without it", async () => {
      expect(
        await problemLines({ "platform:registry": { replicationRegions: ["ap-northeast-1"] } }),
      ).to.deep.equal([
        "platform:registry: is not a key this program reads; did you mean platform:registries? Rename it in " +
          "Pulumi.<stack>.yaml (a misspelt key is otherwise ignored, and `pulumi up` would delete what it made)",
      ]);
    });
  });
});

/** The raw config of a stack file, in the shape `validatePlatformConfig` reads (what `loadPlatformConfig` builds). */
function rawOf(stack: string): Record<string, unknown> {
  const values = configMap(stackFileValues(stack));
  const raw: Record<string, unknown> = { region: values["aws:region"] };
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith("platform:")) {
      raw[key.slice("platform:".length)] = value;
    }
  }
  return raw;
}
