import { loadPlatformConfig } from "./config";
import {
  Exported,
  PrimaryStackOutputs,
  PrimaryStackReference,
  SecondaryStackOutputs,
  readPrimaryFacts,
} from "./contract";
import { buildPrimary } from "./primary";
import { buildSecondary } from "./secondary";

/**
 * The Pulumi program: validated config first (nothing is registered when it is invalid, except the read of the
 * primary's stack reference that the rules between stacks need), then the composition for `platform:role`.
 */
export async function runPlatform(): Promise<
  Exported<PrimaryStackOutputs> | Exported<SecondaryStackOutputs>
> {
  let primary: PrimaryStackReference | undefined;
  const config = await loadPlatformConfig({
    primary: async (stackName, wanted) => {
      primary = new PrimaryStackReference(stackName);
      return readPrimaryFacts(primary, wanted);
    },
  });
  switch (config.role) {
    case "primary":
      return buildPrimary(config);
    case "secondary":
      return buildSecondary(config, primary ?? new PrimaryStackReference(config.primaryStack as string));
    default: {
      const unknown: never = config.role;
      throw new Error(`unknown role ${JSON.stringify(unknown)}`);
    }
  }
}
