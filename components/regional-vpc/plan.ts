/**
 * Pure planning for `RegionalVpc`. This file holds the arguments (all plain: the planner computes with every one of
 * them), their defaults and their rules; the subjects they draw on are split under `./plan/`: the subnet layout
 * (`layout.ts`: CIDR arithmetic through `ip-num`, allocation, capacity) and the network around it (`network.ts`:
 * egress and NAT placement, endpoints, network ACL rules, discovery tags). Nothing here imports `@pulumi/*`, so every
 * rule is testable without mocks (property-tested in `test/components/regional-vpc/plan.spec.ts`) and the config
 * section checks `platform:network` with exactly the component's rules.
 */
import { eksClusterNameProblem, retentionProblem } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import {
  SubnetLayoutInput,
  TierSpec,
  WorkloadCapacity,
  checkWorkloadCapacity,
  planSubnets,
  validateSubnetLayout,
} from "./plan/layout";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  EgressStrategy,
  RFC1918_CIDRS,
  interfaceEndpointProblems,
  privateNetworkProblems,
  validateEgress,
} from "./plan/network";

export * from "./plan/flow-logs";
export * from "./plan/layout";
export * from "./plan/network";

// ---------------------------------------------------------------------------------------------------------------
// The arguments: defaults and rules

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

export function layoutOf(args: ResolvedRegionalVpcArgs): SubnetLayoutInput {
  return { vpcCidr: args.cidr, availabilityZones: args.availabilityZones, tiers: args.tiers };
}

/**
 * Every problem of the (defaulted) arguments, with paths relative to them (`tiers.data.cidrs.ap-east-2a`,
 * `interfaceEndpoints[2]`). The component adds the problem of its provider (`validateRegionalVpcArgs`); empty when
 * the component can be built. The config section reports these same rules for `platform:network`.
 */
export function regionalVpcArgsProblems(args: ResolvedRegionalVpcArgs): Problem[] {
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

  const clusterName = args.clusterName === undefined ? undefined : eksClusterNameProblem(args.clusterName);
  if (clusterName !== undefined) {
    problems.push({ path: "clusterName", message: clusterName });
  }

  problems.push(...privateNetworkProblems(args.privateNetworkCidrs));
  return problems;
}
