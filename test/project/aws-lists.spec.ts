/**
 * The values the stack files and the components' defaults pin are members of the lists of what AWS offers (each
 * list records its source and the date it was taken): a list update that drops a pinned value, or a pin that is not
 * on its list, fails here, naming the stack file and the key, before any plan runs.
 */
import { expect } from "chai";
import {
  AWS_REGIONS,
  CLOUDWATCH_LOG_RETENTION_DAYS,
  isEc2InstanceType,
} from "../../components/common/aws-limits";
import {
  DEFAULT_KUBERNETES_VERSION,
  EKS_RELEASE_CALENDAR,
  KUBERNETES_VERSIONS,
  eksPlatformDefaults,
} from "../../components/eks-platform/plan";
import {
  DATABASE_SETTING_DEFAULTS,
  DEFAULT_ENGINE_VERSION,
  GLOBAL_DATABASE_ENGINE_VERSIONS,
  MONITORING_INTERVALS_SECONDS,
  PERFORMANCE_INSIGHTS_RETENTION_DAYS,
} from "../../components/global-aurora/plan";
import {
  ENHANCED_MONITORING_LEVELS,
  MSK_KAFKA_VERSIONS,
  STANDARD_BROKER_SIZES,
  mskClusterDefaults,
} from "../../components/msk-cluster/plan";
import { GRAFANA_VERSIONS, observabilityStackDefaults } from "../../components/observability-stack/plan";
import { INTERFACE_ENDPOINT_SERVICES, regionalVpcDefaults } from "../../components/regional-vpc/plan";
import { REGION_AZ_LETTERS } from "../../stacks/regions";
import { stackFileValues } from "../support/config";

const STACKS = ["dev", "prod-taipei", "prod-tokyo"] as const;

/** A stack file's structured key, as a map (every one of these stacks sets them). */
function section(stack: string, key: string): Record<string, unknown> {
  return (stackFileValues(stack)[key] ?? {}) as Record<string, unknown>;
}

/** `<stack>: <key>.<field> = <value>` for every pinned value that is not in `allowed`. */
function outside(pins: readonly [string, unknown][], allowed: (value: unknown) => boolean): string[] {
  return pins
    .filter(([, value]) => value !== undefined && !allowed(value))
    .map(([at, value]) => `${at} = ${String(value)}`);
}

function each<T>(stackValues: (stack: string) => [string, T][]): [string, T][] {
  return STACKS.flatMap((stack) =>
    stackValues(stack).map(([at, value]): [string, T] => [`Pulumi.${stack}.yaml ${at}`, value]),
  );
}

describe("project: pinned values are on AWS's lists", () => {
  it("aws:region and the regions the platform knows are AWS regions", () => {
    expect(
      outside(
        each((stack) => [["aws:region", stackFileValues(stack)["aws:region"]]]),
        (r) => AWS_REGIONS.includes(r as string),
      ),
    ).to.deep.equal([]);
    expect(Object.keys(REGION_AZ_LETTERS).filter((region) => !AWS_REGIONS.includes(region))).to.deep.equal(
      [],
    );
  });

  it("node group instance types are EC2 instance types", () => {
    const pins = each((stack) =>
      Object.entries(
        section(stack, "platform:kubernetes").nodeGroups as Record<string, { instanceTypes: string[] }>,
      ).flatMap(([key, group]) =>
        group.instanceTypes.map((type, i): [string, unknown] => [
          `platform:kubernetes.nodeGroups.${key}.instanceTypes[${i}]`,
          type,
        ]),
      ),
    );
    expect(pins.length).to.be.greaterThan(0);
    expect(outside(pins, (type) => isEc2InstanceType(type as string))).to.deep.equal([]);
  });

  it("Kubernetes versions have pins and are on EKS's calendar", () => {
    const pins = each((stack): [string, unknown][] => [
      ["platform:kubernetes.version", section(stack, "platform:kubernetes").version],
    ]);
    const known = (version: unknown) =>
      KUBERNETES_VERSIONS[version as string] !== undefined &&
      EKS_RELEASE_CALENDAR[version as string] !== undefined;
    expect(outside([...pins, ["default", DEFAULT_KUBERNETES_VERSION]], known)).to.deep.equal([]);
  });

  it("Kafka versions, broker sizes and monitoring levels are MSK's", () => {
    const kafka = (stack: string) => section(stack, "platform:kafka");
    expect(
      outside(
        [
          ...each((stack): [string, unknown][] => [
            ["platform:kafka.kafkaVersion", kafka(stack).kafkaVersion],
          ]),
          ["default", mskClusterDefaults.kafkaVersion],
        ],
        (v) => MSK_KAFKA_VERSIONS.includes(v as string),
      ),
    ).to.deep.equal([]);
    expect(
      outside(
        each((stack): [string, unknown][] => [
          ["platform:kafka.brokerInstanceType", kafka(stack).brokerInstanceType],
        ]),
        (v) => STANDARD_BROKER_SIZES.includes(v as string),
      ),
    ).to.deep.equal([]);
    expect(
      outside(
        [
          ...each((stack): [string, unknown][] => [
            ["platform:kafka.enhancedMonitoring", kafka(stack).enhancedMonitoring],
          ]),
          ["default", mskClusterDefaults.enhancedMonitoring],
        ],
        (v) => (ENHANCED_MONITORING_LEVELS as readonly string[]).includes(v as string),
      ),
    ).to.deep.equal([]);
  });

  it("Aurora engine versions, monitoring intervals and Performance Insights retentions are RDS's", () => {
    const database = (stack: string) => section(stack, "platform:database");
    expect(
      outside(
        [
          ...each((stack): [string, unknown][] => [
            ["platform:database.engineVersion", database(stack).engineVersion],
          ]),
          ["default", DEFAULT_ENGINE_VERSION],
        ],
        (v) => GLOBAL_DATABASE_ENGINE_VERSIONS.includes(v as string),
      ),
    ).to.deep.equal([]);
    expect(
      outside(
        [
          ...each((stack): [string, unknown][] => [
            ["platform:database.monitoringIntervalSeconds", database(stack).monitoringIntervalSeconds],
          ]),
          ["default", DATABASE_SETTING_DEFAULTS.monitoringIntervalSeconds],
        ],
        (v) => MONITORING_INTERVALS_SECONDS.includes(v as number),
      ),
    ).to.deep.equal([]);
    expect(
      outside(
        [
          ...each((stack): [string, unknown][] => [
            [
              "platform:database.performanceInsightsRetentionDays",
              database(stack).performanceInsightsRetentionDays,
            ],
          ]),
          ["default", DATABASE_SETTING_DEFAULTS.performanceInsightsRetentionDays],
        ],
        (v) => PERFORMANCE_INSIGHTS_RETENTION_DAYS.includes(v as number),
      ),
    ).to.deep.equal([]);
  });

  it("CloudWatch Logs retentions are CloudWatch's", () => {
    const pins = each((stack): [string, unknown][] => [
      ["platform:network.flowLogRetentionDays", section(stack, "platform:network").flowLogRetentionDays],
      ["platform:kafka.logRetentionDays", section(stack, "platform:kafka").logRetentionDays],
      ["platform:database.logRetentionDays", section(stack, "platform:database").logRetentionDays],
      ["platform:observability.logRetentionDays", section(stack, "platform:observability").logRetentionDays],
      ["platform:kubernetes.logRetentionDays", section(stack, "platform:kubernetes").logRetentionDays],
    ]);
    const defaults: [string, unknown][] = [
      ["RegionalVpc flowLogRetentionDays", regionalVpcDefaults.flowLogRetentionDays],
      ["MskCluster logRetentionDays", mskClusterDefaults.logRetentionDays],
      ["GlobalAurora logRetentionDays", DATABASE_SETTING_DEFAULTS.logRetentionDays],
      ["ObservabilityStack logRetentionDays", observabilityStackDefaults.logRetentionDays],
      ["EksPlatform logRetentionDays", eksPlatformDefaults.logRetentionDays],
    ];
    expect(
      outside([...pins, ...defaults], (v) => CLOUDWATCH_LOG_RETENTION_DAYS.includes(v as number)),
    ).to.deep.equal([]);
  });

  it("interface endpoint services are PrivateLink services, and the Grafana version is Managed Grafana's", () => {
    const endpoints = each((stack) =>
      ((section(stack, "platform:network").interfaceEndpoints ?? []) as string[]).map(
        (service, i): [string, unknown] => [`platform:network.interfaceEndpoints[${i}]`, service],
      ),
    );
    const defaults = regionalVpcDefaults.interfaceEndpoints.map((service): [string, unknown] => [
      "default",
      service,
    ]);
    expect(
      outside([...endpoints, ...defaults], (v) => INTERFACE_ENDPOINT_SERVICES.includes(v as string)),
    ).to.deep.equal([]);
    const grafana = each((stack): [string, unknown][] => [
      [
        "platform:observability.grafana.version",
        (section(stack, "platform:observability").grafana as { version?: string } | undefined)?.version,
      ],
    ]);
    expect(
      outside([...grafana, ["default", observabilityStackDefaults.grafanaVersion]], (v) =>
        (GRAFANA_VERSIONS as readonly string[]).includes(v as string),
      ),
    ).to.deep.equal([]);
  });

  it("reports a pin that is not on its list, naming the stack file and the key", () => {
    expect(
      outside([["Pulumi.dev.yaml platform:kafka.kafkaVersion", "3.7.x"]], (v) =>
        MSK_KAFKA_VERSIONS.includes(v as string),
      ),
    ).to.deep.equal(["Pulumi.dev.yaml platform:kafka.kafkaVersion = 3.7.x"]);
  });
});
