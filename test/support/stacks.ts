/**
 * The three stacks' offline plans, planned once per test run and shared by the specs of test/stacks/, and helpers
 * to read them.
 */
import * as path from "path";
import { PrimaryStackOutputs, SecondaryStackOutputs } from "../../stacks/contract";
import { runPlatform } from "../../stacks/program";
import { REGION_AZ_LETTERS } from "../../stacks/regions";
import { installPlanMocks, PlanRecorder } from "../../tools/plan/mocks";
import type { PlanResource, StackPlan } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/run";
import { configMap } from "./config";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PRIMARY_NAME = "kimkao/platform/prod-taipei";

// Every key of the contracts, spelled out so that a field added to the interface without being exported (or the
// other way round) fails here. `satisfies` keeps these lists in step with the interfaces at type-check time.
export const PRIMARY_KEYS = [
  "region",
  "environment",
  "accountId",
  "vpcId",
  "vpcCidr",
  "privateRouteTableIds",
  "subnetIds",
  "dbSubnetGroupName",
  "subnetPlan",
  "logsKeyArn",
  "kafkaClusterArn",
  "kafkaClusterName",
  "kafkaBootstrapBrokersIam",
  "kafkaBrokerSecurityGroupId",
  "kafkaClientPolicyArns",
  "kafkaTopicNames",
  "kafkaReplicationSource",
  "databaseGlobalClusterId",
  "databaseGlobalWriterEndpoint",
  "databaseClusterArn",
  "databaseClusterId",
  "databaseWriterEndpoint",
  "databaseReaderEndpoint",
  "databasePort",
  "databaseSecurityGroupId",
  "databaseSecretArn",
  "databaseKmsKeyArn",
  "databaseEngineVersion",
  "databaseWriterRegion",
  "alarmTopicArn",
  "prometheusWorkspaceId",
  "prometheusWorkspaceArn",
  "prometheusRemoteWriteUrl",
  "dashboardName",
  "monitoredResources",
  "eksClusterName",
  "eksClusterEndpoint",
  "eksOidcProviderArn",
  "eksOidcProviderUrl",
  "eksNodeSecurityGroupId",
  "kubeconfig",
  "registryRepositoryUrls",
  "storageKeyArn",
  "archiveBucketName",
  "archiveBucketArn",
  "configBucketName",
  "assetsBucketName",
  "assetsBucketArn",
  "accessLogBucketName",
] as const satisfies readonly (keyof PrimaryStackOutputs)[];
/** Outputs of every stack with `platform:edge` (all three). */
export const EDGE_KEYS = [
  "edgeDomain",
  "edgeZoneId",
  "edgeLoadBalancerDnsName",
  "edgeHealthCheckIds",
] as const satisfies readonly (keyof PrimaryStackOutputs)[];
/** Outputs of a stack that owns its zone (`platform:edge.ownsZone`: prod-taipei, dev). */
export const ZONE_OWNER_KEYS = ["edgeNameServers"] as const satisfies readonly (keyof PrimaryStackOutputs)[];
/** Outputs of every stack with `platform:backup` (all three, ADR 0032). */
export const BACKUP_KEYS = [
  "backupVaultArn",
  "backupVaultName",
] as const satisfies readonly (keyof PrimaryStackOutputs)[];
export const SECONDARY_KEYS = [
  ...PRIMARY_KEYS,
  "primaryStack",
  "peeringConnectionId",
  "kafkaReplicatorArns",
  "crossRegionDashboardName",
  // Only where the region offers Managed Grafana (Tokyo; not Taipei, ADR 0016).
  "grafanaUrl",
  // Its edge writes into the primary's zone: every edge output but the name servers.
  ...EDGE_KEYS,
  ...BACKUP_KEYS,
] as const satisfies readonly (keyof SecondaryStackOutputs)[];
/** Outputs of the one stack that owns the account's GitHub CI roles (`platform:ciAccess`, prod-taipei). */
export const CI_ACCESS_KEYS = ["ciAccess"] as const satisfies readonly (keyof PrimaryStackOutputs)[];

export function ofType(plan: StackPlan, type: string): PlanResource[] {
  return plan.resources.filter((r) => r.type === type);
}

export function named(plan: StackPlan, type: string, name: string): PlanResource {
  const found = plan.resources.find((r) => r.type === type && r.name === name);
  if (found === undefined) {
    throw new Error(`${type}::${name} not in the plan of ${plan.stack}`);
  }
  return found;
}

/** The provider reference (`urn::id`) of the provider whose `region` input is `region`. */
export function providerRef(plan: StackPlan, region: string): string {
  const provider = ofType(plan, "pulumi:providers:aws").find((p) => p.inputs.region === region);
  if (provider === undefined) {
    throw new Error(`no aws provider for ${region} in ${plan.stack}`);
  }
  const ref = plan.resources.flatMap((r) =>
    r.options.provider?.startsWith(`${provider.urn}::`) ? [r] : [],
  )[0];
  return ref?.options.provider ?? `${provider.urn}::`;
}

/** NAT gateway ids as the VPC's default routes use them (the plan lists inputs, not ids). */
export function natGatewayIds(plan: StackPlan): string[] {
  return ofType(plan, "aws:ec2/route:Route")
    .flatMap((r) => (typeof r.inputs.natGatewayId === "string" ? [r.inputs.natGatewayId] : []))
    .filter((id, index, all) => all.indexOf(id) === index);
}

export function subnetCidrs(plan: StackPlan, tier: string): [string, string][] {
  return ofType(plan, "aws:ec2/subnet:Subnet")
    .filter((s) => (s.inputs.tags as Record<string, string>).Tier === tier)
    .map((s) => [s.inputs.availabilityZone as string, s.inputs.cidrBlock as string]);
}

/** Runs the program directly under fresh mocks with the given config, for failure cases. */
export async function runWith(
  stack: string,
  values: Record<string, unknown>,
  stackOutputs: Record<string, Record<string, unknown>> = {},
): Promise<{ recorder: PlanRecorder; error?: Error }> {
  const recorder = installPlanMocks({
    project: "platform",
    stack,
    config: configMap(values),
    stackOutputs,
    regions: REGION_AZ_LETTERS,
  });
  let error: Error | undefined;
  try {
    await runPlatform();
  } catch (err) {
    error = err as Error;
  }
  await recorder.settled();
  return { recorder, error };
}

let planned: Promise<Record<string, StackPlan>> | undefined;

/** The offline plans of dev, prod-taipei and prod-tokyo, planned once for the whole test run. */
export function plannedStacks(): Promise<Record<string, StackPlan>> {
  planned ??= (async () => {
    const plans: Record<string, StackPlan> = {};
    for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
      plans[stack] = (await planStack(ROOT, stack)).plan;
    }
    return plans;
  })();
  return planned;
}
