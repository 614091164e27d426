import { expect } from "chai";
import { validatePlatformConfig } from "../../stacks/config";
import { CI_ACCESS_DEFAULTS, CiAccessConfig, checkCiAccess } from "../../stacks/config-sections/ci-access";
import { checkSection, configMap, stackFileValues } from "../support/config";

/** `checkCiAccess` on one value: what it returns and every problem, as `path: message` lines. */
function check(raw: unknown): { config: CiAccessConfig | undefined; problems: string[] } {
  return checkSection(checkCiAccess, raw, { stack: "prod-taipei" });
}

const KNOWN_KEYS =
  "repository, createOidcProvider, deployBranch, deployEnvironments, previewSessionSeconds, deploySessionSeconds";

describe("config: platform:ciAccess", () => {
  it("is optional: absent means the stack does not own the account's CI roles", () => {
    expect(check(undefined)).to.deep.equal({ config: undefined, problems: [] });
  });

  it("defaults everything but the repository", () => {
    expect(check({ repository: "kimkao/platform" })).to.deep.equal({
      config: {
        repository: "kimkao/platform",
        createOidcProvider: true,
        deployBranch: "main",
        deployEnvironments: [],
        previewSessionSeconds: 3600,
        deploySessionSeconds: 10800,
      },
      problems: [],
    });
    expect(CI_ACCESS_DEFAULTS.deployEnvironments).to.deep.equal([]);
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values", () => {
    const raw = JSON.stringify({
      repository: "Octo-Org/octo.repo",
      createOidcProvider: false,
      deployBranch: "release",
      deployEnvironments: ["prod-a", "prod-b"],
      previewSessionSeconds: 7200,
      deploySessionSeconds: 43200,
    });
    expect(check(raw)).to.deep.equal({
      config: {
        repository: "Octo-Org/octo.repo",
        createOidcProvider: false,
        deployBranch: "release",
        deployEnvironments: ["prod-a", "prod-b"],
        previewSessionSeconds: 7200,
        deploySessionSeconds: 43200,
      },
      problems: [],
    });
  });

  it("reports shapes with our messages: not a map, text that is not JSON, unknown keys, wrong types", () => {
    expect(check([]).problems).to.deep.equal([
      "platform:ciAccess: is a list, not a map; set the CI access, e.g. {repository: kimkao/platform, deployEnvironments: [prod-taipei, prod-tokyo]}",
    ]);
    expect(check("{repository:").problems).to.deep.equal([
      "platform:ciAccess: is text that does not parse as JSON; write platform:ciAccess as a YAML map under config: in Pulumi.prod-taipei.yaml",
    ]);
    expect(
      check({
        repo: "kimkao/platform",
        createOidcProvider: "yes",
        deployEnvironments: "prod-taipei",
        deploySessionSeconds: "3h",
      }),
    ).to.deep.equal({
      config: undefined,
      problems: [
        "platform:ciAccess.repository: missing; set the GitHub repository as <owner>/<name>, e.g. kimkao/platform",
        'platform:ciAccess.createOidcProvider: is the string "yes", not a boolean; set whether to create GitHub\'s OIDC provider, e.g. true',
        'platform:ciAccess.deployEnvironments: is the string "prod-taipei", not a list; set the GitHub environments that deploy, e.g. [prod-taipei, prod-tokyo]',
        'platform:ciAccess.deploySessionSeconds: is the string "3h", not a number; set the deploy role\'s longest session in seconds (3600 to 43200), e.g. 10800',
        `platform:ciAccess.repo: unknown key; fix its spelling or remove it (the known keys are ${KNOWN_KEYS})`,
      ],
    });
  });

  it("applies the component's rules to every field whose shape is valid, each problem once", () => {
    expect(
      check({
        repository: "kimkao",
        deployBranch: "main*",
        deployEnvironments: ["prod-taipei", "prod-taipei", 7],
        previewSessionSeconds: 600,
        deploySessionSeconds: "long",
      }).problems,
    ).to.deep.equal([
      "platform:ciAccess.deployEnvironments[2]: is the number 7, not a string; set a GitHub environment name, e.g. prod-taipei",
      'platform:ciAccess.deploySessionSeconds: is the string "long", not a number; set the deploy role\'s longest session in seconds (3600 to 43200), e.g. 10800',
      'platform:ciAccess.repository: "kimkao" is not an <owner>/<name> repository; write it as <owner>/<name>, exactly as GitHub spells it, e.g. kimkao/platform',
      'platform:ciAccess.deployBranch: "main*" is not a git branch name the trust policy can match exactly; use letters, digits, /, ., - and _ without wildcards, e.g. main',
      "platform:ciAccess.previewSessionSeconds: 600 is not a role session length IAM accepts; use whole seconds from 3600 (1 hour) to 43200 (12 hours)",
    ]);
  });

  it("takes a branch git would accept: no component starting with . or ending with .lock", () => {
    expect(check({ repository: "kimkao/platform", deployBranch: "release/2026.12" }).problems).to.deep.equal(
      [],
    );
    expect(check({ repository: "kimkao/platform", deployBranch: "release/.next" }).problems).to.deep.equal([
      'platform:ciAccess.deployBranch: "release/.next" is not a git branch name the trust policy can match exactly; use letters, digits, /, ., - and _ without wildcards, e.g. main',
    ]);
  });

  it("reports duplicate environments and bad names with their index", () => {
    expect(
      check({ repository: "kimkao/platform", deployEnvironments: ["prod", "Prod", "prod taipei"] }).problems,
    ).to.deep.equal([
      "platform:ciAccess.deployEnvironments[1]: Prod is listed twice; list each environment once",
      'platform:ciAccess.deployEnvironments[2]: "prod taipei" is not a GitHub environment name this platform accepts; use 1 to 255 letters, digits, ., - and _ (no wildcards), e.g. prod-taipei',
    ]);
  });

  describe("in the stack files", () => {
    it("is set in prod-taipei only, trusting main and both prod environments", async () => {
      const owners: Record<string, CiAccessConfig | undefined> = {};
      for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
        // The secondary's overlap check needs the primary's outputs; it is not what this test is about.
        const { config, problems } = await validatePlatformConfig({
          project: "platform",
          stack,
          ...rawOf(stack),
        });
        expect(problems, stack).to.deep.equal([]);
        owners[stack] = config?.ciAccess;
      }
      expect(owners).to.deep.equal({
        dev: undefined,
        "prod-taipei": {
          repository: "kimkao/platform",
          createOidcProvider: true,
          deployBranch: "main",
          deployEnvironments: ["prod-taipei", "prod-tokyo"],
          previewSessionSeconds: 3600,
          deploySessionSeconds: 10800,
        },
        "prod-tokyo": undefined,
      });
    });

    it("fails the whole config with the section's problems, under its key", async () => {
      const { config, problems } = await validatePlatformConfig({
        project: "platform",
        stack: "prod-taipei",
        ...rawOf("prod-taipei"),
        ciAccess: { repository: "kimkao/platform", deployBranch: "refs/heads/main" },
      });
      expect(config).to.equal(undefined);
      expect(problems).to.deep.equal([
        {
          path: "platform:ciAccess.deployBranch",
          message: '"refs/heads/main" is a full ref; give the branch name only, e.g. main',
        },
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
