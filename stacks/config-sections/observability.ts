/**
 * `platform:observability`: who the alarms reach and how the region's `ObservabilityStack` is tuned. Optional in dev
 * (every field has a default); a prod stack must name at least one alarm address, or its alarms reach nobody. The
 * rules are the component's own (`alarmEmailProblems`, `thresholdProblems`, `tracingProblems`, the retentions, where
 * Managed Grafana is offered), so config and component report the same problems.
 */
import { z } from "zod";
import { retentionProblem } from "../../components/common/aws-limits";
import {
  AlarmThresholds,
  CONTAINER_INSIGHTS_ADDON_VERSION,
  GRAFANA_VERSIONS,
  GrafanaVersion,
  MANAGED_GRAFANA_REGIONS,
  MIN_SCRAPE_INTERVAL_SECONDS,
  alarmEmailProblems,
  metricsRetentionProblem,
  observabilityStackDefaults,
  serviceRegionProblem,
  thresholdProblems,
  tracingProblems,
} from "../../components/observability-stack/plan";
import type { Problem } from "../../components/common/validation";
import {
  Fields,
  Section,
  SectionContext,
  list,
  map,
  messages,
  numeric,
  strict,
  structuredSection,
  text,
} from "./section";

export const OBSERVABILITY_KEY = "platform:observability";

export const OBSERVABILITY_DEFAULTS = {
  alarmEmails: observabilityStackDefaults.alarmEmails,
  logRetentionDays: observabilityStackDefaults.logRetentionDays,
  metricsRetentionDays: observabilityStackDefaults.metricsRetentionDays,
  samplingRate: observabilityStackDefaults.samplingRate,
  reservoirPerSecond: observabilityStackDefaults.reservoirPerSecond,
  grafanaVersion: observabilityStackDefaults.grafanaVersion,
  scrapeIntervalSeconds: observabilityStackDefaults.scrapeIntervalSeconds,
  containerInsights: observabilityStackDefaults.containerInsights,
  addonVersion: observabilityStackDefaults.addonVersion,
} as const;

export interface ObservabilityConfig {
  /** Addresses subscribed to the alarm topic (each confirms a mail first). Required non-empty in prod. @default [] */
  alarmEmails: string[];
  /** Retention of the log groups the observability stack creates, days. @default 365 */
  logRetentionDays: number;
  /** Days the Prometheus workspace keeps metrics, 1–1095. @default 150 */
  metricsRetentionDays: number;
  /** Alarm thresholds that differ from the defaults (DEFAULT_ALARM_THRESHOLDS). @default {} */
  thresholds: Partial<AlarmThresholds>;
  tracing: {
    /** Share of requests traced after the reservoir, 0–1. @default 0.05 */
    samplingRate: number;
    /** Requests traced per second before the rate applies. @default 1 */
    reservoirPerSecond: number;
  };
  grafana: {
    /** @default whether the region offers Managed Grafana (ap-east-2 does not) */
    enabled: boolean;
    /** @default "10.4" */
    version: GrafanaVersion;
  };
  kubernetes: {
    /** Managed scraper interval, seconds (30 or more). @default 60 */
    scrapeIntervalSeconds: number;
    /** Install Container Insights and Fluent Bit. @default true */
    containerInsights: boolean;
    /** Pinned `amazon-cloudwatch-observability` add-on version. @default CONTAINER_INSIGHTS_ADDON_VERSION */
    addonVersion: string;
  };
}

const EXAMPLE = "{alarmEmails: [platform-oncall@example.com], logRetentionDays: 365}";

const ObservabilitySchema = strict(
  {
    alarmEmails: list(
      text("an e-mail address", "platform-oncall@example.com"),
      "the addresses alarms are mailed to",
      "[platform-oncall@example.com]",
    ).default(() => [...OBSERVABILITY_DEFAULTS.alarmEmails]),
    logRetentionDays: numeric(
      "a CloudWatch Logs retention in days",
      String(OBSERVABILITY_DEFAULTS.logRetentionDays),
    ).default(OBSERVABILITY_DEFAULTS.logRetentionDays),
    metricsRetentionDays: numeric(
      "the days Prometheus keeps metrics",
      String(OBSERVABILITY_DEFAULTS.metricsRetentionDays),
    ).default(OBSERVABILITY_DEFAULTS.metricsRetentionDays),
    thresholds: map(numeric("the threshold", "80"), "the alarm thresholds", "{auroraCpuPercent: 80}").default(
      () => ({}),
    ),
    tracing: strict(
      {
        samplingRate: numeric("the share of requests traced, 0 to 1", "0.05").default(
          OBSERVABILITY_DEFAULTS.samplingRate,
        ),
        reservoirPerSecond: numeric("the requests traced per second before the rate applies", "1").default(
          OBSERVABILITY_DEFAULTS.reservoirPerSecond,
        ),
      },
      "the trace sampling",
      "{samplingRate: 0.05, reservoirPerSecond: 1}",
    ).default(() => ({
      samplingRate: OBSERVABILITY_DEFAULTS.samplingRate,
      reservoirPerSecond: OBSERVABILITY_DEFAULTS.reservoirPerSecond,
    })),
    grafana: strict(
      {
        enabled: z
          .boolean(messages("a boolean", "whether to create a Grafana workspace", "false"))
          .optional(),
        version: text(`one of ${GRAFANA_VERSIONS.join(", ")}`, OBSERVABILITY_DEFAULTS.grafanaVersion).default(
          OBSERVABILITY_DEFAULTS.grafanaVersion,
        ),
      },
      "the Grafana workspace",
      "{enabled: true, version: 10.4}",
    ).default(() => ({ version: OBSERVABILITY_DEFAULTS.grafanaVersion })),
    kubernetes: strict(
      {
        scrapeIntervalSeconds: numeric(
          "the scrape interval in seconds",
          String(OBSERVABILITY_DEFAULTS.scrapeIntervalSeconds),
        ).default(OBSERVABILITY_DEFAULTS.scrapeIntervalSeconds),
        containerInsights: z
          .boolean(messages("a boolean", "whether to install Container Insights and Fluent Bit", "true"))
          .default(OBSERVABILITY_DEFAULTS.containerInsights),
        addonVersion: text("the pinned add-on version", CONTAINER_INSIGHTS_ADDON_VERSION).default(
          OBSERVABILITY_DEFAULTS.addonVersion,
        ),
      },
      "the EKS collection",
      "{scrapeIntervalSeconds: 60}",
    ).default(() => ({
      scrapeIntervalSeconds: OBSERVABILITY_DEFAULTS.scrapeIntervalSeconds,
      containerInsights: OBSERVABILITY_DEFAULTS.containerInsights,
      addonVersion: OBSERVABILITY_DEFAULTS.addonVersion,
    })),
  },
  "the observability settings",
  EXAMPLE,
);

/**
 * Validates `platform:observability` (absent: every default): shapes with our messages, then the component's rules
 * on every field whose shape is valid, where the region offers Managed Grafana, and the environment's rule (prod
 * needs an alarm address).
 */
export const checkObservability: Section<ObservabilityConfig> = structuredSection({
  key: OBSERVABILITY_KEY,
  schema: ObservabilitySchema,
  whenAbsent: "defaults",
  rules: (_value, context, fields) => observabilityProblems(fields, context),
  build: (data, { region }) => ({
    alarmEmails: [...data.alarmEmails],
    logRetentionDays: data.logRetentionDays,
    metricsRetentionDays: data.metricsRetentionDays,
    thresholds: data.thresholds as Partial<AlarmThresholds>,
    tracing: { ...data.tracing },
    grafana: {
      enabled: data.grafana.enabled ?? MANAGED_GRAFANA_REGIONS.includes(region ?? ""),
      // Checked against GRAFANA_VERSIONS by the rules.
      version: data.grafana.version as GrafanaVersion,
    },
    kubernetes: { ...data.kubernetes },
  }),
});

function at(path: string): string {
  return `${OBSERVABILITY_KEY}.${path}`;
}

function observabilityProblems(
  fields: Fields<(typeof ObservabilitySchema)["shape"]>,
  context: SectionContext,
): Problem[] {
  const found: Problem[] = [
    ...fields.problems("alarmEmails", (emails) => [
      ...alarmEmailProblems(emails),
      ...(context.environment === "prod" && emails.length === 0
        ? [
            {
              path: "alarmEmails",
              message:
                "is empty in a prod stack, so its alarms would reach nobody; add the on-call address, e.g. " +
                `\`pulumi config set --path '${OBSERVABILITY_KEY}.alarmEmails[0]' platform-oncall@example.com\``,
            },
          ]
        : []),
    ]),
    ...fields.message("logRetentionDays", retentionProblem),
    ...fields.problems("metricsRetentionDays", (days) => {
      const problem = metricsRetentionProblem(days);
      return problem === undefined ? [] : [problem];
    }),
    ...fields.problems("thresholds", thresholdProblems),
    ...fields.problems("tracing", (tracing) =>
      tracingProblems(tracing.samplingRate, tracing.reservoirPerSecond),
    ),
  ];
  const grafana = fields.get("grafana");
  if (grafana !== undefined) {
    if (!(GRAFANA_VERSIONS as readonly string[]).includes(grafana.version)) {
      found.push({
        path: at("grafana.version"),
        message: `${JSON.stringify(grafana.version)} is not a Managed Grafana version; use one of ${GRAFANA_VERSIONS.join(", ")}`,
      });
    }
    if (grafana.enabled === true && context.region !== undefined) {
      const problem = serviceRegionProblem(
        at("grafana.enabled"),
        "Amazon Managed Grafana",
        context.region,
        MANAGED_GRAFANA_REGIONS,
      );
      if (problem !== undefined) {
        found.push(problem);
      }
    }
  }
  const kubernetes = fields.get("kubernetes");
  if (kubernetes !== undefined) {
    const interval = kubernetes.scrapeIntervalSeconds;
    if (!Number.isInteger(interval) || interval < MIN_SCRAPE_INTERVAL_SECONDS) {
      found.push({
        path: at("kubernetes.scrapeIntervalSeconds"),
        message: `${interval} is not a scrape interval the managed collector accepts; use whole seconds, ${MIN_SCRAPE_INTERVAL_SECONDS} or more`,
      });
    }
    if (!/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(kubernetes.addonVersion)) {
      found.push({
        path: at("kubernetes.addonVersion"),
        message: `${JSON.stringify(kubernetes.addonVersion)} is not a pinned add-on version; write it like ${CONTAINER_INSIGHTS_ADDON_VERSION} (see aws eks describe-addon-versions)`,
      });
    }
  }
  return found;
}
