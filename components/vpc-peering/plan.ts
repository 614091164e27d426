/**
 * Pure planning for `VpcPeering`: the rules of its arguments (each side's CIDR and route tables, disjoint CIDRs,
 * the accepter's region). No `@pulumi/*` import; whether each side's provider is an `aws.Provider` is asked of the
 * component, which knows the class.
 */
import { isRegionName } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import { cidrProblems, cidrsOverlap } from "../regional-vpc/plan";

/** One side of a peering as the rules read it: its CIDR, its route tables' keys and its provider. */
export interface PeeringSidePlanInput {
  readonly cidr: string;
  readonly routeTableIds: Readonly<Record<string, unknown>>;
  readonly provider: unknown;
}

/** The arguments as the rules read them. */
export interface VpcPeeringPlanInput {
  readonly requester: PeeringSidePlanInput;
  readonly accepter: PeeringSidePlanInput;
  readonly accepterRegion: string;
}

/**
 * Every problem of the arguments, with paths relative to them. `isAwsProvider` tells whether a side's provider is
 * an `aws.Provider` (the component passes the class check; the rules stay free of `@pulumi/aws`).
 */
export function vpcPeeringArgsProblems(
  args: VpcPeeringPlanInput,
  isAwsProvider: (provider: unknown) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  for (const side of ["requester", "accepter"] as const) {
    problems.push(...cidrProblems(`${side}.cidr`, args[side].cidr, "VPC CIDR"));
    if (!isAwsProvider(args[side].provider)) {
      problems.push({
        path: `${side}.provider`,
        message: "not an aws.Provider; pass the explicit provider of that side's region",
      });
    }
    if (Object.keys(args[side].routeTableIds).length === 0) {
      problems.push({
        path: `${side}.routeTableIds`,
        message: "no route tables; pass the route tables that must reach the other VPC",
      });
    }
  }
  if (problems.length === 0 && cidrsOverlap(args.requester.cidr, args.accepter.cidr)) {
    problems.push({
      path: "accepter.cidr",
      message: `${args.accepter.cidr} overlaps the requester's ${args.requester.cidr}; peered VPCs need disjoint CIDRs`,
    });
  }
  if (!isRegionName(args.accepterRegion)) {
    problems.push({
      path: "accepterRegion",
      message: `${JSON.stringify(args.accepterRegion)} is not a region name; use e.g. ap-east-2`,
    });
  }
  return problems;
}
