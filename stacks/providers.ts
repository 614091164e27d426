import * as aws from "@pulumi/aws";
import type { PlatformConfig } from "./config";
import { providerName } from "./naming";

/**
 * The explicit AWS provider of one region, with the platform tags as `defaultTags` (`config.tags` already holds
 * `Owner`, `CostCenter`, `Project`, `Environment`, `Region` and `ManagedBy`; `Region` is set to the provider's).
 * Every regional resource is created through one of these, never the ambient default provider, so a resource
 * cannot land in the wrong region; and each accepts only the stack's account (`platform:accountId`), so credentials
 * for another account stop the run before anything there is read or changed (ADR 0026).
 */
export function regionalProvider(config: PlatformConfig, region: string): aws.Provider {
  return new aws.Provider(providerName(region), {
    region: region as aws.Region,
    allowedAccountIds: [config.accountId],
    defaultTags: { tags: { ...config.tags, Region: region } },
  });
}
