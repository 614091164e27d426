/**
 * `RegionalVpc`: the network of one region, built from `@pulumi/aws` primitives so that every subnet, route,
 * endpoint and flow log is visible to tests, to the offline plan and to the policy packs (ADR 0001). The layout is
 * computed by the pure planner in `./plan`; this file holds the arguments, their defaults, their validation and the
 * resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Validator } from "ip-num";
import { retentionProblem } from "../common/aws-limits";
import { Problem, ValidationError } from "../common/validation";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  EgressStrategy,
  PlannedSubnet,
  SubnetLayoutInput,
  Tier,
  TierSpec,
  WorkloadCapacity,
  azSuffix,
  checkWorkloadCapacity,
  endpointServiceProblem,
  planNat,
  planSubnets,
  validateEgress,
  validateSubnetLayout,
} from "./plan";
import { regionalProviderProblems } from "../common/providers";

export { DEFAULT_INTERFACE_ENDPOINTS, EGRESS_STRATEGIES, TIERS } from "./plan";
export type { EgressStrategy, PlannedSubnet, Tier, TierSpec, WorkloadCapacity } from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const REGIONAL_VPC_TYPE = "platform:network:RegionalVpc";

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

export interface RegionalVpcArgs {
  /**
   * IPv4 CIDR of the VPC, /16 to /28 (e.g. `10.0.0.0/16`). Plain, not an Input: the planner splits it into subnets
   * and checks pinned CIDRs against it before anything is created. Peered VPCs need disjoint CIDRs.
   */
  readonly cidr: string;
  /**
   * Availability zone names in allocation order (e.g. `ap-east-2a`, `ap-east-2b`, `ap-east-2c`). Plain: they key
   * the subnets (`data-a`) and NAT gateways. Append new zones at the end; existing subnets never move.
   */
  readonly availabilityZones: readonly string[];
  /**
   * Subnet tiers (plain: the planner computes with them). `data` (Aurora, MSK: no route to the internet) and
   * `workload` (EKS nodes and pods) are required; `edge` (public: NAT gateways and internet-facing load balancers
   * only) is optional and required by any NAT egress. Pin `cidrs` per zone to keep a live layout fixed.
   */
  readonly tiers: {
    readonly data: TierSpec;
    readonly workload: TierSpec;
    readonly edge?: TierSpec;
  };
  /**
   * How the workload tier reaches the internet: a NAT gateway per zone (zone-independent), one NAT gateway in the
   * first zone (cheap, one zone's outage cuts egress), or none (strictly private: VPC endpoints only). The data tier
   * never has a route to the internet. Plain: it decides which resources exist.
   * @default "nat-per-az"
   */
  readonly egress?: EgressStrategy;
  /**
   * Interface endpoints placed in the workload subnets, as the part of the service name after
   * `com.amazonaws.<region>.` (e.g. `ecr.api`). Plain: each name keys its endpoint resource, so adding one never
   * renumbers the others. S3 and DynamoDB are always reached through gateway endpoints and cannot be listed here.
   * @default DEFAULT_INTERFACE_ENDPOINTS (what a private EKS cluster needs: ecr.api, ecr.dkr, sts, logs, ec2,
   * elasticloadbalancing, eks)
   */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * Retention of the VPC flow log group, in days; one of the values CloudWatch Logs accepts. Plain: validated
   * before anything is created.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Peak EKS nodes and pods per node the workload tier must address (the VPC CNI gives every pod a VPC IP). Plain:
   * checked against the planned subnets, with the prefix length that would fit.
   * @default undefined (no capacity check)
   */
  readonly workloadCapacity?: WorkloadCapacity;
  /**
   * EKS cluster that uses this VPC: adds `kubernetes.io/cluster/<name>: shared` to every workload and edge subnet so
   * that the AWS Load Balancer Controller discovers them. Plain: it is part of a tag key.
   * @default undefined (no cluster tag; the ELB role tags are always set)
   */
  readonly clusterName?: string;
  /**
   * CIDRs whose traffic the data and workload tiers' network ACLs admit, besides the VPC's own CIDR (e.g. peered
   * VPCs, on-premises ranges). Plain: each becomes a numbered NACL rule. At most 18 (the NACL rule quota).
   * @default RFC1918_CIDRS (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), so peered VPCs are reachable
   */
  readonly privateNetworkCidrs?: readonly string[];
  /**
   * Extra tags on every child that takes tags. The required tags (Owner, CostCenter, Environment, …) come from the
   * regional provider's `defaultTags`; the component's own tags (`Name`, `Tier`, discovery tags) win over these.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Protects the stateful child — the flow-log KMS key, without which the archived flow logs cannot be read — from
   * deletion (`protect: true`). The stacks turn it on in prod.
   * @default false
   */
  readonly protect?: boolean;
}

/** Every argument with its default applied. */
export interface ResolvedRegionalVpcArgs {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly tiers: RegionalVpcArgs["tiers"];
  readonly egress: EgressStrategy;
  readonly interfaceEndpoints: readonly string[];
  readonly flowLogRetentionDays: number;
  readonly workloadCapacity: WorkloadCapacity | undefined;
  readonly clusterName: string | undefined;
  readonly privateNetworkCidrs: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly protect: boolean;
}

/** The defaults, in one place. */
export const regionalVpcDefaults = {
  egress: "nat-per-az",
  interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS,
  flowLogRetentionDays: 365,
  privateNetworkCidrs: RFC1918_CIDRS,
  tags: {},
  protect: false,
} as const satisfies Partial<ResolvedRegionalVpcArgs>;

/** Applies the defaults (`??`: an explicit 0, "" or [] is kept and validated, never replaced). */
export function withDefaults(args: RegionalVpcArgs): ResolvedRegionalVpcArgs {
  return {
    cidr: args.cidr,
    availabilityZones: args.availabilityZones,
    tiers: args.tiers,
    egress: args.egress ?? regionalVpcDefaults.egress,
    interfaceEndpoints: args.interfaceEndpoints ?? regionalVpcDefaults.interfaceEndpoints,
    flowLogRetentionDays: args.flowLogRetentionDays ?? regionalVpcDefaults.flowLogRetentionDays,
    workloadCapacity: args.workloadCapacity,
    clusterName: args.clusterName,
    privateNetworkCidrs: args.privateNetworkCidrs ?? regionalVpcDefaults.privateNetworkCidrs,
    tags: args.tags ?? regionalVpcDefaults.tags,
    protect: args.protect ?? regionalVpcDefaults.protect,
  };
}

function layoutOf(args: ResolvedRegionalVpcArgs): SubnetLayoutInput {
  return { vpcCidr: args.cidr, availabilityZones: args.availabilityZones, tiers: args.tiers };
}

/** The resource-name part of an interface endpoint's service: dots become dashes (`ecr.api` -> `ecr-api`). */
export function endpointKey(service: string): string {
  return service.replace(/\./g, "-");
}

/**
 * Every problem of the (defaulted) arguments and of the provider in `opts`, with paths relative to the arguments
 * (`tiers.data.cidrs.ap-east-2a`, `interfaceEndpoints[2]`, `opts.provider`). Empty when the component can be built.
 */
export function validateRegionalVpcArgs(
  args: ResolvedRegionalVpcArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  const problems: Problem[] = [];
  const layoutProblems = validateSubnetLayout(layoutOf(args));
  problems.push(...layoutProblems);
  problems.push(...validateEgress(args.egress, args.tiers.edge !== undefined));

  problems.push(...interfaceEndpointProblems(args.interfaceEndpoints));

  const retention = retentionProblem(args.flowLogRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "flowLogRetentionDays", message: retention });
  }

  if (args.workloadCapacity !== undefined) {
    // The capacity depends on the planned subnets; with a broken layout only the capacity's own fields are checked.
    const subnets = layoutProblems.length === 0 ? planSubnets(layoutOf(args)) : [];
    problems.push(...checkWorkloadCapacity(subnets, args.workloadCapacity));
  }

  if (args.clusterName !== undefined && !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
    problems.push({
      path: "clusterName",
      message: `${JSON.stringify(args.clusterName)} is not an EKS cluster name; use 1 to 100 letters, digits, - and _, starting with a letter or digit`,
    });
  }

  problems.push(...privateNetworkProblems(args.privateNetworkCidrs));
  problems.push(...regionalProviderProblems(opts));
  return problems;
}

/**
 * Problems of an interface endpoint list, with paths `interfaceEndpoints[i]`: invalid or full service names, the
 * gateway services (S3, DynamoDB), duplicates, and two names that would name the same resource (`ecr.api`, `ecr-api`).
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
  });
  return problems;
}

function privateNetworkProblems(cidrs: readonly string[]): Problem[] {
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

type ByTier<T> = { data: T; workload: T; edge: T };

/**
 * The network of one region: a VPC with `data`, `workload` and optional `edge` subnets per availability zone, a
 * route table per subnet, NAT gateways per the egress strategy, S3/DynamoDB gateway endpoints and interface
 * endpoints, network ACLs per tier, locked-down default security group and NACL, flow logs to a KMS-encrypted log
 * group, and a DB subnet group over the data subnets.
 */
export class RegionalVpc extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  /** The VPC's CIDR, as AWS reports it. */
  readonly vpcCidr: pulumi.Output<string>;
  /** Subnet ids per tier, in availability-zone order (`edge` is empty without an edge tier). */
  readonly subnetIds: pulumi.Output<{ data: string[]; workload: string[]; edge: string[] }>;
  /** Route table ids per tier, keyed by availability zone name (peering adds its routes to these). */
  readonly routeTableIds: pulumi.Output<{
    data: Record<string, string>;
    workload: Record<string, string>;
    edge: Record<string, string>;
  }>;
  /** NAT gateway ids keyed by the availability zone that holds them (empty for `egress: none`). */
  readonly natGatewayIds: pulumi.Output<Record<string, string>>;
  /** Name of the RDS subnet group over the data subnets. */
  readonly dbSubnetGroupName: pulumi.Output<string>;
  /** Security group of the interface endpoints (admits HTTPS from the VPC CIDR only). */
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;
  /** ARN of the customer KMS key that encrypts the flow log group. */
  readonly flowLogKeyArn: pulumi.Output<string>;
  /** The resolved subnet layout, plain (known before any resource exists; stacks key resources by it). */
  readonly subnetPlan: readonly PlannedSubnet[];
  /** The same layout as an output, so `pulumi stack output` shows it and users can pin it. */
  readonly subnetPlanOutput: pulumi.Output<PlannedSubnet[]>;

  constructor(name: string, args: RegionalVpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REGIONAL_VPC_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    const problems = validateRegionalVpcArgs(resolved, opts);
    if (problems.length > 0) {
      throw new ValidationError(`Invalid arguments for RegionalVpc "${name}"`, problems);
    }
    // Checked above: every regional child goes through this provider, never the ambient default one.
    const provider = opts!.provider as aws.Provider;
    const childOpts = { parent: this, provider };

    const plan = planSubnets(layoutOf(resolved));
    const zones = resolved.availabilityZones;
    const natPlan = planNat(resolved.egress, zones);
    const extraTags = resolved.tags;
    const tags = (own: Record<string, string>): Record<string, string> => ({ ...extraTags, ...own });

    const vpc = new aws.ec2.Vpc(
      name,
      {
        cidrBlock: resolved.cidr,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: tags({ Name: name }),
      },
      childOpts,
    );

    // Adopting the defaults removes all their rules, so nothing that falls back to them gets any connectivity.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default`,
      { vpcId: vpc.id, tags: tags({ Name: `${name}-default-unused` }) },
      childOpts,
    );
    new aws.ec2.DefaultNetworkAcl(
      `${name}-default`,
      { defaultNetworkAclId: vpc.defaultNetworkAclId, tags: tags({ Name: `${name}-default-deny-all` }) },
      {
        ...childOpts,
        // Subnets move between the default and the tier NACLs through NetworkAclAssociation; the provider docs
        // recommend ignoring the default NACL's view of them, or every run shows a diff.
        ignoreChanges: ["subnetIds"],
      },
    );

    const region = aws.getRegionOutput({}, childOpts).region;
    const partition = aws.getPartitionOutput({}, childOpts);
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const serviceName = (service: string) =>
      pulumi.interpolate`${partition.reverseDnsPrefix}.${region}.${service}`;

    // Subnets.
    const subnets = new Map<string, aws.ec2.Subnet>();
    for (const planned of plan) {
      subnets.set(
        planned.key,
        new aws.ec2.Subnet(
          `${name}-${planned.key}`,
          {
            vpcId: vpc.id,
            cidrBlock: planned.cidr,
            availabilityZone: planned.availabilityZone,
            // Explicitly false on every tier, edge included: only NAT gateways (Elastic IPs) and load balancers
            // are public there, nothing launched gets a public IP by accident.
            mapPublicIpOnLaunch: false,
            tags: tags({
              Name: `${name}-${planned.key}`,
              Tier: planned.tier,
              ...this.discoveryTags(planned, resolved),
            }),
          },
          childOpts,
        ),
      );
    }
    const subnetsOf = (tier: Tier) => plan.filter((planned) => planned.tier === tier);
    const subnetOf = (planned: PlannedSubnet) => subnets.get(planned.key)!;

    // Network ACLs, one per tier, associated with each of its subnets.
    const tiersPresent = (["data", "workload", "edge"] as const).filter((tier) => subnetsOf(tier).length > 0);
    for (const tier of tiersPresent) {
      const acl = new aws.ec2.NetworkAcl(
        `${name}-${tier}`,
        {
          vpcId: vpc.id,
          ingress:
            tier === "edge" ? edgeIngress() : privateIngress(resolved.cidr, resolved.privateNetworkCidrs),
          egress: [
            { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
          ],
          tags: tags({ Name: `${name}-${tier}`, Tier: tier }),
        },
        childOpts,
      );
      for (const planned of subnetsOf(tier)) {
        new aws.ec2.NetworkAclAssociation(
          `${name}-${planned.key}`,
          { networkAclId: acl.id, subnetId: subnetOf(planned).id },
          { parent: acl, provider },
        );
      }
    }

    // Internet gateway and NAT gateways (edge tier only).
    const internetGateway =
      subnetsOf("edge").length > 0
        ? new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: tags({ Name: name }) }, childOpts)
        : undefined;
    const natGateways = new Map<string, aws.ec2.NatGateway>();
    for (const zone of natPlan.natZones) {
      const edge = plan.find((planned) => planned.tier === "edge" && planned.availabilityZone === zone)!;
      const natName = `${name}-nat-${azSuffix(zone)}`;
      const eip = new aws.ec2.Eip(natName, { domain: "vpc", tags: tags({ Name: natName }) }, childOpts);
      natGateways.set(
        zone,
        new aws.ec2.NatGateway(
          natName,
          {
            allocationId: eip.allocationId,
            subnetId: subnetOf(edge).id,
            connectivityType: "public",
            tags: tags({ Name: natName }),
          },
          // A public NAT gateway needs the internet gateway attached to the VPC first.
          { ...childOpts, dependsOn: internetGateway === undefined ? [] : [internetGateway] },
        ),
      );
    }

    // Route tables: one per subnet, so each zone's private tables can point at their own NAT gateway.
    const routeTables = new Map<string, aws.ec2.RouteTable>();
    for (const planned of plan) {
      const table = new aws.ec2.RouteTable(
        `${name}-${planned.key}`,
        { vpcId: vpc.id, tags: tags({ Name: `${name}-${planned.key}`, Tier: planned.tier }) },
        childOpts,
      );
      routeTables.set(planned.key, table);
      new aws.ec2.RouteTableAssociation(
        `${name}-${planned.key}`,
        { routeTableId: table.id, subnetId: subnetOf(planned).id },
        { parent: table, provider },
      );
      // Separate Route resources (not inline routes), so other stacks can add peering routes to the same table.
      const defaultRoute = (target: {
        gatewayId?: pulumi.Input<string>;
        natGatewayId?: pulumi.Input<string>;
      }) =>
        new aws.ec2.Route(
          `${name}-${planned.key}-default`,
          { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", ...target },
          { parent: table, provider },
        );
      if (planned.tier === "edge") {
        defaultRoute({ gatewayId: internetGateway!.id });
      } else if (planned.tier === "workload") {
        const natZone = natPlan.natZoneFor[planned.availabilityZone];
        if (natZone !== undefined) {
          defaultRoute({ natGatewayId: natGateways.get(natZone)!.id });
        }
      }
      // data: no default route, ever.
    }
    const privateRouteTableIds = plan
      .filter((planned) => planned.tier !== "edge")
      .map((planned) => routeTables.get(planned.key)!.id);

    // Gateway endpoints on every private route table.
    for (const service of GATEWAY_ENDPOINT_SERVICES) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: vpc.id,
          vpcEndpointType: "Gateway",
          serviceName: serviceName(service),
          routeTableIds: privateRouteTableIds,
          tags: tags({ Name: `${name}-${service}` }),
        },
        childOpts,
      );
    }

    // Interface endpoints in the workload subnets, behind a security group that admits HTTPS from the VPC only.
    const endpointSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: vpc.id,
        description: `Interface endpoints of ${name}: HTTPS from the VPC CIDR only`,
        tags: tags({ Name: `${name}-endpoints` }),
      },
      childOpts,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-endpoints-https`,
      {
        securityGroupId: endpointSecurityGroup.id,
        description: "HTTPS from the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: vpc.cidrBlock,
        tags: tags({ Name: `${name}-endpoints-https` }),
      },
      { parent: endpointSecurityGroup, provider },
    );
    const workloadSubnetIds = subnetsOf("workload").map((planned) => subnetOf(planned).id);
    for (const service of resolved.interfaceEndpoints) {
      new aws.ec2.VpcEndpoint(
        `${name}-endpoint-${endpointKey(service)}`,
        {
          vpcId: vpc.id,
          vpcEndpointType: "Interface",
          serviceName: serviceName(service),
          subnetIds: workloadSubnetIds,
          securityGroupIds: [endpointSecurityGroup.id],
          privateDnsEnabled: true,
          tags: tags({ Name: `${name}-endpoint-${endpointKey(service)}` }),
        },
        childOpts,
      );
    }

    // Flow logs: every packet decision of the VPC, to a KMS-encrypted log group through a role only VPC Flow Logs
    // of this account can assume.
    const flowLogName = `${name}-flow-logs`;
    const keyPolicy = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            sid: "AccountAdministersKey",
            principals: [
              {
                type: "AWS",
                identifiers: [pulumi.interpolate`arn:${partition.partition}:iam::${accountId}:root`],
              },
            ],
            actions: ["kms:*"],
            resources: ["*"],
          },
          {
            sid: "CloudWatchLogsEncryptsLogGroups",
            principals: [
              { type: "Service", identifiers: [pulumi.interpolate`logs.${region}.${partition.dnsSuffix}`] },
            ],
            actions: [
              "kms:Encrypt*",
              "kms:Decrypt*",
              "kms:ReEncrypt*",
              "kms:GenerateDataKey*",
              "kms:Describe*",
            ],
            resources: ["*"],
            conditions: [
              {
                test: "ArnLike",
                variable: "kms:EncryptionContext:aws:logs:arn",
                values: [
                  pulumi.interpolate`arn:${partition.partition}:logs:${region}:${accountId}:log-group:*`,
                ],
              },
            ],
          },
        ],
      },
      childOpts,
    );
    const key = new aws.kms.Key(
      flowLogName,
      {
        description: `Encrypts the VPC flow logs of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy.json,
        tags: tags({ Name: flowLogName }),
      },
      { ...childOpts, protect: resolved.protect },
    );
    new aws.kms.Alias(
      flowLogName,
      { namePrefix: `alias/${flowLogName}-`, targetKeyId: key.keyId },
      { parent: key, provider },
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      flowLogName,
      {
        retentionInDays: resolved.flowLogRetentionDays,
        kmsKeyId: key.arn,
        tags: tags({ Name: flowLogName }),
      },
      childOpts,
    );
    const assumeRolePolicy = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            sid: "VpcFlowLogsOfThisAccount",
            principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
            actions: ["sts:AssumeRole"],
            conditions: [
              { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
              {
                test: "ArnLike",
                variable: "aws:SourceArn",
                values: [
                  pulumi.interpolate`arn:${partition.partition}:ec2:${region}:${accountId}:vpc-flow-log/*`,
                ],
              },
            ],
          },
        ],
      },
      childOpts,
    );
    const role = new aws.iam.Role(
      flowLogName,
      {
        description: `Delivers the VPC flow logs of ${name} to its log group`,
        assumeRolePolicy: assumeRolePolicy.json,
        tags: tags({ Name: flowLogName }),
      },
      childOpts,
    );
    const deliveryPolicy = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            sid: "WriteThisLogGroupOnly",
            actions: [
              "logs:CreateLogStream",
              "logs:PutLogEvents",
              "logs:DescribeLogGroups",
              "logs:DescribeLogStreams",
            ],
            resources: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
          },
        ],
      },
      childOpts,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      flowLogName,
      { role: role.name, policy: deliveryPolicy.json },
      { parent: role, provider },
    );
    new aws.ec2.FlowLog(
      name,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: tags({ Name: flowLogName }),
      },
      // Delivery starts at creation: let the role's permissions exist first.
      { ...childOpts, dependsOn: [rolePolicy] },
    );

    const dbSubnetGroup = new aws.rds.SubnetGroup(
      `${name}-data`,
      {
        description: `Data subnets of ${name}`,
        subnetIds: subnetsOf("data").map((planned) => subnetOf(planned).id),
        tags: tags({ Name: `${name}-data` }),
      },
      childOpts,
    );

    const idsOf = (tier: Tier) => pulumi.all(subnetsOf(tier).map((planned) => subnetOf(planned).id));
    const tablesOf = (tier: Tier) =>
      pulumi
        .all(
          subnetsOf(tier).map((planned) =>
            pulumi.all([planned.availabilityZone, routeTables.get(planned.key)!.id]),
          ),
        )
        .apply((entries) => Object.fromEntries(entries));

    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    this.subnetIds = pulumi
      .all([idsOf("data"), idsOf("workload"), idsOf("edge")])
      .apply(([data, workload, edge]): ByTier<string[]> => ({ data, workload, edge }));
    this.routeTableIds = pulumi
      .all([tablesOf("data"), tablesOf("workload"), tablesOf("edge")])
      .apply(([data, workload, edge]): ByTier<Record<string, string>> => ({ data, workload, edge }));
    this.natGatewayIds = pulumi
      .all([...natGateways].map(([zone, nat]) => pulumi.all([zone, nat.id])))
      .apply((entries) => Object.fromEntries(entries));
    this.dbSubnetGroupName = dbSubnetGroup.name;
    this.endpointSecurityGroupId = endpointSecurityGroup.id;
    this.flowLogGroupName = logGroup.name;
    this.flowLogKeyArn = key.arn;
    this.subnetPlan = plan;
    this.subnetPlanOutput = pulumi.output(plan.map((planned) => ({ ...planned })));

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      subnetIds: this.subnetIds,
      routeTableIds: this.routeTableIds,
      natGatewayIds: this.natGatewayIds,
      dbSubnetGroupName: this.dbSubnetGroupName,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      flowLogGroupName: this.flowLogGroupName,
      flowLogKeyArn: this.flowLogKeyArn,
      subnetPlanOutput: this.subnetPlanOutput,
    });
  }

  /** Load-balancer discovery tags of a subnet (and the cluster tag for the tiers a cluster's load balancers use). */
  private discoveryTags(planned: PlannedSubnet, args: ResolvedRegionalVpcArgs): Record<string, string> {
    const cluster =
      args.clusterName !== undefined && planned.tier !== "data"
        ? { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" }
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
}

/**
 * Inbound rules of the private tiers: everything from the VPC and the private networks (peered VPCs), plus TCP
 * return traffic on ephemeral ports from anywhere, less RDP (3389 lies in that range), which is denied first. NACLs are stateless: without that rule the answers of S3 and
 * DynamoDB (public addresses, reached through the gateway endpoints) and of internet hosts (through the NAT gateway)
 * would be dropped. It opens nothing: private subnets have no route from the internet and no public addresses.
 */
function privateIngress(
  vpcCidr: string,
  privateNetworkCidrs: readonly string[],
): aws.types.input.ec2.NetworkAclIngress[] {
  const all = (ruleNo: number, cidrBlock: string) => ({
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
function edgeIngress(): aws.types.input.ec2.NetworkAclIngress[] {
  return [
    { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
    { ruleNo: 110, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
    { ruleNo: 200, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
  ];
}
