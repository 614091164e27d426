/**
 * The managed services `ObservabilityStack` builds on: where Amazon Managed Grafana and Amazon Managed Service for
 * Prometheus are offered, the Grafana versions, the pinned Container Insights add-on and its log groups, and the
 * services' limits (scrape interval, metrics retention, sampling rule names).
 */
/**
 * Regions that offer Amazon Managed Grafana: the service endpoints table of the AWS General Reference
 * (docs.aws.amazon.com/general/latest/gr/grafana-service.html), re-checked 2026-12-02 (the same ten regions). Taipei (ap-east-2) is not among them, so a primary in
 * Taipei has no workspace of its own and the secondary's workspace (Tokyo) reads both regions (ADR 0016).
 */
export const MANAGED_GRAFANA_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
];

/**
 * Regions that offer Amazon Managed Service for Prometheus ("Supported Regions" in the AMP user guide,
 * docs.aws.amazon.com/prometheus/latest/userguide/what-is-Amazon-Managed-Service-Prometheus.html, and the endpoints
 * table of the AWS General Reference, prometheus-service.html); Taipei and Tokyo both do. Recorded 2026-11; a test
 * holds every entry to the AWS regions of the installed SDK.
 */
export const MANAGED_PROMETHEUS_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
];

/**
 * Grafana versions a Managed Grafana workspace accepts: the installed @pulumi/aws documents `9.4`, `10.4` and `12.4`
 * for `aws.grafana.Workspace.grafanaVersion` (taken 2026-12-02; a test compares them).
 */
export const GRAFANA_VERSIONS = ["9.4", "10.4", "12.4"] as const;
export type GrafanaVersion = (typeof GRAFANA_VERSIONS)[number];

/**
 * The pinned version of the `amazon-cloudwatch-observability` EKS add-on (CloudWatch agent for Container Insights and
 * Fluent Bit for container logs). Check it against `aws eks describe-addon-versions --addon-name
 * amazon-cloudwatch-observability --kubernetes-version <version>` before an upgrade.
 */
export const CONTAINER_INSIGHTS_ADDON_VERSION = "v4.5.0-eksbuild.1";

/**
 * The log groups the add-on writes (`/aws/containerinsights/<cluster>/<kind>`): container stdout/stderr, the node
 * components (kubelet, kube-proxy, containerd), host logs, and the performance events Container Insights derives its
 * metrics from. Created up front with retention and KMS, so the add-on never creates unencrypted, never-expiring ones.
 */
export const CONTAINER_INSIGHTS_LOG_KINDS = ["application", "dataplane", "host", "performance"] as const;
export type ContainerInsightsLogKind = (typeof CONTAINER_INSIGHTS_LOG_KINDS)[number];

export function containerInsightsLogGroupName(clusterName: string, kind: ContainerInsightsLogKind): string {
  return `/aws/containerinsights/${clusterName}/${kind}`;
}

/** The shortest scrape interval an AWS managed collector accepts (AMP user guide, "Scraper configuration"). */
export const MIN_SCRAPE_INTERVAL_SECONDS = 30;

/**
 * Subnets (in distinct zones) a managed collector with a VPC source needs: "include at least two subnets across two
 * availability zones" (AMP user guide, `prom-msk-integration`; the provider's `ScraperSourceVpc.subnetIds`: "Must be
 * in at least two different availability zones").
 */
export const MIN_SCRAPER_SUBNETS = 2;

/**
 * AMP keeps metrics 150 days unless configured, at most 1095 (three years): the AMP user guide's service quotas,
 * "Retention time for ingested data" (docs.aws.amazon.com/prometheus/latest/userguide/AMP_quotas.html), recorded
 * 2026-11; the provider documents no bound for `retentionPeriodInDays`.
 */
export const MAX_METRICS_RETENTION_DAYS = 1095;

/** X-Ray sampling rule names are at most 32 characters. */
export const MAX_SAMPLING_RULE_NAME_LENGTH = 32;
