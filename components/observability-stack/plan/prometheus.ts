/**
 * The Prometheus configuration of `ObservabilityStack`: the managed scraper's scrape configuration, the rules and
 * the alert manager definition.
 */
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

/**
 * The Prometheus rules evaluated in the workspace: scrape targets down, and API server errors. Their alerts go to the
 * alert manager, which forwards them to the alarm topic.
 */
export function prometheusRules(): string {
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
