/**
 * Answers to the provider functions (invokes) the program calls: caller identity, region, partition, availability
 * zones. Any other invoke fails the run, naming it (components render their IAM documents themselves, ADR 0025).
 */
import { MOCK_ACCOUNT_ID, type RegionZones } from "./environment";
import { zoneIdOf } from "./state/ec2";
import { stringList, stringOr } from "./values";

/**
 * What the invoke `token` returns for `inputs` (plain) when called through a provider of `region`; `regions` are the
 * zones the mocks were given.
 */
export function answerInvoke(
  token: string,
  inputs: Record<string, unknown>,
  region: string,
  regions: RegionZones = {},
): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/offline-plan/offline-plan`,
        id: MOCK_ACCOUNT_ID,
        userId: "AROAOFFLINEPLAN000000:offline-plan",
      };
    case "aws:index/getRegion:getRegion": {
      const name = stringOr(inputs["region"], stringOr(inputs["name"], region));
      return {
        name,
        region: name,
        id: name,
        endpoint: `ec2.${name}.amazonaws.com`,
        description: name,
      };
    }
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return availabilityZones(stringOr(inputs["region"], region), inputs, regions);
    default:
      throw new Error(`unmocked invoke ${token}: add it to tools/plan/mocks/invokes.ts`);
  }
}

function availabilityZones(
  region: string,
  inputs: Record<string, unknown>,
  regions: RegionZones,
): Record<string, unknown> {
  const letters = regions[region];
  if (letters === undefined) {
    throw new Error(
      `no availability zones are known for region ${region}: the mocks were given none for it (MockEnvironment regions)`,
    );
  }
  const excludeNames = stringList(inputs["excludeNames"]);
  const excludeZoneIds = stringList(inputs["excludeZoneIds"]);
  const zones = letters
    .map((letter) => ({ name: `${region}${letter}`, zoneId: zoneIdOf(`${region}${letter}`) }))
    .filter((zone) => !excludeNames.includes(zone.name) && !excludeZoneIds.includes(zone.zoneId));
  return {
    ...inputs,
    id: region,
    region,
    names: zones.map((zone) => zone.name),
    zoneIds: zones.map((zone) => zone.zoneId),
    groupNames: [region],
  };
}
