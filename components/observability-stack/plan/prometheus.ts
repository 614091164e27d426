/**
 * The Prometheus configuration of `ObservabilityStack`: the managed scraper's scrape configuration, the rules and
 * the alert manager definition.
 */
import { OPEN_MONITORING_PORTS } from "../../msk-cluster/plan/monitoring";
import { RUNBOOK } from "./alarms";

// ---------------------------------------------------------------------------------------------------------------
// Prometheus configuration (YAML text; every value is ours, so plain string building is safe)

/**
 * The managed scraper's configuration: the API server, kubelet cAdvisor through the API server proxy, pods that
 * opt in with `prometheus.io/scrape: "true"`, and the EKS control plane's scheduler and controller manager metrics.
 * The managed collector allows only Kubernetes service discovery, Bearer authorization from the service account
 * token file, and intervals of 30 seconds or more (AMP user guide, "Scraper configuration").
 */
export function scrapeConfiguration(intervalSeconds: number, clusterLabel: string): string {
  const bearer = [
    "    scheme: https",
    "    authorization:",
    "      type: Bearer",
    "      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token",
  ];
  const apiserverKeep = [
    "    relabel_configs:",
    "      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]",
    "        action: keep",
    "        regex: default;kubernetes;https",
  ];
  return [
    "global:",
    `  scrape_interval: ${intervalSeconds}s`,
    "  external_labels:",
    `    cluster: ${clusterLabel}`,
    "scrape_configs:",
    "  - job_name: kubernetes-apiservers",
    ...bearer,
    "    kubernetes_sd_configs:",
    "      - role: endpoints",
    ...apiserverKeep,
    "  - job_name: kubernetes-cadvisor",
    ...bearer,
    "    kubernetes_sd_configs:",
    "      - role: node",
    "    relabel_configs:",
    "      - action: labelmap",
    "        regex: __meta_kubernetes_node_label_(.+)",
    "      - target_label: __address__",
    "        replacement: kubernetes.default.svc:443",
    "      - source_labels: [__meta_kubernetes_node_name]",
    "        regex: (.+)",
    "        target_label: __metrics_path__",
    "        replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor",
    "  - job_name: kubernetes-pods",
    "    kubernetes_sd_configs:",
    "      - role: pod",
    "    relabel_configs:",
    "      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]",
    "        action: keep",
    '        regex: "true"',
    "      - source_labels: [__meta_kubernetes_namespace]",
    "        target_label: namespace",
    "      - source_labels: [__meta_kubernetes_pod_name]",
    "        target_label: pod",
    "  - job_name: kube-scheduler",
    ...bearer,
    "    metrics_path: /apis/metrics.eks.amazonaws.com/v1/ksh/container/metrics",
    "    kubernetes_sd_configs:",
    "      - role: endpoints",
    ...apiserverKeep,
    "  - job_name: kube-controller-manager",
    ...bearer,
    "    metrics_path: /apis/metrics.eks.amazonaws.com/v1/kcm/container/metrics",
    "    kubernetes_sd_configs:",
    "      - role: endpoints",
    ...apiserverKeep,
    "",
  ].join("\n");
}

/** The scrape jobs of an MSK cluster's exporters: job name → the exporter's port on every broker. */
export const KAFKA_SCRAPE_JOBS = {
  "msk-jmx": OPEN_MONITORING_PORTS.jmx,
  "msk-node": OPEN_MONITORING_PORTS.node,
} as const;

/**
 * The managed collector's configuration for an MSK cluster's open-monitoring exporters: one job per exporter
 * (`msk-jmx` on 11001, `msk-node` on 11002), each discovering every broker by its DNS name (`dns_sd_configs`, A
 * records: the port is the exporter's, since an A record carries none), with the broker's name as the `broker` label
 * (`__meta_dns_name`, "the record name that produced the discovered target", Prometheus `dns_sd_config`) and the
 * cluster as the external label `kafka_cluster`. DNS-based discovery is what the collector uses for MSK ("scrapes
 * these metrics from all brokers using DNS-based service discovery", CloudWatch user guide,
 * `managed-prometheus-collectors-msk-setup`; `aws amp create-scraper`: "VPC-based sources that support DNS-based
 * service discovery"). Brokers are listed in the order given; the names must be known (not empty).
 */
export function kafkaScrapeConfiguration(
  intervalSeconds: number,
  clusterName: string,
  brokerDnsNames: readonly string[],
): string {
  if (brokerDnsNames.length === 0) {
    throw new Error(`no broker DNS names for MSK cluster ${clusterName}: the scraper would discover nothing`);
  }
  const job = (name: string, port: number): string[] => [
    `  - job_name: ${name}`,
    "    dns_sd_configs:",
    "      - names:",
    ...brokerDnsNames.map((broker) => `          - ${broker}`),
    "        type: A",
    `        port: ${port}`,
    "    relabel_configs:",
    "      - source_labels: [__meta_dns_name]",
    "        target_label: broker",
  ];
  return [
    "global:",
    `  scrape_interval: ${intervalSeconds}s`,
    "  external_labels:",
    `    kafka_cluster: ${clusterName}`,
    "scrape_configs:",
    ...Object.entries(KAFKA_SCRAPE_JOBS).flatMap(([name, port]) => job(name, port)),
    "",
  ].join("\n");
}

/**
 * The Prometheus rules evaluated in the workspace: scrape targets down, and API server errors; with an MSK collector
 * (`kafka`), also an MSK exporter job that delivers nothing at all (the collector stopped or cannot resolve the
 * brokers: `up` then has no series, so `ScrapeTargetDown` cannot fire). Their alerts go to the alert manager, which
 * forwards them to the alarm topic.
 */
export function prometheusRules(kafka = false): string {
  const kafkaRules = Object.keys(KAFKA_SCRAPE_JOBS).flatMap((job) => [
    `      - alert: MskExporterAbsent`,
    `        expr: absent(up{job="${job}"})`,
    "        for: 15m",
    "        labels:",
    "          severity: warning",
    "        annotations:",
    `          summary: "No ${job} target has been scraped for 15 minutes; see ${RUNBOOK}#prometheus-msk-exporter-absent"`,
  ]);
  return [
    "groups:",
    "  - name: platform",
    "    rules:",
    "      - alert: ScrapeTargetDown",
    "        expr: up == 0",
    "        for: 10m",
    "        labels:",
    "          severity: warning",
    "        annotations:",
    `          summary: "{{ $labels.job }} target {{ $labels.instance }} has been down for 10 minutes; see ${RUNBOOK}#prometheus-scrape-target-down"`,
    "      - alert: KubernetesApiServerErrors",
    '        expr: sum(rate(apiserver_request_total{code=~"5.."}[5m])) / sum(rate(apiserver_request_total[5m])) > 0.05',
    "        for: 10m",
    "        labels:",
    "          severity: critical",
    "        annotations:",
    `          summary: "More than 5% of Kubernetes API requests fail; see ${RUNBOOK}#prometheus-api-server-errors"`,
    ...(kafka ? kafkaRules : []),
    "",
  ].join("\n");
}

/** The alert manager definition: every alert to the alarm topic (SNS is the only receiver AMP supports). */
export function alertManagerDefinition(topicArn: string, region: string): string {
  return [
    "alertmanager_config: |",
    "  route:",
    "    receiver: alarm-topic",
    "    group_by: [alertname]",
    "    group_wait: 30s",
    "    group_interval: 5m",
    "    repeat_interval: 4h",
    "  receivers:",
    "    - name: alarm-topic",
    "      sns_configs:",
    `        - topic_arn: ${topicArn}`,
    "          sigv4:",
    `            region: ${region}`,
    "          send_resolved: true",
    "",
  ].join("\n");
}
