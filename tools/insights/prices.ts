/**
 * On-demand list prices (USD) per region and the usage assumptions the cost estimate applies to them. The table,
 * its sources and what was checked are in docs/cost.md; change both together.
 *
 * ap-east-2 (Taipei) has no public price in any source reachable here: it is priced as ap-northeast-1 (Tokyo)
 * until the AWS Price List API confirms it (`aws pricing get-products --region us-east-1 --service-code AmazonEC2
 * --filters Type=TERM_MATCH,Field=regionCode,Value=ap-east-2 ...`), and the report says so.
 */

/** Hours in the billing month the estimate uses (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** When the table was compiled; shown with every estimate. */
export const PRICES_AS_OF = "2026-11-23";

export interface RegionPrices {
  /** Region whose published prices these are (differs from the key when assumed). */
  pricedAs: string;
  natGatewayHour: number;
  natGatewayGb: number;
  /** Public IPv4 address (an EIP, in use or not), per hour. */
  publicIpv4Hour: number;
  /** Interface endpoint, per endpoint per AZ per hour. */
  interfaceEndpointAzHour: number;
  interfaceEndpointGb: number;
  /** EKS cluster in standard support, per hour. */
  eksClusterHour: number;
  /** EC2 Linux on-demand per instance-hour. */
  ec2Hour: Readonly<Record<string, number>>;
  /** gp3 volume GB-month (node root volumes). */
  ebsGp3GbMonth: number;
  /** MSK provisioned broker-hour per broker instance type. */
  mskBrokerHour: Readonly<Record<string, number>>;
  mskStorageGbMonth: number;
  /** MSK Replicator per replicator-hour and per GB replicated. */
  mskReplicatorHour: number;
  mskReplicatorGb: number;
  /** Aurora Serverless v2 per ACU-hour (Standard, and I/O-Optimized). */
  auroraAcuHour: number;
  auroraAcuHourIoOptimized: number;
  /** Aurora provisioned instance-hour per class (Standard). */
  auroraInstanceHour: Readonly<Record<string, number>>;
  auroraStorageGbMonth: number;
  auroraStorageGbMonthIoOptimized: number;
  /** Aurora Standard I/O, per million requests. */
  auroraIoMillion: number;
  kmsKeyMonth: number;
  secretMonth: number;
  /** CloudWatch Logs standard ingestion per GB. */
  logsIngestGb: number;
  /** Vended logs (VPC flow logs) delivered to CloudWatch Logs, per GB (first 10 TB). */
  vendedLogsGb: number;
  alarmMonth: number;
  dashboardMonth: number;
  /** AMP ingestion per 10 million samples (first tier). */
  ampIngest10MSamples: number;
  /** AMP managed collector (scraper) per collector-hour. */
  ampCollectorHour: number;
  /** Amazon Managed Grafana per active editor/admin and viewer user-month. */
  grafanaEditorMonth: number;
  grafanaViewerMonth: number;
  /** ECR private repository storage, per GB-month (compressed layers). */
  ecrStorageGbMonth: number;
  /** Application Load Balancer per ALB-hour, and per LCU-hour. */
  albHour: number;
  albLcuHour: number;
  /** WAF: per web ACL-month, per rule-month (a managed rule group counts as one rule), per million requests. */
  wafWebAclMonth: number;
  wafRuleMonth: number;
  wafMillionRequests: number;
  /** Route 53 hosted zone per month (first 25 zones). */
  route53ZoneMonth: number;
  /** Route 53 health check of an AWS endpoint per month, and per optional feature (HTTPS, string matching, fast interval, latency). */
  route53HealthCheckMonth: number;
  route53HealthCheckOptionMonth: number;
  /** S3 Standard storage per GB-month (first 50 TB). */
  s3StandardGbMonth: number;
  /**
   * GuardDuty, first tiers: CloudTrail management events analysed per million, VPC flow and DNS logs per GB, EKS audit
   * log events per million, S3 data events per million, Runtime Monitoring per monitored vCPU-month.
   */
  guardDutyCloudTrailMillion: number;
  guardDutyLogsGb: number;
  guardDutyEksAuditMillion: number;
  guardDutyS3EventsMillion: number;
  guardDutyRuntimeVcpuMonth: number;
  /** Security Hub per security check (first 100,000 per account and region each month). */
  securityHubCheck: number;
  /**
   * AWS Config per configuration item recorded: continuous recording, and periodic (daily) recording. CloudTrail's
   * first copy of management events in each Region is free (one trail here), so a trail costs nothing itself.
   */
  configItemContinuous: number;
  configItemPeriodic: number;
  /** AWS Backup: Aurora snapshot storage per GB-month (billed by RDS: Aurora is not fully managed by AWS Backup). */
  backupStorageGbMonth: number;
  /** AWS Backup: data copied to another region, per GB. */
  backupCrossRegionGb: number;
  /** AWS Backup restore testing: per restore test job (plus the restored data, nothing for an Aurora cluster). */
  restoreTestJob: number;
  /** Amazon Data Firehose Direct PUT ingestion per GB (first 500 TB/month, records rounded up to 5 KB). */
  firehoseIngestGb: number;
  /** Data transfer out to another AWS Region per GB (what S3 replication pays besides requests). */
  interRegionTransferGb: number;
  /** S3 PUT (and replication) requests per 1,000. */
  s3Put1000: number;
}

const TOKYO: RegionPrices = {
  pricedAs: "ap-northeast-1",
  natGatewayHour: 0.062,
  natGatewayGb: 0.062,
  publicIpv4Hour: 0.005,
  interfaceEndpointAzHour: 0.014,
  interfaceEndpointGb: 0.01,
  eksClusterHour: 0.1,
  ec2Hour: {
    "t3.medium": 0.0544,
    "m5.large": 0.124,
    "m5.xlarge": 0.248,
    "t4g.medium": 0.0432,
    "t4g.large": 0.0864,
    "m6g.large": 0.099,
    "m6g.xlarge": 0.198,
    "m6g.2xlarge": 0.396,
    "m7g.large": 0.1054,
    "m7g.xlarge": 0.2108,
    "m7g.2xlarge": 0.4216,
  },
  ebsGp3GbMonth: 0.096,
  mskBrokerHour: {
    "kafka.t3.small": 0.0526,
    "kafka.m5.large": 0.252,
    "kafka.m7g.large": 0.2268,
    "kafka.m7g.xlarge": 0.4536,
  },
  mskStorageGbMonth: 0.12,
  mskReplicatorHour: 0.3,
  mskReplicatorGb: 0.08,
  auroraAcuHour: 0.15,
  auroraAcuHourIoOptimized: 0.195,
  auroraInstanceHour: { "db.r6g.large": 0.313, "db.r7g.large": 0.333, "db.t4g.medium": 0.094 },
  auroraStorageGbMonth: 0.12,
  auroraStorageGbMonthIoOptimized: 0.27,
  auroraIoMillion: 0.24,
  kmsKeyMonth: 1,
  secretMonth: 0.4,
  logsIngestGb: 0.76,
  vendedLogsGb: 0.76,
  alarmMonth: 0.1,
  dashboardMonth: 3,
  ampIngest10MSamples: 1.08,
  ampCollectorHour: 0.04,
  grafanaEditorMonth: 9,
  grafanaViewerMonth: 5,
  ecrStorageGbMonth: 0.1,
  albHour: 0.0243,
  albLcuHour: 0.008,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafMillionRequests: 0.6,
  route53ZoneMonth: 0.5,
  route53HealthCheckMonth: 0.5,
  route53HealthCheckOptionMonth: 1,
  s3StandardGbMonth: 0.025,
  guardDutyCloudTrailMillion: 4,
  guardDutyLogsGb: 1,
  guardDutyEksAuditMillion: 1.6,
  guardDutyS3EventsMillion: 0.8,
  guardDutyRuntimeVcpuMonth: 1.5,
  securityHubCheck: 0.001,
  configItemContinuous: 0.003,
  configItemPeriodic: 0.012,
  // Assumptions, not Tokyo list prices: no ap-northeast-1 AWS Backup price page was reachable. Aurora snapshot storage
  // at the published us-east-1 rate ($0.021/GB-month), the cross-region copy at Tokyo's inter-region transfer rate
  // ($0.09/GB, more than the $0.02 of us-east-1), and a restore test at $1.50 (docs/cost.md).
  backupStorageGbMonth: 0.021,
  backupCrossRegionGb: 0.09,
  restoreTestJob: 1.5,
  firehoseIngestGb: 0.036,
  interRegionTransferGb: 0.09,
  s3Put1000: 0.0047,
};

/** Prices per region the stacks use. */
export const REGION_PRICES: Readonly<Record<string, RegionPrices>> = {
  "ap-northeast-1": TOKYO,
  // No published ap-east-2 price was reachable: priced as Tokyo (the report prints `priced as ap-northeast-1`).
  "ap-east-2": TOKYO,
};

/** Usage the plan cannot know; every figure is printed with the estimate and documented in docs/cost.md. */
export const USAGE_ASSUMPTIONS = {
  /** GB processed per NAT gateway per month (image pulls and AWS APIs go through endpoints). */
  natGatewayGbPerMonth: 100,
  /** GB through each interface endpoint per month. */
  interfaceEndpointGbPerMonth: 5,
  /** VPC flow log volume per flow log per month. */
  flowLogGbPerMonth: 20,
  /** Ingestion per other log group per month (broker logs, EKS control plane, application). */
  logGroupGbPerMonth: 5,
  /** Aurora data stored per cluster. */
  auroraStorageGb: 50,
  /** Aurora Standard I/O requests per cluster per month, in millions. */
  auroraIoMillionsPerMonth: 20,
  /** MSK Replicator traffic per replicator per month. */
  mskReplicatorGbPerMonth: 50,
  /** AMP samples ingested per workspace per month, in units of 10 million. */
  ampSamples10MPerMonth: 10,
  /**
   * Series each target of a scraper with a VPC source (an MSK exporter of one broker) exposes: MSK's JMX Exporter
   * about 1,500 per broker (brokers, topics and partitions of a small catalogue), its Node Exporter about 500; 1,000
   * on average per target. The samples are priced on the scraper: targets × series × scrapes per month.
   */
  ampSeriesPerVpcTarget: 1000,
  /** Grafana users per workspace. */
  grafanaEditors: 2,
  grafanaViewers: 5,
  /** Node root volume when neither the node group nor its launch template sets one (the EKS default). */
  nodeDiskGb: 20,
  /**
   * Image data stored per ECR repository: the lifecycle keeps 30 releases and 7 days of untagged images; releases of
   * one application share their base layers, so about 30 × 150 MB of compressed layers of their own.
   */
  ecrStorageGbPerRepository: 5,
  /** Load Balancer Capacity Units an Application Load Balancer uses on average per hour. */
  albLcuPerHour: 1,
  /** Requests each web ACL inspects per month, in millions. */
  wafMillionRequestsPerMonth: 10,
  /** Data stored per S3 bucket (access logs within their retention). */
  s3StoredGbPerBucket: 50,
  /** GuardDuty per detector per month: CloudTrail management events of the region, in millions. */
  guardDutyCloudTrailMillionEvents: 2,
  /** GuardDuty per detector per month: VPC flow and DNS logs of the region it analyses (its own copy), in GB. */
  guardDutyLogsGb: 25,
  /** EKS audit log events per detector per month (one cluster, controllers watching), in millions. */
  guardDutyEksAuditMillionEvents: 5,
  /** S3 data events per detector per month (access logs written, assets read), in millions. */
  guardDutyS3MillionEvents: 1,
  /** vCPUs Runtime Monitoring watches per detector (the EKS nodes' vCPUs at their desired size, rounded). */
  guardDutyRuntimeVcpus: 16,
  /** Security Hub security checks per enabled standard per region per month (FSBP over a few hundred resources). */
  securityHubChecksPerStandard: 20_000,
  /**
   * AWS Config configuration items per recorder per month: continuous recording of a region whose EKS nodes, pods'
   * ENIs and security group rules change daily; periodic (daily) recording keeps at most one item per changed
   * resource a day.
   */
  configItemsPerMonthContinuous: 20_000,
  configItemsPerMonthPeriodic: 3_000,
  /**
   * AWS Backup snapshot data per vault: a full copy of the 50 GB cluster plus the changes the retained dailies and
   * weeklies hold (about 1 GB a day over 35 days, ~50 GB), in the source vault and again in the copy's vault.
   */
  backupStoredGbPerVault: 100,
  /** Data each region's plan copies to the other region per month (the daily and weekly incrementals). */
  backupCopyGbPerMonth: 40,
  /** Restore tests per month (one restore testing plan, monthly). */
  restoreTestsPerMonth: 1,
  /** CloudWatch Logs copied into the archive per Firehose stream per month (the subscribed log groups' volume). */
  firehoseGbPerMonth: 40,
  /** New objects replicated per replication configuration per month: GB, and objects in thousands. */
  s3ReplicatedGbPerMonth: 20,
  s3ReplicatedThousandObjectsPerMonth: 100,
} as const;
