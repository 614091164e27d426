import { expect } from "chai";
import { named, ofType, plannedStacks, providerRef } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("GitHub CI access", () => {
    const GITHUB_CI_ACCESS = "platform:security:GithubCiAccess";

    it("is owned by prod-taipei alone: one OIDC provider (protected) and the two roles, exported", () => {
      expect(ofType(plans.dev, GITHUB_CI_ACCESS)).to.deep.equal([]);
      expect(ofType(plans["prod-tokyo"], GITHUB_CI_ACCESS)).to.deep.equal([]);
      const plan = plans["prod-taipei"];
      expect(ofType(plan, GITHUB_CI_ACCESS).map((c) => c.name)).to.deep.equal(["ci-access"]);
      const oidc = ofType(plan, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
      expect(oidc.map((o) => [o.name, o.inputs.url, o.options.protect])).to.deep.equal([
        ["ci-access-github", "https://token.actions.githubusercontent.com", true],
      ]);
      for (const [role, name] of [
        ["ci-access-preview", "platform-github-preview"],
        ["ci-access-deploy", "platform-github-deploy"],
      ]) {
        const resource = named(plan, "aws:iam/role:Role", role);
        expect(resource.inputs.name).to.equal(name);
        expect(resource.options.provider).to.equal(providerRef(plan, "ap-east-2"));
      }
      expect(plan.outputs.ciAccess).to.deep.equal({
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        previewRoleArn: "arn:aws:iam::123456789012:role/platform-github-preview",
        deployRoleArn: "arn:aws:iam::123456789012:role/platform-github-deploy",
      });
    });

    it("lets the deploy role administer every stack's cluster, once; the preview role none", () => {
      const deployRole = "arn:aws:iam::123456789012:role/platform-github-deploy";
      for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
        const admins = ofType(plans[stack], "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter(
          (a) => a.inputs.policyArn === "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        );
        const principals = admins.map((a) => a.inputs.principalArn);
        expect(
          principals.filter((p) => p === deployRole),
          stack,
        ).to.have.length(1);
        const entries = ofType(plans[stack], "aws:eks/accessEntry:AccessEntry").map(
          (e) => e.inputs.principalArn,
        );
        expect(
          entries.filter((p) => String(p).includes("github-preview")),
          stack,
        ).to.deep.equal([]);
      }
    });

    it("trusts pull requests for previews, and main and the prod environments for deployments", () => {
      const plan = plans["prod-taipei"];
      const subjects = (role: string) => {
        const policy = JSON.parse(named(plan, "aws:iam/role:Role", role).inputs.assumeRolePolicy as string);
        return policy.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"];
      };
      expect(subjects("ci-access-preview")).to.equal("repo:kimkao/platform:pull_request");
      expect(subjects("ci-access-deploy")).to.deep.equal([
        "repo:kimkao/platform:ref:refs/heads/main",
        "repo:kimkao/platform:environment:prod-taipei",
        "repo:kimkao/platform:environment:prod-tokyo",
      ]);
    });
  });
});
