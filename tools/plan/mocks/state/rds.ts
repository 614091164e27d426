/**
 * RDS and Aurora: global clusters, clusters, instances, subnet groups and cluster parameter groups, with identifiers
 * as ids (auto-named when absent) and endpoints in the shapes RDS gives them.
 */
import { MOCK_ACCOUNT_ID } from "../environment";
import { shortHash, upperId } from "../ids";
import { stringOr } from "../values";
import { result, type ComputedState, type MockedResource } from "./resource";

/** The state of an `aws:rds/*` resource; undefined for a type this family does not know. */
export function rdsState({ type, name, seed, inputs, region }: MockedResource): ComputedState | undefined {
  switch (type) {
    case "aws:rds/subnetGroup:SubnetGroup": {
      const groupName = stringOr(inputs["name"], name);
      return result(groupName, {
        name: groupName,
        arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:subgrp:${groupName}`,
      });
    }
    case "aws:rds/globalCluster:GlobalCluster":
    case "aws:rds/cluster:Cluster":
    case "aws:rds/clusterInstance:ClusterInstance":
      return result(...rdsClusterState(type, seed, name, inputs, region));
    case "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
      const groupName = stringOr(inputs["name"], `${name}-${shortHash(seed, 7)}`);
      return result(groupName, {
        name: groupName,
        arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:cluster-pg:${groupName}`,
      });
    }
    default:
      return undefined;
  }
}

/** Default port of an RDS engine. */
function enginePort(engine: unknown): number {
  return typeof engine === "string" && engine.includes("mysql") ? 3306 : 5432;
}

/**
 * Global clusters, clusters and instances: the identifier is the id (auto-named when absent), ARNs in RDS's
 * formats (global clusters have no region), endpoints in the shapes RDS gives them.
 */
function rdsClusterState(
  type: string,
  seed: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
): [string, Record<string, unknown>] {
  const host = shortHash(`${seed}/host`, 12);
  const engineVersion = inputs["engineVersion"];
  const actual = typeof engineVersion === "string" ? { engineVersionActual: engineVersion } : {};
  switch (type) {
    case "aws:rds/globalCluster:GlobalCluster": {
      const id = stringOr(inputs["globalClusterIdentifier"], `${name}-${shortHash(seed, 8)}`);
      return [
        id,
        {
          globalClusterIdentifier: id,
          arn: `arn:aws:rds::${MOCK_ACCOUNT_ID}:global-cluster:${id}`,
          globalClusterResourceId: `cluster-${upperId(seed, 26)}`,
          endpoint: `${id}.global-${host}.global.rds.amazonaws.com`,
          globalClusterMembers: [],
          ...actual,
        },
      ];
    }
    case "aws:rds/cluster:Cluster": {
      const id = stringOr(inputs["clusterIdentifier"], `${name}-${shortHash(seed, 8)}`);
      return [
        id,
        {
          clusterIdentifier: id,
          arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:cluster:${id}`,
          clusterResourceId: `cluster-${upperId(seed, 26)}`,
          endpoint: `${id}.cluster-${host}.${region}.rds.amazonaws.com`,
          readerEndpoint: `${id}.cluster-ro-${host}.${region}.rds.amazonaws.com`,
          port: typeof inputs["port"] === "number" ? inputs["port"] : enginePort(inputs["engine"]),
          hostedZoneId: `Z${upperId(`${seed}/zone`, 13)}`,
          ...actual,
        },
      ];
    }
    default: {
      const id = stringOr(inputs["identifier"], `${name}-${shortHash(seed, 8)}`);
      return [
        id,
        {
          identifier: id,
          arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:db:${id}`,
          dbiResourceId: `db-${upperId(seed, 26)}`,
          endpoint: `${id}.${host}.${region}.rds.amazonaws.com`,
          port: enginePort(inputs["engine"]),
          ...actual,
        },
      ];
    }
  }
}
