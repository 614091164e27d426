/**
 * The subnet layout of `RegionalVpc`: tiers, CIDR arithmetic, the first-fit allocation of every tier's subnet in
 * every zone (pinned CIDRs first), and the workload tier's capacity. Plain data, property-tested in
 * `test/components/regional-vpc/plan.spec.ts`.
 */
import { IPv4, IPv4CidrRange, IPv4Prefix, Validator } from "ip-num";
import { Problem, throwIfProblems } from "../../common/validation";

/** Subnet tiers, in the order the planner allocates them within one availability zone. */
export const TIERS = ["data", "workload", "edge"] as const;
export type Tier = (typeof TIERS)[number];

/** AWS keeps the first four and the last address of every subnet. */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;

/** AWS accepts VPC and subnet prefixes from /16 to /28. */
export const MIN_PREFIX_LENGTH = 16;
export const MAX_PREFIX_LENGTH = 28;

export interface TierSpec {
  /** Prefix length of the subnets the planner allocates for zones without a pinned CIDR. */
  readonly prefixLength: number;
  /**
   * Pinned CIDRs keyed by availability zone name. Pinned CIDRs are reserved before anything is allocated, so
   * they never move; pin every subnet of a live VPC to make its layout independent of the planner.
   */
  readonly cidrs?: Readonly<Record<string, string>>;
}

export interface SubnetLayoutInput {
  /** The VPC's IPv4 CIDR (a plain string: the planner computes with it). */
  readonly vpcCidr: string;
  /** Zone names in allocation order. Append new zones at the end: allocations of existing zones do not move. */
  readonly availabilityZones: readonly string[];
  readonly tiers: {
    readonly data: TierSpec;
    readonly workload: TierSpec;
    readonly edge?: TierSpec;
  };
}

export interface PlannedSubnet {
  /** Stable identity, `<tier>-<zone suffix>` (e.g. `data-a`): used in resource names, never a list index. */
  readonly key: string;
  readonly tier: Tier;
  readonly availabilityZone: string;
  /** The zone's letter suffix (`a` for `ap-east-2a`). */
  readonly azSuffix: string;
  readonly cidr: string;
  /** Addresses usable by ENIs: the block size minus the five AWS reserves. */
  readonly usableAddresses: number;
  /** True when the CIDR came from `cidrs`, false when the planner allocated it. */
  readonly pinned: boolean;
}

/** Everything that makes a zone name unusable as a key; zone names look like `ap-east-2a`. */
export function azSuffix(availabilityZone: string): string {
  const match = /^[a-z]{2}(?:-[a-z]+)+-\d+([a-z])$/.exec(availabilityZone);
  return match ? match[1] : availabilityZone;
}

/** Problems with one CIDR string: syntax, host bits set, prefix outside AWS's range. Empty when it is usable. */
export function cidrProblems(path: string, cidr: string, what: string): Problem[] {
  if (typeof cidr !== "string" || !Validator.isValidIPv4CidrNotation(cidr)[0]) {
    return [
      { path, message: `${JSON.stringify(cidr)} is not an IPv4 CIDR; write the ${what} like 10.0.0.0/16` },
    ];
  }
  if (!Validator.isValidIPv4CidrRange(cidr)[0]) {
    const aligned = IPv4CidrRange.fromCidr(alignedCidr(cidr)).toCidrString();
    return [{ path, message: `${cidr} has host bits set; use the network address ${aligned}` }];
  }
  const prefix = prefixOf(cidr);
  if (prefix < MIN_PREFIX_LENGTH || prefix > MAX_PREFIX_LENGTH) {
    return [
      {
        path,
        message: `${cidr} has prefix /${prefix}; AWS accepts a ${what} from /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH}`,
      },
    ];
  }
  return [];
}

/** True when the two valid CIDRs share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return IPv4CidrRange.fromCidr(a).isOverlapping(IPv4CidrRange.fromCidr(b));
}

/** True when `inner` lies wholly within `outer` (both valid CIDRs). */
export function cidrInside(inner: string, outer: string): boolean {
  const innerRange = IPv4CidrRange.fromCidr(inner);
  const outerRange = IPv4CidrRange.fromCidr(outer);
  return innerRange.inside(outerRange) || innerRange.isEquals(outerRange);
}

/** Number of addresses in a valid CIDR. */
export function cidrSize(cidr: string): number {
  return Number(IPv4CidrRange.fromCidr(cidr).getSize());
}

function prefixOf(cidr: string): number {
  return Number(cidr.split("/")[1]);
}

function alignedCidr(cidr: string): string {
  const [address, prefix] = cidr.split("/");
  return `${new IPv4CidrRange(IPv4.fromString(address), new IPv4Prefix(BigInt(prefix))).getFirst()}/${prefix}`;
}

/** A range's first and last address, read once through ip-num so the allocator's loop compares plain bigints. */
interface Bounds {
  readonly first: bigint;
  readonly last: bigint;
}

function boundsOf(range: IPv4CidrRange): Bounds {
  return { first: range.getFirst().value, last: range.getLast().value };
}

/**
 * The lowest aligned /`bits` block of `vpc` that overlaps nothing in `taken` (first fit), or undefined. Jumps to
 * the first aligned block after each clash instead of enumerating every candidate: building every /28 of a /16
 * as ip-num ranges took ~200 ms per plan.
 */
function firstFreeRange(vpc: Bounds, bits: number, taken: readonly Bounds[]): IPv4CidrRange | undefined {
  const size = IPv4Prefix.fromNumber(BigInt(bits)).toRangeSize();
  let first = vpc.first;
  while (first + size - 1n <= vpc.last) {
    const last = first + size - 1n;
    const clash = taken.find((used) => used.first <= last && first <= used.last);
    if (clash === undefined) {
      return IPv4CidrRange.fromCidr(`${IPv4.fromNumber(first)}/${bits}`);
    }
    first = ((clash.last + size) / size) * size;
  }
  return undefined;
}

function configuredTiers(input: SubnetLayoutInput): Tier[] {
  return TIERS.filter((tier) => input.tiers[tier] !== undefined);
}

/**
 * Every problem of a subnet layout, with paths relative to the layout (`cidr`, `availabilityZones[1]`,
 * `tiers.data.cidrs.ap-east-2a`, …). Empty when `planSubnets` will succeed.
 */
export function validateSubnetLayout(input: SubnetLayoutInput): Problem[] {
  const problems: Problem[] = [...cidrProblems("cidr", input.vpcCidr, "VPC CIDR")];
  const vpcValid = problems.length === 0;

  const zones = input.availabilityZones ?? [];
  if (zones.length === 0) {
    problems.push({
      path: "availabilityZones",
      message: "no availability zones; list at least one zone name",
    });
  }
  const seenZones = new Set<string>();
  const seenSuffixes = new Map<string, string>();
  zones.forEach((zone, index) => {
    if (seenZones.has(zone)) {
      problems.push({
        path: `availabilityZones[${index}]`,
        message: `${zone} is listed twice; list each zone once`,
      });
    }
    seenZones.add(zone);
    const suffix = azSuffix(zone);
    const other = seenSuffixes.get(suffix);
    if (other !== undefined && other !== zone) {
      problems.push({
        path: `availabilityZones[${index}]`,
        message: `${zone} has the same suffix as ${other}; subnet keys use the suffix, so use zones of one region`,
      });
    }
    seenSuffixes.set(suffix, zone);
  });

  const pinned: { path: string; cidr: string }[] = [];
  for (const tier of configuredTiers(input)) {
    const spec = input.tiers[tier]!;
    const prefix = spec.prefixLength;
    if (!Number.isInteger(prefix) || prefix < MIN_PREFIX_LENGTH || prefix > MAX_PREFIX_LENGTH) {
      problems.push({
        path: `tiers.${tier}.prefixLength`,
        message: `${prefix} is not a subnet prefix length; use a whole number from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH}`,
      });
    } else if (vpcValid && prefix <= prefixOf(input.vpcCidr)) {
      problems.push({
        path: `tiers.${tier}.prefixLength`,
        message: `/${prefix} is not smaller than the VPC ${input.vpcCidr}; use a prefix length above ${prefixOf(input.vpcCidr)}`,
      });
    }
    for (const [zone, cidr] of Object.entries(spec.cidrs ?? {})) {
      const path = `tiers.${tier}.cidrs.${zone}`;
      if (!seenZones.has(zone)) {
        problems.push({
          path,
          message: `${zone} is not one of availabilityZones (${zones.join(", ")}); add the zone or remove this CIDR`,
        });
        continue;
      }
      const own = cidrProblems(path, cidr, "subnet CIDR");
      problems.push(...own);
      if (own.length > 0 || !vpcValid) {
        continue;
      }
      if (!cidrInside(cidr, input.vpcCidr)) {
        problems.push({
          path,
          message: `${cidr} is outside the VPC CIDR ${input.vpcCidr}; pick a block inside it`,
        });
        continue;
      }
      const clash = pinned.find((other) => cidrsOverlap(other.cidr, cidr));
      if (clash) {
        problems.push({
          path,
          message: `${cidr} overlaps ${clash.cidr} (${clash.path}); give each subnet its own block`,
        });
        continue;
      }
      pinned.push({ path, cidr });
    }
  }

  if (problems.length === 0) {
    problems.push(...allocate(input).problems);
  }
  return problems;
}

/**
 * Resolves the subnet layout: one subnet per configured tier and zone. Pinned CIDRs are reserved first; the rest
 * are allocated first-fit in zone order, then tier order, so appending a zone never moves an existing subnet.
 * Throws one `ValidationError` listing every problem.
 */
export function planSubnets(input: SubnetLayoutInput): PlannedSubnet[] {
  throwIfProblems("Invalid subnet layout", validateSubnetLayout(input));
  return allocate(input).subnets;
}

function allocate(input: SubnetLayoutInput): { subnets: PlannedSubnet[]; problems: Problem[] } {
  const tiers = configuredTiers(input);
  const taken: Bounds[] = [];
  for (const tier of tiers) {
    for (const cidr of Object.values(input.tiers[tier]!.cidrs ?? {})) {
      taken.push(boundsOf(IPv4CidrRange.fromCidr(cidr)));
    }
  }
  const vpc = boundsOf(IPv4CidrRange.fromCidr(input.vpcCidr));
  const subnets: PlannedSubnet[] = [];
  const problems: Problem[] = [];

  for (const zone of input.availabilityZones) {
    for (const tier of tiers) {
      const spec = input.tiers[tier]!;
      const key = `${tier}-${azSuffix(zone)}`;
      let cidr = spec.cidrs?.[zone];
      if (cidr === undefined) {
        const free = firstFreeRange(vpc, spec.prefixLength, taken);
        if (free === undefined) {
          problems.push({
            path: `tiers.${tier}.prefixLength`,
            message: `no free /${spec.prefixLength} left in ${input.vpcCidr} for the ${tier} subnet in ${zone}; use a longer prefix length or a larger VPC CIDR`,
          });
          continue;
        }
        taken.push(boundsOf(free));
        cidr = free.toCidrString();
      }
      subnets.push({
        key,
        tier,
        availabilityZone: zone,
        azSuffix: azSuffix(zone),
        cidr,
        usableAddresses: cidrSize(cidr) - AWS_RESERVED_ADDRESSES_PER_SUBNET,
        pinned: spec.cidrs?.[zone] !== undefined,
      });
    }
  }
  return { subnets, problems };
}

/** Peak number of nodes and pods per node the workload tier must address (the VPC CNI gives every pod a VPC IP). */
export interface WorkloadCapacity {
  readonly nodes: number;
  readonly podsPerNode: number;
}

/**
 * Checks that every workload subnet can address its share of nodes and pods. Nodes are spread evenly over the
 * zones, each needs one address for itself and one per pod. The message says by how much a subnet falls short and
 * which prefix length would fit.
 */
export function checkWorkloadCapacity(
  subnets: readonly PlannedSubnet[],
  capacity: WorkloadCapacity,
): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(capacity)) {
    if (!Number.isInteger(value) || value < 1) {
      problems.push({
        path: `workloadCapacity.${field}`,
        message: `${value} is not a positive whole number; set at least 1`,
      });
    }
  }
  const workload = subnets.filter((subnet) => subnet.tier === "workload");
  if (problems.length > 0 || workload.length === 0) {
    return problems;
  }
  const nodesPerZone = Math.ceil(capacity.nodes / workload.length);
  const needed = nodesPerZone * (capacity.podsPerNode + 1);
  const fittingPrefix = largestPrefixHolding(needed);
  for (const subnet of workload) {
    if (subnet.usableAddresses < needed) {
      problems.push({
        path: "workloadCapacity",
        message:
          `workload subnet ${subnet.key} (${subnet.cidr}) has ${subnet.usableAddresses} usable addresses but ` +
          `${nodesPerZone} nodes × (${capacity.podsPerNode} pods + 1) = ${needed} are needed: short by ` +
          `${needed - subnet.usableAddresses}; use workload prefixLength ${fittingPrefix} or fewer nodes or pods`,
      });
    }
  }
  return problems;
}

/** The longest prefix length whose subnet still holds `addresses` usable addresses. */
export function largestPrefixHolding(addresses: number): number {
  for (let prefix = MAX_PREFIX_LENGTH; prefix >= 0; prefix--) {
    if (2 ** (32 - prefix) - AWS_RESERVED_ADDRESSES_PER_SUBNET >= addresses) {
      return prefix;
    }
  }
  return 0;
}
