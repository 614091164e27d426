import { expect } from "chai";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { PlanResource, StackPlan } from "../../tools/plan/model";

const T = {
  component: "platform:delivery:ContainerRegistries",
  repository: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  policy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  replication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
} as const;

const STACKS: Readonly<Record<string, { region: string; environment: string; protect: boolean }>> = {
  dev: { region: "ap-east-2", environment: "dev", protect: false },
  "prod-taipei": { region: "ap-east-2", environment: "prod", protect: true },
  "prod-tokyo": { region: "ap-northeast-1", environment: "prod", protect: true },
};

const APPLICATIONS = ["api", "shop", "cmc"];
const ACCOUNT = "123456789012";
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT}:role/platform-github-deploy`;

interface Statement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string[] };
  Action: string[];
}

function statementsOf(policy: PlanResource): Statement[] {
  return (JSON.parse(policy.inputs.policy as string) as { Statement: Statement[] }).Statement;
}

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("container registries", () => {
    it("every stack has a repository per application, <project>/<environment>/<name>, through its regional provider", () => {
      for (const [stack, { region, environment, protect }] of Object.entries(STACKS)) {
        const plan = plans[stack];
        expect(
          ofType(plan, T.component).map((c) => c.name),
          stack,
        ).to.deep.equal(["registries"]);
        const repositories = ofType(plan, T.repository);
        expect(
          repositories.map((r) => [r.name, r.inputs.name]),
          stack,
        ).to.deep.equal(APPLICATIONS.map((app) => [`registries-${app}`, `platform/${environment}/${app}`]));
        for (const repository of repositories) {
          expect(repository.options.provider, `${stack} ${repository.name}`).to.equal(
            providerRef(plan, region),
          );
          expect(repository.options.protect, `${stack} ${repository.name}`).to.equal(protect);
        }
      }
    });

    it("makes every repository immutable, scanned on push, KMS-encrypted with the region's registry key, never force-deleted", () => {
      for (const stack of Object.keys(STACKS)) {
        const plan = plans[stack];
        const registryKey = named(plan, "aws:kms/key:Key", "keys-registry").state?.arn;
        expect(registryKey, stack).to.match(new RegExp(`^arn:aws:kms:${STACKS[stack].region}:`));
        for (const repository of ofType(plan, T.repository)) {
          expect(repository.inputs.imageTagMutability, `${stack} ${repository.name}`).to.equal("IMMUTABLE");
          expect(repository.inputs.imageScanningConfiguration, `${stack} ${repository.name}`).to.deep.equal({
            scanOnPush: true,
          });
          expect(repository.inputs.encryptionConfigurations, `${stack} ${repository.name}`).to.deep.equal([
            { encryptionType: "KMS", kmsKey: registryKey },
          ]);
          expect(repository.inputs.forceDelete, `${stack} ${repository.name}`).to.equal(false);
        }
      }
    });

    it("gives every repository the default lifecycle: untagged images expire after 7 days, the last 30 v* releases stay", () => {
      for (const stack of Object.keys(STACKS)) {
        const plan = plans[stack];
        expect(
          ofType(plan, T.lifecycle).map((l) => [l.name, l.inputs.repository]),
          stack,
        ).to.deep.equal(
          APPLICATIONS.map((app) => [`registries-${app}`, `platform/${STACKS[stack].environment}/${app}`]),
        );
        for (const lifecycle of ofType(plan, T.lifecycle)) {
          const { rules } = JSON.parse(lifecycle.inputs.policy as string) as {
            rules: { selection: Record<string, unknown> }[];
          };
          expect(
            rules.map((rule) => rule.selection),
            `${stack} ${lifecycle.name}`,
          ).to.deep.equal([
            { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
            { tagStatus: "tagged", tagPatternList: ["v*"], countType: "imageCountMoreThan", countNumber: 30 },
          ]);
        }
      }
    });

    it("lets the account's CI deploy role push and the stack's EKS nodes pull, by ARN, nobody else", () => {
      for (const stack of Object.keys(STACKS)) {
        const plan = plans[stack];
        const nodeRole = named(plan, "aws:iam/role:Role", "eks-node").state?.arn;
        const policies = ofType(plan, T.policy);
        expect(
          policies.map((p) => [p.name, p.inputs.repository]),
          stack,
        ).to.deep.equal(
          APPLICATIONS.map((app) => [`registries-${app}`, `platform/${STACKS[stack].environment}/${app}`]),
        );
        for (const policy of policies) {
          const statements = statementsOf(policy);
          expect(
            statements.map((s) => [s.Sid, s.Effect, s.Principal]),
            `${stack} ${policy.name}`,
          ).to.deep.equal([
            ["PushByNamedPrincipals", "Allow", { AWS: [DEPLOY_ROLE] }],
            ["PullByNamedPrincipals", "Allow", { AWS: [nodeRole] }],
          ]);
          expect(statements[0].Action, `${stack} ${policy.name}`).to.include("ecr:PutImage");
          expect(statements[1].Action, `${stack} ${policy.name}`).to.deep.equal([
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
          ]);
        }
      }
    });

    it("names the deploy role prod-taipei creates (waiting for it there), and the same role by its fixed name elsewhere", () => {
      const taipei = plans["prod-taipei"];
      const deployRole = named(taipei, "aws:iam/role:Role", "ci-access-deploy");
      expect(deployRole.state?.arn).to.equal(DEPLOY_ROLE);
      for (const policy of ofType(taipei, T.policy)) {
        expect(policy.propertyDependencies.policy, policy.name).to.include(deployRole.urn);
      }
      for (const stack of ["dev", "prod-tokyo"]) {
        expect(ofType(plans[stack], "aws:iam/role:Role").map((r) => r.name)).to.not.include(
          "ci-access-deploy",
        );
      }
    });

    it("replicates prod-taipei's repositories to ap-northeast-1 only; prod-tokyo and dev replicate nowhere", () => {
      const [replication] = ofType(plans["prod-taipei"], T.replication);
      expect(ofType(plans["prod-taipei"], T.replication)).to.have.length(1);
      expect(replication.options.provider).to.equal(providerRef(plans["prod-taipei"], "ap-east-2"));
      expect(replication.inputs.replicationConfiguration).to.deep.equal({
        rules: [
          {
            destinations: [{ region: "ap-northeast-1", registryId: ACCOUNT }],
            repositoryFilters: [{ filter: "platform/prod/", filterType: "PREFIX_MATCH" }],
          },
        ],
      });
      expect(ofType(plans["prod-tokyo"], T.replication)).to.deep.equal([]);
      expect(ofType(plans.dev, T.replication)).to.deep.equal([]);
    });

    it("replicates into repositories prod-tokyo creates with the same names: immutable, scanned, with Tokyo's key", () => {
      const replicated = ofType(plans["prod-taipei"], T.repository).map((r) => r.inputs.name);
      const tokyo = plans["prod-tokyo"];
      expect(ofType(tokyo, T.repository).map((r) => r.inputs.name)).to.deep.equal(replicated);
      for (const name of replicated) {
        expect(String(name).startsWith("platform/prod/"), String(name)).to.equal(true);
      }
      const tokyoKey = named(tokyo, "aws:kms/key:Key", "keys-registry");
      expect(tokyoKey.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      for (const repository of ofType(tokyo, T.repository)) {
        expect(repository.inputs.encryptionConfigurations, repository.name).to.deep.equal([
          { encryptionType: "KMS", kmsKey: tokyoKey.state?.arn },
        ]);
      }
    });

    it("exports the repository URLs by application", () => {
      for (const [stack, { region, environment }] of Object.entries(STACKS)) {
        expect(plans[stack].outputs.registryRepositoryUrls, stack).to.deep.equal(
          Object.fromEntries(
            APPLICATIONS.map((app) => [
              app,
              `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/platform/${environment}/${app}`,
            ]),
          ),
        );
      }
    });

    it("never shares a repository name between two stacks of one account and region (dev and prod-taipei)", () => {
      const names = (stack: string) => ofType(plans[stack], T.repository).map((r) => r.inputs.name);
      expect(names("dev").filter((name) => names("prod-taipei").includes(name))).to.deep.equal([]);
    });
  });
});
