/**
 * Where the stacks place what they compose in a region's zones, for the composition and for the config rules that
 * must agree with it (the Kafka section checks the broker layout the composition will build).
 */
import { SUPPORTED_ZONE_COUNTS } from "../components/msk-cluster/plan";

/** MSK places brokers in at most this many zones (`SUPPORTED_ZONE_COUNTS`): the cluster uses the VPC's first ones. */
export const MAX_KAFKA_ZONES = Math.max(...SUPPORTED_ZONE_COUNTS);

/** Zones the cluster's brokers run in: the first (at most three) of the VPC's. */
export function kafkaZoneCount(networkZones: number): number {
  return Math.min(networkZones, MAX_KAFKA_ZONES);
}

/** The cluster's brokers: `brokersPerAz` in each of its zones. */
export function kafkaBrokerCount(brokersPerAz: number, networkZones: number): number {
  return brokersPerAz * kafkaZoneCount(networkZones);
}

/**
 * Of a list in the VPC's zone order (its zones, its data subnet ids), the entries of the zones the cluster's brokers
 * run in.
 */
export function inKafkaZones<T>(byZone: readonly T[]): T[] {
  return byZone.slice(0, kafkaZoneCount(byZone.length));
}
