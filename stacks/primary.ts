import type { PlatformConfig } from "./config";
import type { Exported, PrimaryStackOutputs } from "./contract";
import { buildRegionalPlatform } from "./regional";

/**
 * The primary role (dev, prod-taipei): the regional building blocks and the global resources. It never references
 * another stack; secondaries read its outputs and own every cross-region link.
 */
export function buildPrimary(config: PlatformConfig): Exported<PrimaryStackOutputs> {
  const region = buildRegionalPlatform(config);
  return region.outputs;
}
