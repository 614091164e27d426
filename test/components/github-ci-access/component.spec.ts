import { expect } from "chai";
import {
  DEPLOY_IAM_STATEMENTS,
  GITHUB_CI_ACCESS_TYPE,
  GithubCiAccess,
  GithubCiAccessArgs,
  PREVIEW_DENIED_DATA_ACTIONS,
  githubCiAccessDefaults,
  withDefaults,
} from "../../../components/github-ci-access";
import {
  branchProblem,
  deploySubjects,
  environmentProblem,
  previewSubjects,
  repositoryProblem,
  roleNamePrefixProblem,
  sessionProblem,
} from "../../../components/github-ci-access/plan";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, RecordedResource, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

const REPOSITORY = "kimkao/platform";
/** The account's GitHub provider, as IAM names it: `oidc-provider/<issuer host>`. */
const GITHUB_PROVIDER_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;

/** What prod-taipei passes: the repository, the prod GitHub environments, protection. */
const PROD: GithubCiAccessArgs = {
  repository: REPOSITORY,
  deployEnvironments: ["prod-taipei", "prod-tokyo"],
  protect: true,
};

interface Built {
  recorder: PlanRecorder;
  access: GithubCiAccess;
  providerRef: string;
}

function install(): PlanRecorder {
  return installPlanMocks({
    project: "platform",
    stack: "prod-taipei",
    config: { "aws:region": "ap-east-2" },
  });
}

/** The provider's default tags. */
const TAGS = { Owner: "platform-team", CostCenter: "CC-1001", ManagedBy: "pulumi" };

async function build(args: GithubCiAccessArgs = PROD, name = "ci-access"): Promise<Built> {
  const { component: access, ...built } = await buildUnderMocks(
    (provider) => new GithubCiAccess(name, args, { provider }),
    {
      defaultTags: TAGS,
      settle: (access) => [access.previewRoleArn, access.deployRoleArn, access.oidcProviderArn],
    },
  );
  return { ...built, access };
}

function json(resource: RecordedResource, input: string): Record<string, unknown> {
  return JSON.parse(String(resource.inputs[input])) as Record<string, unknown>;
}

/** The trust policy GitHub's token must satisfy: exact audience, exact subjects, through the given provider. */
function trustPolicy(sid: string, subjects: string | string[]): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
        Effect: "Allow",
        Action: "sts:AssumeRoleWithWebIdentity",
        Principal: { Federated: GITHUB_PROVIDER_ARN },
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": subjects,
          },
        },
      },
    ],
  };
}

describe("GithubCiAccess (under the plan mocks)", () => {
  describe("prod: a new OIDC provider, the prod environments, protected", () => {
    let built: Built;
    before(async () => {
      built = await build();
    });

    it("creates GitHub's OIDC provider for the STS audience, without thumbprints, protected", () => {
      const oidc = built.recorder.find(T.oidcProvider, "ci-access-github");
      expect(oidc.inputs).to.deep.equal({
        url: "https://token.actions.githubusercontent.com",
        clientIdLists: ["sts.amazonaws.com"],
        tags: { Name: "ci-access-github" },
      });
      expect(oidc.options.protect).to.equal(true);
      expect(oidc.state["arn"]).to.equal(GITHUB_PROVIDER_ARN);
    });

    it("lets only pull requests of the repository assume the preview role", () => {
      const role = built.recorder.find(T.role, "ci-access-preview");
      expect(json(role, "assumeRolePolicy")).to.deep.equal(
        trustPolicy("GithubPullRequests", "repo:kimkao/platform:pull_request"),
      );
      expect(role.inputs["maxSessionDuration"]).to.equal(3600);
      expect(role.options.protect).to.equal(false);
    });

    it("lets only main and the prod environments of the repository assume the deploy role", () => {
      const role = built.recorder.find(T.role, "ci-access-deploy");
      expect(json(role, "assumeRolePolicy")).to.deep.equal(
        trustPolicy("GithubDeployments", [
          "repo:kimkao/platform:ref:refs/heads/main",
          "repo:kimkao/platform:environment:prod-taipei",
          "repo:kimkao/platform:environment:prod-tokyo",
        ]),
      );
      expect(role.inputs["maxSessionDuration"]).to.equal(10800);
      expect(role.options.protect).to.equal(false);
      expect(built.access.deploySubjects).to.deep.equal([
        "repo:kimkao/platform:ref:refs/heads/main",
        "repo:kimkao/platform:environment:prod-taipei",
        "repo:kimkao/platform:environment:prod-tokyo",
      ]);
      expect(built.access.previewSubjects).to.deep.equal(["repo:kimkao/platform:pull_request"]);
    });

    it("gives the preview role ReadOnlyAccess and denies data reads, account parameters included", () => {
      const attachment = built.recorder.find(T.attachment, "ci-access-preview-read-only");
      expect(attachment.inputs).to.deep.equal({
        role: "ci-access-preview",
        policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      });
      const deny = built.recorder.find(T.rolePolicy, "ci-access-preview-no-data-reads");
      expect(deny.inputs["role"]).to.equal("ci-access-preview");
      expect(json(deny, "policy")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          { Sid: "NoDataReads", Effect: "Deny", Action: [...PREVIEW_DENIED_DATA_ACTIONS], Resource: "*" },
          {
            Sid: "NoAccountParameterReads",
            Effect: "Deny",
            Action: [
              "ssm:GetParameter",
              "ssm:GetParameters",
              "ssm:GetParametersByPath",
              "ssm:GetParameterHistory",
            ],
            Resource: `arn:aws:ssm:*:${MOCK_ACCOUNT_ID}:parameter/*`,
          },
        ],
      });
      for (const action of ["s3:GetObject", "secretsmanager:GetSecretValue", "kms:Decrypt"]) {
        expect(PREVIEW_DENIED_DATA_ACTIONS).to.include(action);
      }
    });

    it("gives the deploy role PowerUserAccess and the stacks' IAM on the account's own resources only", () => {
      const attachment = built.recorder.find(T.attachment, "ci-access-deploy-power-user");
      expect(attachment.inputs).to.deep.equal({
        role: "ci-access-deploy",
        policyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
      });
      const iam = json(built.recorder.find(T.rolePolicy, "ci-access-deploy-iam"), "policy");
      const statements = iam["Statement"] as Record<string, unknown>[];
      expect(statements.map((s) => [s["Sid"], s["Effect"], s["Resource"]])).to.deep.equal([
        ["ManageServiceRoles", "Allow", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/*`],
        ["ManageCustomerPolicies", "Allow", `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/*`],
        ["ManageInstanceProfiles", "Allow", `arn:aws:iam::${MOCK_ACCOUNT_ID}:instance-profile/*`],
        ["ManageOidcProviders", "Allow", `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/*`],
        ["ListIam", "Allow", "*"],
      ]);
      expect(statements.map((s) => s["Action"])).to.deep.equal(DEPLOY_IAM_STATEMENTS.map((s) => s.actions));
      // No IAM users, groups or access keys: a pipeline can never mint long-lived credentials.
      const actions = statements.flatMap((s) => s["Action"] as string[]);
      expect(actions.filter((a) => /User|Group|AccessKey|LoginProfile|\*/.test(a))).to.deep.equal([]);
    });

    it("creates every child through the given provider, under the component, named after it", () => {
      const { recorder, providerRef } = built;
      const component = recorder.find(GITHUB_CI_ACCESS_TYPE, "ci-access");
      const children = recorder.resources.filter((r) => r.type.startsWith("aws:"));
      expect(children.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal(
        [
          `${T.attachment}::ci-access-deploy-power-user`,
          `${T.attachment}::ci-access-preview-read-only`,
          `${T.oidcProvider}::ci-access-github`,
          `${T.role}::ci-access-deploy`,
          `${T.role}::ci-access-preview`,
          `${T.rolePolicy}::ci-access-deploy-iam`,
          `${T.rolePolicy}::ci-access-preview-no-data-reads`,
        ].sort(),
      );
      const roles = new Map(recorder.byType(T.role).map((r) => [r.urn, r]));
      for (const child of children) {
        expect(child.options.provider, child.name).to.equal(providerRef);
        const parent = roles.has(child.parent ?? "") ? roles.get(child.parent!)!.parent : child.parent;
        expect(parent, child.name).to.equal(component.urn);
      }
      expect(recorder.invokes.every((i) => i.provider === providerRef)).to.equal(true);
      expect(recorder.errors).to.deep.equal([]);
    });

    it("exports the ARNs the workflows' repository variables hold", async () => {
      const { access } = built;
      expect(await valueOf(access.previewRoleArn)).to.equal(
        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/ci-access-preview`,
      );
      expect(await valueOf(access.deployRoleArn)).to.equal(
        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/ci-access-deploy`,
      );
      expect(await valueOf(access.oidcProviderArn)).to.equal(GITHUB_PROVIDER_ARN);
      const outputs = built.recorder.find(GITHUB_CI_ACCESS_TYPE, "ci-access").outputs;
      expect(Object.keys(outputs ?? {})).to.have.members([
        "oidcProviderArn",
        "previewRoleArn",
        "previewRoleName",
        "deployRoleArn",
        "deployRoleName",
        "previewSubjects",
        "deploySubjects",
      ]);
    });
  });

  describe("an account that already has GitHub's provider", () => {
    it("creates no provider and trusts the existing one by its ARN; defaults trust only main", async () => {
      const { recorder } = await build({ repository: "Octo-Org/octo.repo_2", createOidcProvider: false });
      expect(recorder.byType(T.oidcProvider)).to.deep.equal([]);
      expect(json(recorder.find(T.role, "ci-access-deploy"), "assumeRolePolicy")).to.deep.equal(
        trustPolicy("GithubDeployments", "repo:Octo-Org/octo.repo_2:ref:refs/heads/main"),
      );
      expect(json(recorder.find(T.role, "ci-access-preview"), "assumeRolePolicy")).to.deep.equal(
        trustPolicy("GithubPullRequests", "repo:Octo-Org/octo.repo_2:pull_request"),
      );
    });
  });

  describe("fixed role names", () => {
    it("names the roles <prefix>-preview and <prefix>-deploy, so other stacks can name the deploy role", async () => {
      const { recorder, access } = await build({ ...PROD, roleNamePrefix: "platform-github" });
      expect(recorder.find(T.role, "ci-access-preview").inputs["name"]).to.equal("platform-github-preview");
      expect(recorder.find(T.role, "ci-access-deploy").inputs["name"]).to.equal("platform-github-deploy");
      expect(await valueOf(access.deployRoleArn)).to.equal(
        `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-github-deploy`,
      );
      expect(recorder.find(T.attachment, "ci-access-deploy-power-user").inputs["role"]).to.equal(
        "platform-github-deploy",
      );
    });

    it("leaves the names to auto-naming without a prefix, and refuses prefixes IAM would not accept", async () => {
      const { recorder } = await build();
      expect(recorder.find(T.role, "ci-access-deploy").inputs).to.not.have.property("name");
      expect(roleNamePrefixProblem("a".repeat(56))).to.equal(undefined);
      for (const bad of ["", "a".repeat(57), "platform/github", "plat*"]) {
        expect(roleNamePrefixProblem(bad), bad).to.match(
          /is not a role name prefix IAM accepts; use 1 to 56/,
        );
      }
    });
  });

  describe("arguments", () => {
    it("has the documented defaults, keeping explicit false and empty values", () => {
      expect(withDefaults({ repository: REPOSITORY })).to.deep.equal({
        repository: REPOSITORY,
        ...githubCiAccessDefaults,
      });
      expect(githubCiAccessDefaults).to.deep.equal({
        createOidcProvider: true,
        deployBranch: "main",
        deployEnvironments: [],
        previewSessionSeconds: 3600,
        deploySessionSeconds: 10800,
        protect: false,
        tags: {},
      });
      const explicit = withDefaults({ repository: REPOSITORY, createOidcProvider: false, deployBranch: "" });
      expect([explicit.createOidcProvider, explicit.deployBranch]).to.deep.equal([false, ""]);
    });

    it("rejects every invalid argument in one error before registering any child", async () => {
      const recorder = install();
      let error: unknown;
      try {
        new GithubCiAccess("ci-access", {
          repository: "kimkao/platform/extra",
          roleNamePrefix: "platform github",
          deployBranch: "refs/heads/main",
          deployEnvironments: ["prod-taipei", "prod*", "PROD-TAIPEI"],
          previewSessionSeconds: 900,
          deploySessionSeconds: 50000,
        });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).message).to.equal(
        [
          'Invalid arguments for GithubCiAccess "ci-access":',
          '  - repository: "kimkao/platform/extra" is not an <owner>/<name> repository; write it as <owner>/<name>, exactly as GitHub spells it, e.g. kimkao/platform',
          '  - roleNamePrefix: "platform github" is not a role name prefix IAM accepts; use 1 to 56 letters, digits and + = , . @ _ -, e.g. platform-github',
          '  - deployBranch: "refs/heads/main" is a full ref; give the branch name only, e.g. main',
          '  - deployEnvironments[1]: "prod*" is not a GitHub environment name this platform accepts; use 1 to 255 letters, digits, ., - and _ (no wildcards), e.g. prod-taipei',
          "  - deployEnvironments[2]: PROD-TAIPEI is listed twice; list each environment once",
          "  - previewSessionSeconds: 900 is not a role session length IAM accepts; use whole seconds from 3600 (1 hour) to 43200 (12 hours)",
          "  - deploySessionSeconds: 50000 is not a role session length IAM accepts; use whole seconds from 3600 (1 hour) to 43200 (12 hours)",
          "  - opts.provider: no aws.Provider given; pass { provider } with the stack's explicit provider (its defaultTags carry the required tags)",
        ].join("\n"),
      );
      await recorder.settled();
      // super() registers the (empty) component first; validation stops it before any child or invoke.
      expect(recorder.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
        `${GITHUB_CI_ACCESS_TYPE}::ci-access`,
      ]);
      expect(recorder.invokes).to.deep.equal([]);
    });
  });

  describe("two instances in one stack", () => {
    it("every type::name is unique", async () => {
      const { recorder } = await buildUnderMocks(
        (provider) => ({
          a: new GithubCiAccess("ci-access", PROD, { provider }),
          b: new GithubCiAccess("ci-access-dev", { ...PROD, createOidcProvider: false }, { provider }),
        }),
        { defaultTags: TAGS, settle: ({ a, b }) => [a.deployRoleArn, b.deployRoleArn] },
      );
      const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
      expect(recorder.byType(T.role)).to.have.length(4);
    });
  });
});

describe("GithubCiAccess planning", () => {
  it("builds GitHub's subjects for pull requests, a branch and environments", () => {
    expect(previewSubjects("o/r")).to.deep.equal(["repo:o/r:pull_request"]);
    expect(deploySubjects("o/r", "release/v1", ["prod"])).to.deep.equal([
      "repo:o/r:ref:refs/heads/release/v1",
      "repo:o/r:environment:prod",
    ]);
  });

  it("accepts GitHub repository names and rejects the rest with the reason", () => {
    for (const ok of [
      "kimkao/platform",
      "a/b",
      "Octo-Org/octo.repo_2",
      `${"a".repeat(39)}/${"r".repeat(100)}`,
    ]) {
      expect(repositoryProblem(ok), ok).to.equal(undefined);
    }
    expect(repositoryProblem("")).to.equal(
      "is empty; write it as <owner>/<name>, exactly as GitHub spells it, e.g. kimkao/platform",
    );
    expect(repositoryProblem("platform")).to.equal(
      '"platform" is not an <owner>/<name> repository; write it as <owner>/<name>, exactly as GitHub spells it, e.g. kimkao/platform',
    );
    const badOwner =
      "is not a GitHub owner name; use 1 to 39 letters, digits and single hyphens, not starting or ending with a hyphen";
    for (const owner of ["-kimkao", "kimkao-", "kim--kao", "kim_kao", "a".repeat(40), "*"]) {
      expect(repositoryProblem(`${owner}/platform`), owner).to.equal(`${JSON.stringify(owner)} ${badOwner}`);
    }
    const badName = "is not a GitHub repository name; use 1 to 100 letters, digits, ., - and _";
    for (const name of ["", ".", "..", "plat form", "plat*", "r".repeat(101)]) {
      expect(repositoryProblem(`kimkao/${name}`), name).to.equal(`${JSON.stringify(name)} ${badName}`);
    }
  });

  it("accepts git branch names and rejects wildcards, full refs and malformed names", () => {
    for (const ok of ["main", "release/v1.2", "feature_x-1", "fix/a.b", "v1.lockdown", "user@host"]) {
      expect(branchProblem(ok), ok).to.equal(undefined);
    }
    expect(branchProblem("")).to.equal("is empty; name the branch that deploys, e.g. main");
    const bad =
      "is not a git branch name the trust policy can match exactly; use letters, digits, /, ., - and _ without wildcards, e.g. main";
    for (const branch of [
      "main*",
      "ma in",
      "a..b",
      "a//b",
      "/main",
      "main/",
      "main.",
      "x.lock",
      "-x",
      "a:b",
      "a?",
      "feature/.hidden",
      ".hidden",
      "release/v1.lock/x",
      "@",
    ]) {
      expect(branchProblem(branch), branch).to.equal(`${JSON.stringify(branch)} ${bad}`);
    }
  });

  it("accepts environment names without wildcards and session lengths IAM accepts", () => {
    expect(environmentProblem("prod-taipei")).to.equal(undefined);
    expect(environmentProblem("")).to.match(/^"" is not a GitHub environment name/);
    expect(environmentProblem("prod:x")).to.match(/^"prod:x" is not a GitHub environment name/);
    expect(sessionProblem(3600)).to.equal(undefined);
    expect(sessionProblem(43200)).to.equal(undefined);
    for (const bad of [3599, 43201, 3600.5]) {
      expect(sessionProblem(bad), String(bad)).to.match(/is not a role session length IAM accepts/);
    }
  });
});
