import { expect } from "chai";
import { encryptionPack } from "../../policy-packs/encryption/pack";
import { findings, messages, resource, run, urnOf, withInputs } from "../support/policies";

const KEY = "arn:aws:kms:ap-east-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const pack = encryptionPack;
const CUSTOMER_KEY = "the ARN of a customer managed KMS key";

describe("encryption pack", () => {
  describe("aurora-cluster-encrypted", () => {
    const cluster = resource("aws:rds/cluster:Cluster", "db", {
      engine: "aurora-postgresql",
      storageEncrypted: true,
      kmsKeyId: KEY,
    });
    it("passes a cluster encrypted with a customer managed key", async () => {
      expect(await messages(pack, "aurora-cluster-encrypted", [cluster])).to.deep.equal([]);
    });
    it("fails an unencrypted cluster", async () => {
      expect(
        await messages(pack, "aurora-cluster-encrypted", [
          withInputs(cluster, { storageEncrypted: undefined }),
        ]),
      ).to.deep.equal(["storageEncrypted is not set; set storageEncrypted to true."]);
    });
    const instance = resource("aws:rds/instance:Instance", "legacy-db", {
      engine: "postgres",
      instanceClass: "db.t4g.medium",
      storageEncrypted: true,
      kmsKeyId: KEY,
    });
    it("passes an RDS DB instance encrypted with a customer managed key", async () => {
      expect(await messages(pack, "aurora-cluster-encrypted", [instance])).to.deep.equal([]);
    });
    it("fails an unencrypted RDS DB instance, and one on the AWS managed key", async () => {
      expect(
        await messages(pack, "aurora-cluster-encrypted", [
          withInputs(instance, { storageEncrypted: undefined, kmsKeyId: "alias/aws/rds" }),
        ]),
      ).to.deep.equal([
        "storageEncrypted is not set; set storageEncrypted to true.",
        `kmsKeyId is "alias/aws/rds" (an AWS managed key); set kmsKeyId to ${CUSTOMER_KEY}.`,
      ]);
    });
    it("fails a cluster on the AWS managed key", async () => {
      expect(
        await messages(pack, "aurora-cluster-encrypted", [
          withInputs(cluster, { kmsKeyId: "alias/aws/rds" }),
        ]),
      ).to.deep.equal([`kmsKeyId is "alias/aws/rds" (an AWS managed key); set kmsKeyId to ${CUSTOMER_KEY}.`]);
    });
  });

  describe("aurora-global-cluster-encrypted", () => {
    const global = resource("aws:rds/globalCluster:GlobalCluster", "global", {
      globalClusterIdentifier: "platform-prod",
      engine: "aurora-postgresql",
      storageEncrypted: true,
    });
    it("passes an encrypted global cluster, or one inheriting its source cluster's encryption", async () => {
      const fromSource = withInputs(global, {
        storageEncrypted: undefined,
        sourceDbClusterIdentifier: "arn:db",
      });
      expect(await messages(pack, "aurora-global-cluster-encrypted", [global, fromSource])).to.deep.equal([]);
    });
    it("fails an unencrypted global cluster", async () => {
      expect(
        await messages(pack, "aurora-global-cluster-encrypted", [
          withInputs(global, { storageEncrypted: false }),
        ]),
      ).to.deep.equal(["storageEncrypted is false; set storageEncrypted to true."]);
    });
    it("fails storageEncrypted false even with a source cluster: only an unset value inherits", async () => {
      expect(
        await messages(pack, "aurora-global-cluster-encrypted", [
          withInputs(global, { storageEncrypted: false, sourceDbClusterIdentifier: "arn:db" }),
        ]),
      ).to.deep.equal(["storageEncrypted is false; set storageEncrypted to true."]);
    });
    it("fails storageEncrypted unset without a source cluster (nothing to inherit from), or with an empty one", async () => {
      expect(
        await findings(pack, "aurora-global-cluster-encrypted", [
          withInputs(global, { storageEncrypted: undefined }),
          resource("aws:rds/globalCluster:GlobalCluster", "empty", {
            ...withInputs(global, { storageEncrypted: undefined }).inputs,
            sourceDbClusterIdentifier: "",
          }),
        ]),
      ).to.deep.equal([
        "global: storageEncrypted is not set; set storageEncrypted to true.",
        "empty: storageEncrypted is not set; set storageEncrypted to true.",
      ]);
    });
  });

  describe("aurora-tls-enforced", () => {
    const group = resource("aws:rds/clusterParameterGroup:ClusterParameterGroup", "db-params", {
      family: "aurora-postgresql16",
      name: "db-params",
      parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
    });
    const cluster = resource("aws:rds/cluster:Cluster", "db", {
      engine: "aurora-postgresql",
      dbClusterParameterGroupName: "db-params",
    });
    it("passes a cluster whose parameter group forces TLS, linked by name or by dependency", async () => {
      const byDependency = withInputs(cluster, { dbClusterParameterGroupName: "[unknown]" });
      byDependency.propertyDependencies = { dbClusterParameterGroupName: [group.urn] };
      expect(await messages(pack, "aurora-tls-enforced", [group, cluster])).to.deep.equal([]);
      expect(await messages(pack, "aurora-tls-enforced", [group, byDependency])).to.deep.equal([]);
    });
    it("fails a cluster without a parameter group", async () => {
      expect(
        await findings(pack, "aurora-tls-enforced", [
          group,
          withInputs(cluster, { dbClusterParameterGroupName: undefined }),
        ]),
      ).to.deep.equal([
        "db: dbClusterParameterGroupName is not set; set dbClusterParameterGroupName to a cluster parameter group " +
          "with rds.force_ssl = 1.",
      ]);
    });
    it("fails a parameter group that does not force TLS", async () => {
      const lax = withInputs(group, { parameters: [{ name: "rds.force_ssl", value: "0" }] });
      expect(await findings(pack, "aurora-tls-enforced", [lax, cluster])).to.deep.equal([
        'db: dbClusterParameterGroupName refers to db-params, whose parameter rds.force_ssl is "0"; set ' +
          'rds.force_ssl to "1" in that group.',
      ]);
    });
    it("fails a parameter group that is not in the stack", async () => {
      expect(await findings(pack, "aurora-tls-enforced", [cluster])).to.deep.equal([
        'db: dbClusterParameterGroupName is "db-params", which is not a cluster parameter group of this stack; set ' +
          "it to one with rds.force_ssl = 1.",
      ]);
    });
    it("reads the TLS parameter by its name among the group's others, and fails a group without it", async () => {
      const among = withInputs(group, {
        parameters: [
          { name: "log_connections", value: "1" },
          { name: "rds.force_ssl", value: "0" },
        ],
      });
      const without = withInputs(group, { parameters: [{ name: "log_connections", value: "1" }] });
      const none = withInputs(group, { parameters: undefined });
      const fine = withInputs(group, {
        parameters: [
          { name: "log_connections", value: "0" },
          { name: "rds.force_ssl", value: "1" },
        ],
      });
      expect(await messages(pack, "aurora-tls-enforced", [among, cluster])).to.deep.equal([
        'dbClusterParameterGroupName refers to db-params, whose parameter rds.force_ssl is "0"; set ' +
          'rds.force_ssl to "1" in that group.',
      ]);
      const notSet =
        "dbClusterParameterGroupName refers to db-params, whose parameter rds.force_ssl is not set; set " +
        'rds.force_ssl to "1" in that group.';
      expect(await messages(pack, "aurora-tls-enforced", [without, cluster])).to.deep.equal([notSet]);
      expect(await messages(pack, "aurora-tls-enforced", [none, cluster])).to.deep.equal([notSet]);
      expect(await messages(pack, "aurora-tls-enforced", [fine, cluster])).to.deep.equal([]);
    });
    it("fails an empty parameter group name as one outside the stack", async () => {
      const empty = withInputs(cluster, { dbClusterParameterGroupName: "" });
      expect(await messages(pack, "aurora-tls-enforced", [group, empty])).to.deep.equal([
        'dbClusterParameterGroupName is "unknown", which is not a cluster parameter group of this stack; set it to ' +
          "one with rds.force_ssl = 1.",
      ]);
    });
    it("links a parameter group by its id as well as its name", async () => {
      const byId = resource(
        "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        "by-id",
        { family: "aurora-postgresql16", parameters: [{ name: "rds.force_ssl", value: "1" }] },
        { id: "db-params-0a1b2c" },
      );
      const db = withInputs(cluster, { dbClusterParameterGroupName: "db-params-0a1b2c" });
      expect(await messages(pack, "aurora-tls-enforced", [byId, db])).to.deep.equal([]);
    });
    it("passes an upper-case ON for Aurora MySQL's require_secure_transport", async () => {
      const mysqlGroup = withInputs(group, {
        parameters: [{ name: "require_secure_transport", value: "ON" }],
      });
      const mysql = withInputs(cluster, { engine: "aurora-mysql" });
      expect(await messages(pack, "aurora-tls-enforced", [mysqlGroup, mysql])).to.deep.equal([]);
    });
    const dbGroup = resource("aws:rds/parameterGroup:ParameterGroup", "legacy-params", {
      family: "postgres17",
      name: "legacy-params",
      parameters: [{ name: "rds.force_ssl", value: "1" }],
    });
    const instance = resource("aws:rds/instance:Instance", "legacy-db", {
      engine: "postgres",
      instanceClass: "db.t4g.medium",
      parameterGroupName: "legacy-params",
    });
    it("passes an RDS DB instance whose DB parameter group forces TLS, and engines without a TLS parameter", async () => {
      const oracle = resource("aws:rds/instance:Instance", "oracle", { engine: "oracle-ee" });
      expect(await messages(pack, "aurora-tls-enforced", [dbGroup, instance, oracle])).to.deep.equal([]);
    });
    it("fails RDS DB instances without a DB parameter group, with a lax one, or one outside the stack", async () => {
      const mysql = resource("aws:rds/instance:Instance", "mysql", {
        engine: "mysql",
        parameterGroupName: "mysql-params",
      });
      const mysqlGroup = resource("aws:rds/parameterGroup:ParameterGroup", "mysql-params", {
        family: "mysql8.4",
        name: "mysql-params",
        parameters: [{ name: "require_secure_transport", value: "0" }],
      });
      const sqlserver = resource("aws:rds/instance:Instance", "sqlserver", { engine: "sqlserver-se" });
      const elsewhere = resource("aws:rds/instance:Instance", "elsewhere", {
        engine: "mariadb",
        parameterGroupName: "default.mariadb11.4",
      });
      expect(
        await findings(pack, "aurora-tls-enforced", [mysqlGroup, mysql, sqlserver, elsewhere]),
      ).to.deep.equal([
        'mysql: parameterGroupName refers to mysql-params, whose parameter require_secure_transport is "0"; set ' +
          'require_secure_transport to "1" in that group.',
        "sqlserver: parameterGroupName is not set; set parameterGroupName to a DB parameter group with " +
          "rds.force_ssl = 1.",
        'elsewhere: parameterGroupName is "default.mariadb11.4", which is not a DB parameter group of this stack; ' +
          "set it to one with require_secure_transport = 1.",
      ]);
    });
    it("cannot judge a parameter group name not known yet and computed from no parameter group of the stack", async () => {
      const pending = withInputs(cluster, { dbClusterParameterGroupName: "[unknown]" });
      const results = await run(pack, [group, pending]);
      expect(results.filter((r) => r.policy === "aurora-tls-enforced")).to.deep.equal([
        {
          pack: "encryption",
          policy: "aurora-tls-enforced",
          enforcementLevel: "advisory",
          message:
            "can't run policy 'aurora-tls-enforced' from policy pack 'encryption@v1.0.0' during preview: string " +
            "value at .dbClusterParameterGroupName can't be known during preview",
        },
      ]);
    });
    it("checks require_secure_transport for Aurora MySQL", async () => {
      const mysqlGroup = withInputs(group, {
        parameters: [{ name: "require_secure_transport", value: "OFF" }],
      });
      const mysql = withInputs(cluster, { engine: "aurora-mysql" });
      expect(await messages(pack, "aurora-tls-enforced", [mysqlGroup, mysql])).to.deep.equal([
        'dbClusterParameterGroupName refers to db-params, whose parameter require_secure_transport is "OFF"; set ' +
          'require_secure_transport to "1" in that group.',
      ]);
    });
  });

  const msk = resource("aws:msk/cluster:Cluster", "kafka", {
    kafkaVersion: "3.6.0",
    numberOfBrokerNodes: 3,
    brokerNodeGroupInfo: {
      instanceType: "kafka.m7g.large",
      clientSubnets: ["subnet-a", "subnet-b", "subnet-c"],
      securityGroups: ["sg-0123"],
    },
    encryptionInfo: {
      encryptionAtRestKmsKeyArn: KEY,
      encryptionInTransit: { clientBroker: "TLS", inCluster: true },
    },
  });

  describe("msk-encryption-at-rest", () => {
    it("passes a cluster with a customer managed key", async () => {
      expect(await messages(pack, "msk-encryption-at-rest", [msk])).to.deep.equal([]);
    });
    it("fails a cluster on the default key", async () => {
      const noKey = withInputs(msk, { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS" } } });
      expect(await messages(pack, "msk-encryption-at-rest", [noKey])).to.deep.equal([
        `encryptionInfo.encryptionAtRestKmsKeyArn is not set; set encryptionInfo.encryptionAtRestKmsKeyArn to ${CUSTOMER_KEY}.`,
      ]);
    });
    it("fails a cluster without encryptionInfo, whose in-transit settings are MSK's secure defaults", async () => {
      const bare = withInputs(msk, { encryptionInfo: undefined });
      expect(await messages(pack, "msk-encryption-at-rest", [bare])).to.deep.equal([
        `encryptionInfo.encryptionAtRestKmsKeyArn is not set; set encryptionInfo.encryptionAtRestKmsKeyArn to ${CUSTOMER_KEY}.`,
      ]);
      expect(await messages(pack, "msk-encryption-in-transit", [bare])).to.deep.equal([]);
    });
  });

  describe("msk-encryption-in-transit", () => {
    it("passes TLS everywhere, explicit or by default", async () => {
      const defaults = withInputs(msk, { encryptionInfo: { encryptionAtRestKmsKeyArn: KEY } });
      expect(await messages(pack, "msk-encryption-in-transit", [msk, defaults])).to.deep.equal([]);
    });
    it("fails plaintext clients and unencrypted broker traffic", async () => {
      const plaintext = withInputs(msk, {
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: KEY,
          encryptionInTransit: { clientBroker: "TLS_PLAINTEXT", inCluster: false },
        },
      });
      expect(await messages(pack, "msk-encryption-in-transit", [plaintext])).to.deep.equal([
        'encryptionInfo.encryptionInTransit.clientBroker is "TLS_PLAINTEXT"; set ' +
          'encryptionInfo.encryptionInTransit.clientBroker to "TLS".',
        "encryptionInfo.encryptionInTransit.inCluster is false; set encryptionInfo.encryptionInTransit.inCluster to true.",
      ]);
    });
  });

  describe("eks-secrets-encrypted", () => {
    const awsCluster = resource("aws:eks/cluster:Cluster", "eks", {
      roleArn: "arn:aws:iam::123456789012:role/eks",
      vpcConfig: { subnetIds: ["subnet-a"] },
      encryptionConfig: { provider: { keyArn: KEY }, resources: ["secrets"] },
    });
    const component = resource(
      "eks:index:Cluster",
      "eks",
      { encryptionConfigKeyArn: KEY },
      { custom: false },
    );
    it("passes both shapes with a customer managed key", async () => {
      expect(await messages(pack, "eks-secrets-encrypted", [awsCluster, component])).to.deep.equal([]);
    });
    it("fails an aws:eks/cluster without encryptionConfig, or not covering secrets", async () => {
      expect(
        await messages(pack, "eks-secrets-encrypted", [
          withInputs(awsCluster, { encryptionConfig: undefined }),
        ]),
      ).to.deep.equal([
        'encryptionConfig is not set; set encryptionConfig to { provider: { keyArn: <customer managed key ARN> }, resources: ["secrets"] }.',
      ]);
      const wrong = withInputs(awsCluster, {
        encryptionConfig: { provider: { keyArn: "alias/aws/eks" }, resources: ["configmaps"] },
      });
      expect(await messages(pack, "eks-secrets-encrypted", [wrong])).to.deep.equal([
        'encryptionConfig.resources is ["configmaps"]; set encryptionConfig.resources to ["secrets"].',
        `encryptionConfig.provider.keyArn is "alias/aws/eks" (an AWS managed key); set encryptionConfig.provider.keyArn to ${CUSTOMER_KEY}.`,
      ]);
    });
    it("fails an eks:index:Cluster without encryptionConfigKeyArn", async () => {
      expect(
        await messages(pack, "eks-secrets-encrypted", [
          withInputs(component, { encryptionConfigKeyArn: undefined }),
        ]),
      ).to.deep.equal([`encryptionConfigKeyArn is not set; set encryptionConfigKeyArn to ${CUSTOMER_KEY}.`]);
    });
    it("fails an encryptionConfig without a provider", async () => {
      expect(
        await messages(pack, "eks-secrets-encrypted", [
          withInputs(awsCluster, { encryptionConfig: { resources: ["secrets"] } }),
        ]),
      ).to.deep.equal([
        `encryptionConfig.provider.keyArn is not set; set encryptionConfig.provider.keyArn to ${CUSTOMER_KEY}.`,
      ]);
    });
  });

  describe("eks-node-volumes-encrypted", () => {
    const launchTemplate = { id: "lt-0123", version: "1" };
    const valid = [
      resource("eks:index:Cluster", "eks", { skipDefaultNodeGroup: true }, { custom: false }),
      resource("eks:index:Cluster", "eks-nodes", { nodeRootVolumeEncrypted: true }, { custom: false }),
      resource("eks:index:ManagedNodeGroup", "workers", { launchTemplate }, { custom: false }),
      resource("eks:index:NodeGroupV2", "legacy", { nodeRootVolumeEncrypted: true }, { custom: false }),
      resource("aws:eks/nodeGroup:NodeGroup", "workers-ng", { clusterName: "eks", launchTemplate }),
    ];
    it("passes node groups with encrypted volumes or their own launch template", async () => {
      expect(await messages(pack, "eks-node-volumes-encrypted", valid)).to.deep.equal([]);
    });
    it("fails each shape that leaves node volumes unencrypted", async () => {
      const invalid = [
        resource("eks:index:Cluster", "eks", {}, { custom: false }),
        resource("eks:index:ManagedNodeGroup", "workers", {}, { custom: false }),
        resource("eks:index:NodeGroupV2", "legacy", { nodeRootVolumeEncrypted: false }, { custom: false }),
        resource("aws:eks/nodeGroup:NodeGroup", "workers-ng", { clusterName: "eks" }),
      ];
      const generated =
        "a launch template of this stack whose block devices are encrypted (the template EKS generates leaves " +
        "encryption to the account default).";
      expect(await findings(pack, "eks-node-volumes-encrypted", invalid)).to.deep.equal([
        "eks: nodeRootVolumeEncrypted is not set; set nodeRootVolumeEncrypted to true (or skipDefaultNodeGroup to true).",
        `workers: launchTemplate is not set; set launchTemplate to ${generated}`,
        "legacy: nodeRootVolumeEncrypted is false; set nodeRootVolumeEncrypted to true.",
        `workers-ng: launchTemplate is not set; set launchTemplate to ${generated}`,
      ]);
    });
    it("takes encryptRootBlockDevice (the older name) as well as nodeRootVolumeEncrypted", async () => {
      const groups = [
        resource("eks:index:NodeGroup", "old", { encryptRootBlockDevice: true }, { custom: false }),
        resource("eks:index:NodeGroupV2", "old-v2", { encryptRootBlockDevice: true }, { custom: false }),
        resource("eks:index:NodeGroup", "plain", { encryptRootBlockDevice: false }, { custom: false }),
      ];
      expect(await findings(pack, "eks-node-volumes-encrypted", groups)).to.deep.equal([
        "plain: nodeRootVolumeEncrypted is not set; set nodeRootVolumeEncrypted to true.",
      ]);
    });
  });

  describe("sns-topic-encrypted", () => {
    const topic = resource("aws:sns/topic:Topic", "alarms", { kmsMasterKeyId: KEY });
    it("passes a topic with a customer managed key", async () => {
      expect(await messages(pack, "sns-topic-encrypted", [topic])).to.deep.equal([]);
    });
    it("fails the AWS managed SNS key", async () => {
      expect(
        await messages(pack, "sns-topic-encrypted", [withInputs(topic, { kmsMasterKeyId: "alias/aws/sns" })]),
      ).to.deep.equal([
        `kmsMasterKeyId is "alias/aws/sns" (an AWS managed key); set kmsMasterKeyId to ${CUSTOMER_KEY}.`,
      ]);
    });
  });

  describe("log-group-encrypted", () => {
    const group = resource("aws:cloudwatch/logGroup:LogGroup", "flow-logs", {
      kmsKeyId: KEY,
      retentionInDays: 365,
    });
    it("passes a log group with a customer managed key", async () => {
      expect(await messages(pack, "log-group-encrypted", [group])).to.deep.equal([]);
    });
    it("fails a log group without a key", async () => {
      expect(
        await messages(pack, "log-group-encrypted", [withInputs(group, { kmsKeyId: undefined })]),
      ).to.deep.equal([`kmsKeyId is not set; set kmsKeyId to ${CUSTOMER_KEY}.`]);
    });
  });

  describe("prometheus-workspace-customer-key", () => {
    const workspace = resource("aws:amp/workspace:Workspace", "metrics", {
      alias: "platform",
      kmsKeyArn: KEY,
    });
    const unkeyed = withInputs(workspace, { kmsKeyArn: undefined });
    it("passes a workspace with a customer managed key", async () => {
      expect(await messages(pack, "prometheus-workspace-customer-key", [workspace])).to.deep.equal([]);
    });
    it("fails a workspace without a key", async () => {
      expect(await messages(pack, "prometheus-workspace-customer-key", [unkeyed])).to.deep.equal([
        `kmsKeyArn is not set; set kmsKeyArn to ${CUSTOMER_KEY}.`,
      ]);
    });
    it("accepts no key when the config does not require one, but never an AWS managed one", async () => {
      const config = { "prometheus-workspace-customer-key": { requireCustomerKey: false } };
      const managed = withInputs(workspace, { kmsKeyArn: "alias/aws/aps" });
      expect(
        await messages(pack, "prometheus-workspace-customer-key", [unkeyed, managed], { config }),
      ).to.deep.equal([
        `kmsKeyArn is "alias/aws/aps" (an AWS managed key); set kmsKeyArn to ${CUSTOMER_KEY}.`,
      ]);
    });
  });

  const bucket = resource("aws:s3/bucket:Bucket", "logs", { bucket: "platform-logs-prod-ap-east-2" });
  const bucketRef = (name: string, type: string, inputs: Record<string, unknown>) => {
    const r = resource(type, name, { bucket: "[unknown]", ...inputs });
    r.propertyDependencies = { bucket: [bucket.urn] };
    return r;
  };
  const sse = bucketRef(
    "logs-sse",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
          bucketKeyEnabled: true,
        },
      ],
    },
  );

  describe("s3-encryption-uses-kms", () => {
    it("passes SSE-KMS with a customer managed key", async () => {
      expect(await messages(pack, "s3-encryption-uses-kms", [bucket, sse])).to.deep.equal([]);
    });
    it("fails SSE-S3 and an inline configuration without a key", async () => {
      const s3Managed = withInputs(sse, {
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      });
      const inline = withInputs(bucket, {
        serverSideEncryptionConfiguration: {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
        },
      });
      expect(await findings(pack, "s3-encryption-uses-kms", [s3Managed, inline])).to.deep.equal([
        'logs-sse: rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"; set ' +
          'rules[0].applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms".',
        "logs-sse: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is not set; set " +
          `rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId to ${CUSTOMER_KEY}.`,
        "logs: serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.kmsMasterKeyId is not set; " +
          `set serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.kmsMasterKeyId to ${CUSTOMER_KEY}.`,
      ]);
    });
    it("fails a configuration without rules, a rule without defaults, and an inline configuration without a rule", async () => {
      const noRules = withInputs(sse, { rules: [] });
      const noDefaults = withInputs(sse, { rules: [{ bucketKeyEnabled: true }] });
      const inline = withInputs(bucket, { serverSideEncryptionConfiguration: {} });
      const rule = (path: string) => [
        `${path}.applyServerSideEncryptionByDefault.sseAlgorithm is not set; set ` +
          `${path}.applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms".`,
        `${path}.applyServerSideEncryptionByDefault.kmsMasterKeyId is not set; set ` +
          `${path}.applyServerSideEncryptionByDefault.kmsMasterKeyId to ${CUSTOMER_KEY}.`,
      ];
      expect(await messages(pack, "s3-encryption-uses-kms", [noRules])).to.deep.equal([
        'rules is []; set rules to one rule with applyServerSideEncryptionByDefault.sseAlgorithm "aws:kms".',
      ]);
      expect(await messages(pack, "s3-encryption-uses-kms", [noDefaults])).to.deep.equal(rule("rules[0]"));
      expect(await messages(pack, "s3-encryption-uses-kms", [inline])).to.deep.equal(
        rule("serverSideEncryptionConfiguration.rule"),
      );
    });
  });

  describe("s3-encryption-uses-kms: SSE-S3 for ALB access logs only", () => {
    const logBucket = resource("aws:s3/bucket:Bucket", "alb-logs", { bucket: "prod-alb-logs" });
    const onLogBucket = (name: string, type: string, inputs: Record<string, unknown>) => {
      const r = resource(type, name, { bucket: "[unknown]", ...inputs });
      r.propertyDependencies = { bucket: [logBucket.urn] };
      return r;
    };
    const sseS3 = onLogBucket(
      "alb-logs-sse",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    );
    const denyInsecure = {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::prod-alb-logs", "arn:aws:s3:::prod-alb-logs/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    const elbWrites = (principal: Record<string, unknown>) => ({
      Effect: "Allow",
      Principal: principal,
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::prod-alb-logs/AWSLogs/123456789012/*",
    });
    const policyOf = (...statements: Record<string, unknown>[]) =>
      onLogBucket("alb-logs-policy", "aws:s3/bucketPolicy:BucketPolicy", {
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      });
    const sseS3Findings = [
      'alb-logs-sse: rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"; set ' +
        'rules[0].applyServerSideEncryptionByDefault.sseAlgorithm to "aws:kms".',
      "alb-logs-sse: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is not set; set " +
        `rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId to ${CUSTOMER_KEY}.`,
    ];

    it("passes SSE-S3 on a bucket that only Elastic Load Balancing writes to, new regions and old", async () => {
      for (const principal of [
        { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        { AWS: "arn:aws:iam::582318560864:root" },
        { AWS: ["582318560864"] },
      ]) {
        expect(
          await messages(pack, "s3-encryption-uses-kms", [
            logBucket,
            sseS3,
            policyOf(denyInsecure, elbWrites(principal)),
          ]),
          JSON.stringify(principal),
        ).to.deep.equal([]);
      }
    });

    it("fails SSE-S3 when the policy also lets someone else in, grants more than PutObject, or another account", async () => {
      for (const policy of [
        policyOf(denyInsecure),
        policyOf(elbWrites({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }), {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/reader" },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::prod-alb-logs/*",
        }),
        policyOf({
          ...elbWrites({ AWS: "arn:aws:iam::582318560864:root" }),
          Action: ["s3:PutObject", "s3:GetObject"],
        }),
        policyOf(elbWrites({ AWS: "arn:aws:iam::111122223333:root" })),
        policyOf(elbWrites({ Service: "delivery.logs.amazonaws.com" })),
      ]) {
        expect(
          await findings(pack, "s3-encryption-uses-kms", [logBucket, sseS3, policy]),
          String(policy.inputs["policy"]),
        ).to.deep.equal(sseS3Findings);
      }
    });

    it("passes SSE-S3 on a bucket that only S3 server access logging writes to (with or without ALB logs)", async () => {
      const s3Logging = {
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::prod-alb-logs/*",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      };
      for (const policy of [
        policyOf(denyInsecure, s3Logging),
        policyOf(s3Logging, elbWrites({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })),
      ]) {
        expect(
          await messages(pack, "s3-encryption-uses-kms", [logBucket, sseS3, policy]),
          String(policy.inputs["policy"]),
        ).to.deep.equal([]);
      }
    });

    it("fails SSE-S3 on an access-log bucket that another service writes to, or with a second service beside logging", async () => {
      for (const principal of [
        { Service: "cloudtrail.amazonaws.com" },
        { Service: ["logging.s3.amazonaws.com", "cloudtrail.amazonaws.com"] },
      ]) {
        const policy = policyOf({
          Effect: "Allow",
          Principal: principal,
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::prod-alb-logs/*",
        });
        expect(
          await findings(pack, "s3-encryption-uses-kms", [logBucket, sseS3, policy]),
          JSON.stringify(principal),
        ).to.deep.equal(sseS3Findings);
      }
    });

    it("fails SSE-S3 on a bucket without a policy or outside the stack", async () => {
      expect(await findings(pack, "s3-encryption-uses-kms", [logBucket, sseS3])).to.deep.equal(sseS3Findings);
      expect(
        await findings(pack, "s3-encryption-uses-kms", [
          sseS3,
          policyOf(elbWrites({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })),
        ]),
      ).to.deep.equal(sseS3Findings);
    });

    it("still wants a customer key for SSE-KMS on such a bucket", async () => {
      const managedKey = withInputs(sseS3, {
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
      });
      expect(
        await findings(pack, "s3-encryption-uses-kms", [
          logBucket,
          managedKey,
          policyOf(elbWrites({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })),
        ]),
      ).to.deep.equal([
        "alb-logs-sse: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is not set; set " +
          `rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId to ${CUSTOMER_KEY}.`,
      ]);
    });

    it("passes an inline SSE-S3 configuration of such a bucket", async () => {
      const inline = withInputs(logBucket, {
        serverSideEncryptionConfiguration: {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        },
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [elbWrites({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })],
        }),
      });
      expect(await messages(pack, "s3-encryption-uses-kms", [inline])).to.deep.equal([]);
    });
  });

  describe("s3-bucket-encryption-configured", () => {
    it("passes a bucket with an encryption configuration, linked by dependency or by name", async () => {
      const byName = withInputs(sse, { bucket: "platform-logs-prod-ap-east-2" });
      byName.propertyDependencies = {};
      expect(await messages(pack, "s3-bucket-encryption-configured", [bucket, sse])).to.deep.equal([]);
      expect(await messages(pack, "s3-bucket-encryption-configured", [bucket, byName])).to.deep.equal([]);
    });
    it("passes a bucket with the deprecated inline configuration (checked by s3-encryption-uses-kms)", async () => {
      const inline = withInputs(bucket, {
        serverSideEncryptionConfiguration: {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } },
        },
      });
      expect(await messages(pack, "s3-bucket-encryption-configured", [inline])).to.deep.equal([]);
    });
    it("fails a bucket without one", async () => {
      expect(await findings(pack, "s3-bucket-encryption-configured", [bucket])).to.deep.equal([
        "logs: bucket has no server-side encryption configuration; add an " +
          'aws.s3.BucketServerSideEncryptionConfiguration for it with sseAlgorithm "aws:kms" and a customer managed key.',
      ]);
    });
  });

  describe("s3-bucket-deny-insecure-transport", () => {
    const document = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [
            "arn:aws:s3:::platform-logs-prod-ap-east-2",
            "arn:aws:s3:::platform-logs-prod-ap-east-2/*",
          ],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    };
    const policy = bucketRef("logs-policy", "aws:s3/bucketPolicy:BucketPolicy", {
      policy: JSON.stringify(document),
    });
    const statement = document.Statement[0] as Record<string, unknown>;
    /** A bucket named `name` with a bucket policy of the one statement `patch` makes of the passing one. */
    const withStatement = (name: string, patch: Record<string, unknown>) => {
      const b = resource("aws:s3/bucket:Bucket", name, { bucket: `platform-${name}` });
      const p = resource("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, {
        bucket: "[unknown]",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: { ...statement, ...patch } }),
      });
      p.propertyDependencies = { bucket: [b.urn] };
      return [b, p];
    };
    const lacks = (name: string) =>
      `${name}: the bucket policy ${name}-policy lacks a Deny statement for every principal ("*") and s3:* with the ` +
      'condition Bool "aws:SecureTransport": "false"; add one.';

    it("passes a bucket whose policy denies requests without TLS", async () => {
      expect(await messages(pack, "s3-bucket-deny-insecure-transport", [bucket, policy])).to.deep.equal([]);
    });
    it("passes the equivalent spellings: {AWS: *}, BoolIfExists, a lower-case condition key, a boolean false", async () => {
      const equivalent = [
        ...withStatement("aws-star", { Principal: { AWS: "*" }, Action: ["s3:*"] }),
        ...withStatement("if-exists", { Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }),
        ...withStatement("lower-case", {
          Action: "S3:*",
          Condition: { Bool: { "aws:securetransport": false } },
        }),
      ];
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", equivalent)).to.deep.equal([]);
    });
    it("passes an action list holding s3:* or *, and a policy whose TLS Deny follows other statements", async () => {
      const allowRead = {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:root" },
        Action: "s3:GetObject",
      };
      const b = resource("aws:s3/bucket:Bucket", "after-allow", { bucket: "platform-after-allow" });
      const p = resource("aws:s3/bucketPolicy:BucketPolicy", "after-allow-policy", {
        bucket: "[unknown]",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [allowRead, statement] }),
      });
      p.propertyDependencies = { bucket: [b.urn] };
      const passing = [
        ...withStatement("list", { Action: ["s3:GetObject", "s3:*"] }),
        ...withStatement("star", { Action: "*" }),
        b,
        p,
      ];
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", passing)).to.deep.equal([]);
    });
    it("passes a bucket with two bucket policies when one of them denies requests without TLS", async () => {
      const other = resource("aws:s3/bucketPolicy:BucketPolicy", "logs-other", {
        bucket: "[unknown]",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ ...statement, Effect: "Allow" }] }),
      });
      other.propertyDependencies = { bucket: [bucket.urn] };
      expect(
        await messages(pack, "s3-bucket-deny-insecure-transport", [bucket, other, policy]),
      ).to.deep.equal([]);
      const lax = resource("aws:s3/bucketPolicy:BucketPolicy", "logs-lax", {
        bucket: "[unknown]",
        policy: JSON.stringify({ Statement: [{ ...statement, Condition: undefined }] }),
      });
      lax.propertyDependencies = { bucket: [bucket.urn] };
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", [bucket, other, lax])).to.deep.equal([
        'logs: the bucket policy logs-other, logs-lax lacks a Deny statement for every principal ("*") and s3:* ' +
          'with the condition Bool "aws:SecureTransport": "false"; add one.',
      ]);
    });
    it("checks a bucket's inline policy when it has no bucket policy resource", async () => {
      const inline = withInputs(bucket, { policy: JSON.stringify(document) });
      const lax = withInputs(bucket, {
        policy: JSON.stringify({ Statement: [{ ...statement, Condition: undefined }] }),
      });
      expect(await messages(pack, "s3-bucket-deny-insecure-transport", [inline])).to.deep.equal([]);
      expect(await messages(pack, "s3-bucket-deny-insecure-transport", [lax])).to.deep.equal([
        'the inline policy lacks a Deny statement for every principal ("*") and s3:* with the condition Bool ' +
          '"aws:SecureTransport": "false"; add one.',
      ]);
    });
    it("fails a bucket without a policy, or with one that allows plain HTTP", async () => {
      const allowing = withInputs(policy, {
        policy: JSON.stringify({ Statement: [{ ...document.Statement[0], Effect: "Allow" }] }),
      });
      expect(await messages(pack, "s3-bucket-deny-insecure-transport", [bucket])).to.deep.equal([
        "bucket has no bucket policy; add an aws.s3.BucketPolicy for it with a Deny statement for every principal " +
          '("*") and s3:* with the condition Bool "aws:SecureTransport": "false".',
      ]);
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", [bucket, allowing])).to.deep.equal([
        lacks("logs"),
      ]);
    });
    it("fails a Deny that is not about TLS, or only for some principals, or narrowed by another condition", async () => {
      const other = [
        ...withStatement("no-condition", { Condition: undefined }),
        ...withStatement("other-key", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }),
        ...withStatement("tls-only", { Condition: { Bool: { "aws:SecureTransport": "true" } } }),
        ...withStatement("one-account", { Principal: { AWS: "arn:aws:iam::123456789012:root" } }),
        ...withStatement("narrowed", {
          Condition: {
            Bool: { "aws:SecureTransport": "false" },
            StringEquals: { "aws:PrincipalAccount": "123456789012" },
          },
        }),
        ...withStatement("some-actions", { Action: ["s3:GetObject"] }),
      ];
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", other)).to.deep.equal(
        ["no-condition", "other-key", "tls-only", "one-account", "narrowed", "some-actions"].map(lacks),
      );
    });
    it("fails empty or malformed conditions, a SecureTransport with no value or also true, and unparsable policies", async () => {
      const malformed = [
        ...withStatement("empty", { Condition: {} }),
        ...withStatement("empty-block", { Condition: { Bool: {} } }),
        ...withStatement("not-a-block", { Condition: { Bool: "false" } }),
        ...withStatement("no-value", { Condition: { Bool: { "aws:SecureTransport": [] } } }),
        ...withStatement("both", { Condition: { Bool: { "aws:SecureTransport": ["false", "true"] } } }),
      ];
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", malformed)).to.deep.equal(
        ["empty", "empty-block", "not-a-block", "no-value", "both"].map(lacks),
      );
      const b = resource("aws:s3/bucket:Bucket", "garbled", { bucket: "platform-garbled" });
      const p = resource("aws:s3/bucketPolicy:BucketPolicy", "garbled-policy", {
        bucket: "[unknown]",
        policy: "{ not json",
      });
      p.propertyDependencies = { bucket: [b.urn] };
      expect(await findings(pack, "s3-bucket-deny-insecure-transport", [b, p])).to.deep.equal([
        lacks("garbled"),
      ]);
    });
  });

  describe("kms-key-rotation", () => {
    const key = resource("aws:kms/key:Key", "data", { enableKeyRotation: true, deletionWindowInDays: 30 });
    it("passes a rotating symmetric key and an asymmetric key (which cannot rotate)", async () => {
      const signing = resource("aws:kms/key:Key", "signing", {
        customerMasterKeySpec: "RSA_2048",
        keyUsage: "SIGN_VERIFY",
      });
      expect(await messages(pack, "kms-key-rotation", [key, signing])).to.deep.equal([]);
    });
    it("passes keys that cannot rotate automatically: any asymmetric spec, HMAC keys, external key stores", async () => {
      const rsaEncryption = resource("aws:kms/key:Key", "rsa", {
        customerMasterKeySpec: "RSA_2048",
        keyUsage: "ENCRYPT_DECRYPT",
      });
      const hmac = resource("aws:kms/key:Key", "hmac", {
        customerMasterKeySpec: "HMAC_256",
        keyUsage: "GENERATE_VERIFY_MAC",
      });
      const xks = resource("aws:kms/key:Key", "xks", { customKeyStoreId: "cks-0123", xksKeyId: "xks-key-1" });
      expect(await messages(pack, "kms-key-rotation", [rsaEncryption, hmac, xks])).to.deep.equal([]);
    });
    it("checks a symmetric key whatever way its spec and usage are spelled out", async () => {
      const explicit = resource("aws:kms/key:Key", "explicit", {
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        keyUsage: "ENCRYPT_DECRYPT",
      });
      const usageOnly = resource("aws:kms/key:Key", "usage-only", { keyUsage: "ENCRYPT_DECRYPT" });
      expect(await findings(pack, "kms-key-rotation", [explicit, usageOnly])).to.deep.equal([
        "explicit: enableKeyRotation is not set; set enableKeyRotation to true.",
        "usage-only: enableKeyRotation is not set; set enableKeyRotation to true.",
      ]);
    });
    it("leaves a MAC key alone even when its spec is not given (usage alone rules rotation out)", async () => {
      const mac = resource("aws:kms/key:Key", "mac", { keyUsage: "GENERATE_VERIFY_MAC" });
      expect(await messages(pack, "kms-key-rotation", [mac])).to.deep.equal([]);
    });
    it("leaves replica keys alone: they share their primary key's rotation (checked on the primary)", async () => {
      const replica = resource("aws:kms/replicaKey:ReplicaKey", "data-replica", { primaryKeyArn: KEY });
      // Imported key material (and its replicas) cannot rotate automatically.
      const external = resource("aws:kms/externalKey:ExternalKey", "imported", {});
      expect(await messages(pack, "kms-key-rotation", [replica, external])).to.deep.equal([]);
    });
    it("fails a symmetric key without rotation", async () => {
      expect(
        await messages(pack, "kms-key-rotation", [withInputs(key, { enableKeyRotation: undefined })]),
      ).to.deep.equal(["enableKeyRotation is not set; set enableKeyRotation to true."]);
    });
  });

  describe("kms-key-deletion-window", () => {
    const key = resource("aws:kms/key:Key", "data", { enableKeyRotation: true, deletionWindowInDays: 30 });
    const short = withInputs(key, { deletionWindowInDays: 7 });
    it("passes 30 days, explicit or by default", async () => {
      expect(
        await messages(pack, "kms-key-deletion-window", [
          key,
          withInputs(key, { deletionWindowInDays: undefined }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails a shorter window", async () => {
      expect(await messages(pack, "kms-key-deletion-window", [short])).to.deep.equal([
        "deletionWindowInDays is 7; set deletionWindowInDays to 30 (or leave it unset for 30).",
      ]);
    });
    it("fails a replica key's shorter window too", async () => {
      const replica = resource("aws:kms/replicaKey:ReplicaKey", "data-replica", {
        primaryKeyArn: KEY,
        deletionWindowInDays: 7,
      });
      expect(await messages(pack, "kms-key-deletion-window", [replica])).to.deep.equal([
        "deletionWindowInDays is 7; set deletionWindowInDays to 30 (or leave it unset for 30).",
      ]);
    });
    it("fails external keys' and replica external keys' shorter windows too", async () => {
      const external = resource("aws:kms/externalKey:ExternalKey", "imported", { deletionWindowInDays: 7 });
      const replica = resource("aws:kms/replicaExternalKey:ReplicaExternalKey", "imported-replica", {
        primaryKeyArn: KEY,
        deletionWindowInDays: 10,
      });
      expect(await findings(pack, "kms-key-deletion-window", [external, replica])).to.deep.equal([
        "imported: deletionWindowInDays is 7; set deletionWindowInDays to 30 (or leave it unset for 30).",
        "imported-replica: deletionWindowInDays is 10; set deletionWindowInDays to 30 (or leave it unset for 30).",
      ]);
    });
    it("takes the minimum from config", async () => {
      const config = { "kms-key-deletion-window": { minimumDays: 7 } };
      expect(await messages(pack, "kms-key-deletion-window", [short], { config })).to.deep.equal([]);
    });
  });

  describe("launch-template-ebs-encrypted", () => {
    const template = resource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY, volumeSize: 50 } },
      ],
    });
    it("passes encrypted mappings", async () => {
      expect(await messages(pack, "launch-template-ebs-encrypted", [template])).to.deep.equal([]);
    });
    it("passes an instance-store mapping next to an encrypted root (it has no EBS volume)", async () => {
      const withInstanceStore = withInputs(template, {
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY } },
          { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        ],
      });
      expect(await messages(pack, "launch-template-ebs-encrypted", [withInstanceStore])).to.deep.equal([]);
    });
    it("fails an unencrypted mapping, and a template without mappings", async () => {
      const unencrypted = withInputs(template, {
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }],
      });
      expect(
        await messages(pack, "launch-template-ebs-encrypted", [
          unencrypted,
          withInputs(template, { blockDeviceMappings: undefined }),
        ]),
      ).to.deep.equal([
        'blockDeviceMappings[0].ebs.encrypted is "false"; set blockDeviceMappings[0].ebs.encrypted to "true".',
        'blockDeviceMappings is not set; map the root volume (e.g. /dev/xvda) with ebs.encrypted set to "true" ' +
          "(otherwise the AMI's and the account's defaults decide).",
      ]);
    });
  });

  describe("launch-template-ebs-encrypted on launch configurations", () => {
    const configuration = resource("aws:ec2/launchConfiguration:LaunchConfiguration", "legacy-nodes", {
      imageId: "ami-0123",
      instanceType: "m7g.large",
      rootBlockDevice: { encrypted: true, volumeSize: 50 },
      ebsBlockDevices: [
        { deviceName: "/dev/sdf", encrypted: true },
        { deviceName: "/dev/sdg", noDevice: true },
      ],
    });
    it("passes an encrypted root volume and EBS volumes (a suppressed mapping has none)", async () => {
      expect(await messages(pack, "launch-template-ebs-encrypted", [configuration])).to.deep.equal([]);
    });
    it("fails the root volume left to the AMI, and an unencrypted EBS volume", async () => {
      const plain = withInputs(configuration, {
        rootBlockDevice: undefined,
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false }],
      });
      expect(await messages(pack, "launch-template-ebs-encrypted", [plain])).to.deep.equal([
        "rootBlockDevice.encrypted is not set; set rootBlockDevice.encrypted to true.",
        "ebsBlockDevices[0].encrypted is false; set ebsBlockDevices[0].encrypted to true.",
      ]);
    });
  });

  describe("instance-ebs-encrypted", () => {
    const instance = resource("aws:ec2/instance:Instance", "bastion", {
      rootBlockDevice: { encrypted: true },
      ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
    });
    it("passes encrypted volumes, or root settings left to a launch template", async () => {
      const fromTemplate = resource("aws:ec2/instance:Instance", "worker", {
        launchTemplate: { id: "lt-1" },
      });
      expect(await messages(pack, "instance-ebs-encrypted", [instance, fromTemplate])).to.deep.equal([]);
    });
    it("fails an instance with neither a launch template nor a root block device (the account default decides)", async () => {
      const bare = resource("aws:ec2/instance:Instance", "bare", {
        ami: "ami-0123",
        instanceType: "t4g.micro",
      });
      expect(await messages(pack, "instance-ebs-encrypted", [bare])).to.deep.equal([
        "rootBlockDevice.encrypted is not set; set rootBlockDevice.encrypted to true.",
      ]);
    });
    it("fails a root block device set on the instance next to a launch template (it overrides the template's)", async () => {
      const overriding = resource("aws:ec2/instance:Instance", "worker", {
        launchTemplate: { id: "lt-1" },
        rootBlockDevice: { encrypted: false },
      });
      expect(await messages(pack, "instance-ebs-encrypted", [overriding])).to.deep.equal([
        "rootBlockDevice.encrypted is false; set rootBlockDevice.encrypted to true.",
      ]);
    });
    it("fails unencrypted root and data volumes", async () => {
      const plain = withInputs(instance, {
        rootBlockDevice: { volumeSize: 20 },
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: false }],
      });
      expect(await messages(pack, "instance-ebs-encrypted", [plain])).to.deep.equal([
        "rootBlockDevice.encrypted is not set; set rootBlockDevice.encrypted to true.",
        "ebsBlockDevices[0].encrypted is false; set ebsBlockDevices[0].encrypted to true.",
      ]);
    });
  });

  describe("ebs-volume-encrypted", () => {
    const volume = resource("aws:ebs/volume:Volume", "data", {
      availabilityZone: "ap-east-2a",
      encrypted: true,
      size: 10,
    });
    it("passes an encrypted volume", async () => {
      expect(await messages(pack, "ebs-volume-encrypted", [volume])).to.deep.equal([]);
    });
    it("fails an unencrypted volume", async () => {
      expect(
        await messages(pack, "ebs-volume-encrypted", [withInputs(volume, { encrypted: false })]),
      ).to.deep.equal(["encrypted is false; set encrypted to true."]);
    });
  });

  describe("secret-customer-key", () => {
    const secret = resource("aws:secretsmanager/secret:Secret", "db-master", { kmsKeyId: KEY });
    it("passes a secret with a customer managed key (also when the key id is a secret)", async () => {
      expect(
        await messages(pack, "secret-customer-key", [secret, withInputs(secret, { kmsKeyId: "[secret]" })]),
      ).to.deep.equal([]);
    });
    it("fails a secret on the default key", async () => {
      expect(
        await messages(pack, "secret-customer-key", [withInputs(secret, { kmsKeyId: undefined })]),
      ).to.deep.equal([`kmsKeyId is not set; set kmsKeyId to ${CUSTOMER_KEY}.`]);
    });
  });

  describe("ecr-repository-customer-key", () => {
    const repository = resource("aws:ecr/repository:Repository", "api", {
      name: "platform-api",
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
    });
    it("passes KMS (and dual-layer KMS) encryption with a customer managed key", async () => {
      const dsse = resource("aws:ecr/repository:Repository", "dsse", {
        encryptionConfigurations: [{ encryptionType: "KMS_DSSE", kmsKey: KEY }],
      });
      expect(await messages(pack, "ecr-repository-customer-key", [repository, dsse])).to.deep.equal([]);
    });
    it("fails ECR's default (AES256), AES256 chosen, and KMS on the AWS managed key (unset or named)", async () => {
      const named = (name: string, encryptionConfigurations: unknown) =>
        resource("aws:ecr/repository:Repository", name, { encryptionConfigurations });
      expect(
        await findings(pack, "ecr-repository-customer-key", [
          named("default", undefined),
          named("aes", [{ encryptionType: "AES256" }]),
          named("aws-key", [{ encryptionType: "KMS" }]),
          named("aws-alias", [{ encryptionType: "KMS", kmsKey: "alias/aws/ecr" }]),
        ]),
      ).to.deep.equal([
        'default: encryptionConfigurations is not set; set encryptionConfigurations to [{ encryptionType: "KMS", ' +
          `kmsKey: ${CUSTOMER_KEY} }] (unset, ECR uses AES256 with an AWS owned key).`,
        'aes: encryptionConfigurations[0].encryptionType is "AES256"; set encryptionConfigurations[0].encryptionType ' +
          'to "KMS".',
        `aws-key: encryptionConfigurations[0].kmsKey is not set; set encryptionConfigurations[0].kmsKey to ${CUSTOMER_KEY}.`,
        'aws-alias: encryptionConfigurations[0].kmsKey is "alias/aws/ecr" (an AWS managed key); set ' +
          `encryptionConfigurations[0].kmsKey to ${CUSTOMER_KEY}.`,
      ]);
    });
  });

  describe("storage-class-ebs-encrypted", () => {
    const gp3 = resource("kubernetes:storage.k8s.io/v1:StorageClass", "eks-gp3", {
      metadata: { name: "gp3-encrypted" },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
    });
    it("passes encrypted EBS classes (the account's key or a customer key) and other provisioners", async () => {
      const withKey = withInputs(gp3, { parameters: { type: "gp3", Encrypted: "True", kmsKeyId: KEY } });
      const efs = resource("kubernetes:storage.k8s.io/v1:StorageClass", "efs", {
        provisioner: "efs.csi.aws.com",
        parameters: { provisioningMode: "efs-ap" },
      });
      expect(await messages(pack, "storage-class-ebs-encrypted", [gp3, withKey, efs])).to.deep.equal([]);
    });
    it("fails unencrypted EBS classes (both provisioners) and the AWS managed key", async () => {
      const plain = withInputs(gp3, { parameters: { type: "gp3" } });
      const inTree = resource("kubernetes:storage.k8s.io/v1:StorageClass", "legacy", {
        provisioner: "kubernetes.io/aws-ebs",
        parameters: { encrypted: "false" },
      });
      const awsKey = withInputs(gp3, { parameters: { encrypted: "true", kmsKeyId: "alias/aws/ebs" } });
      const unencrypted =
        "(unset, the volumes are encrypted only if the account's EBS default encryption is on).";
      expect(await findings(pack, "storage-class-ebs-encrypted", [plain, inTree, awsKey])).to.deep.equal([
        `eks-gp3: parameters.encrypted is not set; set parameters.encrypted to "true" ${unencrypted}`,
        `legacy: parameters.encrypted is "false"; set parameters.encrypted to "true" ${unencrypted}`,
        `eks-gp3: parameters.kmsKeyId is "alias/aws/ebs" (an AWS managed key); set parameters.kmsKeyId to ${CUSTOMER_KEY}.`,
      ]);
    });
    it("fails an EBS class without parameters (null or unset)", async () => {
      const unencrypted =
        "(unset, the volumes are encrypted only if the account's EBS default encryption is on).";
      expect(
        await findings(pack, "storage-class-ebs-encrypted", [
          withInputs(gp3, { parameters: undefined }),
          resource("kubernetes:storage.k8s.io/v1:StorageClass", "null-params", {
            provisioner: "ebs.csi.aws.com",
            parameters: null,
          }),
        ]),
      ).to.deep.equal([
        `eks-gp3: parameters.encrypted is not set; set parameters.encrypted to "true" ${unencrypted}`,
        `null-params: parameters.encrypted is not set; set parameters.encrypted to "true" ${unencrypted}`,
      ]);
    });
  });

  describe("cloudtrail-encrypted", () => {
    const trail = resource("aws:cloudtrail/trail:Trail", "trail", { s3BucketName: "logs", kmsKeyId: KEY });
    it("passes a trail encrypted with a customer managed key", async () => {
      expect(await messages(pack, "cloudtrail-encrypted", [trail])).to.deep.equal([]);
    });
    it("fails a trail with SSE-S3 only", async () => {
      expect(
        await messages(pack, "cloudtrail-encrypted", [withInputs(trail, { kmsKeyId: undefined })]),
      ).to.deep.equal([`kmsKeyId is not set; set kmsKeyId to ${CUSTOMER_KEY}.`]);
    });
  });

  describe("backup-vault-customer-key", () => {
    const vault = resource("aws:backup/vault:Vault", "backups", { kmsKeyArn: KEY });
    it("passes a vault with a customer managed key", async () => {
      expect(await messages(pack, "backup-vault-customer-key", [vault])).to.deep.equal([]);
    });
    it("fails the default aws/backup key, unset or named", async () => {
      expect(
        await messages(pack, "backup-vault-customer-key", [
          withInputs(vault, { kmsKeyArn: undefined }),
          withInputs(vault, { kmsKeyArn: "arn:aws:kms:ap-east-2:123456789012:alias/aws/backup" }),
        ]),
      ).to.deep.equal([
        `kmsKeyArn is not set; set kmsKeyArn to ${CUSTOMER_KEY}.`,
        'kmsKeyArn is "arn:aws:kms:ap-east-2:123456789012:alias/aws/backup" (an AWS managed key); set kmsKeyArn to ' +
          `${CUSTOMER_KEY}.`,
      ]);
    });
  });

  const listener = (name: string, inputs: Record<string, unknown>, type = "aws:lb/listener:Listener") =>
    resource(type, name, { loadBalancerArn: "arn:lb", ...inputs });
  const forward = [{ type: "forward", targetGroupArn: "arn:tg" }];
  const toHttps = [
    { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
  ];
  const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

  describe("lb-listener-secure-protocol", () => {
    it("passes HTTPS, TLS, an HTTP listener that redirects to HTTPS, and GENEVE", async () => {
      expect(
        await messages(pack, "lb-listener-secure-protocol", [
          listener("https", { protocol: "HTTPS", port: 443, sslPolicy: TLS_POLICY, defaultActions: forward }),
          listener("tls", { protocol: "TLS", port: 443, sslPolicy: TLS_POLICY, defaultActions: forward }),
          listener(
            "http",
            { protocol: "HTTP", port: 80, defaultActions: toHttps },
            "aws:alb/listener:Listener",
          ),
          listener("geneve", { protocol: "GENEVE", port: 6081, defaultActions: forward }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails HTTP that forwards (explicit or unset), and plain TCP", async () => {
      const http =
        'and its defaultActions do not all redirect to HTTPS; set protocol to "HTTPS" (with certificateArn and ' +
        'sslPolicy), or keep HTTP with one default action of type "redirect" and redirect.protocol "HTTPS".';
      expect(
        await findings(pack, "lb-listener-secure-protocol", [
          listener("http", { protocol: "HTTP", port: 80, defaultActions: forward }),
          listener("unset", { port: 80, defaultActions: [...toHttps, ...forward] }),
          listener("tcp", { protocol: "TCP", port: 9092, defaultActions: forward }),
        ]),
      ).to.deep.equal([
        `http: protocol is "HTTP" ${http}`,
        `unset: protocol is "HTTP" ${http}`,
        'tcp: protocol is "TCP"; set protocol to "TLS" (with certificateArn and sslPolicy), so the load balancer ' +
          "encrypts.",
      ]);
    });
    it("fails HTTP without default actions, redirects to HTTP or without a target, and a forward with a redirect block", async () => {
      const http =
        'and its defaultActions do not all redirect to HTTPS; set protocol to "HTTPS" (with certificateArn and ' +
        'sslPolicy), or keep HTTP with one default action of type "redirect" and redirect.protocol "HTTPS".';
      expect(
        await findings(pack, "lb-listener-secure-protocol", [
          listener("none", { protocol: "HTTP", port: 80, defaultActions: [] }),
          listener("to-http", {
            protocol: "HTTP",
            port: 80,
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }],
          }),
          listener("bare-redirect", { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect" }] }),
          listener("forward-block", {
            protocol: "HTTP",
            port: 80,
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg", redirect: { protocol: "HTTPS" } }],
          }),
        ]),
      ).to.deep.equal(
        ["none", "to-http", "bare-redirect", "forward-block"].map(
          (name) => `${name}: protocol is "HTTP" ${http}`,
        ),
      );
    });
  });

  describe("lb-listener-tls-policy", () => {
    it("passes a TLS 1.2+ policy on HTTPS and TLS listeners, and leaves HTTP alone", async () => {
      expect(
        await messages(pack, "lb-listener-tls-policy", [
          listener("https", { protocol: "HTTPS", sslPolicy: TLS_POLICY, defaultActions: forward }),
          listener("tls", {
            protocol: "TLS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
            defaultActions: forward,
          }),
          listener("http", { protocol: "HTTP", defaultActions: toHttps }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails an old policy and none", async () => {
      const allowed =
        '"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", ' +
        '"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", ' +
        '"ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"';
      expect(
        await findings(pack, "lb-listener-tls-policy", [
          listener("old", {
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-2016-08",
            defaultActions: forward,
          }),
          listener("unset", { protocol: "TLS", defaultActions: forward }, "aws:alb/listener:Listener"),
        ]),
      ).to.deep.equal([
        `old: sslPolicy is "ELBSecurityPolicy-2016-08"; set sslPolicy to one of ${allowed}.`,
        `unset: sslPolicy is not set; set sslPolicy to one of ${allowed} (unset, the load balancer's default decides).`,
      ]);
    });
    it("takes the allowed policies from config", async () => {
      const config = {
        "lb-listener-tls-policy": { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] },
      };
      const https = listener("https", { protocol: "HTTPS", sslPolicy: TLS_POLICY, defaultActions: forward });
      expect(await messages(pack, "lb-listener-tls-policy", [https], { config })).to.deep.equal([
        `sslPolicy is "${TLS_POLICY}"; set sslPolicy to one of "ELBSecurityPolicy-TLS13-1-3-2021-06".`,
      ]);
    });
  });

  const certificate = resource("aws:acm/certificate:Certificate", "edge", {
    domainName: "kimkao.io",
    subjectAlternativeNames: ["*.kimkao.io"],
    validationMethod: "DNS",
  });

  describe("acm-certificate-key-algorithm", () => {
    it("passes ACM's default (RSA 2048), larger RSA keys and ECDSA", async () => {
      expect(
        await messages(pack, "acm-certificate-key-algorithm", [
          certificate,
          withInputs(certificate, { keyAlgorithm: "RSA_4096" }),
          withInputs(certificate, { keyAlgorithm: "EC_prime256v1" }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails RSA 1024", async () => {
      expect(
        await messages(pack, "acm-certificate-key-algorithm", [
          withInputs(certificate, { keyAlgorithm: "RSA_1024" }),
        ]),
      ).to.deep.equal([
        'keyAlgorithm is "RSA_1024"; set keyAlgorithm to "RSA_2048" or stronger, or "EC_prime256v1".',
      ]);
    });
  });

  describe("acm-certificate-auto-renewing", () => {
    it("passes a DNS-validated ACM certificate, and one from a private CA", async () => {
      const privateCa = resource("aws:acm/certificate:Certificate", "internal", {
        domainName: "internal.kimkao.io",
        certificateAuthorityArn: "arn:aws:acm-pca:ap-east-2:123456789012:certificate-authority/1",
      });
      expect(await messages(pack, "acm-certificate-auto-renewing", [certificate, privateCa])).to.deep.equal(
        [],
      );
    });
    it("fails an imported certificate, and email validation", async () => {
      const imported = resource("aws:acm/certificate:Certificate", "imported", {
        certificateBody: "-----BEGIN CERTIFICATE-----",
        privateKey: "[secret]",
      });
      expect(
        await findings(pack, "acm-certificate-auto-renewing", [
          imported,
          withInputs(certificate, { validationMethod: "EMAIL" }),
        ]),
      ).to.deep.equal([
        "imported: the certificate is imported (certificateBody, privateKey), and ACM does not renew imported " +
          'certificates; request it from ACM with domainName and validationMethod "DNS" instead.',
        'edge: validationMethod is "EMAIL"; set validationMethod to "DNS" (with its validation records in the zone, ' +
          "renewal needs no one to answer an email).",
      ]);
    });
  });

  describe("firehose-encrypted", () => {
    const KEY = "arn:aws:kms:ap-east-2:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    const stream = resource("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "log-archive", {
      name: "log-archive",
      destination: "extended_s3",
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY },
    });
    it("passes a DirectPut stream with a customer key, and a stream reading a Kinesis data stream", async () => {
      const fromKinesis = withInputs(stream, {
        serverSideEncryption: undefined,
        kinesisSourceConfiguration: {
          kinesisStreamArn: "arn:aws:kinesis:ap-east-2:123456789012:stream/events",
          roleArn: "arn:aws:iam::123456789012:role/firehose",
        },
      });
      expect(await messages(pack, "firehose-encrypted", [stream, fromKinesis])).to.deep.equal([]);
    });
    it("fails a stream without SSE, with an AWS owned key, or with an AWS managed key", async () => {
      expect(
        await findings(pack, "firehose-encrypted", [withInputs(stream, { serverSideEncryption: undefined })]),
      ).to.deep.equal([
        "log-archive: serverSideEncryption.enabled is not set; set serverSideEncryption.enabled to true.",
      ]);
      expect(
        await findings(pack, "firehose-encrypted", [
          withInputs(stream, { serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } }),
        ]),
      ).to.deep.equal([
        'log-archive: serverSideEncryption.keyType is "AWS_OWNED_CMK"; set serverSideEncryption.keyType to "CUSTOMER_MANAGED_CMK".',
      ]);
      expect(
        await findings(pack, "firehose-encrypted", [
          withInputs(stream, {
            serverSideEncryption: {
              enabled: true,
              keyType: "CUSTOMER_MANAGED_CMK",
              keyArn: "alias/aws/firehose",
            },
          }),
        ]),
      ).to.deep.equal([
        `log-archive: serverSideEncryption.keyArn is "alias/aws/firehose" (an AWS managed key); set serverSideEncryption.keyArn to ${CUSTOMER_KEY}.`,
      ]);
    });
  });

  describe("acm-certificate-validation-awaited", () => {
    const issued = { ...certificate, id: "arn:aws:acm:ap-east-2:123456789012:certificate/1" };
    const validation = resource("aws:acm/certificateValidation:CertificateValidation", "edge", {
      certificateArn: issued.id,
      validationRecordFqdns: ["_1.kimkao.io"],
    });
    it("passes a DNS-validated certificate whose validation is awaited, and one from a private CA", async () => {
      const privateCa = resource("aws:acm/certificate:Certificate", "internal", {
        domainName: "internal.kimkao.io",
        certificateAuthorityArn: "arn:aws:acm-pca:ap-east-2:123456789012:certificate-authority/1",
      });
      expect(
        await messages(pack, "acm-certificate-validation-awaited", [issued, validation, privateCa]),
      ).to.deep.equal([]);
    });
    it("fails a DNS-validated certificate nothing waits for", async () => {
      const other = resource("aws:acm/certificateValidation:CertificateValidation", "other", {
        certificateArn: "arn:aws:acm:ap-east-2:123456789012:certificate/2",
      });
      expect(await findings(pack, "acm-certificate-validation-awaited", [issued, other])).to.deep.equal([
        "edge: the certificate is DNS-validated but nothing waits for its validation; add an " +
          "aws.acm.CertificateValidation with certificateArn set to its ARN and validationRecordFqdns set to its " +
          "validation records, and give listeners the validation's certificateArn.",
      ]);
    });
  });

  it("attributes stack findings to the resource they are about", async () => {
    const results = await findings(pack, "s3-bucket-encryption-configured", [bucket]);
    expect(results[0]).to.match(/^logs: /);
    expect(urnOf("aws:s3/bucket:Bucket", "logs")).to.equal(bucket.urn);
  });
});

describe("encryption pack: account defaults", () => {
  describe("ebs-encryption-by-default", () => {
    const setting = resource("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs", { enabled: true });
    it("passes the setting enabled, explicitly or by default", async () => {
      expect(
        await messages(encryptionPack, "ebs-encryption-by-default", [
          setting,
          withInputs(setting, { enabled: undefined }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails it disabled", async () => {
      expect(
        await messages(encryptionPack, "ebs-encryption-by-default", [
          withInputs(setting, { enabled: false }),
        ]),
      ).to.deep.equal(["enabled is false; set enabled to true (or leave it unset)."]);
    });
  });
});
