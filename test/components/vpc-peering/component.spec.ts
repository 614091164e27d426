import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { VpcPeering, VpcPeeringArgs } from "../../../components/vpc-peering";
import { ValidationError } from "../../../components/common/validation";
import { installPlanMocks, PlanRecorder } from "../../../tools/plan/mocks";

describe("VpcPeering", () => {
  let recorder: PlanRecorder;
  let tokyo: aws.Provider;
  let taipei: aws.Provider;

  function args(overrides: Partial<VpcPeeringArgs> = {}): VpcPeeringArgs {
    return {
      requester: {
        vpcId: "vpc-tokyo",
        cidr: "10.1.0.0/16",
        routeTableIds: { "data-a": "rtb-tyo-data-a", "workload-a": "rtb-tyo-work-a" },
        provider: tokyo,
      },
      accepter: {
        vpcId: "vpc-taipei",
        cidr: "10.0.0.0/16",
        routeTableIds: { "data-a": "rtb-tpe-data-a" },
        provider: taipei,
      },
      accepterRegion: "ap-east-2",
      ...overrides,
    };
  }

  beforeEach(() => {
    recorder = installPlanMocks({
      project: "platform",
      stack: "test",
      config: { "aws:region": "ap-northeast-1" },
    });
    tokyo = new aws.Provider("aws-ap-northeast-1", { region: "ap-northeast-1" });
    taipei = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
  });

  it("requests from the requester's region, accepts with the accepter's provider and routes both ways", async () => {
    new VpcPeering("peering", args());
    await recorder.settled();
    const request = recorder.find("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "peering");
    expect(request.inputs).to.include({
      vpcId: "vpc-tokyo",
      peerVpcId: "vpc-taipei",
      peerRegion: "ap-east-2",
      autoAccept: false,
    });
    const accepter = recorder.find(
      "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
      "peering-accepter",
    );
    expect(accepter.inputs).to.deep.include({
      autoAccept: true,
      accepter: { allowRemoteVpcDnsResolution: true },
    });
    expect(accepter.options.provider).to.match(/aws-ap-east-2::/);
    expect(request.options.provider).to.match(/aws-ap-northeast-1::/);
    const options = recorder.find(
      "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions",
      "peering-requester-options",
    );
    expect(options.inputs.requester).to.deep.equal({ allowRemoteVpcDnsResolution: true });
    expect(options.options.provider).to.match(/aws-ap-northeast-1::/);

    const routes = recorder
      .byType("aws:ec2/route:Route")
      .map((r) => [
        r.name,
        r.inputs.routeTableId,
        r.inputs.destinationCidrBlock,
        r.options.provider?.split("::")[3],
      ]);
    expect(routes).to.have.deep.members([
      ["peering-requester-data-a", "rtb-tyo-data-a", "10.0.0.0/16", "aws-ap-northeast-1"],
      ["peering-requester-workload-a", "rtb-tyo-work-a", "10.0.0.0/16", "aws-ap-northeast-1"],
      ["peering-accepter-data-a", "rtb-tpe-data-a", "10.1.0.0/16", "aws-ap-east-2"],
    ]);
    for (const route of recorder.byType("aws:ec2/route:Route")) {
      // The accepted connection's id: routes wait for the acceptance without an explicit dependsOn.
      expect(route.propertyDependencies.vpcPeeringConnectionId).to.deep.equal([accepter.urn]);
      expect(route.parent).to.equal(recorder.find("platform:network:VpcPeering", "peering").urn);
    }
  });

  it("rejects overlapping CIDRs, missing route tables and a bad region in one error before any child", async () => {
    const bad = args({ accepterRegion: "Taipei" });
    let error: unknown;
    try {
      new VpcPeering("peering", {
        ...bad,
        accepter: { ...bad.accepter, cidr: "10.1.128.0/17", routeTableIds: {} },
      });
    } catch (err) {
      error = err;
    }
    await recorder.settled();
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message.split("\n")).to.deep.equal([
      'Invalid arguments for VpcPeering "peering":',
      "  - accepter.routeTableIds: no route tables; pass the route tables that must reach the other VPC",
      '  - accepterRegion: "Taipei" is not a region name; use e.g. ap-east-2',
    ]);
    const overlap = args();
    try {
      new VpcPeering("overlap", { ...overlap, accepter: { ...overlap.accepter, cidr: "10.1.128.0/17" } });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.contain(
      "accepter.cidr: 10.1.128.0/17 overlaps the requester's 10.1.0.0/16; peered VPCs need disjoint CIDRs",
    );
    await recorder.settled();
    expect(recorder.resources.filter((r) => r.type.startsWith("aws:ec2/"))).to.deep.equal([]);
  });
});
