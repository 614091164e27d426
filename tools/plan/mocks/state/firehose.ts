/**
 * Amazon Data Firehose: delivery streams, identified (as the provider does) by their ARN, with their name, version
 * and destination id.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:kinesis/*` resource; undefined for a type this family does not know. */
export function firehoseState({
  type,
  name,
  seed,
  inputs,
  region,
}: MockedResource): ComputedState | undefined {
  if (type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream") {
    const streamName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
    const arn = `arn:aws:firehose:${region}:${MOCK_ACCOUNT_ID}:deliverystream/${streamName}`;
    return result(arn, {
      name: streamName,
      arn,
      versionId: "1",
      destinationId: "destinationId-000000000001",
    });
  }
  return undefined;
}
