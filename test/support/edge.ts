/**
 * Taipei's edge as prod-taipei would create it (api and shop behind kimkao.io, weight 70), for the specs that build a
 * `RegionalEdge` only to watch it (health-check alarms, the observability stack's edge alarms).
 */
import type { RegionalEdgeArgs } from "../../components/regional-edge";

export const TAIPEI_ZONE_ID = "Z0123456789ABCDEFGHIJ";

/** The arguments of Taipei's edge, with the region's logs key and, where a spec tries both, `protect`. */
export function taipeiEdgeArgs(logsKmsKeyArn: string, protect?: boolean): RegionalEdgeArgs {
  return {
    domain: "kimkao.io",
    zoneId: TAIPEI_ZONE_ID,
    region: "ap-east-2",
    environment: "prod",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.0.0.0/16",
    edgeSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
    applications: {
      api: { host: "api.kimkao.io", healthPath: "/healthz", port: 8080 },
      shop: { host: "shop.kimkao.io", healthPath: "/health", port: 8080 },
    },
    weight: 70,
    logsKmsKeyArn,
    ...(protect !== undefined ? { protect } : {}),
  };
}
