import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { regionalChildOptions, regionalProviderProblems } from "../../../components/common/providers";
import { ValidationError } from "../../../components/common/validation";
import { installPlanMocks } from "../../../tools/plan/mocks";

class Probe extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Probe", name, {}, {});
  }
}

describe("regional child options", () => {
  let provider: aws.Provider;
  let parent: Probe;
  before(() => {
    installPlanMocks({ project: "platform", stack: "dev", config: { "aws:region": "ap-east-2" } });
    provider = new aws.Provider("regional", { region: "ap-east-2" });
    parent = new Probe("probe");
  });

  it("gives the component as parent and the explicit provider when nothing is wrong", () => {
    const options = regionalChildOptions(parent, 'Invalid arguments for Probe "probe"', [], { provider });
    expect(options.parent).to.equal(parent);
    expect(options.provider).to.equal(provider);
  });

  it("throws every problem at once under the heading, before any child", () => {
    const problems = [
      { path: "name", message: "is empty; give one" },
      ...regionalProviderProblems({ providers: { aws: provider } }),
    ];
    expect(() =>
      regionalChildOptions(parent, 'Invalid arguments for Probe "probe"', problems, {
        providers: { aws: provider },
      }),
    )
      .to.throw(ValidationError)
      .with.property(
        "message",
        'Invalid arguments for Probe "probe":\n' +
          "  - name: is empty; give one\n" +
          "  - opts.provider: pass the regional aws.Provider as `provider`, not in `providers`: every child is created through it explicitly",
      );
  });

  it("reports a missing provider even when the problems left it out", () => {
    expect(() => regionalChildOptions(parent, 'Invalid arguments for Probe "probe"', [], undefined))
      .to.throw(ValidationError)
      .with.property(
        "message",
        'Invalid arguments for Probe "probe":\n' +
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
      );
  });
});
