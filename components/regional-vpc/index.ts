/**
 * `RegionalVpc`: the network of one region, built from `@pulumi/aws` primitives so that every subnet, route,
 * endpoint and flow log is visible to tests, to the offline plan and to the policy packs (ADR 0001). The arguments,
 * their defaults and rules, the subnet layout, NAT placement, endpoints, network ACL rules and tags are planned in
 * `./plan`; this file creates the resources, one named step per part of the network.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import { ComponentStepContext, regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import {
  FlowLogPolicyContext,
  GATEWAY_ENDPOINT_SERVICES,
  NatPlan,
  PlannedSubnet,
  RegionalVpcArgs,
  ResolvedRegionalVpcArgs,
  Tier,
  allEgress,
  azSuffix,
  discoveryTags,
  edgeIngress,
  endpointKey,
  flowLogDeliveryPolicy,
  flowLogKeyPolicy,
  flowLogTrustPolicy,
  layoutOf,
  planNat,
  planSubnets,
  privateIngress,
  regionalVpcArgsProblems,
  withDefaults,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const REGIONAL_VPC_TYPE = "platform:network:RegionalVpc";

/**
 * Every problem of the (defaulted) arguments (`regionalVpcArgsProblems`) and of the provider in `opts`, with paths
 * relative to the arguments (`tiers.data.cidrs.ap-east-2a`, `interfaceEndpoints[2]`, `opts.provider`). Empty when
 * the component can be built.
 */
export function validateRegionalVpcArgs(
  args: ResolvedRegionalVpcArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...regionalVpcArgsProblems(args), ...regionalProviderProblems(opts)];
}

type ByTier<T> = { data: T; workload: T; edge: T };

/** What every step of the constructor creates with: the component's name, arguments, provider and tags. */
interface Context extends ComponentStepContext {
  readonly resolved: ResolvedRegionalVpcArgs;
  /** The planned subnets, in zone then tier order. */
  readonly plan: readonly PlannedSubnet[];
}

/** The subnets created, by planned key, with the lookups the later steps use. */
class Subnets {
  constructor(
    private readonly plan: readonly PlannedSubnet[],
    private readonly byKey: ReadonlyMap<string, aws.ec2.Subnet>,
  ) {}

  /** The planned subnets of one tier, in zone order. */
  of(tier: Tier): PlannedSubnet[] {
    return this.plan.filter((planned) => planned.tier === tier);
  }

  /** The subnet created for a planned one. */
  subnet(planned: PlannedSubnet): aws.ec2.Subnet {
    return this.byKey.get(planned.key)!;
  }

  /** The ids of one tier's subnets, in zone order. */
  idsOf(tier: Tier): pulumi.Output<string>[] {
    return this.of(tier).map((planned) => this.subnet(planned).id);
  }
}

/** The internet gateway (with an edge tier) and the NAT gateways by the zone that holds them. */
interface InternetEgress {
  readonly internetGateway: aws.ec2.InternetGateway | undefined;
  readonly natGateways: ReadonlyMap<string, aws.ec2.NatGateway>;
}

/** The flow log's key and log group. */
interface FlowLogs {
  readonly key: aws.kms.Key;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

/** The region, partition and account, as the provider reports them. */
interface Where {
  readonly region: pulumi.Output<string>;
  readonly partition: pulumi.Output<aws.GetPartitionResult>;
  readonly accountId: pulumi.Output<string>;
}

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
  /**
   * Security group of the interface endpoints (admits HTTPS from the VPC CIDR only); undefined when there are no
   * interface endpoints, since a group attached to nothing is not created.
   */
  readonly endpointSecurityGroupId: pulumi.Output<string | undefined>;
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
    // Every regional child goes through this provider, never the ambient default one.
    const { provider } = regionalChildOptions(
      this,
      `Invalid arguments for RegionalVpc "${name}"`,
      validateRegionalVpcArgs(resolved, opts),
      opts,
    );
    const plan = planSubnets(layoutOf(resolved));
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts: { parent: this, provider },
      tags: (own) => ({ ...resolved.tags, ...own }),
      plan,
    };
    const natPlan = planNat(resolved.egress, resolved.availabilityZones);

    const vpc = this.createVpc(ctx);
    const where: Where = {
      region: aws.getRegionOutput({}, ctx.childOpts).region,
      partition: aws.getPartitionOutput({}, ctx.childOpts),
      accountId: aws.getCallerIdentityOutput({}, ctx.childOpts).accountId,
    };
    const serviceName = (service: string) =>
      pulumi.interpolate`${where.partition.reverseDnsPrefix}.${where.region}.${service}`;

    const subnets = this.createSubnets(ctx, vpc);
    this.createNetworkAcls(ctx, vpc, subnets);
    const egress = this.createInternetEgress(ctx, vpc, subnets, natPlan);
    const routeTables = this.createRouteTables(ctx, vpc, subnets, natPlan, egress);
    this.createGatewayEndpoints(ctx, vpc, routeTables, serviceName);
    const endpointSecurityGroup = this.createInterfaceEndpoints(ctx, vpc, subnets, serviceName);
    const flowLogs = this.createFlowLogs(ctx, vpc, where);
    const dbSubnetGroup = this.createDbSubnetGroup(ctx, subnets);

    const tablesOf = (tier: Tier) =>
      pulumi
        .all(
          subnets
            .of(tier)
            .map((planned) => pulumi.all([planned.availabilityZone, routeTables.get(planned.key)!.id])),
        )
        .apply((entries) => Object.fromEntries(entries));

    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    this.subnetIds = pulumi
      .all([
        pulumi.all(subnets.idsOf("data")),
        pulumi.all(subnets.idsOf("workload")),
        pulumi.all(subnets.idsOf("edge")),
      ])
      .apply(([data, workload, edge]): ByTier<string[]> => ({ data, workload, edge }));
    this.routeTableIds = pulumi
      .all([tablesOf("data"), tablesOf("workload"), tablesOf("edge")])
      .apply(([data, workload, edge]): ByTier<Record<string, string>> => ({ data, workload, edge }));
    this.natGatewayIds = pulumi
      .all([...egress.natGateways].map(([zone, nat]) => pulumi.all([zone, nat.id])))
      .apply((entries) => Object.fromEntries(entries));
    this.dbSubnetGroupName = dbSubnetGroup.name;
    this.endpointSecurityGroupId = endpointSecurityGroup
      ? endpointSecurityGroup.id
      : pulumi.output(undefined);
    this.flowLogGroupName = flowLogs.logGroup.name;
    this.flowLogKeyArn = flowLogs.key.arn;
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

  /** The VPC, and its default security group and network ACL adopted with no rules. */
  private createVpc({ name, resolved, childOpts, tags }: Context): aws.ec2.Vpc {
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
    return vpc;
  }

  /** One subnet per tier and zone, at its planned CIDR. */
  private createSubnets({ name, resolved, childOpts, tags, plan }: Context, vpc: aws.ec2.Vpc): Subnets {
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
              ...discoveryTags(planned, resolved.clusterName),
            }),
          },
          childOpts,
        ),
      );
    }
    return new Subnets(plan, subnets);
  }

  /** Network ACLs, one per tier, associated with each of its subnets. */
  private createNetworkAcls(
    { name, resolved, provider, childOpts, tags }: Context,
    vpc: aws.ec2.Vpc,
    subnets: Subnets,
  ): void {
    const tiersPresent = (["data", "workload", "edge"] as const).filter(
      (tier) => subnets.of(tier).length > 0,
    );
    for (const tier of tiersPresent) {
      const acl = new aws.ec2.NetworkAcl(
        `${name}-${tier}`,
        {
          vpcId: vpc.id,
          ingress:
            tier === "edge" ? edgeIngress() : privateIngress(resolved.cidr, resolved.privateNetworkCidrs),
          egress: allEgress(),
          tags: tags({ Name: `${name}-${tier}`, Tier: tier }),
        },
        childOpts,
      );
      for (const planned of subnets.of(tier)) {
        new aws.ec2.NetworkAclAssociation(
          `${name}-${planned.key}`,
          { networkAclId: acl.id, subnetId: subnets.subnet(planned).id },
          { parent: acl, provider },
        );
      }
    }
  }

  /** The internet gateway and the NAT gateways (edge tier only). */
  private createInternetEgress(
    { name, childOpts, tags, plan }: Context,
    vpc: aws.ec2.Vpc,
    subnets: Subnets,
    natPlan: NatPlan,
  ): InternetEgress {
    const internetGateway =
      subnets.of("edge").length > 0
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
            subnetId: subnets.subnet(edge).id,
            connectivityType: "public",
            tags: tags({ Name: natName }),
          },
          // A public NAT gateway needs the internet gateway attached to the VPC first.
          { ...childOpts, dependsOn: internetGateway === undefined ? [] : [internetGateway] },
        ),
      );
    }
    return { internetGateway, natGateways };
  }

  /** Route tables: one per subnet, so each zone's private tables can point at their own NAT gateway. */
  private createRouteTables(
    { name, provider, childOpts, tags, plan }: Context,
    vpc: aws.ec2.Vpc,
    subnets: Subnets,
    natPlan: NatPlan,
    { internetGateway, natGateways }: InternetEgress,
  ): Map<string, aws.ec2.RouteTable> {
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
        { routeTableId: table.id, subnetId: subnets.subnet(planned).id },
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
    return routeTables;
  }

  /** Gateway endpoints (S3, DynamoDB) on every private route table. */
  private createGatewayEndpoints(
    { name, childOpts, tags, plan }: Context,
    vpc: aws.ec2.Vpc,
    routeTables: ReadonlyMap<string, aws.ec2.RouteTable>,
    serviceName: (service: string) => pulumi.Output<string>,
  ): void {
    const privateRouteTableIds = plan
      .filter((planned) => planned.tier !== "edge")
      .map((planned) => routeTables.get(planned.key)!.id);
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
  }

  /**
   * Interface endpoints in the workload subnets, behind a security group that admits HTTPS from the VPC only; no
   * group when there are no endpoints.
   */
  private createInterfaceEndpoints(
    { name, resolved, provider, childOpts, tags }: Context,
    vpc: aws.ec2.Vpc,
    subnets: Subnets,
    serviceName: (service: string) => pulumi.Output<string>,
  ): aws.ec2.SecurityGroup | undefined {
    if (resolved.interfaceEndpoints.length === 0) {
      return undefined;
    }
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
    const workloadSubnetIds = subnets.idsOf("workload");
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
    return endpointSecurityGroup;
  }

  /**
   * Flow logs: every packet decision of the VPC, to a KMS-encrypted log group through a role only VPC Flow Logs
   * of this account can assume.
   */
  private createFlowLogs(
    { name, resolved, provider, childOpts, tags }: Context,
    vpc: aws.ec2.Vpc,
    { region, partition, accountId }: Where,
  ): FlowLogs {
    const flowLogName = `${name}-flow-logs`;
    // Written as aws.iam.getPolicyDocument wrote them before (`provider`): the same text, no diff on live stacks.
    const policyContext: pulumi.Output<FlowLogPolicyContext> = pulumi
      .all([accountId, partition.partition, partition.dnsSuffix, region])
      .apply(([account, part, dnsSuffix, reg]) => ({
        accountId: account,
        partition: part,
        dnsSuffix,
        region: reg,
      }));
    const key = new aws.kms.Key(
      flowLogName,
      {
        description: `Encrypts the VPC flow logs of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyContext.apply((context) => policyJson(flowLogKeyPolicy(context), "provider")),
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
    const role = new aws.iam.Role(
      flowLogName,
      {
        description: `Delivers the VPC flow logs of ${name} to its log group`,
        assumeRolePolicy: policyContext.apply((context) =>
          policyJson(flowLogTrustPolicy(context), "provider"),
        ),
        tags: tags({ Name: flowLogName }),
      },
      childOpts,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      flowLogName,
      {
        role: role.name,
        policy: logGroup.arn.apply((arn) => policyJson(flowLogDeliveryPolicy(arn), "provider")),
      },
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
    return { key, logGroup };
  }

  /** A DB subnet group over the data subnets. */
  private createDbSubnetGroup({ name, childOpts, tags }: Context, subnets: Subnets): aws.rds.SubnetGroup {
    return new aws.rds.SubnetGroup(
      `${name}-data`,
      {
        description: `Data subnets of ${name}`,
        subnetIds: subnets.idsOf("data"),
        tags: tags({ Name: `${name}-data` }),
      },
      childOpts,
    );
  }
}
