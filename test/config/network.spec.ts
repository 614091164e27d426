import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { checkNetwork, minimumAvailabilityZones } from "../../stacks/config-sections/network";
import type { Environment, SectionContext } from "../../stacks/config-sections/section";
import { checkSection, keepPulumiConfig, PROD_TAIPEI, problemLines } from "../support/config";

/** The prod-taipei network without pinned subnet CIDRs, so dropping zones leaves no pinned subnet behind. */
const UNPINNED = {
  ...(PROD_TAIPEI["platform:network"] as Record<string, unknown>),
  tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 }, edge: { prefixLength: 26 } },
};

function networkProblems(patch: Record<string, unknown>, context: SectionContext): string[] {
  return checkSection(checkNetwork, { ...UNPINNED, ...patch }, context).problems;
}

describe("config: platform:network", () => {
  keepPulumiConfig();

  describe("platform:network.availabilityZones", () => {
    it("reports a zone of another region, naming the region's zones", async () => {
      const zones = ["ap-east-2a", "ap-east-2b", "ap-east-2c", "ap-northeast-1d"];
      expect(await problemLines({ "platform:network.availabilityZones": zones })).to.deep.equal([
        "platform:network.availabilityZones[3]: ap-northeast-1d is not a zone of ap-east-2; use one of " +
          "ap-east-2a, ap-east-2b, ap-east-2c",
      ]);
    });

    it("reports a zone listed twice", async () => {
      const zones = ["ap-east-2a", "ap-east-2b", "ap-east-2c", "ap-east-2a"];
      expect(await problemLines({ "platform:network.availabilityZones": zones })).to.deep.equal([
        "platform:network.availabilityZones[3]: ap-east-2a is listed twice; list each zone once",
      ]);
    });

    it("reports fewer zones than a prod stack needs (and the subnets pinned to the dropped zone)", async () => {
      const zones = ["ap-east-2a", "ap-east-2b"];
      expect(await problemLines({ "platform:network.availabilityZones": zones })).to.deep.equal([
        "platform:network.availabilityZones: has 2 zones of ap-east-2, but a prod stack needs at least 3; " +
          "add 1 more (unused: ap-east-2c)",
        "platform:network.tiers.data.cidrs.ap-east-2c: ap-east-2c is not one of availabilityZones " +
          "(ap-east-2a, ap-east-2b); add the zone or remove this CIDR",
        "platform:network.tiers.workload.cidrs.ap-east-2c: ap-east-2c is not one of availabilityZones " +
          "(ap-east-2a, ap-east-2b); add the zone or remove this CIDR",
        "platform:network.tiers.edge.cidrs.ap-east-2c: ap-east-2c is not one of availabilityZones " +
          "(ap-east-2a, ap-east-2b); add the zone or remove this CIDR",
      ]);
    });
  });

  describe("platform:network.availabilityZones without a region or an environment", () => {
    it("needs 2 zones in dev and staging, 3 in prod", () => {
      expect(["dev", "staging", "prod"].map((e) => minimumAvailabilityZones(e as Environment))).to.deep.equal(
        [2, 2, 3],
      );
      expect(() => minimumAvailabilityZones("qa" as Environment)).to.throw(
        'unknown environment "qa"; use one of dev, staging, prod',
      );
    });

    it("counts the zones listed when the region is not known, without naming unused ones", () => {
      const zones = { availabilityZones: ["ap-east-2a"] };
      expect(networkProblems(zones, { stack: "dev", environment: "dev" })).to.deep.equal([
        "platform:network.availabilityZones: has 1 zone, but a dev stack needs at least 2; add 1 more",
      ]);
      expect(networkProblems(zones, { stack: "dev" })).to.deep.equal([]);
      expect(networkProblems(zones, { stack: "dev", region: "ap-east-2" })).to.deep.equal([]);
      expect(networkProblems({ availabilityZones: [] }, { stack: "dev" })).to.deep.equal([
        "platform:network.availabilityZones: has 0 zones, but a stack needs at least 1; add 1 more",
      ]);
    });

    it("does not count a zone of another region towards the minimum", () => {
      const zones = { availabilityZones: ["ap-east-2a", "ap-east-2b", "ap-northeast-1d"] };
      expect(
        networkProblems(zones, { stack: "prod-taipei", environment: "prod", region: "ap-east-2" }),
      ).to.deep.equal([
        "platform:network.availabilityZones[2]: ap-northeast-1d is not a zone of ap-east-2; use one of " +
          "ap-east-2a, ap-east-2b, ap-east-2c",
        "platform:network.availabilityZones: has 2 zones of ap-east-2, but a prod stack needs at least 3; " +
          "add 1 more (unused: ap-east-2c)",
      ]);
    });

    it("names the region and its unused zones when it is known, for staging too", () => {
      expect(
        networkProblems(
          { availabilityZones: ["ap-east-2b"] },
          { stack: "staging", environment: "staging", region: "ap-east-2" },
        ),
      ).to.deep.equal([
        "platform:network.availabilityZones: has 1 zone of ap-east-2, but a staging stack needs at least 2; " +
          "add 1 more (unused: ap-east-2a, ap-east-2c)",
      ]);
    });
  });

  describe("platform:network: one broken part does not make the others report", () => {
    const prod: SectionContext = { stack: "prod-taipei", environment: "prod", region: "ap-east-2" };
    it("reports only the broken key when the cidr, the zones or the tiers are missing or mistyped", () => {
      expect(networkProblems({ cidr: 10 }, prod)).to.deep.equal([
        "platform:network.cidr: is the number 10, not a string; set the VPC CIDR, e.g. 10.0.0.0/16",
      ]);
      expect(networkProblems({ availabilityZones: undefined }, prod)).to.deep.equal([
        "platform:network.availabilityZones: missing; set the zone names, e.g. [ap-east-2a, ap-east-2b, ap-east-2c]",
      ]);
      // Pinned subnet CIDRs are not reported against a zone list that is missing.
      const pinned = PROD_TAIPEI["platform:network"] as Record<string, unknown>;
      expect(
        checkSection(checkNetwork, { ...pinned, availabilityZones: undefined }, prod).problems,
      ).to.deep.equal([
        "platform:network.availabilityZones: missing; set the zone names, e.g. [ap-east-2a, ap-east-2b, ap-east-2c]",
      ]);
      expect(networkProblems({ tiers: undefined }, prod)).to.deep.equal([
        "platform:network.tiers: missing; set the subnet tiers, e.g. {data: {prefixLength: 24}, workload: " +
          "{prefixLength: 19}, edge: {prefixLength: 26}}",
      ]);
    });

    it("does not read tiers that are not a map as lacking an edge tier, nor endpoints that are not a list", () => {
      expect(networkProblems({ tiers: "x" }, prod)).to.deep.equal([
        'platform:network.tiers: is the string "x", not a map; set the subnet tiers, e.g. {data: {prefixLength: 24}, ' +
          "workload: {prefixLength: 19}, edge: {prefixLength: 26}}",
      ]);
      expect(networkProblems({ interfaceEndpoints: "ecr.api" }, prod)).to.deep.equal([
        'platform:network.interfaceEndpoints: is the string "ecr.api", not a list; set the interface endpoint ' +
          "services, e.g. [ecr.api, ecr.dkr, sts]",
      ]);
    });
  });

  describe("platform:network subnet layout", () => {
    it("reports a subnet outside the VPC", async () => {
      expect(
        await problemLines({ "platform:network.tiers.data.cidrs.ap-east-2b": "10.1.2.0/24" }),
      ).to.deep.equal([
        "platform:network.tiers.data.cidrs.ap-east-2b: 10.1.2.0/24 is outside the VPC CIDR 10.0.0.0/16; pick a block inside it",
      ]);
    });

    it("reports subnets that overlap each other", async () => {
      expect(
        await problemLines({ "platform:network.tiers.workload.cidrs.ap-east-2a": "10.0.0.0/19" }),
      ).to.deep.equal([
        "platform:network.tiers.workload.cidrs.ap-east-2a: 10.0.0.0/19 overlaps 10.0.1.0/24 " +
          "(tiers.data.cidrs.ap-east-2a); give each subnet its own block",
      ]);
    });

    it("reports an invalid subnet CIDR", async () => {
      expect(
        await problemLines({ "platform:network.tiers.edge.cidrs.ap-east-2c": "10.0.0.130/26" }),
      ).to.deep.equal([
        "platform:network.tiers.edge.cidrs.ap-east-2c: 10.0.0.130/26 has host bits set; use the network address 10.0.0.128/26",
      ]);
    });

    it("reports a prefix length AWS does not accept", async () => {
      expect(await problemLines({ "platform:network.tiers.workload.prefixLength": 30 })).to.deep.equal([
        "platform:network.tiers.workload.prefixLength: 30 is not a subnet prefix length; use a whole number from 16 to 28",
      ]);
    });
  });

  describe("platform:network.egress", () => {
    it("reports NAT egress without edge subnets", async () => {
      expect(await problemLines({ "platform:network.tiers.edge": undefined })).to.deep.equal([
        "platform:network.egress: nat-per-az places NAT gateways in edge subnets, and none are configured; " +
          "add tiers.edge (e.g. prefixLength 26) or set egress to none",
      ]);
    });

    it("reports an unknown strategy", async () => {
      expect(await problemLines({ "platform:network.egress": "nat" })).to.deep.equal([
        'platform:network.egress: "nat" is not an egress strategy; use one of nat-per-az, single-nat, none',
      ]);
    });
  });

  describe("platform:network.interfaceEndpoints", () => {
    it("reports invalid service names and duplicates", async () => {
      const endpoints = [
        "ecr.api",
        "ecr.dkr",
        "sts",
        "logs",
        "ec2",
        "elasticloadbalancing",
        "eks",
        "sts",
        "S3!",
      ];
      expect(await problemLines({ "platform:network.interfaceEndpoints": endpoints })).to.deep.equal([
        "platform:network.interfaceEndpoints[7]: sts is listed twice; list each endpoint once",
        'platform:network.interfaceEndpoints[8]: "S3!" is not a service name; write the part after ' +
          "com.amazonaws.<region>., e.g. ecr.api",
      ]);
    });

    it("takes only AWS PrivateLink services the platform has recorded", async () => {
      expect(
        await problemLines({
          "platform:network.interfaceEndpoints": ["ecr.api", "secretsmanager", "ecr-api2"],
        }),
      ).to.deep.equal([
        "platform:network.interfaceEndpoints[2]: ecr-api2 is not an AWS PrivateLink service this platform knows " +
          "(INTERFACE_ENDPOINT_SERVICES, components/regional-vpc/plan/network.ts); check the name in the PrivateLink " +
          "guide's service list, and add it there once `aws ec2 describe-vpc-endpoint-services` lists it in both regions",
      ]);
    });

    it("reports services the VPC reaches through its gateway endpoints, as the component does", async () => {
      expect(await problemLines({ "platform:network.interfaceEndpoints": ["ecr.api", "s3"] })).to.deep.equal([
        "platform:network.interfaceEndpoints[1]: s3 is reached through the gateway endpoint this VPC always " +
          "creates (free, on every private route table); remove it from interfaceEndpoints",
      ]);
    });

    it("reports endpoints a private EKS needs when egress is none", async () => {
      expect(
        await problemLines({
          "platform:network.egress": "none",
          "platform:network.interfaceEndpoints": ["sts"],
        }),
      ).to.deep.equal([
        "platform:network.interfaceEndpoints: egress none reaches AWS only through VPC endpoints, and the private " +
          "EKS platform needs ecr.api, ecr.dkr, sts, logs, ec2, elasticloadbalancing, eks; " +
          "add ecr.api, ecr.dkr, logs, ec2, elasticloadbalancing, eks",
      ]);
    });
  });

  describe("platform:network.flowLogRetentionDays and workloadCapacity", () => {
    it("reports a retention CloudWatch Logs does not accept", async () => {
      expect(await problemLines({ "platform:network.flowLogRetentionDays": 100 })).to.deep.equal([
        "platform:network.flowLogRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, " +
          "14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
      ]);
    });

    it("reports workload subnets too small for the planned nodes and pods", async () => {
      const short = (suffix: string, cidr: string) =>
        `platform:network.workloadCapacity: workload subnet workload-${suffix} (${cidr}) has 8187 usable addresses ` +
        "but 100 nodes × (110 pods + 1) = 11100 are needed: short by 2913; use workload prefixLength 18 or fewer " +
        "nodes or pods";
      expect(await problemLines({ "platform:network.workloadCapacity.nodes": 300 })).to.deep.equal([
        short("a", "10.0.32.0/19"),
        short("b", "10.0.64.0/19"),
        short("c", "10.0.96.0/19"),
      ]);
    });

    it("still checks the capacity's own values when the layout is invalid", async () => {
      expect(
        await problemLines({
          "platform:network.tiers.workload.prefixLength": 30,
          "platform:network.workloadCapacity.nodes": 0,
        }),
      ).to.deep.equal([
        "platform:network.tiers.workload.prefixLength: 30 is not a subnet prefix length; use a whole number from 16 to 28",
        "platform:network.workloadCapacity.nodes: 0 is not a positive whole number; set at least 1",
      ]);
    });
  });

  describe("platform:network shape", () => {
    it("reports an unknown key, listing the known keys", async () => {
      expect(await problemLines({ "platform:network.egres": "none" })).to.deep.equal([
        "platform:network.egres: unknown key; fix its spelling or remove it (the known keys are cidr, " +
          "availabilityZones, tiers, egress, interfaceEndpoints, flowLogRetentionDays, workloadCapacity)",
      ]);
    });

    it("reports an unknown tier", async () => {
      expect(await problemLines({ "platform:network.tiers.public": { prefixLength: 26 } })).to.deep.equal([
        "platform:network.tiers.public: unknown key; fix its spelling or remove it (the known keys are data, " +
          "workload, edge)",
      ]);
    });

    it("reports values of the wrong type and missing keys in its own words", async () => {
      expect(
        await problemLines({
          "platform:network.cidr": 10,
          "platform:network.tiers.data.prefixLength": "24",
          "platform:network.tiers.edge": null,
          "platform:network.availabilityZones": undefined,
        }),
      ).to.deep.equal([
        "platform:network.cidr: is the number 10, not a string; set the VPC CIDR, e.g. 10.0.0.0/16",
        "platform:network.availabilityZones: missing; set the zone names, e.g. [ap-east-2a, ap-east-2b, ap-east-2c]",
        'platform:network.tiers.data.prefixLength: is the string "24", not a number; set the prefix length of ' +
          "the tier's subnets, e.g. 24",
        "platform:network.tiers.edge: is null, not a map; set the tier, e.g. {prefixLength: 26}",
      ]);
    });

    it("reports a missing network", async () => {
      expect(await problemLines({ "platform:network": undefined })).to.deep.equal([
        `platform:network: missing; add the network map (cidr, availabilityZones, tiers, …) under config: in Pulumi.${pulumi.getStack()}.yaml`,
      ]);
    });

    it("reports a value that is not JSON instead of crashing", async () => {
      expect(await problemLines({ "platform:network": "cidr=10.0.0.0/16" })).to.deep.equal([
        `platform:network: is text that does not parse as JSON; write platform:network as a YAML map under config: in Pulumi.${pulumi.getStack()}.yaml`,
      ]);
    });

    it("reports a network that is not a map", async () => {
      expect(await problemLines({ "platform:network": ["10.0.0.0/16"] })).to.deep.equal([
        "platform:network: is a list, not a map; set the network, e.g. {cidr: 10.0.0.0/16, availabilityZones: " +
          "[ap-east-2a, ap-east-2b, ap-east-2c], tiers: {…}}",
      ]);
    });
  });
});
