import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { DRIVER_LABELS, dnsTargets, estimateCost } from "../../../tools/insights/cost";
import { kafkaScrapeConfiguration, scrapeConfiguration } from "../../../components/observability-stack/plan";
import { renderCost, renderInsightsMarkdown } from "../../../tools/insights";
import { REGION_PRICES } from "../../../tools/insights/prices";
import type { PlanResource } from "../../../tools/plan/model";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** URNs are unique per type and name, like Pulumi's. */
const urn = (type: string, name: string) => `urn:pulumi:t::p::${type}::${name}`;
const NETWORK = urn("platform:network:RegionalVpc", "network");
const EKS = urn("platform:compute:EksPlatform", "eks");
const KAFKA = urn("platform:streaming:MskCluster", "kafka");
const DATABASE = urn("platform:data:GlobalAurora", "database");
const STACK = urn("pulumi:pulumi:Stack", "stack");

function res(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  parent?: string,
  props: Record<string, string[]> = {},
): PlanResource {
  return {
    urn: urn(type, name),
    type,
    name,
    ...(parent !== undefined ? { parent } : {}),
    inputs,
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      dependsOn: Object.values(props).flat(),
    },
    propertyDependencies: props,
  };
}

/** One of every priced shape, in Tokyo, with round inputs. */
const RESOURCES: PlanResource[] = [
  res("pulumi:pulumi:Stack", "stack"),
  res("platform:network:RegionalVpc", "network", {}, STACK),
  res("aws:ec2/subnet:Subnet", "network-workload-a", { availabilityZone: "ap-northeast-1a" }, NETWORK),
  res("aws:ec2/subnet:Subnet", "network-workload-c", { availabilityZone: "ap-northeast-1c" }, NETWORK),
  res("aws:ec2/natGateway:NatGateway", "network-nat-a", { connectivityType: "public" }, NETWORK),
  res("aws:ec2/eip:Eip", "network-nat-a", { domain: "vpc" }, NETWORK),
  res(
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "network-endpoint-sts",
    { vpcEndpointType: "Interface", subnetIds: ["s-1", "s-2", "s-3"] },
    NETWORK,
  ),
  res("aws:ec2/vpcEndpoint:VpcEndpoint", "network-s3", { vpcEndpointType: "Gateway" }, NETWORK),
  res("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs", {}, NETWORK),
  res("aws:ec2/flowLog:FlowLog", "network", {}, NETWORK, {
    logDestination: [urn("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs")],
  }),
  res("platform:compute:EksPlatform", "eks", {}, STACK),
  res("eks:index:Cluster", "eks", { skipDefaultNodeGroup: true }, EKS),
  res(
    "eks:index:ManagedNodeGroup",
    "eks-general",
    { scalingConfig: { desiredSize: 3, minSize: 3, maxSize: 6 }, instanceTypes: ["m7g.large"], diskSize: 50 },
    EKS,
  ),
  res("platform:streaming:MskCluster", "kafka", {}, STACK),
  res(
    "aws:msk/cluster:Cluster",
    "kafka",
    {
      numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: {
        instanceType: "kafka.m7g.large",
        storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
      },
    },
    KAFKA,
  ),
  res("aws:cloudwatch/logGroup:LogGroup", "kafka-brokers", {}, KAFKA),
  res("platform:data:GlobalAurora", "database", {}, STACK),
  res(
    "aws:rds/cluster:Cluster",
    "database",
    { serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 } },
    DATABASE,
  ),
  res("aws:rds/clusterInstance:ClusterInstance", "database-1", { instanceClass: "db.serverless" }, DATABASE, {
    clusterIdentifier: [urn("aws:rds/cluster:Cluster", "database")],
  }),
  res("aws:secretsmanager/secret:Secret", "database-master", {}, DATABASE),
  res("aws:kms/key:Key", "database", {}, DATABASE),
  res("aws:cloudwatch/metricAlarm:MetricAlarm", "lag", {}, STACK),
  res("aws:cloudwatch/dashboard:Dashboard", "platform", {}, STACK),
];

describe("estimateCost (monthly cost arithmetic on fixed inputs)", () => {
  const cost = estimateCost({ region: "ap-northeast-1", resources: RESOURCES });

  it("prices every resource from the table and the stated assumptions", () => {
    expect(cost.lines.map((l) => [l.name, l.driver, l.monthlyUsd, l.monthlyUsdAtMax])).to.deep.equal([
      // $0.062/h × 730 h + 100 GB × $0.062/GB
      ["network-nat-a", "nat-gateways", 51.46, 51.46],
      // $0.005/h × 730 h
      ["network-nat-a", "public-ipv4", 3.65, 3.65],
      // 3 AZ × $0.014/h × 730 h + 5 GB × $0.01/GB
      ["network-endpoint-sts", "interface-endpoints", 30.71, 30.71],
      // 20 GB × $0.76/GB
      ["network-flow-logs", "flow-logs", 15.2, 15.2],
      ["eks", "eks-control-plane", 73, 73],
      // 3 × $0.1054/h × 730 h + 3 × 50 GB × $0.096
      ["eks-general", "eks-nodes", 245.23, 245.23],
      // 3 × $0.2268/h × 730 h; 3 × 100 GB × $0.12
      ["kafka", "msk-brokers", 496.69, 496.69],
      ["kafka", "msk-storage", 36, 36],
      // 5 GB × $0.76/GB
      ["kafka-brokers", "log-ingestion", 3.8, 3.8],
      // 50 GB × $0.12 + 20 M I/O × $0.24
      ["database", "aurora-storage", 10.8, 10.8],
      // 0.5 ACU (min) / 4 ACU (max) × $0.15/ACU-h × 730 h
      ["database-1", "aurora-compute", 54.75, 438],
      ["database-master", "secrets", 0.4, 0.4],
      ["database", "kms-keys", 1, 1],
      ["lag", "alarms-dashboards", 0.1, 0.1],
      ["platform", "alarms-dashboards", 3, 3],
    ]);
    expect(cost.lines.find((l) => l.name === "network-endpoint-sts")?.detail).to.equal(
      "3 AZ × $0.014/h × 730 h + 5 GB × $0.01/GB",
    );
  });

  it("sums per stack, per component and per driver", () => {
    expect(cost.monthlyUsd).to.equal(1025.79);
    expect(cost.monthlyUsdAtMax).to.equal(1409.04);
    expect(cost.byComponent).to.deep.equal([
      { component: "kafka (platform:streaming:MskCluster)", monthlyUsd: 536.49, monthlyUsdAtMax: 536.49 },
      { component: "eks (platform:compute:EksPlatform)", monthlyUsd: 318.23, monthlyUsdAtMax: 318.23 },
      { component: "network (platform:network:RegionalVpc)", monthlyUsd: 101.02, monthlyUsdAtMax: 101.02 },
      { component: "database (platform:data:GlobalAurora)", monthlyUsd: 66.95, monthlyUsdAtMax: 450.2 },
      { component: "stack", monthlyUsd: 3.1, monthlyUsdAtMax: 3.1 },
    ]);
    expect(cost.drivers.slice(0, 3).map((d) => [d.driver, d.label, d.resources, d.monthlyUsd])).to.deep.equal(
      [
        ["msk-brokers", DRIVER_LABELS["msk-brokers"], 1, 496.69],
        ["eks-nodes", DRIVER_LABELS["eks-nodes"], 1, 245.23],
        ["eks-control-plane", DRIVER_LABELS["eks-control-plane"], 1, 73],
      ],
    );
  });

  it("says what each config choice costs and what the alternative would", () => {
    expect(cost.choices.map((c) => [c.choice, c.monthlyUsd, c.note])).to.deep.equal([
      [
        "egress: 1 NAT gateway(s) with EIP, $55.11 each",
        55.11,
        "nat-per-az (2 NAT) would cost $110.22; single NAT means one AZ's outage stops egress",
      ],
      [
        "interfaceEndpoints: 1 endpoints × 2 AZ",
        30.71,
        "each endpoint $30.71; each AZ adds $10.22; with egress none they replace the NAT gateways",
      ],
      [
        "node group eks-general: 3 nodes × m7g.large",
        245.23,
        "desired size × instance type; each node adds its hourly price",
      ],
      [
        "database instance database-1: 0.5–4 ACU",
        54.75,
        "up to $438.00 at max capacity; each 0.5 ACU of minimum adds $54.75",
      ],
      ["kafka: 3 × kafka.m7g.large broker", 532.69, "brokers × broker type + volume GB × brokers"],
      [
        "flow logs: 20 GB/month assumed",
        15.2,
        "ingestion scales with traffic; retention adds storage (not counted)",
      ],
      ["KMS keys: 1", 1, "$1.00 per key-month"],
    ]);
  });

  it("prices I/O-Optimized Aurora and the default node group of an eks.Cluster", () => {
    const other = estimateCost({
      region: "ap-east-2",
      resources: [
        res("eks:index:Cluster", "eks", {}),
        res("aws:rds/cluster:Cluster", "db", {
          storageType: "aurora-iopt1",
          serverlessv2ScalingConfiguration: { minCapacity: 1, maxCapacity: 2 },
        }),
        res(
          "aws:rds/clusterInstance:ClusterInstance",
          "db-1",
          { instanceClass: "db.serverless" },
          undefined,
          {
            clusterIdentifier: [urn("aws:rds/cluster:Cluster", "db")],
          },
        ),
      ],
    });
    expect(other.pricedAs).to.equal("ap-northeast-1");
    expect(other.lines.map((l) => [l.driver, l.monthlyUsd, l.monthlyUsdAtMax])).to.deep.equal([
      ["eks-control-plane", 73, 73],
      // @pulumi/eks defaults: 2 × t3.medium ($0.0544/h) + 2 × 20 GB gp3
      ["eks-nodes", 83.26, 83.26],
      // 50 GB × $0.27, no I/O charge
      ["aurora-storage", 13.5, 13.5],
      // 1–2 ACU × $0.195/ACU-h × 730 h
      ["aurora-compute", 142.35, 284.7],
    ]);
  });

  it("prices an ECR repository by its stored images, and its policies and replication at nothing", () => {
    const ecr = estimateCost({
      region: "ap-east-2",
      resources: [
        res("aws:ecr/repository:Repository", "registries-api", { name: "platform/api" }),
        res("aws:ecr/lifecyclePolicy:LifecyclePolicy", "registries-api"),
        res("aws:ecr/repositoryPolicy:RepositoryPolicy", "registries-api"),
        res("aws:ecr/replicationConfiguration:ReplicationConfiguration", "registries-replication"),
      ],
    });
    // 5 GB × $0.1/GB-month
    expect(ecr.lines.map((l) => [l.type, l.driver, l.monthlyUsd, l.detail])).to.deep.equal([
      ["aws:ecr/repository:Repository", "ecr-storage", 0.5, "5 GB × $0.1/GB-month"],
    ]);
    expect(ecr.unpriced).to.deep.equal([]);
    expect(ecr.assumptions).to.include("ECR 5 GB stored per repository");
  });

  it("prices the edge: load balancer hours, LCUs and public IPs, WAF, zone, health checks and the log bucket", () => {
    const EDGE = urn("platform:edge:RegionalEdge", "edge");
    const edge = estimateCost({
      region: "ap-northeast-1",
      resources: [
        res("platform:edge:RegionalEdge", "edge"),
        res("aws:lb/loadBalancer:LoadBalancer", "edge", { internal: false, subnets: ["a", "c", "d"] }, EDGE),
        res("aws:lb/loadBalancer:LoadBalancer", "inside", { internal: true, subnets: ["a", "c"] }, EDGE),
        res("aws:wafv2/webAcl:WebAcl", "edge", { rules: [{}, {}, {}, {}, {}] }, EDGE),
        res("aws:route53/zone:Zone", "zone", { name: "kimkao.io" }),
        res("aws:route53/healthCheck:HealthCheck", "edge-api", { type: "HTTPS", requestInterval: 30 }, EDGE),
        res(
          "aws:route53/healthCheck:HealthCheck",
          "edge-fast",
          { type: "HTTPS_STR_MATCH", requestInterval: 10, measureLatency: true },
          EDGE,
        ),
        res("aws:route53/healthCheck:HealthCheck", "edge-http", { type: "HTTP" }, EDGE),
        res("aws:s3/bucket:Bucket", "edge-access-logs", {}, EDGE),
        res("aws:acm/certificate:Certificate", "edge", {}, EDGE),
        res("aws:lb/listener:Listener", "edge-https", {}, EDGE),
      ],
    });
    expect(edge.lines.map((l) => [l.name, l.driver, l.monthlyUsd, l.detail])).to.deep.equal([
      // (0.0243 + 0.008 + 3 × 0.005) × 730
      [
        "edge",
        "load-balancers",
        34.53,
        "($0.0243/h + 1 LCU × $0.008/LCU-h + 3 public IPv4 × $0.005/h) × 730 h",
      ],
      [
        "inside",
        "load-balancers",
        23.58,
        "($0.0243/h + 1 LCU × $0.008/LCU-h + 0 public IPv4 × $0.005/h) × 730 h",
      ],
      // 5 + 5 × 1 + 10 M × 0.60
      ["edge", "waf", 16, "$5/ACL + 5 rules × $1 + 10 M requests × $0.6/M"],
      ["zone", "route53", 0.5, "$0.5/hosted zone-month"],
      ["edge-api", "route53", 1.5, "$0.5/check-month + HTTPS × $1/option-month"],
      [
        "edge-fast",
        "route53",
        4.5,
        "$0.5/check-month + HTTPS, string matching, fast interval, latency measurement × $1/option-month",
      ],
      ["edge-http", "route53", 0.5, "$0.5/check-month"],
      ["edge-access-logs", "s3-storage", 1.25, "50 GB × $0.025/GB-month (Standard)"],
    ]);
    expect(edge.unpriced).to.deep.equal([]);
  });

  it("prices a VPC-source (MSK) scraper's collector and samples from its configuration, an EKS scraper's collector only", () => {
    const brokers = ["b-1.k.x.c2.kafka.ap-northeast-1.amazonaws.com", "b-2.k.x", "b-3.k.x"];
    const OBSERVABILITY = urn("platform:observability:ObservabilityStack", "observability");
    const scrapers = estimateCost({
      region: "ap-northeast-1",
      resources: [
        res("pulumi:pulumi:Stack", "stack"),
        res("platform:observability:ObservabilityStack", "observability", {}, STACK),
        res(
          "aws:amp/scraper:Scraper",
          "observability-msk",
          {
            source: { vpc: { subnetIds: ["s-1", "s-2"], securityGroupIds: ["sg-1"] } },
            scrapeConfiguration: kafkaScrapeConfiguration(60, "k", brokers),
          },
          OBSERVABILITY,
        ),
        res(
          "aws:amp/scraper:Scraper",
          "observability",
          { source: { eks: { clusterArn: "arn" } }, scrapeConfiguration: scrapeConfiguration(60, "c") },
          OBSERVABILITY,
        ),
      ],
    });
    expect(scrapers.lines.map((l) => [l.name, l.driver, l.monthlyUsd, l.detail])).to.deep.equal([
      ["observability-msk", "amp", 29.2, "1 collector × $0.04/h × 730 h"],
      // 2 jobs × 3 brokers × 1,000 series × 43,800 scrapes = 262.8 M samples × $1.08 per 10 M
      [
        "observability-msk",
        "amp",
        28.38,
        "6 targets × 1000 series × 43800 scrapes (every 60 s) = 263 M samples × $1.08/10 M",
      ],
      ["observability", "amp", 29.2, "1 collector × $0.04/h × 730 h"],
    ]);
    expect(scrapers.choices.map((c) => [c.choice, c.monthlyUsd])).to.deep.include([
      "kafka openMonitoring: 1 MSK collector(s) with their samples",
      57.58,
    ]);
    expect(dnsTargets(kafkaScrapeConfiguration(30, "k", brokers.slice(0, 2)))).to.equal(4);
    expect(dnsTargets(scrapeConfiguration(60, "c"))).to.equal(0);
  });

  it("lists what it cannot price and refuses a region without prices", () => {
    const odd = estimateCost({
      region: "ap-northeast-1",
      resources: [
        res("eks:index:ManagedNodeGroup", "gpu", {
          scalingConfig: { desiredSize: 1 },
          instanceTypes: ["p5.48xlarge"],
        }),
      ],
    });
    expect(odd.unpriced).to.deep.equal(["gpu: EC2 instance type p5.48xlarge"]);
    expect(() => estimateCost({ region: "eu-west-1", resources: [] })).to.throw(
      "no prices for region eu-west-1 in tools/insights/prices.ts: add the region's prices there and to docs/cost.md",
    );
  });

  it("renders the total, the top drivers and the components", () => {
    const text = renderCost(cost);
    expect(text.slice(0, 4)).to.deep.equal([
      "Monthly cost (estimate, USD, ap-northeast-1, list prices as of 2026-11-23; see docs/cost.md)",
      "  total $1025.79/month ($1409.04 with Aurora at max ACU)",
      "  top drivers:",
      "       $496.69  MSK brokers (broker-hours) (1)",
    ]);
  });

  it("documents every driver and every price in docs/cost.md", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs/cost.md"), "utf8");
    for (const label of Object.values(DRIVER_LABELS)) {
      expect(doc, label).to.contain(label);
    }
    const tokyo = REGION_PRICES["ap-northeast-1"];
    for (const [type, price] of [...Object.entries(tokyo.ec2Hour), ...Object.entries(tokyo.mskBrokerHour)]) {
      expect(doc, type).to.contain(`| \`${type}\` | ${price} |`);
    }
  });
});

describe("renderInsightsMarkdown (pull-request summary)", () => {
  it("has one row per stack with deploy time, cost and top drivers, and dashes for a failed plan", () => {
    const cost = estimateCost({ region: "ap-northeast-1", resources: RESOURCES });
    expect(
      renderInsightsMarkdown([
        {
          stack: "prod-taipei",
          deployTime: { criticalPathMinutes: 31.2, lowerBoundMinutes: 30.9, ratio: 1.01, avoidableEdges: [] },
          cost,
        },
        { stack: "broken" },
      ]),
    ).to.deep.equal([
      "| Stack | Deploy time (critical path) | Lower bound | Ratio | Avoidable orderings | Monthly cost | Top drivers |",
      "|---|---:|---:|---:|---:|---:|---|",
      "| prod-taipei | 31.2 min | 30.9 min | 1.01 | 0 | $1025.79 (max $1409.04) | " +
        "MSK brokers (broker-hours) $496.69; EKS nodes (desired size, on-demand + root volumes) $245.23; " +
        "EKS control plane $73.00 |",
      "| broken | — | — | — | — | — | — |",
    ]);
  });
});
