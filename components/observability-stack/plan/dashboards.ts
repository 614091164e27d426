/**
 * The CloudWatch dashboards of `ObservabilityStack`, as typed objects built from the alarm plan, so they show
 * exactly the alarmed metrics: a row per watched component, a chart per alarmed metric with its threshold.
 */
import { PlannedAlarm, RUNBOOK, Statistic, WATCHED_COMPONENTS, WatchedComponent } from "./alarms";

// ---------------------------------------------------------------------------------------------------------------
// Dashboards: typed objects that serialize to the CloudWatch dashboard body
// (CloudWatch API reference, "Dashboard Body Structure and Syntax").

/** `[namespace, metricName, dim1Name, dim1Value, …, options?]`, or `[{ expression, … }]` for a query. */
export type DashboardMetric =
  readonly [string, string, ...(string | DashboardMetricOptions)[]] | readonly [DashboardExpression];

export interface DashboardMetricOptions {
  readonly label?: string;
  readonly stat?: string;
  readonly region?: string;
}

export interface DashboardExpression {
  readonly expression: string;
  readonly label: string;
  readonly id: string;
  readonly region?: string;
}

export interface MetricWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    /** Every metric widget names its region: that is what lets one dashboard show two regions. */
    readonly region: string;
    readonly view: "timeSeries";
    readonly stat: Statistic;
    readonly period: number;
    readonly metrics: readonly DashboardMetric[];
    readonly annotations?: {
      readonly horizontal: readonly { readonly label: string; readonly value: number }[];
    };
  };
}

export interface TextWidget {
  readonly type: "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { readonly markdown: string };
}

export type DashboardWidget = MetricWidget | TextWidget;

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: "auto";
  readonly widgets: readonly DashboardWidget[];
}

/** A dashboard grid is 24 units wide. */
export const DASHBOARD_WIDTH = 24;
const HEADER_HEIGHT = 1;
const WIDGET_HEIGHT = 6;

const COMPONENT_TITLES: Readonly<Record<WatchedComponent, string>> = {
  aurora: "Aurora",
  kafka: "MSK",
  replicator: "MSK Replicator",
  nat: "NAT gateways",
  kubernetes: "EKS",
  alb: "Load balancer",
  waf: "WAF",
};

/** One chart: the series of one alarm preset, with its threshold drawn as a line. */
interface Chart {
  readonly title: string;
  readonly stat: Statistic;
  readonly period: number;
  readonly metrics: DashboardMetric[];
  readonly threshold?: { label: string; value: number };
}

function series(alarm: PlannedAlarm<string>, label: string, region?: string): DashboardMetric {
  if (alarm.query !== undefined) {
    return [
      { expression: alarm.query.build(alarm.query.source), label, id: "q1", ...(region ? { region } : {}) },
    ];
  }
  const dims = Object.entries(alarm.dimensions ?? {}).flat();
  return [alarm.namespace, alarm.metricName, ...dims, { label, ...(region ? { region } : {}) }];
}

/**
 * Charts of one component: one chart per metric, with one series per resource (per broker, per NAT gateway, per
 * replicator), so a row shows every watched resource of the component at once.
 */
function chartsOf(alarms: readonly PlannedAlarm<string>[], component: WatchedComponent): Chart[] {
  const byMetric = new Map<string, PlannedAlarm<string>[]>();
  for (const alarm of alarms.filter((a) => a.component === component)) {
    byMetric.set(alarm.metricName, [...(byMetric.get(alarm.metricName) ?? []), alarm]);
  }
  return [...byMetric.entries()].map(([metricName, group]) => {
    const first = group[0];
    return {
      title: `${COMPONENT_TITLES[component]}: ${metricName}`,
      stat: first.statistic,
      period: first.periodSeconds,
      metrics: group.map((alarm) => series(alarm, seriesLabel(alarm))),
      threshold: { label: "alarm threshold", value: first.threshold },
    };
  });
}

function seriesLabel(alarm: PlannedAlarm<string>): string {
  if (alarm.seriesLabel !== undefined) {
    return alarm.seriesLabel;
  }
  const dims = alarm.dimensions ?? {};
  return dims["Broker ID"] !== undefined
    ? `broker ${dims["Broker ID"]}`
    : (dims["NatGatewayId"] ?? dims["ReplicatorName"] ?? alarm.metricName);
}

function header(y: number, markdown: string): TextWidget {
  return { type: "text", x: 0, y, width: DASHBOARD_WIDTH, height: HEADER_HEIGHT, properties: { markdown } };
}

function metricWidget(chart: Chart, region: string, x: number, y: number, width: number): MetricWidget {
  return {
    type: "metric",
    x,
    y,
    width,
    height: WIDGET_HEIGHT,
    properties: {
      title: chart.title,
      region,
      view: "timeSeries",
      stat: chart.stat,
      period: chart.period,
      metrics: chart.metrics,
      ...(chart.threshold !== undefined ? { annotations: { horizontal: [chart.threshold] } } : {}),
    },
  };
}

/** Lays charts out in rows of up to three, 8 units wide each (the last row's charts share the width). */
function layoutRow(
  charts: readonly Chart[],
  region: string,
  startY: number,
): { widgets: MetricWidget[]; y: number } {
  const widgets: MetricWidget[] = [];
  let y = startY;
  for (let i = 0; i < charts.length; i += 3) {
    const line = charts.slice(i, i + 3);
    const width = DASHBOARD_WIDTH / line.length;
    line.forEach((chart, index) => widgets.push(metricWidget(chart, region, index * width, y, width)));
    y += WIDGET_HEIGHT;
  }
  return { widgets, y };
}

/**
 * The regional dashboard: one row per watched component (a header, then one chart per alarmed metric with every
 * watched resource as a series and the alarm threshold drawn), only for components present in `alarms`.
 */
export function regionalDashboard(
  region: string,
  environment: string,
  alarms: readonly PlannedAlarm<string>[],
): DashboardBody {
  const widgets: DashboardWidget[] = [
    header(0, `# Platform ${environment} — ${region}\nAlarms and first responses: ${RUNBOOK}`),
  ];
  let y = HEADER_HEIGHT;
  for (const component of WATCHED_COMPONENTS) {
    const charts = chartsOf(alarms, component);
    if (charts.length === 0) {
      continue;
    }
    widgets.push(header(y, `## ${COMPONENT_TITLES[component]}`));
    const row = layoutRow(charts, region, y + HEADER_HEIGHT);
    widgets.push(...row.widgets);
    y = row.y;
  }
  return { start: "-PT3H", periodOverride: "auto", widgets };
}

/** One region's part of the cross-region view. */
export interface RegionView {
  readonly region: string;
  readonly alarms: readonly PlannedAlarm<string>[];
}

/**
 * The cross-region view (in the secondary): one row per component, and in each row one chart per region side by
 * side — each widget with its own `region`, so CloudWatch reads each region's metrics where they are published.
 */
export function crossRegionDashboard(environment: string, views: readonly RegionView[]): DashboardBody {
  const regions = views.map((view) => view.region);
  const widgets: DashboardWidget[] = [
    header(0, `# Platform ${environment} — ${regions.join(" and ")}\nAlarms and first responses: ${RUNBOOK}`),
  ];
  let y = HEADER_HEIGHT;
  const width = DASHBOARD_WIDTH / Math.max(views.length, 1);
  for (const component of WATCHED_COMPONENTS) {
    const perRegion = views.map((view) => ({ view, charts: chartsOf(view.alarms, component) }));
    if (perRegion.every((entry) => entry.charts.length === 0)) {
      continue;
    }
    widgets.push(header(y, `## ${COMPONENT_TITLES[component]}`));
    y += HEADER_HEIGHT;
    const rows = Math.max(...perRegion.map((entry) => entry.charts.length));
    for (let row = 0; row < rows; row++) {
      perRegion.forEach((entry, column) => {
        const chart = entry.charts[row];
        if (chart !== undefined) {
          const titled = { ...chart, title: `${entry.view.region} — ${chart.title}` };
          widgets.push(metricWidget(titled, entry.view.region, column * width, y, width));
        }
      });
      y += WIDGET_HEIGHT;
    }
  }
  return { start: "-PT3H", periodOverride: "auto", widgets };
}

/** Every metric a dashboard references: `namespace/metric/dimension=value…`, or the query text. */
export function dashboardReferences(body: DashboardBody): { region: string; metric: string }[] {
  const references: { region: string; metric: string }[] = [];
  for (const widget of body.widgets) {
    if (widget.type !== "metric") {
      continue;
    }
    for (const metric of widget.properties.metrics) {
      const [first, ...rest] = metric;
      if (typeof first !== "string") {
        references.push({ region: first.region ?? widget.properties.region, metric: first.expression });
        continue;
      }
      const parts = rest.filter((part): part is string => typeof part === "string");
      const [metricName, ...dims] = parts;
      const pairs: string[] = [];
      for (let i = 0; i < dims.length; i += 2) {
        pairs.push(`${dims[i]}=${dims[i + 1]}`);
      }
      references.push({
        region: widget.properties.region,
        metric: [first, metricName, ...pairs].join("/"),
      });
    }
  }
  return references;
}

/** The metric reference of an alarm, in the format of `dashboardReferences`. */
export function alarmReference(alarm: PlannedAlarm<string>): string {
  if (alarm.query !== undefined) {
    return alarm.query.build(alarm.query.source);
  }
  const pairs = Object.entries(alarm.dimensions ?? {}).map(([name, value]) => `${name}=${value}`);
  return [alarm.namespace, alarm.metricName, ...pairs].join("/");
}
