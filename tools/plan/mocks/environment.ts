/**
 * What the mocks are given for one program run or test (`MockEnvironment`), and the account they answer as.
 */

/** The AWS account every mocked ARN, owner and caller identity names. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** Region used when neither the resource, its provider nor the config names one. */
export const FALLBACK_REGION = "us-east-1";

export interface MockEnvironment {
  project: string;
  /** Short stack name, e.g. "prod-taipei". */
  stack: string;
  /** Full keys like "aws:region", "platform:network" (JSON string for structured values). */
  config: Record<string, string>;
  secretKeys?: string[];
  /** Outputs of other stacks by the exact name a StackReference is given. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Names of the outputs of `stackOutputs[name]` that are secrets (they read back as secret outputs). */
  stackSecretOutputs?: Record<string, string[]>;
  /** Default false. */
  preview?: boolean;
  /**
   * The regions the mocks know, with the letters of the availability zones AWS offers in each: what
   * `aws.getAvailabilityZones` answers with (the plan passes the project's table, REGION_AZ_LETTERS of
   * stacks/regions.ts). That invoke fails for a region left out.
   */
  regions?: RegionZones;
}

/** Zone letters by region, e.g. `{ "ap-northeast-1": ["a", "c", "d"] }`. */
export type RegionZones = Readonly<Record<string, readonly string[]>>;
