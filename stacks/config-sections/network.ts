/**
 * `platform:network`: the region's VPC (`RegionalVpc`). Required in every stack. The rules are the component's own
 * (`validateSubnetLayout`, `validateEgress`, `interfaceEndpointProblems`, `checkWorkloadCapacity`, the retention), so
 * config and component report the same problems; the config adds what only it knows: the zones of `aws:region`, how
 * many zones the environment needs, and the endpoints a private EKS platform needs without egress.
 */
import { retentionProblem } from "../../components/common/aws-limits";
import { Problem, prefixProblems } from "../../components/common/validation";
import { interfaceEndpointProblems, regionalVpcDefaults } from "../../components/regional-vpc/plan";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  EGRESS_STRATEGIES,
  EgressStrategy,
  TierSpec,
  WorkloadCapacity,
  checkWorkloadCapacity,
  cidrProblems,
  planSubnets,
  validateEgress,
  validateSubnetLayout,
} from "../../components/regional-vpc/plan";
import { availabilityZonesOf } from "../regions";
import {
  ENVIRONMENTS,
  Environment,
  Fields,
  Section,
  SectionContext,
  isRecord,
  list,
  map,
  numeric,
  plural,
  strict,
  structuredSection,
  text,
} from "./section";

export const NETWORK_KEY = "platform:network";

export interface NetworkConfig {
  /** The VPC's IPv4 CIDR, e.g. `10.0.0.0/16`. */
  cidr: string;
  /** Zone names of `aws:region`, in allocation order (append new zones at the end). */
  availabilityZones: string[];
  /** Subnet tiers (DESIGN §6). `edge` is optional: without it, `egress` must be `none`. */
  tiers: { data: TierSpec; workload: TierSpec; edge?: TierSpec };
  /** @default "nat-per-az" */
  egress: EgressStrategy;
  /** Interface endpoint services (the part after `com.amazonaws.<region>.`). @default DEFAULT_INTERFACE_ENDPOINTS */
  interfaceEndpoints: string[];
  /** Retention of the VPC flow log group, a CloudWatch Logs retention. @default 365 */
  flowLogRetentionDays: number;
  /** Peak nodes and pods per node the workload subnets must address; unchecked when absent. */
  workloadCapacity?: WorkloadCapacity;
}

/** The fewest availability zones a stack of `environment` may use: prod survives the loss of a zone with spare. */
export function minimumAvailabilityZones(environment: Environment): number {
  switch (environment) {
    case "prod":
      return 3;
    case "staging":
    case "dev":
      return 2;
    default: {
      const unknown: never = environment;
      throw new Error(
        `unknown environment ${JSON.stringify(unknown)}; use one of ${ENVIRONMENTS.join(", ")}`,
      );
    }
  }
}

function tierSchema(example: string) {
  return strict(
    {
      prefixLength: numeric("the prefix length of the tier's subnets", "24"),
      cidrs: map(
        text("the subnet CIDR", "10.0.1.0/24"),
        "subnet CIDRs by zone",
        "{ap-east-2a: 10.0.1.0/24}",
      ).optional(),
    },
    "the tier",
    example,
  );
}

const NetworkSchema = strict(
  {
    cidr: text("the VPC CIDR", "10.0.0.0/16"),
    availabilityZones: list(
      text("a zone name", "ap-east-2a"),
      "the zone names",
      "[ap-east-2a, ap-east-2b, ap-east-2c]",
    ),
    tiers: strict(
      {
        data: tierSchema("{prefixLength: 24}"),
        workload: tierSchema("{prefixLength: 19}"),
        edge: tierSchema("{prefixLength: 26}").optional(),
      },
      "the subnet tiers",
      "{data: {prefixLength: 24}, workload: {prefixLength: 19}, edge: {prefixLength: 26}}",
    ),
    egress: text(`one of ${EGRESS_STRATEGIES.join(", ")}`, regionalVpcDefaults.egress).default(
      regionalVpcDefaults.egress,
    ),
    interfaceEndpoints: list(
      text("a service name", "ecr.api"),
      "the interface endpoint services",
      "[ecr.api, ecr.dkr, sts]",
    ).default(() => [...regionalVpcDefaults.interfaceEndpoints]),
    flowLogRetentionDays: numeric(
      "a CloudWatch Logs retention in days",
      String(regionalVpcDefaults.flowLogRetentionDays),
    ).default(regionalVpcDefaults.flowLogRetentionDays),
    workloadCapacity: strict(
      {
        nodes: numeric("the peak number of nodes", "60"),
        podsPerNode: numeric("the pods per node", "110"),
      },
      "the workload capacity",
      "{nodes: 60, podsPerNode: 110}",
    ).optional(),
  },
  "the network",
  "{cidr: 10.0.0.0/16, availabilityZones: [ap-east-2a, ap-east-2b, ap-east-2c], tiers: {…}}",
);

type NetworkFields = Fields<(typeof NetworkSchema)["shape"]>;

/**
 * Validates `platform:network`: shapes with our messages, then the zones against `aws:region` and the environment,
 * the component's layout, egress, endpoint, retention and capacity rules on every field whose shape is valid. Its
 * valid `cidr` is given even when other fields have problems, for the check against the primary's VPC.
 */
export const checkNetwork: Section<NetworkConfig> = structuredSection({
  key: NETWORK_KEY,
  schema: NetworkSchema,
  whenAbsent: (stack) =>
    `add the network map (cidr, availabilityZones, tiers, …) under config: in Pulumi.${stack}.yaml`,
  rules: (value, context, fields) => networkProblems(value, fields, context),
  build: (data): NetworkConfig => ({
    cidr: data.cidr,
    availabilityZones: data.availabilityZones,
    tiers: data.tiers,
    // validateEgress accepted it (no problems).
    egress: data.egress as EgressStrategy,
    interfaceEndpoints: data.interfaceEndpoints,
    flowLogRetentionDays: data.flowLogRetentionDays,
    ...(data.workloadCapacity !== undefined ? { workloadCapacity: data.workloadCapacity } : {}),
  }),
  valid: (fields) => {
    const cidr = fields.get("cidr");
    return cidr !== undefined && cidrProblems("cidr", cidr, "VPC CIDR").length === 0 ? { cidr } : {};
  },
});

function networkProblems(
  value: Record<string, unknown>,
  fields: NetworkFields,
  context: SectionContext,
): Problem[] {
  const problems: Problem[] = [];
  const cidr = fields.get("cidr");
  const zones = fields.get("availabilityZones");
  const tiers = fields.get("tiers");
  const egress = fields.get("egress");
  const endpoints = fields.get("interfaceEndpoints");
  const capacity = fields.get("workloadCapacity");

  if (zones !== undefined) {
    problems.push(...zoneProblems(zones, context.region, context.environment));
  }

  let layoutValid = false;
  if (cidr !== undefined && zones !== undefined && tiers !== undefined) {
    const layout = validateSubnetLayout({ vpcCidr: cidr, availabilityZones: zones, tiers });
    layoutValid = layout.length === 0;
    // Zone problems (duplicates, empty list) are reported by zoneProblems, with the region's zones.
    problems.push(
      ...prefixProblems(
        NETWORK_KEY,
        layout.filter((p) => !p.path.startsWith("availabilityZones")),
      ),
    );
  }

  // Whether an edge tier is configured does not depend on the tiers' shape being valid.
  const hasEdgeTier = isRecord(value.tiers) ? value.tiers.edge !== undefined : true;
  problems.push(...fields.problems("egress", (strategy) => validateEgress(strategy, hasEdgeTier)));

  if (endpoints !== undefined) {
    problems.push(...endpointProblems(endpoints, egress));
  }

  problems.push(...fields.message("flowLogRetentionDays", retentionProblem));

  if (capacity !== undefined) {
    // With an invalid layout, only the capacity's own fields can be checked.
    const subnets = layoutValid
      ? planSubnets({ vpcCidr: cidr!, availabilityZones: zones!, tiers: tiers! })
      : [];
    problems.push(...prefixProblems(NETWORK_KEY, checkWorkloadCapacity(subnets, capacity)));
  }
  return problems;
}

function zoneProblems(
  zones: readonly string[],
  region: string | undefined,
  environment: Environment | undefined,
): Problem[] {
  const path = `${NETWORK_KEY}.availabilityZones`;
  const problems: Problem[] = [];
  const regionZones = region === undefined ? undefined : availabilityZonesOf(region);
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (regionZones !== undefined && !regionZones.includes(zone)) {
      problems.push({
        path: `${path}[${index}]`,
        message: `${zone} is not a zone of ${region}; use one of ${regionZones.join(", ")}`,
      });
    } else if (seen.has(zone)) {
      problems.push({ path: `${path}[${index}]`, message: `${zone} is listed twice; list each zone once` });
    }
    seen.add(zone);
  });
  const needed = environment === undefined ? 1 : minimumAvailabilityZones(environment);
  const usable = regionZones === undefined ? [...seen] : regionZones.filter((zone) => seen.has(zone));
  if (usable.length < needed) {
    const of = regionZones === undefined ? "" : ` of ${region}`;
    const who = environment === undefined ? "a stack" : `a ${environment} stack`;
    const unused = regionZones?.filter((zone) => !seen.has(zone)) ?? [];
    const from = unused.length > 0 ? ` (unused: ${unused.join(", ")})` : "";
    problems.push({
      path,
      message: `has ${plural(usable.length, "zone")}${of}, but ${who} needs at least ${needed}; add ${needed - usable.length} more${from}`,
    });
  }
  return problems;
}

function endpointProblems(endpoints: readonly string[], egress: string | undefined): Problem[] {
  const path = `${NETWORK_KEY}.interfaceEndpoints`;
  // The component's own rules (names, gateway-only services, duplicates), so config and component agree.
  const problems = prefixProblems(NETWORK_KEY, interfaceEndpointProblems(endpoints));
  const seen = new Set(endpoints);
  if (egress === "none") {
    const missing = DEFAULT_INTERFACE_ENDPOINTS.filter((service) => !seen.has(service));
    if (missing.length > 0) {
      problems.push({
        path,
        message:
          `egress none reaches AWS only through VPC endpoints, and the private EKS platform needs ` +
          `${DEFAULT_INTERFACE_ENDPOINTS.join(", ")}; add ${missing.join(", ")}`,
      });
    }
  }
  return problems;
}
