import { expect } from "chai";
import type { PrimaryStackOutputs } from "../../stacks/contract";
import {
  CI_ACCESS_KEYS,
  BACKUP_KEYS,
  EDGE_KEYS,
  PRIMARY_KEYS,
  ZONE_OWNER_KEYS,
  ofType,
  plannedStacks,
  providerRef,
  subnetCidrs,
} from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("prod-taipei (primary)", () => {
    it("is a Taipei VPC of 10.0.0.0/16 with the seed's data subnets in three zones", () => {
      const plan = plans["prod-taipei"];
      expect(plan.region).to.equal("ap-east-2");
      expect(ofType(plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).to.deep.equal(["10.0.0.0/16"]);
      expect(subnetCidrs(plan, "data")).to.deep.equal([
        ["ap-east-2a", "10.0.1.0/24"],
        ["ap-east-2b", "10.0.2.0/24"],
        ["ap-east-2c", "10.0.3.0/24"],
      ]);
      expect(subnetCidrs(plan, "workload")).to.deep.equal([
        ["ap-east-2a", "10.0.32.0/19"],
        ["ap-east-2b", "10.0.64.0/19"],
        ["ap-east-2c", "10.0.96.0/19"],
      ]);
    });

    it("runs a NAT gateway per zone, flow logs of all traffic and the private-EKS endpoints", () => {
      const plan = plans["prod-taipei"];
      expect(ofType(plan, "aws:ec2/natGateway:NatGateway").map((n) => n.name)).to.have.members([
        "network-nat-a",
        "network-nat-b",
        "network-nat-c",
      ]);
      expect(ofType(plan, "aws:ec2/flowLog:FlowLog").map((f) => f.inputs.trafficType)).to.deep.equal(["ALL"]);
      const services = ofType(plan, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName);
      expect(services).to.have.members(
        ["s3", "dynamodb", "ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks"].map(
          (service) => `com.amazonaws.ap-east-2.${service}`,
        ),
      );
    });

    it("has no subnet that maps public IPs", () => {
      for (const stack of Object.keys(plans)) {
        for (const subnet of ofType(plans[stack], "aws:ec2/subnet:Subnet")) {
          expect(subnet.inputs.mapPublicIpOnLaunch, `${stack} ${subnet.name}`).to.equal(false);
        }
      }
    });

    it("creates every AWS resource through the one regional provider, whose default tags carry the platform tags", () => {
      const plan = plans["prod-taipei"];
      const providers = ofType(plan, "pulumi:providers:aws");
      expect(providers.map((p) => p.name)).to.deep.equal(["aws-ap-east-2"]);
      // Provider inputs reach the engine as JSON text for nested values, as they do in a real preview.
      expect(JSON.parse(providers[0].inputs.defaultTags as string)).to.deep.equal({
        tags: {
          Owner: "platform-team",
          CostCenter: "CC-1001",
          Project: "platform",
          Environment: "prod",
          Region: "ap-east-2",
          ManagedBy: "pulumi",
        },
      });
      const ref = providerRef(plan, "ap-east-2");
      for (const resource of plan.resources.filter((r) => r.type.startsWith("aws:"))) {
        expect(resource.options.provider, `${resource.type}::${resource.name}`).to.equal(ref);
      }
    });

    it("lets every AWS provider of every stack accept only the stack's account (platform:accountId)", () => {
      for (const [stack, plan] of Object.entries(plans)) {
        const providers = ofType(plan, "pulumi:providers:aws");
        expect(providers.length, stack).to.be.greaterThan(0);
        for (const provider of providers) {
          expect(
            JSON.parse(provider.inputs.allowedAccountIds as string),
            `${stack} ${provider.name}`,
          ).to.deep.equal(["123456789012"]);
        }
        expect(plan.outputs.accountId, stack).to.equal("123456789012");
      }
    });

    it("references no other stack and exports exactly the primary contract", () => {
      const plan = plans["prod-taipei"];
      expect(ofType(plan, "pulumi:pulumi:StackReference")).to.deep.equal([]);
      expect(Object.keys(plan.outputs)).to.have.members([
        ...PRIMARY_KEYS,
        ...CI_ACCESS_KEYS,
        ...EDGE_KEYS,
        ...ZONE_OWNER_KEYS,
        ...BACKUP_KEYS,
      ]);
      expect(plan.outputs.vpcCidr).to.equal("10.0.0.0/16");
      const routeTables = plan.outputs.privateRouteTableIds as PrimaryStackOutputs["privateRouteTableIds"];
      expect(Object.keys(routeTables.data)).to.deep.equal(["ap-east-2a", "ap-east-2b", "ap-east-2c"]);
      expect(Object.keys(routeTables.workload)).to.deep.equal(["ap-east-2a", "ap-east-2b", "ap-east-2c"]);
    });
  });

  describe("dev (primary)", () => {
    it("is a cheap two-zone VPC with one NAT gateway that overlaps neither production VPC", () => {
      const plan = plans.dev;
      expect(ofType(plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs.cidrBlock)).to.deep.equal(["10.20.0.0/16"]);
      expect(ofType(plan, "aws:ec2/natGateway:NatGateway").map((n) => n.name)).to.deep.equal([
        "network-nat-a",
      ]);
      expect(subnetCidrs(plan, "data").map(([zone]) => zone)).to.deep.equal(["ap-east-2a", "ap-east-2b"]);
      expect(ofType(plan, "pulumi:pulumi:StackReference")).to.deep.equal([]);
      expect(Object.keys(plan.outputs)).to.have.members([
        ...PRIMARY_KEYS,
        ...EDGE_KEYS,
        ...ZONE_OWNER_KEYS,
        ...BACKUP_KEYS,
      ]);
    });
  });
});
