/**
 * Values not known during a preview. The plan holds them as "[unknown]" and hands them to the packs as the engine does,
 * as its unknown sentinel; @pulumi/policy's proxy throws when a policy reads one, and the SDK turns that into an
 * advisory "can't run … during preview" note, whatever the policy's level, instead of a verdict (the policy runs for
 * real at `pulumi up`). Each row below is a policy that judges such a value: with the value known the resource
 * passes, with it unknown the policy neither passes it silently (no result) nor fails it silently (a violation that
 * is not about the value), it says it cannot run.
 */
import { expect } from "chai";
import { CIS_METRIC_FILTERS } from "../../policy-packs/data-protection/audit";
import { dataProtectionPack } from "../../policy-packs/data-protection/pack";
import { encryptionPack } from "../../policy-packs/encryption/pack";
import type { PackDefinition } from "../../policy-packs/lib/policy";
import { privateNetworkingPack } from "../../policy-packs/private-networking/pack";
import { taggingPack } from "../../policy-packs/tagging/pack";
import type { PlanResourceLike } from "../../tools/plan/model";
import { cantRunDuringPreview, resource, run, UNKNOWN } from "../support/policies";

const KEY = "arn:aws:kms:ap-east-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const U = "[unknown]";

interface Row {
  pack: PackDefinition;
  policy: string;
  /** The resources with every value known: the policy passes them. */
  known: PlanResourceLike[];
  /** The same with the value under test unknown. */
  unknown: PlanResourceLike[];
  /** Path of the value in the SDK's message, and the sentinel's type. */
  path: string;
  kind?: "string" | "boolean" | "number" | "Array" | "Object";
  config?: Record<string, unknown>;
}

/** Two versions of one resource: `known` inputs, and the same with `patch` applied (the unknown values). */
function pair(
  type: string,
  inputs: Record<string, unknown>,
  patch: Record<string, unknown>,
  extra: Parameters<typeof resource>[3] = {},
): { known: PlanResourceLike[]; unknown: PlanResourceLike[] } {
  return {
    known: [resource(type, "subject", inputs, extra)],
    unknown: [resource(type, "subject", { ...inputs, ...patch }, extra)],
  };
}

/** A trail whose log group is in the stack, with every CIS filter and its alarm; the first filter's pattern given. */
function cisMonitored(firstPattern: string): PlanResourceLike[] {
  const GROUP = "arn:aws:logs:ap-east-2:123456789012:log-group:cloudtrail";
  return [
    resource("aws:cloudtrail/trail:Trail", "subject", { cloudWatchLogsGroupArn: `${GROUP}:*` }),
    resource(
      "aws:cloudwatch/logGroup:LogGroup",
      "trail-logs",
      {},
      { state: { name: "cloudtrail", arn: GROUP } },
    ),
    ...CIS_METRIC_FILTERS.flatMap(({ pattern }, index) => [
      resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", `cis-${index}`, {
        logGroupName: "cloudtrail",
        pattern: index === 0 ? firstPattern : pattern,
        metricTransformation: { namespace: "CIS", name: `metric-${index}`, value: "1" },
      }),
      resource("aws:cloudwatch/metricAlarm:MetricAlarm", `cis-${index}`, {
        namespace: "CIS",
        metricName: `metric-${index}`,
        alarmActions: ["arn:aws:sns:ap-east-2:123456789012:alarms"],
      }),
    ]),
  ];
}

const bucket = resource("aws:s3/bucket:Bucket", "logs", {
  bucket: "platform-logs",
  tags: { "platform:data-class": "logs" },
});
function onBucket(type: string, name: string, inputs: Record<string, unknown>): PlanResourceLike {
  return {
    ...resource(type, name, { bucket: U, ...inputs }),
    propertyDependencies: { bucket: [bucket.urn] },
  };
}
const denyInsecure = JSON.stringify({
  Statement: [
    {
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});
const lbGroup = resource(
  "aws:ec2/securityGroup:SecurityGroup",
  "alb",
  { vpcId: "vpc-1", tags: { "platform:role": "load-balancer" } },
  { id: "sg-lb" },
);
const https = { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" };
const serverProperties =
  "default.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false";

const ROWS: Row[] = [
  {
    pack: encryptionPack,
    policy: "aurora-cluster-encrypted",
    ...pair(
      "aws:rds/cluster:Cluster",
      { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: KEY },
      { kmsKeyId: U },
    ),
    path: "kmsKeyId",
  },
  {
    pack: encryptionPack,
    policy: "aurora-cluster-encrypted",
    ...pair(
      "aws:rds/instance:Instance",
      { engine: "postgres", storageEncrypted: true, kmsKeyId: KEY },
      { storageEncrypted: UNKNOWN.boolean },
    ),
    path: "storageEncrypted",
    kind: "boolean",
  },
  {
    pack: encryptionPack,
    policy: "aurora-global-cluster-encrypted",
    ...pair("aws:rds/globalCluster:GlobalCluster", { storageEncrypted: true }, { storageEncrypted: U }),
    path: "storageEncrypted",
  },
  {
    pack: encryptionPack,
    policy: "aurora-tls-enforced",
    known: [
      resource("aws:rds/clusterParameterGroup:ClusterParameterGroup", "params", {
        name: "params",
        parameters: [{ name: "rds.force_ssl", value: "1" }],
      }),
      resource("aws:rds/cluster:Cluster", "db", {
        engine: "aurora-postgresql",
        dbClusterParameterGroupName: "params",
      }),
    ],
    unknown: [
      resource("aws:rds/clusterParameterGroup:ClusterParameterGroup", "params", {
        name: "params",
        parameters: [{ name: "rds.force_ssl", value: U }],
      }),
      resource("aws:rds/cluster:Cluster", "db", {
        engine: "aurora-postgresql",
        dbClusterParameterGroupName: "params",
      }),
    ],
    path: "parameters.0.value",
  },
  {
    pack: encryptionPack,
    policy: "msk-encryption-at-rest",
    ...pair(
      "aws:msk/cluster:Cluster",
      { encryptionInfo: { encryptionAtRestKmsKeyArn: KEY } },
      { encryptionInfo: { encryptionAtRestKmsKeyArn: U } },
    ),
    path: "encryptionInfo.encryptionAtRestKmsKeyArn",
  },
  {
    pack: encryptionPack,
    policy: "eks-secrets-encrypted",
    ...pair(
      "eks:index:Cluster",
      { encryptionConfigKeyArn: KEY },
      { encryptionConfigKeyArn: U },
      { custom: false },
    ),
    path: "encryptionConfigKeyArn",
  },
  {
    pack: encryptionPack,
    policy: "log-group-encrypted",
    ...pair("aws:cloudwatch/logGroup:LogGroup", { kmsKeyId: KEY }, { kmsKeyId: U }),
    path: "kmsKeyId",
  },
  {
    pack: encryptionPack,
    policy: "s3-bucket-deny-insecure-transport",
    known: [bucket, onBucket("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { policy: denyInsecure })],
    unknown: [bucket, onBucket("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { policy: U })],
    path: "policy",
  },
  {
    // SSE-S3 is accepted on a bucket that only Elastic Load Balancing writes to: with the bucket's policy not known
    // yet, whether it is one cannot be told.
    pack: encryptionPack,
    policy: "s3-encryption-uses-kms",
    known: [
      bucket,
      onBucket(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "logs-sse",
        { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      ),
      onBucket("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", {
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: "*",
            },
          ],
        }),
      }),
    ],
    unknown: [
      bucket,
      onBucket(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "logs-sse",
        { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      ),
      onBucket("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { policy: U }),
    ],
    path: "policy",
  },
  {
    pack: encryptionPack,
    policy: "kms-key-deletion-window",
    ...pair(
      "aws:kms/replicaKey:ReplicaKey",
      { deletionWindowInDays: 30 },
      { deletionWindowInDays: UNKNOWN.number },
    ),
    path: "deletionWindowInDays",
    kind: "number",
  },
  {
    pack: encryptionPack,
    policy: "launch-template-ebs-encrypted",
    ...pair(
      "aws:ec2/launchTemplate:LaunchTemplate",
      { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] },
      { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: U } }] },
    ),
    path: "blockDeviceMappings.0.ebs.encrypted",
  },
  {
    pack: privateNetworkingPack,
    policy: "eks-endpoint-private",
    ...pair(
      "eks:index:Cluster",
      { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/25"] },
      { publicAccessCidrs: UNKNOWN.Array },
      { custom: false },
    ),
    path: "publicAccessCidrs",
    kind: "Array",
    config: { "eks-endpoint-private": { allowedPublicAccessCidrs: ["203.0.113.0/24"] } },
  },
  {
    pack: privateNetworkingPack,
    policy: "security-group-no-public-ingress",
    ...pair(
      "aws:ec2/securityGroup:SecurityGroup",
      { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] }] },
      { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [U] }] },
    ),
    path: "ingress.0.cidrBlocks.0",
  },
  {
    pack: privateNetworkingPack,
    policy: "public-ingress-only-on-load-balancer-groups",
    known: [
      lbGroup,
      resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "https", {
        ...https,
        securityGroupId: "sg-lb",
      }),
    ],
    // Computed from no group of the stack (say, a component's output): nothing to judge until `up`.
    unknown: [
      lbGroup,
      resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "https", {
        ...https,
        securityGroupId: U,
      }),
    ],
    path: "securityGroupId",
  },
  {
    pack: privateNetworkingPack,
    policy: "msk-exporters-from-security-groups",
    // A rule on the brokers' group whose address range is not known yet: it may open an exporter port to it.
    ...(() => {
      const cluster = resource("aws:msk/cluster:Cluster", "kafka", {
        brokerNodeGroupInfo: { securityGroups: ["sg-brokers"] },
        openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true } } },
      });
      const brokers = resource("aws:ec2/securityGroup:SecurityGroup", "brokers", {}, { id: "sg-brokers" });
      const jmx = {
        securityGroupId: "sg-brokers",
        ipProtocol: "tcp",
        fromPort: 11001,
        toPort: 11001,
        referencedSecurityGroupId: "sg-scraper",
      };
      const rule = (inputs: Record<string, unknown>) =>
        resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "jmx", inputs);
      return {
        known: [cluster, brokers, rule(jmx)],
        unknown: [cluster, brokers, rule({ ...jmx, cidrIpv4: U })],
      };
    })(),
    path: "cidrIpv4",
  },
  {
    pack: privateNetworkingPack,
    policy: "imdsv2-required",
    ...pair(
      "aws:ec2/launchTemplate:LaunchTemplate",
      { metadataOptions: { httpTokens: "required" } },
      { metadataOptions: { httpTokens: U } },
    ),
    path: "metadataOptions.httpTokens",
  },
  {
    pack: privateNetworkingPack,
    policy: "imds-hop-limit",
    ...pair(
      "aws:ec2/launchConfiguration:LaunchConfiguration",
      { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
      { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: UNKNOWN.number } },
    ),
    path: "metadataOptions.httpPutResponseHopLimit",
    kind: "number",
  },
  {
    pack: privateNetworkingPack,
    policy: "aurora-instance-not-public",
    ...pair(
      "aws:rds/instance:Instance",
      { publiclyAccessible: false },
      { publiclyAccessible: UNKNOWN.boolean },
    ),
    path: "publiclyAccessible",
    kind: "boolean",
  },
  {
    pack: dataProtectionPack,
    policy: "aurora-backup-retention",
    ...pair("aws:rds/cluster:Cluster", { backupRetentionPeriod: 7 }, { backupRetentionPeriod: U }),
    path: "backupRetentionPeriod",
  },
  {
    pack: dataProtectionPack,
    policy: "msk-min-insync-replicas",
    ...pair("aws:msk/configuration:Configuration", { serverProperties }, { serverProperties: U }),
    path: "serverProperties",
  },
  {
    pack: dataProtectionPack,
    policy: "protect-stateful-resources",
    ...pair(
      "aws:s3/bucket:Bucket",
      { tags: { "platform:data-class": "ephemeral" } },
      { tags: { "platform:data-class": U } },
    ),
    path: "tags.platform:data-class",
  },
  {
    pack: dataProtectionPack,
    policy: "s3-bucket-versioning",
    known: [
      bucket,
      onBucket("aws:s3/bucketVersioning:BucketVersioning", "logs-versioning", {
        versioningConfiguration: { status: "Enabled" },
      }),
    ],
    unknown: [
      bucket,
      onBucket("aws:s3/bucketVersioning:BucketVersioning", "logs-versioning", {
        versioningConfiguration: { status: U },
      }),
    ],
    path: "versioningConfiguration.status",
  },
  {
    pack: encryptionPack,
    policy: "firehose-encrypted",
    ...pair(
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      {
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY },
      },
      { serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: U } },
    ),
    path: "serverSideEncryption.keyArn",
  },
  {
    pack: dataProtectionPack,
    policy: "s3-bucket-replication",
    known: [
      bucket,
      onBucket("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "logs-replication", {
        rules: [{ id: "to-tokyo", status: "Enabled" }],
      }),
    ],
    unknown: [
      bucket,
      onBucket("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "logs-replication", {
        rules: [{ id: "to-tokyo", status: U }],
      }),
    ],
    path: "rules.0.status",
  },
  {
    pack: dataProtectionPack,
    policy: "s3-trail-bucket-object-lock",
    known: [
      bucket,
      onBucket("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", {
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "logging.s3.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: "*",
            },
          ],
        }),
      }),
    ],
    unknown: [bucket, onBucket("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { policy: U })],
    path: "policy",
  },
  {
    pack: dataProtectionPack,
    policy: "msk-broker-logs",
    ...pair(
      "aws:msk/cluster:Cluster",
      { loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: "kafka" } } } },
      { loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: UNKNOWN.boolean, logGroup: "kafka" } } } },
    ),
    path: "loggingInfo.brokerLogs.cloudwatchLogs.enabled",
    kind: "boolean",
  },
  {
    pack: dataProtectionPack,
    policy: "eks-control-plane-logs",
    ...pair(
      "aws:eks/cluster:Cluster",
      { enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
      { enabledClusterLogTypes: UNKNOWN.Array },
    ),
    path: "enabledClusterLogTypes",
    kind: "Array",
  },
  {
    pack: dataProtectionPack,
    policy: "log-group-retention",
    ...pair("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 90 }, { retentionInDays: UNKNOWN.number }),
    path: "retentionInDays",
    kind: "number",
  },
  {
    pack: encryptionPack,
    policy: "ecr-repository-customer-key",
    ...pair(
      "aws:ecr/repository:Repository",
      { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }] },
      { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: U }] },
    ),
    path: "encryptionConfigurations.0.kmsKey",
  },
  {
    pack: dataProtectionPack,
    policy: "ecr-scan-on-push",
    // The repository's name is read only for a filter other than "*", and then it must be known.
    known: [
      resource("aws:ecr/repository:Repository", "api", { name: "platform-api" }),
      resource("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "inspector", {
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "SCAN_ON_PUSH",
            repositoryFilters: [{ filter: "platform-*", filterType: "WILDCARD" }],
          },
        ],
      }),
    ],
    unknown: [
      resource("aws:ecr/repository:Repository", "api", { name: U }),
      resource("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "inspector", {
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "SCAN_ON_PUSH",
            repositoryFilters: [{ filter: "platform-*", filterType: "WILDCARD" }],
          },
        ],
      }),
    ],
    path: "name",
  },
  {
    pack: dataProtectionPack,
    policy: "iam-no-wildcard-write",
    ...pair(
      "aws:iam/rolePolicy:RolePolicy",
      {
        role: "app",
        policy: JSON.stringify({
          Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::a/*" }],
        }),
      },
      { role: "app", policy: U },
    ),
    path: "policy",
  },
  {
    pack: encryptionPack,
    policy: "storage-class-ebs-encrypted",
    ...pair(
      "kubernetes:storage.k8s.io/v1:StorageClass",
      { provisioner: "ebs.csi.aws.com", parameters: { encrypted: "true", kmsKeyId: KEY } },
      { provisioner: "ebs.csi.aws.com", parameters: { encrypted: "true", kmsKeyId: U } },
    ),
    path: "parameters.kmsKeyId",
  },
  {
    pack: encryptionPack,
    policy: "lb-listener-tls-policy",
    ...pair(
      "aws:lb/listener:Listener",
      { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
      { protocol: "HTTPS", sslPolicy: U },
    ),
    path: "sslPolicy",
  },
  {
    pack: privateNetworkingPack,
    policy: "msk-no-unauthenticated-access",
    ...pair(
      "aws:msk/cluster:Cluster",
      { clientAuthentication: { sasl: { iam: true }, unauthenticated: false } },
      { clientAuthentication: { sasl: { iam: true }, unauthenticated: UNKNOWN.boolean } },
    ),
    path: "clientAuthentication.unauthenticated",
    kind: "boolean",
  },
  {
    pack: privateNetworkingPack,
    policy: "kms-key-policy-not-public",
    ...pair(
      "aws:kms/key:Key",
      {
        policy: JSON.stringify({
          Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*" },
          ],
        }),
      },
      { policy: U },
    ),
    path: "policy",
  },
  {
    pack: privateNetworkingPack,
    policy: "vpc-interface-endpoints",
    // The endpoint's service name is judged: not known, nothing can be said until `up`.
    known: [
      resource("aws:ec2/vpc:Vpc", "vpc", {}, { id: "vpc-1" }),
      ...["ec2", "ecr.api", "ecr.dkr"].map((service) =>
        resource("aws:ec2/vpcEndpoint:VpcEndpoint", service, {
          vpcId: "vpc-1",
          vpcEndpointType: "Interface",
          serviceName: `com.amazonaws.ap-east-2.${service}`,
        }),
      ),
    ],
    unknown: [
      resource("aws:ec2/vpc:Vpc", "vpc", {}, { id: "vpc-1" }),
      resource("aws:ec2/vpcEndpoint:VpcEndpoint", "ec2", {
        vpcId: "vpc-1",
        vpcEndpointType: "Interface",
        serviceName: U,
      }),
    ],
    path: "serviceName",
  },
  {
    pack: dataProtectionPack,
    policy: "cloudtrail-cis-metric-filters",
    // The filter's pattern is judged: not known, nothing can be said until `up`.
    known: cisMonitored(CIS_METRIC_FILTERS[0]!.pattern),
    unknown: cisMonitored(U),
    path: "pattern",
  },
  {
    pack: dataProtectionPack,
    policy: "config-recorder-enabled",
    // Whether the recorder is started is judged: not known, nothing can be said until `up`.
    known: [
      resource("aws:cfg/recorder:Recorder", "config", { name: "platform" }),
      resource("aws:cfg/deliveryChannel:DeliveryChannel", "config", {
        name: "platform",
        s3BucketName: "archive",
      }),
      resource("aws:cfg/recorderStatus:RecorderStatus", "config", { name: "platform", isEnabled: true }),
    ],
    unknown: [
      resource("aws:cfg/recorder:Recorder", "config", { name: "platform" }),
      resource("aws:cfg/deliveryChannel:DeliveryChannel", "config", {
        name: "platform",
        s3BucketName: "archive",
      }),
      resource("aws:cfg/recorderStatus:RecorderStatus", "config", {
        name: "platform",
        isEnabled: UNKNOWN.boolean,
      }),
    ],
    path: "isEnabled",
    kind: "boolean",
  },
  {
    pack: dataProtectionPack,
    policy: "config-recorder-service-linked-role",
    // The recorder's role is judged: a service-linked role created in the same update has no ARN until `up`.
    ...pair(
      "aws:cfg/recorder:Recorder",
      {
        name: "platform",
        roleArn:
          "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
      },
      { roleArn: U },
    ),
    path: "roleArn",
  },
  {
    pack: dataProtectionPack,
    policy: "rds-enhanced-monitoring",
    ...pair(
      "aws:rds/clusterInstance:ClusterInstance",
      { monitoringInterval: 60, monitoringRoleArn: "arn:aws:iam::123456789012:role/monitoring" },
      { monitoringInterval: UNKNOWN.number, monitoringRoleArn: "arn:aws:iam::123456789012:role/monitoring" },
    ),
    path: "monitoringInterval",
    kind: "number",
  },
  {
    pack: dataProtectionPack,
    policy: "eks-supported-version",
    ...pair("eks:index:Cluster", { version: "1.35" }, { version: U }, { custom: false }),
    path: "version",
  },
  {
    pack: dataProtectionPack,
    policy: "iam-no-kms-decrypt-on-all-keys",
    ...pair(
      "aws:iam/policy:Policy",
      {
        policy: JSON.stringify({
          Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:ap-east-2:1:key/1" }],
        }),
      },
      { policy: U },
    ),
    path: "policy",
  },
  {
    pack: taggingPack,
    policy: "environment-tag-allowed",
    ...pair("aws:ec2/vpc:Vpc", { tags: { Environment: "prod" } }, { tags: { Environment: U } }),
    path: "tags.Environment",
  },
];

describe("unknown values at preview", () => {
  for (const row of ROWS) {
    const label = `${row.pack.name}/${row.policy}: .${row.path} (${row.kind ?? "string"})`;
    it(`${label} passes when known, and can't run (advisory) when unknown`, async () => {
      const options = { config: row.config ?? {} };
      const verdicts = async (resources: PlanResourceLike[]) =>
        (await run(row.pack, resources, options))
          .filter((r) => r.policy === row.policy)
          .map(({ pack, policy, enforcementLevel, message }) => ({
            pack,
            policy,
            enforcementLevel,
            message,
          }));
      expect(await verdicts(row.known), "known").to.deep.equal([]);
      expect(await verdicts(row.unknown), "unknown").to.deep.equal([
        cantRunDuringPreview(row.pack, row.policy, row.path, row.kind),
      ]);
    });
  }

  it("has rows for every pack", () => {
    const packs = new Set(ROWS.map((row) => row.pack.name));
    expect([...packs].sort()).to.deep.equal(
      [encryptionPack, privateNetworkingPack, taggingPack, dataProtectionPack].map((p) => p.name).sort(),
    );
  });

  it("stops only the policies that read the unknown value: others judge the resource as usual", async () => {
    const key = resource("aws:kms/key:Key", "data", {
      enableKeyRotation: false,
      deletionWindowInDays: 30,
      description: U,
    });
    const results = await run(encryptionPack, [key]);
    expect(results.map((r) => `${r.enforcementLevel} ${r.policy}: ${r.message}`)).to.deep.equal([
      "mandatory kms-key-rotation: enableKeyRotation is false; set enableKeyRotation to true.",
    ]);
  });

  it("reports the note at advisory even for a mandatory policy in an environment's config", async () => {
    const group = resource("aws:cloudwatch/logGroup:LogGroup", "logs", { kmsKeyId: U });
    const config = { all: "mandatory", "log-group-encrypted": "mandatory" };
    const results = await run(encryptionPack, [group], { config });
    expect(results.map((r) => r.enforcementLevel)).to.deep.equal(["advisory"]);
  });
});
