import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  REGIONAL_VPC_TYPE,
  RegionalVpc,
  RegionalVpcArgs,
  regionalVpcDefaults,
  withDefaults,
} from "../../../components/regional-vpc";
import { planSubnets } from "../../../components/regional-vpc/plan";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, RecordedResource, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const ZONES = ["ap-east-2a", "ap-east-2b", "ap-east-2c"];

/** The seed's Taipei network: data /24s pinned, workload /19 and edge /26 planned. */
const TAIPEI: RegionalVpcArgs = {
  cidr: "10.0.0.0/16",
  availabilityZones: ZONES,
  tiers: {
    data: {
      prefixLength: 24,
      cidrs: { "ap-east-2a": "10.0.1.0/24", "ap-east-2b": "10.0.2.0/24", "ap-east-2c": "10.0.3.0/24" },
    },
    workload: { prefixLength: 19 },
    edge: { prefixLength: 26 },
  },
  workloadCapacity: { nodes: 60, podsPerNode: 110 },
  clusterName: "platform-prod",
};

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  igw: "aws:ec2/internetGateway:InternetGateway",
  eip: "aws:ec2/eip:Eip",
  nat: "aws:ec2/natGateway:NatGateway",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
  networkAcl: "aws:ec2/networkAcl:NetworkAcl",
  networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
} as const;

interface Built {
  recorder: PlanRecorder;
  provider: aws.Provider;
  /** `urn::id` of the regional provider, as registration requests name it. */
  providerRef: string;
  vpc: RegionalVpc;
}

function install(): PlanRecorder {
  return installPlanMocks({
    project: "platform",
    stack: "prod-taipei",
    config: { "aws:region": "ap-east-2" },
  });
}

/** The regional provider's default tags. */
const TAGS = { Owner: "platform-team", CostCenter: "CC-1001", ManagedBy: "pulumi" };

function regionalProvider(): aws.Provider {
  return new aws.Provider("aws-ap-east-2", { region: "ap-east-2", defaultTags: { tags: TAGS } });
}

/** Builds one RegionalVpc under fresh mocks and waits until every child is registered. */
async function build(overrides: Partial<RegionalVpcArgs> = {}, name = "network"): Promise<Built> {
  const { component: vpc, ...built } = await buildUnderMocks(
    (provider) => new RegionalVpc(name, { ...TAIPEI, ...overrides }, { provider }),
    {
      defaultTags: TAGS,
      settle: (vpc) => [
        vpc.subnetIds,
        vpc.routeTableIds,
        vpc.natGatewayIds,
        vpc.flowLogGroupName,
        vpc.dbSubnetGroupName,
      ],
    },
  );
  return { ...built, vpc };
}

function idOf(recorder: PlanRecorder, type: string, name: string): string {
  const id = recorder.find(type, name).id;
  expect(id, `${type}::${name} has an id`).to.be.a("string");
  return id!;
}

function subnetRows(recorder: PlanRecorder): string[] {
  return recorder
    .byType(T.subnet)
    .map((s) => `${s.name} ${String(s.inputs["availabilityZone"])} ${String(s.inputs["cidrBlock"])}`)
    .sort();
}

/** Default routes (0.0.0.0/0) by route table name: `igw`, `nat-<zone letter>` or the raw target. */
function defaultRoutes(recorder: PlanRecorder): Record<string, string> {
  const tableName = new Map(recorder.byType(T.routeTable).map((t) => [t.id, t.name]));
  const target = new Map<string, string>([
    ...recorder.byType(T.igw).map((g): [string, string] => [g.id!, "igw"]),
    ...recorder.byType(T.nat).map((n): [string, string] => [n.id!, n.name.replace(/^network-/, "")]),
  ]);
  return Object.fromEntries(
    recorder
      .byType(T.route)
      .filter((r) => r.inputs["destinationCidrBlock"] === "0.0.0.0/0")
      .map((r) => {
        const via = String(r.inputs["gatewayId"] ?? r.inputs["natGatewayId"]);
        return [tableName.get(String(r.inputs["routeTableId"])), target.get(via) ?? via];
      }),
  );
}

function policyOf(resource: RecordedResource, input: string): { Statement: Record<string, unknown>[] } {
  return JSON.parse(String(resource.inputs[input])) as { Statement: Record<string, unknown>[] };
}

describe("RegionalVpc (under the plan mocks)", () => {
  describe("the Taipei network with nat-per-az", () => {
    let built: Built;
    before(async () => {
      built = await build();
    });

    it("creates the VPC with its CIDR, DNS support and hostnames, and a Name tag", () => {
      expect(built.recorder.find(T.vpc, "network").inputs).to.deep.equal({
        cidrBlock: "10.0.0.0/16",
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { Name: "network" },
      });
    });

    it("creates every subnet of the plan with its exact CIDR and zone", () => {
      expect(subnetRows(built.recorder)).to.deep.equal([
        "network-data-a ap-east-2a 10.0.1.0/24",
        "network-data-b ap-east-2b 10.0.2.0/24",
        "network-data-c ap-east-2c 10.0.3.0/24",
        "network-edge-a ap-east-2a 10.0.0.0/26",
        "network-edge-b ap-east-2b 10.0.0.64/26",
        "network-edge-c ap-east-2c 10.0.0.128/26",
        "network-workload-a ap-east-2a 10.0.32.0/19",
        "network-workload-b ap-east-2b 10.0.64.0/19",
        "network-workload-c ap-east-2c 10.0.96.0/19",
      ]);
    });

    it("never maps public IPs on launch, edge included, and puts every subnet in the VPC", () => {
      const vpcId = idOf(built.recorder, T.vpc, "network");
      for (const subnet of built.recorder.byType(T.subnet)) {
        expect(subnet.inputs["mapPublicIpOnLaunch"], subnet.name).to.equal(false);
        expect(subnet.inputs["vpcId"], subnet.name).to.equal(vpcId);
      }
    });

    it("tags subnets with their tier, ELB discovery roles and the cluster", () => {
      const tagsOf = (name: string) => built.recorder.find(T.subnet, name).inputs["tags"];
      expect(tagsOf("network-data-a")).to.deep.equal({ Name: "network-data-a", Tier: "data" });
      expect(tagsOf("network-workload-b")).to.deep.equal({
        Name: "network-workload-b",
        Tier: "workload",
        "kubernetes.io/role/internal-elb": "1",
        "kubernetes.io/cluster/platform-prod": "shared",
      });
      expect(tagsOf("network-edge-c")).to.deep.equal({
        Name: "network-edge-c",
        Tier: "edge",
        "kubernetes.io/role/elb": "1",
        "kubernetes.io/cluster/platform-prod": "shared",
      });
    });

    it("places one NAT gateway with an Elastic IP in each zone's edge subnet", () => {
      const { recorder } = built;
      expect(recorder.byType(T.nat).map((n) => n.name)).to.have.members([
        "network-nat-a",
        "network-nat-b",
        "network-nat-c",
      ]);
      for (const letter of ["a", "b", "c"]) {
        const nat = recorder.find(T.nat, `network-nat-${letter}`);
        expect(nat.inputs["subnetId"]).to.equal(idOf(recorder, T.subnet, `network-edge-${letter}`));
        expect(nat.inputs["allocationId"]).to.equal(idOf(recorder, T.eip, `network-nat-${letter}`));
        expect(nat.inputs["connectivityType"]).to.equal("public");
        expect(nat.options.dependsOn).to.include(recorder.find(T.igw, "network").urn);
        expect(recorder.find(T.eip, `network-nat-${letter}`).inputs["domain"]).to.equal("vpc");
      }
    });

    it("routes edge tables to the internet gateway, each workload table to its own zone's NAT, data nowhere", () => {
      expect(defaultRoutes(built.recorder)).to.deep.equal({
        "network-edge-a": "igw",
        "network-edge-b": "igw",
        "network-edge-c": "igw",
        "network-workload-a": "nat-a",
        "network-workload-b": "nat-b",
        "network-workload-c": "nat-c",
      });
      expect(built.recorder.byType(T.route).map((r) => r.name)).to.have.members([
        "network-edge-a-default",
        "network-edge-b-default",
        "network-edge-c-default",
        "network-workload-a-default",
        "network-workload-b-default",
        "network-workload-c-default",
      ]);
    });

    it("gives data route tables no route at all (the local route is implicit)", () => {
      const dataTables = built.recorder
        .byType(T.routeTable)
        .filter((t) => t.name.startsWith("network-data-"));
      expect(dataTables).to.have.length(3);
      for (const table of dataTables) {
        expect(table.inputs["routes"], table.name).to.equal(undefined);
        expect(
          built.recorder.byType(T.route).filter((r) => r.inputs["routeTableId"] === table.id),
        ).to.deep.equal([]);
      }
    });

    it("associates every subnet with its own route table", () => {
      const { recorder } = built;
      const associations = recorder.byType(T.routeTableAssociation);
      expect(associations).to.have.length(9);
      for (const subnet of recorder.byType(T.subnet)) {
        const key = subnet.name;
        const association = recorder.find(T.routeTableAssociation, key);
        expect(association.inputs).to.deep.equal({
          subnetId: subnet.id,
          routeTableId: idOf(recorder, T.routeTable, key),
        });
      }
    });

    it("attaches S3 and DynamoDB gateway endpoints to every data and workload route table", () => {
      const { recorder } = built;
      const privateTables = recorder
        .byType(T.routeTable)
        .filter((t) => !t.name.startsWith("network-edge-"))
        .map((t) => t.id);
      expect(privateTables).to.have.length(6);
      for (const service of ["s3", "dynamodb"]) {
        const endpoint = recorder.find(T.endpoint, `network-${service}`);
        expect(endpoint.inputs["vpcEndpointType"]).to.equal("Gateway");
        expect(endpoint.inputs["serviceName"]).to.equal(`com.amazonaws.ap-east-2.${service}`);
        expect(endpoint.inputs["vpcId"]).to.equal(idOf(recorder, T.vpc, "network"));
        expect(endpoint.inputs["routeTableIds"]).to.have.members(privateTables);
      }
    });

    it("places the default interface endpoints in the workload subnets with private DNS and their own group", () => {
      const { recorder } = built;
      const workloadSubnets = ["a", "b", "c"].map((l) => idOf(recorder, T.subnet, `network-workload-${l}`));
      const groupId = idOf(recorder, T.securityGroup, "network-endpoints");
      const interfaces = recorder
        .byType(T.endpoint)
        .filter((e) => e.inputs["vpcEndpointType"] === "Interface");
      expect(Object.fromEntries(interfaces.map((e) => [e.name, e.inputs["serviceName"]]))).to.deep.equal({
        "network-endpoint-ecr-api": "com.amazonaws.ap-east-2.ecr.api",
        "network-endpoint-ecr-dkr": "com.amazonaws.ap-east-2.ecr.dkr",
        "network-endpoint-sts": "com.amazonaws.ap-east-2.sts",
        "network-endpoint-logs": "com.amazonaws.ap-east-2.logs",
        "network-endpoint-ec2": "com.amazonaws.ap-east-2.ec2",
        "network-endpoint-elasticloadbalancing": "com.amazonaws.ap-east-2.elasticloadbalancing",
        "network-endpoint-eks": "com.amazonaws.ap-east-2.eks",
      });
      for (const endpoint of interfaces) {
        expect(endpoint.inputs["subnetIds"], endpoint.name).to.deep.equal(workloadSubnets);
        expect(endpoint.inputs["securityGroupIds"], endpoint.name).to.deep.equal([groupId]);
        expect(endpoint.inputs["privateDnsEnabled"], endpoint.name).to.equal(true);
      }
    });

    it("admits HTTPS from the VPC CIDR, and nothing else, into the endpoint security group", () => {
      const { recorder } = built;
      const group = recorder.find(T.securityGroup, "network-endpoints");
      expect(group.inputs["ingress"]).to.equal(undefined);
      expect(group.inputs["egress"]).to.equal(undefined);
      expect(group.inputs["vpcId"]).to.equal(idOf(recorder, T.vpc, "network"));
      expect(recorder.byType(T.egressRule)).to.deep.equal([]);
      const rules = recorder.byType(T.ingressRule);
      expect(rules.map((r) => r.name)).to.deep.equal(["network-endpoints-https"]);
      const { tags: _tags, description: _description, ...rule } = rules[0].inputs;
      expect(rule).to.deep.equal({
        securityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "10.0.0.0/16",
      });
    });

    it("sends ALL traffic to CloudWatch Logs through the flow-log role", () => {
      const { recorder } = built;
      const logGroup = recorder.find(T.logGroup, "network-flow-logs");
      const flowLog = recorder.find(T.flowLog, "network");
      const { tags: _tags, ...inputs } = flowLog.inputs;
      expect(inputs).to.deep.equal({
        vpcId: idOf(recorder, T.vpc, "network"),
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.state["arn"],
        iamRoleArn: recorder.find(T.role, "network-flow-logs").state["arn"],
        maxAggregationInterval: 60,
      });
      expect(flowLog.options.dependsOn).to.include(recorder.find(T.rolePolicy, "network-flow-logs").urn);
    });

    it("keeps flow logs for 365 days in a log group encrypted with the customer key", () => {
      const { recorder } = built;
      const logGroup = recorder.find(T.logGroup, "network-flow-logs");
      expect(logGroup.inputs["retentionInDays"]).to.equal(365);
      expect(logGroup.inputs["kmsKeyId"]).to.equal(recorder.find(T.key, "network-flow-logs").state["arn"]);
      expect(logGroup.inputs["name"]).to.equal(undefined);
    });

    it("rotates the flow-log key, waits 30 days before deleting it, and lets only CloudWatch Logs of this region use it", () => {
      const key = built.recorder.find(T.key, "network-flow-logs");
      expect(key.inputs["enableKeyRotation"]).to.equal(true);
      expect(key.inputs["deletionWindowInDays"]).to.equal(30);
      expect(policyOf(key, "policy").Statement).to.deep.equal([
        {
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Action: "kms:*",
          Resource: "*",
          Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
        },
        {
          Sid: "CloudWatchLogsEncryptsLogGroups",
          Effect: "Allow",
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Principal: { Service: "logs.ap-east-2.amazonaws.com" },
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:ap-east-2:${MOCK_ACCOUNT_ID}:log-group:*`,
            },
          },
        },
      ]);
      const alias = built.recorder.find(T.alias, "network-flow-logs");
      expect(alias.inputs).to.deep.equal({ namePrefix: "alias/network-flow-logs-", targetKeyId: key.id });
    });

    it("lets only VPC Flow Logs of this account assume the role, which may write only to its log group", () => {
      const { recorder } = built;
      const role = recorder.find(T.role, "network-flow-logs");
      expect(role.inputs["name"]).to.equal(undefined);
      expect(policyOf(role, "assumeRolePolicy").Statement).to.deep.equal([
        {
          Sid: "VpcFlowLogsOfThisAccount",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Condition: {
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:ec2:ap-east-2:${MOCK_ACCOUNT_ID}:vpc-flow-log/*` },
          },
        },
      ]);
      const rolePolicy = recorder.find(T.rolePolicy, "network-flow-logs");
      expect(rolePolicy.inputs["role"]).to.equal(role.state["name"]);
      const logGroupArn = String(recorder.find(T.logGroup, "network-flow-logs").state["arn"]);
      expect(policyOf(rolePolicy, "policy").Statement).to.deep.equal([
        {
          Sid: "WriteThisLogGroupOnly",
          Effect: "Allow",
          Action: [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams",
          ],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
      ]);
    });

    it("adopts the default security group and network ACL without any rule", () => {
      const { recorder } = built;
      const vpc = recorder.find(T.vpc, "network");
      const group = recorder.find(T.defaultSecurityGroup, "network-default");
      expect(group.inputs["vpcId"]).to.equal(vpc.id);
      expect(group.inputs["ingress"]).to.equal(undefined);
      expect(group.inputs["egress"]).to.equal(undefined);
      const acl = recorder.find(T.defaultNetworkAcl, "network-default");
      expect(acl.inputs["defaultNetworkAclId"]).to.equal(vpc.state["defaultNetworkAclId"]);
      expect(acl.inputs["ingress"]).to.equal(undefined);
      expect(acl.inputs["egress"]).to.equal(undefined);
      expect(acl.inputs["subnetIds"]).to.equal(undefined);
      expect(acl.options.ignoreChanges).to.deep.equal(["subnetIds"]);
    });

    it("admits only the VPC, the private networks and return traffic into the data and workload tiers", () => {
      for (const tier of ["data", "workload"]) {
        const acl = built.recorder.find(T.networkAcl, `network-${tier}`);
        expect(acl.inputs["ingress"], tier).to.deep.equal([
          { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "10.0.0.0/16" },
          { ruleNo: 110, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "10.0.0.0/8" },
          {
            ruleNo: 120,
            action: "allow",
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            cidrBlock: "172.16.0.0/12",
          },
          {
            ruleNo: 130,
            action: "allow",
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            cidrBlock: "192.168.0.0/16",
          },
          {
            ruleNo: 800,
            action: "deny",
            protocol: "tcp",
            fromPort: 3389,
            toPort: 3389,
            cidrBlock: "0.0.0.0/0",
          },
          {
            ruleNo: 900,
            action: "allow",
            protocol: "tcp",
            fromPort: 1024,
            toPort: 65535,
            cidrBlock: "0.0.0.0/0",
          },
        ]);
        expect(acl.inputs["egress"], tier).to.deep.equal([
          { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
        ]);
      }
    });

    it("denies SSH and RDP from anywhere into the edge tier before allowing the rest", () => {
      const acl = built.recorder.find(T.networkAcl, "network-edge");
      expect(acl.inputs["ingress"]).to.deep.equal([
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
      ]);
      expect(acl.inputs["egress"]).to.deep.equal([
        { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
      ]);
    });

    it("associates every subnet with its tier's network ACL, so none uses the deny-all default", () => {
      const { recorder } = built;
      expect(recorder.byType(T.networkAcl).map((a) => a.name)).to.have.members([
        "network-data",
        "network-workload",
        "network-edge",
      ]);
      const associations = recorder.byType(T.networkAclAssociation);
      expect(associations).to.have.length(9);
      for (const subnet of recorder.byType(T.subnet)) {
        const tier = String((subnet.inputs["tags"] as Record<string, string>)["Tier"]);
        const mine = associations.filter((a) => a.inputs["subnetId"] === subnet.id);
        expect(
          mine.map((a) => a.inputs["networkAclId"]),
          subnet.name,
        ).to.deep.equal([idOf(recorder, T.networkAcl, `network-${tier}`)]);
      }
    });

    it("builds the DB subnet group over the data subnets", () => {
      const { recorder } = built;
      const group = recorder.find(T.dbSubnetGroup, "network-data");
      expect(group.inputs["subnetIds"]).to.deep.equal(
        ["a", "b", "c"].map((l) => idOf(recorder, T.subnet, `network-data-${l}`)),
      );
      expect(group.inputs["name"]).to.equal(undefined);
    });

    it("parents every child to the component or to its owning child, and sends every one through the regional provider", () => {
      const { recorder, providerRef } = built;
      const component = recorder.find(REGIONAL_VPC_TYPE, "network");
      const children = recorder.resources.filter(
        (r) => r !== component && !r.type.startsWith("pulumi:providers:"),
      );
      expect(children.length).to.be.greaterThan(60);
      const byUrn = new Map(recorder.resources.map((r) => [r.urn, r]));
      for (const child of children) {
        expect(child.custom, `${child.type}::${child.name} is a custom resource`).to.equal(true);
        expect(child.options.provider, `${child.type}::${child.name} provider`).to.equal(providerRef);
        let parent = child.parent === undefined ? undefined : byUrn.get(child.parent);
        let depth = 1;
        while (parent !== undefined && parent !== component) {
          parent = parent.parent === undefined ? undefined : byUrn.get(parent.parent);
          depth++;
        }
        expect(parent, `${child.type}::${child.name} descends from the component`).to.equal(component);
        expect(depth, `${child.type}::${child.name} is at most a grandchild`).to.be.at.most(2);
      }
      for (const invoke of recorder.invokes) {
        expect(invoke.provider, invoke.token).to.equal(providerRef);
      }
    });

    it("prefixes every child's name with the component's name", () => {
      for (const resource of built.recorder.resources.filter((r) => r.type.startsWith("aws:"))) {
        expect(resource.name === "network" || resource.name.startsWith("network-"), resource.name).to.equal(
          true,
        );
      }
    });

    it("resolves its outputs to the children's ids and the plan", async () => {
      const { recorder, vpc } = built;
      const id = (type: string, name: string) => idOf(recorder, type, name);
      const perZone = (type: string, prefix: string) =>
        ["a", "b", "c"].map((l) => id(type, `${prefix}-${l}`));
      const byZone = (prefix: string) =>
        Object.fromEntries(ZONES.map((zone) => [zone, id(T.routeTable, `${prefix}-${zone.slice(-1)}`)]));

      expect(await valueOf(vpc.vpcId)).to.equal(id(T.vpc, "network"));
      expect(await valueOf(vpc.vpcCidr)).to.equal("10.0.0.0/16");
      expect(await valueOf(vpc.subnetIds)).to.deep.equal({
        data: perZone(T.subnet, "network-data"),
        workload: perZone(T.subnet, "network-workload"),
        edge: perZone(T.subnet, "network-edge"),
      });
      expect(await valueOf(vpc.routeTableIds)).to.deep.equal({
        data: byZone("network-data"),
        workload: byZone("network-workload"),
        edge: byZone("network-edge"),
      });
      expect(await valueOf(vpc.natGatewayIds)).to.deep.equal({
        "ap-east-2a": id(T.nat, "network-nat-a"),
        "ap-east-2b": id(T.nat, "network-nat-b"),
        "ap-east-2c": id(T.nat, "network-nat-c"),
      });
      expect(await valueOf(vpc.dbSubnetGroupName)).to.equal(
        recorder.find(T.dbSubnetGroup, "network-data").state["name"],
      );
      expect(await valueOf(vpc.endpointSecurityGroupId)).to.match(/^sg-[0-9a-f]{17}$/);
      expect(await valueOf(vpc.endpointSecurityGroupId)).to.equal(id(T.securityGroup, "network-endpoints"));
      expect(await valueOf(vpc.flowLogGroupName)).to.equal(
        recorder.find(T.logGroup, "network-flow-logs").state["name"],
      );
      expect(await valueOf(vpc.flowLogKeyArn)).to.match(
        new RegExp(`^arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/[0-9a-f-]{36}$`),
      );
      const plan = planSubnets({ vpcCidr: TAIPEI.cidr, availabilityZones: ZONES, tiers: TAIPEI.tiers });
      expect(vpc.subnetPlan).to.deep.equal(plan);
      expect(await valueOf(vpc.subnetPlanOutput)).to.deep.equal(plan);
    });

    it("registers the same outputs it exposes", () => {
      const component = built.recorder.find(REGIONAL_VPC_TYPE, "network");
      const outputs = built.recorder.registeredOutputs(component.urn);
      expect(Object.keys(outputs?.plain ?? {})).to.have.members([
        "vpcId",
        "vpcCidr",
        "subnetIds",
        "routeTableIds",
        "natGatewayIds",
        "dbSubnetGroupName",
        "endpointSecurityGroupId",
        "flowLogGroupName",
        "flowLogKeyArn",
        "subnetPlanOutput",
      ]);
      expect(outputs?.secretKeys).to.deep.equal([]);
      expect(outputs?.plain["subnetPlanOutput"]).to.deep.equal(built.vpc.subnetPlan);
    });
  });

  describe("egress strategies", () => {
    it("single-nat: one NAT gateway in the first zone, every workload table routes to it", async () => {
      const { recorder } = await build({ egress: "single-nat" });
      expect(recorder.byType(T.nat).map((n) => n.name)).to.deep.equal(["network-nat-a"]);
      expect(recorder.byType(T.eip).map((n) => n.name)).to.deep.equal(["network-nat-a"]);
      expect(recorder.find(T.nat, "network-nat-a").inputs["subnetId"]).to.equal(
        idOf(recorder, T.subnet, "network-edge-a"),
      );
      expect(defaultRoutes(recorder)).to.deep.equal({
        "network-edge-a": "igw",
        "network-edge-b": "igw",
        "network-edge-c": "igw",
        "network-workload-a": "nat-a",
        "network-workload-b": "nat-a",
        "network-workload-c": "nat-a",
      });
    });

    it("none with an edge tier: internet gateway for the edge, no NAT, no default route on private tiers", async () => {
      const { recorder, vpc } = await build({ egress: "none" });
      expect(recorder.byType(T.nat)).to.deep.equal([]);
      expect(recorder.byType(T.eip)).to.deep.equal([]);
      expect(recorder.byType(T.igw).map((g) => g.name)).to.deep.equal(["network"]);
      expect(defaultRoutes(recorder)).to.deep.equal({
        "network-edge-a": "igw",
        "network-edge-b": "igw",
        "network-edge-c": "igw",
      });
      expect(await valueOf(vpc.natGatewayIds)).to.deep.equal({});
    });

    it("none without an edge tier: a strictly private VPC with no gateway and no route at all", async () => {
      const { recorder, vpc } = await build({
        egress: "none",
        tiers: { data: TAIPEI.tiers.data, workload: TAIPEI.tiers.workload },
      });
      expect(recorder.byType(T.igw)).to.deep.equal([]);
      expect(recorder.byType(T.nat)).to.deep.equal([]);
      expect(recorder.byType(T.eip)).to.deep.equal([]);
      expect(recorder.byType(T.route)).to.deep.equal([]);
      expect(recorder.byType(T.networkAcl).map((a) => a.name)).to.have.members([
        "network-data",
        "network-workload",
      ]);
      expect(subnetRows(recorder)).to.deep.equal([
        "network-data-a ap-east-2a 10.0.1.0/24",
        "network-data-b ap-east-2b 10.0.2.0/24",
        "network-data-c ap-east-2c 10.0.3.0/24",
        "network-workload-a ap-east-2a 10.0.32.0/19",
        "network-workload-b ap-east-2b 10.0.64.0/19",
        "network-workload-c ap-east-2c 10.0.96.0/19",
      ]);
      const subnetIds = await valueOf(vpc.subnetIds);
      expect(subnetIds.edge).to.deep.equal([]);
      expect((await valueOf(vpc.routeTableIds)).edge).to.deep.equal({});
      // The endpoints are how this VPC reaches AWS at all.
      expect(recorder.byType(T.endpoint)).to.have.length(9);
    });

    it("creates no endpoint security group when there are no interface endpoints (nothing would use it)", async () => {
      const { recorder, vpc } = await build({ interfaceEndpoints: [] });
      expect(recorder.byType(T.securityGroup).map((g) => g.name)).to.not.include("network-endpoints");
      expect(recorder.byType(T.endpoint).map((e) => e.inputs["vpcEndpointType"])).to.deep.equal([
        "Gateway",
        "Gateway",
      ]);
      expect(await valueOf(vpc.endpointSecurityGroupId)).to.equal(undefined);
    });
  });

  describe("arguments", () => {
    it("defaults egress, endpoints, retention, private networks and tags in one place", () => {
      const resolved = withDefaults({ cidr: TAIPEI.cidr, availabilityZones: ZONES, tiers: TAIPEI.tiers });
      expect(resolved.egress).to.equal("nat-per-az");
      expect(resolved.interfaceEndpoints).to.equal(regionalVpcDefaults.interfaceEndpoints);
      expect(resolved.flowLogRetentionDays).to.equal(365);
      expect(resolved.privateNetworkCidrs).to.deep.equal(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);
      expect(resolved.tags).to.deep.equal({});
      expect(resolved.workloadCapacity).to.equal(undefined);
      expect(resolved.clusterName).to.equal(undefined);
      expect(resolved.protect).to.equal(false);
      // An explicit empty list is kept, never replaced by the default.
      expect(withDefaults({ ...TAIPEI, interfaceEndpoints: [] }).interfaceEndpoints).to.deep.equal([]);
    });

    it("protects the flow-log key (and its alias, a child that inherits it) when asked to (prod)", async () => {
      const { recorder } = await build({ protect: true });
      const protectedNames = recorder.resources
        .filter((r) => r.options.protect)
        .map((r) => `${r.type}::${r.name}`);
      expect(protectedNames).to.deep.equal([
        `${T.key}::network-flow-logs`,
        "aws:kms/alias:Alias::network-flow-logs",
      ]);
      const unprotected = await build({});
      expect(unprotected.recorder.find(T.key, "network-flow-logs").options.protect).to.equal(false);
    });

    it("omits the cluster tag without a cluster name and admits the given private networks only", async () => {
      const { recorder } = await build({
        clusterName: undefined,
        privateNetworkCidrs: ["10.1.0.0/16"],
        interfaceEndpoints: ["sts"],
        flowLogRetentionDays: 30,
        tags: { Team: "network", Name: "ignored" },
      });
      expect(recorder.find(T.subnet, "network-workload-a").inputs["tags"]).to.deep.equal({
        Team: "network",
        Name: "network-workload-a",
        Tier: "workload",
        "kubernetes.io/role/internal-elb": "1",
      });
      expect(recorder.find(T.networkAcl, "network-data").inputs["ingress"]).to.deep.equal([
        { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "10.0.0.0/16" },
        { ruleNo: 110, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "10.1.0.0/16" },
        {
          ruleNo: 800,
          action: "deny",
          protocol: "tcp",
          fromPort: 3389,
          toPort: 3389,
          cidrBlock: "0.0.0.0/0",
        },
        {
          ruleNo: 900,
          action: "allow",
          protocol: "tcp",
          fromPort: 1024,
          toPort: 65535,
          cidrBlock: "0.0.0.0/0",
        },
      ]);
      expect(
        recorder
          .byType(T.endpoint)
          .map((e) => e.name)
          .sort(),
      ).to.deep.equal(["network-dynamodb", "network-endpoint-sts", "network-s3"]);
      expect(recorder.find(T.logGroup, "network-flow-logs").inputs["retentionInDays"]).to.equal(30);
      for (const resource of recorder.resources.filter((r) => r.type.startsWith("aws:"))) {
        const tags = resource.inputs["tags"] as Record<string, string> | undefined;
        if (tags !== undefined) {
          expect(tags["Team"], `${resource.type}::${resource.name}`).to.equal("network");
        }
      }
    });

    it("rejects every invalid argument in one error before registering any child", async () => {
      const recorder = install();
      let error: unknown;
      try {
        new RegionalVpc("network", {
          cidr: "10.0.0.0/16",
          availabilityZones: ZONES,
          tiers: {
            data: { prefixLength: 24, cidrs: { "ap-east-2a": "10.9.1.0/24" } },
            workload: { prefixLength: 19 },
          },
          egress: "single-nat",
          interfaceEndpoints: ["ecr.api", "s3", "ecr.api", "com.amazonaws.ap-east-2.sts", "ecr-api"],
          flowLogRetentionDays: 100,
          workloadCapacity: { nodes: 0, podsPerNode: 110 },
          clusterName: "platform prod",
          privateNetworkCidrs: ["10.0.0.0/8", "172.16.0.1/12", "bogus", "10.0.0.0/8"],
        });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).message).to.equal(
        [
          'Invalid arguments for RegionalVpc "network":',
          "  - tiers.data.cidrs.ap-east-2a: 10.9.1.0/24 is outside the VPC CIDR 10.0.0.0/16; pick a block inside it",
          "  - egress: single-nat places NAT gateways in edge subnets, and none are configured; add tiers.edge (e.g. prefixLength 26) or set egress to none",
          "  - interfaceEndpoints[1]: s3 is reached through the gateway endpoint this VPC always creates (free, on every private route table); remove it from interfaceEndpoints",
          "  - interfaceEndpoints[2]: ecr.api is listed twice; list each endpoint once",
          '  - interfaceEndpoints[3]: "com.amazonaws.ap-east-2.sts" is a full service name; write only the part after com.amazonaws.<region>., here sts',
          "  - interfaceEndpoints[4]: ecr-api and ecr.api both name the resource endpoint-ecr-api; list only the service AWS offers",
          "  - flowLogRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
          "  - workloadCapacity.nodes: 0 is not a positive whole number; set at least 1",
          '  - clusterName: "platform prod" is not an EKS cluster name; use 1 to 100 letters, digits, - and _, starting with a letter or digit',
          "  - privateNetworkCidrs[1]: 172.16.0.1/12 has host bits set; write the network address of the range",
          '  - privateNetworkCidrs[2]: "bogus" is not an IPv4 CIDR; write it like 10.0.0.0/8',
          "  - privateNetworkCidrs[3]: 10.0.0.0/8 is listed twice; list each CIDR once",
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
        ].join("\n"),
      );
      expect((error as ValidationError).problems).to.have.length(13);
      await recorder.settled();
      // super() registers the (empty) component first; validation stops it before any child or invoke.
      expect(recorder.resources.map((r) => `${r.type}::${r.name}`)).to.deep.equal([
        `${REGIONAL_VPC_TYPE}::network`,
      ]);
      expect(recorder.invokes).to.deep.equal([]);
      expect(recorder.errors).to.deep.equal([]);
    });

    it("reports a workload tier too small for the configured nodes and pods, with the prefix that fits", async () => {
      const recorder = install();
      const provider = regionalProvider();
      expect(
        () =>
          new RegionalVpc(
            "network",
            { ...TAIPEI, tiers: { ...TAIPEI.tiers, workload: { prefixLength: 22 } } },
            { provider },
          ),
      ).to.throw(
        ValidationError,
        "  - workloadCapacity: workload subnet workload-a (10.0.4.0/22) has 1019 usable addresses but 20 nodes × " +
          "(110 pods + 1) = 2220 are needed: short by 1201; use workload prefixLength 20 or fewer nodes or pods\n",
      );
      await recorder.settled();
      expect(recorder.resources.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
    });

    it("insists on the regional provider as `provider`, not in a providers bag", async () => {
      install();
      const provider = regionalProvider();
      expect(() => new RegionalVpc("network", TAIPEI, { providers: { aws: provider } })).to.throw(
        ValidationError,
        'Invalid arguments for RegionalVpc "network":\n' +
          "  - opts.provider: pass the regional aws.Provider as `provider`, not in `providers`: every child is created through it explicitly",
      );
    });

    it("rejects more private network CIDRs than a network ACL has rules for", () => {
      install();
      const provider = regionalProvider();
      const cidrs = Array.from({ length: 19 }, (_, i) => `10.${100 + i}.0.0/16`);
      expect(
        () => new RegionalVpc("network", { ...TAIPEI, privateNetworkCidrs: cidrs }, { provider }),
      ).to.throw(
        "  - privateNetworkCidrs: 19 CIDRs exceed the 18 a network ACL's 20 inbound rules leave room for; list fewer, wider ranges",
      );
    });
  });

  describe("two instances in one stack", () => {
    for (const [first, second] of [
      ["taipei", "tokyo"],
      ["network", "network-data"],
    ]) {
      it(`${first} and ${second}: every type::name is unique`, async () => {
        const { recorder } = await buildUnderMocks(
          (provider) => ({
            a: new RegionalVpc(first, TAIPEI, { provider }),
            b: new RegionalVpc(
              second,
              { ...TAIPEI, cidr: "10.1.0.0/16", tiers: tiersIn("10.1") },
              { provider },
            ),
          }),
          {
            defaultTags: TAGS,
            settle: ({ a, b }) => [a.subnetIds, b.subnetIds, a.flowLogKeyArn, b.flowLogKeyArn],
          },
        );
        const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
        const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
        expect(duplicates).to.deep.equal([]);
        expect(recorder.byType(T.vpc)).to.have.length(2);
        expect(recorder.byType(T.subnet)).to.have.length(18);
        expect(recorder.errors).to.deep.equal([]);
      });
    }
  });
});

/** The Taipei tiers moved to another /16 (e.g. Tokyo's 10.1). */
function tiersIn(prefix: string): RegionalVpcArgs["tiers"] {
  return {
    data: {
      prefixLength: 24,
      cidrs: {
        "ap-east-2a": `${prefix}.1.0/24`,
        "ap-east-2b": `${prefix}.2.0/24`,
        "ap-east-2c": `${prefix}.3.0/24`,
      },
    },
    workload: { prefixLength: 19 },
    edge: { prefixLength: 26 },
  };
}
