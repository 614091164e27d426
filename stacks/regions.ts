/**
 * Regions this platform knows, with the availability-zone letters AWS offers in each. Config validation checks
 * `platform:network.availabilityZones` against this table; add a region here (one line) before planning a stack in
 * it. ap-northeast-1b exists but is closed to new accounts, so it is left out.
 */
export const REGION_AZ_LETTERS: Readonly<Record<string, readonly string[]>> = {
  "ap-east-1": ["a", "b", "c"],
  "ap-east-2": ["a", "b", "c"],
  "ap-northeast-1": ["a", "c", "d"],
  "ap-northeast-2": ["a", "b", "c", "d"],
  "ap-northeast-3": ["a", "b", "c"],
  "ap-southeast-1": ["a", "b", "c"],
  "ap-southeast-2": ["a", "b", "c"],
  "ap-south-1": ["a", "b", "c"],
  "eu-central-1": ["a", "b", "c"],
  "eu-west-1": ["a", "b", "c"],
  "us-east-1": ["a", "b", "c", "d", "e", "f"],
  "us-east-2": ["a", "b", "c"],
  "us-west-2": ["a", "b", "c", "d"],
};

/** The zone names AWS offers in `region`, or undefined for a region missing from the table. */
export function availabilityZonesOf(region: string): string[] | undefined {
  return REGION_AZ_LETTERS[region]?.map((letter) => `${region}${letter}`);
}
