import { expect } from "chai";
import { ConfigError } from "../../stacks/config";
import { stackFileValues } from "../support/config";
import { PRIMARY_NAME, plannedStacks, runWith } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("invalid config", () => {
    it("fails with one ConfigError and registers nothing", async () => {
      const values = stackFileValues("prod-taipei");
      const network = values["platform:network"] as Record<string, unknown>;
      const { recorder, error } = await runWith("prod-taipei", {
        ...values,
        "platform:role": "tertiary",
        "platform:network": {
          ...network,
          egress: "nat-per-az",
          tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
        },
      });
      expect(error).to.be.instanceOf(ConfigError);
      expect(error?.message.split("\n")).to.deep.equal([
        "Invalid configuration for stack prod-taipei:",
        '  - platform:role: "tertiary" is not an allowed role; use primary (owns the global resources) or secondary (joins a primary)',
        "  - platform:network.egress: nat-per-az places NAT gateways in edge subnets, and none are configured; add tiers.edge (e.g. prefixLength 26) or set egress to none",
      ]);
      expect(recorder.resources).to.deep.equal([]);
    });

    it("reports a secondary whose CIDR overlaps its primary's, having read only the stack reference", async () => {
      const values = stackFileValues("prod-tokyo");
      const network = values["platform:network"] as Record<string, unknown>;
      const { recorder, error } = await runWith(
        "prod-tokyo",
        {
          ...values,
          "platform:network": {
            ...network,
            cidr: "10.0.128.0/17",
            tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 }, edge: { prefixLength: 26 } },
          },
        },
        { [PRIMARY_NAME]: plans["prod-taipei"].outputs },
      );
      expect(error).to.be.instanceOf(ConfigError);
      expect(error?.message).to.contain(
        "platform:network.cidr: 10.0.128.0/17 overlaps 10.0.0.0/16, the VPC CIDR of the primary kimkao/platform/prod-taipei",
      );
      expect(recorder.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:StackReference"]);
    });
  });
});
