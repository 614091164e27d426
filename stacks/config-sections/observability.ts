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
import { Problem, prefixProblems } from "../../components/common/validation";
import {
  fallbackError,
  isRecord,
  list,
  map,
  messages,
  numeric,
  strict,
  structured,
  text,
  zodProblems,
} from "./schema";

export const OBSERVABILITY_KEY = "platform:observability";

export const OBSERVABILITY_DEFAULTS = {
  alarmEmails: [] as string[],
  logRetentionDays: observabilityStackDefaults.logRetentionDays,
  metricsRetentionDays: observabilityStackDefaults.metricsRetentionDays,
  samplingRate: observabilityStackDefaults.samplingRate,
  reservoirPerSecond: observabilityStackDefaults.reservoirPerSecond,
  grafanaVersion: observabilityStackDefaults.grafanaVersion,
  scrapeIntervalSeconds: observabilityStackDefaults.scrapeIntervalSeconds,
  containerInsights: observabilityStackDefaults.containerInsights,
  addonVersion: CONTAINER_INSIGHTS_ADDON_VERSION,
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

export interface ObservabilityContext {
  /** `platform:environment`, when valid. */
  readonly environment: string | undefined;
  /** `aws:region`, when valid. */
  readonly region: string | undefined;
}

/**
 * Validates `platform:observability` (JSON text as Pulumi passes it, the parsed value, or absent): shapes with our
 * messages, then the component's rules on every field whose shape is valid, and the environment's rule (prod needs
 * an alarm address). Returns the defaulted config when it is valid.
 */
export function checkObservability(
  raw: unknown,
  stack: string,
  context: ObservabilityContext,
  problems: Problem[],
): ObservabilityConfig | undefined {
  const found: Problem[] = [];
  let value: unknown = {};
  if (raw !== undefined) {
    value = structured(raw, OBSERVABILITY_KEY, "", stack, found);
    if (value === undefined) {
      problems.push(...found);
      return undefined;
    }
  }
  const parsed = ObservabilitySchema.safeParse(value, { error: fallbackError });
  if (!parsed.success) {
    found.push(...zodProblems(OBSERVABILITY_KEY, parsed.error.issues));
  }
  if (isRecord(value)) {
    const field = <K extends keyof (typeof ObservabilitySchema)["shape"]>(key: K) => {
      const result = ObservabilitySchema.shape[key].safeParse(value[key]);
      return result.success ? (result.data as z.output<(typeof ObservabilitySchema)["shape"][K]>) : undefined;
    };
    const emails = field("alarmEmails");
    if (emails !== undefined) {
      found.push(...prefixProblems(OBSERVABILITY_KEY, alarmEmailProblems(emails)));
      if (context.environment === "prod" && emails.length === 0) {
        found.push({
          path: `${OBSERVABILITY_KEY}.alarmEmails`,
          message:
            "is empty in a prod stack, so its alarms would reach nobody; add the on-call address, e.g. " +
            `\`pulumi config set --path '${OBSERVABILITY_KEY}.alarmEmails[0]' platform-oncall@example.com\``,
        });
      }
    }
    const logRetention = field("logRetentionDays");
    const logProblem = logRetention === undefined ? undefined : retentionProblem(logRetention);
    if (logProblem !== undefined) {
      found.push({ path: `${OBSERVABILITY_KEY}.logRetentionDays`, message: logProblem });
    }
    const metricsRetention = field("metricsRetentionDays");
    const metricsProblem =
      metricsRetention === undefined ? undefined : metricsRetentionProblem(metricsRetention);
    if (metricsProblem !== undefined) {
      found.push(...prefixProblems(OBSERVABILITY_KEY, [metricsProblem]));
    }
    const thresholds = field("thresholds");
    if (thresholds !== undefined) {
      found.push(...prefixProblems(OBSERVABILITY_KEY, thresholdProblems(thresholds)));
    }
    const tracing = field("tracing");
    if (tracing !== undefined) {
      found.push(
        ...prefixProblems(
          OBSERVABILITY_KEY,
          tracingProblems(tracing.samplingRate, tracing.reservoirPerSecond),
        ),
      );
    }
    const grafana = field("grafana");
    if (grafana !== undefined) {
      if (!(GRAFANA_VERSIONS as readonly string[]).includes(grafana.version)) {
        found.push({
          path: `${OBSERVABILITY_KEY}.grafana.version`,
          message: `${JSON.stringify(grafana.version)} is not a Managed Grafana version; use one of ${GRAFANA_VERSIONS.join(", ")}`,
        });
      }
      if (grafana.enabled === true && context.region !== undefined) {
        const problem = serviceRegionProblem(
          `${OBSERVABILITY_KEY}.grafana.enabled`,
          "Amazon Managed Grafana",
          context.region,
          MANAGED_GRAFANA_REGIONS,
        );
        if (problem !== undefined) {
          found.push(problem);
        }
      }
    }
    const kubernetes = field("kubernetes");
    if (kubernetes !== undefined) {
      const interval = kubernetes.scrapeIntervalSeconds;
      if (!Number.isInteger(interval) || interval < MIN_SCRAPE_INTERVAL_SECONDS) {
        found.push({
          path: `${OBSERVABILITY_KEY}.kubernetes.scrapeIntervalSeconds`,
          message: `${interval} is not a scrape interval the managed collector accepts; use whole seconds, ${MIN_SCRAPE_INTERVAL_SECONDS} or more`,
        });
      }
      if (!/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(kubernetes.addonVersion)) {
        found.push({
          path: `${OBSERVABILITY_KEY}.kubernetes.addonVersion`,
          message: `${JSON.stringify(kubernetes.addonVersion)} is not a pinned add-on version; write it like ${CONTAINER_INSIGHTS_ADDON_VERSION} (see aws eks describe-addon-versions)`,
        });
      }
    }
  }
  problems.push(...found);
  if (!parsed.success || found.length > 0) {
    return undefined;
  }
  const data = parsed.data;
  return {
    alarmEmails: [...data.alarmEmails],
    logRetentionDays: data.logRetentionDays,
    metricsRetentionDays: data.metricsRetentionDays,
    thresholds: data.thresholds as Partial<AlarmThresholds>,
    tracing: { ...data.tracing },
    grafana: {
      enabled: data.grafana.enabled ?? MANAGED_GRAFANA_REGIONS.includes(context.region ?? ""),
      // Checked above against GRAFANA_VERSIONS.
      version: data.grafana.version as GrafanaVersion,
    },
    kubernetes: { ...data.kubernetes },
  };
}
