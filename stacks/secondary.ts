import { VpcPeering } from "../components/vpc-peering";
import type { PlatformConfig } from "./config";
import type { Exported, PrimaryStackReference, SecondaryStackOutputs } from "./contract";
import { regionalProvider } from "./providers";
import { buildRegionalPlatform, privateRouteTables } from "./regional";

/**
 * The secondary role (prod-tokyo, and any further region): the same regional building blocks, joined to the
 * primary. It owns all cross-region glue and acts in the primary's region through a second explicit provider.
 * Everything it needs from the primary is read before the first resource is created, so a missing primary output
 * fails the run without registering anything.
 */
export async function buildSecondary(
  config: PlatformConfig,
  primary: PrimaryStackReference,
): Promise<Exported<SecondaryStackOutputs>> {
  const primaryRegion = await primary.value("region");
  const primaryCidr = await primary.value("vpcCidr");
  const primaryRouteTables = await primary.value("privateRouteTableIds");

  const region = buildRegionalPlatform(config);
  const primaryProvider = regionalProvider(config, primaryRegion);

  const peering = new VpcPeering(`peering-${primaryRegion}`, {
    requester: {
      vpcId: region.vpc.vpcId,
      cidr: config.network.cidr,
      routeTableIds: privateRouteTables(region.vpc),
      provider: region.provider,
    },
    accepter: {
      vpcId: primary.requireOutput("vpcId"),
      cidr: primaryCidr,
      routeTableIds: {
        ...prefixKeys("data", primaryRouteTables.data),
        ...prefixKeys("workload", primaryRouteTables.workload),
      },
      provider: primaryProvider,
    },
    accepterRegion: primaryRegion,
  });

  return {
    ...region.outputs,
    primaryStack: primary.stackName,
    peeringConnectionId: peering.peeringConnectionId,
  };
}

function prefixKeys(prefix: string, values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}-${key}`, value]));
}
