import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  CONTAINER_REGISTRIES_TYPE,
  ContainerRegistries,
  ContainerRegistriesArgs,
  PULL_ACTIONS,
  PUSH_ACTIONS,
  validateContainerRegistriesArgs,
  withDefaults,
} from "../../../components/container-registries";
import { ValidationError } from "../../../components/common/validation";
import { POLICY_PACKS } from "../../../policy-packs/registry";
import { evaluatePolicyPacks } from "../../../tools/policy/evaluate";
import { MOCK_ACCOUNT_ID, PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { PLATFORM_TAGS } from "../../support/policies";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  repository: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  policy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  replication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
} as const;
const ECR_TYPES: readonly string[] = Object.values(T);

const KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/0f6a1c2e-1111-4222-a333-444444444444`;
const DEPLOY = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-github-deploy`;
const NODES = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/eks-nodes`;

/** The seed's repositories in Taipei, pushed by CI, pulled by the nodes, replicated to Tokyo. */
const SEED: ContainerRegistriesArgs = {
  repositories: ["api", "shop", "cmc"],
  namePrefix: "platform",
  kmsKeyArn: KEY,
  pushRoleArns: [DEPLOY],
  pullRoleArns: [NODES],
  replicationRegions: ["ap-northeast-1"],
};

interface Built {
  recorder: PlanRecorder;
  registries: ContainerRegistries;
  providerRef: string;
}

async function build(args: Partial<ContainerRegistriesArgs> = {}, name = "registries"): Promise<Built> {
  const { component: registries, ...built } = await buildUnderMocks(
    (provider) => new ContainerRegistries(name, { ...SEED, ...args }, { provider }),
    {
      defaultTags: { ...PLATFORM_TAGS },
      settle: (registries) => [registries.repositoryUrls, registries.repositoryArns, registries.registryId],
    },
  );
  return { ...built, registries };
}

const LIFECYCLE = {
  rules: [
    {
      rulePriority: 1,
      description: "Expire untagged images 7 days after their push",
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
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
};

describe("ContainerRegistries (under the plan mocks)", () => {
  describe("the seed's repositories in the primary region", () => {
    let built: Built;
    before(async () => {
      built = await build({ tags: { Team: "delivery" } });
    });

    it("creates a repository, a lifecycle policy and a repository policy per repository, and one replication configuration", () => {
      for (const type of [T.repository, T.lifecycle, T.policy]) {
        expect(
          built.recorder.byType(type).map((r) => r.name),
          type,
        ).to.deep.equal(["registries-api", "registries-shop", "registries-cmc"]);
      }
      expect(built.recorder.byType(T.replication).map((r) => r.name)).to.deep.equal([
        "registries-replication",
      ]);
    });

    it("parents every child on the component and creates it through the regional provider", () => {
      const component = built.recorder.find(CONTAINER_REGISTRIES_TYPE, "registries");
      for (const resource of built.recorder.resources.filter((r) => ECR_TYPES.includes(r.type))) {
        expect(resource.parent, `${resource.type}::${resource.name}`).to.equal(component.urn);
        expect(resource.options.provider, `${resource.type}::${resource.name}`).to.equal(built.providerRef);
      }
    });

    it("makes repositories <prefix>/<name>: immutable tags, scan on push, the region's key, never force-deleted, tagged", () => {
      expect(built.recorder.find(T.repository, "registries-api").inputs).to.deep.equal({
        name: "platform/api",
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
        forceDelete: false,
        tags: { Team: "delivery", Name: "platform/api" },
      });
      expect(built.recorder.byType(T.repository).map((r) => r.inputs["name"])).to.deep.equal([
        "platform/api",
        "platform/shop",
        "platform/cmc",
      ]);
    });

    it("gives each repository the lifecycle policy: untagged images 7 days, the last 30 releases", () => {
      for (const name of ["api", "shop", "cmc"]) {
        const lifecycle = built.recorder.find(T.lifecycle, `registries-${name}`);
        expect(lifecycle.inputs).to.deep.equal({
          repository: `platform/${name}`,
          policy: JSON.stringify(LIFECYCLE),
        });
        expect(lifecycle.propertyDependencies["repository"]).to.deep.equal([
          built.recorder.find(T.repository, `registries-${name}`).urn,
        ]);
      }
    });

    it("lets exactly the deploy role push and the node role pull, by ARN, nobody else", () => {
      const policy = built.recorder.find(T.policy, "registries-shop");
      expect(policy.inputs["repository"]).to.equal("platform/shop");
      expect(policy.inputs["policy"]).to.equal(
        JSON.stringify({
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
              Principal: { AWS: [NODES] },
              Action: [...PULL_ACTIONS],
            },
          ],
        }),
      );
      for (const resource of built.recorder.byType(T.policy)) {
        expect(String(resource.inputs["policy"]), resource.name).to.not.include('"*"');
      }
    });

    it("replicates the prefix's repositories to the destination region of the same account", () => {
      expect(built.recorder.find(T.replication, "registries-replication").inputs).to.deep.equal({
        replicationConfiguration: {
          rules: [
            {
              destinations: [{ region: "ap-northeast-1", registryId: MOCK_ACCOUNT_ID }],
              repositoryFilters: [{ filter: "platform/", filterType: "PREFIX_MATCH" }],
            },
          ],
        },
      });
    });

    it("protects nothing unless asked", () => {
      for (const resource of built.recorder.resources.filter((r) => ECR_TYPES.includes(r.type))) {
        expect(resource.options.protect, `${resource.type}::${resource.name}`).to.equal(false);
      }
    });

    it("exports the names, URLs and ARNs by repository and the registry", async () => {
      const { registries } = built;
      expect(registries.repositoryNames).to.deep.equal({
        api: "platform/api",
        shop: "platform/shop",
        cmc: "platform/cmc",
      });
      expect(await valueOf(pulumi.output(registries.repositoryUrls))).to.deep.equal({
        api: `${MOCK_ACCOUNT_ID}.dkr.ecr.ap-east-2.amazonaws.com/platform/api`,
        shop: `${MOCK_ACCOUNT_ID}.dkr.ecr.ap-east-2.amazonaws.com/platform/shop`,
        cmc: `${MOCK_ACCOUNT_ID}.dkr.ecr.ap-east-2.amazonaws.com/platform/cmc`,
      });
      expect(await valueOf(pulumi.output(registries.repositoryArns))).to.deep.equal({
        api: `arn:aws:ecr:ap-east-2:${MOCK_ACCOUNT_ID}:repository/platform/api`,
        shop: `arn:aws:ecr:ap-east-2:${MOCK_ACCOUNT_ID}:repository/platform/shop`,
        cmc: `arn:aws:ecr:ap-east-2:${MOCK_ACCOUNT_ID}:repository/platform/cmc`,
      });
      expect(await valueOf(registries.registryId)).to.equal(MOCK_ACCOUNT_ID);
      const outputs = built.recorder.registeredOutputs(
        built.recorder.find(CONTAINER_REGISTRIES_TYPE, "registries").urn,
      );
      expect(outputs?.plain["repositoryNames"]).to.deep.equal(registries.repositoryNames);
    });

    it("passes every policy pack in staging: customer key, immutable tags, scan on push, required tags", async () => {
      // Unprotected here; prod also requires protect (below).
      const results = await evaluatePolicyPacks(built.recorder.resources, {
        environment: "staging",
        packs: POLICY_PACKS,
      });
      expect(results.map((r) => `${r.pack}/${r.policy} ${r.name ?? ""}: ${r.message}`)).to.deep.equal([]);
      // The packs did judge the repositories: the same plan with one repository mutable, unscanned and on
      // AES256 fails exactly those three policies.
      // (Stack policies read the state, which echoes the inputs.)
      const weak = {
        imageTagMutability: "MUTABLE",
        imageScanningConfiguration: { scanOnPush: false },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
      };
      const weakened = built.recorder.resources.map((r) =>
        r.type === T.repository && r.name === "registries-api"
          ? { ...r, inputs: { ...r.inputs, ...weak }, state: { ...r.state, ...weak } }
          : r,
      );
      const failed = await evaluatePolicyPacks(weakened, { environment: "staging", packs: POLICY_PACKS });
      expect(failed.map((r) => `${r.policy} ${r.name ?? ""}`).sort()).to.deep.equal([
        "ecr-image-tags-immutable registries-api",
        "ecr-repository-customer-key registries-api",
        "ecr-scan-on-push registries-api",
      ]);
    });
  });

  it("protects the repositories (only the repositories) when asked", async () => {
    const { recorder } = await build({ protect: true });
    expect(recorder.byType(T.repository).map((r) => r.options.protect)).to.deep.equal([true, true, true]);
    for (const type of [T.lifecycle, T.policy, T.replication]) {
      for (const resource of recorder.byType(type)) {
        expect(resource.options.protect, `${type}::${resource.name}`).to.equal(false);
      }
    }
    // Protected, the repositories pass prod's packs, which require it of them.
    const results = await evaluatePolicyPacks(recorder.resources, {
      environment: "prod",
      packs: POLICY_PACKS,
    });
    expect(results.map((r) => `${r.pack}/${r.policy} ${r.name ?? ""}: ${r.message}`)).to.deep.equal([]);
  });

  it("in a destination region: no replication configuration, and no repository policy without principals", async () => {
    const { recorder } = await build({ replicationRegions: [], pushRoleArns: [], pullRoleArns: [] });
    expect(recorder.byType(T.replication)).to.deep.equal([]);
    expect(recorder.byType(T.policy)).to.deep.equal([]);
    expect(recorder.byType(T.repository)).to.have.length(3);
    expect(recorder.byType(T.lifecycle)).to.have.length(3);
  });

  it("renders principals and the key given as Outputs of other resources, and the lifecycle settings given", async () => {
    const {
      recorder,
      component: { role, key },
    } = await buildUnderMocks(
      (provider) => {
        const role = new aws.iam.Role("nodes", { assumeRolePolicy: "{}" }, { provider });
        const key = new aws.kms.Key("ecr", {}, { provider });
        const registries = new ContainerRegistries(
          "registries",
          {
            repositories: ["api"],
            namePrefix: "platform",
            kmsKeyArn: key.arn,
            pullRoleArns: [role.arn],
            keepReleases: { count: 10, tagPattern: "release-*", untaggedExpiryDays: 1 },
          },
          { provider },
        );
        return { role, key, registries };
      },
      { stack: "prod-tokyo", region: "ap-northeast-1", settle: ({ registries }) => [registries.registryId] },
    );
    const roleArn = await valueOf(role.arn);
    expect(
      JSON.parse(String(recorder.find(T.policy, "registries-api").inputs["policy"])).Statement,
    ).to.deep.equal([
      {
        Sid: "PullByNamedPrincipals",
        Effect: "Allow",
        Principal: { AWS: [roleArn] },
        Action: [...PULL_ACTIONS],
      },
    ]);
    const repository = recorder.find(T.repository, "registries-api");
    expect(repository.inputs["encryptionConfigurations"]).to.deep.equal([
      { encryptionType: "KMS", kmsKey: await valueOf(key.arn) },
    ]);
    expect(repository.propertyDependencies["encryptionConfigurations"]).to.deep.equal([
      recorder.find("aws:kms/key:Key", "ecr").urn,
    ]);
    const lifecycle = JSON.parse(
      String(recorder.find(T.lifecycle, "registries-api").inputs["policy"]),
    ) as typeof LIFECYCLE;
    expect(lifecycle.rules.map((r) => [r.description, r.selection.countNumber])).to.deep.equal([
      ["Expire untagged images 1 day after their push", 1],
      ["Keep the 10 most recent releases (tags release-*)", 10],
    ]);
  });

  it("gives every child a unique type::name with two instances in one stack", async () => {
    const { recorder } = await buildUnderMocks(
      (provider) => ({
        a: new ContainerRegistries("apps", { ...SEED, replicationRegions: [] }, { provider }),
        b: new ContainerRegistries(
          "tools",
          { ...SEED, namePrefix: "tools", replicationRegions: [] },
          { provider },
        ),
      }),
      { stack: "dev", settle: ({ a, b }) => [a.registryId, b.registryId] },
    );
    const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).to.equal(names.length);
  });
});

describe("ContainerRegistries arguments", () => {
  it("defaults: keep 30 releases tagged v*, untagged 7 days, no principals, no replication, unprotected, no tags", () => {
    expect(withDefaults({ repositories: ["api"], namePrefix: "platform", kmsKeyArn: KEY })).to.deep.equal({
      repositories: ["api"],
      namePrefix: "platform",
      kmsKeyArn: KEY,
      keepReleases: { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 },
      pushRoleArns: [],
      pullRoleArns: [],
      replicationRegions: [],
      protect: false,
      tags: {},
    });
  });

  it("rejects every problem at once, before any child, with the fix, the provider included", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "dev",
      config: { "aws:region": "ap-east-2" },
    });
    let error: unknown;
    try {
      new ContainerRegistries("registries", {
        ...SEED,
        repositories: ["api", "api"],
        keepReleases: { count: 0 },
        pushRoleArns: ["*"],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.equal(
      'Invalid arguments for ContainerRegistries "registries":\n' +
        '  - repositories[1]: "api" is listed twice; list each repository once\n' +
        "  - keepReleases.count: 0 is not a number of releases to keep; use a whole number from 1 to 1000 (e.g. 30)\n" +
        '  - pushRoleArns[0]: "*" would let any principal push; name the roles that push (e.g. the CI deploy role\'s ARN)\n' +
        "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
    );
    expect(recorder.resources.filter((r) => ECR_TYPES.includes(r.type))).to.deep.equal([]);
  });

  it("wants the regional provider as provider, not in providers", () => {
    const provider = new aws.Provider("p", { region: "ap-east-2" });
    expect(
      validateContainerRegistriesArgs(withDefaults(SEED), { providers: { aws: provider } }),
    ).to.deep.equal([
      {
        path: "opts.provider",
        message:
          "pass the regional aws.Provider as `provider`, not in `providers`: every child is created through it explicitly",
      },
    ]);
    expect(validateContainerRegistriesArgs(withDefaults(SEED), { provider })).to.deep.equal([]);
  });
});
