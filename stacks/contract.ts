/**
 * The typed output contracts between stacks. The primary exports `PrimaryStackOutputs`; a secondary reads it only
 * through `PrimaryStackReference`, so producer and consumer cannot drift apart silently.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MonitoredResources } from "../components/observability-stack/plan";
import type { PlannedSubnet } from "../components/regional-vpc/plan";
import { PRIMARY_REFERENCE_NAME } from "./naming";

/** Private route tables (the tiers a peer VPC must reach), by tier and availability zone name. */
export interface PrivateRouteTableIds {
  readonly data: Readonly<Record<string, string>>;
  readonly workload: Readonly<Record<string, string>>;
}

/** The GitHub Actions access of the account, exported by the stack that owns it (`platform:ciAccess`). */
export interface CiAccessOutputs {
  /** The GitHub OIDC provider the roles trust. */
  readonly oidcProviderArn: string;
  /** Repository variable `AWS_PREVIEW_ROLE_ARN` of the preview workflow. */
  readonly previewRoleArn: string;
  /** Repository variable `AWS_DEPLOY_ROLE_ARN` of the deploy workflow. */
  readonly deployRoleArn: string;
}

/** Outputs both roles export. */
export interface RegionalStackOutputs {
  readonly region: string;
  readonly environment: string;
  /** The AWS account the stack deploys to (`platform:accountId`). */
  readonly accountId: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateRouteTableIds: PrivateRouteTableIds;
  readonly subnetIds: { readonly data: string[]; readonly workload: string[]; readonly edge: string[] };
  readonly dbSubnetGroupName: string;
  readonly subnetPlan: readonly PlannedSubnet[];
  /**
   * ARN of the region's customer KMS key for logs (`RegionalKeys`); a secondary encrypts the log groups it creates
   * in the primary's region (the replicator into the primary) with it.
   */
  readonly logsKeyArn: string;
  /** ARN of the region's MSK cluster (`MskCluster`). */
  readonly kafkaClusterArn: string;
  readonly kafkaClusterName: string;
  /** Bootstrap brokers for SASL/IAM over TLS inside the VPC (`host:9098,…`). */
  readonly kafkaBootstrapBrokersIam: string;
  /** The brokers' security group; clients are admitted by security group on port 9098. */
  readonly kafkaBrokerSecurityGroupId: string;
  /** IAM policy ARNs by client of the access matrix (`cmc`, `shop`, `api`): attach them to the workloads' roles. */
  readonly kafkaClientPolicyArns: Readonly<Record<string, string>>;
  /** The topic catalogue's names, as created. */
  readonly kafkaTopicNames: string[];
  /** Whether MSK Replicator may read the cluster from another region (a secondary requires it of its primary). */
  readonly kafkaReplicationSource: boolean;
  /** Only in the stack that owns the account's CI roles (prod-taipei; ADR 0008). */
  readonly ciAccess?: CiAccessOutputs;
  /** Identifier of the Aurora global cluster (`GlobalAurora`); a secondary joins it. */
  readonly databaseGlobalClusterId: string;
  /** The global writer endpoint: AWS moves it with the writer, so clients that write use it. */
  readonly databaseGlobalWriterEndpoint: string;
  readonly databaseClusterArn: string;
  readonly databaseClusterId: string;
  /** This region's cluster endpoint: accepts writes only while this region is the writer. */
  readonly databaseWriterEndpoint: string;
  /** This region's reader endpoint. */
  readonly databaseReaderEndpoint: string;
  readonly databasePort: number;
  /** The instances' security group (clients are admitted by security group, never by CIDR). */
  readonly databaseSecurityGroupId: string;
  /** ARN of the master credentials' secret (in the primary's region; the value is never an output). */
  readonly databaseSecretArn: string;
  /** ARN of the KMS key of this region's cluster (the region's database key). */
  readonly databaseKmsKeyArn: string;
  /** The Aurora PostgreSQL version of the global database (a secondary must run the same). */
  readonly databaseEngineVersion: string;
  /** Region of the current writer, as recorded in `platform:database.writerRegion` (ADR 0014). */
  readonly databaseWriterRegion: string;
  /** Name of the region's EKS cluster (`EksPlatform`), `<project>-<environment>-<region>`. */
  readonly eksClusterName: string;
  /** The cluster's API endpoint (private unless `platform:kubernetes.publicAccessCidrs` opens it). */
  readonly eksClusterEndpoint: string;
  /** The cluster's IAM OIDC provider (IRSA). */
  readonly eksOidcProviderArn: string;
  readonly eksOidcProviderUrl: string;
  /** The security group every node and pod carries; data stores admit it. */
  readonly eksNodeSecurityGroupId: string;
  /** Kubeconfig (JSON, `aws eks get-token`): a secret output of its own. */
  readonly kubeconfig: string;
  /**
   * The region's ECR repository URLs by repository (`api`: `<account>.dkr.ecr.<region>.amazonaws.com/platform/prod/api`),
   * what the applications' images are pushed to and pulled from (`platform:registries`).
   */
  readonly registryRepositoryUrls: Readonly<Record<string, string>>;
  /** The KMS-encrypted SNS topic every alarm of the region notifies (ADR 0016). */
  readonly alarmTopicArn: string;
  /** The region's Amazon Managed Prometheus workspace. */
  readonly prometheusWorkspaceId: string;
  /** Its ARN: a secondary's Grafana workspace queries it. */
  readonly prometheusWorkspaceArn: string;
  /** Where Prometheus agents remote-write (SigV4-signed). */
  readonly prometheusRemoteWriteUrl: string;
  /** `https://…` of the Grafana workspace; only where the region offers Managed Grafana (not ap-east-2). */
  readonly grafanaUrl?: string;
  /** The region's CloudWatch dashboard. */
  readonly dashboardName: string;
  /** What the region's alarms watch, resolved: a secondary's cross-region dashboard shows the primary's. */
  readonly monitoredResources: MonitoredResources<string>;
  /** The region's storage KMS key (`RegionalKeys`): the archive, the assets, the log archive stream (ADR 0028). */
  readonly storageKeyArn: string;
  /** The log archive: CloudTrail writes under `cloudtrail/`, the CloudWatch Logs copies under `cloudwatch-logs/`. */
  readonly archiveBucketName: string;
  readonly archiveBucketArn: string;
  /** Where AWS Config delivers (prefix `config`): the archive, or a bucket of its own when the archive is locked. */
  readonly configBucketName: string;
  /** The applications' assets bucket (`applicationBucketName`). */
  readonly assetsBucketName: string;
  readonly assetsBucketArn: string;
  /** S3 server access logs of the region's buckets. */
  readonly accessLogBucketName: string;
  /** With `platform:edge`: the domain of the zone the region's records are in (ADR 0027). */
  readonly edgeDomain?: string;
  /** With `platform:edge`: the public hosted zone of `edgeDomain` (a secondary writes into its primary's). */
  readonly edgeZoneId?: string;
  /** Only in the stack that owns the zone: its name servers, for the delegation of `edgeDomain`. */
  readonly edgeNameServers?: string[];
  /** With `platform:edge`: the region's load balancer (`<app>.<region>.<domain>` is an alias of it). */
  readonly edgeLoadBalancerDnsName?: string;
  /** With `platform:edge`: the Route 53 health checks by application (their metrics are in us-east-1). */
  readonly edgeHealthCheckIds?: Readonly<Record<string, string>>;
  /** With `platform:backup`: the region's AWS Backup vault (docs/runbooks/restore.md restores from it). */
  readonly backupVaultArn?: string;
  readonly backupVaultName?: string;
}

/** What a primary stack exports (read by every secondary). */
export type PrimaryStackOutputs = RegionalStackOutputs;

/** What a secondary stack exports. */
export interface SecondaryStackOutputs extends RegionalStackOutputs {
  readonly primaryStack: string;
  readonly peeringConnectionId: string;
  /** MSK Replicator ARNs by direction (`<source region>-to-<target region>`); both are owned by the secondary. */
  readonly kafkaReplicatorArns: Readonly<Record<string, string>>;
  /** The dashboard of both regions side by side (ADR 0016). */
  readonly crossRegionDashboardName: string;
}

/** Lifts every field of a contract into an Output, for the program's return value. */
export type Exported<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

/**
 * A secondary's view of its primary. `requireOutput` gives Outputs for resource inputs; `value` gives plain values
 * the program must compute with (names, keys, CIDR checks) and fails with a clear message when the primary has not
 * exported them (e.g. it was never deployed).
 */
export class PrimaryStackReference {
  readonly stackName: string;
  private readonly reference: pulumi.StackReference;

  constructor(stackName: string) {
    this.stackName = stackName;
    this.reference = new pulumi.StackReference(PRIMARY_REFERENCE_NAME, { name: stackName });
  }

  requireOutput<K extends keyof PrimaryStackOutputs>(key: K): pulumi.Output<PrimaryStackOutputs[K]> {
    return this.reference.requireOutput(key) as pulumi.Output<PrimaryStackOutputs[K]>;
  }

  async value<K extends keyof PrimaryStackOutputs>(key: K): Promise<PrimaryStackOutputs[K]> {
    const details = await this.reference.getOutputDetails(key);
    const found = details.value ?? details.secretValue;
    if (found === undefined || found === null) {
      throw new Error(`primary stack ${this.stackName} has no output "${key}"`);
    }
    return found as PrimaryStackOutputs[K];
  }

  /** `value` of an output the primary may leave out (an optional part of the contract): undefined when absent. */
  async optionalValue<K extends keyof PrimaryStackOutputs>(
    key: K,
  ): Promise<PrimaryStackOutputs[K] | undefined> {
    const details = await this.reference.getOutputDetails(key);
    const found = details.value ?? details.secretValue;
    return found === undefined || found === null ? undefined : (found as PrimaryStackOutputs[K]);
  }
}

/**
 * What a secondary computes with and must agree with, read from its primary's outputs as plain values (through its
 * StackReference) while the config is checked, so that a missing output or a disagreement is a config error before
 * anything is registered.
 */
export interface PrimaryFacts {
  readonly region: string;
  readonly environment: string;
  readonly accountId: string;
  readonly vpcCidr: string;
  readonly privateRouteTableIds: PrivateRouteTableIds;
  readonly databaseEngineVersion: string;
  readonly kafkaReplicationSource: boolean;
  /** What the primary's alarms watch, for the cross-region dashboard. */
  readonly monitoredResources: MonitoredResources<string>;
  /** The primary's edge zone, read only for a secondary with `platform:edge`; absent when the primary has none. */
  readonly edge?: PrimaryEdgeZone;
}

/** The public hosted zone a secondary writes its records into. */
export interface PrimaryEdgeZone {
  readonly zoneId: string;
  readonly domain: string;
}

/**
 * The facts a secondary checks its config against and computes with, read from its primary in parallel; rejects
 * with the first missing output (the config door reports it as a config error). With `wanted.edge`, the primary's
 * edge zone too, left out when the primary exports none (the config door reports that).
 */
export async function readPrimaryFacts(
  primary: PrimaryStackReference,
  wanted: { readonly edge?: boolean } = {},
): Promise<PrimaryFacts> {
  const [
    region,
    environment,
    accountId,
    vpcCidr,
    privateRouteTableIds,
    databaseEngineVersion,
    kafkaReplicationSource,
    monitoredResources,
    edge,
  ] = await Promise.all([
    primary.value("region"),
    primary.value("environment"),
    primary.value("accountId"),
    primary.value("vpcCidr"),
    primary.value("privateRouteTableIds"),
    primary.value("databaseEngineVersion"),
    primary.value("kafkaReplicationSource"),
    primary.value("monitoredResources"),
    wanted.edge === true ? readEdgeZone(primary) : Promise.resolve(undefined),
  ]);
  return {
    region,
    environment,
    accountId,
    vpcCidr,
    privateRouteTableIds,
    databaseEngineVersion,
    kafkaReplicationSource,
    monitoredResources,
    ...(edge !== undefined ? { edge } : {}),
  };
}

/** The primary's edge zone, when it exports both its id and its domain. */
async function readEdgeZone(primary: PrimaryStackReference): Promise<PrimaryEdgeZone | undefined> {
  const [zoneId, domain] = await Promise.all([
    primary.optionalValue("edgeZoneId"),
    primary.optionalValue("edgeDomain"),
  ]);
  return zoneId !== undefined && domain !== undefined ? { zoneId, domain } : undefined;
}
