import { expect } from "chai";
import { stackFileValues } from "../support/config";
import { PRIMARY_NAME, plannedStacks, runWith } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("adding a region", () => {
    it("needs only a stack file: a Singapore secondary of prod-taipei plans with its own peering", async () => {
      const values = stackFileValues("prod-tokyo");
      const { recorder, error } = await runWith(
        "prod-singapore",
        {
          ...values,
          "aws:region": "ap-southeast-1",
          "platform:network": {
            cidr: "10.2.0.0/16",
            availabilityZones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
            tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 }, edge: { prefixLength: 26 } },
          },
        },
        { [PRIMARY_NAME]: plans["prod-taipei"].outputs },
      );
      expect(error).to.equal(undefined);
      const peering = recorder.find("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering-ap-east-2");
      expect(peering.inputs.peerRegion).to.equal("ap-east-2");
      const toSingapore = recorder
        .byType("aws:ec2/route:Route")
        .filter((r) => r.inputs.destinationCidrBlock === "10.2.0.0/16");
      expect(toSingapore).to.have.length(6);
      // Its database cluster joins the primary's global cluster, and Kafka replicates both ways with Taipei.
      const taipei = plans["prod-taipei"].outputs;
      const clusters = recorder.byType("aws:rds/cluster:Cluster");
      expect(clusters.map((c) => c.inputs.globalClusterIdentifier)).to.deep.equal([
        taipei.databaseGlobalClusterId,
      ]);
      expect(
        recorder
          .byType("aws:msk/replicator:Replicator")
          .map((r) => r.inputs.replicatorName)
          .sort(),
      ).to.deep.equal([
        "platform-prod-ap-east-2-to-ap-southeast-1",
        "platform-prod-ap-southeast-1-to-ap-east-2",
      ]);
      expect(recorder.errors).to.deep.equal([]);
    });
  });
});
