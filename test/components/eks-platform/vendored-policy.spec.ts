import { expect } from "chai";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PolicyStatement, oneOrMany } from "../../../components/common/iam";
import { HELM_CHARTS, loadBalancerControllerPolicy } from "../../../components/eks-platform/plan";
import upstream from "../../../components/eks-platform/vendor/aws-load-balancer-controller-iam-policy.json";

const VENDOR = path.join(__dirname, "../../../components/eks-platform/vendor");

/** A statement as IAM evaluates it: no Sid, one-element lists written as their value. */
function evaluated(statement: PolicyStatement): Record<string, unknown> {
  const normalized = (value: unknown): unknown =>
    Array.isArray(value)
      ? oneOrMany(value as string[])
      : typeof value === "object" && value !== null
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalized(inner)]))
        : value;
  const { Sid: _sid, ...rest } = statement;
  return normalized(rest) as Record<string, unknown>;
}

/** The upstream document in another partition, as a stack there would substitute it. */
function inPartition(partition: string): { Statement: PolicyStatement[] } {
  return JSON.parse(JSON.stringify(upstream).replaceAll("arn:aws:", `arn:${partition}:`)) as {
    Statement: PolicyStatement[];
  };
}

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

  for (const partition of ["aws", "aws-cn"]) {
    it(`agrees with the policy the component renders, statement for statement, in ${partition}`, () => {
      const rendered = loadBalancerControllerPolicy(partition).Statement;
      const vendored = inPartition(partition).Statement;
      expect(rendered.map(evaluated)).to.deep.equal(vendored.map(evaluated));
    });
  }

  it("differs from it only in the transcription's Sids and one-element action lists written as strings", () => {
    const rendered = loadBalancerControllerPolicy("aws").Statement;
    expect(upstream.Statement.some((statement) => "Sid" in statement)).to.equal(false);
    expect(rendered.every((statement) => typeof statement.Sid === "string")).to.equal(true);
    const differing = rendered
      .map((statement, index) => {
        const { Sid: _sid, ...rest } = statement;
        return JSON.stringify(rest) === JSON.stringify(upstream.Statement[index]) ? undefined : statement.Sid;
      })
      .filter((sid) => sid !== undefined);
    expect(differing).to.deep.equal([
      "CreateElbServiceLinkedRole",
      "CreateSecurityGroups",
      "TagNewSecurityGroups",
      "TagOnCreate",
    ]);
    for (const sid of differing) {
      const index = rendered.findIndex((statement) => statement.Sid === sid);
      expect(upstream.Statement[index].Action, sid).to.deep.equal([rendered[index].Action]);
    }
  });
});
