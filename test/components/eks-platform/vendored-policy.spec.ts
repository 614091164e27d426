import { expect } from "chai";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyStatement } from "../../../components/common/iam";
import {
  HELM_CHARTS,
  LBC_DISABLED_FEATURE_ACTIONS,
  loadBalancerControllerPolicy,
} from "../../../components/eks-platform/plan";
import upstream from "../../../components/eks-platform/vendor/aws-load-balancer-controller-iam-policy.json";

const VENDOR = path.join(__dirname, "../../../components/eks-platform/vendor");

describe("eks-platform vendored AWS Load Balancer Controller policy", () => {
  it("parses, and is the upstream document of the pinned chart's controller version (see vendor/README.md)", () => {
    expect(upstream.Version).to.equal("2012-10-17");
    expect(upstream.Statement).to.have.length(16);
    const canonical = crypto.createHash("sha256").update(JSON.stringify(upstream)).digest("hex");
    expect(canonical).to.equal("a4163aa4d4f27878f93ad71ea9d29b80067781e143c05ddc948e70da74f01ed4");
    const provenance = fs.readFileSync(path.join(VENDOR, "README.md"), "utf8");
    expect(provenance).to.contain(canonical);
    expect(provenance).to.contain("`v2.17.1`");
    expect(HELM_CHARTS.awsLoadBalancerController.version, "chart 1.17.1 deploys controller v2.17.1").to.equal(
      "1.17.1",
    );
  });

  const scope = {
    partition: "aws",
    region: "ap-east-2",
    accountId: "111122223333",
    clusterName: "platform-dev-ap-east-2",
    vpcId: "vpc-0abc",
  };
  const actionsOf = (statements: readonly PolicyStatement[]) =>
    new Set(statements.flatMap((statement) => [statement.Action ?? []].flat() as string[]));

  it("is where the scoped policy starts: every upstream action but the disabled features', and no other", () => {
    const upstreamActions = actionsOf(upstream.Statement as PolicyStatement[]);
    const granted = actionsOf(loadBalancerControllerPolicy(scope).Statement);
    for (const action of LBC_DISABLED_FEATURE_ACTIONS) {
      expect(upstreamActions.has(action), action).to.equal(true);
    }
    const expected = [...upstreamActions].filter((action) => !LBC_DISABLED_FEATURE_ACTIONS.includes(action));
    expect([...granted].sort()).to.deep.equal(expected.sort());
  });

  it("narrows every upstream statement that writes on * unconditionally (what the scoping starts from)", () => {
    const unconditionalWrites = (upstream.Statement as PolicyStatement[])
      .filter((statement) => statement.Resource === "*" && statement.Condition === undefined)
      .flatMap((statement) => [statement.Action].flat() as string[])
      .filter((action) => !/:(Describe|Get|List)/.test(action));
    // Upstream v2.17.1 grants these on any resource in the account (see vendor/README.md).
    expect(unconditionalWrites.sort()).to.deep.equal(
      [
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:CreateSecurityGroup",
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
        "elasticloadbalancing:SetWebAcl",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ].sort(),
    );
    const rendered = loadBalancerControllerPolicy(scope).Statement;
    for (const action of unconditionalWrites) {
      const granting = rendered.filter((statement) => [statement.Action].flat().includes(action));
      for (const statement of granting) {
        expect(statement.Resource, `${action} in ${statement.Sid}`).not.to.equal("*");
      }
    }
  });
});
