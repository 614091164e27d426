import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GithubCiAccess } from "../components/github-ci-access";
import { RegionalKeys } from "../components/regional-keys";
import { RegionalVpc } from "../components/regional-vpc";
import type { PlatformConfig } from "./config";
import type { Exported, PrivateRouteTableIds, RegionalStackOutputs } from "./contract";
import { regionalProvider } from "./providers";

/** The building blocks every region has, whatever its role. */
export interface RegionalPlatform {
  readonly provider: aws.Provider;
  /** The region's customer KMS keys by purpose (`keys.keyArns.database`, `.streaming`, `.logs`, `.kubernetes`). */
  readonly keys: RegionalKeys;
  readonly vpc: RegionalVpc;
  /** The account's GitHub Actions roles, in the one stack whose config has `platform:ciAccess` (ADR 0008). */
  readonly ciAccess?: GithubCiAccess;
  readonly outputs: Exported<RegionalStackOutputs>;
}

export function buildRegionalPlatform(config: PlatformConfig): RegionalPlatform {
  const provider = regionalProvider(config, config.region);
  // First, so every later component encrypts with the region's own keys; protected in prod, since deleting a key
  // makes everything encrypted with it unreadable.
  const keys = new RegionalKeys(
    "keys",
    { environment: config.environment, aliasPrefix: config.project, protect: config.environment === "prod" },
    { provider },
  );
  const network = config.network;
  const vpc = new RegionalVpc(
    "network",
    {
      cidr: network.cidr,
      availabilityZones: network.availabilityZones,
      tiers: network.tiers,
      egress: network.egress,
      interfaceEndpoints: network.interfaceEndpoints,
      flowLogRetentionDays: network.flowLogRetentionDays,
      workloadCapacity: network.workloadCapacity,
    },
    { provider },
  );
  // IAM is global: only the stack that owns the account's CI roles creates them (protected OIDC provider in prod).
  const ciAccess =
    config.ciAccess === undefined
      ? undefined
      : new GithubCiAccess(
          "ci-access",
          { ...config.ciAccess, protect: config.environment === "prod" },
          { provider },
        );
  const privateRouteTableIds: pulumi.Output<PrivateRouteTableIds> = vpc.routeTableIds.apply((tables) => ({
    data: tables.data,
    workload: tables.workload,
  }));
  return {
    provider,
    keys,
    vpc,
    ...(ciAccess !== undefined ? { ciAccess } : {}),
    outputs: {
      region: config.region,
      environment: config.environment,
      vpcId: vpc.vpcId,
      vpcCidr: vpc.vpcCidr,
      privateRouteTableIds,
      subnetIds: vpc.subnetIds,
      dbSubnetGroupName: vpc.dbSubnetGroupName,
      subnetPlan: vpc.subnetPlan,
      ...(ciAccess !== undefined
        ? {
            ciAccess: pulumi
              .all([ciAccess.oidcProviderArn, ciAccess.previewRoleArn, ciAccess.deployRoleArn])
              .apply(([oidcProviderArn, previewRoleArn, deployRoleArn]) => ({
                oidcProviderArn,
                previewRoleArn,
                deployRoleArn,
              })),
          }
        : {}),
    },
  };
}

/** Private route tables of a VPC, keyed `<tier>-<zone>`, from its plain subnet plan (keys name resources). */
export function privateRouteTables(vpc: RegionalVpc): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(
    vpc.subnetPlan
      .filter((subnet) => subnet.tier === "data" || subnet.tier === "workload")
      .map((subnet) => [
        `${subnet.tier}-${subnet.availabilityZone}`,
        vpc.routeTableIds.apply((tables) => tables[subnet.tier][subnet.availabilityZone]),
      ]),
  );
}
