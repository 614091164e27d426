import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GithubCiAccess } from "../components/github-ci-access";
import { MskCluster } from "../components/msk-cluster";
import { RegionalKeys } from "../components/regional-keys";
import { RegionalVpc } from "../components/regional-vpc";
import type { PlatformConfig } from "./config";
import { kafkaZoneCount } from "./config-sections/kafka";
import type { Exported, PrivateRouteTableIds, RegionalStackOutputs } from "./contract";
import { regionalProvider } from "./providers";

/** The building blocks every region has, whatever its role. */
export interface RegionalPlatform {
  readonly provider: aws.Provider;
  /** The region's customer KMS keys by purpose (`keys.keyArns.database`, `.streaming`, `.logs`, `.kubernetes`). */
  readonly keys: RegionalKeys;
  readonly vpc: RegionalVpc;
  /** The region's MSK cluster, in the data subnets of the first (at most three) zones. */
  readonly kafka: MskCluster;
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
  // MSK in the data tier of the first zones (MSK takes two or three), encrypted with the region's streaming and
  // logs keys; protected in prod. Clients are admitted by security group later (clientSecurityGroupIds).
  const kafkaConfig = config.kafka;
  const kafkaZones = kafkaZoneCount(network.availabilityZones.length);
  const kafka = new MskCluster(
    "kafka",
    {
      vpcId: vpc.vpcId,
      subnetIds: Array.from({ length: kafkaZones }, (_, zone) =>
        vpc.subnetIds.apply((ids) => ids.data[zone]),
      ),
      kafkaVersion: kafkaConfig.kafkaVersion,
      brokerInstanceType: kafkaConfig.brokerInstanceType,
      brokerCount: kafkaConfig.brokersPerAz * kafkaZones,
      volumeSizeGiB: kafkaConfig.volumeSizeGiB,
      maxVolumeSizeGiB: kafkaConfig.maxVolumeSizeGiB,
      storageTargetPercent: kafkaConfig.storageTargetPercent,
      durability: kafkaConfig.durability,
      kmsKeyArn: keys.keyArns.streaming,
      logsKmsKeyArn: keys.keyArns.logs,
      logRetentionDays: kafkaConfig.logRetentionDays,
      enhancedMonitoring: kafkaConfig.enhancedMonitoring,
      replicationSource: kafkaConfig.replicationSource,
      protect: config.environment === "prod",
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
    kafka,
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
      logsKeyArn: keys.keyArns.logs,
      kafkaClusterArn: kafka.clusterArn,
      kafkaClusterName: kafka.clusterName,
      kafkaBootstrapBrokersIam: kafka.bootstrapBrokersIam,
      kafkaBrokerSecurityGroupId: kafka.brokerSecurityGroupId,
      kafkaClientPolicyArns: kafka.clientPolicyArns,
      kafkaTopicNames: kafka.topicNames,
      kafkaReplicationSource: kafkaConfig.replicationSource,
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
