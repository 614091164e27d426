import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  CREATE_TIMES,
  createTimeOf,
  DEFAULT_CREATE_MINUTES,
  SOURCES,
} from "../../../tools/insights/durations";
import { summarizeDeployTime } from "../../../tools/insights/deploy-time";
import { extractDeployGraph, longestPath, requiredOrdering } from "../../../tools/insights/graph";
import { renderInsights, summarizeInsights } from "../../../tools/insights";
import type { PlanResource, StackPlan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/run";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PROVIDER = "urn:aws";

/** A planned resource with only what the graph reads; urn `urn:<name>`. */
function res(
  type: string,
  name: string,
  extra: {
    parent?: string;
    inputs?: Record<string, unknown>;
    props?: Record<string, string[]>;
    dependsOn?: string[];
    provider?: boolean;
  } = {},
): PlanResource {
  const props = extra.props ?? {};
  const viaProps = Object.values(props).flat();
  return {
    urn: `urn:${name}`,
    type,
    name,
    ...(extra.parent !== undefined ? { parent: `urn:${extra.parent}` } : {}),
    inputs: extra.inputs ?? {},
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      // Like the SDK: the recorded dependencies are the explicit ones plus every property's.
      dependsOn: [...(extra.dependsOn ?? []).map((d) => `urn:${d}`), ...viaProps],
      ...(extra.provider === true ? { provider: `${PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9` } : {}),
    },
    propertyDependencies: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v])),
  };
}

const node = (id: string, minutes: number) => ({ id, minutes });
const edge = (from: string, to: string) => ({ from, to });

describe("longestPath (critical path over hand-made graphs)", () => {
  it("takes the longest branch of a diamond", () => {
    const result = longestPath(
      [node("a", 2), node("b", 3), node("c", 5), node("d", 1)],
      [edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d")],
    );
    expect(result.minutes).to.equal(8);
    expect(result.path).to.deep.equal(["a", "c", "d"]);
    expect([...result.finish.entries()]).to.deep.equal([
      ["a", 2],
      ["b", 5],
      ["c", 7],
      ["d", 8],
    ]);
  });

  it("runs independent chains in parallel: the total is the longest chain, not the sum", () => {
    const result = longestPath(
      [
        node("key", 0.1),
        node("global", 1),
        node("cluster", 6),
        node("instance", 10),
        node("vpc", 0.2),
        node("msk", 30),
      ],
      [edge("key", "global"), edge("global", "cluster"), edge("cluster", "instance"), edge("vpc", "msk")],
    );
    expect(result.minutes).to.equal(30.2);
    expect(result.path).to.deep.equal(["vpc", "msk"]);
  });

  it("breaks ties towards the node listed first", () => {
    const result = longestPath([node("x", 4), node("y", 4), node("z", 1)], [edge("x", "z"), edge("y", "z")]);
    expect(result.minutes).to.equal(5);
    expect(result.path).to.deep.equal(["x", "z"]);
  });

  it("gives 0 and an empty path for an empty graph", () => {
    const result = longestPath([], []);
    expect(result.minutes).to.equal(0);
    expect(result.path).to.deep.equal([]);
  });

  it("rejects a cycle, naming the nodes on it", () => {
    expect(() =>
      longestPath(
        [node("a", 1), node("b", 1), node("c", 1)],
        [edge("a", "b"), edge("b", "c"), edge("c", "b")],
      ),
    ).to.throw("the dependency graph has a cycle through b, c");
  });

  it("rejects an edge to a node that is not in the graph", () => {
    expect(() => longestPath([node("a", 1)], [edge("a", "ghost")])).to.throw(
      "edge a -> ghost names a node that is not in the graph",
    );
  });
});

describe("extractDeployGraph", () => {
  const plan = {
    resources: [
      res("pulumi:pulumi:Stack", "stack"),
      res("pulumi:providers:aws", "aws", { parent: "stack" }),
      res("platform:network:RegionalVpc", "net", { parent: "stack" }),
      res("aws:ec2/vpc:Vpc", "vpc", { parent: "net", provider: true }),
      res("aws:ec2/subnet:Subnet", "subnet", {
        parent: "net",
        provider: true,
        props: { vpcId: ["urn:vpc"] },
      }),
      res("aws:ec2/internetGateway:InternetGateway", "igw", { parent: "net", props: { vpcId: ["urn:vpc"] } }),
      res("aws:ec2/natGateway:NatGateway", "nat", {
        parent: "net",
        props: { subnetId: ["urn:subnet"] },
        dependsOn: ["igw"],
      }),
      res("aws:ec2/routeTable:RouteTable", "rt", { parent: "net", props: { vpcId: ["urn:vpc"] } }),
      res("aws:ec2/route:Route", "route", { parent: "rt", props: { natGatewayId: ["urn:nat"] } }),
      // A component that waits for the NAT: its children wait too.
      res("platform:data:GlobalAurora", "db", { parent: "stack", dependsOn: ["nat"] }),
      res("aws:kms/key:Key", "key", { parent: "db" }),
      res("aws:sns/topic:Topic", "topic", { parent: "stack", props: { tags: ["urn:key"] } }),
    ],
  };
  const graph = extractDeployGraph(plan);
  const find = (from: string, to: string) =>
    graph.edges.find((e) => e.from === `urn:${from}` && e.to === `urn:${to}`);

  it("has a node per resource that takes time, none for the stack and local components", () => {
    expect(graph.nodes.map((n) => [n.name, n.minutes])).to.deep.equal([
      ["aws", 0],
      ["vpc", 0.2],
      ["subnet", 0.2],
      ["igw", 0.1],
      ["nat", 2],
      ["rt", 0.1],
      ["route", 0.1],
      ["key", 0.1],
      ["topic", 0.1],
    ]);
  });

  it("finds data references, explicit dependsOn, custom parents, component dependsOn and providers", () => {
    expect(find("vpc", "subnet")).to.deep.equal({
      from: "urn:vpc",
      to: "urn:subnet",
      kinds: ["property"],
      properties: ["vpcId"],
      required: true,
    });
    expect(find("aws", "subnet")).to.include({ required: true });
    expect(find("aws", "subnet")?.kinds).to.deep.equal(["provider"]);
    expect(find("igw", "nat")).to.deep.equal({
      from: "urn:igw",
      to: "urn:nat",
      kinds: ["dependsOn"],
      properties: [],
      required: true,
      reason: requiredOrdering("aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway"),
    });
    expect(find("rt", "route")?.kinds).to.deep.equal(["parent"]);
    expect(find("nat", "key")).to.deep.equal({
      from: "urn:nat",
      to: "urn:key",
      kinds: ["component-dependsOn"],
      properties: [],
      required: false,
      reason: "no input needs it (component-dependsOn)",
    });
    expect(find("key", "topic")).to.deep.equal({
      from: "urn:key",
      to: "urn:topic",
      kinds: ["property"],
      properties: ["tags"],
      required: false,
      reason: "only labels (tags) carry it: compute them from plain values",
    });
    // A component parent by itself is no ordering: the subnet does not wait for the VPC component's other children.
    expect(graph.edges.filter((e) => e.to === "urn:subnet").map((e) => e.from)).to.deep.equal([
      "urn:vpc",
      PROVIDER,
    ]);
  });

  it("reports the critical path, the lower bound and the ordering that makes the difference", () => {
    const d = summarizeDeployTime(plan);
    // vpc 0.2 → subnet 0.4 → nat 2.4 → key 2.5 → topic 2.6; without the component's dependsOn: nat → route 2.5.
    expect(d.criticalPathMinutes).to.equal(2.6);
    expect(d.criticalPath.map((s) => [s.name, s.doneAtMinutes])).to.deep.equal([
      ["vpc", 0.2],
      ["subnet", 0.4],
      ["nat", 2.4],
      ["key", 2.5],
      ["topic", 2.6],
    ]);
    expect(d.lowerBoundMinutes).to.equal(2.5);
    expect(d.lowerBoundPath.map((s) => s.name)).to.deep.equal(["vpc", "subnet", "nat", "route"]);
    expect(d.ratio).to.equal(1.04);
    expect(d.avoidableEdges).to.deep.equal([
      {
        from: { urn: "urn:nat", type: "aws:ec2/natGateway:NatGateway", name: "nat" },
        to: { urn: "urn:key", type: "aws:kms/key:Key", name: "key" },
        kinds: ["component-dependsOn"],
        reason: "no input needs it (component-dependsOn)",
        savesMinutes: 0.1,
      },
      {
        from: { urn: "urn:key", type: "aws:kms/key:Key", name: "key" },
        to: { urn: "urn:topic", type: "aws:sns/topic:Topic", name: "topic" },
        kinds: ["property"],
        reason: "only labels (tags) carry it: compute them from plain values",
        savesMinutes: 0.1,
      },
    ]);
  });
});

describe("create-time table", () => {
  it("knows the ECR repository and its policies: synchronous API calls", () => {
    for (const type of [
      "aws:ecr/repository:Repository",
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "aws:ecr/repositoryPolicy:RepositoryPolicy",
      "aws:ecr/replicationConfiguration:ReplicationConfiguration",
    ]) {
      expect(createTimeOf({ type, inputs: {} }), type).to.deep.equal({
        minutes: 0.1,
        source: "sync-api",
        known: true,
      });
    }
  });

  it("prices gateway endpoints as route entries and unknown types with the stated default", () => {
    expect(
      createTimeOf({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", inputs: { vpcEndpointType: "Gateway" } }),
    ).to.deep.equal({ minutes: 0.1, source: "sync-api", known: true });
    expect(
      createTimeOf({ type: "aws:ec2/vpcEndpoint:VpcEndpoint", inputs: { vpcEndpointType: "Interface" } }),
    ).to.deep.equal({ minutes: 2, source: "endpoint-timeout", known: true });
    expect(createTimeOf({ type: "aws:new/thing:Thing", inputs: {} })).to.deep.equal({
      minutes: DEFAULT_CREATE_MINUTES,
      source: "default",
      known: false,
    });
  });

  it("knows the edge's create times: the load balancer, the certificate's validation, Route 53 changes", () => {
    const minutes = (type: string) => createTimeOf({ type, inputs: {} });
    expect(minutes("aws:lb/loadBalancer:LoadBalancer")).to.deep.equal({
      minutes: 3,
      source: "alb-timeout",
      known: true,
    });
    expect(minutes("aws:acm/certificateValidation:CertificateValidation")).to.deep.equal({
      minutes: 5,
      source: "acm-validation-timeout",
      known: true,
    });
    expect(minutes("aws:route53/record:Record")).to.deep.equal({
      minutes: 1,
      source: "route53-insync",
      known: true,
    });
    expect(minutes("aws:route53/zone:Zone")).to.deep.equal({
      minutes: 1,
      source: "route53-insync",
      known: true,
    });
    expect(minutes("aws:wafv2/webAclAssociation:WebAclAssociation")).to.deep.equal({
      minutes: 0.5,
      source: "wafv2-association-timeout",
      known: true,
    });
    // The load balancer checks it may write its access logs; Route 53 checks the log group admits it.
    expect(
      requiredOrdering("aws:lb/loadBalancer:LoadBalancer", "aws:s3/bucketPolicy:BucketPolicy"),
    ).to.include("resource policy");
    expect(
      requiredOrdering("aws:route53/queryLog:QueryLog", "aws:cloudwatch/logResourcePolicy:LogResourcePolicy"),
    ).to.include("resource policy");
    for (const type of [
      "aws:wafv2/webAcl:WebAcl",
      "aws:route53/healthCheck:HealthCheck",
      "aws:acm/certificate:Certificate",
      "aws:s3/bucketPolicy:BucketPolicy",
    ]) {
      expect(minutes(type), type).to.deep.equal({ minutes: 0.1, source: "sync-api", known: true });
    }
  });

  it("has every slow type in docs/deploy-time.md with its minutes and a source", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs/deploy-time.md"), "utf8");
    for (const [type, time] of Object.entries(CREATE_TIMES)) {
      if (time.minutes >= 0.5) {
        expect(doc, type).to.contain(`\`${type}\` | ${time.minutes} |`);
      }
      expect(doc, `${type} source ${time.source}`).to.contain(SOURCES[time.source].url);
    }
  });
});

describe("deploy time of a real stack plan", () => {
  let plan: StackPlan;
  before(async () => {
    plan = (await planStack(ROOT, "prod-taipei")).plan;
  });

  it("finds that a subnet waits for the VPC through vpcId", () => {
    const graph = extractDeployGraph(plan);
    const vpc = plan.resources.find((r) => r.type === "aws:ec2/vpc:Vpc");
    const subnet = plan.resources.find(
      (r) => r.type === "aws:ec2/subnet:Subnet" && r.name === "network-data-a",
    );
    const found = graph.edges.find((e) => e.from === vpc?.urn && e.to === subnet?.urn);
    expect(found).to.deep.include({ kinds: ["property"], properties: ["vpcId"], required: true });
  });

  it("finds the NAT gateway's explicit wait for the internet gateway and counts it as required", () => {
    const graph = extractDeployGraph(plan);
    const igw = plan.resources.find((r) => r.type === "aws:ec2/internetGateway:InternetGateway");
    const nat = plan.resources.find(
      (r) => r.type === "aws:ec2/natGateway:NatGateway" && r.name === "network-nat-a",
    );
    const found = graph.edges.find((e) => e.from === igw?.urn && e.to === nat?.urn);
    expect(found).to.deep.include({ kinds: ["dependsOn"], required: true });
  });

  it("summarizes both insights and renders them for the plan output", () => {
    const insights = summarizeInsights(plan);
    expect(insights.deployTime.criticalPathMinutes).to.be.at.least(insights.deployTime.lowerBoundMinutes);
    expect(insights.cost.region).to.equal("ap-east-2");
    const text = renderInsights(insights);
    expect(text[0]).to.equal(
      "Deploy time (estimate for a fresh stack; typical create times, see docs/deploy-time.md)",
    );
    expect(text).to.include(
      "Monthly cost (estimate, USD, ap-east-2, priced as ap-northeast-1, list prices as of 2026-11-23; see docs/cost.md)",
    );
  });
});
