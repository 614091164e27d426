/**
 * Estimated monthly cost of a planned stack, per resource, per component (the nearest `platform:*` ancestor) and
 * per cost driver, from the price table and usage assumptions of tools/insights/prices.ts (see docs/cost.md).
 * Aurora Serverless v2 is shown at the minimum ACU (`monthlyUsd`, the floor that is always paid) and at the
 * maximum (`monthlyUsdAtMax`). Data transfer other than NAT and endpoint processing is excluded.
 */
import type { PlanResource, StackPlan } from "../plan/model";
import {
  HOURS_PER_MONTH,
  PRICES_AS_OF,
  REGION_PRICES,
  USAGE_ASSUMPTIONS as USAGE,
  type RegionPrices,
} from "./prices";

export type Driver =
  | "nat-gateways"
  | "public-ipv4"
  | "interface-endpoints"
  | "eks-control-plane"
  | "eks-nodes"
  | "msk-brokers"
  | "msk-storage"
  | "msk-replicator"
  | "aurora-compute"
  | "aurora-storage"
  | "kms-keys"
  | "secrets"
  | "flow-logs"
  | "log-ingestion"
  | "amp"
  | "grafana"
  | "alarms-dashboards"
  | "ecr-storage"
  | "load-balancers"
  | "waf"
  | "route53"
  | "s3-storage"
  | "guardduty"
  | "security-hub"
  | "audit"
  | "backup"
  | "firehose"
  | "s3-replication";

export const DRIVER_LABELS: Readonly<Record<Driver, string>> = {
  "nat-gateways": "NAT gateways (hourly + processed data)",
  "public-ipv4": "Public IPv4 addresses (EIPs)",
  "interface-endpoints": "Interface VPC endpoints (per AZ-hour + data)",
  "eks-control-plane": "EKS control plane",
  "eks-nodes": "EKS nodes (desired size, on-demand + root volumes)",
  "msk-brokers": "MSK brokers (broker-hours)",
  "msk-storage": "MSK broker storage",
  "msk-replicator": "MSK Replicator",
  "aurora-compute": "Aurora compute (ACU-hours / instance-hours)",
  "aurora-storage": "Aurora storage and I/O",
  "kms-keys": "KMS customer keys",
  secrets: "Secrets Manager secrets",
  "flow-logs": "VPC flow logs ingestion",
  "log-ingestion": "CloudWatch Logs ingestion",
  amp: "Amazon Managed Prometheus",
  grafana: "Amazon Managed Grafana",
  "alarms-dashboards": "CloudWatch alarms and dashboards",
  "ecr-storage": "ECR image storage",
  "load-balancers": "Application Load Balancers (hourly + LCUs + public IPv4)",
  waf: "WAF web ACLs (ACL + rules + requests)",
  route53: "Route 53 hosted zones and health checks",
  "s3-storage": "S3 storage",
  guardduty: "GuardDuty (events, logs and monitored vCPUs analysed)",
  "security-hub": "Security Hub (security checks)",
  audit: "CloudTrail and AWS Config (configuration items)",
  backup: "AWS Backup (snapshot storage, cross-region copies, restore tests)",
  firehose: "Firehose ingestion (CloudWatch Logs to the archive)",
  "s3-replication": "S3 replication (inter-region transfer + requests)",
};

export interface CostLine {
  urn: string;
  type: string;
  name: string;
  /** Nearest `platform:*` component ancestor as `name (type)`, or "stack". */
  component: string;
  driver: Driver;
  monthlyUsd: number;
  monthlyUsdAtMax: number;
  /** How the figure was computed, e.g. `3 AZ × $0.014/h × 730 h`. */
  detail: string;
}

export interface CostGroup {
  monthlyUsd: number;
  monthlyUsdAtMax: number;
}

export interface DriverCost extends CostGroup {
  driver: Driver;
  label: string;
  resources: number;
}

export interface ConfigChoice {
  choice: string;
  monthlyUsd: number;
  /** What the alternative would cost or save. */
  note: string;
}

export interface CostSummary {
  region: string;
  /** Region whose prices were used (ap-east-2 is priced as ap-northeast-1). */
  pricedAs: string;
  pricesAsOf: string;
  currency: "USD";
  monthlyUsd: number;
  monthlyUsdAtMax: number;
  byComponent: (CostGroup & { component: string })[];
  /** Every driver with a cost, most expensive first. */
  drivers: DriverCost[];
  lines: CostLine[];
  choices: ConfigChoice[];
  /** Resources whose price is missing from the table (costed at 0). */
  unpriced: string[];
  assumptions: string[];
}

/** Cents are the precision of a bill; the estimate is far coarser but sums must be exact and stable. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 100) / 100;
}

export function estimateCost(plan: Pick<StackPlan, "region" | "resources">): CostSummary {
  const prices = REGION_PRICES[plan.region];
  if (prices === undefined) {
    throw new Error(
      `no prices for region ${plan.region === "" ? "(not set)" : plan.region} in tools/insights/prices.ts: ` +
        `add the region's prices there and to docs/cost.md`,
    );
  }
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const flowLogGroups = new Set(
    plan.resources
      .filter((r) => r.type === "aws:ec2/flowLog:FlowLog")
      .flatMap((r) => r.propertyDependencies["logDestination"] ?? []),
  );
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const context: PriceContext = { prices, byUrn, flowLogGroups, unpriced };
  for (const resource of plan.resources) {
    for (const line of priceResource(resource, context)) {
      lines.push({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        component: componentOf(resource, byUrn),
        ...line,
        monthlyUsd: roundUsd(line.monthlyUsd),
        monthlyUsdAtMax: roundUsd(line.monthlyUsdAtMax),
      });
    }
  }

  const components = new Map<string, CostGroup>();
  const drivers = new Map<Driver, DriverCost>();
  for (const line of lines) {
    const group = components.get(line.component) ?? { monthlyUsd: 0, monthlyUsdAtMax: 0 };
    group.monthlyUsd += line.monthlyUsd;
    group.monthlyUsdAtMax += line.monthlyUsdAtMax;
    components.set(line.component, group);
    const driver = drivers.get(line.driver) ?? {
      driver: line.driver,
      label: DRIVER_LABELS[line.driver],
      resources: 0,
      monthlyUsd: 0,
      monthlyUsdAtMax: 0,
    };
    driver.resources++;
    driver.monthlyUsd += line.monthlyUsd;
    driver.monthlyUsdAtMax += line.monthlyUsdAtMax;
    drivers.set(line.driver, driver);
  }
  const total = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
  const totalAtMax = lines.reduce((sum, l) => sum + l.monthlyUsdAtMax, 0);
  const byCost = <T extends CostGroup>(a: T, b: T) =>
    b.monthlyUsd - a.monthlyUsd || b.monthlyUsdAtMax - a.monthlyUsdAtMax;
  return {
    region: plan.region,
    pricedAs: prices.pricedAs,
    pricesAsOf: PRICES_AS_OF,
    currency: "USD",
    monthlyUsd: roundUsd(total),
    monthlyUsdAtMax: roundUsd(totalAtMax),
    byComponent: [...components.entries()]
      .map(([component, g]) => ({
        component,
        monthlyUsd: roundUsd(g.monthlyUsd),
        monthlyUsdAtMax: roundUsd(g.monthlyUsdAtMax),
      }))
      .sort(byCost),
    drivers: [...drivers.values()]
      .map((d) => ({
        ...d,
        monthlyUsd: roundUsd(d.monthlyUsd),
        monthlyUsdAtMax: roundUsd(d.monthlyUsdAtMax),
      }))
      .sort(byCost),
    lines,
    choices: configChoices(plan.resources, lines, prices),
    unpriced,
    assumptions: assumptionsText(prices, plan.region),
  };
}

interface PriceContext {
  prices: RegionPrices;
  byUrn: ReadonlyMap<string, PlanResource>;
  flowLogGroups: ReadonlySet<string>;
  unpriced: string[];
}

type Priced = Pick<CostLine, "driver" | "monthlyUsd" | "monthlyUsdAtMax" | "detail">;

const usd = (n: number) => `$${n}`;

function fixed(driver: Driver, monthly: number, detail: string): Priced {
  return { driver, monthlyUsd: monthly, monthlyUsdAtMax: monthly, detail };
}

function hourly(driver: Driver, count: number, rate: number, what: string): Priced {
  return fixed(
    driver,
    count * rate * HOURS_PER_MONTH,
    `${count} ${what} × ${usd(rate)}/h × ${HOURS_PER_MONTH} h`,
  );
}

/** The cost lines of one resource (none for free resources). */
function priceResource(r: PlanResource, ctx: PriceContext): Priced[] {
  const p = ctx.prices;
  const inputs = r.inputs;
  switch (r.type) {
    case "aws:ec2/natGateway:NatGateway": {
      const hours = p.natGatewayHour * HOURS_PER_MONTH;
      const data = USAGE.natGatewayGbPerMonth * p.natGatewayGb;
      return [
        fixed(
          "nat-gateways",
          hours + data,
          `${usd(p.natGatewayHour)}/h × ${HOURS_PER_MONTH} h + ${USAGE.natGatewayGbPerMonth} GB × ${usd(p.natGatewayGb)}/GB`,
        ),
      ];
    }
    case "aws:ec2/eip:Eip":
      return [hourly("public-ipv4", 1, p.publicIpv4Hour, "public IPv4")];
    case "aws:ec2/vpcEndpoint:VpcEndpoint": {
      if (inputs["vpcEndpointType"] !== "Interface") {
        return []; // Gateway endpoints (S3, DynamoDB) are free.
      }
      const azs = Math.max(1, arrayOf(inputs["subnetIds"]).length);
      const hours = azs * p.interfaceEndpointAzHour * HOURS_PER_MONTH;
      const data = USAGE.interfaceEndpointGbPerMonth * p.interfaceEndpointGb;
      return [
        fixed(
          "interface-endpoints",
          hours + data,
          `${azs} AZ × ${usd(p.interfaceEndpointAzHour)}/h × ${HOURS_PER_MONTH} h + ` +
            `${USAGE.interfaceEndpointGbPerMonth} GB × ${usd(p.interfaceEndpointGb)}/GB`,
        ),
      ];
    }
    case "aws:eks/cluster:Cluster":
      return [hourly("eks-control-plane", 1, p.eksClusterHour, "cluster")];
    case "eks:index:Cluster": {
      const lines = [hourly("eks-control-plane", 1, p.eksClusterHour, "cluster")];
      // Without skipDefaultNodeGroup (or Fargate) the component also runs a default node group (@pulumi/eks
      // defaults: 2 × t3.medium).
      if (inputs["skipDefaultNodeGroup"] !== true && inputs["fargate"] === undefined) {
        lines.push(
          nodes(
            ctx,
            r,
            numberOf(inputs["desiredCapacity"]) ?? 2,
            stringOf(inputs["instanceType"]) ?? "t3.medium",
            numberOf(inputs["nodeRootVolumeSize"]) ?? USAGE.nodeDiskGb,
            "default node group",
          ),
        );
      }
      return lines;
    }
    case "eks:index:ManagedNodeGroup":
    case "aws:eks/nodeGroup:NodeGroup": {
      const scaling = recordOf(inputs["scalingConfig"]);
      const template = launchTemplateOf(r, ctx.byUrn);
      const type =
        stringOf(arrayOf(inputs["instanceTypes"])[0]) ?? stringOf(template?.["instanceType"]) ?? "t3.medium";
      const disk = numberOf(inputs["diskSize"]) ?? templateVolumeGb(template) ?? USAGE.nodeDiskGb;
      // Spot capacity is priced at on-demand: an upper bound, spot prices change by the hour.
      const what = inputs["capacityType"] === "SPOT" ? "spot nodes (at on-demand price)" : "nodes";
      return [nodes(ctx, r, numberOf(scaling["desiredSize"]) ?? 1, type, disk, what)];
    }
    case "eks:index:NodeGroupV2":
    case "eks:index:NodeGroup":
      return [
        nodes(
          ctx,
          r,
          numberOf(inputs["desiredCapacity"]) ?? 2,
          stringOf(inputs["instanceType"]) ?? "t3.medium",
          numberOf(inputs["nodeRootVolumeSize"]) ?? USAGE.nodeDiskGb,
          "nodes",
        ),
      ];
    case "aws:msk/cluster:Cluster": {
      const group = recordOf(inputs["brokerNodeGroupInfo"]);
      const brokers = numberOf(inputs["numberOfBrokerNodes"]) ?? 0;
      const type = stringOf(group["instanceType"]) ?? "";
      const volume =
        numberOf(recordOf(recordOf(group["storageInfo"])["ebsStorageInfo"])["volumeSize"]) ?? 1000;
      const rate = p.mskBrokerHour[type];
      const lines: Priced[] = [];
      if (rate === undefined) {
        ctx.unpriced.push(`${r.name}: MSK broker type ${type === "" ? "(unknown)" : type}`);
      } else {
        lines.push(hourly("msk-brokers", brokers, rate, `× ${type} broker`));
      }
      lines.push(
        fixed(
          "msk-storage",
          brokers * volume * p.mskStorageGbMonth,
          `${brokers} brokers × ${volume} GB × ${usd(p.mskStorageGbMonth)}/GB-month`,
        ),
      );
      return lines;
    }
    case "aws:msk/replicator:Replicator":
      return [
        fixed(
          "msk-replicator",
          p.mskReplicatorHour * HOURS_PER_MONTH + USAGE.mskReplicatorGbPerMonth * p.mskReplicatorGb,
          `${usd(p.mskReplicatorHour)}/h × ${HOURS_PER_MONTH} h + ${USAGE.mskReplicatorGbPerMonth} GB × ${usd(p.mskReplicatorGb)}/GB`,
        ),
      ];
    case "aws:rds/cluster:Cluster": {
      const ioOptimized = inputs["storageType"] === "aurora-iopt1";
      if (ioOptimized) {
        return [
          fixed(
            "aurora-storage",
            USAGE.auroraStorageGb * p.auroraStorageGbMonthIoOptimized,
            `I/O-Optimized: ${USAGE.auroraStorageGb} GB × ${usd(p.auroraStorageGbMonthIoOptimized)}/GB-month, no I/O charge`,
          ),
        ];
      }
      return [
        fixed(
          "aurora-storage",
          USAGE.auroraStorageGb * p.auroraStorageGbMonth + USAGE.auroraIoMillionsPerMonth * p.auroraIoMillion,
          `Standard: ${USAGE.auroraStorageGb} GB × ${usd(p.auroraStorageGbMonth)}/GB-month + ` +
            `${USAGE.auroraIoMillionsPerMonth} M I/O × ${usd(p.auroraIoMillion)}/M`,
        ),
      ];
    }
    case "aws:rds/clusterInstance:ClusterInstance":
      return [auroraInstance(r, ctx)];
    case "aws:kms/key:Key":
    case "aws:kms/replicaKey:ReplicaKey":
      return [fixed("kms-keys", p.kmsKeyMonth, `${usd(p.kmsKeyMonth)}/key-month`)];
    case "aws:secretsmanager/secret:Secret":
      return [fixed("secrets", p.secretMonth, `${usd(p.secretMonth)}/secret-month`)];
    case "aws:cloudwatch/logGroup:LogGroup":
      return ctx.flowLogGroups.has(r.urn)
        ? [
            fixed(
              "flow-logs",
              USAGE.flowLogGbPerMonth * p.vendedLogsGb,
              `${USAGE.flowLogGbPerMonth} GB × ${usd(p.vendedLogsGb)}/GB (vended logs)`,
            ),
          ]
        : [
            fixed(
              "log-ingestion",
              USAGE.logGroupGbPerMonth * p.logsIngestGb,
              `${USAGE.logGroupGbPerMonth} GB × ${usd(p.logsIngestGb)}/GB`,
            ),
          ];
    case "aws:amp/workspace:Workspace":
      return [
        fixed(
          "amp",
          USAGE.ampSamples10MPerMonth * p.ampIngest10MSamples,
          `${USAGE.ampSamples10MPerMonth * 10} M samples × ${usd(p.ampIngest10MSamples)}/10 M (no base fee)`,
        ),
      ];
    case "aws:amp/scraper:Scraper":
      return [hourly("amp", 1, p.ampCollectorHour, "collector"), ...vpcScraperSamples(inputs, p)];
    case "aws:grafana/workspace:Workspace":
      return [
        fixed(
          "grafana",
          USAGE.grafanaEditors * p.grafanaEditorMonth + USAGE.grafanaViewers * p.grafanaViewerMonth,
          `${USAGE.grafanaEditors} editors × ${usd(p.grafanaEditorMonth)} + ${USAGE.grafanaViewers} viewers × ${usd(p.grafanaViewerMonth)}`,
        ),
      ];
    case "aws:ecr/repository:Repository":
      // Storage is all a repository costs: pushes, same-region pulls and the repository itself are free.
      return [
        fixed(
          "ecr-storage",
          USAGE.ecrStorageGbPerRepository * p.ecrStorageGbMonth,
          `${USAGE.ecrStorageGbPerRepository} GB × ${usd(p.ecrStorageGbMonth)}/GB-month`,
        ),
      ];
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return [fixed("alarms-dashboards", p.alarmMonth, `${usd(p.alarmMonth)}/alarm-month`)];
    case "aws:cloudwatch/compositeAlarm:CompositeAlarm":
      return [fixed("alarms-dashboards", 0.5, "$0.5/composite alarm-month")];
    case "aws:cloudwatch/dashboard:Dashboard":
      return [fixed("alarms-dashboards", p.dashboardMonth, `${usd(p.dashboardMonth)}/dashboard-month`)];
    case "aws:lb/loadBalancer:LoadBalancer":
    case "aws:alb/loadBalancer:LoadBalancer":
      return [loadBalancer(r, p)];
    case "aws:wafv2/webAcl:WebAcl": {
      const rules = arrayOf(inputs["rules"]).length;
      return [
        fixed(
          "waf",
          p.wafWebAclMonth + rules * p.wafRuleMonth + USAGE.wafMillionRequestsPerMonth * p.wafMillionRequests,
          `${usd(p.wafWebAclMonth)}/ACL + ${rules} rules × ${usd(p.wafRuleMonth)} + ` +
            `${USAGE.wafMillionRequestsPerMonth} M requests × ${usd(p.wafMillionRequests)}/M`,
        ),
      ];
    }
    case "aws:route53/zone:Zone":
      return [fixed("route53", p.route53ZoneMonth, `${usd(p.route53ZoneMonth)}/hosted zone-month`)];
    case "aws:route53/healthCheck:HealthCheck": {
      const options = healthCheckOptions(inputs);
      return [
        fixed(
          "route53",
          p.route53HealthCheckMonth + options.length * p.route53HealthCheckOptionMonth,
          `${usd(p.route53HealthCheckMonth)}/check-month` +
            (options.length === 0
              ? ""
              : ` + ${options.join(", ")} × ${usd(p.route53HealthCheckOptionMonth)}/option-month`),
        ),
      ];
    }
    case "aws:backup/vault:Vault":
      return [
        fixed(
          "backup",
          USAGE.backupStoredGbPerVault * p.backupStorageGbMonth,
          `${USAGE.backupStoredGbPerVault} GB × ${usd(p.backupStorageGbMonth)}/GB-month (Aurora snapshots)`,
        ),
      ];
    case "aws:backup/plan:Plan": {
      const copies = arrayOf(r.inputs["rules"]).some(
        (rule) => arrayOf(recordOf(rule)["copyActions"]).length > 0,
      );
      return copies
        ? [
            fixed(
              "backup",
              USAGE.backupCopyGbPerMonth * p.backupCrossRegionGb,
              `${USAGE.backupCopyGbPerMonth} GB/month copied × ${usd(p.backupCrossRegionGb)}/GB (cross-region transfer)`,
            ),
          ]
        : [];
    }
    case "aws:backup/restoreTestingPlan:RestoreTestingPlan":
      return [
        fixed(
          "backup",
          USAGE.restoreTestsPerMonth * p.restoreTestJob,
          `${USAGE.restoreTestsPerMonth} test/month × ${usd(p.restoreTestJob)}/restore test (the restored cluster has no instance)`,
        ),
      ];
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return [
        fixed(
          "s3-storage",
          USAGE.s3StoredGbPerBucket * p.s3StandardGbMonth,
          `${USAGE.s3StoredGbPerBucket} GB × ${usd(p.s3StandardGbMonth)}/GB-month (Standard)`,
        ),
      ];
    case "aws:cloudtrail/trail:Trail":
      // The first copy of management events in each Region is free; the trail records no data events (ADR 0031).
      return [fixed("audit", 0, "first copy of management events: free")];
    case "aws:cfg/recorder:Recorder": {
      const daily = stringOf(recordOf(r.inputs["recordingMode"])["recordingFrequency"]) === "DAILY";
      const items = daily ? USAGE.configItemsPerMonthPeriodic : USAGE.configItemsPerMonthContinuous;
      const rate = daily ? p.configItemPeriodic : p.configItemContinuous;
      return [
        fixed(
          "audit",
          items * rate,
          `${items} configuration items × ${usd(rate)}/item (${daily ? "daily" : "continuous"})`,
        ),
      ];
    }
    case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
      return [
        fixed(
          "firehose",
          USAGE.firehoseGbPerMonth * p.firehoseIngestGb,
          `${USAGE.firehoseGbPerMonth} GB × ${usd(p.firehoseIngestGb)}/GB ingested`,
        ),
      ];
    case "aws:s3/bucketReplicationConfig:BucketReplicationConfig":
      return [
        fixed(
          "s3-replication",
          USAGE.s3ReplicatedGbPerMonth * p.interRegionTransferGb +
            USAGE.s3ReplicatedThousandObjectsPerMonth * p.s3Put1000,
          `${USAGE.s3ReplicatedGbPerMonth} GB × ${usd(p.interRegionTransferGb)}/GB inter-region + ` +
            `${USAGE.s3ReplicatedThousandObjectsPerMonth}k objects × ${usd(p.s3Put1000)}/1,000 requests`,
        ),
      ];
    case "aws:guardduty/detector:Detector":
      // Foundational threat detection: the region's CloudTrail management events, VPC flow logs and DNS logs.
      return [
        fixed(
          "guardduty",
          USAGE.guardDutyCloudTrailMillionEvents * p.guardDutyCloudTrailMillion +
            USAGE.guardDutyLogsGb * p.guardDutyLogsGb,
          `${USAGE.guardDutyCloudTrailMillionEvents} M CloudTrail events × ${usd(p.guardDutyCloudTrailMillion)}/M + ` +
            `${USAGE.guardDutyLogsGb} GB flow and DNS logs × ${usd(p.guardDutyLogsGb)}/GB`,
        ),
      ];
    case "aws:guardduty/detectorFeature:DetectorFeature":
      return inputs["status"] === "ENABLED" ? guardDutyFeature(stringOf(inputs["name"]), p) : [];
    case "aws:securityhub/standardsSubscription:StandardsSubscription":
      return [
        fixed(
          "security-hub",
          USAGE.securityHubChecksPerStandard * p.securityHubCheck,
          `${USAGE.securityHubChecksPerStandard} checks × ${usd(p.securityHubCheck)}/check`,
        ),
      ];
    default:
      return [];
  }
}

/**
 * A GuardDuty protection's usage: EKS audit logs, S3 data events and Runtime Monitoring by the assumptions; RDS login
 * events and malware scans are not priced (RDS Protection bills per ACU-hour of the clusters it watches and scans
 * only follow findings: both small next to the others, see docs/cost.md).
 */
function guardDutyFeature(name: string | undefined, p: RegionPrices): Priced[] {
  switch (name) {
    case "EKS_AUDIT_LOGS":
      return [
        fixed(
          "guardduty",
          USAGE.guardDutyEksAuditMillionEvents * p.guardDutyEksAuditMillion,
          `${USAGE.guardDutyEksAuditMillionEvents} M EKS audit events × ${usd(p.guardDutyEksAuditMillion)}/M`,
        ),
      ];
    case "S3_DATA_EVENTS":
      return [
        fixed(
          "guardduty",
          USAGE.guardDutyS3MillionEvents * p.guardDutyS3EventsMillion,
          `${USAGE.guardDutyS3MillionEvents} M S3 data events × ${usd(p.guardDutyS3EventsMillion)}/M`,
        ),
      ];
    case "RUNTIME_MONITORING":
    case "EKS_RUNTIME_MONITORING":
      return [
        fixed(
          "guardduty",
          USAGE.guardDutyRuntimeVcpus * p.guardDutyRuntimeVcpuMonth,
          `${USAGE.guardDutyRuntimeVcpus} vCPUs × ${usd(p.guardDutyRuntimeVcpuMonth)}/vCPU-month`,
        ),
      ];
    default:
      return [];
  }
}

/**
 * An Application Load Balancer: its hours, the assumed LCUs, and (internet-facing) one public IPv4 address per
 * subnet, which AWS charges like any other public IPv4 address.
 */
function loadBalancer(r: PlanResource, p: RegionPrices): Priced {
  const publicIps = r.inputs["internal"] === true ? 0 : arrayOf(r.inputs["subnets"]).length;
  const lcus = USAGE.albLcuPerHour;
  const monthly = (p.albHour + lcus * p.albLcuHour + publicIps * p.publicIpv4Hour) * HOURS_PER_MONTH;
  return fixed(
    "load-balancers",
    monthly,
    `(${usd(p.albHour)}/h + ${lcus} LCU × ${usd(p.albLcuHour)}/LCU-h + ${publicIps} public IPv4 × ` +
      `${usd(p.publicIpv4Hour)}/h) × ${HOURS_PER_MONTH} h`,
  );
}

/** The optional (separately priced) features of a Route 53 health check. */
function healthCheckOptions(inputs: Record<string, unknown>): string[] {
  const type = stringOf(inputs["type"]) ?? "";
  return [
    ...(type.startsWith("HTTPS") ? ["HTTPS"] : []),
    ...(type.endsWith("_STR_MATCH") ? ["string matching"] : []),
    ...(inputs["requestInterval"] === 10 ? ["fast interval"] : []),
    ...(inputs["measureLatency"] === true ? ["latency measurement"] : []),
  ];
}

function nodes(
  ctx: PriceContext,
  r: PlanResource,
  count: number,
  type: string,
  diskGb: number,
  what: string,
): Priced {
  const rate = ctx.prices.ec2Hour[type];
  // A group that runs no node costs nothing whatever its type.
  if (rate === undefined && count > 0) {
    ctx.unpriced.push(`${r.name}: EC2 instance type ${type}`);
  }
  const compute = count * (rate ?? 0) * HOURS_PER_MONTH;
  const disk = count * diskGb * ctx.prices.ebsGp3GbMonth;
  return fixed(
    "eks-nodes",
    compute + disk,
    `${count} ${what} × ${type} × ${usd(rate ?? 0)}/h × ${HOURS_PER_MONTH} h + ${count} × ${diskGb} GB gp3 × ` +
      `${usd(ctx.prices.ebsGp3GbMonth)}/GB-month`,
  );
}

function auroraInstance(r: PlanResource, ctx: PriceContext): Priced {
  const p = ctx.prices;
  const clusterUrn = (r.propertyDependencies["clusterIdentifier"] ?? [])[0];
  const cluster = clusterUrn === undefined ? undefined : ctx.byUrn.get(clusterUrn);
  const clusterInputs = cluster?.inputs ?? {};
  const ioOptimized = clusterInputs["storageType"] === "aurora-iopt1";
  const instanceClass = stringOf(r.inputs["instanceClass"]) ?? "";
  if (instanceClass === "db.serverless") {
    const scaling = recordOf(clusterInputs["serverlessv2ScalingConfiguration"]);
    const min = numberOf(scaling["minCapacity"]) ?? 0.5;
    const max = numberOf(scaling["maxCapacity"]) ?? min;
    const rate = ioOptimized ? p.auroraAcuHourIoOptimized : p.auroraAcuHour;
    return {
      driver: "aurora-compute",
      monthlyUsd: min * rate * HOURS_PER_MONTH,
      monthlyUsdAtMax: max * rate * HOURS_PER_MONTH,
      detail: `${min}–${max} ACU × ${usd(rate)}/ACU-h × ${HOURS_PER_MONTH} h${ioOptimized ? " (I/O-Optimized)" : ""}`,
    };
  }
  const rate = p.auroraInstanceHour[instanceClass];
  if (rate === undefined) {
    ctx.unpriced.push(
      `${r.name}: Aurora instance class ${instanceClass === "" ? "(unknown)" : instanceClass}`,
    );
  }
  const factor = ioOptimized ? 1.3 : 1;
  return hourly("aurora-compute", 1, (rate ?? 0) * factor, `× ${instanceClass}`);
}

/** The nearest `platform:*` component above a resource, as `name (type)`. */
export function componentOf(resource: PlanResource, byUrn: ReadonlyMap<string, PlanResource>): string {
  const seen = new Set<string>();
  let parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
  // The seen set guards against a malformed plan whose parents loop.
  while (parent !== undefined && !seen.has(parent.urn)) {
    if (parent.type.startsWith("platform:")) {
      return `${parent.name} (${parent.type})`;
    }
    seen.add(parent.urn);
    parent = parent.parent === undefined ? undefined : byUrn.get(parent.parent);
  }
  return "stack";
}

function launchTemplateOf(r: PlanResource, byUrn: ReadonlyMap<string, PlanResource>) {
  const urn = (r.propertyDependencies["launchTemplate"] ?? []).find(
    (u) => byUrn.get(u)?.type === "aws:ec2/launchTemplate:LaunchTemplate",
  );
  return urn === undefined ? undefined : byUrn.get(urn)?.inputs;
}

function templateVolumeGb(template: Record<string, unknown> | undefined): number | undefined {
  const first = recordOf(arrayOf(template?.["blockDeviceMappings"])[0]);
  return numberOf(recordOf(first["ebs"])["volumeSize"]);
}

/** What each configuration choice of the stack costs and what the alternative would cost. */
function configChoices(
  resources: readonly PlanResource[],
  lines: readonly CostLine[],
  p: RegionPrices,
): ConfigChoice[] {
  const choices: ConfigChoice[] = [];
  const sum = (driver: Driver) =>
    lines.filter((l) => l.driver === driver).reduce((s, l) => s + l.monthlyUsd, 0);
  const count = (type: string) => resources.filter((r) => r.type === type).length;
  const azs = new Set(
    resources
      .filter((r) => r.type === "aws:ec2/subnet:Subnet")
      .map((r) => r.inputs["availabilityZone"])
      .filter((az) => typeof az === "string"),
  ).size;

  const nats = count("aws:ec2/natGateway:NatGateway");
  if (nats > 0) {
    const each = (sum("nat-gateways") + sum("public-ipv4")) / nats;
    const note =
      nats < azs
        ? `nat-per-az (${azs} NAT) would cost ${money(each * azs)}; single NAT means one AZ's outage stops egress`
        : nats > 1
          ? `single-nat would cost ${money(each)} (saves ${money(each * (nats - 1))}) but ties egress to one AZ`
          : "one NAT gateway";
    choices.push({
      choice: `egress: ${nats} NAT gateway(s) with EIP, ${money(each)} each`,
      monthlyUsd: roundUsd(each * nats),
      note,
    });
  }
  const endpoints = lines.filter((l) => l.driver === "interface-endpoints");
  if (endpoints.length > 0) {
    const total = sum("interface-endpoints");
    const perAzHour = p.interfaceEndpointAzHour * HOURS_PER_MONTH;
    choices.push({
      choice: `interfaceEndpoints: ${endpoints.length} endpoints × ${azs} AZ`,
      monthlyUsd: roundUsd(total),
      note:
        `each endpoint ${money(total / endpoints.length)}; each AZ adds ${money(endpoints.length * perAzHour)}; ` +
        `with egress none they replace the NAT gateways`,
    });
  }
  for (const line of lines.filter((l) => l.driver === "eks-nodes")) {
    choices.push({
      choice: `node group ${line.name}: ${line.detail.split(" × $")[0]}`,
      monthlyUsd: line.monthlyUsd,
      note: "desired size × instance type; each node adds its hourly price",
    });
  }
  for (const line of lines.filter((l) => l.driver === "aurora-compute")) {
    choices.push({
      choice: `database instance ${line.name}: ${line.detail.split(" × $")[0]}`,
      monthlyUsd: line.monthlyUsd,
      note: `up to ${money(line.monthlyUsdAtMax)} at max capacity; each 0.5 ACU of minimum adds ${money(0.5 * p.auroraAcuHour * HOURS_PER_MONTH)}`,
    });
  }
  const brokers = sum("msk-brokers") + sum("msk-storage");
  if (brokers > 0) {
    const detail = lines.find((l) => l.driver === "msk-brokers")?.detail.split(" × $")[0] ?? "";
    choices.push({
      choice: `kafka: ${detail}`,
      monthlyUsd: roundUsd(brokers),
      note: "brokers × broker type + volume GB × brokers",
    });
  }
  const vpcScrapers = lines.filter(
    (l) =>
      l.type === "aws:amp/scraper:Scraper" &&
      recordOf(resources.find((r) => r.urn === l.urn)?.inputs["source"])["vpc"] !== undefined,
  );
  if (vpcScrapers.length > 0) {
    choices.push({
      choice: `kafka openMonitoring: ${new Set(vpcScrapers.map((l) => l.urn)).size} MSK collector(s) with their samples`,
      monthlyUsd: roundUsd(vpcScrapers.reduce((s, l) => s + l.monthlyUsd, 0)),
      note: "collector-hours + targets × series × scrapes; platform:kafka.openMonitoring false drops both (and the exporters)",
    });
  }
  const flow = sum("flow-logs");
  if (flow > 0) {
    choices.push({
      choice: `flow logs: ${USAGE.flowLogGbPerMonth} GB/month assumed`,
      monthlyUsd: roundUsd(flow),
      note: "ingestion scales with traffic; retention adds storage (not counted)",
    });
  }
  const keys = count("aws:kms/key:Key") + count("aws:kms/replicaKey:ReplicaKey");
  if (keys > 0) {
    choices.push({
      choice: `KMS keys: ${keys}`,
      monthlyUsd: roundUsd(sum("kms-keys")),
      note: `${money(p.kmsKeyMonth)} per key-month`,
    });
  }
  return choices;
}

/**
 * The samples a scraper with a VPC source ingests (an MSK collector; an EKS scraper's samples are the workspace's
 * assumption): its DNS-discovered targets (every name under a `dns_sd_configs` entry, per job) × the assumed series
 * per target × the scrapes a month at its `scrape_interval`. None when the source is not a VPC or the configuration
 * is not known.
 */
function vpcScraperSamples(inputs: Record<string, unknown>, p: RegionPrices): Priced[] {
  const source = recordOf(inputs["source"]);
  const config = inputs["scrapeConfiguration"];
  if (source["vpc"] === undefined || typeof config !== "string") {
    return [];
  }
  const interval = Number(/scrape_interval: (\d+)s/.exec(config)?.[1] ?? 60);
  const targets = dnsTargets(config);
  const samples = (targets * USAGE.ampSeriesPerVpcTarget * HOURS_PER_MONTH * 3600) / interval;
  return [
    fixed(
      "amp",
      (samples / 10_000_000) * p.ampIngest10MSamples,
      `${targets} targets × ${USAGE.ampSeriesPerVpcTarget} series × ${(HOURS_PER_MONTH * 3600) / interval} scrapes ` +
        `(every ${interval} s) = ${Math.round(samples / 1_000_000)} M samples × ${usd(p.ampIngest10MSamples)}/10 M`,
    ),
  ];
}

/** The names listed under `names:` of every `dns_sd_configs` entry of a scrape configuration (one per job). */
export function dnsTargets(config: string): number {
  let count = 0;
  let listIndent: number | undefined;
  for (const line of config.split("\n")) {
    const names = /^(\s*)(?:- )?names:\s*$/.exec(line);
    if (names !== undefined && names !== null) {
      listIndent = names[1]!.length;
      continue;
    }
    const item = /^(\s*)- \S/.exec(line);
    if (listIndent !== undefined && item !== null && item[1]!.length > listIndent) {
      count += 1;
      continue;
    }
    listIndent = undefined;
  }
  return count;
}

function assumptionsText(p: RegionPrices, region: string): string[] {
  return [
    `${HOURS_PER_MONTH} hours/month, on-demand list prices of ${p.pricedAs} as of ${PRICES_AS_OF}` +
      (p.pricedAs === region ? "" : ` (no published ${region} price reachable: priced as ${p.pricedAs})`),
    `NAT ${USAGE.natGatewayGbPerMonth} GB/month each; interface endpoints ${USAGE.interfaceEndpointGbPerMonth} GB/month each`,
    `flow logs ${USAGE.flowLogGbPerMonth} GB/month per VPC; other log groups ${USAGE.logGroupGbPerMonth} GB/month each; log storage not counted`,
    `Aurora ${USAGE.auroraStorageGb} GB stored per cluster, ${USAGE.auroraIoMillionsPerMonth} M I/O/month (Standard); ACU at min (total) and max (at max)`,
    `ECR ${USAGE.ecrStorageGbPerRepository} GB stored per repository`,
    `AMP ${USAGE.ampSamples10MPerMonth * 10} M samples/month per workspace; ${USAGE.ampSeriesPerVpcTarget} series per target of a VPC-source (MSK) scraper`,
    `ALB ${USAGE.albLcuPerHour} LCU on average; WAF ${USAGE.wafMillionRequestsPerMonth} M requests/month per web ACL; ` +
      `S3 ${USAGE.s3StoredGbPerBucket} GB stored per bucket; Route 53 queries not counted (alias queries to AWS resources are free)`,
    `GuardDuty per detector ${USAGE.guardDutyCloudTrailMillionEvents} M CloudTrail events, ${USAGE.guardDutyLogsGb} GB flow and DNS logs, ` +
      `${USAGE.guardDutyEksAuditMillionEvents} M EKS audit and ${USAGE.guardDutyS3MillionEvents} M S3 events, ${USAGE.guardDutyRuntimeVcpus} vCPUs monitored; ` +
      `Security Hub ${USAGE.securityHubChecksPerStandard} checks per standard`,
    `AWS Config ${USAGE.configItemsPerMonthContinuous} configuration items/month per recorder (continuous), ` +
      `${USAGE.configItemsPerMonthPeriodic} (daily); CloudTrail management events free (first copy), its log group as any other`,
    `AWS Backup ${USAGE.backupStoredGbPerVault} GB of snapshots per vault, ${USAGE.backupCopyGbPerMonth} GB/month copied to the other region, ${USAGE.restoreTestsPerMonth} restore test/month`,
    `Firehose ${USAGE.firehoseGbPerMonth} GB/month of CloudWatch Logs copies per stream; S3 replication ` +
      `${USAGE.s3ReplicatedGbPerMonth} GB and ${USAGE.s3ReplicatedThousandObjectsPerMonth}k objects/month per configuration`,
    `data transfer (internet egress, cross-AZ, MSK and Aurora inter-region replication) excluded but AWS Backup's copies and S3 replication`,
  ];
}

export function money(n: number): string {
  return `$${roundUsd(n).toFixed(2)}`;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
