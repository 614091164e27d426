/**
 * The applications of the catalogue (`APPLICATIONS`, stacks/catalogue.ts) in one region: each a `WorkloadIdentity`
 * in the application namespace whose role gets exactly the access its entry lists, through EKS Pod Identity
 * (ADR 0018).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EksPlatform } from "../components/eks-platform";
import type { GlobalAurora } from "../components/global-aurora";
import type { MskCluster } from "../components/msk-cluster";
import type { RegionalKeys } from "../components/regional-keys";
import { WorkloadIdentity } from "../components/workload-identity";
import { APPLICATIONS, ApplicationAccess } from "./catalogue";
import type { PlatformConfig } from "./config";
import { applicationBucketName, applicationIdentityName } from "./naming";

/** What the applications' roles grant access to: the region's cluster, Kafka, database and assets bucket's key. */
export interface ApplicationTargets {
  readonly eks: EksPlatform;
  readonly kafka: MskCluster;
  readonly database: GlobalAurora;
  /** The region's keys: the assets bucket is encrypted with the storage key (SSE-KMS, ADR 0028). */
  readonly keys: RegionalKeys;
}

/** One `WorkloadIdentity` per application of the catalogue, by application, in the catalogue's order. */
export function applicationIdentities(
  config: PlatformConfig,
  { eks, kafka, database, keys }: ApplicationTargets,
  provider: aws.Provider,
): Record<string, WorkloadIdentity> {
  const grants = applicationGrants(config, kafka, database, keys, provider);
  return Object.fromEntries(
    Object.entries(APPLICATIONS).map(([app, access]) => [
      app,
      new WorkloadIdentity(
        applicationIdentityName(app),
        {
          cluster: eks.identityTarget,
          namespace: eks.applicationNamespace,
          serviceAccount: app,
          ...grants(access),
          kubernetesProvider: eks.kubernetesProvider,
          serviceAccountDependsOn: [eks.applicationNamespaceResource],
          description: `Application ${app} (seed 000 task 6.3)`,
        },
        { provider },
      ),
    ]),
  );
}

/** The policies of an application's role, from its catalogue entry, in this region and account. */
function applicationGrants(
  config: PlatformConfig,
  kafka: MskCluster,
  database: GlobalAurora,
  keys: RegionalKeys,
  provider: aws.Provider,
): (access: ApplicationAccess) => {
  managedPolicyArns: Record<string, pulumi.Input<string>>;
  inlinePolicies: Record<string, pulumi.Input<string>>;
} {
  const partition = aws.getPartitionOutput({}, { provider }).partition;
  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
  const kafkaPolicy = (client: string) =>
    kafka.clientPolicyArns.apply((arns) => {
      const arn = arns[client];
      if (arn === undefined) {
        throw new Error(
          `the MSK access matrix has no client ${client}; add it to KAFKA_ACCESS_MATRIX (stacks/catalogue.ts)`,
        );
      }
      return arn;
    });
  // IAM database authentication for one database user of this region's cluster only (its resource id).
  const databaseConnect = (user: string) =>
    pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConnectAsApplicationUser",
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource: pulumi.interpolate`arn:${partition}:rds-db:${config.region}:${accountId}:dbuser:${database.clusterResourceId}/${user}`,
        },
      ],
    });
  // The application bucket's given prefix only, and only the bucket of this account (a bucket name alone could be
  // anyone's).
  const bucket = applicationBucketName(config);
  const bucketPrefix = (prefix: string) =>
    pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ListOwnPrefix",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: pulumi.interpolate`arn:${partition}:s3:::${bucket}`,
          Condition: {
            StringLike: { "s3:prefix": [`${prefix}/*`] },
            StringEquals: { "s3:ResourceAccount": accountId },
          },
        },
        {
          Sid: "ReadWriteOwnPrefix",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: pulumi.interpolate`arn:${partition}:s3:::${bucket}/${prefix}/*`,
          Condition: { StringEquals: { "s3:ResourceAccount": accountId } },
        },
        {
          // The bucket is SSE-KMS with the storage key (bucket keys on): a put needs a data key, a get decrypts it;
          // only through S3 in this region, and only for this bucket (with S3 bucket keys the encryption context is
          // the bucket's ARN).
          Sid: "UseStorageKeyThroughS3",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: keys.keyArns.storage,
          Condition: {
            StringEquals: {
              "kms:ViaService": `s3.${config.region}.amazonaws.com`,
              "kms:EncryptionContext:aws:s3:arn": pulumi.interpolate`arn:${partition}:s3:::${bucket}`,
            },
          },
        },
      ],
    });
  return (access) => ({
    managedPolicyArns: {
      ...(access.kafkaClient !== undefined ? { kafka: kafkaPolicy(access.kafkaClient) } : {}),
    },
    inlinePolicies: {
      ...(access.databaseUser !== undefined
        ? { "database-connect": databaseConnect(access.databaseUser) }
        : {}),
      ...(access.bucketPrefix !== undefined ? { assets: bucketPrefix(access.bucketPrefix) } : {}),
    },
  });
}
