/**
 * The network of `RegionalVpc` around its subnets: how the private tiers reach the internet (egress strategies,
 * where NAT gateways go), the gateway and interface endpoints, the network ACL rules of each tier, and the tags by
 * which load balancers discover the subnets. Plain data, no `@pulumi/*` import.
 */
import { Validator } from "ip-num";
import type { Problem } from "../../common/validation";
import type { PlannedSubnet } from "./layout";

/** How the private tiers reach the internet. `none` keeps the VPC strictly private (VPC endpoints only). */
export const EGRESS_STRATEGIES = ["nat-per-az", "single-nat", "none"] as const;
export type EgressStrategy = (typeof EGRESS_STRATEGIES)[number];

/** Where NAT gateways go and which one each zone's private route tables use. */
export interface NatPlan {
  /** Zone name to the zone whose edge subnet holds its NAT gateway. Empty for `egress: none`. */
  readonly natZoneFor: Readonly<Record<string, string>>;
  /** Zones that hold a NAT gateway, in zone order. */
  readonly natZones: readonly string[];
}

/** Problems with an egress strategy given the tiers (NAT gateways live in edge subnets). */
export function validateEgress(egress: string, hasEdgeTier: boolean): Problem[] {
  if (!(EGRESS_STRATEGIES as readonly string[]).includes(egress)) {
    return [
      {
        path: "egress",
        message: `${JSON.stringify(egress)} is not an egress strategy; use one of ${EGRESS_STRATEGIES.join(", ")}`,
      },
    ];
  }
  if (egress !== "none" && !hasEdgeTier) {
    return [
      {
        path: "egress",
        message: `${egress} places NAT gateways in edge subnets, and none are configured; add tiers.edge (e.g. prefixLength 26) or set egress to none`,
      },
    ];
  }
  return [];
}

/** Places NAT gateways for a strategy: one per zone, one in the first zone, or none. */
export function planNat(egress: EgressStrategy, availabilityZones: readonly string[]): NatPlan {
  switch (egress) {
    case "nat-per-az":
      return {
        natZones: [...availabilityZones],
        natZoneFor: Object.fromEntries(availabilityZones.map((zone) => [zone, zone])),
      };
    case "single-nat":
      return {
        natZones: availabilityZones.slice(0, 1),
        natZoneFor: Object.fromEntries(availabilityZones.map((zone) => [zone, availabilityZones[0]])),
      };
    case "none":
      return { natZones: [], natZoneFor: {} };
    default: {
      const unknown: never = egress;
      throw new Error(
        `unknown egress strategy ${JSON.stringify(unknown)}; use one of ${EGRESS_STRATEGIES.join(", ")}`,
      );
    }
  }
}

/**
 * Interface endpoints a private EKS cluster needs to pull images, assume roles, ship logs and reach its control
 * plane without a NAT gateway (names are the part after `com.amazonaws.<region>.`).
 */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "logs",
  "ec2",
  "elasticloadbalancing",
  "eks",
];

/**
 * AWS services this platform may reach through interface endpoints, as the part of their PrivateLink service name
 * after `com.amazonaws.<region>.`. A recorded subset, taken 2026-12-02 from the AWS PrivateLink Guide, "AWS services
 * that integrate with AWS PrivateLink" (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html):
 * the services the platform runs on, observes with or secures with, not the page's several hundred (no SDK or model
 * in node_modules lists them). Not every region offers every one: ap-east-2's offer is
 * `aws ec2 describe-vpc-endpoint-services --region ap-east-2 --filters Name=service-type,Values=Interface`, which needs
 * credentials. Add a service after finding it there in both regions.
 */
export const INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  // Compute, containers and load balancing
  "autoscaling",
  "application-autoscaling",
  "ebs",
  "ec2",
  "ec2messages",
  "ecr.api",
  "ecr.dkr",
  "ecs",
  "ecs-agent",
  "ecs-telemetry",
  "eks",
  "eks-auth",
  "elasticfilesystem",
  "elasticloadbalancing",
  "lambda",
  // Identity, keys, secrets and configuration
  "kms",
  "secretsmanager",
  "ssm",
  "ssmmessages",
  "sts",
  // Logs, metrics, traces and dashboards
  "aps",
  "aps-workspaces",
  "events",
  "grafana",
  "grafana-workspace",
  "logs",
  "monitoring",
  "xray",
  // Data and messaging
  "elasticache",
  "kafka",
  "kinesis-firehose",
  "kinesis-streams",
  "rds",
  "rds-data",
  "sns",
  "sqs",
  // Operations and security
  "backup",
  "cloudformation",
  "cloudtrail",
  "config",
  "execute-api",
  "servicediscovery",
  "states",
];

/** A service name as AWS writes it after `com.amazonaws.<region>.`, e.g. `ecr.api`. */
export function endpointServiceProblem(service: string): string | undefined {
  if (typeof service === "string" && service.startsWith("com.amazonaws.")) {
    // The pattern below accepts the full name too, which would become com.amazonaws.<region>.com.amazonaws.….
    const short = service.split(".").slice(3).join(".");
    const example = short === "" ? "e.g. ecr.api" : `here ${short}`;
    return `${JSON.stringify(service)} is a full service name; write only the part after com.amazonaws.<region>., ${example}`;
  }
  return typeof service === "string" && /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(service)
    ? undefined
    : `${JSON.stringify(service)} is not a service name; write the part after com.amazonaws.<region>., e.g. ecr.api`;
}

/** The private address ranges of RFC 1918: where peered VPCs and on-premises networks live. */
export const RFC1918_CIDRS: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** Services reached through free gateway endpoints on the private route tables; never as interface endpoints. */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;

/**
 * A network ACL holds 20 inbound rules unless the quota is raised. The private tiers use one for the VPC CIDR, one
 * for return traffic and one per private network CIDR.
 */
export const MAX_PRIVATE_NETWORK_CIDRS = 18;

/** TCP ports operating systems pick for the client side of a connection: where return traffic arrives. */
const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

/** One rule of a network ACL, as `aws.ec2.NetworkAcl` takes it. */
export interface NetworkAclRule {
  readonly ruleNo: number;
  readonly action: "allow" | "deny";
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlock: string;
}

/** Outbound rules of every tier: everything (NACLs are stateless; the security groups decide). */
export function allEgress(): NetworkAclRule[] {
  return [{ ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" }];
}

/**
 * Inbound rules of the private tiers: everything from the VPC and the private networks (peered VPCs), plus TCP
 * return traffic on ephemeral ports from anywhere, less RDP (3389 lies in that range), which is denied first. NACLs are stateless: without that rule the answers of S3 and
 * DynamoDB (public addresses, reached through the gateway endpoints) and of internet hosts (through the NAT gateway)
 * would be dropped. It opens nothing: private subnets have no route from the internet and no public addresses.
 */
export function privateIngress(vpcCidr: string, privateNetworkCidrs: readonly string[]): NetworkAclRule[] {
  const all = (ruleNo: number, cidrBlock: string): NetworkAclRule => ({
    ruleNo,
    action: "allow",
    protocol: "-1",
    fromPort: 0,
    toPort: 0,
    cidrBlock,
  });
  return [
    all(100, vpcCidr),
    ...privateNetworkCidrs.map((cidr, index) => all(110 + index * 10, cidr)),
    { ruleNo: 800, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
    {
      ruleNo: 900,
      action: "allow",
      protocol: "tcp",
      fromPort: EPHEMERAL_PORTS.from,
      toPort: EPHEMERAL_PORTS.to,
      cidrBlock: "0.0.0.0/0",
    },
  ];
}

/** Inbound rules of the edge tier: SSH and RDP from anywhere denied first, then everything else allowed. */
export function edgeIngress(): NetworkAclRule[] {
  return [
    { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
    { ruleNo: 110, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
    { ruleNo: 200, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
  ];
}

/** The resource-name part of an interface endpoint's service: dots become dashes (`ecr.api` -> `ecr-api`). */
export function endpointKey(service: string): string {
  return service.replace(/\./g, "-");
}

/**
 * Problems of an interface endpoint list, with paths `interfaceEndpoints[i]`: invalid or full service names, the
 * gateway services (S3, DynamoDB), duplicates, two names that would name the same resource (`ecr.api`, `ecr-api`),
 * and services missing from `INTERFACE_ENDPOINT_SERVICES`.
 * Exported so that config validation reports exactly what the component would.
 */
export function interfaceEndpointProblems(services: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const seenEndpoints = new Map<string, string>();
  services.forEach((service, index) => {
    const path = `interfaceEndpoints[${index}]`;
    const problem = endpointServiceProblem(service);
    if (problem !== undefined) {
      problems.push({ path, message: problem });
      return;
    }
    if ((GATEWAY_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
      problems.push({
        path,
        message: `${service} is reached through the gateway endpoint this VPC always creates (free, on every private route table); remove it from interfaceEndpoints`,
      });
      return;
    }
    const key = endpointKey(service);
    const earlier = seenEndpoints.get(key);
    if (earlier !== undefined) {
      problems.push({
        path,
        message:
          earlier === service
            ? `${service} is listed twice; list each endpoint once`
            : `${service} and ${earlier} both name the resource endpoint-${key}; list only the service AWS offers`,
      });
      return;
    }
    seenEndpoints.set(key, service);
    if (!INTERFACE_ENDPOINT_SERVICES.includes(service)) {
      problems.push({
        path,
        message:
          `${service} is not an AWS PrivateLink service this platform knows (INTERFACE_ENDPOINT_SERVICES, ` +
          "components/regional-vpc/plan/network.ts); check the name in the PrivateLink guide's service list, and add " +
          "it there once `aws ec2 describe-vpc-endpoint-services` lists it in both regions",
      });
    }
  });
  return problems;
}

export function privateNetworkProblems(cidrs: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (cidrs.length > MAX_PRIVATE_NETWORK_CIDRS) {
    problems.push({
      path: "privateNetworkCidrs",
      message: `${cidrs.length} CIDRs exceed the ${MAX_PRIVATE_NETWORK_CIDRS} a network ACL's 20 inbound rules leave room for; list fewer, wider ranges`,
    });
  }
  const seen = new Set<string>();
  cidrs.forEach((cidr, index) => {
    const path = `privateNetworkCidrs[${index}]`;
    if (typeof cidr !== "string" || !Validator.isValidIPv4CidrNotation(cidr)[0]) {
      problems.push({
        path,
        message: `${JSON.stringify(cidr)} is not an IPv4 CIDR; write it like 10.0.0.0/8`,
      });
    } else if (!Validator.isValidIPv4CidrRange(cidr)[0]) {
      problems.push({ path, message: `${cidr} has host bits set; write the network address of the range` });
    } else if (seen.has(cidr)) {
      problems.push({ path, message: `${cidr} is listed twice; list each CIDR once` });
    }
    seen.add(cidr);
  });
  return problems;
}

/** Load-balancer discovery tags of a subnet (and the cluster tag for the tiers a cluster's load balancers use). */
export function discoveryTags(
  planned: PlannedSubnet,
  clusterName: string | undefined,
): Record<string, string> {
  const cluster =
    clusterName !== undefined && planned.tier !== "data"
      ? { [`kubernetes.io/cluster/${clusterName}`]: "shared" }
      : {};
  switch (planned.tier) {
    case "workload":
      return { "kubernetes.io/role/internal-elb": "1", ...cluster };
    case "edge":
      return { "kubernetes.io/role/elb": "1", ...cluster };
    case "data":
      return {};
    default: {
      const unknown: never = planned.tier;
      throw new Error(`unknown tier ${JSON.stringify(unknown)}`);
    }
  }
}
