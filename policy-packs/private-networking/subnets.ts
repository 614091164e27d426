/**
 * Subnets and tiers. Subnets carry a tier tag (`Tier`: `data`, `workload` or `edge`); none maps public IPs; data
 * stores (DB subnet groups, MSK brokers) use only `data` subnets; and `edge` subnets hold only NAT gateways and
 * internet-facing load balancers.
 */
import type * as aws from "@pulumi/aws";
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { dependencyMembers, listReference, requireKnownIds, stringList } from "../lib/links";
import { configWithDefaults, Inputs, resourcesOfType, schema, validateType } from "../lib/policy";
import { RDS_CLUSTER, RDS_INSTANCE } from "../lib/rds";
import { tagMap } from "../lib/tags";
import { describe, isRecord, isUnknown, knownStrings, peek, setTo } from "../lib/values";

export const SUBNET = "aws:ec2/subnet:Subnet";
export const DB_SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
export const MSK_CLUSTER = "aws:msk/cluster:Cluster";

export const subnetNoPublicIp: ResourceValidationPolicy = {
  name: "subnet-no-public-ip",
  description: "Subnets never assign public IP addresses to the network interfaces launched in them.",
  enforcementLevel: "mandatory",
  validateResource: validateType<Inputs<aws.ec2.SubnetArgs>>(SUBNET, (subnet, _args, report) => {
    if (subnet.mapPublicIpOnLaunch === true) {
      report(setTo("mapPublicIpOnLaunch", subnet.mapPublicIpOnLaunch, "false"));
    }
  }),
};

function tierOf(subnet: PolicyResource, tierTag: string): string | undefined {
  return tagMap(subnet.props["tags"])[tierTag];
}

export interface DataSubnetsConfig {
  /** Tag that names a subnet's tier. */
  tierTag: string;
  /** Tier of the subnets data stores may use. */
  dataTier: string;
}
const dataSubnetsDefaults: DataSubnetsConfig = { tierTag: "Tier", dataTier: "data" };

export const dataStoresInDataSubnets: StackValidationPolicy = {
  name: "data-stores-in-data-subnets",
  description:
    "DB subnet groups, Aurora clusters, RDS DB instances and MSK brokers use only subnets of the data tier.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    tierTag: {
      type: "string",
      default: dataSubnetsDefaults.tierTag,
      description: "Tag that names a subnet's tier.",
    },
    dataTier: {
      type: "string",
      default: dataSubnetsDefaults.dataTier,
      description: "Tier data stores may use.",
    },
  }),
  validateStack: (args, report) => {
    const { tierTag, dataTier } = configWithDefaults(args, dataSubnetsDefaults);
    const subnets = resourcesOfType(args, SUBNET);
    const wanted = `subnets tagged ${tierTag}=${dataTier}`;
    const check = (resource: PolicyResource, dependencyKey: string, path: string, values: string[]) => {
      const { matched, unmatched } = listReference(resource, dependencyKey, values, subnets);
      for (const id of unmatched) {
        report(
          `${path} contains ${describe(id)}, which is not a subnet of this stack; use only ${wanted}.`,
          resource.urn,
        );
      }
      for (const subnet of matched) {
        const tier = tierOf(subnet, tierTag);
        if (tier !== dataTier) {
          report(
            `${path} contains subnet ${subnet.name} (${tierTag} ${describe(tier)}); use only ${wanted}.`,
            resource.urn,
          );
        }
      }
    };
    for (const group of resourcesOfType(args, DB_SUBNET_GROUP)) {
      check(group, "subnetIds", "subnetIds", stringList(group.props["subnetIds"]));
    }
    for (const cluster of resourcesOfType(args, MSK_CLUSTER)) {
      const info = cluster.props["brokerNodeGroupInfo"] as { clientSubnets?: unknown } | undefined;
      check(
        cluster,
        "brokerNodeGroupInfo",
        "brokerNodeGroupInfo.clientSubnets",
        stringList(info?.clientSubnets),
      );
    }
    // Without a DB subnet group, RDS places a cluster or an instance in the VPC's default subnet group.
    for (const db of resourcesOfType(args, RDS_CLUSTER, RDS_INSTANCE)) {
      if (peek(db.props, "dbSubnetGroupName") === undefined) {
        report(setTo("dbSubnetGroupName", undefined, `a DB subnet group of ${wanted}`), db.urn);
      }
    }
  },
};

export interface EdgeSubnetsConfig {
  tierTag: string;
  /** Tier of the public subnets. */
  edgeTier: string;
  /** Resource types that may use edge subnets. */
  allowedTypes: string[];
}
export const edgeSubnetsDefaults: EdgeSubnetsConfig = {
  tierTag: "Tier",
  edgeTier: "edge",
  allowedTypes: [
    "aws:ec2/natGateway:NatGateway",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    "aws:ec2/networkAcl:NetworkAcl",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/tag:Tag",
  ],
};

/** Known subnet ids under keys that name subnets (`subnetId`, `subnetIds`, `clientSubnets`, …), per top-level key. */
function subnetReferences(props: Record<string, unknown>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (value: unknown, topKey: string, underSubnetKey: boolean): void => {
    if (isUnknown(value)) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v) => visit(v, topKey, underSubnetKey));
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        visit(peek(value, key), topKey, underSubnetKey || /subnet/i.test(key));
      }
    } else if (underSubnetKey && typeof value === "string") {
      found.set(topKey, [...(found.get(topKey) ?? []), ...knownStrings(value)]);
    }
  };
  for (const key of Object.keys(props)) {
    const subnetKey = /subnet/i.test(key);
    if (subnetKey) {
      found.set(key, found.get(key) ?? []);
    }
    visit(peek(props, key), key, subnetKey);
  }
  return found;
}

function reportEdgeUse(
  resource: PolicyResource,
  key: string,
  subnet: PolicyResource,
  report: ReportViolation,
) {
  report(
    `${key} refers to edge subnet ${subnet.name}; only NAT gateways and internet-facing load balancers belong in ` +
      "the edge tier, use a workload or data subnet.",
    resource.urn,
  );
}

export const edgeSubnetsRestricted: StackValidationPolicy = {
  name: "edge-subnets-restricted",
  description: "Edge (public) subnets hold only NAT gateways and internet-facing load balancers.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    tierTag: {
      type: "string",
      default: edgeSubnetsDefaults.tierTag,
      description: "Tag that names a subnet's tier.",
    },
    edgeTier: {
      type: "string",
      default: edgeSubnetsDefaults.edgeTier,
      description: "Tier of the public subnets.",
    },
    allowedTypes: {
      type: "array",
      items: { type: "string" },
      default: edgeSubnetsDefaults.allowedTypes,
      description: "Resource types that may use edge subnets.",
    },
  }),
  validateStack: (args, report) => {
    const { tierTag, edgeTier, allowedTypes } = configWithDefaults(args, edgeSubnetsDefaults);
    const subnets = resourcesOfType(args, SUBNET);
    const edge = subnets.filter((s) => tierOf(s, tierTag) === edgeTier);
    if (edge.length === 0) {
      return;
    }
    requireKnownIds(edge);
    const byId = new Map(
      edge.flatMap((s) => knownStrings(peek(s.props, "id")).map((id) => [id, s] as const)),
    );
    for (const resource of args.resources) {
      if (allowedTypes.includes(resource.type) || /^(platform|pulumi):/.test(resource.type)) {
        continue;
      }
      for (const [key, ids] of subnetReferences(resource.props)) {
        // By id when the subnets' ids are known; by property dependency otherwise (no ids in an offline plan).
        const hits =
          byId.size > 0
            ? [...new Set(ids.flatMap((id) => byId.get(id) ?? []))]
            : dependencyMembers(resource, key, ids.length, subnets).filter((s) => edge.includes(s));
        hits.forEach((subnet) => reportEdgeUse(resource, key, subnet, report));
      }
    }
  },
};
