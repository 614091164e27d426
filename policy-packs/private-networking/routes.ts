/**
 * Routes: the data tier has no route to the internet. A data store in a subnet whose route table sends traffic to an
 * internet gateway is one security group rule or one `publiclyAccessible` away from the internet; the data tier's
 * route tables carry only local routes and peering routes, its subnets each have one of the stack's route tables
 * (otherwise the VPC's main route table, which no policy sees, decides).
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources } from "../lib/links";
import { configWithDefaults, resourcesOfType, schema } from "../lib/policy";
import { tagMap } from "../lib/tags";
import { isRecord, isUnknown, knownStrings, listOf, peek } from "../lib/values";

export const SUBNET = "aws:ec2/subnet:Subnet";
export const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
export const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
export const ROUTE = "aws:ec2/route:Route";
export const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";

export interface DataRoutesConfig {
  tierTag: string;
  dataTier: string;
}
const dataRoutesDefaults: DataRoutesConfig = { tierTag: "Tier", dataTier: "data" };

/** Whether a route's `gatewayId` names an internet gateway by its id (`igw-…`). */
function hasInternetGatewayId(route: unknown): boolean {
  return knownStrings(peek(route, "gatewayId")).some((id) => id.startsWith("igw-"));
}

/**
 * The routes of a route table that go to an internet gateway: inline ones (`routes[i]`: by id, or, while the id is not
 * known, when the route list is computed from an internet gateway of the stack) and `aws.ec2.Route`s (by id or by
 * their `gatewayId`'s dependencies).
 */
function internetRoutes(
  args: StackValidationArgs,
  table: PolicyResource,
  gateways: PolicyResource[],
): string[] {
  const inlineFromGateway = linkedResources(table, "routes", gateways).length > 0;
  const inline = listOf(peek(table.props, "routes") as unknown[] | undefined)
    .map((route, index) => ({ route, index }))
    .filter(
      ({ route }) =>
        isRecord(route) &&
        (hasInternetGatewayId(route) || (inlineFromGateway && isUnknown(peek(route, "gatewayId")))),
    )
    .map(({ index }) => `routes[${index}]`);
  const standalone = resourcesOfType(args, ROUTE)
    .filter((route) => linkedResources(route, "routeTableId", [table]).length > 0)
    .filter(
      (route) =>
        hasInternetGatewayId(route.props) || linkedResources(route, "gatewayId", gateways).length > 0,
    )
    .map((route) => `route ${route.name}`);
  return [...inline, ...standalone];
}

export const dataSubnetsNoInternetGatewayRoute: StackValidationPolicy = {
  name: "data-subnets-no-internet-gateway-route",
  description:
    "Subnets of the data tier are associated with route tables of the stack that have no route to an internet gateway.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    tierTag: {
      type: "string",
      default: dataRoutesDefaults.tierTag,
      description: "Tag that names a subnet's tier.",
    },
    dataTier: {
      type: "string",
      default: dataRoutesDefaults.dataTier,
      description: "Tier of the data subnets.",
    },
  }),
  validateStack: (args, report) => {
    const { tierTag, dataTier } = configWithDefaults(args, dataRoutesDefaults);
    const tables = resourcesOfType(args, ROUTE_TABLE);
    const gateways = resourcesOfType(args, INTERNET_GATEWAY);
    const associations = resourcesOfType(args, ROUTE_TABLE_ASSOCIATION);
    const dataSubnets = resourcesOfType(args, SUBNET).filter(
      (subnet) => tagMap(peek(subnet.props, "tags"))[tierTag] === dataTier,
    );
    for (const subnet of dataSubnets) {
      const own = associations.filter((a) => linkedResources(a, "subnetId", [subnet]).length > 0);
      if (own.length === 0) {
        report(
          `this ${tierTag}=${dataTier} subnet has no route table association in this stack, so the VPC's main route ` +
            "table routes it; associate it with a route table of this stack that has no internet gateway route.",
          subnet.urn,
        );
        continue;
      }
      for (const association of own) {
        for (const table of linkedResources(association, "routeTableId", tables)) {
          const routes = internetRoutes(args, table, gateways);
          if (routes.length > 0) {
            report(
              `this ${tierTag}=${dataTier} subnet uses route table ${table.name}, whose ${routes.join(", ")} ` +
                "go to an internet gateway; remove them (data subnets reach AWS through endpoints and other " +
                "networks through peering).",
              subnet.urn,
            );
          }
        }
      }
    }
  },
};
