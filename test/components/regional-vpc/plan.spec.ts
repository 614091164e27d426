import { expect } from "chai";
import * as fc from "fast-check";
import {
  AWS_RESERVED_ADDRESSES_PER_SUBNET,
  DEFAULT_INTERFACE_ENDPOINTS,
  EGRESS_STRATEGIES,
  PlannedSubnet,
  SubnetLayoutInput,
  TIERS,
  azSuffix,
  allEgress,
  checkWorkloadCapacity,
  cidrProblems,
  discoveryTags,
  edgeIngress,
  endpointKey,
  endpointServiceProblem,
  flowLogDeliveryPolicy,
  flowLogKeyPolicy,
  flowLogTrustPolicy,
  INTERFACE_ENDPOINT_SERVICES,
  interfaceEndpointProblems,
  largestPrefixHolding,
  planNat,
  planSubnets,
  privateIngress,
  privateNetworkProblems,
  RFC1918_CIDRS,
  regionalVpcArgsProblems,
  validateEgress,
  validateSubnetLayout,
  withDefaults,
} from "../../../components/regional-vpc/plan";
import { ValidationError } from "../../../components/common/validation";

const TAIPEI_ZONES = ["ap-east-2a", "ap-east-2b", "ap-east-2c"];

/** The seed's Taipei network: the data /24s pinned, workload /19 and edge /26 left to the planner. */
const taipei: SubnetLayoutInput = {
  vpcCidr: "10.0.0.0/16",
  availabilityZones: TAIPEI_ZONES,
  tiers: {
    data: {
      prefixLength: 24,
      cidrs: { "ap-east-2a": "10.0.1.0/24", "ap-east-2b": "10.0.2.0/24", "ap-east-2c": "10.0.3.0/24" },
    },
    workload: { prefixLength: 19 },
    edge: { prefixLength: 26 },
  },
};

/** `key zone cidr usable pinned`, one line per subnet: compact enough to compare whole layouts. */
function rows(subnets: readonly PlannedSubnet[]): string[] {
  return subnets.map(
    (s) =>
      `${s.key} ${s.availabilityZone} ${s.azSuffix} ${s.tier} ${s.cidr} ${s.usableAddresses} ${s.pinned}`,
  );
}

describe("regional-vpc plan", () => {
  describe("planSubnets: exact layouts", () => {
    it("lays out the seed's Taipei network: pinned data /24s, workload /19s and edge /26s around them", () => {
      expect(rows(planSubnets(taipei))).to.deep.equal([
        "data-a ap-east-2a a data 10.0.1.0/24 251 true",
        "workload-a ap-east-2a a workload 10.0.32.0/19 8187 false",
        "edge-a ap-east-2a a edge 10.0.0.0/26 59 false",
        "data-b ap-east-2b b data 10.0.2.0/24 251 true",
        "workload-b ap-east-2b b workload 10.0.64.0/19 8187 false",
        "edge-b ap-east-2b b edge 10.0.0.64/26 59 false",
        "data-c ap-east-2c c data 10.0.3.0/24 251 true",
        "workload-c ap-east-2c c workload 10.0.96.0/19 8187 false",
        "edge-c ap-east-2c c edge 10.0.0.128/26 59 false",
      ]);
    });

    it("matches the CIDRs pinned in Pulumi.prod-taipei.yaml, so pinning them changed nothing", () => {
      const pinnedEverywhere: SubnetLayoutInput = {
        ...taipei,
        tiers: {
          data: taipei.tiers.data,
          workload: {
            prefixLength: 19,
            cidrs: {
              "ap-east-2a": "10.0.32.0/19",
              "ap-east-2b": "10.0.64.0/19",
              "ap-east-2c": "10.0.96.0/19",
            },
          },
          edge: {
            prefixLength: 26,
            cidrs: {
              "ap-east-2a": "10.0.0.0/26",
              "ap-east-2b": "10.0.0.64/26",
              "ap-east-2c": "10.0.0.128/26",
            },
          },
        },
      };
      const cidrOf = (subnets: PlannedSubnet[]) => subnets.map((s) => [s.key, s.cidr]);
      expect(cidrOf(planSubnets(pinnedEverywhere))).to.deep.equal(cidrOf(planSubnets(taipei)));
      expect(planSubnets(pinnedEverywhere).every((s) => s.pinned)).to.equal(true);
    });

    it("lays out an all-automatic dev network first-fit, zone by zone then tier by tier", () => {
      const dev: SubnetLayoutInput = {
        vpcCidr: "10.20.0.0/16",
        availabilityZones: ["ap-east-2a", "ap-east-2b"],
        tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 20 }, edge: { prefixLength: 27 } },
      };
      expect(rows(planSubnets(dev))).to.deep.equal([
        "data-a ap-east-2a a data 10.20.0.0/24 251 false",
        "workload-a ap-east-2a a workload 10.20.16.0/20 4091 false",
        "edge-a ap-east-2a a edge 10.20.1.0/27 27 false",
        "data-b ap-east-2b b data 10.20.2.0/24 251 false",
        "workload-b ap-east-2b b workload 10.20.32.0/20 4091 false",
        "edge-b ap-east-2b b edge 10.20.1.32/27 27 false",
      ]);
    });

    it("plans no edge subnets when the edge tier is left out", () => {
      const privateOnly: SubnetLayoutInput = {
        ...taipei,
        tiers: { data: taipei.tiers.data, workload: { prefixLength: 19 } },
      };
      expect(rows(planSubnets(privateOnly))).to.deep.equal([
        "data-a ap-east-2a a data 10.0.1.0/24 251 true",
        "workload-a ap-east-2a a workload 10.0.32.0/19 8187 false",
        "data-b ap-east-2b b data 10.0.2.0/24 251 true",
        "workload-b ap-east-2b b workload 10.0.64.0/19 8187 false",
        "data-c ap-east-2c c data 10.0.3.0/24 251 true",
        "workload-c ap-east-2c c workload 10.0.96.0/19 8187 false",
      ]);
    });

    it("keys subnets by the Tokyo zone letters, which skip b", () => {
      const tokyo: SubnetLayoutInput = {
        vpcCidr: "10.1.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
        tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
      };
      expect(planSubnets(tokyo).map((s) => s.key)).to.deep.equal([
        "data-a",
        "workload-a",
        "data-c",
        "workload-c",
        "data-d",
        "workload-d",
      ]);
    });

    it("fills a VPC exactly when the subnets add up to it", () => {
      const tight: SubnetLayoutInput = {
        vpcCidr: "10.9.0.0/24",
        availabilityZones: ["ap-east-2a", "ap-east-2b"],
        tiers: { data: { prefixLength: 26 }, workload: { prefixLength: 26 } },
      };
      expect(planSubnets(tight).map((s) => s.cidr)).to.deep.equal([
        "10.9.0.0/26",
        "10.9.0.64/26",
        "10.9.0.128/26",
        "10.9.0.192/26",
      ]);
    });

    it("throws one ValidationError with every problem of the layout", () => {
      const broken: SubnetLayoutInput = {
        vpcCidr: "10.0.0.0/16",
        availabilityZones: ["ap-east-2a", "ap-east-2a"],
        tiers: {
          data: { prefixLength: 12 },
          workload: { prefixLength: 19, cidrs: { "ap-east-2a": "10.1.0.0/19" } },
        },
      };
      let error: unknown;
      try {
        planSubnets(broken);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).message).to.equal(
        [
          "Invalid subnet layout:",
          "  - availabilityZones[1]: ap-east-2a is listed twice; list each zone once",
          "  - tiers.data.prefixLength: 12 is not a subnet prefix length; use a whole number from 16 to 28",
          "  - tiers.workload.cidrs.ap-east-2a: 10.1.0.0/19 is outside the VPC CIDR 10.0.0.0/16; pick a block inside it",
        ].join("\n"),
      );
      expect((error as ValidationError).problems).to.have.length(3);
    });
  });

  describe("validateSubnetLayout: every message", () => {
    function layout(overrides: Partial<SubnetLayoutInput>): SubnetLayoutInput {
      return { ...taipei, ...overrides };
    }

    it("accepts the Taipei layout", () => {
      expect(validateSubnetLayout(taipei)).to.deep.equal([]);
    });

    it("rejects a VPC CIDR that is not a CIDR", () => {
      expect(validateSubnetLayout(layout({ vpcCidr: "10.0.0.0" }))).to.deep.equal([
        { path: "cidr", message: '"10.0.0.0" is not an IPv4 CIDR; write the VPC CIDR like 10.0.0.0/16' },
      ]);
    });

    it("rejects a VPC CIDR with host bits set and names the network address", () => {
      expect(validateSubnetLayout(layout({ vpcCidr: "10.0.3.0/16" }))).to.deep.equal([
        { path: "cidr", message: "10.0.3.0/16 has host bits set; use the network address 10.0.0.0/16" },
      ]);
    });

    it("rejects a VPC prefix AWS does not accept", () => {
      expect(validateSubnetLayout(layout({ vpcCidr: "10.0.0.0/8" }))).to.deep.equal([
        { path: "cidr", message: "10.0.0.0/8 has prefix /8; AWS accepts a VPC CIDR from /16 to /28" },
      ]);
    });

    it("rejects an empty zone list", () => {
      expect(
        validateSubnetLayout(
          layout({
            availabilityZones: [],
            tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
          }),
        ),
      ).to.deep.equal([
        { path: "availabilityZones", message: "no availability zones; list at least one zone name" },
      ]);
    });

    it("rejects a zone listed twice", () => {
      expect(
        validateSubnetLayout(layout({ availabilityZones: [...TAIPEI_ZONES, "ap-east-2b"] })),
      ).to.deep.equal([
        { path: "availabilityZones[3]", message: "ap-east-2b is listed twice; list each zone once" },
      ]);
    });

    it("rejects zones of two regions, whose suffixes clash as subnet keys", () => {
      const mixed = layout({
        availabilityZones: ["ap-east-2a", "ap-northeast-1a"],
        tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
      });
      expect(validateSubnetLayout(mixed)).to.deep.equal([
        {
          path: "availabilityZones[1]",
          message:
            "ap-northeast-1a has the same suffix as ap-east-2a; subnet keys use the suffix, so use zones of one region",
        },
      ]);
    });

    it("rejects prefix lengths that are not whole numbers from 16 to 28", () => {
      const bad = layout({
        tiers: { data: { prefixLength: 29 }, workload: { prefixLength: 19.5 }, edge: { prefixLength: 15 } },
      });
      expect(validateSubnetLayout(bad)).to.deep.equal([
        {
          path: "tiers.data.prefixLength",
          message: "29 is not a subnet prefix length; use a whole number from 16 to 28",
        },
        {
          path: "tiers.workload.prefixLength",
          message: "19.5 is not a subnet prefix length; use a whole number from 16 to 28",
        },
        {
          path: "tiers.edge.prefixLength",
          message: "15 is not a subnet prefix length; use a whole number from 16 to 28",
        },
      ]);
    });

    it("rejects a tier prefix that is not smaller than the VPC", () => {
      const bad = layout({
        vpcCidr: "10.0.0.0/20",
        tiers: { data: { prefixLength: 20 }, workload: { prefixLength: 22 } },
      });
      expect(validateSubnetLayout(bad)).to.deep.equal([
        {
          path: "tiers.data.prefixLength",
          message: "/20 is not smaller than the VPC 10.0.0.0/20; use a prefix length above 20",
        },
      ]);
    });

    it("rejects a pinned CIDR for a zone that is not in the list", () => {
      const bad = layout({
        tiers: { ...taipei.tiers, data: { prefixLength: 24, cidrs: { "ap-east-2d": "10.0.4.0/24" } } },
      });
      expect(validateSubnetLayout(bad)).to.deep.equal([
        {
          path: "tiers.data.cidrs.ap-east-2d",
          message:
            "ap-east-2d is not one of availabilityZones (ap-east-2a, ap-east-2b, ap-east-2c); add the zone or remove this CIDR",
        },
      ]);
    });

    it("rejects malformed pinned CIDRs with the subnet wording", () => {
      const bad = layout({
        tiers: {
          ...taipei.tiers,
          data: {
            prefixLength: 24,
            cidrs: { "ap-east-2a": "10.0.1.0/24x", "ap-east-2b": "10.0.2.7/24", "ap-east-2c": "10.0.0.0/30" },
          },
        },
      });
      expect(validateSubnetLayout(bad)).to.deep.equal([
        {
          path: "tiers.data.cidrs.ap-east-2a",
          message: '"10.0.1.0/24x" is not an IPv4 CIDR; write the subnet CIDR like 10.0.0.0/16',
        },
        {
          path: "tiers.data.cidrs.ap-east-2b",
          message: "10.0.2.7/24 has host bits set; use the network address 10.0.2.0/24",
        },
        {
          path: "tiers.data.cidrs.ap-east-2c",
          message: "10.0.0.0/30 has prefix /30; AWS accepts a subnet CIDR from /16 to /28",
        },
      ]);
    });

    it("rejects a pinned CIDR outside the VPC", () => {
      const bad = layout({
        tiers: { ...taipei.tiers, edge: { prefixLength: 26, cidrs: { "ap-east-2c": "10.1.0.0/26" } } },
      });
      expect(validateSubnetLayout(bad)).to.deep.equal([
        {
          path: "tiers.edge.cidrs.ap-east-2c",
          message: "10.1.0.0/26 is outside the VPC CIDR 10.0.0.0/16; pick a block inside it",
        },
      ]);
    });

    it("rejects pinned CIDRs that overlap, naming the other subnet", () => {
      const bad = layout({
        tiers: { ...taipei.tiers, workload: { prefixLength: 19, cidrs: { "ap-east-2b": "10.0.0.0/19" } } },
      });
      expect(validateSubnetLayout(bad)).to.deep.equal([
        {
          path: "tiers.workload.cidrs.ap-east-2b",
          message:
            "10.0.0.0/19 overlaps 10.0.1.0/24 (tiers.data.cidrs.ap-east-2a); give each subnet its own block",
        },
      ]);
    });

    it("reports zones that find no free block, with the fix", () => {
      // Zone a takes 10.0.0.0/21 and 10.0.8.0/22; zone b's workload /22 still fits in 10.0.12.0/22.
      const full = layout({
        vpcCidr: "10.0.0.0/20",
        tiers: { data: { prefixLength: 21 }, workload: { prefixLength: 22 } },
      });
      const noRoom = (bits: number, tier: string, zone: string) => ({
        path: `tiers.${tier}.prefixLength`,
        message: `no free /${bits} left in 10.0.0.0/20 for the ${tier} subnet in ${zone}; use a longer prefix length or a larger VPC CIDR`,
      });
      expect(validateSubnetLayout(full)).to.deep.equal([
        noRoom(21, "data", "ap-east-2b"),
        noRoom(21, "data", "ap-east-2c"),
        noRoom(22, "workload", "ap-east-2c"),
      ]);
    });

    it("collects every problem at once instead of stopping at the first", () => {
      const bad: SubnetLayoutInput = {
        vpcCidr: "10.0.0.0/15",
        availabilityZones: ["ap-east-2a", "ap-east-2a"],
        tiers: {
          data: { prefixLength: 30, cidrs: { "ap-east-2a": "bogus" } },
          workload: { prefixLength: 19 },
        },
      };
      expect(validateSubnetLayout(bad).map((p) => p.path)).to.deep.equal([
        "cidr",
        "availabilityZones[1]",
        "tiers.data.prefixLength",
        "tiers.data.cidrs.ap-east-2a",
      ]);
    });
  });

  describe("validateSubnetLayout: bounds", () => {
    it("takes /16 to /28 for a CIDR, and nothing that is not a string", () => {
      expect(cidrProblems("cidr", "10.0.0.0/28", "VPC CIDR")).to.deep.equal([]);
      expect(cidrProblems("cidr", "10.0.0.0/16", "VPC CIDR")).to.deep.equal([]);
      expect(cidrProblems("cidr", "10.0.0.0/29", "VPC CIDR")).to.deep.equal([
        { path: "cidr", message: "10.0.0.0/29 has prefix /29; AWS accepts a VPC CIDR from /16 to /28" },
      ]);
      expect(cidrProblems("cidr", "10.0.0.0/15", "VPC CIDR")).to.deep.equal([
        { path: "cidr", message: "10.0.0.0/15 has prefix /15; AWS accepts a VPC CIDR from /16 to /28" },
      ]);
      expect(cidrProblems("cidr", 10 as unknown as string, "VPC CIDR")).to.deep.equal([
        { path: "cidr", message: "10 is not an IPv4 CIDR; write the VPC CIDR like 10.0.0.0/16" },
      ]);
    });

    it("reads a missing zone list as empty", () => {
      const input = { ...taipei, availabilityZones: undefined } as unknown as SubnetLayoutInput;
      expect(
        validateSubnetLayout({
          ...input,
          tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
        }),
      ).to.deep.equal([
        { path: "availabilityZones", message: "no availability zones; list at least one zone name" },
      ]);
    });

    it("takes a tier prefix of 16 as a subnet prefix, too large only for a /16 VPC", () => {
      expect(
        validateSubnetLayout({
          vpcCidr: "10.0.0.0/16",
          availabilityZones: ["ap-east-2a"],
          tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 16 } },
        }),
      ).to.deep.equal([
        {
          path: "tiers.workload.prefixLength",
          message: "/16 is not smaller than the VPC 10.0.0.0/16; use a prefix length above 16",
        },
      ]);
    });

    it("allocates a block that ends right before a pinned one", () => {
      const subnets = planSubnets({
        vpcCidr: "10.0.0.0/24",
        availabilityZones: ["ap-east-2a"],
        tiers: {
          data: { prefixLength: 26, cidrs: { "ap-east-2a": "10.0.0.64/26" } },
          workload: { prefixLength: 26 },
        },
      });
      expect(subnets.map((subnet) => `${subnet.key} ${subnet.cidr}`)).to.deep.equal([
        "data-a 10.0.0.64/26",
        "workload-a 10.0.0.0/26",
      ]);
    });
  });

  describe("azSuffix", () => {
    it("takes the zone letter of ordinary zone names", () => {
      expect(["ap-east-2a", "ap-northeast-1d", "us-gov-west-1b"].map(azSuffix)).to.deep.equal([
        "a",
        "d",
        "b",
      ]);
    });

    it("needs the whole name to be a zone name: no prefix, no suffix, any number of region digits", () => {
      expect(["xap-east-2a", "ap-east-2ab", "ap-east-12a", "ap-east-a"].map(azSuffix)).to.deep.equal([
        "xap-east-2a",
        "ap-east-2ab",
        "a",
        "ap-east-a",
      ]);
    });

    it("keeps names that are not ordinary zones whole, so they stay unique", () => {
      expect(azSuffix("us-west-2-lax-1a")).to.equal("us-west-2-lax-1a");
    });
  });

  describe("egress", () => {
    it("knows three strategies", () => {
      expect(EGRESS_STRATEGIES).to.deep.equal(["nat-per-az", "single-nat", "none"]);
      expect(TIERS).to.deep.equal(["data", "workload", "edge"]);
    });

    it("accepts every strategy with an edge tier and none without one", () => {
      for (const egress of EGRESS_STRATEGIES) {
        expect(validateEgress(egress, true)).to.deep.equal([]);
      }
      expect(validateEgress("none", false)).to.deep.equal([]);
    });

    it("rejects NAT strategies without an edge tier", () => {
      expect(validateEgress("single-nat", false)).to.deep.equal([
        {
          path: "egress",
          message:
            "single-nat places NAT gateways in edge subnets, and none are configured; add tiers.edge (e.g. prefixLength 26) or set egress to none",
        },
      ]);
    });

    it("rejects an unknown strategy and lists the known ones", () => {
      expect(validateEgress("nat-per-subnet", true)).to.deep.equal([
        {
          path: "egress",
          message: '"nat-per-subnet" is not an egress strategy; use one of nat-per-az, single-nat, none',
        },
      ]);
    });

    it("nat-per-az puts one NAT in every zone and routes each zone to its own", () => {
      expect(planNat("nat-per-az", TAIPEI_ZONES)).to.deep.equal({
        natZones: TAIPEI_ZONES,
        natZoneFor: { "ap-east-2a": "ap-east-2a", "ap-east-2b": "ap-east-2b", "ap-east-2c": "ap-east-2c" },
      });
    });

    it("single-nat puts one NAT in the first zone and routes every zone to it", () => {
      expect(planNat("single-nat", TAIPEI_ZONES)).to.deep.equal({
        natZones: ["ap-east-2a"],
        natZoneFor: { "ap-east-2a": "ap-east-2a", "ap-east-2b": "ap-east-2a", "ap-east-2c": "ap-east-2a" },
      });
    });

    it("none places no NAT and routes nothing", () => {
      expect(planNat("none", TAIPEI_ZONES)).to.deep.equal({ natZones: [], natZoneFor: {} });
    });

    it("throws on a strategy that slipped past validation", () => {
      expect(() => planNat("both" as never, TAIPEI_ZONES)).to.throw(
        'unknown egress strategy "both"; use one of nat-per-az, single-nat, none',
      );
    });
  });

  describe("checkWorkloadCapacity", () => {
    it("accepts the seed's 60 nodes of 110 pods in three /19s", () => {
      expect(checkWorkloadCapacity(planSubnets(taipei), { nodes: 60, podsPerNode: 110 })).to.deep.equal([]);
    });

    it("says by how much each subnet falls short and which prefix fits", () => {
      const small: SubnetLayoutInput = {
        ...taipei,
        tiers: { ...taipei.tiers, workload: { prefixLength: 22 } },
      };
      const subnets = planSubnets(small);
      expect(checkWorkloadCapacity(subnets, { nodes: 60, podsPerNode: 110 })).to.deep.equal(
        [
          ["workload-a", "10.0.4.0/22"],
          ["workload-b", "10.0.8.0/22"],
          ["workload-c", "10.0.12.0/22"],
        ].map(([key, cidr]) => ({
          path: "workloadCapacity",
          message:
            `workload subnet ${key} (${cidr}) has 1019 usable addresses but 20 nodes × (110 pods + 1) = 2220 are ` +
            "needed: short by 1201; use workload prefixLength 20 or fewer nodes or pods",
        })),
      );
    });

    it("rounds nodes per zone up, so an uneven spread is still covered", () => {
      const subnets = planSubnets({ ...taipei, tiers: { ...taipei.tiers, workload: { prefixLength: 26 } } });
      // 7 nodes over 3 zones: 3 in one zone, 3 × (18 + 1) = 57 of 59 usable addresses.
      expect(checkWorkloadCapacity(subnets, { nodes: 7, podsPerNode: 18 })).to.deep.equal([]);
      expect(checkWorkloadCapacity(subnets, { nodes: 7, podsPerNode: 19 })[0]).to.deep.equal({
        path: "workloadCapacity",
        message:
          "workload subnet workload-a (10.0.0.0/26) has 59 usable addresses but 3 nodes × (19 pods + 1) = 60 are " +
          "needed: short by 1; use workload prefixLength 25 or fewer nodes or pods",
      });
    });

    it("rejects counts that are not positive whole numbers", () => {
      expect(checkWorkloadCapacity(planSubnets(taipei), { nodes: 0, podsPerNode: 2.5 })).to.deep.equal([
        { path: "workloadCapacity.nodes", message: "0 is not a positive whole number; set at least 1" },
        {
          path: "workloadCapacity.podsPerNode",
          message: "2.5 is not a positive whole number; set at least 1",
        },
      ]);
    });

    it("accepts one node with one pod, and a subnet holding exactly the addresses needed", () => {
      expect(checkWorkloadCapacity(planSubnets(taipei), { nodes: 1, podsPerNode: 1 })).to.deep.equal([]);
      const subnets = planSubnets({ ...taipei, tiers: { ...taipei.tiers, workload: { prefixLength: 26 } } });
      // One node per zone, 58 pods + 1 = 59 addresses: all of a /26's usable ones.
      expect(checkWorkloadCapacity(subnets, { nodes: 3, podsPerNode: 58 })).to.deep.equal([]);
      expect(checkWorkloadCapacity(subnets, { nodes: 3, podsPerNode: 59 })).to.have.length(3);
    });

    it("reports only the invalid count, not the shortfall it would imply", () => {
      expect(checkWorkloadCapacity(planSubnets(taipei), { nodes: 100000, podsPerNode: 0 })).to.deep.equal([
        { path: "workloadCapacity.podsPerNode", message: "0 is not a positive whole number; set at least 1" },
      ]);
    });

    it("largestPrefixHolding returns the longest prefix whose usable addresses suffice", () => {
      expect([1, 11, 12, 27, 28, 2220, 8187, 8188].map(largestPrefixHolding)).to.deep.equal([
        28, 28, 27, 27, 26, 20, 19, 18,
      ]);
      expect(2 ** (32 - 19) - AWS_RESERVED_ADDRESSES_PER_SUBNET).to.equal(8187);
    });
  });

  describe("interface endpoints", () => {
    it("defaults to what a private EKS cluster needs", () => {
      expect(DEFAULT_INTERFACE_ENDPOINTS).to.deep.equal([
        "ecr.api",
        "ecr.dkr",
        "sts",
        "logs",
        "ec2",
        "elasticloadbalancing",
        "eks",
      ]);
      expect(DEFAULT_INTERFACE_ENDPOINTS.map(endpointServiceProblem)).to.deep.equal(
        DEFAULT_INTERFACE_ENDPOINTS.map(() => undefined),
      );
    });

    it("knows the services from the PrivateLink guide it records, the defaults among them", () => {
      expect(INTERFACE_ENDPOINT_SERVICES).to.include.members([...DEFAULT_INTERFACE_ENDPOINTS]);
      expect(new Set(INTERFACE_ENDPOINT_SERVICES).size).to.equal(INTERFACE_ENDPOINT_SERVICES.length);
      expect(INTERFACE_ENDPOINT_SERVICES.map(endpointServiceProblem).filter(Boolean)).to.deep.equal([]);
      expect(interfaceEndpointProblems(["kms", "eks-auth", "aps-workspaces"])).to.deep.equal([]);
      expect(interfaceEndpointProblems(["ecr.api", "ecs-agents"])).to.deep.equal([
        {
          path: "interfaceEndpoints[1]",
          message:
            "ecs-agents is not an AWS PrivateLink service this platform knows (INTERFACE_ENDPOINT_SERVICES, " +
            "components/regional-vpc/plan/network.ts); check the name in the PrivateLink guide's service list, and " +
            "add it there once `aws ec2 describe-vpc-endpoint-services` lists it in both regions",
        },
      ]);
    });

    it("rejects full service names and other spellings", () => {
      expect(endpointServiceProblem("com.amazonaws.ap-east-2.ecr.api")).to.equal(
        '"com.amazonaws.ap-east-2.ecr.api" is a full service name; write only the part after ' +
          "com.amazonaws.<region>., here ecr.api",
      );
      expect(endpointServiceProblem("ECR.api")).to.equal(
        '"ECR.api" is not a service name; write the part after com.amazonaws.<region>., e.g. ecr.api',
      );
      expect(endpointServiceProblem("ecr..api")).to.equal(
        '"ecr..api" is not a service name; write the part after com.amazonaws.<region>., e.g. ecr.api',
      );
      expect(endpointServiceProblem("")).to.equal(
        '"" is not a service name; write the part after com.amazonaws.<region>., e.g. ecr.api',
      );
    });
  });

  describe("network ACL rules, endpoint keys, private networks and discovery tags", () => {
    const world = "0.0.0.0/0";
    it("lets every tier send anything (the security groups decide)", () => {
      expect(allEgress()).to.deep.equal([
        { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: world },
      ]);
    });

    it("admits to the private tiers the VPC, each private network, and TCP return traffic less RDP", () => {
      expect(privateIngress("10.0.0.0/16", ["172.20.0.0/16", "192.168.0.0/16"])).to.deep.equal([
        { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "10.0.0.0/16" },
        { ruleNo: 110, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "172.20.0.0/16" },
        { ruleNo: 120, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "192.168.0.0/16" },
        { ruleNo: 800, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: world },
        { ruleNo: 900, action: "allow", protocol: "tcp", fromPort: 1024, toPort: 65535, cidrBlock: world },
      ]);
      expect(privateIngress("10.1.0.0/16", []).map((rule) => rule.ruleNo)).to.deep.equal([100, 800, 900]);
    });

    it("denies SSH and RDP from anywhere to the edge tier before allowing the rest", () => {
      expect(edgeIngress()).to.deep.equal([
        { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: world },
        { ruleNo: 110, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: world },
        { ruleNo: 200, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: world },
      ]);
    });

    it("keys endpoints by the service with every dot a dash", () => {
      expect(["ecr.api", "sts", "bedrock.runtime.fips"].map(endpointKey)).to.deep.equal([
        "ecr-api",
        "sts",
        "bedrock-runtime-fips",
      ]);
    });

    it("accepts short service names, and explains a bare full-name prefix and a value that is not a string", () => {
      expect(["ecr.api", "sts", "execute-api"].map(endpointServiceProblem)).to.deep.equal([
        undefined,
        undefined,
        undefined,
      ]);
      expect(endpointServiceProblem("com.amazonaws.ap-east-2")).to.equal(
        '"com.amazonaws.ap-east-2" is a full service name; write only the part after com.amazonaws.<region>., ' +
          "e.g. ecr.api",
      );
      expect(endpointServiceProblem(5 as unknown as string)).to.equal(
        "5 is not a service name; write the part after com.amazonaws.<region>., e.g. ecr.api",
      );
    });

    it("reports two spellings that would name one endpoint resource", () => {
      expect(interfaceEndpointProblems(["ecr.api", "ecr-api"])).to.deep.equal([
        {
          path: "interfaceEndpoints[1]",
          message:
            "ecr-api and ecr.api both name the resource endpoint-ecr-api; list only the service AWS offers",
        },
      ]);
    });

    it("takes up to 18 private network CIDRs, each a network address, once", () => {
      const eighteen = Array.from({ length: 18 }, (_, i) => `10.${i}.0.0/16`);
      expect(privateNetworkProblems(RFC1918_CIDRS)).to.deep.equal([]);
      expect(privateNetworkProblems(eighteen)).to.deep.equal([]);
      expect(privateNetworkProblems([...eighteen, "10.99.0.0/16"])).to.deep.equal([
        {
          path: "privateNetworkCidrs",
          message:
            "19 CIDRs exceed the 18 a network ACL's 20 inbound rules leave room for; list fewer, wider ranges",
        },
      ]);
      expect(
        privateNetworkProblems([
          "10.0.0.0",
          10 as unknown as string,
          "10.0.0.1/8",
          "172.16.0.0/12",
          "172.16.0.0/12",
        ]),
      ).to.deep.equal([
        {
          path: "privateNetworkCidrs[0]",
          message: '"10.0.0.0" is not an IPv4 CIDR; write it like 10.0.0.0/8',
        },
        { path: "privateNetworkCidrs[1]", message: "10 is not an IPv4 CIDR; write it like 10.0.0.0/8" },
        {
          path: "privateNetworkCidrs[2]",
          message: "10.0.0.1/8 has host bits set; write the network address of the range",
        },
        { path: "privateNetworkCidrs[4]", message: "172.16.0.0/12 is listed twice; list each CIDR once" },
      ]);
    });

    it("tags workload subnets for internal and edge subnets for internet-facing load balancers, data for none", () => {
      const [data, workload, edge] = ["data-a", "workload-a", "edge-a"].map((key) =>
        planSubnets(taipei).find((subnet) => subnet.key === key)!,
      );
      const shared = { "kubernetes.io/cluster/platform": "shared" };
      expect(discoveryTags(workload, "platform")).to.deep.equal({
        "kubernetes.io/role/internal-elb": "1",
        ...shared,
      });
      expect(discoveryTags(edge, "platform")).to.deep.equal({ "kubernetes.io/role/elb": "1", ...shared });
      expect(discoveryTags(data, "platform")).to.deep.equal({});
      expect(discoveryTags(workload, undefined)).to.deep.equal({ "kubernetes.io/role/internal-elb": "1" });
      expect(discoveryTags(edge, undefined)).to.deep.equal({ "kubernetes.io/role/elb": "1" });
      expect(() => discoveryTags({ ...data, tier: "public" as "data" }, undefined)).to.throw(
        'unknown tier "public"',
      );
    });
  });

  describe("flow logs' policies", () => {
    const ctx = {
      accountId: "123456789012",
      partition: "aws",
      dnsSuffix: "amazonaws.com",
      region: "ap-east-2",
    };
    it("lets the account administer the key and CloudWatch Logs use it for this account's log groups only", () => {
      expect(flowLogKeyPolicy(ctx)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchLogsEncryptsLogGroups",
            Effect: "Allow",
            Principal: { Service: "logs.ap-east-2.amazonaws.com" },
            Action: [
              "kms:Encrypt*",
              "kms:Decrypt*",
              "kms:ReEncrypt*",
              "kms:GenerateDataKey*",
              "kms:Describe*",
            ],
            Resource: "*",
            Condition: {
              ArnLike: {
                "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:ap-east-2:123456789012:log-group:*",
              },
            },
          },
        ],
      });
    });

    it("trusts VPC Flow Logs for this account's flow logs in this region only", () => {
      expect(flowLogTrustPolicy(ctx)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "VpcFlowLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": "123456789012" },
              ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-east-2:123456789012:vpc-flow-log/*" },
            },
          },
        ],
      });
    });

    it("lets the delivery role write its own log group only", () => {
      const group = "arn:aws:logs:ap-east-2:123456789012:log-group:/platform/vpc/flow-logs";
      expect(flowLogDeliveryPolicy(group)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WriteThisLogGroupOnly",
            Effect: "Allow",
            Action: [
              "logs:CreateLogStream",
              "logs:PutLogEvents",
              "logs:DescribeLogGroups",
              "logs:DescribeLogStreams",
            ],
            Resource: [group, `${group}:*`],
          },
        ],
      });
    });
  });

  describe("the component's arguments", () => {
    const minimal = {
      cidr: "10.0.0.0/16",
      availabilityZones: ["ap-east-2a", "ap-east-2b"],
      tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 }, edge: { prefixLength: 26 } },
    };
    it("defaults egress, endpoints, retention, private networks, tags and protect, and keeps explicit values", () => {
      expect(withDefaults(minimal)).to.deep.equal({
        ...minimal,
        egress: "nat-per-az",
        interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS,
        flowLogRetentionDays: 365,
        workloadCapacity: undefined,
        clusterName: undefined,
        privateNetworkCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
        tags: {},
        protect: false,
      });
      const explicit = {
        ...minimal,
        egress: "none" as const,
        interfaceEndpoints: [],
        flowLogRetentionDays: 0,
        workloadCapacity: { nodes: 3, podsPerNode: 10 },
        clusterName: "platform",
        privateNetworkCidrs: [],
        tags: { Team: "a" },
        protect: true,
      };
      expect(withDefaults(explicit)).to.deep.equal(explicit);
    });

    it("accepts valid arguments, and reports every rule's problem with its path", () => {
      expect(regionalVpcArgsProblems(withDefaults(minimal))).to.deep.equal([]);
      expect(
        regionalVpcArgsProblems(
          withDefaults({
            ...minimal,
            egress: "none",
            interfaceEndpoints: ["s3"],
            flowLogRetentionDays: 100,
            workloadCapacity: { nodes: 0, podsPerNode: 10 },
            clusterName: "-bad",
            privateNetworkCidrs: ["10.0.0.1/8"],
          }),
        ),
      ).to.deep.equal([
        {
          path: "interfaceEndpoints[0]",
          message:
            "s3 is reached through the gateway endpoint this VPC always creates (free, on every private route " +
            "table); remove it from interfaceEndpoints",
        },
        {
          path: "flowLogRetentionDays",
          message:
            "100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, " +
            "400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
        },
        { path: "workloadCapacity.nodes", message: "0 is not a positive whole number; set at least 1" },
        {
          path: "clusterName",
          message:
            '"-bad" is not an EKS cluster name; use 1 to 100 letters, digits, - and _, starting with a letter or digit',
        },
        {
          path: "privateNetworkCidrs[0]",
          message: "10.0.0.1/8 has host bits set; write the network address of the range",
        },
      ]);
    });

    it("reports NAT egress without an edge tier", () => {
      const { edge: _edge, ...privateTiers } = minimal.tiers;
      expect(regionalVpcArgsProblems(withDefaults({ ...minimal, tiers: privateTiers }))).to.deep.equal([
        {
          path: "egress",
          message:
            "nat-per-az places NAT gateways in edge subnets, and none are configured; add tiers.edge (e.g. " +
            "prefixLength 26) or set egress to none",
        },
      ]);
    });

    it("checks the workload capacity against the planned subnets, and only its own fields on a broken layout", () => {
      const capacity = { nodes: 1000, podsPerNode: 110 };
      const short = (key: string, cidr: string) => ({
        path: "workloadCapacity",
        message:
          `workload subnet ${key} (${cidr}) has 8187 usable addresses but 500 nodes × (110 pods + 1) = 55500 are ` +
          "needed: short by 47313; use workload prefixLength 16 or fewer nodes or pods",
      });
      expect(regionalVpcArgsProblems(withDefaults({ ...minimal, workloadCapacity: capacity }))).to.deep.equal(
        [short("workload-a", "10.0.32.0/19"), short("workload-b", "10.0.64.0/19")],
      );
      expect(
        regionalVpcArgsProblems(withDefaults({ ...minimal, cidr: "10.0.0.0", workloadCapacity: capacity })),
      ).to.deep.equal([
        { path: "cidr", message: '"10.0.0.0" is not an IPv4 CIDR; write the VPC CIDR like 10.0.0.0/16' },
      ]);
      expect(regionalVpcArgsProblems(withDefaults({ ...minimal, clusterName: "platform" }))).to.deep.equal(
        [],
      );
    });
  });

  describe("properties", () => {
    interface Range {
      readonly first: number;
      readonly last: number;
    }

    /** Independent of ip-num, so the properties do not check the planner with its own arithmetic. */
    function range(cidr: string): Range {
      const [address, bits] = cidr.split("/");
      const first = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
      return { first, last: first + 2 ** (32 - Number(bits)) - 1 };
    }

    function cidr(first: number, prefix: number): string {
      const octets = [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256);
      return `${octets.join(".")}/${prefix}`;
    }

    const LETTERS = ["a", "b", "c", "d", "e", "f"];

    /**
     * Layouts that always fit: a /16–/23 VPC, up to five zones and three tiers whose subnets are at most 1/32 of
     * the VPC (15 × 1/32 < 1), so validation must pass. The sixth letter is kept back for the append property.
     */
    const fittingLayout = fc.integer({ min: 16, max: 23 }).chain((vpcPrefix) =>
      fc.record({
        vpcCidr: fc
          .integer({ min: 0, max: 2 ** vpcPrefix - 1 })
          .map((network) => cidr(network * 2 ** (32 - vpcPrefix), vpcPrefix)),
        availabilityZones: fc
          .shuffledSubarray(LETTERS.slice(0, 5), { minLength: 1 })
          .map((letters) => letters.map((letter) => `ap-east-2${letter}`)),
        tiers: fc.record(
          {
            data: fc.record({ prefixLength: fc.integer({ min: vpcPrefix + 5, max: 28 }) }),
            workload: fc.record({ prefixLength: fc.integer({ min: vpcPrefix + 5, max: 28 }) }),
            edge: fc.record({ prefixLength: fc.integer({ min: vpcPrefix + 5, max: 28 }) }),
          },
          { requiredKeys: ["data", "workload"] },
        ),
      }),
    );

    /** A fitting layout plus random pins (aligned blocks anywhere in the VPC; some clash, some do not). */
    const pinnedLayout = fittingLayout.chain((input) => {
      const vpc = range(input.vpcCidr);
      const pins = (prefixLength: number) =>
        fc
          .subarray([...input.availabilityZones])
          .chain((zones) =>
            fc.tuple(
              ...zones.map((zone) =>
                fc
                  .integer({ min: 0, max: (vpc.last - vpc.first + 1) / 2 ** (32 - prefixLength) - 1 })
                  .map(
                    (slot) =>
                      [zone, cidr(vpc.first + slot * 2 ** (32 - prefixLength), prefixLength)] as const,
                  ),
              ),
            ),
          )
          .map((entries) => Object.fromEntries(entries));
      const tierNames = TIERS.filter((tier) => input.tiers[tier] !== undefined);
      return fc
        .tuple(...tierNames.map((tier) => pins(input.tiers[tier]!.prefixLength)))
        .map((pinned): SubnetLayoutInput => {
          const tiers = Object.fromEntries(
            tierNames.map((tier, i) => [tier, { ...input.tiers[tier]!, cidrs: pinned[i] }]),
          ) as unknown as SubnetLayoutInput["tiers"];
          return { ...input, tiers };
        });
    });

    function assertSound(input: SubnetLayoutInput, subnets: readonly PlannedSubnet[]): void {
      const vpc = range(input.vpcCidr);
      const tiers = TIERS.filter((tier) => input.tiers[tier] !== undefined);
      expect(subnets).to.have.length(input.availabilityZones.length * tiers.length);
      expect(new Set(subnets.map((s) => s.key)).size).to.equal(subnets.length);
      const ranges = subnets.map((s) => range(s.cidr));
      ranges.forEach((r, i) => {
        expect(
          r.first >= vpc.first && r.last <= vpc.last,
          `${subnets[i].cidr} inside ${input.vpcCidr}`,
        ).to.equal(true);
        for (let j = i + 1; j < ranges.length; j++) {
          const apart = r.last < ranges[j].first || ranges[j].last < r.first;
          expect(apart, `${subnets[i].cidr} and ${subnets[j].cidr} overlap`).to.equal(true);
        }
      });
      for (const subnet of subnets) {
        const spec = input.tiers[subnet.tier]!;
        const pin = spec.cidrs?.[subnet.availabilityZone];
        expect(subnet.cidr).to.equal(pin ?? subnet.cidr);
        expect(subnet.pinned).to.equal(pin !== undefined);
        if (pin === undefined) {
          expect(subnet.cidr.endsWith(`/${spec.prefixLength}`)).to.equal(true);
        }
        expect(subnet.key).to.equal(`${subnet.tier}-${azSuffix(subnet.availabilityZone)}`);
      }
    }

    it("subnets of a fitting layout never overlap and always lie inside the VPC", () => {
      fc.assert(
        fc.property(fittingLayout, (input) => {
          expect(validateSubnetLayout(input)).to.deep.equal([]);
          assertSound(input, planSubnets(input));
        }),
        { numRuns: 300 },
      );
    });

    it("with pins, a layout either fails validation or keeps every pin and overlaps nothing", () => {
      fc.assert(
        fc.property(pinnedLayout, (input) => {
          const problems = validateSubnetLayout(input);
          if (problems.length > 0) {
            expect(() => planSubnets(input)).to.throw(ValidationError);
            return;
          }
          assertSound(input, planSubnets(input));
        }),
        { numRuns: 300 },
      );
    });

    it("appending an availability zone never changes an existing subnet's CIDR", () => {
      fc.assert(
        fc.property(pinnedLayout, (input) => {
          fc.pre(validateSubnetLayout(input).length === 0);
          const before = planSubnets(input);
          const extra = `ap-east-2${LETTERS.find((l) => !input.availabilityZones.includes(`ap-east-2${l}`))}`;
          const extended: SubnetLayoutInput = {
            ...input,
            availabilityZones: [...input.availabilityZones, extra],
          };
          const after = planSubnets(extended);
          const afterByKey = new Map(after.map((s) => [s.key, s.cidr]));
          for (const subnet of before) {
            expect(afterByKey.get(subnet.key), subnet.key).to.equal(subnet.cidr);
          }
          expect(after.slice(0, before.length)).to.deep.equal(before);
        }),
        { numRuns: 300 },
      );
    });
  });
});
