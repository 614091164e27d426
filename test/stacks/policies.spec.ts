import { expect } from "chai";
import { tagCoverage } from "../../policy-packs/tagging/coverage";
import { plannedStacks } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("policy packs over the plans", () => {
    it("reports no mandatory violation on any stack", () => {
      for (const stack of Object.keys(plans)) {
        const mandatory = plans[stack].policyResults.filter((r) => r.enforcementLevel === "mandatory");
        expect(mandatory, stack).to.deep.equal([]);
      }
    });

    it("lists dev's cost choices (non-durable Kafka, one Aurora instance, no interface endpoints) and its deletable load balancer as advisory, and nothing else in any stack", () => {
      const dev = plans.dev.policyResults;
      expect([...new Set(dev.map((r) => `${r.enforcementLevel} ${r.pack}/${r.policy}`))]).to.have.members([
        "advisory data-protection/msk-default-replication-factor",
        "advisory data-protection/msk-min-insync-replicas",
        "advisory data-protection/msk-topic-replication-factor",
        "advisory data-protection/aurora-multi-az",
        "advisory private-networking/vpc-interface-endpoints",
        // Deletion protection follows protect, off in dev: dev's edge is torn down and rebuilt at will.
        "advisory data-protection/lb-deletion-protection",
      ]);
      // dev's buckets declare why they stay in the region, and its archive receives no trail in the shipped
      // single-account files, so neither storage policy reports there (ADR 0028).
      // No role of any stack writes on "*" without a condition (the controllers' policies are scoped to their
      // cluster), and prod reports nothing at all.
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        expect(plans[stack].policyResults, stack).to.deep.equal([]);
      }
    });

    it("covers every resource type the stacks create with the tagging pack, or exempts it with a reason", () => {
      const types = new Set(Object.values(plans).flatMap((plan) => plan.resources.map((r) => r.type)));
      const uncovered = [...types].filter((type) => tagCoverage(type).kind === "unknown");
      expect(uncovered).to.deep.equal([]);
      const checked = [...types].filter((type) => tagCoverage(type).kind === "checked");
      expect(checked).to.include.members([
        "aws:ec2/vpc:Vpc",
        "aws:rds/cluster:Cluster",
        "aws:msk/cluster:Cluster",
      ]);
    });
  });
});
