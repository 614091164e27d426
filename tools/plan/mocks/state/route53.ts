/**
 * Route 53 (global: no region or account in its ARNs): hosted zones with their id and delegation set, health checks,
 * records with their fully qualified name, and query logging configurations.
 */
import { shortHash, upperId, uuidFrom } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The top-level domains of a Route 53 delegation set's four name servers, in the order Route 53 lists them. */
const NAME_SERVER_DOMAINS = ["com", "net", "org", "co.uk"] as const;

/** The state of an `aws:route53/*` resource; undefined for a type this family does not know. */
export function route53State({ type, name, seed, inputs }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:route53/zone:Zone": {
      // New zones have ids of `Z0` and 19 upper-case letters and digits.
      const zoneId = `Z0${upperId(seed, 19)}`;
      const nameServers = NAME_SERVER_DOMAINS.map((domain, index) => {
        const server = parseInt(shortHash(`${seed}/ns/${index}`, 4), 16) % 2048;
        const shard = (parseInt(shortHash(`${seed}/shard/${index}`, 2), 16) % 64).toString().padStart(2, "0");
        return `ns-${server}.awsdns-${shard}.${domain}`;
      });
      return result(zoneId, {
        zoneId,
        arn: `arn:aws:route53:::hostedzone/${zoneId}`,
        name: stringOr(inputs["name"], name),
        nameServers,
        primaryNameServer: nameServers[0],
      });
    }
    case "aws:route53/healthCheck:HealthCheck": {
      const id = uuidFrom(seed);
      return result(id, { arn: `arn:aws:route53:::healthcheck/${id}` });
    }
    case "aws:route53/record:Record": {
      // The provider's id: zone, name, type and (for routing policies) the set identifier, joined by `_`.
      const recordName = stringOr(inputs["name"], name).replace(/\.$/, "");
      const setIdentifier = inputs["setIdentifier"];
      const id = [
        stringOr(inputs["zoneId"], "Z"),
        recordName,
        stringOr(inputs["type"], "A"),
        ...(typeof setIdentifier === "string" ? [setIdentifier] : []),
      ].join("_");
      return result(id, { fqdn: recordName });
    }
    case "aws:route53/queryLog:QueryLog": {
      const id = uuidFrom(seed);
      return result(id, { arn: `arn:aws:route53:::queryloggingconfig/${id}` });
    }
    default:
      return undefined;
  }
}
