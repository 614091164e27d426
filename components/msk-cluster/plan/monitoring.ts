/**
 * Open monitoring of `MskCluster`: the Prometheus exporters MSK runs in every broker, their ports, and the DNS name of
 * every broker a scraper discovers them by. Pure: no `@pulumi/*` import.
 *
 * AWS facts (checked 2026-12-03):
 * - MSK runs the JMX Exporter on port 11001 and the Node Exporter on port 11002 of every broker, reachable by the
 *   broker's DNS name (Amazon MSK Developer Guide, "Set up a Prometheus host on an Amazon EC2 instance": "Amazon MSK
 *   uses port 11001 for the JMX Exporter and port 11002 for the Node Exporter", targets `broker_dns_N:11001`).
 * - A managed Prometheus collector (AMP scraper with a VPC source) scrapes them once the broker security group
 *   admits 11001 and 11002 and the VPC has DNS enabled (AMP User Guide, `prom-msk-integration`, prerequisites).
 * - Broker DNS names are `b-<broker id>.<cluster DNS domain>`, the form of the hosts in the bootstrap strings; the
 *   broker ids of a provisioned cluster are 1..N (the ids the CloudWatch `Broker ID` dimension takes, see
 *   `kafkaBrokerIds` of the observability stack).
 */

/** The exporters' ports on every broker. */
export const OPEN_MONITORING_PORTS = { jmx: 11001, node: 11002 } as const;

export type OpenMonitoringExporter = keyof typeof OPEN_MONITORING_PORTS;

const BROKER_HOST = /^b-(\d+)\.(.+)$/;

/**
 * The DNS name of every broker, `b-1.<domain>` … `b-<brokerCount>.<domain>`, from a bootstrap string
 * (`host:port,host:port,…`, any authentication) and the broker count: a bootstrap string need not list every broker,
 * so the names are built from the cluster's domain and the count. A host of the bootstrap string outside that range
 * (a broker id left after brokers were removed) is kept after them, so every broker is named. Throws when the string
 * holds no broker host or hosts of more than one domain: a scraper must not be configured with a partial list.
 */
export function brokerDnsNames(bootstrapBrokers: string, brokerCount: number): string[] {
  const hosts = bootstrapBrokers
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => entry.replace(/:\d+$/, ""));
  const domains = new Set(hosts.map((host) => BROKER_HOST.exec(host)?.[2]));
  const [domain] = [...domains];
  if (hosts.length === 0 || domains.size !== 1 || domain === undefined) {
    throw new Error(
      `cannot name the brokers from the bootstrap string ${JSON.stringify(bootstrapBrokers)}: expected ` +
        "b-<id>.<cluster domain>:<port> entries of one cluster",
    );
  }
  if (!Number.isInteger(brokerCount) || brokerCount < 1) {
    throw new Error(`${brokerCount} is not a broker count; pass the cluster's number of broker nodes`);
  }
  const names = Array.from({ length: brokerCount }, (_, index) => `b-${index + 1}.${domain}`);
  const others = [...new Set(hosts)].filter((host) => !names.includes(host));
  return [...names, ...others];
}
