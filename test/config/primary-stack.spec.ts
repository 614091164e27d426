import { expect } from "chai";
import { ConfigDependencies } from "../../stacks/config";
import { AS_SECONDARY, keepPulumiConfig, PRIMARY, primaryReturning, problemLines } from "../support/config";

describe("config: platform:primaryStack", () => {
  keepPulumiConfig();

  describe("platform:primaryStack", () => {
    it("reports a secondary without a primary stack", async () => {
      expect(
        await problemLines({ "platform:role": "secondary" }, primaryReturning("10.1.0.0/16")),
      ).to.deep.equal([
        "platform:primaryStack: missing; a secondary joins its primary through a stack reference: run " +
          "`pulumi config set platform:primaryStack <organization>/<project>/<stack>`, e.g. acme/platform/prod-taipei",
      ]);
    });

    it("reports a primary stack name that is not fully qualified, without reading it", async () => {
      const deps = primaryReturning("10.1.0.0/16");
      expect(
        await problemLines({ ...AS_SECONDARY, "platform:primaryStack": "prod-taipei" }, deps),
      ).to.deep.equal([
        'platform:primaryStack: "prod-taipei" is not a fully qualified stack name; write it as ' +
          "<organization>/<project>/<stack>, e.g. acme/platform/prod-taipei",
      ]);
      expect(deps.calls).to.deep.equal([]);
    });

    it("reports a primary that references another stack", async () => {
      expect(await problemLines({ "platform:primaryStack": PRIMARY })).to.deep.equal([
        "platform:primaryStack: is set, but a primary never references another stack; remove it " +
          "(`pulumi config rm platform:primaryStack`) or set platform:role to secondary",
      ]);
    });

    it("reports a secondary whose VPC CIDR overlaps the primary's", async () => {
      expect(await problemLines(AS_SECONDARY, primaryReturning("10.0.0.0/16"))).to.deep.equal([
        `platform:network.cidr: 10.0.0.0/16 overlaps 10.0.0.0/16, the VPC CIDR of the primary ${PRIMARY}; ` +
          "the VPCs are peered, so they must not overlap: pick a block outside 10.0.0.0/16",
      ]);
    });

    it("reports a primary whose VPC CIDR cannot be read, with the reason", async () => {
      const deps: ConfigDependencies = {
        primaryVpcCidr: async (name) => {
          throw new Error(`stack ${name} has no output vpcCidr`);
        },
      };
      expect(await problemLines(AS_SECONDARY, deps)).to.deep.equal([
        `platform:primaryStack: cannot read the VPC CIDR of ${PRIMARY} (stack ${PRIMARY} has no output vpcCidr); ` +
          "deploy the primary first, and check the stack name and your access to it",
      ]);
    });

    it("reports a primary that returns something other than a CIDR", async () => {
      expect(await problemLines(AS_SECONDARY, primaryReturning("10.0.0.0"))).to.deep.equal([
        `platform:primaryStack: ${PRIMARY} reports the VPC CIDR "10.0.0.0", which is not an IPv4 CIDR; ` +
          "check the primary's outputs",
      ]);
    });

    it("does not read the primary when the secondary's own CIDR is invalid", async () => {
      const deps = primaryReturning("10.0.0.0/16");
      expect(
        await problemLines({ ...AS_SECONDARY, "platform:network.cidr": "10.0.0.0/33" }, deps),
      ).to.deep.equal([
        'platform:network.cidr: "10.0.0.0/33" is not an IPv4 CIDR; write the VPC CIDR like 10.0.0.0/16',
      ]);
      expect(deps.calls).to.deep.equal([]);
    });
  });
});
