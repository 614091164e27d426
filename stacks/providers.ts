import * as aws from "@pulumi/aws";
import type { PlatformConfig } from "./config";

/** The tags every resource carries: the stack's own (`Owner`, `CostCenter`, …) plus the ones the program sets. */
export function platformTags(config: PlatformConfig, region: string = config.region): Record<string, string> {
  return {
    ...config.tags,
    Project: config.project,
    Environment: config.environment,
    Region: region,
    ManagedBy: "pulumi",
  };
}

/**
 * The explicit AWS provider of one region, with the platform tags as `defaultTags`. Every regional resource is
 * created through one of these (never the ambient default provider), so a resource cannot land in the wrong region.
 */
export function regionalProvider(config: PlatformConfig, region: string): aws.Provider {
  return new aws.Provider(`aws-${region}`, {
    region: region as aws.Region,
    defaultTags: { tags: platformTags(config, region) },
  });
}
