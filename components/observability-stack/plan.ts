/**
 * Pure planning for `ObservabilityStack`. This file holds the physical names and the arguments' defaults and rules
 * (shared with the `platform:observability` config section); the subjects they draw on are split under `./plan/`:
 * the managed services (`services.ts`: where they are offered, versions, limits), the alarms (`alarms.ts`:
 * thresholds, what is watched, the presets), the dashboards (`dashboards.ts`), the IAM documents (`policies.ts`) and
 * the Prometheus configuration (`prometheus.ts`). Nothing here imports `@pulumi/*`: identifiers are a type parameter
 * `T` (plain strings in tests and for the dashboards, `pulumi.Input<string>` in the component), so every rule is
 * testable without mocks (`test/components/observability-stack/plan.spec.ts`).
 */
import { z } from "zod";
import { isRegionName, retentionProblem } from "../common/aws-limits";
import { Problem, prefixProblems } from "../common/validation";
import { MonitoredResources, resourceKeyProblems, thresholdProblems } from "./plan/alarms";
import {
  CONTAINER_INSIGHTS_ADDON_VERSION,
  GRAFANA_VERSIONS,
  GrafanaVersion,
  MANAGED_GRAFANA_REGIONS,
  MANAGED_PROMETHEUS_REGIONS,
  MAX_METRICS_RETENTION_DAYS,
  MAX_SAMPLING_RULE_NAME_LENGTH,
  MIN_SCRAPE_INTERVAL_SECONDS,
  MIN_SCRAPER_SUBNETS,
} from "./plan/services";

export * from "./plan/alarms";
export * from "./plan/dashboards";
export * from "./plan/policies";
export * from "./plan/prometheus";
export * from "./plan/services";

// ---------------------------------------------------------------------------------------------------------------
// Names

/** Physical names of the stack's named resources: they include the environment and the region (ADR 0016). */
export interface ObservabilityNames {
  /** Prefix of every alarm name, `<prefix>-<environment>-<region>`. */
  readonly alarmPrefix: string;
  /** The regional dashboard (dashboard names are unique per account, not per region). */
  readonly dashboard: string;
  /** The secondary's dashboard of both regions. */
  readonly crossRegionDashboard: string;
  /** The X-Ray sampling rule (at most 32 characters). */
  readonly samplingRule: string;
  /** The Grafana workspace and the Prometheus workspace alias. */
  readonly workspace: string;
}

export function observabilityNames(prefix: string, environment: string, region: string): ObservabilityNames {
  const base = `${prefix}-${environment}-${region}`;
  return {
    alarmPrefix: base,
    dashboard: base,
    crossRegionDashboard: `${base}-cross-region`,
    samplingRule: base,
    workspace: base,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The arguments: defaults and rules

/** The defaults, in one place. */
export const observabilityStackDefaults = {
  namePrefix: "platform",
  alarmEmails: [] as readonly string[],
  logRetentionDays: 365,
  metricsRetentionDays: 150,
  samplingRate: 0.05,
  reservoirPerSecond: 1,
  scrapeIntervalSeconds: 60,
  containerInsights: true,
  addonVersion: CONTAINER_INSIGHTS_ADDON_VERSION,
  grafanaVersion: "10.4" as GrafanaVersion,
  protect: false,
  tags: {},
} as const;

const NAME_PART = /^[a-z0-9][a-z0-9-]*$/;

/** Whether `text` can be part of a physical name: lowercase letters, digits and `-`, starting with either. */
export function isNamePart(text: string): boolean {
  return NAME_PART.test(text);
}

/**
 * The plain part of the (defaulted) arguments the rules read; the component's resolved arguments are one (its
 * identifiers are Outputs: only the shape of what is watched is checked).
 */
export interface ObservabilityStackPlanInput {
  readonly environment: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly alarmEmails: readonly string[];
  readonly logRetentionDays: number;
  readonly metricsRetentionDays: number;
  /** The thresholds as given (validated key by key). */
  readonly givenThresholds: Readonly<Record<string, unknown>>;
  readonly tracing: { readonly samplingRate: number; readonly reservoirPerSecond: number };
  readonly monitored: MonitoredResources<unknown>;
  readonly kubernetes: { readonly scrapeIntervalSeconds: number; readonly addonVersion: string } | undefined;
  /** The MSK collector: its interval and its subnets (only their number is checked). */
  readonly kafka:
    { readonly scrapeIntervalSeconds: number; readonly subnetIds: readonly unknown[] } | undefined;
  readonly grafana: {
    readonly enabled: boolean;
    readonly version: string;
    readonly peers: readonly { readonly region: string }[];
  };
  readonly crossRegion:
    { readonly region: string; readonly monitored: MonitoredResources<unknown> } | undefined;
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them. The component adds the problem of its
 * provider (`validateObservabilityStackArgs`); empty when the component can be built.
 */
export function observabilityStackArgsProblems(args: ObservabilityStackPlanInput): Problem[] {
  const problems: Problem[] = [];
  if (!isNamePart(args.environment) || args.environment.length > 16) {
    problems.push({
      path: "environment",
      message: `${JSON.stringify(args.environment)} cannot be part of a name; use 1 to 16 lowercase letters, digits and - (e.g. prod)`,
    });
  }
  const regionValid = isRegionName(args.region);
  if (!regionValid) {
    problems.push({
      path: "region",
      message: `${JSON.stringify(args.region)} is not a region name; pass the provider's region, e.g. ap-east-2`,
    });
  }
  if (!isNamePart(args.namePrefix)) {
    problems.push({
      path: "namePrefix",
      message: `${JSON.stringify(args.namePrefix)} cannot start a name; use lowercase letters, digits and -, starting with a letter or digit (e.g. platform)`,
    });
  } else {
    const ruleName = observabilityNames(args.namePrefix, args.environment, args.region).samplingRule;
    if (ruleName.length > MAX_SAMPLING_RULE_NAME_LENGTH) {
      problems.push({
        path: "namePrefix",
        message: `the X-Ray sampling rule would be named ${ruleName} (${ruleName.length} characters), but X-Ray allows ${MAX_SAMPLING_RULE_NAME_LENGTH}; shorten the prefix by ${ruleName.length - MAX_SAMPLING_RULE_NAME_LENGTH}`,
      });
    }
  }
  problems.push(...alarmEmailProblems(args.alarmEmails));
  const retention = retentionProblem(args.logRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "logRetentionDays", message: retention });
  }
  const metricsRetention = metricsRetentionProblem(args.metricsRetentionDays);
  if (metricsRetention !== undefined) {
    problems.push(metricsRetention);
  }
  problems.push(...thresholdProblems(args.givenThresholds));
  problems.push(...tracingProblems(args.tracing.samplingRate, args.tracing.reservoirPerSecond));
  problems.push(...prefixProblems("monitored", monitoredProblems(args.monitored)));
  problems.push(...edgeRegionProblems("monitored", args.monitored, args.region));
  if (regionValid) {
    if (!MANAGED_PROMETHEUS_REGIONS.includes(args.region)) {
      problems.push({
        path: "region",
        message: `Amazon Managed Service for Prometheus is not offered in ${args.region}; this component needs it (add the region to MANAGED_PROMETHEUS_REGIONS once AWS offers it there)`,
      });
    }
    if (args.grafana.enabled) {
      const grafana = serviceRegionProblem(
        "grafana.enabled",
        "Amazon Managed Grafana",
        args.region,
        MANAGED_GRAFANA_REGIONS,
      );
      if (grafana !== undefined) {
        problems.push(grafana);
      }
    }
  }
  if (!(GRAFANA_VERSIONS as readonly string[]).includes(args.grafana.version)) {
    problems.push({
      path: "grafana.version",
      message: `${JSON.stringify(args.grafana.version)} is not a Managed Grafana version; use one of ${GRAFANA_VERSIONS.join(", ")}`,
    });
  }
  const peerRegions = new Set<string>([args.region]);
  args.grafana.peers.forEach((peer, index) => {
    if (!isRegionName(peer.region)) {
      problems.push({
        path: `grafana.peers[${index}].region`,
        message: `${JSON.stringify(peer.region)} is not a region name; write it like ap-east-2`,
      });
    } else if (peerRegions.has(peer.region)) {
      problems.push({
        path: `grafana.peers[${index}].region`,
        message: `${peer.region} is this workspace's region or listed twice; list each other region once`,
      });
    }
    peerRegions.add(peer.region);
  });
  if (args.kubernetes !== undefined) {
    const interval = args.kubernetes.scrapeIntervalSeconds;
    if (!Number.isInteger(interval) || interval < MIN_SCRAPE_INTERVAL_SECONDS) {
      problems.push({
        path: "kubernetes.scrapeIntervalSeconds",
        message: `${interval} is not a scrape interval the managed collector accepts; use whole seconds, ${MIN_SCRAPE_INTERVAL_SECONDS} or more`,
      });
    }
    if (!/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(args.kubernetes.addonVersion)) {
      problems.push({
        path: "kubernetes.addonVersion",
        message: `${JSON.stringify(args.kubernetes.addonVersion)} is not a pinned add-on version; write it like ${CONTAINER_INSIGHTS_ADDON_VERSION} (see aws eks describe-addon-versions)`,
      });
    }
  }
  if (args.kafka !== undefined) {
    const interval = args.kafka.scrapeIntervalSeconds;
    if (!Number.isInteger(interval) || interval < MIN_SCRAPE_INTERVAL_SECONDS) {
      problems.push({
        path: "kafka.scrapeIntervalSeconds",
        message: `${interval} is not a scrape interval the managed collector accepts; use whole seconds, ${MIN_SCRAPE_INTERVAL_SECONDS} or more`,
      });
    }
    // AMP User Guide, prom-msk-integration: "include at least two subnets across two availability zones".
    if (args.kafka.subnetIds.length < MIN_SCRAPER_SUBNETS) {
      problems.push({
        path: "kafka.subnetIds",
        message: `${args.kafka.subnetIds.length} subnet(s) given; the managed collector needs subnets in at least ${MIN_SCRAPER_SUBNETS} availability zones: pass the brokers' data subnets`,
      });
    }
  }
  if (args.crossRegion !== undefined) {
    if (!isRegionName(args.crossRegion.region) || args.crossRegion.region === args.region) {
      problems.push({
        path: "crossRegion.region",
        message: `${JSON.stringify(args.crossRegion.region)} is not another region; name the peer region, e.g. ap-east-2`,
      });
    }
    problems.push(...prefixProblems("crossRegion.monitored", monitoredProblems(args.crossRegion.monitored)));
    problems.push(
      ...edgeRegionProblems("crossRegion.monitored", args.crossRegion.monitored, args.crossRegion.region),
    );
  }
  return problems;
}

export function monitoredProblems(monitored: MonitoredResources<unknown>): Problem[] {
  const problems: Problem[] = [];
  const kafka = monitored.kafka;
  if (kafka !== undefined) {
    if (kafka.brokerIds.length === 0) {
      problems.push({
        path: "kafka.brokerIds",
        message: "is empty; list the broker ids (kafkaBrokerIds(<brokers>))",
      });
    }
    const seen = new Set<string>();
    kafka.brokerIds.forEach((id, index) => {
      if (!/^[1-9]\d*$/.test(id) || seen.has(id)) {
        problems.push({
          path: `kafka.brokerIds[${index}]`,
          message: `${JSON.stringify(id)} is not a new broker id; MSK numbers brokers 1, 2, 3, …: list each once`,
        });
      }
      seen.add(id);
    });
  }
  problems.push(...resourceKeyProblems("natGateways", Object.keys(monitored.natGateways ?? {})));
  problems.push(...resourceKeyProblems("replicators", Object.keys(monitored.replicators ?? {})));
  if (monitored.edge !== undefined) {
    problems.push(...resourceKeyProblems("edge.targetGroups", Object.keys(monitored.edge.targetGroups)));
  }
  return problems;
}

/**
 * Problem of a watched edge in another region than the alarms' (WAF publishes by `Region`, and CloudWatch alarms
 * read metrics of their own region only), with path `<path>.edge.region`.
 */
export function edgeRegionProblems(
  path: string,
  monitored: MonitoredResources<unknown>,
  region: string,
): Problem[] {
  const edge = monitored.edge;
  if (edge === undefined || edge.region === region) {
    return [];
  }
  return [
    {
      path: `${path}.edge.region`,
      message: `${JSON.stringify(edge.region)} is not ${region}, the region these alarms and dashboards read; pass the RegionalEdge of ${region}`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Checks of plain values shared by the component and the config section

/**
 * An e-mail address SNS can deliver to: zod's `z.email()` (a dot-atom local part of letters, digits and `_ ' + -`;
 * a domain of letter-digit-hyphen labels with a top-level domain of 2 or more letters: no quoted local parts, IP
 * literals or single-label hosts), within the 254 characters of an SMTP path (RFC 5321, 4.5.3.1.3).
 */
const EMAIL = z.email();
export const MAX_EMAIL_LENGTH = 254;

/** Problems of the alarm e-mail list, with paths `alarmEmails[i]`. */
export function alarmEmailProblems(emails: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  emails.forEach((email, index) => {
    const path = `alarmEmails[${index}]`;
    if (typeof email !== "string" || !EMAIL.safeParse(email).success) {
      problems.push({
        path,
        message: `${JSON.stringify(email)} is not an e-mail address; write it like oncall@example.com`,
      });
    } else if (email.length > MAX_EMAIL_LENGTH) {
      problems.push({
        path,
        message: `has ${email.length} characters; an e-mail address has at most ${MAX_EMAIL_LENGTH}: use a shorter one`,
      });
    } else if (seen.has(email.toLowerCase())) {
      problems.push({ path, message: `${email} is listed twice; list each address once` });
    }
    seen.add(typeof email === "string" ? email.toLowerCase() : "");
  });
  return problems;
}

/** The resource key of an e-mail subscription: stable per address, never a list index. */
export function emailKey(email: string): string {
  return email
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Problems of the tracing sampling settings, with paths `tracing.<field>`. */
export function tracingProblems(samplingRate: number, reservoirPerSecond: number): Problem[] {
  const problems: Problem[] = [];
  if (!Number.isFinite(samplingRate) || samplingRate < 0 || samplingRate > 1) {
    problems.push({
      path: "tracing.samplingRate",
      message: `${samplingRate} is not a sampling rate; use a fraction from 0 to 1 (e.g. 0.05 traces 5% of requests)`,
    });
  }
  if (!Number.isInteger(reservoirPerSecond) || reservoirPerSecond < 0) {
    problems.push({
      path: "tracing.reservoirPerSecond",
      message: `${reservoirPerSecond} is not a reservoir; use a whole number of traced requests per second, 0 or more`,
    });
  }
  return problems;
}

/** Problem of an AMP retention, or undefined when it is accepted. */
export function metricsRetentionProblem(days: number): Problem | undefined {
  if (Number.isInteger(days) && days >= 1 && days <= MAX_METRICS_RETENTION_DAYS) {
    return undefined;
  }
  return {
    path: "metricsRetentionDays",
    message: `${days} is not a Prometheus retention; use whole days from 1 to ${MAX_METRICS_RETENTION_DAYS} (the service default is 150)`,
  };
}

/** Problem of a managed service switched on in a region that does not offer it. */
export function serviceRegionProblem(
  path: string,
  service: string,
  region: string,
  offeredIn: readonly string[],
): Problem | undefined {
  if (offeredIn.includes(region)) {
    return undefined;
  }
  return {
    path,
    message: `${service} is not offered in ${region}; set ${path} to false (a workspace in another region can read this one, see ADR 0016)`,
  };
}
