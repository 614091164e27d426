/**
 * Audit: CloudTrail trails and AWS Config recorders, delivery channels and recorder statuses.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:cloudtrail/*` or `aws:cfg/*` resource; undefined for another type. */
export function auditState({ type, name, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:cloudtrail/trail:Trail": {
      // A trail is identified by its ARN, in its home Region; it logs from creation (`enableLogging` defaults true).
      const trailName = stringOr(inputs["name"], name);
      const arn = `arn:aws:cloudtrail:${region}:${MOCK_ACCOUNT_ID}:trail/${trailName}`;
      return result(arn, { arn, name: trailName, homeRegion: region });
    }
    case "aws:cfg/recorder:Recorder":
    case "aws:cfg/deliveryChannel:DeliveryChannel":
    case "aws:cfg/recorderStatus:RecorderStatus": {
      // Config names them (`default` when no name is given); the name is the id.
      const configName = stringOr(inputs["name"], "default");
      return result(configName, { name: configName });
    }
    default:
      return undefined;
  }
}
