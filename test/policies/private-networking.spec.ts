import { expect } from "chai";
import {
  admitsTcpPort,
  cidrWithin,
  describeTraffic,
  ipv4Range,
  isAllowedPublicPort,
  isWorldCidr,
  normaliseProtocol,
} from "../../policy-packs/lib/network";
import { privateNetworkingPack } from "../../policy-packs/private-networking/pack";
import type { PlanResourceLike } from "../../tools/plan/model";
import { findings, messages, resource, withInputs } from "../support/policies";

const pack = privateNetworkingPack;

/** `resource` whose `key` property depends on `targets` (and holds "[unknown]", as at a first preview). */
function dependsOn(r: PlanResourceLike, key: string, targets: PlanResourceLike[]): PlanResourceLike {
  return {
    ...r,
    propertyDependencies: { ...(r.propertyDependencies ?? {}), [key]: targets.map((t) => t.urn) },
  };
}

function subnet(
  name: string,
  tier: string,
  id: string,
  extra: Record<string, unknown> = {},
): PlanResourceLike {
  return resource(
    "aws:ec2/subnet:Subnet",
    name,
    { vpcId: "vpc-0a1", tags: { Tier: tier }, ...extra },
    { id },
  );
}

describe("private-networking pack", () => {
  describe("subnet-no-public-ip", () => {
    const edge = subnet("edge-a", "edge", "subnet-e1", { mapPublicIpOnLaunch: false });
    it("passes a subnet that does not map public IPs", async () => {
      expect(await messages(pack, "subnet-no-public-ip", [edge])).to.deep.equal([]);
    });
    it("fails a subnet that does", async () => {
      expect(
        await messages(pack, "subnet-no-public-ip", [withInputs(edge, { mapPublicIpOnLaunch: true })]),
      ).to.deep.equal(["mapPublicIpOnLaunch is true; set mapPublicIpOnLaunch to false."]);
    });
  });

  describe("aurora-instance-not-public", () => {
    const instance = resource("aws:rds/clusterInstance:ClusterInstance", "db-1", {
      clusterIdentifier: "db",
      engine: "aurora-postgresql",
      instanceClass: "db.serverless",
      publiclyAccessible: false,
    });
    it("passes a private instance", async () => {
      expect(await messages(pack, "aurora-instance-not-public", [instance])).to.deep.equal([]);
    });
    it("fails a publicly accessible instance", async () => {
      expect(
        await messages(pack, "aurora-instance-not-public", [
          withInputs(instance, { publiclyAccessible: true }),
        ]),
      ).to.deep.equal(["publiclyAccessible is true; set publiclyAccessible to false."]);
    });
    it("fails a publicly accessible RDS DB instance (not an Aurora member), and passes a private one", async () => {
      const db = resource("aws:rds/instance:Instance", "legacy-db", {
        engine: "postgres",
        instanceClass: "db.t4g.medium",
        publiclyAccessible: false,
      });
      expect(await messages(pack, "aurora-instance-not-public", [db])).to.deep.equal([]);
      expect(
        await messages(pack, "aurora-instance-not-public", [withInputs(db, { publiclyAccessible: true })]),
      ).to.deep.equal(["publiclyAccessible is true; set publiclyAccessible to false."]);
    });
  });

  describe("eks-endpoint-private", () => {
    const awsCluster = resource("aws:eks/cluster:Cluster", "eks", {
      roleArn: "arn:aws:iam::123456789012:role/eks",
      vpcConfig: { subnetIds: ["subnet-w1"], endpointPrivateAccess: true, endpointPublicAccess: false },
    });
    const component = resource(
      "eks:index:Cluster",
      "eks",
      { endpointPrivateAccess: true, endpointPublicAccess: false },
      { custom: false },
    );
    const vpn = { "eks-endpoint-private": { allowedPublicAccessCidrs: ["203.0.113.0/24"] } };
    it("passes a private endpoint in both shapes", async () => {
      expect(await messages(pack, "eks-endpoint-private", [awsCluster, component])).to.deep.equal([]);
    });
    it("fails the defaults: a public endpoint without the private one", async () => {
      expect(
        await findings(pack, "eks-endpoint-private", [
          withInputs(awsCluster, { vpcConfig: { subnetIds: ["subnet-w1"] } }),
          resource("eks:index:Cluster", "eks-component", {}, { custom: false }),
        ]),
      ).to.deep.equal([
        "eks: vpcConfig.endpointPrivateAccess is not set; set vpcConfig.endpointPrivateAccess to true.",
        "eks: vpcConfig.endpointPublicAccess is not set; set vpcConfig.endpointPublicAccess to false.",
        "eks-component: endpointPrivateAccess is not set; set endpointPrivateAccess to true.",
        "eks-component: endpointPublicAccess is not set; set endpointPublicAccess to false.",
      ]);
    });
    it("accepts a public endpoint limited to configured CIDRs", async () => {
      const limited = withInputs(component, {
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.64/26"],
      });
      expect(await messages(pack, "eks-endpoint-private", [limited], { config: vpn })).to.deep.equal([]);
    });
    it("never accepts 0.0.0.0/0, other CIDRs or the default CIDRs, even with an exception configured", async () => {
      const open = withInputs(component, {
        endpointPublicAccess: true,
        publicAccessCidrs: ["0.0.0.0/0", "198.51.100.0/24"],
      });
      const unset = withInputs(awsCluster, {
        vpcConfig: { subnetIds: ["subnet-w1"], endpointPrivateAccess: true, endpointPublicAccess: true },
      });
      const config = {
        "eks-endpoint-private": { allowedPublicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] },
      };
      expect(await findings(pack, "eks-endpoint-private", [open, unset], { config })).to.deep.equal([
        'eks: publicAccessCidrs contains "0.0.0.0/0"; set publicAccessCidrs to CIDRs within ["203.0.113.0/24"], or ' +
          "endpointPublicAccess to false.",
        'eks: publicAccessCidrs contains "198.51.100.0/24"; set publicAccessCidrs to CIDRs within ' +
          '["203.0.113.0/24"], or endpointPublicAccess to false.',
        "eks: vpcConfig.publicAccessCidrs is not set (0.0.0.0/0 by default); set vpcConfig.publicAccessCidrs to " +
          'CIDRs within ["203.0.113.0/24"], or vpcConfig.endpointPublicAccess to false.',
      ]);
    });
    it("fails CIDRs wider than the allowed ones (the upper bound), and an empty list (the whole internet)", async () => {
      const config = { "eks-endpoint-private": { allowedPublicAccessCidrs: ["203.0.113.0/25"] } };
      const wider = withInputs(component, {
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
      });
      const inside = withInputs(component, {
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/25", "203.0.113.64/26"],
      });
      const empty = withInputs(awsCluster, {
        vpcConfig: {
          subnetIds: ["subnet-w1"],
          endpointPrivateAccess: true,
          endpointPublicAccess: true,
          publicAccessCidrs: [],
        },
      });
      expect(await messages(pack, "eks-endpoint-private", [inside], { config })).to.deep.equal([]);
      expect(await messages(pack, "eks-endpoint-private", [wider, empty], { config })).to.deep.equal([
        'publicAccessCidrs contains "203.0.113.0/24"; set publicAccessCidrs to CIDRs within ["203.0.113.0/25"], or ' +
          "endpointPublicAccess to false.",
        "vpcConfig.publicAccessCidrs is [] (0.0.0.0/0 by default); set vpcConfig.publicAccessCidrs to CIDRs within " +
          '["203.0.113.0/25"], or vpcConfig.endpointPublicAccess to false.',
      ]);
    });
    it("rejects an allowed list that is not a list of strings (config schema)", async () => {
      const config = { "eks-endpoint-private": { allowedPublicAccessCidrs: "203.0.113.0/24" } };
      let error: unknown;
      try {
        await messages(pack, "eks-endpoint-private", [component], { config });
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.contain("eks-endpoint-private: allowedPublicAccessCidrs must be array");
    });
  });

  describe("msk-no-public-access", () => {
    const msk = resource("aws:msk/cluster:Cluster", "kafka", {
      kafkaVersion: "3.6.0",
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: {
        instanceType: "kafka.m7g.large",
        clientSubnets: ["subnet-d1", "subnet-d2", "subnet-d3"],
        securityGroups: ["sg-1"],
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
      },
    });
    it("passes public access disabled or absent", async () => {
      const absent = withInputs(msk, {
        brokerNodeGroupInfo: {
          instanceType: "kafka.m7g.large",
          clientSubnets: ["subnet-d1"],
          securityGroups: ["sg-1"],
        },
      });
      expect(await messages(pack, "msk-no-public-access", [msk, absent])).to.deep.equal([]);
    });
    it("fails public access", async () => {
      const open = withInputs(msk, {
        brokerNodeGroupInfo: {
          instanceType: "kafka.m7g.large",
          clientSubnets: ["subnet-d1"],
          securityGroups: ["sg-1"],
          connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } },
        },
      });
      expect(await messages(pack, "msk-no-public-access", [open])).to.deep.equal([
        'brokerNodeGroupInfo.connectivityInfo.publicAccess.type is "SERVICE_PROVIDED_EIPS"; set ' +
          'brokerNodeGroupInfo.connectivityInfo.publicAccess.type to "DISABLED".',
      ]);
    });
  });

  const LB_TAGS = { "platform:role": "load-balancer" };
  const https = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] };
  const lbGroup = resource(
    "aws:ec2/securityGroup:SecurityGroup",
    "alb",
    { vpcId: "vpc-0a1", ingress: [https], tags: LB_TAGS },
    { id: "sg-lb" },
  );
  const appGroup = resource(
    "aws:ec2/securityGroup:SecurityGroup",
    "app",
    {
      vpcId: "vpc-0a1",
      ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/16"] }],
    },
    { id: "sg-app" },
  );

  /** World-open rules that look like a listener but are not: only TCP with fromPort = toPort = 80 or 443 is one. */
  const nearListeners = [
    { protocol: "tcp", fromPort: 443, toPort: 8443 },
    { protocol: "udp", fromPort: 443, toPort: 443 },
    { protocol: "-1", fromPort: 443, toPort: 443 },
    { protocol: "tcp", fromPort: 80, toPort: 443 },
  ];

  describe("security-group-no-public-ingress", () => {
    it("fails a load balancer group's world-open port ranges and other protocols on 443", async () => {
      const near = withInputs(lbGroup, {
        ingress: nearListeners.map((r) => ({ ...r, cidrBlocks: ["0.0.0.0/0"] })),
      });
      const note =
        "(world-open ingress is only for tcp 80 and 443 on groups tagged platform:role=load-balancer).";
      expect(await messages(pack, "security-group-no-public-ingress", [near])).to.deep.equal([
        `ingress[0] allows 0.0.0.0/0 to tcp ports 443-8443; remove 0.0.0.0/0 from ingress[0].cidrBlocks ${note}`,
        `ingress[1] allows 0.0.0.0/0 to udp port 443; remove 0.0.0.0/0 from ingress[1].cidrBlocks ${note}`,
        `ingress[2] allows 0.0.0.0/0 to all traffic; remove 0.0.0.0/0 from ingress[2].cidrBlocks ${note}`,
        `ingress[3] allows 0.0.0.0/0 to tcp ports 80-443; remove 0.0.0.0/0 from ingress[3].cidrBlocks ${note}`,
      ]);
    });
    it("passes private IPv6 ingress next to private IPv4 ingress", async () => {
      const v6 = withInputs(appGroup, {
        ingress: [
          {
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["10.0.0.0/16"],
            ipv6CidrBlocks: ["fd00::/8"],
          },
        ],
      });
      expect(await messages(pack, "security-group-no-public-ingress", [v6])).to.deep.equal([]);
    });
    it("passes private ingress, and HTTPS from anywhere on a load balancer group", async () => {
      expect(await messages(pack, "security-group-no-public-ingress", [lbGroup, appGroup])).to.deep.equal([]);
    });
    it("fails world-open ingress on other groups and ports, IPv6 included", async () => {
      const openApp = withInputs(appGroup, { ingress: [https] });
      const sshOnLb = withInputs(lbGroup, {
        ingress: [https, { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }],
      });
      expect(await findings(pack, "security-group-no-public-ingress", [openApp, sshOnLb])).to.deep.equal([
        "app: ingress[0] allows 0.0.0.0/0 to tcp port 443; remove 0.0.0.0/0 from ingress[0].cidrBlocks (world-open " +
          "ingress is only for tcp 80 and 443 on groups tagged platform:role=load-balancer).",
        "alb: ingress[1] allows ::/0 to all traffic; remove ::/0 from ingress[1].ipv6CidrBlocks (world-open ingress " +
          "is only for tcp 80 and 443 on groups tagged platform:role=load-balancer).",
      ]);
    });
  });

  const httpsRule = dependsOn(
    resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "alb-https", {
      securityGroupId: "[unknown]",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    }),
    "securityGroupId",
    [lbGroup],
  );

  describe("security-group-rule-no-public-ingress", () => {
    const classic = resource("aws:ec2/securityGroupRule:SecurityGroupRule", "app-from-vpc", {
      type: "ingress",
      securityGroupId: "sg-app",
      protocol: "tcp",
      fromPort: 8080,
      toPort: 8080,
      cidrBlocks: ["10.0.0.0/16"],
    });
    it("passes private rules and world-open listener ports", async () => {
      expect(
        await messages(pack, "security-group-rule-no-public-ingress", [classic, httpsRule]),
      ).to.deep.equal([]);
    });
    it("passes a classic rule's private IPv6 blocks, and fails its world IPv6 block", async () => {
      const v6 = withInputs(classic, { ipv6CidrBlocks: ["fd00::/8"] });
      const world = withInputs(classic, {
        fromPort: 22,
        toPort: 22,
        cidrBlocks: [],
        ipv6CidrBlocks: ["fd00::/8", "::/0"],
      });
      expect(await messages(pack, "security-group-rule-no-public-ingress", [v6])).to.deep.equal([]);
      expect(await messages(pack, "security-group-rule-no-public-ingress", [world])).to.deep.equal([
        "ipv6CidrBlocks admits ::/0 to tcp port 22; narrow ipv6CidrBlocks to the sources that need it (world-open " +
          "ingress is only for tcp 80 and 443 on groups tagged platform:role=load-balancer).",
      ]);
    });
    it("fails world-open rules on other ports, in both rule types", async () => {
      const ssh = withInputs(classic, { fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] });
      const all = withInputs(httpsRule, {
        ipProtocol: "-1",
        fromPort: undefined,
        toPort: undefined,
        cidrIpv4: undefined,
        cidrIpv6: "::/0",
      });
      expect(await findings(pack, "security-group-rule-no-public-ingress", [ssh, all])).to.deep.equal([
        "app-from-vpc: cidrBlocks admits 0.0.0.0/0 to tcp port 22; narrow cidrBlocks to the sources that need it " +
          "(world-open ingress is only for tcp 80 and 443 on groups tagged platform:role=load-balancer).",
        "alb-https: cidrIpv6 admits ::/0 to all traffic; narrow cidrIpv6 to the sources that need it (world-open " +
          "ingress is only for tcp 80 and 443 on groups tagged platform:role=load-balancer).",
      ]);
    });
    it("fails world-open port ranges starting at 443 and other protocols on 443, in both rule types", async () => {
      const near = nearListeners.flatMap((r, index) => [
        resource("aws:ec2/securityGroupRule:SecurityGroupRule", `classic-${index}`, {
          type: "ingress",
          securityGroupId: "sg-lb",
          ...r,
          cidrBlocks: ["0.0.0.0/0"],
        }),
        resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `vpc-${index}`, {
          securityGroupId: "sg-lb",
          ipProtocol: r.protocol,
          fromPort: r.fromPort,
          toPort: r.toPort,
          cidrIpv4: "0.0.0.0/0",
        }),
      ]);
      const results = await findings(pack, "security-group-rule-no-public-ingress", near);
      expect(results.map((r) => r.replace(/; narrow .*$/, ""))).to.deep.equal([
        "classic-0: cidrBlocks admits 0.0.0.0/0 to tcp ports 443-8443",
        "vpc-0: cidrIpv4 admits 0.0.0.0/0 to tcp ports 443-8443",
        "classic-1: cidrBlocks admits 0.0.0.0/0 to udp port 443",
        "vpc-1: cidrIpv4 admits 0.0.0.0/0 to udp port 443",
        "classic-2: cidrBlocks admits 0.0.0.0/0 to all traffic",
        "vpc-2: cidrIpv4 admits 0.0.0.0/0 to all traffic",
        "classic-3: cidrBlocks admits 0.0.0.0/0 to tcp ports 80-443",
        "vpc-3: cidrIpv4 admits 0.0.0.0/0 to tcp ports 80-443",
      ]);
    });
    it("ignores egress rules", async () => {
      const egress = resource("aws:ec2/securityGroupRule:SecurityGroupRule", "out", {
        type: "egress",
        securityGroupId: "sg-app",
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ["0.0.0.0/0"],
      });
      expect(await messages(pack, "security-group-rule-no-public-ingress", [egress])).to.deep.equal([]);
    });
  });

  describe("public-ingress-only-on-load-balancer-groups", () => {
    it("passes a listener rule on a load balancer group, linked by dependency or by id", async () => {
      const byId = {
        ...withInputs(httpsRule, { securityGroupId: "sg-lb" }),
        propertyDependencies: {},
        urn: `${httpsRule.urn}-by-id`,
      };
      expect(
        await messages(pack, "public-ingress-only-on-load-balancer-groups", [lbGroup, httpsRule, byId]),
      ).to.deep.equal([]);
    });
    it("fails a listener rule on another group, or on a group outside the stack", async () => {
      const onApp = dependsOn(httpsRule, "securityGroupId", [appGroup]);
      const outside = {
        ...withInputs(httpsRule, { securityGroupId: "sg-elsewhere" }),
        name: "outside",
        urn: `${httpsRule.urn}-2`,
        propertyDependencies: {},
      };
      expect(
        await findings(pack, "public-ingress-only-on-load-balancer-groups", [appGroup, onApp, outside]),
      ).to.deep.equal([
        "alb-https: securityGroupId refers to security group app, which is not tagged platform:role=load-balancer; " +
          "world-open ingress to tcp port 443 is only for load balancer groups.",
        "outside: securityGroupId refers to a security group outside this stack, which is not tagged " +
          "platform:role=load-balancer; world-open ingress to tcp port 443 is only for load balancer groups.",
      ]);
    });
  });

  describe("msk-exporters-from-security-groups", () => {
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    const ON = {
      prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } },
    };
    const brokers = resource(SG, "kafka-brokers", { vpcId: "vpc-0a1" }, { id: "sg-brokers" });
    const collector = resource(SG, "msk-scraper", { vpcId: "vpc-0a1" }, { id: "sg-scraper" });
    const other = resource(SG, "app", { vpcId: "vpc-0a1" }, { id: "sg-app" });
    const cluster = (openMonitoring: unknown) =>
      resource("aws:msk/cluster:Cluster", "kafka", {
        brokerNodeGroupInfo: {
          instanceType: "kafka.m7g.large",
          clientSubnets: ["subnet-d1", "subnet-d2", "subnet-d3"],
          securityGroups: ["sg-brokers"],
        },
        openMonitoring,
      });
    const rule = (name: string, inputs: Record<string, unknown>) =>
      resource(INGRESS, name, { securityGroupId: "sg-brokers", ipProtocol: "tcp", ...inputs });
    const fromCollector = [11001, 11002].map((port) =>
      rule(`collector-${port}`, { fromPort: port, toPort: port, referencedSecurityGroupId: "sg-scraper" }),
    );

    it("passes exporter ports admitted from a security group, and address ranges on other ports or other groups", async () => {
      const clients = rule("clients", { fromPort: 9098, toPort: 9098, cidrIpv4: "10.0.0.0/16" });
      const elsewhere = rule("elsewhere", {
        securityGroupId: "sg-app",
        fromPort: 11001,
        toPort: 11002,
        cidrIpv4: "10.0.0.0/16",
      });
      const inline = withInputs(brokers, {
        ingress: [{ protocol: "tcp", fromPort: 11001, toPort: 11002, securityGroups: ["sg-scraper"] }],
      });
      expect(
        await messages(pack, "msk-exporters-from-security-groups", [
          cluster(ON),
          inline,
          collector,
          other,
          ...fromCollector,
          clients,
          elsewhere,
        ]),
      ).to.deep.equal([]);
    });

    it("passes address ranges on the exporter ports of a cluster without open monitoring", async () => {
      const vpcWide = rule("vpc-wide", { fromPort: 11001, toPort: 11002, cidrIpv4: "10.0.0.0/16" });
      for (const off of [undefined, { prometheus: { jmxExporter: { enabledInBroker: false } } }]) {
        expect(
          await messages(pack, "msk-exporters-from-security-groups", [cluster(off), brokers, vpcWide]),
        ).to.deep.equal([]);
      }
    });

    it("fails a CIDR, an IPv6 range, a prefix list or all traffic on an exporter port of the brokers, in every rule shape", async () => {
      const vpcWide = rule("vpc-wide", { fromPort: 11001, toPort: 11002, cidrIpv4: "10.0.0.0/16" });
      const prefixList = rule("prefix-list", { fromPort: 11002, toPort: 11002, prefixListId: "pl-1" });
      const linked = dependsOn(
        resource("aws:ec2/securityGroupRule:SecurityGroupRule", "all-traffic", {
          type: "ingress",
          securityGroupId: "[unknown]",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          ipv6CidrBlocks: ["fd00::/8"],
        }),
        "securityGroupId",
        [brokers],
      );
      const inline = withInputs(brokers, {
        ingress: [{ protocol: "tcp", fromPort: 11001, toPort: 11001, cidrBlocks: ["10.0.1.0/24"] }],
      });
      const tail =
        "of MSK cluster kafka's brokers; admit the scraper's security group instead (referencedSecurityGroupId, " +
        "sourceSecurityGroupId or securityGroups), never an address range.";
      expect(
        await findings(pack, "msk-exporters-from-security-groups", [
          cluster(ON),
          inline,
          vpcWide,
          prefixList,
          linked,
        ]),
      ).to.deep.equal([
        `kafka-brokers: ingress[0].cidrBlocks admits an address range to tcp port 11001, the jmxExporter port (11001) ${tail}`,
        `vpc-wide: cidrIpv4 admits an address range to tcp ports 11001-11002, the jmxExporter port (11001) ${tail}`,
        `vpc-wide: cidrIpv4 admits an address range to tcp ports 11001-11002, the nodeExporter port (11002) ${tail}`,
        `prefix-list: prefixListId admits an address range to tcp port 11002, the nodeExporter port (11002) ${tail}`,
        `all-traffic: ipv6CidrBlocks admits an address range to all traffic, the jmxExporter port (11001) ${tail}`,
        `all-traffic: ipv6CidrBlocks admits an address range to all traffic, the nodeExporter port (11002) ${tail}`,
      ]);
    });
  });

  describe("default-security-group-no-rules", () => {
    const locked = resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", {
      vpcId: "vpc-0a1",
    });
    it("passes a default group without rules", async () => {
      expect(await messages(pack, "default-security-group-no-rules", [locked])).to.deep.equal([]);
    });
    it("fails a default group with rules", async () => {
      const open = withInputs(locked, {
        ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
        egress: [
          { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
          { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
        ],
      });
      expect(await messages(pack, "default-security-group-no-rules", [open])).to.deep.equal([
        "ingress has 1 rule; leave ingress unset so the default security group admits nothing.",
        "egress has 2 rules; leave egress unset so the default security group admits nothing.",
      ]);
    });
  });

  const edgeAcl = resource(
    "aws:ec2/networkAcl:NetworkAcl",
    "edge-acl",
    {
      vpcId: "vpc-0a1",
      ingress: [
        { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
        {
          ruleNo: 110,
          action: "deny",
          protocol: "tcp",
          fromPort: 3389,
          toPort: 3389,
          cidrBlock: "0.0.0.0/0",
        },
        { ruleNo: 200, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
      ],
    },
    { id: "acl-edge" },
  );

  describe("nacl-no-admin-ports-from-internet", () => {
    it("passes an allow-all that lower-numbered denies of SSH and RDP precede", async () => {
      expect(await messages(pack, "nacl-no-admin-ports-from-internet", [edgeAcl])).to.deep.equal([]);
    });
    it("fails when the deny comes after the allow, or a port range includes SSH", async () => {
      const late = withInputs(edgeAcl, {
        ingress: [
          {
            ruleNo: 100,
            action: "allow",
            protocol: "tcp",
            fromPort: 0,
            toPort: 1024,
            cidrBlock: "0.0.0.0/0",
          },
          { ruleNo: 110, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
          { ruleNo: 120, action: "allow", protocol: "all", fromPort: 0, toPort: 0, ipv6CidrBlock: "::/0" },
        ],
      });
      expect(await messages(pack, "nacl-no-admin-ports-from-internet", [late])).to.deep.equal([
        "ingress rule 100 allows 0.0.0.0/0 to tcp port 22; add a lower-numbered rule that denies 0.0.0.0/0 to tcp " +
          "port 22, or narrow rule 100's cidrBlock.",
        "ingress rule 120 allows ::/0 to tcp port 22; add a lower-numbered rule that denies ::/0 to tcp port 22, or " +
          "narrow rule 120's ipv6CidrBlock.",
        "ingress rule 120 allows ::/0 to tcp port 3389; add a lower-numbered rule that denies ::/0 to tcp port 3389, " +
          "or narrow rule 120's ipv6CidrBlock.",
      ]);
    });
  });

  describe("nacl-rule-no-admin-ports-from-internet", () => {
    const rule = (name: string, inputs: Record<string, unknown>) =>
      dependsOn(
        resource("aws:ec2/networkAclRule:NetworkAclRule", name, { networkAclId: "[unknown]", ...inputs }),
        "networkAclId",
        [edgeAcl],
      );
    const acl = withInputs(edgeAcl, { ingress: undefined });
    const denySsh = rule("deny-ssh", {
      ruleNumber: 100,
      ruleAction: "deny",
      protocol: "6",
      fromPort: 22,
      toPort: 22,
      cidrBlock: "0.0.0.0/0",
    });
    const denyRdp = rule("deny-rdp", {
      ruleNumber: 110,
      ruleAction: "deny",
      protocol: "tcp",
      fromPort: 3389,
      toPort: 3389,
      cidrBlock: "0.0.0.0/0",
    });
    const allowAll = rule("allow-all", {
      ruleNumber: 200,
      ruleAction: "allow",
      protocol: "-1",
      cidrBlock: "0.0.0.0/0",
    });
    it("passes rule resources whose denies come first, also together with the ACL's inline rules", async () => {
      expect(
        await messages(pack, "nacl-rule-no-admin-ports-from-internet", [acl, denySsh, denyRdp, allowAll]),
      ).to.deep.equal([]);
      expect(
        await messages(pack, "nacl-rule-no-admin-ports-from-internet", [edgeAcl, allowAll]),
      ).to.deep.equal([]);
    });
    it("fails an allow that no lower-numbered deny precedes", async () => {
      const lateDeny = { ...denyRdp, inputs: { ...denyRdp.inputs, ruleNumber: 300 } };
      expect(
        await findings(pack, "nacl-rule-no-admin-ports-from-internet", [acl, denySsh, lateDeny, allowAll]),
      ).to.deep.equal([
        "allow-all: rule 200 allows 0.0.0.0/0 to tcp port 3389; add a lower-numbered rule that denies 0.0.0.0/0 " +
          "to tcp port 3389, or narrow cidrBlock (rule numbers are shared with the ACL's other rules).",
      ]);
    });
    it("ignores egress rules", async () => {
      const egress = rule("egress", {
        ruleNumber: 100,
        ruleAction: "allow",
        protocol: "-1",
        egress: true,
        cidrBlock: "0.0.0.0/0",
      });
      expect(await messages(pack, "nacl-rule-no-admin-ports-from-internet", [acl, egress])).to.deep.equal([]);
    });
  });

  describe("instance-no-public-ip", () => {
    const instance = resource("aws:ec2/instance:Instance", "bastion", { associatePublicIpAddress: false });
    const nodeGroup = resource(
      "eks:index:NodeGroupV2",
      "legacy",
      { nodeAssociatePublicIpAddress: false },
      { custom: false },
    );
    it("passes instances and self-managed nodes without public IPs", async () => {
      const noDefaultGroup = resource(
        "eks:index:Cluster",
        "eks",
        { skipDefaultNodeGroup: true },
        { custom: false },
      );
      expect(
        await messages(pack, "instance-no-public-ip", [instance, nodeGroup, noDefaultGroup]),
      ).to.deep.equal([]);
    });
    it("fails public IPs in each shape", async () => {
      expect(
        await findings(pack, "instance-no-public-ip", [
          withInputs(instance, { associatePublicIpAddress: true }),
          withInputs(nodeGroup, { nodeAssociatePublicIpAddress: undefined }),
          resource("eks:index:Cluster", "eks", {}, { custom: false }),
        ]),
      ).to.deep.equal([
        "bastion: associatePublicIpAddress is true; set associatePublicIpAddress to false.",
        "legacy: nodeAssociatePublicIpAddress is not set; set nodeAssociatePublicIpAddress to false.",
        "eks: nodeAssociatePublicIpAddress is not set; set nodeAssociatePublicIpAddress to false (or " +
          "skipDefaultNodeGroup to true).",
      ]);
    });
  });

  describe("launch-template-no-public-ip", () => {
    const template = resource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
      networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0 }],
    });
    it("passes interfaces without public IPs", async () => {
      expect(await messages(pack, "launch-template-no-public-ip", [template])).to.deep.equal([]);
    });
    it("fails an interface with one", async () => {
      const open = withInputs(template, { networkInterfaces: [{ associatePublicIpAddress: "true" }] });
      expect(await messages(pack, "launch-template-no-public-ip", [open])).to.deep.equal([
        'networkInterfaces[0].associatePublicIpAddress is "true"; set networkInterfaces[0].associatePublicIpAddress to "false".',
      ]);
    });
  });

  describe("launch-template-no-public-ip on launch configurations", () => {
    const configuration = resource("aws:ec2/launchConfiguration:LaunchConfiguration", "legacy-nodes", {
      imageId: "ami-0123",
      instanceType: "m7g.large",
      associatePublicIpAddress: false,
    });
    it("passes a launch configuration without a public IP", async () => {
      expect(await messages(pack, "launch-template-no-public-ip", [configuration])).to.deep.equal([]);
    });
    it("fails one with a public IP", async () => {
      expect(
        await messages(pack, "launch-template-no-public-ip", [
          withInputs(configuration, { associatePublicIpAddress: true }),
        ]),
      ).to.deep.equal(["associatePublicIpAddress is true; set associatePublicIpAddress to false."]);
    });
  });

  const metadata = (httpTokens: string, httpPutResponseHopLimit?: number) => ({
    metadataOptions: { httpEndpoint: "enabled", httpTokens, httpPutResponseHopLimit },
  });
  const launchConfiguration = resource("aws:ec2/launchConfiguration:LaunchConfiguration", "legacy-nodes", {
    imageId: "ami-0123",
    instanceType: "m7g.large",
    ...metadata("required", 1),
  });

  describe("imdsv2-required on launch configurations", () => {
    it("passes a launch configuration that requires IMDSv2", async () => {
      expect(await messages(pack, "imdsv2-required", [launchConfiguration])).to.deep.equal([]);
    });
    it("fails one that does not, or leaves it to the defaults", async () => {
      expect(
        await messages(pack, "imdsv2-required", [
          withInputs(launchConfiguration, metadata("optional", 1)),
          withInputs(launchConfiguration, { metadataOptions: undefined }),
        ]),
      ).to.deep.equal([
        'metadataOptions.httpTokens is "optional"; set metadataOptions.httpTokens to "required".',
        'metadataOptions.httpTokens is not set; set metadataOptions.httpTokens to "required".',
      ]);
    });
  });

  describe("imds-hop-limit", () => {
    const template = resource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", metadata("required", 2));
    const instance = resource("aws:ec2/instance:Instance", "bastion", metadata("required", 1));
    it("passes hop limits up to 2 (the default maximum, what the node groups set), no endpoint, or options from a template", async () => {
      const noEndpoint = resource("aws:ec2/instance:Instance", "sealed", {
        metadataOptions: { httpEndpoint: "disabled" },
      });
      const fromTemplate = resource("aws:ec2/instance:Instance", "worker", {
        launchTemplate: { id: "lt-1" },
      });
      expect(
        await messages(pack, "imds-hop-limit", [
          template,
          launchConfiguration,
          instance,
          noEndpoint,
          fromTemplate,
        ]),
      ).to.deep.equal([]);
    });
    it("fails a higher hop limit, and one left to the AMI's or the account's default, in each shape", async () => {
      expect(
        await findings(pack, "imds-hop-limit", [
          withInputs(template, metadata("required", 3)),
          withInputs(launchConfiguration, metadata("required")),
          withInputs(instance, { metadataOptions: undefined }),
        ]),
      ).to.deep.equal([
        "nodes: metadataOptions.httpPutResponseHopLimit is 3; set metadataOptions.httpPutResponseHopLimit to 2 or less.",
        "legacy-nodes: metadataOptions.httpPutResponseHopLimit is not set; set metadataOptions.httpPutResponseHopLimit " +
          "to 2 or less (unset, the AMI's or the account's default decides).",
        "bastion: metadataOptions.httpPutResponseHopLimit is not set; set metadataOptions.httpPutResponseHopLimit " +
          "to 2 or less (unset, the AMI's or the account's default decides).",
      ]);
    });
    it("takes the maximum from config (1: only the instance itself reaches the metadata service)", async () => {
      const config = { "imds-hop-limit": { maximumHopLimit: 1 } };
      expect(await findings(pack, "imds-hop-limit", [template, instance], { config })).to.deep.equal([
        "nodes: metadataOptions.httpPutResponseHopLimit is 2; set metadataOptions.httpPutResponseHopLimit to 1.",
      ]);
    });
  });

  describe("imdsv2-required", () => {
    const launchTemplate = { id: "lt-0123", version: "1" };
    const valid = [
      resource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
        metadataOptions: { httpTokens: "required" },
      }),
      resource("aws:ec2/instance:Instance", "bastion", { metadataOptions: { httpEndpoint: "disabled" } }),
      resource("aws:ec2/instance:Instance", "from-template", { launchTemplate }),
      resource("eks:index:ManagedNodeGroup", "workers", { launchTemplate }, { custom: false }),
      resource("aws:eks/nodeGroup:NodeGroup", "workers-ng", { clusterName: "eks", launchTemplate }),
      resource("eks:index:Cluster", "eks", { skipDefaultNodeGroup: true }, { custom: false }),
    ];
    it("passes IMDSv2 (or no IMDS) in every shape", async () => {
      expect(await messages(pack, "imdsv2-required", valid)).to.deep.equal([]);
    });
    it("fails IMDSv1 and node groups whose metadata options are not ours", async () => {
      const template = 'a launch template of this stack with metadataOptions.httpTokens "required".';
      expect(
        await findings(pack, "imdsv2-required", [
          resource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
            metadataOptions: { httpTokens: "optional" },
          }),
          resource("aws:ec2/instance:Instance", "bastion", {}),
          resource("eks:index:ManagedNodeGroup", "workers", {}, { custom: false }),
          resource("aws:eks/nodeGroup:NodeGroup", "workers-ng", { clusterName: "eks" }),
          resource("eks:index:Cluster", "eks", {}, { custom: false }),
        ]),
      ).to.deep.equal([
        'nodes: metadataOptions.httpTokens is "optional"; set metadataOptions.httpTokens to "required".',
        'bastion: metadataOptions.httpTokens is not set; set metadataOptions.httpTokens to "required".',
        `workers: launchTemplate is not set; set launchTemplate to ${template}`,
        `workers-ng: launchTemplate is not set; set launchTemplate to ${template}`,
        "eks: skipDefaultNodeGroup is not set; set skipDefaultNodeGroup to true and run nodes in managed node groups " +
          "with a launch template that requires IMDSv2 (the default node group's metadata options cannot be set).",
      ]);
    });
    it("fails self-managed node groups (eks.NodeGroup, eks.NodeGroupV2), whose metadata options are not inputs", async () => {
      const groups = ["eks:index:NodeGroup", "eks:index:NodeGroupV2"].map((type, index) =>
        resource(type, `legacy-${index}`, { nodeAssociatePublicIpAddress: false }, { custom: false }),
      );
      const fix =
        "cannot require IMDSv2: its metadata options are not inputs of the component; run these nodes in a managed " +
        'node group with a launch template of this stack with metadataOptions.httpTokens "required".';
      expect(await findings(pack, "imdsv2-required", groups)).to.deep.equal([
        `legacy-0: a self-managed node group (eks:index:NodeGroup) ${fix}`,
        `legacy-1: a self-managed node group (eks:index:NodeGroupV2) ${fix}`,
      ]);
    });
  });

  const vpc = resource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }, { id: "vpc-0a1" });
  const flowLog = dependsOn(
    resource("aws:ec2/flowLog:FlowLog", "vpc-flow-logs", { vpcId: "[unknown]", trafficType: "ALL" }),
    "vpcId",
    [vpc],
  );
  const defaultSg = dependsOn(
    resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpc-default-sg", { vpcId: "[unknown]" }),
    "vpcId",
    [vpc],
  );
  const defaultAcl = dependsOn(
    resource("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "vpc-default-acl", {
      defaultNetworkAclId: "[unknown]",
    }),
    "defaultNetworkAclId",
    [vpc],
  );

  describe("vpc-flow-logs-enabled", () => {
    it("passes a VPC with a flow log, linked by dependency or by id", async () => {
      const byId = { ...withInputs(flowLog, { vpcId: "vpc-0a1" }), propertyDependencies: {} };
      expect(await messages(pack, "vpc-flow-logs-enabled", [vpc, flowLog])).to.deep.equal([]);
      expect(await messages(pack, "vpc-flow-logs-enabled", [vpc, byId])).to.deep.equal([]);
    });
    it("fails a VPC without one", async () => {
      const other = { ...withInputs(flowLog, { vpcId: "vpc-other" }), propertyDependencies: {} };
      expect(await findings(pack, "vpc-flow-logs-enabled", [vpc, other])).to.deep.equal([
        "vpc: no flow log captures this VPC; add an aws.ec2.FlowLog with vpcId set to this VPC's id and " +
          'trafficType "ALL".',
      ]);
    });
    it("passes a flow log of rejected traffic only", async () => {
      const rejected = withInputs(flowLog, { trafficType: "REJECT" });
      expect(await messages(pack, "vpc-flow-logs-enabled", [vpc, rejected])).to.deep.equal([]);
    });
    it("fails a VPC whose flow logs capture accepted traffic only", async () => {
      const accepted = withInputs(flowLog, { trafficType: "ACCEPT" });
      expect(await findings(pack, "vpc-flow-logs-enabled", [vpc, accepted])).to.deep.equal([
        'vpc: the flow logs of this VPC (vpc-flow-logs) capture trafficType "ACCEPT"; set trafficType to "ALL" ' +
          '(or "REJECT").',
      ]);
    });
  });

  describe("vpc-default-security-group-managed", () => {
    it("passes a VPC whose default group is managed", async () => {
      expect(await messages(pack, "vpc-default-security-group-managed", [vpc, defaultSg])).to.deep.equal([]);
    });
    it("fails a VPC whose default group is not", async () => {
      expect(await messages(pack, "vpc-default-security-group-managed", [vpc])).to.deep.equal([
        "this VPC's default security group is not managed; add an aws.ec2.DefaultSecurityGroup with vpcId set to " +
          "this VPC's id and no rules.",
      ]);
    });
  });

  describe("vpc-default-network-acl-managed", () => {
    it("passes a VPC whose default network ACL is managed, by dependency or by its id", async () => {
      const withAclId = { ...vpc, state: { ...vpc.inputs, defaultNetworkAclId: "acl-default" } };
      const byId = {
        ...withInputs(defaultAcl, { defaultNetworkAclId: "acl-default" }),
        propertyDependencies: {},
      };
      expect(await messages(pack, "vpc-default-network-acl-managed", [vpc, defaultAcl])).to.deep.equal([]);
      expect(await messages(pack, "vpc-default-network-acl-managed", [withAclId, byId])).to.deep.equal([]);
    });
    it("fails a VPC whose default network ACL is not", async () => {
      expect(await messages(pack, "vpc-default-network-acl-managed", [vpc, defaultSg])).to.deep.equal([
        "this VPC's default network ACL is not managed; add an aws.ec2.DefaultNetworkAcl with defaultNetworkAclId " +
          "set to this VPC's defaultNetworkAclId and no rules.",
      ]);
    });
  });

  const data = [subnet("data-a", "data", "subnet-d1"), subnet("data-b", "data", "subnet-d2")];
  const workload = subnet("workload-a", "workload", "subnet-w1");
  const edgeSubnet = subnet("edge-a", "edge", "subnet-e1");
  const subnets = [...data, workload, edgeSubnet];

  describe("data-stores-in-data-subnets", () => {
    const group = resource("aws:rds/subnetGroup:SubnetGroup", "db-subnets", {
      subnetIds: ["subnet-d1", "subnet-d2"],
    });
    const msk = resource("aws:msk/cluster:Cluster", "kafka", {
      numberOfBrokerNodes: 2,
      brokerNodeGroupInfo: {
        instanceType: "kafka.m7g.large",
        clientSubnets: ["subnet-d1", "subnet-d2"],
        securityGroups: ["sg-1"],
      },
    });
    const cluster = resource("aws:rds/cluster:Cluster", "db", {
      engine: "aurora-postgresql",
      dbSubnetGroupName: "db-subnets",
    });
    it("passes data stores on data subnets", async () => {
      expect(
        await messages(pack, "data-stores-in-data-subnets", [...subnets, group, msk, cluster]),
      ).to.deep.equal([]);
    });
    it("fails other tiers, subnets outside the stack and a cluster without a subnet group", async () => {
      expect(
        await findings(pack, "data-stores-in-data-subnets", [
          ...subnets,
          withInputs(group, { subnetIds: ["subnet-d1", "subnet-w1"] }),
          withInputs(msk, {
            brokerNodeGroupInfo: {
              instanceType: "kafka.m7g.large",
              clientSubnets: ["subnet-e1", "subnet-x9"],
              securityGroups: ["sg-1"],
            },
          }),
          withInputs(cluster, { dbSubnetGroupName: undefined }),
        ]),
      ).to.deep.equal([
        'db-subnets: subnetIds contains subnet workload-a (Tier "workload"); use only subnets tagged Tier=data.',
        'kafka: brokerNodeGroupInfo.clientSubnets contains "subnet-x9", which is not a subnet of this stack; use only ' +
          "subnets tagged Tier=data.",
        'kafka: brokerNodeGroupInfo.clientSubnets contains subnet edge-a (Tier "edge"); use only subnets tagged ' +
          "Tier=data.",
        "db: dbSubnetGroupName is not set; set dbSubnetGroupName to a DB subnet group of subnets tagged Tier=data.",
      ]);
    });
    it("fails an RDS DB instance without a DB subnet group (RDS would use the VPC's default one)", async () => {
      const db = resource("aws:rds/instance:Instance", "legacy-db", {
        engine: "postgres",
        dbSubnetGroupName: "db-subnets",
      });
      expect(await messages(pack, "data-stores-in-data-subnets", [...subnets, group, db])).to.deep.equal([]);
      expect(
        await findings(pack, "data-stores-in-data-subnets", [
          ...subnets,
          group,
          withInputs(db, { dbSubnetGroupName: undefined }),
        ]),
      ).to.deep.equal([
        "legacy-db: dbSubnetGroupName is not set; set dbSubnetGroupName to a DB subnet group of subnets tagged " +
          "Tier=data.",
      ]);
    });
    it("falls back to property dependencies when the plan has no subnet ids", async () => {
      const withoutIds = subnets.map(({ id: _id, ...rest }) => rest);
      const viaDependencies = dependsOn(
        withInputs(group, { subnetIds: ["subnet-d1", "subnet-w1"] }),
        "subnetIds",
        [data[0] as PlanResourceLike, workload],
      );
      expect(
        await findings(pack, "data-stores-in-data-subnets", [...withoutIds, viaDependencies]),
      ).to.deep.equal([
        'db-subnets: subnetIds contains subnet workload-a (Tier "workload"); use only subnets tagged Tier=data.',
      ]);
    });
    it("draws no conclusion from dependencies that over-approximate (a list filtered from every subnet)", async () => {
      const withoutIds = subnets.map(({ id: _id, ...rest }) => rest);
      const filtered = dependsOn(group, "subnetIds", subnets);
      expect(await findings(pack, "data-stores-in-data-subnets", [...withoutIds, filtered])).to.deep.equal(
        [],
      );
    });
    it("cannot run while the subnet ids are unknown (a first preview), like the engine", async () => {
      const pending = withInputs(group, { subnetIds: "[unknown]" });
      const results = await messages(pack, "data-stores-in-data-subnets", [...subnets, pending]);
      expect(results).to.deep.equal([
        "can't run policy 'data-stores-in-data-subnets' from policy pack 'private-networking@v1.0.0' during " +
          "preview: string value at .subnetIds can't be known during preview",
      ]);
    });
  });

  describe("edge-subnets-restricted", () => {
    const nat = resource("aws:ec2/natGateway:NatGateway", "nat-a", {
      subnetId: "subnet-e1",
      allocationId: "eipalloc-1",
    });
    const alb = resource("aws:lb/loadBalancer:LoadBalancer", "ingress", {
      internal: false,
      subnets: ["subnet-e1"],
    });
    const endpoint = resource("aws:ec2/vpcEndpoint:VpcEndpoint", "sts", {
      vpcId: "vpc-0a1",
      subnetIds: ["subnet-w1"],
    });
    it("passes NAT gateways and load balancers in edge subnets, and anything elsewhere", async () => {
      expect(await messages(pack, "edge-subnets-restricted", [...subnets, nat, alb, endpoint])).to.deep.equal(
        [],
      );
    });
    it("falls back to exact property dependencies when the plan has no subnet ids, never to over-approximations", async () => {
      const withoutIds = subnets.map(({ id: _id, ...rest }) => rest);
      const exact = dependsOn(withInputs(endpoint, { subnetIds: ["subnet-e1"] }), "subnetIds", [edgeSubnet]);
      const filtered = {
        ...dependsOn(endpoint, "subnetIds", subnets),
        name: "filtered",
        urn: `${endpoint.urn}-2`,
      };
      expect(await findings(pack, "edge-subnets-restricted", [...withoutIds, exact, filtered])).to.deep.equal(
        [
          "sts: subnetIds refers to edge subnet edge-a; only NAT gateways and internet-facing load balancers belong in " +
            "the edge tier, use a workload or data subnet.",
        ],
      );
    });
    it("fails anything else in an edge subnet, nested references included", async () => {
      const inEdge = withInputs(endpoint, { subnetIds: ["subnet-w1", "subnet-e1"] });
      // A component's stack properties are its outputs: under mocks, the state the mock returned for it.
      const eksInputs = { publicSubnetIds: ["subnet-e1"] };
      const eks = resource("eks:index:Cluster", "eks", eksInputs, { custom: false, state: eksInputs });
      const msk = resource("aws:msk/cluster:Cluster", "kafka", {
        brokerNodeGroupInfo: {
          clientSubnets: ["subnet-e1"],
          instanceType: "kafka.m7g.large",
          securityGroups: [],
        },
      });
      const edgeOnly =
        "only NAT gateways and internet-facing load balancers belong in the edge tier, use a workload or data subnet.";
      expect(await findings(pack, "edge-subnets-restricted", [...subnets, inEdge, eks, msk])).to.deep.equal([
        `sts: subnetIds refers to edge subnet edge-a; ${edgeOnly}`,
        `eks: publicSubnetIds refers to edge subnet edge-a; ${edgeOnly}`,
        `kafka: brokerNodeGroupInfo refers to edge subnet edge-a; ${edgeOnly}`,
      ]);
    });
  });
  describe("vpc-interface-endpoints", () => {
    const endpoint = (service: string, type = "Interface") =>
      dependsOn(
        resource("aws:ec2/vpcEndpoint:VpcEndpoint", `vpc-${service}`, {
          vpcId: "[unknown]",
          vpcEndpointType: type,
          serviceName: `com.amazonaws.ap-east-2.${service}`,
        }),
        "vpcId",
        [vpc],
      );
    it("passes a VPC with interface endpoints for EC2 and both ECR services", async () => {
      const endpoints = ["ec2", "ecr.api", "ecr.dkr", "sts"].map((s) => endpoint(s));
      expect(await messages(pack, "vpc-interface-endpoints", [vpc, ...endpoints])).to.deep.equal([]);
    });
    it("fails each missing service, gateway endpoints and other VPCs' endpoints not counting", async () => {
      const elsewhere = {
        ...withInputs(endpoint("ecr.api"), { vpcId: "vpc-other" }),
        propertyDependencies: {},
      };
      const gateway = endpoint("ecr.dkr", "Gateway");
      const fix = (service: string) =>
        `vpc: this VPC has no interface endpoint for ${service}; add an aws.ec2.VpcEndpoint with vpcEndpointType ` +
        `"Interface" and serviceName "com.amazonaws.<region>.${service}" in its private subnets.`;
      expect(
        await findings(pack, "vpc-interface-endpoints", [vpc, endpoint("ec2"), elsewhere, gateway]),
      ).to.deep.equal([fix("ecr.api"), fix("ecr.dkr")]);
    });
    it("takes the services from config", async () => {
      const config = { "vpc-interface-endpoints": { requiredServices: ["sts"] } };
      expect(
        await findings(pack, "vpc-interface-endpoints", [vpc, endpoint("ec2")], { config }),
      ).to.deep.equal([
        "vpc: this VPC has no interface endpoint for sts; add an aws.ec2.VpcEndpoint with vpcEndpointType " +
          '"Interface" and serviceName "com.amazonaws.<region>.sts" in its private subnets.',
      ]);
    });
  });

  describe("nacl-associated", () => {
    const acl = resource("aws:ec2/networkAcl:NetworkAcl", "data", { vpcId: "vpc-0a1" }, { id: "acl-data" });
    const association = dependsOn(
      resource("aws:ec2/networkAclAssociation:NetworkAclAssociation", "data-a", {
        networkAclId: "[unknown]",
        subnetId: "subnet-d1",
      }),
      "networkAclId",
      [acl],
    );
    it("passes an ACL associated by an association (by dependency or id) or by its subnetIds", async () => {
      const byId = { ...withInputs(association, { networkAclId: "acl-data" }), propertyDependencies: {} };
      const inline = withInputs(acl, { subnetIds: ["subnet-d1"] });
      expect(await messages(pack, "nacl-associated", [acl, association])).to.deep.equal([]);
      expect(await messages(pack, "nacl-associated", [acl, byId])).to.deep.equal([]);
      expect(await messages(pack, "nacl-associated", [inline])).to.deep.equal([]);
    });
    it("fails an ACL no subnet uses", async () => {
      const other = { ...withInputs(association, { networkAclId: "acl-other" }), propertyDependencies: {} };
      expect(
        await findings(pack, "nacl-associated", [withInputs(acl, { subnetIds: [] }), other]),
      ).to.deep.equal([
        "data: this network ACL is associated with no subnet; associate it (an aws.ec2.NetworkAclAssociation, or " +
          "subnetIds) or remove it.",
      ]);
    });
  });

  describe("data-subnets-no-internet-gateway-route", () => {
    const dataSubnet = subnet("data-a", "data", "subnet-d1");
    const edgeSubnet = subnet("edge-a", "edge", "subnet-e1");
    const igw = resource(
      "aws:ec2/internetGateway:InternetGateway",
      "igw",
      { vpcId: "vpc-0a1" },
      { id: "igw-1" },
    );
    const table = (name: string, id: string, extra: Record<string, unknown> = {}) =>
      resource("aws:ec2/routeTable:RouteTable", name, { vpcId: "vpc-0a1", ...extra }, { id });
    const associate = (name: string, subnetId: string, routeTableId: string) =>
      resource("aws:ec2/routeTableAssociation:RouteTableAssociation", name, { subnetId, routeTableId });
    const route = (name: string, routeTableId: string, target: Record<string, unknown>) =>
      resource("aws:ec2/route:Route", name, { routeTableId, destinationCidrBlock: "0.0.0.0/0", ...target });
    const network = [
      dataSubnet,
      edgeSubnet,
      igw,
      table("data-a", "rtb-d1"),
      table("edge-a", "rtb-e1"),
      associate("data-a", "subnet-d1", "rtb-d1"),
      associate("edge-a", "subnet-e1", "rtb-e1"),
      route("edge-a-default", "rtb-e1", { gatewayId: "igw-1" }),
      route("data-a-peering", "rtb-d1", {
        vpcPeeringConnectionId: "pcx-1",
        destinationCidrBlock: "10.1.0.0/16",
      }),
    ];
    it("passes data subnets whose route tables reach no internet gateway (edge subnets may)", async () => {
      expect(await messages(pack, "data-subnets-no-internet-gateway-route", network)).to.deep.equal([]);
    });
    it("fails a data route table with an internet gateway route: standalone (by id or dependency) or inline", async () => {
      const byDependency = dependsOn(route("data-a-igw", "rtb-d1", { gatewayId: "[unknown]" }), "gatewayId", [
        igw,
      ]);
      const inline = table("data-a", "rtb-d1", {
        routes: [
          { cidrBlock: "10.1.0.0/16", vpcPeeringConnectionId: "pcx-1" },
          { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
        ],
      });
      const withRoute = [
        ...network,
        route("data-a-default", "rtb-d1", { gatewayId: "igw-0ffee" }),
        byDependency,
      ];
      const fix =
        "go to an internet gateway; remove them (data subnets reach AWS through endpoints and other networks " +
        "through peering).";
      expect(await findings(pack, "data-subnets-no-internet-gateway-route", withRoute)).to.deep.equal([
        `data-a: this Tier=data subnet uses route table data-a, whose route data-a-default, route data-a-igw ${fix}`,
      ]);
      const withInline = network.map((r) =>
        r.type === "aws:ec2/routeTable:RouteTable" && r.name === "data-a" ? inline : r,
      );
      expect(await findings(pack, "data-subnets-no-internet-gateway-route", withInline)).to.deep.equal([
        `data-a: this Tier=data subnet uses route table data-a, whose routes[1] ${fix}`,
      ]);
    });
    it("fails a data subnet left to the VPC's main route table", async () => {
      const unassociated = network.filter(
        (r) => !(r.type.includes("routeTableAssociation") && r.name === "data-a"),
      );
      expect(await findings(pack, "data-subnets-no-internet-gateway-route", unassociated)).to.deep.equal([
        "data-a: this Tier=data subnet has no route table association in this stack, so the VPC's main route " +
          "table routes it; associate it with a route table of this stack that has no internet gateway route.",
      ]);
    });
  });

  describe("msk-no-unauthenticated-access", () => {
    const cluster = resource("aws:msk/cluster:Cluster", "kafka", {
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
    });
    it("passes IAM, SCRAM or mutual TLS authentication", async () => {
      const scram = withInputs(cluster, { clientAuthentication: { sasl: { scram: true } } });
      const tls = withInputs(cluster, {
        clientAuthentication: { tls: { certificateAuthorityArns: ["arn:aws:acm-pca:ap-east-2:1:ca/1"] } },
      });
      expect(await messages(pack, "msk-no-unauthenticated-access", [cluster, scram, tls])).to.deep.equal([]);
    });
    it("fails no clientAuthentication, unauthenticated access on, and no method enabled", async () => {
      expect(
        await messages(pack, "msk-no-unauthenticated-access", [
          withInputs(cluster, { clientAuthentication: undefined }),
          withInputs(cluster, { clientAuthentication: { sasl: { iam: true }, unauthenticated: true } }),
          withInputs(cluster, {
            clientAuthentication: { sasl: { iam: false }, tls: { certificateAuthorityArns: [] } },
          }),
        ]),
      ).to.deep.equal([
        "clientAuthentication is not set; set clientAuthentication to { sasl: { iam: true }, unauthenticated: false } " +
          "(unset, any client connects).",
        "clientAuthentication.unauthenticated is true; set clientAuthentication.unauthenticated to false.",
        "clientAuthentication enables no authentication method; set clientAuthentication.sasl.iam to true (or " +
          "sasl.scram, or tls.certificateAuthorityArns).",
      ]);
    });
  });

  /** A policy document with one statement. */
  const documentOf = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
  const publicFix =
    "allows every principal; name the principals (accounts, roles, services) it is for, or limit it with a " +
    "Condition on aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount or aws:SourceArn.";

  describe("kms-key-policy-not-public", () => {
    const account = documentOf({
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:*",
      Resource: "*",
    });
    it("passes named principals, services, and every principal limited to the account or a source", async () => {
      const limited = documentOf({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } },
      });
      const denyAll = documentOf({ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" });
      const keys = [
        resource("aws:kms/key:Key", "data", { policy: account }),
        resource("aws:kms/replicaKey:ReplicaKey", "data-replica", {
          primaryKeyArn: "arn:key",
          policy: limited,
        }),
        resource("aws:kms/keyPolicy:KeyPolicy", "data-policy", { keyId: "k", policy: denyAll }),
      ];
      expect(await messages(pack, "kms-key-policy-not-public", keys)).to.deep.equal([]);
    });
    it("fails every principal without a limiting condition: '*', {AWS: '*'}, NotPrincipal, IfExists, a '*' value", async () => {
      const open = (sid: string, extra: Record<string, unknown>) =>
        documentOf({ Sid: sid, Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...extra });
      const keys = [
        resource("aws:kms/key:Key", "star", { policy: open("Star", { Principal: "*" }) }),
        resource("aws:kms/externalKey:ExternalKey", "aws-star", {
          policy: open("AwsStar", { Principal: { AWS: ["*"] } }),
        }),
        resource("aws:kms/replicaExternalKey:ReplicaExternalKey", "not-principal", {
          primaryKeyArn: "arn:key",
          policy: open("NotPrincipal", { NotPrincipal: { AWS: "arn:aws:iam::1:root" } }),
        }),
        resource("aws:kms/keyPolicy:KeyPolicy", "if-exists", {
          keyId: "k",
          policy: open("IfExists", {
            Principal: "*",
            Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "123456789012" } },
          }),
        }),
        resource("aws:kms/key:Key", "any-account", {
          policy: open("AnyAccount", {
            Principal: "*",
            Condition: { StringLike: { "aws:PrincipalAccount": "*" } },
          }),
        }),
      ];
      expect(await findings(pack, "kms-key-policy-not-public", keys)).to.deep.equal([
        `star: policy Statement[0] (Sid "Star") ${publicFix}`,
        `aws-star: policy Statement[0] (Sid "AwsStar") ${publicFix}`,
        `not-principal: policy Statement[0] (Sid "NotPrincipal") ${publicFix}`,
        `if-exists: policy Statement[0] (Sid "IfExists") ${publicFix}`,
        `any-account: policy Statement[0] (Sid "AnyAccount") ${publicFix}`,
      ]);
    });
    it("passes every principal limited by one of several conditions, or by ForAnyValue:, or by one key of a block", async () => {
      const limitedBy = (condition: Record<string, unknown>) =>
        documentOf({
          Effect: "Allow",
          Principal: "*",
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: condition,
        });
      const keys = [
        resource("aws:kms/key:Key", "two-operators", {
          policy: limitedBy({
            Bool: { "aws:SecureTransport": "true" },
            StringEquals: { "aws:PrincipalAccount": "123456789012" },
          }),
        }),
        resource("aws:kms/key:Key", "two-keys", {
          policy: limitedBy({
            StringEquals: { "aws:RequestedRegion": "ap-east-2", "aws:PrincipalAccount": "123456789012" },
          }),
        }),
        resource("aws:kms/key:Key", "for-any-value", {
          policy: limitedBy({ "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
        }),
        resource("aws:kms/key:Key", "arn-like", {
          policy: limitedBy({ ArnLike: { "aws:SourceArn": "arn:aws:logs:ap-east-2:123456789012:*" } }),
        }),
      ];
      expect(await findings(pack, "kms-key-policy-not-public", keys)).to.deep.equal([]);
    });
    it("fails conditions that limit nothing: another key, no value, an empty or '*' value among others, a number", async () => {
      const open = (sid: string, extra: Record<string, unknown>) =>
        documentOf({ Sid: sid, Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...extra });
      const condition = (sid: string, block: Record<string, unknown>) =>
        resource("aws:kms/key:Key", sid.toLowerCase(), {
          policy: open(sid, { Principal: "*", Condition: { StringEquals: block } }),
        });
      const keys = [
        condition("Region", { "aws:RequestedRegion": "ap-east-2" }),
        condition("NoValue", { "aws:PrincipalAccount": [] }),
        condition("Empty", { "aws:PrincipalAccount": [""] }),
        condition("StarAmong", { "aws:PrincipalAccount": ["123456789012", "*"] }),
        condition("Number", { "aws:PrincipalAccount": [123456789012] }),
        resource("aws:kms/key:Key", "mixed", {
          policy: open("Mixed", { Principal: { AWS: "*", Service: "logs.amazonaws.com" } }),
        }),
        resource("aws:kms/key:Key", "notablock", {
          policy: open("NotABlock", { Principal: "*", Condition: { StringEquals: "aws:PrincipalAccount" } }),
        }),
      ];
      expect(await findings(pack, "kms-key-policy-not-public", keys)).to.deep.equal(
        ["Region", "NoValue", "Empty", "StarAmong", "Number", "Mixed", "NotABlock"].map(
          (sid) => `${sid.toLowerCase()}: policy Statement[0] (Sid "${sid}") ${publicFix}`,
        ),
      );
    });
  });

  describe("sns-topic-policy-not-public", () => {
    const fromAlarms = documentOf({
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: "arn:aws:sns:ap-east-2:123456789012:alarms",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    it("passes a topic policy for a service of the account", async () => {
      const topics = [
        resource("aws:sns/topicPolicy:TopicPolicy", "alarms", { arn: "arn:topic", policy: fromAlarms }),
        resource("aws:sns/topic:Topic", "inline", { policy: fromAlarms }),
      ];
      expect(await messages(pack, "sns-topic-policy-not-public", topics)).to.deep.equal([]);
    });
    it("fails a topic anyone may publish to (a NotEquals condition does not limit it)", async () => {
      const open = documentOf({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sns:Publish",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:SourceAccount": "999999999999" } },
      });
      expect(
        await findings(pack, "sns-topic-policy-not-public", [
          resource("aws:sns/topicPolicy:TopicPolicy", "alarms", { arn: "arn:topic", policy: open }),
          resource("aws:sns/topic:Topic", "inline", { policy: open }),
        ]),
      ).to.deep.equal([
        `alarms: policy Statement[0] ${publicFix}`,
        `inline: policy Statement[0] ${publicFix}`,
      ]);
    });
  });

  describe("ecr-repository-policy-not-public", () => {
    it("passes a policy for the organization's accounts", async () => {
      const org = documentOf({
        Effect: "Allow",
        Principal: "*",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
      });
      const policy = resource("aws:ecr/repositoryPolicy:RepositoryPolicy", "api", {
        repository: "api",
        policy: org,
      });
      expect(await messages(pack, "ecr-repository-policy-not-public", [policy])).to.deep.equal([]);
    });
    it("fails a repository anyone may pull from", async () => {
      const open = documentOf({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage"] });
      const policy = resource("aws:ecr/repositoryPolicy:RepositoryPolicy", "api", {
        repository: "api",
        policy: open,
      });
      expect(await messages(pack, "ecr-repository-policy-not-public", [policy])).to.deep.equal([
        `policy Statement[0] ${publicFix}`,
      ]);
    });
  });

  const bucket = resource("aws:s3/bucket:Bucket", "assets", { bucket: "platform-assets" });
  /** A configuration resource of the bucket, linked by dependency. */
  const onBucket = (type: string, name: string, inputs: Record<string, unknown>) =>
    dependsOn(resource(type, name, { bucket: "[unknown]", ...inputs }), "bucket", [bucket]);
  const allBlocked = {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  };

  describe("s3-bucket-public-access-block", () => {
    it("passes a bucket with all four settings on, linked by dependency or by name", async () => {
      const block = onBucket(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "assets-pab",
        allBlocked,
      );
      const byName = { ...withInputs(block, { bucket: "platform-assets" }), propertyDependencies: {} };
      expect(await messages(pack, "s3-bucket-public-access-block", [bucket, block])).to.deep.equal([]);
      expect(await messages(pack, "s3-bucket-public-access-block", [bucket, byName])).to.deep.equal([]);
    });
    it("fails a bucket without one, and each setting left off", async () => {
      const partial = onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "assets-pab", {
        ...allBlocked,
        blockPublicPolicy: false,
        restrictPublicBuckets: undefined,
      });
      expect(await findings(pack, "s3-bucket-public-access-block", [bucket])).to.deep.equal([
        "assets: bucket has no public access block; add an aws.s3.BucketPublicAccessBlock for it with " +
          "blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets set to true.",
      ]);
      expect(await findings(pack, "s3-bucket-public-access-block", [bucket, partial])).to.deep.equal([
        "assets: assets-pab has blockPublicPolicy false; set blockPublicPolicy to true.",
        "assets: assets-pab has restrictPublicBuckets not set; set restrictPublicBuckets to true.",
      ]);
    });
  });

  describe("s3-bucket-owner-enforced", () => {
    it("passes a bucket without ACLs, with ownership BucketOwnerEnforced or S3's default", async () => {
      const controls = onBucket(
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "assets-ownership",
        {
          rule: { objectOwnership: "BucketOwnerEnforced" },
        },
      );
      const privateAcl = withInputs(bucket, { acl: "private" });
      expect(await messages(pack, "s3-bucket-owner-enforced", [bucket, controls])).to.deep.equal([]);
      expect(await messages(pack, "s3-bucket-owner-enforced", [privateAcl])).to.deep.equal([]);
    });
    it("fails a bucket ACL, inline ACLs and grants, and another object ownership", async () => {
      const acl = onBucket("aws:s3/bucketAcl:BucketAcl", "assets-acl", { acl: "log-delivery-write" });
      const controls = onBucket(
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "assets-ownership",
        {
          rule: { objectOwnership: "ObjectWriter" },
        },
      );
      const inline = withInputs(bucket, {
        acl: "public-read",
        grants: [
          { type: "Group", permissions: ["READ"], uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
        ],
      });
      expect(await findings(pack, "s3-bucket-owner-enforced", [inline, acl, controls])).to.deep.equal([
        "assets: assets-acl sets an ACL on this bucket; remove it and grant access through the bucket policy " +
          '(object ownership "BucketOwnerEnforced" disables ACLs).',
        'assets: bucket sets acl "public-read"; remove it and grant access through the bucket policy.',
        "assets: bucket sets grants (1); remove them and grant access through the bucket policy.",
        'assets: assets-ownership has rule.objectOwnership "ObjectWriter"; set it to "BucketOwnerEnforced" (or ' +
          "remove the ownership controls: it is S3's default).",
      ]);
    });
  });

  const alb = resource(
    "aws:lb/loadBalancer:LoadBalancer",
    "edge",
    { loadBalancerType: "application", dropInvalidHeaderFields: true, subnets: ["subnet-e1", "subnet-e2"] },
    { id: "arn:aws:elasticloadbalancing:ap-east-2:123456789012:loadbalancer/app/edge/1" },
  );
  const nlb = resource("aws:lb/loadBalancer:LoadBalancer", "tcp", { loadBalancerType: "network" });

  describe("lb-drop-invalid-headers", () => {
    it("passes an ALB that drops invalid header fields, and network load balancers", async () => {
      expect(await messages(pack, "lb-drop-invalid-headers", [alb, nlb])).to.deep.equal([]);
    });
    it("fails ALBs that pass them on, both type tokens, the type unset", async () => {
      const alias = resource("aws:alb/loadBalancer:LoadBalancer", "alias", {});
      expect(
        await findings(pack, "lb-drop-invalid-headers", [
          withInputs(alb, { dropInvalidHeaderFields: false }),
          alias,
        ]),
      ).to.deep.equal([
        "edge: dropInvalidHeaderFields is false; set dropInvalidHeaderFields to true.",
        "alias: dropInvalidHeaderFields is not set; set dropInvalidHeaderFields to true.",
      ]);
    });
  });

  describe("lb-desync-mitigation", () => {
    it("passes defensive (or unset, the default) and strictest", async () => {
      const strictest = withInputs(alb, { desyncMitigationMode: "strictest" });
      expect(await messages(pack, "lb-desync-mitigation", [alb, strictest])).to.deep.equal([]);
    });
    it("fails monitor mode", async () => {
      expect(
        await messages(pack, "lb-desync-mitigation", [withInputs(alb, { desyncMitigationMode: "monitor" })]),
      ).to.deep.equal([
        'desyncMitigationMode is "monitor"; set desyncMitigationMode to "defensive" (or "strictest", or leave it unset).',
      ]);
    });
  });

  describe("alb-waf-associated", () => {
    const association = dependsOn(
      resource("aws:wafv2/webAclAssociation:WebAclAssociation", "edge-waf", {
        resourceArn: "[unknown]",
        webAclArn: "arn:waf",
      }),
      "resourceArn",
      [alb],
    );
    it("passes an internet-facing ALB with a web ACL (by dependency or ARN), internal ALBs and NLBs", async () => {
      const byArn = { ...withInputs(association, { resourceArn: alb.id }), propertyDependencies: {} };
      const internal = resource("aws:lb/loadBalancer:LoadBalancer", "internal", { internal: true });
      expect(await messages(pack, "alb-waf-associated", [alb, association, internal, nlb])).to.deep.equal([]);
      expect(await messages(pack, "alb-waf-associated", [alb, byArn])).to.deep.equal([]);
    });
    it("fails an internet-facing ALB without one", async () => {
      expect(await findings(pack, "alb-waf-associated", [alb])).to.deep.equal([
        "edge: this internet-facing load balancer has no WAF web ACL; add an aws.wafv2.WebAclAssociation with " +
          "resourceArn set to its ARN and a REGIONAL web ACL.",
      ]);
    });
  });

  describe("waf-web-acl-has-rules", () => {
    const acl = resource("aws:wafv2/webAcl:WebAcl", "edge", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rules: [{ name: "common", priority: 1, overrideAction: { none: {} } }],
    });
    it("passes a web ACL with rules, or with rules in ruleJson", async () => {
      const json = withInputs(acl, {
        rules: undefined,
        ruleJson: JSON.stringify([{ Name: "common", Priority: 1 }]),
      });
      expect(await messages(pack, "waf-web-acl-has-rules", [acl, json])).to.deep.equal([]);
    });
    it("fails a web ACL without rules", async () => {
      expect(
        await messages(pack, "waf-web-acl-has-rules", [withInputs(acl, { rules: [], ruleJson: "[]" })]),
      ).to.deep.equal([
        'rules is [] and ruleJson "[]"; add rules (AWS managed rule groups, a rate-based rule): a web ACL without ' +
          "rules only applies its default action.",
      ]);
    });
  });
});

describe("CIDR and port arithmetic of the networking policies (policy-packs/lib/network)", () => {
  it("isWorldCidr: any spelling of 0/0, IPv4 or IPv6, and nothing else", () => {
    const world = ["0.0.0.0/0", " 0.0.0.0/0 ", "::/0", "::0/0", "0/0"];
    const notWorld = [
      "10.0.0.0/8",
      "0.0.0.0/1",
      "::/1",
      "abc/0",
      "x0.0.0.0/0",
      "0.0.0.0x/0",
      "0.0.0.0",
      "",
      0,
    ];
    expect(world.map(isWorldCidr)).to.deep.equal(world.map(() => true));
    expect(notWorld.map(isWorldCidr)).to.deep.equal(notWorld.map(() => false));
    expect(isWorldCidr(undefined)).to.equal(false);
  });

  it("ipv4Range: the first and last address of the block, from the network address down", () => {
    expect(ipv4Range(" 10.0.0.0/16 ")).to.deep.equal({ first: 167772160, last: 167837695 });
    expect(ipv4Range("10.100.200.0/24")).to.deep.equal({ first: 174376960, last: 174377215 });
    // Host bits set: the block the address is in.
    expect(ipv4Range("1.2.3.4/24")).to.deep.equal({ first: 16909056, last: 16909311 });
    expect(ipv4Range("255.255.255.255/32")).to.deep.equal({ first: 4294967295, last: 4294967295 });
    expect(ipv4Range("0.0.0.0/0")).to.deep.equal({ first: 0, last: 4294967295 });
  });

  it("ipv4Range: undefined for an octet above 255, a prefix above 32, and anything that is not a CIDR", () => {
    const invalid = [
      "256.0.0.0/8",
      "10.300.0.0/16",
      "10.0.0.256/32",
      "10.0.0.0/33",
      "10.0.0.0/16x",
      "x10.0.0.0/16",
      "10.0.0.0",
      "10.0.0/16",
      "::/0",
    ];
    expect(invalid.map(ipv4Range)).to.deep.equal(invalid.map(() => undefined));
  });

  it("cidrWithin: inside one of the outer blocks at both ends; wider, shifted or unparsable is not", () => {
    const vpc = ["10.0.0.0/16"];
    expect(cidrWithin("10.0.1.0/24", vpc)).to.equal(true);
    expect(cidrWithin("10.0.0.0/16", vpc)).to.equal(true);
    expect(cidrWithin("10.0.255.0/24", vpc)).to.equal(true);
    expect(cidrWithin("10.0.0.0/8", vpc)).to.equal(false);
    expect(cidrWithin("10.0.0.0/15", vpc)).to.equal(false);
    expect(cidrWithin("10.1.0.0/24", vpc)).to.equal(false);
    expect(cidrWithin("9.255.255.0/24", vpc)).to.equal(false);
    expect(cidrWithin("not a cidr", vpc)).to.equal(false);
    expect(cidrWithin("10.0.1.0/24", ["garbage", "192.168.0.0/16", "10.0.0.0/16"])).to.equal(true);
    expect(cidrWithin("10.0.1.0/24", [])).to.equal(false);
  });

  it("normaliseProtocol: names for the numbers, -1 for all, lower case, empty when unset", () => {
    const given = [
      "-1",
      "all",
      "ALL",
      "6",
      "TCP",
      "17",
      "udp",
      "1",
      "58",
      "icmpv6",
      "50",
      undefined,
      null,
      -1,
      6,
    ];
    expect(given.map(normaliseProtocol)).to.deep.equal([
      "-1",
      "-1",
      "-1",
      "tcp",
      "tcp",
      "udp",
      "udp",
      "icmp",
      "icmpv6",
      "icmpv6",
      "50",
      "",
      "",
      "-1",
      "tcp",
    ]);
  });

  it("admitsTcpPort: all traffic, or TCP over a range holding the port (unset ends are 0 and 65535)", () => {
    expect(admitsTcpPort("-1", 0, 0, 22)).to.equal(true);
    expect(admitsTcpPort("tcp", undefined, undefined, 22)).to.equal(true);
    expect(admitsTcpPort("6", 22, 22, 22)).to.equal(true);
    expect(admitsTcpPort("tcp", 10, 22, 22)).to.equal(true);
    expect(admitsTcpPort("tcp", 22, 30, 22)).to.equal(true);
    expect(admitsTcpPort("tcp", 23, 30, 22)).to.equal(false);
    expect(admitsTcpPort("tcp", 0, 21, 22)).to.equal(false);
    expect(admitsTcpPort("tcp", 23, undefined, 22)).to.equal(false);
    expect(admitsTcpPort("udp", 0, 65535, 22)).to.equal(false);
    expect(admitsTcpPort("icmp", -1, -1, 22)).to.equal(false);
  });

  it("describeTraffic: all traffic, a port or a range for TCP and UDP, the protocol alone otherwise", () => {
    expect(describeTraffic("-1", 0, 0)).to.equal("all traffic");
    expect(describeTraffic("6", 22, 22)).to.equal("tcp port 22");
    expect(describeTraffic("udp", 53, 53)).to.equal("udp port 53");
    expect(describeTraffic("tcp", 0, 65535)).to.equal("tcp ports 0-65535");
    expect(describeTraffic("icmp", -1, -1)).to.equal("icmp");
    expect(describeTraffic("58", 0, 0)).to.equal("icmpv6");
  });

  it("isAllowedPublicPort: a single TCP port of the list, nothing wider or of another protocol", () => {
    expect(isAllowedPublicPort("tcp", 443, 443, [80, 443])).to.equal(true);
    expect(isAllowedPublicPort("6", 80, 80, [80, 443])).to.equal(true);
    expect(isAllowedPublicPort("tcp", 443, 444, [443])).to.equal(false);
    expect(isAllowedPublicPort("tcp", 442, 443, [443])).to.equal(false);
    expect(isAllowedPublicPort("udp", 443, 443, [443])).to.equal(false);
    expect(isAllowedPublicPort("-1", 443, 443, [443])).to.equal(false);
    expect(isAllowedPublicPort("tcp", 22, 22, [443])).to.equal(false);
  });
});

describe("private-networking pack: account defaults", () => {
  describe("s3-account-public-access-block", () => {
    const block = resource("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "s3", {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    it("passes all four settings true", async () => {
      expect(await messages(privateNetworkingPack, "s3-account-public-access-block", [block])).to.deep.equal(
        [],
      );
    });
    it("fails each setting false or left out (it defaults to false)", async () => {
      expect(
        await messages(privateNetworkingPack, "s3-account-public-access-block", [
          withInputs(block, { blockPublicPolicy: false, restrictPublicBuckets: undefined }),
        ]),
      ).to.deep.equal([
        "blockPublicPolicy is false; set blockPublicPolicy to true.",
        "restrictPublicBuckets is not set; set restrictPublicBuckets to true.",
      ]);
    });
  });
});
