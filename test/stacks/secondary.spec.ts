import { expect } from "chai";
import type { PrimaryStackOutputs } from "../../stacks/contract";
import { stackFileValues } from "../support/config";
import {
  PRIMARY_NAME,
  SECONDARY_KEYS,
  named,
  ofType,
  plannedStacks,
  providerRef,
  runWith,
  subnetCidrs,
} from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("prod-tokyo (secondary)", () => {
    it("reads prod-taipei through one StackReference and exports the secondary contract", () => {
      const plan = plans["prod-tokyo"];
      const references = ofType(plan, "pulumi:pulumi:StackReference");
      expect(references.map((r) => [r.name, r.inputs.name])).to.deep.equal([["primary", PRIMARY_NAME]]);
      expect(Object.keys(plan.outputs)).to.have.members([...SECONDARY_KEYS]);
      expect(plan.outputs.primaryStack).to.equal(PRIMARY_NAME);
      expect(ofType(plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).to.deep.equal(["10.1.0.0/16"]);
      expect(subnetCidrs(plan, "data")).to.deep.equal([
        ["ap-northeast-1a", "10.1.1.0/24"],
        ["ap-northeast-1c", "10.1.2.0/24"],
        ["ap-northeast-1d", "10.1.3.0/24"],
      ]);
    });

    it("requests the peering from Tokyo to Taipei's planned VPC and accepts it with a Taipei provider", () => {
      const tokyo = plans["prod-tokyo"];
      const taipei = plans["prod-taipei"];
      const request = named(tokyo, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering-ap-east-2");
      expect(request.inputs).to.include({
        peerRegion: "ap-east-2",
        peerVpcId: taipei.outputs.vpcId,
        vpcId: tokyo.outputs.vpcId,
        autoAccept: false,
      });
      expect(request.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      const accepter = named(
        tokyo,
        "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
        "peering-ap-east-2-accepter",
      );
      expect(accepter.inputs.autoAccept).to.equal(true);
      expect(accepter.options.provider).to.equal(providerRef(tokyo, "ap-east-2"));
      const taipeiProvider = ofType(tokyo, "pulumi:providers:aws").find(
        (p) => p.inputs.region === "ap-east-2",
      );
      expect(JSON.parse(taipeiProvider?.inputs.defaultTags as string).tags.Region).to.equal("ap-east-2");
    });

    it("routes both sides' data and workload route tables to the peer CIDR", () => {
      const tokyo = plans["prod-tokyo"];
      const taipeiTables = plans["prod-taipei"].outputs
        .privateRouteTableIds as PrimaryStackOutputs["privateRouteTableIds"];
      const tokyoTables = tokyo.outputs.privateRouteTableIds as PrimaryStackOutputs["privateRouteTableIds"];
      const routes = ofType(tokyo, "aws:ec2/route:Route").filter((r) => r.name.startsWith("peering-"));
      const routesTo = (cidr: string) =>
        routes
          .filter((r) => r.inputs.destinationCidrBlock === cidr)
          .map((r) => r.inputs.routeTableId as string)
          .sort();
      const tablesOf = (tables: PrimaryStackOutputs["privateRouteTableIds"]) =>
        [...Object.values(tables.data), ...Object.values(tables.workload)].sort();
      expect(routesTo("10.1.0.0/16")).to.deep.equal(tablesOf(taipeiTables));
      expect(routesTo("10.0.0.0/16")).to.deep.equal(tablesOf(tokyoTables));
      expect(routes).to.have.length(12);
      for (const route of routes) {
        expect(route.inputs.vpcPeeringConnectionId).to.equal(tokyo.outputs.peeringConnectionId);
        const side = route.inputs.destinationCidrBlock === "10.1.0.0/16" ? "ap-east-2" : "ap-northeast-1";
        expect(route.options.provider, route.name).to.equal(providerRef(tokyo, side));
      }
    });

    it("fails with a config error, registering nothing but the stack reference, when the primary lacks an output", async () => {
      const taipei = plans["prod-taipei"];
      const withoutRoutes = { ...taipei.outputs };
      delete withoutRoutes.privateRouteTableIds;
      const { recorder, error } = await runWith("prod-tokyo", stackFileValues("prod-tokyo"), {
        [PRIMARY_NAME]: withoutRoutes,
      });
      expect(error?.name).to.equal("ConfigError");
      expect(error?.message).to.equal(
        "Invalid configuration for stack prod-tokyo:\n" +
          `  - platform:primaryStack: cannot read the outputs of ${PRIMARY_NAME} (primary stack ${PRIMARY_NAME} ` +
          'has no output "privateRouteTableIds"); deploy the primary first, and check the stack name and your ' +
          "access to it",
      );
      expect(recorder.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:StackReference"]);
    });
  });
});
