/**
 * The CloudWatch dashboards: the region's and, in a secondary, one of both regions, built from the alarm plan.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Context } from "./context";
import { MonitoredResources, crossRegionDashboard, planAlarms, regionalDashboard } from "./plan";

/** The regional dashboard and, in a secondary, the cross-region one, both from the alarm plan. */
export function createDashboards(
  { name, resolved, childOpts, names, region }: Context,
  monitoredResources: pulumi.Output<MonitoredResources<string>>,
): { dashboard: aws.cloudwatch.Dashboard; crossRegionDashboard: aws.cloudwatch.Dashboard | undefined } {
  const dashboard = new aws.cloudwatch.Dashboard(
    name,
    {
      dashboardName: names.dashboard,
      dashboardBody: monitoredResources.apply((monitored) =>
        JSON.stringify(
          regionalDashboard(region, resolved.environment, planAlarms(monitored, resolved.thresholds)),
        ),
      ),
    },
    childOpts,
  );
  const crossRegion = resolved.crossRegion;
  const crossRegionDashboardResource =
    crossRegion === undefined
      ? undefined
      : new aws.cloudwatch.Dashboard(
          `${name}-cross-region`,
          {
            dashboardName: names.crossRegionDashboard,
            dashboardBody: pulumi
              .all([
                pulumi.output(crossRegion.monitored) as pulumi.Output<MonitoredResources<string>>,
                monitoredResources,
              ])
              .apply(([peer, own]) =>
                JSON.stringify(
                  crossRegionDashboard(resolved.environment, [
                    { region: crossRegion.region, alarms: planAlarms(peer, resolved.thresholds) },
                    { region, alarms: planAlarms(own, resolved.thresholds) },
                  ]),
                ),
              ),
          },
          childOpts,
        );
  return { dashboard, crossRegionDashboard: crossRegionDashboardResource };
}
