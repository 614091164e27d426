import { expect } from "chai";
import { AWS_REGIONS } from "../../../components/common/aws-limits";
import {
  ContainerRegistriesPlanInput,
  KEEP_RELEASES_LIMITS,
  PULL_ACTIONS,
  PUSH_ACTIONS,
  REPOSITORY_NAME_PATTERN,
  containerRegistriesArgsProblems,
  containerRegistriesDefaults,
  lifecyclePolicy,
  replicationRules,
  repositoryName,
  repositoryPolicy,
  withKeepReleasesDefaults,
} from "../../../components/container-registries/plan";
import type { Problem } from "../../../components/common/validation";

const KEY = "arn:aws:kms:ap-east-2:123456789012:key/0f6a1c2e-1111-4222-a333-444444444444";
const DEPLOY = "arn:aws:iam::123456789012:role/platform-github-deploy";
const NODES = "arn:aws:iam::123456789012:role/eks-nodes";

/** Valid arguments with the defaults; each test breaks one thing. */
function input(overrides: Partial<ContainerRegistriesPlanInput> = {}): ContainerRegistriesPlanInput {
  return {
    repositories: ["api", "shop", "cmc"],
    namePrefix: "platform",
    kmsKeyArn: KEY,
    keepReleases: withKeepReleasesDefaults(undefined),
    pushRoleArns: [DEPLOY],
    pullRoleArns: [NODES],
    replicationRegions: ["ap-northeast-1"],
    protect: true,
    tags: {},
    ...overrides,
  };
}

/** The problems of the arguments with one override. */
function problems(overrides: Partial<ContainerRegistriesPlanInput>): Problem[] {
  return containerRegistriesArgsProblems(input(overrides));
}

describe("ContainerRegistries plan: arguments", () => {
  it("accepts the seed's repositories with the defaults", () => {
    expect(problems({})).to.deep.equal([]);
  });

  it("defaults: keep 30 releases tagged v*, untagged images for 7 days, no principals, no replication, unprotected", () => {
    expect(containerRegistriesDefaults).to.deep.equal({
      keepReleases: { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 },
      pushRoleArns: [],
      pullRoleArns: [],
      replicationRegions: [],
      protect: false,
      tags: {},
    });
    expect(withKeepReleasesDefaults({ count: 5 })).to.deep.equal({
      count: 5,
      tagPattern: "v*",
      untaggedExpiryDays: 7,
    });
    // An explicit 0 is kept, and then refused.
    expect(withKeepReleasesDefaults({ count: 0 }).count).to.equal(0);
  });

  it("names repositories <namePrefix>/<name>", () => {
    expect(repositoryName("platform", "api")).to.equal("platform/api");
    expect(repositoryName("kimkao/platform", "cmc")).to.equal("kimkao/platform/cmc");
  });

  describe("ECR's repository name rule", () => {
    const accepted = ["api", "a", "shop-web", "cmc_worker", "v1.2", "team/api", "a/b/c", "9lives"];
    const refused = [
      "",
      "Api",
      "api-",
      "-api",
      "api--web",
      "api__web",
      "api..web",
      "api/",
      "/api",
      "a//b",
      "api web",
      "api:1",
      "ápi",
    ];
    it("accepts lowercase components joined by single . _ - and separated by single /", () => {
      for (const name of accepted) {
        expect(REPOSITORY_NAME_PATTERN.test(name), name).to.equal(true);
      }
    });
    it("refuses capitals, leading, trailing or doubled separators and other characters", () => {
      for (const name of refused) {
        expect(REPOSITORY_NAME_PATTERN.test(name), name).to.equal(false);
      }
    });
  });

  it("repositories: empty, not a name, listed twice, too long with the prefix — one problem each, with the fix", () => {
    expect(problems({ repositories: [] })).to.deep.equal([
      {
        path: "repositories",
        message: 'is empty; list the repositories to create (e.g. ["api", "shop", "cmc"])',
      },
    ]);
    expect(problems({ repositories: ["api", "Shop"] })).to.deep.equal([
      {
        path: "repositories[1]",
        message:
          '"Shop" is not an ECR repository name; use lowercase letters and digits, joined by single ., _ or - (e.g. api)',
      },
    ]);
    expect(problems({ repositories: ["api", "shop", "api"] })).to.deep.equal([
      { path: "repositories[2]", message: '"api" is listed twice; list each repository once' },
    ]);
    const long = "a".repeat(248);
    expect(problems({ repositories: [long] })).to.deep.equal([
      {
        path: "repositories[0]",
        message:
          `"${long}" makes a repository name of 257 characters with the namePrefix, more than the 256 ECR allows; ` +
          "shorten the name or the namePrefix",
      },
    ]);
    // 256 characters exactly is accepted.
    expect(problems({ repositories: ["a".repeat(247)] })).to.deep.equal([]);
  });

  it("namePrefix: not a name, or starting with a digit", () => {
    expect(problems({ namePrefix: "Platform/" })).to.deep.equal([
      {
        path: "namePrefix",
        message:
          '"Platform/" cannot start an ECR repository name; use lowercase letters and digits, joined by single ., _ or - ' +
          "and separated by single / (e.g. platform)",
      },
    ]);
    expect(problems({ namePrefix: "1platform" })).to.deep.equal([
      {
        path: "namePrefix",
        message: '"1platform" starts with a digit; ECR repository names start with a letter (e.g. platform)',
      },
    ]);
    expect(problems({ namePrefix: "kimkao/platform" })).to.deep.equal([]);
  });

  it("kmsKeyArn: a plain value must be a key ARN (not an alias or id); an Output is left to ECR", () => {
    for (const wrong of ["alias/aws/ecr", "0f6a1c2e-1111-4222-a333-444444444444", "", `${KEY}/`]) {
      expect(problems({ kmsKeyArn: wrong }), wrong).to.deep.equal([
        {
          path: "kmsKeyArn",
          message:
            `${JSON.stringify(wrong)} is not a KMS key ARN; pass the ARN of the region's customer managed key ` +
            "(arn:aws:kms:<region>:<account>:key/<id>, e.g. RegionalKeys keyArns.<purpose>), not an alias or key id",
        },
      ]);
    }
    expect(problems({ kmsKeyArn: { an: "Output" } })).to.deep.equal([]);
  });

  it("keepReleases: count and days are whole numbers in range; the tag pattern is a tag with at most 4 wildcards", () => {
    const keep = (override: object) => ({
      keepReleases: { ...withKeepReleasesDefaults(undefined), ...override },
    });
    expect(KEEP_RELEASES_LIMITS).to.deep.equal({
      count: { min: 1, max: 1000 },
      untaggedExpiryDays: { min: 1, max: 365 },
    });
    for (const count of [0, -1, 1001, 2.5, NaN]) {
      expect(problems(keep({ count })), String(count)).to.deep.equal([
        {
          path: "keepReleases.count",
          message: `${JSON.stringify(count) ?? "null"} is not a number of releases to keep; use a whole number from 1 to 1000 (e.g. 30)`,
        },
      ]);
    }
    for (const untaggedExpiryDays of [0, 366, 1.5]) {
      expect(problems(keep({ untaggedExpiryDays })), String(untaggedExpiryDays)).to.deep.equal([
        {
          path: "keepReleases.untaggedExpiryDays",
          message: `${untaggedExpiryDays} is not a number of days; use a whole number from 1 to 365 (e.g. 7)`,
        },
      ]);
    }
    for (const tagPattern of ["", "-v*", ".v", "v 1", "v/1", "x".repeat(129)]) {
      expect(problems(keep({ tagPattern })), tagPattern).to.deep.equal([
        {
          path: "keepReleases.tagPattern",
          message:
            `${JSON.stringify(tagPattern)} is not an image tag pattern; use up to 128 letters, digits, _, . and -, ` +
            "not starting with . or -, with * for any characters (e.g. v*)",
        },
      ]);
    }
    expect(problems(keep({ tagPattern: "v*.*.*-*-*" }))).to.deep.equal([
      {
        path: "keepReleases.tagPattern",
        message:
          '"v*.*.*-*-*" has more than the 4 wildcards (*) a lifecycle tag pattern allows; use fewer (e.g. v*)',
      },
    ]);
    for (const tagPattern of ["v*", "release-*", "*", "v*.*.*-*", "2026.*"]) {
      expect(problems(keep({ tagPattern })), tagPattern).to.deep.equal([]);
    }
    expect(problems(keep({ count: 1, untaggedExpiryDays: 365 }))).to.deep.equal([]);
  });

  it("principals: never a wildcard, always an IAM principal ARN, each once; Outputs are taken as given", () => {
    expect(problems({ pushRoleArns: ["*"] })).to.deep.equal([
      {
        path: "pushRoleArns[0]",
        message: `"*" would let any principal push; name the roles that push (e.g. the CI deploy role's ARN)`,
      },
    ]);
    expect(problems({ pullRoleArns: [NODES, "arn:aws:iam::123456789012:role/*"] })).to.deep.equal([
      {
        path: "pullRoleArns[1]",
        message:
          `"arn:aws:iam::123456789012:role/*" would let any principal pull; name the roles that pull ` +
          "(e.g. the EKS node role's ARN)",
      },
    ]);
    expect(problems({ pushRoleArns: ["platform-github-deploy"] })).to.deep.equal([
      {
        path: "pushRoleArns[0]",
        message:
          '"platform-github-deploy" is not an IAM principal ARN; use a role, user or account root ARN ' +
          "(arn:aws:iam::<account>:role/<name>, e.g. the CI deploy role's)",
      },
    ]);
    expect(problems({ pullRoleArns: [NODES, NODES] })).to.deep.equal([
      { path: "pullRoleArns[1]", message: `"${NODES}" is listed twice; list each principal once` },
    ]);
    expect(
      problems({
        pushRoleArns: [{ an: "Output" }, "arn:aws:iam::123456789012:root"],
        pullRoleArns: [
          "arn:aws-cn:iam::123456789012:role/service-role/nodes",
          "arn:aws:iam::123456789012:user/ci",
        ],
      }),
    ).to.deep.equal([]);
  });

  it("replicationRegions: region names, each once, at most 25", () => {
    expect(problems({ replicationRegions: ["tokyo"] })).to.deep.equal([
      { path: "replicationRegions[0]", message: '"tokyo" is not a region name; use one like ap-northeast-1' },
    ]);
    expect(problems({ replicationRegions: ["ap-northeast-1", "ap-northeast-1"] })).to.deep.equal([
      {
        path: "replicationRegions[1]",
        message: '"ap-northeast-1" is listed twice; list each destination region once',
      },
    ]);
    const many = AWS_REGIONS.slice(0, 26);
    expect(many).to.have.length(26);
    expect(problems({ replicationRegions: many })).to.deep.equal([
      {
        path: "replicationRegions",
        message: "lists 26 regions, more than the 25 destinations ECR replicates a registry to; list fewer",
      },
    ]);
    expect(problems({ replicationRegions: [] })).to.deep.equal([]);
  });

  it("reports every problem at once, in argument order", () => {
    expect(
      problems({
        repositories: ["API"],
        namePrefix: "-x",
        kmsKeyArn: "alias/platform",
        pushRoleArns: ["*"],
        replicationRegions: ["moon"],
      }).map((p) => p.path),
    ).to.deep.equal([
      "namePrefix",
      "repositories[0]",
      "kmsKeyArn",
      "pushRoleArns[0]",
      "replicationRegions[0]",
    ]);
  });
});

describe("ContainerRegistries plan: documents", () => {
  it("lifecycle: untagged images expire after the days, then only the last releases are kept", () => {
    expect(lifecyclePolicy(withKeepReleasesDefaults(undefined))).to.deep.equal({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images 7 days after their push",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 7,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the 30 most recent releases (tags v*)",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["v*"],
            countType: "imageCountMoreThan",
            countNumber: 30,
          },
          action: { type: "expire" },
        },
      ],
    });
    const custom = lifecyclePolicy({ count: 5, tagPattern: "release-*", untaggedExpiryDays: 1 });
    expect(
      custom.rules.map((r) => [r.rulePriority, r.selection.tagPatternList, r.selection.countNumber]),
    ).to.deep.equal([
      [1, undefined, 1],
      [2, ["release-*"], 5],
    ]);
  });

  it("the push and pull actions are ECR's, exactly", () => {
    expect(PUSH_ACTIONS).to.deep.equal([
      "ecr:CompleteLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:InitiateLayerUpload",
      "ecr:BatchCheckLayerAvailability",
      "ecr:PutImage",
      "ecr:BatchGetImage",
    ]);
    expect(PULL_ACTIONS).to.deep.equal(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]);
  });

  it("repository policy: the push principals push, the pull principals pull, by ARN, without a Resource", () => {
    expect(repositoryPolicy([DEPLOY], [NODES, "arn:aws:iam::123456789012:role/other-nodes"])).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PushByNamedPrincipals",
          Effect: "Allow",
          Principal: { AWS: [DEPLOY] },
          Action: [...PUSH_ACTIONS],
        },
        {
          Sid: "PullByNamedPrincipals",
          Effect: "Allow",
          Principal: { AWS: [NODES, "arn:aws:iam::123456789012:role/other-nodes"] },
          Action: [...PULL_ACTIONS],
        },
      ],
    });
    expect(repositoryPolicy([], [NODES])?.Statement.map((s) => s.Sid)).to.deep.equal([
      "PullByNamedPrincipals",
    ]);
    expect(repositoryPolicy([DEPLOY], [])?.Statement.map((s) => s.Sid)).to.deep.equal([
      "PushByNamedPrincipals",
    ]);
    expect(repositoryPolicy([], [])).to.equal(undefined);
  });

  it("replication: the prefix (with its slash) to every region, in the same account", () => {
    expect(replicationRules("platform", ["ap-northeast-1", "ap-southeast-1"], "123456789012")).to.deep.equal([
      {
        destinations: [
          { region: "ap-northeast-1", registryId: "123456789012" },
          { region: "ap-southeast-1", registryId: "123456789012" },
        ],
        repositoryFilters: [{ filter: "platform/", filterType: "PREFIX_MATCH" }],
      },
    ]);
  });
});
