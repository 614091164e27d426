import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks, providerRefOf } from "../../support/under-mocks";

// The set-up every component spec builds on (test/support/under-mocks.ts): fresh mocks, the regional provider,
// the component created through it, and the provider reference its children's options hold.

const PROVIDER = "pulumi:providers:aws";
const BUCKET = "aws:s3/bucket:Bucket";

describe("buildUnderMocks (test support)", () => {
  it("defaults to prod-taipei in ap-east-2: the mocks' stack and config, and the provider aws-ap-east-2 without tags", async () => {
    const built = await buildUnderMocks((provider) => new aws.s3.Bucket("logs", {}, { provider }));
    expect([pulumi.getProject(), pulumi.getStack()]).to.deep.equal(["platform", "prod-taipei"]);
    expect(new pulumi.Config("aws").get("region")).to.equal("ap-east-2");
    const provider = built.recorder.find(PROVIDER, "aws-ap-east-2");
    expect(provider.inputs["region"]).to.equal("ap-east-2");
    expect(provider.inputs).to.not.have.property("defaultTags");
    expect(await valueOf(built.provider.urn)).to.equal(provider.urn);
  });

  it("gives `create` the provider and returns what it returned, with the provider's urn::id its children hold", async () => {
    let given: aws.Provider | undefined;
    const built = await buildUnderMocks((provider) => {
      given = provider;
      return { a: new aws.s3.Bucket("a", {}, { provider }), b: new aws.s3.Bucket("b", {}, { provider }) };
    });
    expect(given).to.equal(built.provider);
    expect(built.component.a).to.be.instanceOf(aws.s3.Bucket);
    expect(built.component.b).to.be.instanceOf(aws.s3.Bucket);
    const provider = built.recorder.find(PROVIDER, "aws-ap-east-2");
    expect(built.providerRef).to.equal(`${provider.urn}::${provider.id}`);
    expect(built.providerRef).to.equal(await providerRefOf(built.provider));
    expect(built.recorder.byType(BUCKET).map((b) => [b.name, b.options.provider])).to.deep.equal([
      ["a", built.providerRef],
      ["b", built.providerRef],
    ]);
  });

  it("runs as the stack and in the region given, with more config and the provider's default tags", async () => {
    const built = await buildUnderMocks((provider) => new aws.s3.Bucket("logs", {}, { provider }), {
      stack: "prod-tokyo",
      region: "ap-northeast-1",
      config: { "platform:network": '{"cidr":"10.1.0.0/16"}', "aws:region": "us-east-1" },
      defaultTags: { Project: "platform" },
    });
    expect(pulumi.getStack()).to.equal("prod-tokyo");
    // aws:region always follows the provider's region: a given one cannot make them disagree.
    expect(new pulumi.Config("aws").get("region")).to.equal("ap-northeast-1");
    expect(new pulumi.Config("platform").getObject("network")).to.deep.equal({ cidr: "10.1.0.0/16" });
    const provider = built.recorder.find(PROVIDER, "aws-ap-northeast-1");
    expect(provider.inputs["region"]).to.equal("ap-northeast-1");
    expect(JSON.parse(String(provider.inputs["defaultTags"]))).to.deep.equal({
      tags: { Project: "platform" },
    });
    expect(built.recorder.find(BUCKET, "logs").options.provider).to.equal(built.providerRef);
    expect(built.providerRef).to.match(
      /^urn:pulumi:prod-tokyo::platform::pulumi:providers:aws::aws-ap-northeast-1::/,
    );
  });

  it("waits for the settle outputs first, so that children created once they resolve are recorded", async () => {
    // Resolves long after the registrations made so far have settled (about a tenth of a second under the mocks).
    const late = pulumi.output(new Promise<string>((resolve) => setTimeout(() => resolve("late"), 600)));
    const built = await buildUnderMocks(
      (provider) => ({ late: late.apply((name) => new aws.s3.Bucket(name, {}, { provider })) }),
      { settle: ({ late }) => [late] },
    );
    expect(built.recorder.find(BUCKET, "late").options.provider).to.equal(built.providerRef);
  });

  it("rejects with the error of a settle output that rejects", async () => {
    let error: unknown;
    try {
      await buildUnderMocks(() => ({ failing: pulumi.output(Promise.reject(new Error("no such key"))) }), {
        settle: ({ failing }) => [failing],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(Error).with.property("message", "no such key");
  });
});
