import { expect } from "chai";
import { dataProtectionPack } from "../../policy-packs/data-protection/pack";
import { CIS_MONITORS } from "../../components/audit-trail/plan";
import { CIS_METRIC_FILTERS } from "../../policy-packs/data-protection/audit";
import type { PlanResourceLike } from "../../tools/plan/model";
import { findings, messages, resource, withInputs } from "../support/policies";

const pack = dataProtectionPack;

const primary = resource(
  "aws:rds/cluster:Cluster",
  "db",
  {
    engine: "aurora-postgresql",
    globalClusterIdentifier: "platform-prod",
    masterUsername: "platform",
    masterPassword: "[secret]",
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "db-final",
    deleteAutomatedBackups: false,
    backupRetentionPeriod: 7,
    copyTagsToSnapshot: true,
  },
  { options: { protect: true } },
);
const secondary = resource(
  "aws:rds/cluster:Cluster",
  "db-tokyo",
  {
    engine: "aurora-postgresql",
    globalClusterIdentifier: "[unknown]",
    deletionProtection: true,
    skipFinalSnapshot: true,
    deleteAutomatedBackups: false,
    backupRetentionPeriod: 7,
  },
  { options: { protect: true, ignoreChanges: ["replicationSourceIdentifier", "globalClusterIdentifier"] } },
);
const global = resource(
  "aws:rds/globalCluster:GlobalCluster",
  "global",
  {
    globalClusterIdentifier: "platform-prod",
    engine: "aurora-postgresql",
    deletionProtection: true,
    forceDestroy: false,
  },
  { options: { protect: true } },
);

/** A standalone RDS DB instance (not an Aurora member) with every data-protection setting right. */
const instance = resource(
  "aws:rds/instance:Instance",
  "legacy-db",
  {
    engine: "postgres",
    instanceClass: "db.t4g.medium",
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "legacy-db-final",
    deleteAutomatedBackups: false,
    backupRetentionPeriod: 7,
  },
  { options: { protect: true } },
);
/** A read replica of it: no final snapshot (RDS refuses one) and no automated backups of its own. */
const replica = resource("aws:rds/instance:Instance", "legacy-db-replica", {
  engine: "postgres",
  instanceClass: "db.t4g.medium",
  replicateSourceDb: "[unknown]",
  deletionProtection: true,
});

describe("data-protection pack", () => {
  describe("aurora-deletion-protection", () => {
    it("passes clusters with deletion protection", async () => {
      expect(await messages(pack, "aurora-deletion-protection", [primary, secondary])).to.deep.equal([]);
    });
    it("fails a cluster without", async () => {
      expect(
        await messages(pack, "aurora-deletion-protection", [
          withInputs(primary, { deletionProtection: undefined }),
        ]),
      ).to.deep.equal(["deletionProtection is not set; set deletionProtection to true."]);
    });
  });

  describe("aurora-deletion-protection on RDS DB instances", () => {
    it("passes an instance and a replica with deletion protection", async () => {
      expect(await messages(pack, "aurora-deletion-protection", [instance, replica])).to.deep.equal([]);
    });
    it("fails an instance without (the provider's default is false)", async () => {
      expect(
        await messages(pack, "aurora-deletion-protection", [
          withInputs(instance, { deletionProtection: undefined }),
        ]),
      ).to.deep.equal(["deletionProtection is not set; set deletionProtection to true."]);
    });
  });

  describe("aurora-global-cluster-deletion-protection", () => {
    it("passes a protected global cluster", async () => {
      expect(await messages(pack, "aurora-global-cluster-deletion-protection", [global])).to.deep.equal([]);
    });
    it("fails an unprotected one", async () => {
      expect(
        await messages(pack, "aurora-global-cluster-deletion-protection", [
          withInputs(global, { deletionProtection: false }),
        ]),
      ).to.deep.equal(["deletionProtection is false; set deletionProtection to true."]);
    });
  });

  describe("aurora-global-cluster-no-force-destroy", () => {
    it("passes a global cluster that does not force-destroy", async () => {
      expect(await messages(pack, "aurora-global-cluster-no-force-destroy", [global])).to.deep.equal([]);
    });
    it("fails forceDestroy", async () => {
      expect(
        await messages(pack, "aurora-global-cluster-no-force-destroy", [
          withInputs(global, { forceDestroy: true }),
        ]),
      ).to.deep.equal(["forceDestroy is true; set forceDestroy to false."]);
    });
  });

  describe("aurora-final-snapshot", () => {
    it("passes a named final snapshot, and exempts global secondaries", async () => {
      expect(await messages(pack, "aurora-final-snapshot", [primary, secondary])).to.deep.equal([]);
    });
    it("fails skipping it, or not naming it", async () => {
      expect(
        await messages(pack, "aurora-final-snapshot", [
          withInputs(primary, { skipFinalSnapshot: true, finalSnapshotIdentifier: undefined }),
        ]),
      ).to.deep.equal([
        "skipFinalSnapshot is true; set skipFinalSnapshot to false.",
        "finalSnapshotIdentifier is not set; set finalSnapshotIdentifier to a snapshot name (e.g. the cluster's name " +
          "with -final).",
      ]);
    });
    it("fails an empty final snapshot name as unset", async () => {
      expect(
        await messages(pack, "aurora-final-snapshot", [withInputs(primary, { finalSnapshotIdentifier: "" })]),
      ).to.deep.equal([
        "finalSnapshotIdentifier is not set; set finalSnapshotIdentifier to a snapshot name (e.g. the cluster's name " +
          "with -final).",
      ]);
    });
  });

  describe("aurora-final-snapshot on RDS DB instances", () => {
    it("passes a named final snapshot, and exempts read replicas", async () => {
      expect(await messages(pack, "aurora-final-snapshot", [instance, replica])).to.deep.equal([]);
    });
    it("fails an instance that skips it", async () => {
      expect(
        await messages(pack, "aurora-final-snapshot", [
          withInputs(instance, { skipFinalSnapshot: true, finalSnapshotIdentifier: undefined }),
        ]),
      ).to.deep.equal([
        "skipFinalSnapshot is true; set skipFinalSnapshot to false.",
        "finalSnapshotIdentifier is not set; set finalSnapshotIdentifier to a snapshot name (e.g. the instance's " +
          "name with -final).",
      ]);
    });
  });

  describe("aurora-keep-automated-backups", () => {
    it("passes deleteAutomatedBackups false", async () => {
      expect(await messages(pack, "aurora-keep-automated-backups", [primary])).to.deep.equal([]);
    });
    it("fails the default, which deletes them", async () => {
      expect(
        await messages(pack, "aurora-keep-automated-backups", [
          withInputs(primary, { deleteAutomatedBackups: undefined }),
        ]),
      ).to.deep.equal(["deleteAutomatedBackups is not set; set deleteAutomatedBackups to false."]);
    });
  });

  describe("aurora-backup-retention", () => {
    it("passes 7 days", async () => {
      expect(await messages(pack, "aurora-backup-retention", [primary])).to.deep.equal([]);
    });
    it("fails less, and the 1-day default", async () => {
      expect(
        await messages(pack, "aurora-backup-retention", [
          withInputs(primary, { backupRetentionPeriod: 3 }),
          withInputs(primary, { backupRetentionPeriod: undefined }),
        ]),
      ).to.deep.equal([
        "backupRetentionPeriod is 3; set backupRetentionPeriod to 7 or more.",
        "backupRetentionPeriod is not set; set backupRetentionPeriod to 7 or more.",
      ]);
    });
    it("takes the minimum from config", async () => {
      const config = { "aurora-backup-retention": { minimumDays: 14 } };
      expect(await messages(pack, "aurora-backup-retention", [primary], { config })).to.deep.equal([
        "backupRetentionPeriod is 7; set backupRetentionPeriod to 14 or more.",
      ]);
    });
  });

  describe("aurora backups on RDS DB instances", () => {
    it("passes kept backups with 7 days, and exempts read replicas (their backups are the source's)", async () => {
      expect(await messages(pack, "aurora-keep-automated-backups", [instance, replica])).to.deep.equal([]);
      expect(await messages(pack, "aurora-backup-retention", [instance, replica])).to.deep.equal([]);
    });
    it("fails the instance defaults: backups deleted with it, and none kept (unset is 0 days)", async () => {
      const defaults = withInputs(instance, {
        deleteAutomatedBackups: undefined,
        backupRetentionPeriod: undefined,
      });
      expect(await messages(pack, "aurora-keep-automated-backups", [defaults])).to.deep.equal([
        "deleteAutomatedBackups is not set; set deleteAutomatedBackups to false.",
      ]);
      expect(await messages(pack, "aurora-backup-retention", [defaults])).to.deep.equal([
        "backupRetentionPeriod is not set; set backupRetentionPeriod to 7 or more.",
      ]);
      const config = { "aurora-backup-retention": { minimumDays: 1 } };
      expect(
        await messages(
          pack,
          "aurora-backup-retention",
          [defaults, withInputs(instance, { backupRetentionPeriod: 1 })],
          {
            config,
          },
        ),
      ).to.deep.equal(["backupRetentionPeriod is not set; set backupRetentionPeriod to 1 or more."]);
    });
  });

  describe("aurora-secondary-ignore-changes", () => {
    it("passes a secondary that ignores both identifiers, and does not ask it of a primary", async () => {
      expect(await messages(pack, "aurora-secondary-ignore-changes", [primary, secondary])).to.deep.equal([]);
    });
    it("fails a secondary (joining, or replicating) that does not ignore them", async () => {
      const joining = {
        ...secondary,
        options: { ...secondary.options, ignoreChanges: ["globalClusterIdentifier"] },
      };
      const replica = resource("aws:rds/cluster:Cluster", "replica", {
        engine: "aurora-postgresql",
        replicationSourceIdentifier: "arn:aws:rds:ap-east-2:123456789012:cluster:db",
      });
      expect(await findings(pack, "aurora-secondary-ignore-changes", [joining, replica])).to.deep.equal([
        'db-tokyo: ignoreChanges is ["globalClusterIdentifier"]; add "replicationSourceIdentifier" to the resource ' +
          "options of this secondary cluster.",
        'replica: ignoreChanges is []; add "replicationSourceIdentifier" and "globalClusterIdentifier" to the ' +
          "resource options of this secondary cluster.",
      ]);
    });
  });

  const withRdsSettings = withInputs(primary, {
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql"],
  });
  const mysqlInstance = resource("aws:rds/instance:Instance", "mysql", {
    engine: "mysql",
    iamDatabaseAuthenticationEnabled: true,
    copyTagsToSnapshot: true,
    enabledCloudwatchLogsExports: ["audit", "error", "general", "slowquery"],
  });

  describe("rds-iam-authentication", () => {
    it("passes IAM authentication on a cluster and an instance, and engines without it (Oracle)", async () => {
      const oracle = resource("aws:rds/instance:Instance", "oracle", { engine: "oracle-ee" });
      expect(
        await messages(pack, "rds-iam-authentication", [withRdsSettings, mysqlInstance, oracle]),
      ).to.deep.equal([]);
    });
    it("fails it off or unset", async () => {
      expect(
        await findings(pack, "rds-iam-authentication", [
          primary,
          withInputs(mysqlInstance, { iamDatabaseAuthenticationEnabled: false }),
        ]),
      ).to.deep.equal([
        "db: iamDatabaseAuthenticationEnabled is not set; set iamDatabaseAuthenticationEnabled to true.",
        "mysql: iamDatabaseAuthenticationEnabled is false; set iamDatabaseAuthenticationEnabled to true.",
      ]);
    });
  });

  describe("rds-copy-tags-to-snapshot", () => {
    const auroraMember = resource("aws:rds/clusterInstance:ClusterInstance", "db-a", {
      clusterIdentifier: "db",
      instanceClass: "db.serverless",
      copyTagsToSnapshot: true,
    });
    it("passes a cluster, a cluster member and an instance that copy their tags", async () => {
      expect(
        await messages(pack, "rds-copy-tags-to-snapshot", [primary, auroraMember, mysqlInstance]),
      ).to.deep.equal([]);
    });
    it("fails the default, which does not", async () => {
      expect(
        await findings(pack, "rds-copy-tags-to-snapshot", [
          withInputs(primary, { copyTagsToSnapshot: undefined }),
          withInputs(auroraMember, { copyTagsToSnapshot: undefined }),
          withInputs(mysqlInstance, { copyTagsToSnapshot: false }),
        ]),
      ).to.deep.equal([
        "db: copyTagsToSnapshot is not set; set copyTagsToSnapshot to true.",
        "db-a: copyTagsToSnapshot is not set; set copyTagsToSnapshot to true.",
        "mysql: copyTagsToSnapshot is false; set copyTagsToSnapshot to true.",
      ]);
    });
  });

  describe("rds-log-exports", () => {
    it("passes the engine's log types exported, and engines not configured", async () => {
      const sqlserver = resource("aws:rds/instance:Instance", "sqlserver", { engine: "sqlserver-se" });
      expect(
        await messages(pack, "rds-log-exports", [withRdsSettings, mysqlInstance, sqlserver]),
      ).to.deep.equal([]);
    });
    it("fails a PostgreSQL cluster without the postgresql log, and instances missing Security Hub's log types", async () => {
      const postgres = resource("aws:rds/instance:Instance", "postgres", {
        engine: "postgres",
        enabledCloudwatchLogsExports: ["upgrade"],
      });
      const postgresWithoutUpgrade = resource("aws:rds/instance:Instance", "postgres-no-upgrade", {
        engine: "postgres",
        enabledCloudwatchLogsExports: ["postgresql"],
      });
      const mariadb = resource("aws:rds/instance:Instance", "mariadb", {
        engine: "mariadb",
        enabledCloudwatchLogsExports: ["error"],
      });
      const auroraMysql = resource("aws:rds/cluster:Cluster", "aurora-mysql", {
        engine: "aurora-mysql",
        enabledCloudwatchLogsExports: ["error", "slowquery"],
      });
      expect(
        await findings(pack, "rds-log-exports", [
          primary,
          postgres,
          postgresWithoutUpgrade,
          mariadb,
          auroraMysql,
        ]),
      ).to.deep.equal([
        'db: enabledCloudwatchLogsExports is not set; set enabledCloudwatchLogsExports to include "postgresql".',
        'postgres: enabledCloudwatchLogsExports is ["upgrade"]; set enabledCloudwatchLogsExports to include ' +
          '"postgresql".',
        'postgres-no-upgrade: enabledCloudwatchLogsExports is ["postgresql"]; set enabledCloudwatchLogsExports to ' +
          'include "upgrade".',
        'mariadb: enabledCloudwatchLogsExports is ["error"]; set enabledCloudwatchLogsExports to include "audit", ' +
          '"general", "slowquery".',
        'aurora-mysql: enabledCloudwatchLogsExports is ["error","slowquery"]; set enabledCloudwatchLogsExports to ' +
          'include "audit".',
      ]);
    });
    it("takes the log types per engine from config", async () => {
      const errorsOnly = withInputs(mysqlInstance, { enabledCloudwatchLogsExports: ["error"] });
      const config = { "rds-log-exports": { requiredLogTypes: { mysql: ["error"] } } };
      expect(await messages(pack, "rds-log-exports", [errorsOnly], { config })).to.deep.equal([]);
      expect(await messages(pack, "rds-log-exports", [errorsOnly])).to.deep.equal([
        'enabledCloudwatchLogsExports is ["error"]; set enabledCloudwatchLogsExports to include "audit", "general", ' +
          '"slowquery".',
      ]);
    });
  });

  const SERVER_PROPERTIES = [
    "auto.create.topics.enable=false",
    "default.replication.factor=3",
    "min.insync.replicas=2",
    "unclean.leader.election.enable=false",
  ].join("\n");
  const configuration = resource("aws:msk/configuration:Configuration", "kafka-config", {
    kafkaVersions: ["3.6.0"],
    serverProperties: SERVER_PROPERTIES,
  });
  const msk = resource(
    "aws:msk/cluster:Cluster",
    "kafka",
    {
      kafkaVersion: "3.6.0",
      numberOfBrokerNodes: 6,
      brokerNodeGroupInfo: {
        instanceType: "kafka.m7g.large",
        clientSubnets: ["subnet-d1", "subnet-d2", "subnet-d3"],
        securityGroups: ["sg-1"],
      },
      configurationInfo: {
        arn: "arn:aws:kafka:ap-east-2:123456789012:configuration/kafka-config/1",
        revision: 1,
      },
    },
    { options: { protect: true } },
  );

  describe("msk-custom-configuration", () => {
    it("passes a cluster with its own configuration", async () => {
      expect(await messages(pack, "msk-custom-configuration", [msk])).to.deep.equal([]);
    });
    it("fails one on MSK's default", async () => {
      expect(
        await messages(pack, "msk-custom-configuration", [withInputs(msk, { configurationInfo: undefined })]),
      ).to.deep.equal([
        "configurationInfo is not set; set configurationInfo to { arn, revision } of an aws.msk.Configuration of this stack.",
      ]);
    });
  });

  const withProperties = (text: string) => withInputs(configuration, { serverProperties: text });

  describe("msk-default-replication-factor", () => {
    it("passes 3", async () => {
      expect(await messages(pack, "msk-default-replication-factor", [configuration])).to.deep.equal([]);
    });
    it("fails less, or unset", async () => {
      expect(
        await messages(pack, "msk-default-replication-factor", [
          withProperties(
            SERVER_PROPERTIES.replace("default.replication.factor=3", "default.replication.factor = 2"),
          ),
          withProperties("# nothing"),
        ]),
      ).to.deep.equal([
        "serverProperties sets default.replication.factor=2; set default.replication.factor=3 or more.",
        "serverProperties does not set default.replication.factor; add default.replication.factor=3.",
      ]);
    });
  });

  describe("msk-min-insync-replicas", () => {
    it("passes 2", async () => {
      expect(await messages(pack, "msk-min-insync-replicas", [configuration])).to.deep.equal([]);
    });
    it("fails 1, and takes the minimum from config", async () => {
      expect(
        await messages(pack, "msk-min-insync-replicas", [
          withProperties(SERVER_PROPERTIES.replace("min.insync.replicas=2", "min.insync.replicas=1")),
        ]),
      ).to.deep.equal(["serverProperties sets min.insync.replicas=1; set min.insync.replicas=2 or more."]);
      const config = { "msk-min-insync-replicas": { minimum: 3 } };
      expect(await messages(pack, "msk-min-insync-replicas", [configuration], { config })).to.deep.equal([
        "serverProperties sets min.insync.replicas=2; set min.insync.replicas=3 or more.",
      ]);
    });
  });

  describe("msk-no-unclean-leader-election", () => {
    it("passes false", async () => {
      expect(await messages(pack, "msk-no-unclean-leader-election", [configuration])).to.deep.equal([]);
    });
    it("fails true, or unset", async () => {
      expect(
        await messages(pack, "msk-no-unclean-leader-election", [
          withProperties("unclean.leader.election.enable=true"),
          withProperties("default.replication.factor=3"),
        ]),
      ).to.deep.equal([
        "serverProperties sets unclean.leader.election.enable=true; set unclean.leader.election.enable=false.",
        "serverProperties does not set unclean.leader.election.enable; add unclean.leader.election.enable=false.",
      ]);
    });
  });

  describe("msk-brokers-multiple-of-azs", () => {
    it("passes 6 brokers over 3 zones", async () => {
      expect(await messages(pack, "msk-brokers-multiple-of-azs", [msk])).to.deep.equal([]);
    });
    it("fails 4 brokers over 3 zones", async () => {
      expect(
        await messages(pack, "msk-brokers-multiple-of-azs", [withInputs(msk, { numberOfBrokerNodes: 4 })]),
      ).to.deep.equal([
        "numberOfBrokerNodes is 4 for 3 client subnets; set numberOfBrokerNodes to a multiple of 3 (e.g. 3).",
      ]);
    });
  });

  describe("msk-topic-replication-factor", () => {
    const topic = resource("aws:msk/topic:Topic", "orders", {
      clusterArn: "arn:aws:kafka:ap-east-2:123456789012:cluster/kafka/1",
      partitionCount: 6,
      replicationFactor: 3,
    });
    it("passes 3 replicas", async () => {
      expect(await messages(pack, "msk-topic-replication-factor", [topic])).to.deep.equal([]);
    });
    it("fails 1", async () => {
      expect(
        await messages(pack, "msk-topic-replication-factor", [withInputs(topic, { replicationFactor: 1 })]),
      ).to.deep.equal(["replicationFactor is 1; set replicationFactor to 3 or more."]);
    });
  });

  describe("msk-broker-logs", () => {
    const brokerLogs = (destinations: Record<string, unknown>) =>
      withInputs(msk, { loggingInfo: { brokerLogs: destinations } });
    it("passes broker logs delivered to CloudWatch Logs, S3 or Firehose", async () => {
      const delivered = [
        brokerLogs({ cloudwatchLogs: { enabled: true, logGroup: "kafka-broker-logs" } }),
        brokerLogs({ cloudwatchLogs: { enabled: false }, s3: { enabled: true, bucket: "logs" } }),
        brokerLogs({ firehose: { enabled: true, deliveryStream: "kafka" } }),
      ];
      expect(await messages(pack, "msk-broker-logs", delivered)).to.deep.equal([]);
    });
    it("fails no broker logs, and every destination disabled", async () => {
      expect(
        await messages(pack, "msk-broker-logs", [
          msk,
          brokerLogs({
            cloudwatchLogs: { enabled: false, logGroup: "kafka-broker-logs" },
            s3: { enabled: false },
          }),
        ]),
      ).to.deep.equal([
        "loggingInfo.brokerLogs is not set; set loggingInfo.brokerLogs to { cloudwatchLogs: { enabled: true, " +
          "logGroup } } (or s3, or firehose).",
        "loggingInfo.brokerLogs enables no destination; set loggingInfo.brokerLogs.cloudwatchLogs.enabled (or s3's, " +
          "or firehose's) to true.",
      ]);
    });
  });

  describe("eks-control-plane-logs", () => {
    const ALL = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
    const awsCluster = resource("aws:eks/cluster:Cluster", "eks", {
      roleArn: "arn:aws:iam::123456789012:role/eks",
      vpcConfig: { subnetIds: ["subnet-w1"] },
      enabledClusterLogTypes: ALL,
    });
    const component = resource(
      "eks:index:Cluster",
      "eks-component",
      { enabledClusterLogTypes: ALL },
      { custom: false },
    );
    it("passes all five control-plane log types in both shapes", async () => {
      expect(await messages(pack, "eks-control-plane-logs", [awsCluster, component])).to.deep.equal([]);
    });
    it("fails missing log types in both shapes, and none (EKS's default)", async () => {
      expect(
        await findings(pack, "eks-control-plane-logs", [
          withInputs(awsCluster, { enabledClusterLogTypes: ["api", "audit"] }),
          withInputs(component, { enabledClusterLogTypes: undefined }),
        ]),
      ).to.deep.equal([
        'eks: enabledClusterLogTypes is ["api","audit"]; set enabledClusterLogTypes to include "authenticator", ' +
          '"controllerManager", "scheduler".',
        "eks-component: enabledClusterLogTypes is not set; set enabledClusterLogTypes to include " +
          '"api", "audit", "authenticator", "controllerManager", "scheduler".',
      ]);
    });
    it("takes the required log types from config, and refuses names EKS does not have", async () => {
      const config = { "eks-control-plane-logs": { requiredLogTypes: ["audit"] } };
      const auditOnly = withInputs(component, { enabledClusterLogTypes: ["audit"] });
      expect(await messages(pack, "eks-control-plane-logs", [auditOnly], { config })).to.deep.equal([]);
      let error: unknown;
      try {
        await messages(pack, "eks-control-plane-logs", [auditOnly], {
          config: { "eks-control-plane-logs": { requiredLogTypes: ["controller-manager"] } },
        });
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.contain(
        "eks-control-plane-logs: requiredLogTypes/0 must be equal to one of the allowed values",
      );
    });
  });

  describe("log-group-retention", () => {
    const group = (name: string, retentionInDays: number | undefined) =>
      resource("aws:cloudwatch/logGroup:LogGroup", name, { retentionInDays });
    it("passes the minimum or more, and 0 or unset (never expire: kept longer than any minimum)", async () => {
      expect(
        await messages(pack, "log-group-retention", [
          group("quarter", 90),
          group("year", 365),
          group("forever", 0),
          group("default", undefined),
        ]),
      ).to.deep.equal([]);
    });
    it("fails less, and takes the minimum from config", async () => {
      expect(
        await findings(pack, "log-group-retention", [group("month", 30), group("quarter", 90)], {
          config: { "log-group-retention": { minimumDays: 365 } },
        }),
      ).to.deep.equal([
        "month: retentionInDays is 30; set retentionInDays to 365 or more (or 0 to never expire them).",
        "quarter: retentionInDays is 90; set retentionInDays to 365 or more (or 0 to never expire them).",
      ]);
      expect(await messages(pack, "log-group-retention", [group("two-weeks", 14)])).to.deep.equal([
        "retentionInDays is 14; set retentionInDays to 90 or more (or 0 to never expire them).",
      ]);
    });
  });

  describe("protect-stateful-resources", () => {
    const key = resource(
      "aws:kms/key:Key",
      "data",
      { enableKeyRotation: true },
      { options: { protect: true } },
    );
    const logBucket = resource(
      "aws:s3/bucket:Bucket",
      "log-archive",
      { tags: { "platform:data-class": "logs" } },
      { options: { protect: true } },
    );
    const scratch = resource("aws:s3/bucket:Bucket", "scratch", {
      tags: { "platform:data-class": "ephemeral" },
    });
    it("passes protected stateful resources, and leaves other resources alone", async () => {
      const vpc = resource("aws:ec2/vpc:Vpc", "vpc", {});
      expect(
        await messages(pack, "protect-stateful-resources", [
          global,
          primary,
          msk,
          key,
          logBucket,
          scratch,
          vpc,
          instance,
        ]),
      ).to.deep.equal([]);
    });
    it("fails unprotected ones, the log archive included", async () => {
      const unprotected = [global, msk, key, logBucket, instance].map((r) => ({
        ...r,
        options: { ...r.options, protect: false },
      }));
      expect(await findings(pack, "protect-stateful-resources", unprotected)).to.deep.equal([
        "global: protect is false; set the resource option protect: true.",
        "kafka: protect is false; set the resource option protect: true.",
        "data: protect is false; set the resource option protect: true.",
        "log-archive: protect is false; set the resource option protect: true.",
        "legacy-db: protect is false; set the resource option protect: true.",
      ]);
    });
    it("fails an unprotected public hosted zone and ECR repository", async () => {
      const zone = resource("aws:route53/zone:Zone", "zone", { name: "kimkao.io" });
      const repository = resource("aws:ecr/repository:Repository", "registries-api", {
        name: "platform/api",
      });
      expect(await findings(pack, "protect-stateful-resources", [zone, repository])).to.deep.equal([
        "zone: protect is false; set the resource option protect: true.",
        "registries-api: protect is false; set the resource option protect: true.",
      ]);
      const protectedOnes = [zone, repository].map((r) => ({
        ...r,
        options: { ...r.options, protect: true },
      }));
      expect(await messages(pack, "protect-stateful-resources", protectedOnes)).to.deep.equal([]);
    });
    it("fails unprotected replica keys, external keys and replica external keys", async () => {
      const keys = [
        resource("aws:kms/replicaKey:ReplicaKey", "data-replica", { primaryKeyArn: "arn:key" }),
        resource("aws:kms/externalKey:ExternalKey", "imported", {}),
        resource("aws:kms/replicaExternalKey:ReplicaExternalKey", "imported-replica", {
          primaryKeyArn: "arn:key",
        }),
      ];
      expect(await findings(pack, "protect-stateful-resources", keys)).to.deep.equal([
        "data-replica: protect is false; set the resource option protect: true.",
        "imported: protect is false; set the resource option protect: true.",
        "imported-replica: protect is false; set the resource option protect: true.",
      ]);
    });
    it("requires nothing where config turns it off (dev)", async () => {
      const config = { "protect-stateful-resources": { requireProtect: false } };
      const unprotected = { ...key, options: { ...key.options, protect: false } };
      expect(await messages(pack, "protect-stateful-resources", [unprotected], { config })).to.deep.equal([]);
    });
  });

  describe("s3-bucket-versioning", () => {
    const bucket = resource("aws:s3/bucket:Bucket", "log-archive", {
      bucket: "platform-logs",
      tags: { "platform:data-class": "logs" },
    });
    const versioning = {
      ...resource("aws:s3/bucketVersioning:BucketVersioning", "log-archive-versioning", {
        bucket: "[unknown]",
        versioningConfiguration: { status: "Enabled" },
      }),
      propertyDependencies: { bucket: [bucket.urn] },
    };
    it("passes a versioned logs bucket, and an ephemeral bucket without versioning", async () => {
      const scratch = resource("aws:s3/bucket:Bucket", "scratch", {
        tags: { "platform:data-class": "ephemeral" },
      });
      const inline = resource("aws:s3/bucket:Bucket", "legacy", {
        tags: { "platform:data-class": "data" },
        versioning: { enabled: true },
      });
      expect(
        await messages(pack, "s3-bucket-versioning", [bucket, versioning, scratch, inline]),
      ).to.deep.equal([]);
    });
    it("fails inline versioning that is off, or not known at a preview that creates the bucket", async () => {
      const off = resource("aws:s3/bucket:Bucket", "legacy-off", {
        tags: { "platform:data-class": "data" },
        versioning: { enabled: false },
      });
      const pending = resource("aws:s3/bucket:Bucket", "pending", {
        tags: { "platform:data-class": "logs" },
        versioning: "[unknown]",
      });
      const fix = 'add an aws.s3.BucketVersioning for it with versioningConfiguration.status "Enabled".';
      expect(await findings(pack, "s3-bucket-versioning", [off, pending])).to.deep.equal([
        `legacy-off: bucket (platform:data-class "data") has versioning.enabled false; ${fix}`,
        'pending: bucket (platform:data-class "logs") has no aws.s3.BucketVersioning and its inline versioning is ' +
          `not known yet; ${fix}`,
      ]);
    });
    it("fails unversioned and suspended buckets; an untagged bucket counts as data", async () => {
      const suspended = withInputs(versioning, { versioningConfiguration: { status: "Suspended" } });
      const untagged = resource("aws:s3/bucket:Bucket", "untagged", {});
      expect(await findings(pack, "s3-bucket-versioning", [bucket, suspended, untagged])).to.deep.equal([
        'log-archive: bucket (platform:data-class "logs"): log-archive-versioning has versioningConfiguration.status ' +
          '"Suspended"; set it to "Enabled".',
        "untagged: bucket (platform:data-class not set) has no versioning; add an aws.s3.BucketVersioning for it " +
          'with versioningConfiguration.status "Enabled".',
      ]);
    });
  });

  const repository = (name: string, inputs: Record<string, unknown> = {}) =>
    resource("aws:ecr/repository:Repository", name, { name: `platform-${name}`, ...inputs });

  describe("ecr-image-tags-immutable", () => {
    it("passes immutable tags", async () => {
      expect(
        await messages(pack, "ecr-image-tags-immutable", [
          repository("api", { imageTagMutability: "IMMUTABLE" }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails mutable tags, by default or with exclusions", async () => {
      expect(
        await findings(pack, "ecr-image-tags-immutable", [
          repository("default"),
          repository("mutable", { imageTagMutability: "MUTABLE" }),
          repository("excluded", {
            imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }],
          }),
        ]),
      ).to.deep.equal([
        'default: imageTagMutability is not set; set imageTagMutability to "IMMUTABLE" (unset is MUTABLE).',
        'mutable: imageTagMutability is "MUTABLE"; set imageTagMutability to "IMMUTABLE" (unset is MUTABLE).',
        'excluded: imageTagMutability is "IMMUTABLE_WITH_EXCLUSION"; set imageTagMutability to "IMMUTABLE" (unset ' +
          "is MUTABLE).",
      ]);
    });
  });

  describe("ecr-scan-on-push", () => {
    const registry = (name: string, scanType: string, rules: unknown[]) =>
      resource("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", name, {
        scanType,
        rules,
      });
    const rule = (scanFrequency: string, filter: string) => ({
      scanFrequency,
      repositoryFilters: [{ filter, filterType: "WILDCARD" }],
    });
    it("passes the repository's scan on push, or a registry rule that covers it (wildcard or contained name)", async () => {
      const own = repository("api", { imageScanningConfiguration: { scanOnPush: true } });
      expect(await messages(pack, "ecr-scan-on-push", [own])).to.deep.equal([]);
      expect(
        await messages(pack, "ecr-scan-on-push", [
          repository("api"),
          registry("basic", "BASIC", [rule("SCAN_ON_PUSH", "*")]),
        ]),
      ).to.deep.equal([]);
      expect(
        await messages(pack, "ecr-scan-on-push", [
          repository("api"),
          repository("shop"),
          registry("inspector", "ENHANCED", [
            rule("CONTINUOUS_SCAN", "platform-a*"),
            rule("SCAN_ON_PUSH", "sho"),
          ]),
        ]),
      ).to.deep.equal([]);
    });
    it("fails no scanning, manual registry rules, and enhanced rules that miss a repository (its own setting is ignored then)", async () => {
      expect(
        await findings(pack, "ecr-scan-on-push", [
          repository("api"),
          repository("shop", { imageScanningConfiguration: { scanOnPush: false } }),
          registry("basic", "BASIC", [rule("MANUAL", "*")]),
        ]),
      ).to.deep.equal([
        "api: imageScanningConfiguration.scanOnPush is not set; set imageScanningConfiguration.scanOnPush to true (or " +
          "add a registry scanning configuration rule that scans it on push).",
        "shop: imageScanningConfiguration.scanOnPush is false; set imageScanningConfiguration.scanOnPush to true (or " +
          "add a registry scanning configuration rule that scans it on push).",
      ]);
      expect(
        await findings(pack, "ecr-scan-on-push", [
          repository("api", { imageScanningConfiguration: { scanOnPush: true } }),
          registry("inspector", "ENHANCED", [rule("SCAN_ON_PUSH", "platform-shop*")]),
        ]),
      ).to.deep.equal([
        "api: the registry's enhanced scanning (inspector) has no rule that covers this repository, and a " +
          "repository's own scanOnPush is ignored under enhanced scanning; add a rule with scanFrequency " +
          "SCAN_ON_PUSH or CONTINUOUS_SCAN and a WILDCARD filter that matches it.",
      ]);
    });
  });

  describe("iam-no-wildcard-write", () => {
    const doc = (...Statement: Record<string, unknown>[]) =>
      JSON.stringify({ Version: "2012-10-17", Statement });
    const rolePolicy = (name: string, ...statements: Record<string, unknown>[]) =>
      resource("aws:iam/rolePolicy:RolePolicy", name, { role: "app", policy: doc(...statements) });
    const FIX =
      "without a Condition; scope Resource to the ARNs they act on, or add a Condition (only Get*, BatchGet*, List*, " +
      'Describe* and the allowed actions may apply to "*" unconditionally).';
    it("passes reads, allowed writes, conditioned or scoped writes, and Deny statements on every resource", async () => {
      const resources = [
        rolePolicy(
          "reads",
          {
            Effect: "Allow",
            Action: ["ec2:Describe*", "s3:GetObject", "EC2:DESCRIBEINSTANCES", "iam:List*"],
            Resource: "*",
          },
          {
            Effect: "Allow",
            Action: ["dynamodb:BatchGetItem", "ecr:GetAuthorizationToken"],
            Resource: ["*"],
          },
        ),
        rolePolicy("allowed", {
          Effect: "Allow",
          Action: ["xray:PutTraceSegments", "cloudwatch:PutMetricData"],
          Resource: "*",
        }),
        rolePolicy("conditioned", {
          Effect: "Allow",
          Action: "autoscaling:SetDesiredCapacity",
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceTag/owner": "platform" } },
        }),
        rolePolicy("scoped", {
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::platform-logs/*",
        }),
        rolePolicy("deny", { Effect: "Deny", Action: "*", Resource: "*" }),
        resource("aws:iam/role:Role", "inline", {
          assumeRolePolicy: doc({
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "ec2.amazonaws.com" },
          }),
          inlinePolicies: [
            { name: "read", policy: doc({ Effect: "Allow", Action: "logs:Describe*", Resource: "*" }) },
          ],
        }),
      ];
      expect(await findings(pack, "iam-no-wildcard-write", resources)).to.deep.equal([]);
    });
    it("fails unconditional writes on every resource, in every policy type and in a role's inline policies", async () => {
      const write = {
        Effect: "Allow",
        Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:DescribeVpcs"],
        Resource: "*",
      };
      const resources = [
        rolePolicy("role-policy", { Sid: "Ingress", ...write }),
        resource("aws:iam/policy:Policy", "managed", {
          policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }),
        }),
        resource("aws:iam/groupPolicy:GroupPolicy", "group", {
          group: "ops",
          policy: doc({ Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::a", "*"] }),
        }),
        resource("aws:iam/userPolicy:UserPolicy", "user", {
          user: "ci",
          policy: doc({ Effect: "Allow", Action: ["ec2:Desc*", "ec2:*Tags"], Resource: "*" }),
        }),
        resource("aws:iam/role:Role", "inline", {
          inlinePolicies: [
            { name: "read", policy: doc({ Effect: "Allow", Action: "logs:Describe*", Resource: "*" }) },
            { name: "admin", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
          ],
        }),
        rolePolicy("not-resource", {
          Effect: "Allow",
          Action: "s3:DeleteObject",
          NotResource: "arn:aws:s3:::platform-logs/*",
        }),
      ];
      expect(await findings(pack, "iam-no-wildcard-write", resources)).to.deep.equal([
        `role-policy: policy Statement[0] (Sid "Ingress") allows ec2:AuthorizeSecurityGroupIngress on Resource "*" ${FIX}`,
        `managed: policy Statement[0] allows * on Resource "*" ${FIX}`,
        `group: policy Statement[0] allows s3:* on Resource "*" ${FIX}`,
        `user: policy Statement[0] allows ec2:Desc*, ec2:*Tags on Resource "*" ${FIX}`,
        `inline: inlinePolicies[1].policy Statement[0] allows every action but its NotAction on Resource "*" ${FIX}`,
        "not-resource: policy Statement[0] allows s3:DeleteObject on NotResource (every resource but those listed) " +
          FIX,
      ]);
    });
    it("takes the allowed actions from config; a pattern covers an action only if it covers all it can name", async () => {
      const config = {
        "iam-no-wildcard-write": { allowedActions: ["xray:PutTraceSegments", "kms:Create*"] },
      };
      const resources = [
        rolePolicy("traces", {
          Effect: "Allow",
          Action: ["xray:PutTraceSegments", "KMS:CreateKey"],
          Resource: "*",
        }),
        rolePolicy("wider", {
          Effect: "Allow",
          Action: ["xray:Put*", "cloudwatch:PutMetricData"],
          Resource: "*",
        }),
      ];
      expect(await findings(pack, "iam-no-wildcard-write", resources, { config })).to.deep.equal([
        `wider: policy Statement[0] allows xray:Put*, cloudwatch:PutMetricData on Resource "*" ${FIX}`,
      ]);
    });
  });

  describe("secret-recovery-window", () => {
    const secret = resource("aws:secretsmanager/secret:Secret", "db-master", { recoveryWindowInDays: 30 });
    it("passes 30 days, explicit or by default", async () => {
      expect(
        await messages(pack, "secret-recovery-window", [
          secret,
          withInputs(secret, { recoveryWindowInDays: undefined }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails immediate deletion", async () => {
      expect(
        await messages(pack, "secret-recovery-window", [withInputs(secret, { recoveryWindowInDays: 0 })]),
      ).to.deep.equal([
        "recoveryWindowInDays is 0; set recoveryWindowInDays to 7 or more (or leave it unset for 30).",
      ]);
    });
    it("takes the window set, passing 7 days and failing 6", async () => {
      expect(
        await messages(pack, "secret-recovery-window", [withInputs(secret, { recoveryWindowInDays: 7 })]),
      ).to.deep.equal([]);
      expect(
        await messages(pack, "secret-recovery-window", [withInputs(secret, { recoveryWindowInDays: 6 })]),
      ).to.deep.equal([
        "recoveryWindowInDays is 6; set recoveryWindowInDays to 7 or more (or leave it unset for 30).",
      ]);
    });
  });
  const member = (name: string, zone: string | undefined, extra: Record<string, unknown> = {}) =>
    resource("aws:rds/clusterInstance:ClusterInstance", name, {
      clusterIdentifier: "db-prod",
      engine: "aurora-postgresql",
      instanceClass: "db.serverless",
      ...(zone === undefined ? {} : { availabilityZone: zone }),
      monitoringInterval: 60,
      monitoringRoleArn: "arn:aws:iam::123456789012:role/database-monitoring",
      ...extra,
    });

  describe("rds-enhanced-monitoring", () => {
    it("passes cluster members and DB instances with an interval and a role", async () => {
      const monitored = withInputs(instance, { monitoringInterval: 15, monitoringRoleArn: "arn:role" });
      expect(
        await messages(pack, "rds-enhanced-monitoring", [member("db-a", "ap-east-2a"), monitored]),
      ).to.deep.equal([]);
    });
    it("fails monitoring left off, an interval RDS does not offer, and no role", async () => {
      expect(
        await findings(pack, "rds-enhanced-monitoring", [
          instance,
          member("db-a", "ap-east-2a", { monitoringInterval: 120, monitoringRoleArn: undefined }),
        ]),
      ).to.deep.equal([
        "legacy-db: monitoringInterval is not set; set monitoringInterval to one of 1, 5, 10, 15, 30, 60 (unset or 0 " +
          "turns enhanced monitoring off).",
        "legacy-db: monitoringRoleArn is not set; set monitoringRoleArn to a role with AmazonRDSEnhancedMonitoringRole " +
          "that monitoring.rds.amazonaws.com assumes.",
        "db-a: monitoringInterval is 120; set monitoringInterval to one of 1, 5, 10, 15, 30, 60 (unset or 0 turns " +
          "enhanced monitoring off).",
        "db-a: monitoringRoleArn is not set; set monitoringRoleArn to a role with AmazonRDSEnhancedMonitoringRole " +
          "that monitoring.rds.amazonaws.com assumes.",
      ]);
    });
    it("fails an empty monitoring role", async () => {
      expect(
        await messages(pack, "rds-enhanced-monitoring", [
          member("db-a", "ap-east-2a", { monitoringRoleArn: "" }),
        ]),
      ).to.deep.equal([
        'monitoringRoleArn is ""; set monitoringRoleArn to a role with AmazonRDSEnhancedMonitoringRole that ' +
          "monitoring.rds.amazonaws.com assumes.",
      ]);
    });
  });

  describe("rds-instance-multi-az", () => {
    it("passes a Multi-AZ DB instance", async () => {
      expect(
        await messages(pack, "rds-instance-multi-az", [withInputs(instance, { multiAz: true })]),
      ).to.deep.equal([]);
    });
    it("fails a single-AZ DB instance", async () => {
      expect(await messages(pack, "rds-instance-multi-az", [instance])).to.deep.equal([
        "multiAz is not set; set multiAz to true.",
      ]);
    });
  });

  describe("aurora-multi-az", () => {
    const cluster = resource("aws:rds/cluster:Cluster", "db", {
      engine: "aurora-postgresql",
      clusterIdentifier: "db-prod",
    });
    it("passes a cluster with instances in two zones (linked by identifier), and non-Aurora clusters", async () => {
      const multiAzCluster = resource("aws:rds/cluster:Cluster", "pg", {
        engine: "postgres",
        dbClusterInstanceClass: "db.m6gd.large",
      });
      expect(
        await messages(pack, "aurora-multi-az", [
          cluster,
          member("db-a", "ap-east-2a"),
          member("db-b", "ap-east-2b"),
          multiAzCluster,
        ]),
      ).to.deep.equal([]);
    });
    it("fails one instance, two in one zone, or zones left to RDS", async () => {
      const fix =
        "; run instances in at least 2 Availability Zones (availabilityZone of each aws.rds.ClusterInstance), so a " +
        "reader can take over when a zone fails.";
      expect(await findings(pack, "aurora-multi-az", [cluster, member("db-a", "ap-east-2a")])).to.deep.equal([
        `db: cluster has 1 instance (db-a in ap-east-2a)${fix}`,
      ]);
      expect(
        await findings(pack, "aurora-multi-az", [
          cluster,
          member("db-a", "ap-east-2a"),
          member("db-b", "ap-east-2a"),
        ]),
      ).to.deep.equal([`db: cluster has 2 instances (db-a in ap-east-2a, db-b in ap-east-2a)${fix}`]);
      expect(
        await findings(pack, "aurora-multi-az", [
          cluster,
          member("db-a", undefined),
          member("db-b", undefined),
        ]),
      ).to.deep.equal([
        `db: cluster has 2 instances (db-a in a zone RDS picks, db-b in a zone RDS picks)${fix}`,
      ]);
      expect(await findings(pack, "aurora-multi-az", [cluster])).to.deep.equal([
        `db: cluster has 0 instances${fix}`,
      ]);
    });
    it("takes the number of zones from config", async () => {
      const config = { "aurora-multi-az": { minimumZones: 1 } };
      expect(
        await messages(pack, "aurora-multi-az", [cluster, member("db-a", "ap-east-2a")], { config }),
      ).to.deep.equal([]);
    });
  });

  describe("rds-custom-admin-username", () => {
    it("passes a name of the platform's own, and secondaries and replicas that set none", async () => {
      expect(
        await messages(pack, "rds-custom-admin-username", [
          primary,
          secondary,
          withInputs(instance, { username: "legacy_admin" }),
          replica,
        ]),
      ).to.deep.equal([]);
    });
    it("fails an engine's default administrator name, in any case", async () => {
      expect(
        await findings(pack, "rds-custom-admin-username", [
          withInputs(primary, { masterUsername: "postgres" }),
          withInputs(instance, { username: "Admin" }),
        ]),
      ).to.deep.equal([
        'db: masterUsername is "postgres", a default administrator name; set masterUsername to a name of your own ' +
          '(e.g. "platform_admin").',
        'legacy-db: username is "Admin", a default administrator name; set username to a name of your own (e.g. ' +
          '"platform_admin").',
      ]);
    });
  });

  describe("eks-supported-version", () => {
    const cluster = resource("eks:index:Cluster", "eks", { version: "1.35" }, { custom: false });
    it("passes a cluster on a version in standard support, in both shapes", async () => {
      const awsCluster = resource("aws:eks/cluster:Cluster", "eks-cluster", {
        version: "1.36",
        roleArn: "arn:role",
      });
      expect(await messages(pack, "eks-supported-version", [cluster, awsCluster])).to.deep.equal([]);
    });
    it("fails a version past standard support, and no version (EKS's default changes)", async () => {
      expect(
        await findings(pack, "eks-supported-version", [
          withInputs(cluster, { version: "1.34" }),
          resource("aws:eks/cluster:Cluster", "eks-cluster", { roleArn: "arn:role" }),
        ]),
      ).to.deep.equal([
        'eks: version is "1.34", past its EKS standard support; upgrade to 1.35 or later ' +
          "(docs/runbooks/upgrade-kubernetes.md).",
        "eks-cluster: version is not set; set version to a Kubernetes minor version, 1.35 or later (unset, EKS picks " +
          "its default).",
      ]);
    });
    it("takes the oldest version from config", async () => {
      const config = { "eks-supported-version": { oldestVersion: "1.36" } };
      expect(await messages(pack, "eks-supported-version", [cluster], { config })).to.deep.equal([
        'version is "1.35", past its EKS standard support; upgrade to 1.36 or later (docs/runbooks/upgrade-kubernetes.md).',
      ]);
    });
  });

  const zonedSubnet = (name: string, id: string, zone: string) =>
    resource("aws:ec2/subnet:Subnet", name, { availabilityZone: zone, tags: { Tier: "workload" } }, { id });
  const workloadSubnets = [
    zonedSubnet("workload-a", "subnet-w1", "ap-east-2a"),
    zonedSubnet("workload-b", "subnet-w2", "ap-east-2b"),
    zonedSubnet("workload-b2", "subnet-w3", "ap-east-2b"),
  ];
  /** A managed node group as the offline plan holds it: a component whose state (what stack policies see) is its inputs. */
  const managedNodeGroup = (inputs: Record<string, unknown>, name = "eks-graviton") =>
    resource("eks:index:ManagedNodeGroup", name, inputs, { custom: false, state: inputs });
  const nodeGroup = managedNodeGroup({
    instanceTypes: ["m7g.large", "m6g.large"],
    subnetIds: ["subnet-w1", "subnet-w2"],
  });

  describe("eks-node-group-multi-az", () => {
    it("passes node groups over subnets of two zones, and ones that take their cluster's subnets", async () => {
      const awsGroup = resource("aws:eks/nodeGroup:NodeGroup", "eks-nodes", {
        subnetIds: ["subnet-w1", "subnet-w3"],
        instanceTypes: ["m7g.large", "m6g.large"],
      });
      const clusterSubnets = managedNodeGroup(
        { instanceTypes: ["m7g.large", "m6g.large"] },
        "eks-cluster-subnets",
      );
      expect(
        await messages(pack, "eks-node-group-multi-az", [
          ...workloadSubnets,
          nodeGroup,
          awsGroup,
          clusterSubnets,
        ]),
      ).to.deep.equal([]);
    });
    it("fails a node group whose subnets share one zone", async () => {
      const oneZone = managedNodeGroup({
        instanceTypes: ["m7g.large"],
        subnetIds: ["subnet-w2", "subnet-w3"],
      });
      expect(await findings(pack, "eks-node-group-multi-az", [...workloadSubnets, oneZone])).to.deep.equal([
        "eks-graviton: subnetIds name subnets of 1 Availability Zone (ap-east-2b); use subnets of at least 2 zones.",
      ]);
    });
  });

  describe("eks-node-group-instance-types", () => {
    it("passes node groups with two instance types", async () => {
      expect(await messages(pack, "eks-node-group-instance-types", [nodeGroup])).to.deep.equal([]);
    });
    it("fails one instance type, and none (EKS's t3.medium)", async () => {
      const fix =
        "at least 2 instance types of the same size (unset, EKS launches t3.medium only), so a shortage of one type " +
        "(spot capacity, a zone) does not stop scaling.";
      expect(
        await findings(pack, "eks-node-group-instance-types", [
          withInputs(nodeGroup, { instanceTypes: ["m7g.large"] }),
          resource("aws:eks/nodeGroup:NodeGroup", "eks-nodes", { subnetIds: ["subnet-w1"] }),
        ]),
      ).to.deep.equal([
        `eks-graviton: instanceTypes is ["m7g.large"]; set instanceTypes to ${fix}`,
        `eks-nodes: instanceTypes is not set; set instanceTypes to ${fix}`,
      ]);
    });
  });

  /** An identity policy with the statements. */
  const identityPolicy = (name: string, ...statements: Record<string, unknown>[]) =>
    resource("aws:iam/policy:Policy", name, {
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });

  describe("iam-no-admin-access", () => {
    it("passes scoped statements and other AWS managed policies (PowerUserAccess included)", async () => {
      const attachment = resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "deploy", {
        role: "deploy",
        policyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
      });
      const scoped = identityPolicy("scoped", {
        Effect: "Allow",
        Action: "*",
        Resource: "arn:aws:s3:::bucket/*",
      });
      const denyAll = identityPolicy("deny", { Effect: "Deny", Action: "*", Resource: "*" });
      expect(await messages(pack, "iam-no-admin-access", [attachment, scoped, denyAll])).to.deep.equal([]);
    });
    it("fails Action * on Resource *, and AdministratorAccess given to a role, user or group", async () => {
      const admin = identityPolicy("admin", { Sid: "All", Effect: "Allow", Action: ["*"], Resource: "*" });
      const role = resource("aws:iam/role:Role", "ops", {
        assumeRolePolicy: "{}",
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        inlinePolicies: [
          {
            name: "all",
            policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "*", NotResource: "arn:x" } }),
          },
        ],
      });
      const attachment = resource("aws:iam/userPolicyAttachment:UserPolicyAttachment", "alice", {
        user: "alice",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      });
      expect(await findings(pack, "iam-no-admin-access", [admin, role, attachment])).to.deep.equal([
        'admin: policy Statement[0] (Sid "All") allows every action on every resource; list the actions and ' +
          "resources the holder needs.",
        "ops: inlinePolicies[0].policy Statement[0] allows every action on every resource; list the actions and " +
          "resources the holder needs.",
        'ops: managedPolicyArns contains "arn:aws:iam::aws:policy/AdministratorAccess"; attach a policy that grants ' +
          "what the holder needs instead.",
        'alice: policyArn is "arn:aws:iam::aws:policy/AdministratorAccess"; attach a policy that grants what the ' +
          "holder needs instead.",
      ]);
    });
  });

  describe("iam-no-service-wildcard-actions", () => {
    it("passes named actions and patterns within a service", async () => {
      const named = identityPolicy("named", {
        Effect: "Allow",
        Action: ["s3:GetObject", "ec2:Describe*", "kafka-cluster:*Topic*"],
        Resource: "*",
      });
      const deny = identityPolicy("deny", { Effect: "Deny", Action: "s3:*", Resource: "*" });
      expect(await messages(pack, "iam-no-service-wildcard-actions", [named, deny])).to.deep.equal([]);
    });
    it("fails a whole service or every service, whatever the resource", async () => {
      const wide = identityPolicy("wide", {
        Sid: "Wide",
        Effect: "Allow",
        Action: ["s3:*", "kafka-cluster:*", "sts:AssumeRole"],
        Resource: "arn:aws:s3:::bucket",
      });
      const all = identityPolicy("all", { Effect: "Allow", Action: "*", Resource: "arn:x" });
      expect(await findings(pack, "iam-no-service-wildcard-actions", [wide, all])).to.deep.equal([
        'wide: policy Statement[0] (Sid "Wide") allows "s3:*", "kafka-cluster:*"; list the actions the holder needs.',
        'all: policy Statement[0] allows "*"; list the actions the holder needs.',
      ]);
    });
  });

  describe("iam-no-kms-decrypt-on-all-keys", () => {
    it("passes decryption with named keys, other KMS actions on *, and Deny statements", async () => {
      const named = identityPolicy(
        "named",
        { Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:ap-east-2:123456789012:key/1" },
        { Effect: "Allow", Action: ["kms:ListKeys", "kms:DescribeKey"], Resource: "*" },
        { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" },
        { Effect: "Allow", NotAction: ["kms:*", "iam:*"], Resource: "*" },
      );
      expect(await messages(pack, "iam-no-kms-decrypt-on-all-keys", [named])).to.deep.equal([]);
    });
    it("fails kms:Decrypt or kms:ReEncryptFrom on *, by name, by pattern or through NotAction, conditions or not", async () => {
      const wide = identityPolicy(
        "wide",
        {
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "true" } },
        },
        { Effect: "Allow", Action: ["kms:ReEncrypt*"], Resource: ["*"] },
        { Effect: "Allow", Action: "kms:*", NotResource: "arn:aws:kms:ap-east-2:123456789012:key/1" },
        { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
      );
      const fix =
        "on every key; set Resource to the ARNs of the keys the holder decrypts with (a key's policy can then say who " +
        "may use it).";
      expect(await messages(pack, "iam-no-kms-decrypt-on-all-keys", [wide])).to.deep.equal([
        `policy Statement[0] allows kms:Decrypt ${fix}`,
        `policy Statement[1] allows kms:ReEncryptFrom ${fix}`,
        `policy Statement[2] allows kms:Decrypt, kms:ReEncryptFrom ${fix}`,
        `policy Statement[3] allows kms:Decrypt, kms:ReEncryptFrom ${fix}`,
      ]);
    });
  });

  describe("ecr-lifecycle-policy", () => {
    const repository = resource(
      "aws:ecr/repository:Repository",
      "api",
      { name: "platform-api" },
      { id: "platform-api" },
    );
    it("passes a repository with a lifecycle policy, linked by name", async () => {
      const policy = resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "api-lifecycle", {
        repository: "platform-api",
        policy: "{}",
      });
      expect(await messages(pack, "ecr-lifecycle-policy", [repository, policy])).to.deep.equal([]);
    });
    it("fails a repository without one", async () => {
      const other = resource("aws:ecr/lifecyclePolicy:LifecyclePolicy", "shop-lifecycle", {
        repository: "platform-shop",
        policy: "{}",
      });
      expect(await findings(pack, "ecr-lifecycle-policy", [repository, other])).to.deep.equal([
        "api: repository has no lifecycle policy; add an aws.ecr.LifecyclePolicy for it (e.g. expire untagged images " +
          "after 14 days, keep the last N tagged ones).",
      ]);
    });
  });

  const assets = resource("aws:s3/bucket:Bucket", "assets", {
    bucket: "platform-assets",
    tags: { "platform:data-class": "data" },
  });
  const archive = resource("aws:s3/bucket:Bucket", "log-archive", {
    bucket: "platform-logs",
    tags: { "platform:data-class": "logs" },
  });
  const ofBucket = (type: string, name: string, target: string, inputs: Record<string, unknown>) =>
    resource(type, name, { bucket: target, ...inputs });

  describe("s3-bucket-access-logging", () => {
    it("passes a bucket that logs to the archive, and the archive itself (exempt)", async () => {
      const logging = ofBucket("aws:s3/bucketLogging:BucketLogging", "assets-logging", "platform-assets", {
        targetBucket: "platform-logs",
        targetPrefix: "s3/assets/",
      });
      const inline = withInputs(assets, { logging: { targetBucket: "platform-logs" } });
      expect(await messages(pack, "s3-bucket-access-logging", [assets, logging, archive])).to.deep.equal([]);
      expect(await messages(pack, "s3-bucket-access-logging", [inline])).to.deep.equal([]);
    });
    it("fails a bucket without access logging, untagged ones too", async () => {
      const untagged = resource("aws:s3/bucket:Bucket", "scratch", { bucket: "scratch" });
      const fix =
        "has no server access logging; add an aws.s3.BucketLogging for it with targetBucket the log archive.";
      expect(await findings(pack, "s3-bucket-access-logging", [assets, untagged, archive])).to.deep.equal([
        `assets: bucket (platform:data-class "data") ${fix}`,
        `scratch: bucket (platform:data-class not set) ${fix}`,
      ]);
    });
  });

  describe("s3-bucket-lifecycle", () => {
    it("passes a bucket with an enabled rule, in a configuration or inline", async () => {
      const lifecycle = ofBucket(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "assets-lifecycle",
        "platform-assets",
        { rules: [{ id: "expire", status: "Enabled", expiration: { days: 365 } }] },
      );
      const inline = withInputs(archive, { lifecycleRules: [{ enabled: true, expiration: { days: 400 } }] });
      expect(await messages(pack, "s3-bucket-lifecycle", [assets, lifecycle, inline])).to.deep.equal([]);
    });
    it("fails a bucket without a lifecycle, and one whose rules are all disabled", async () => {
      const disabled = ofBucket(
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
        "assets-lifecycle",
        "platform-assets",
        { rules: [{ id: "expire", status: "Disabled" }] },
      );
      expect(await findings(pack, "s3-bucket-lifecycle", [assets, disabled, archive])).to.deep.equal([
        'assets: bucket\'s lifecycle rules are all disabled; set the status of at least one rule to "Enabled".',
        "log-archive: bucket has no lifecycle configuration; add an aws.s3.BucketLifecycleConfiguration for it with " +
          'a rule of status "Enabled" (expire, or move to colder storage, what it holds).',
      ]);
    });
  });

  describe("s3-bucket-replication", () => {
    const replication = (target: string, status: string) =>
      ofBucket("aws:s3/bucketReplicationConfig:BucketReplicationConfig", `${target}-replication`, target, {
        role: "arn:aws:iam::123456789012:role/replication",
        rules: [{ id: "to-tokyo", status, destination: { bucket: "arn:aws:s3:::platform-assets-tokyo" } }],
      });
    it("passes a replicated bucket, one another stack replicates, and one of a class not replicated", async () => {
      const declared = withInputs(archive, {
        tags: { "platform:data-class": "logs", "platform:replication": "by prod-tokyo" },
      });
      const scratch = resource("aws:s3/bucket:Bucket", "scratch", {
        bucket: "scratch",
        tags: { "platform:data-class": "ephemeral" },
      });
      expect(
        await messages(pack, "s3-bucket-replication", [
          assets,
          replication("platform-assets", "Enabled"),
          declared,
          scratch,
        ]),
      ).to.deep.equal([]);
    });
    it("fails a bucket without replication, untagged ones too, and one whose rules are all disabled", async () => {
      const untagged = resource("aws:s3/bucket:Bucket", "scratch", { bucket: "scratch" });
      const blank = withInputs(archive, {
        tags: { "platform:data-class": "logs", "platform:replication": " " },
      });
      const fix =
        'is not replicated; add an aws.s3.BucketReplicationConfig for it with an enabled rule to a bucket in another region, or say in its tag "platform:replication" who replicates it (e.g. "by prod-tokyo") or why it stays in its region.';
      expect(
        await findings(pack, "s3-bucket-replication", [
          assets,
          replication("platform-assets", "Disabled"),
          untagged,
          blank,
        ]),
      ).to.deep.equal([
        'assets: bucket (platform:data-class "data"): the rules of platform-assets-replication are all disabled; set the status of at least one rule to "Enabled".',
        `scratch: bucket (platform:data-class not set) ${fix}`,
        `log-archive: bucket (platform:data-class "logs") ${fix}`,
      ]);
    });
    it("fails the classes the config names, and lets the others pass", async () => {
      const config = { "s3-bucket-replication": { replicatedClasses: ["data"] } };
      expect(await findings(pack, "s3-bucket-replication", [assets, archive], { config })).to.have.length(1);
    });
  });

  describe("s3-trail-bucket-object-lock", () => {
    const trailPolicy = (target: string) =>
      ofBucket("aws:s3/bucketPolicy:BucketPolicy", `${target}-policy`, target, {
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "cloudtrail.amazonaws.com" },
              Action: "s3:PutObject",
              Resource: `arn:aws:s3:::${target}/cloudtrail/AWSLogs/123456789012/*`,
            },
          ],
        }),
      });
    const lock = (days: number) =>
      ofBucket(
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "log-archive-lock",
        "platform-logs",
        {
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: "GOVERNANCE", days } },
        },
      );
    const locked = withInputs(archive, { objectLockEnabled: true });
    const config = { config: { "s3-trail-bucket-object-lock": { minimumDays: 365 } } };
    it("passes a locked trail bucket, and a bucket CloudTrail does not write to", async () => {
      expect(
        await messages(
          pack,
          "s3-trail-bucket-object-lock",
          [locked, trailPolicy("platform-logs"), lock(365), assets],
          config,
        ),
      ).to.deep.equal([]);
    });
    it("fails a trail bucket without Object Lock, without a default retention, or with a short one", async () => {
      expect(
        await findings(pack, "s3-trail-bucket-object-lock", [archive, trailPolicy("platform-logs")], config),
      ).to.deep.equal([
        "log-archive: bucket receives CloudTrail log files but has no Object Lock; create it with objectLockEnabled true and add an aws.s3.BucketObjectLockConfiguration with a default retention of at least 365 days.",
      ]);
      expect(
        await findings(pack, "s3-trail-bucket-object-lock", [locked, trailPolicy("platform-logs")], config),
      ).to.deep.equal([
        "log-archive: bucket receives CloudTrail log files and has Object Lock on, but no default retention; add an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention of at least 365 days.",
      ]);
      expect(
        await findings(
          pack,
          "s3-trail-bucket-object-lock",
          [locked, trailPolicy("platform-logs"), lock(30)],
          config,
        ),
      ).to.deep.equal([
        "log-archive: bucket's Object Lock default retention is 30 days; set rule.defaultRetention.days to at least 365.",
      ]);
    });
  });

  const trail = resource("aws:cloudtrail/trail:Trail", "trail", {
    s3BucketName: "platform-logs",
    isMultiRegionTrail: true,
    enableLogFileValidation: true,
    kmsKeyId: "arn:aws:kms:ap-east-2:123456789012:key/1",
    cloudWatchLogsGroupArn: "arn:aws:logs:ap-east-2:123456789012:log-group:cloudtrail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/cloudtrail-logs",
  });

  describe("cloudtrail-multi-region", () => {
    it("passes a multi-region trail of every management event, with selectors or without", async () => {
      const basic = withInputs(trail, {
        eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
      });
      const advanced = withInputs(trail, {
        advancedEventSelectors: [
          { name: "management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ],
      });
      expect(await messages(pack, "cloudtrail-multi-region", [trail, basic, advanced])).to.deep.equal([]);
    });
    it("fails a single-region trail, global events or logging off, and selectors that drop management events", async () => {
      expect(
        await messages(pack, "cloudtrail-multi-region", [
          withInputs(trail, {
            isMultiRegionTrail: undefined,
            includeGlobalServiceEvents: false,
            enableLogging: false,
            eventSelectors: [{ readWriteType: "WriteOnly" }],
            advancedEventSelectors: [
              {
                fieldSelectors: [
                  { field: "eventCategory", equals: ["Management"] },
                  { field: "readOnly", equals: ["false"] },
                ],
              },
            ],
          }),
        ]),
      ).to.deep.equal([
        "isMultiRegionTrail is not set; set isMultiRegionTrail to true.",
        "includeGlobalServiceEvents is false; set includeGlobalServiceEvents to true (or leave it unset).",
        "enableLogging is false; set enableLogging to true (or leave it unset).",
        'eventSelectors record no read and write management events; add a selector with includeManagementEvents true and readWriteType "All".',
        'advancedEventSelectors record no read and write management events; add a selector whose only field selector is eventCategory equals ["Management"].',
      ]);
    });
  });

  describe("cloudtrail-log-file-validation", () => {
    it("passes a trail with log file validation", async () => {
      expect(await messages(pack, "cloudtrail-log-file-validation", [trail])).to.deep.equal([]);
    });
    it("fails a trail without", async () => {
      expect(
        await messages(pack, "cloudtrail-log-file-validation", [
          withInputs(trail, { enableLogFileValidation: undefined }),
        ]),
      ).to.deep.equal(["enableLogFileValidation is not set; set enableLogFileValidation to true."]);
    });
  });

  describe("cloudtrail-cloudwatch-logs", () => {
    it("passes a trail that delivers to a log group", async () => {
      expect(await messages(pack, "cloudtrail-cloudwatch-logs", [trail])).to.deep.equal([]);
    });
    it("fails a trail without a log group or its role", async () => {
      expect(
        await messages(pack, "cloudtrail-cloudwatch-logs", [
          withInputs(trail, { cloudWatchLogsGroupArn: undefined, cloudWatchLogsRoleArn: "" }),
        ]),
      ).to.deep.equal([
        "cloudWatchLogsGroupArn is not set; set cloudWatchLogsGroupArn to the ARN of a log group (ending in :*).",
        'cloudWatchLogsRoleArn is ""; set cloudWatchLogsRoleArn to a role cloudtrail.amazonaws.com assumes to write ' +
          "to that log group.",
      ]);
    });
  });

  describe("cloudtrail-cis-metric-filters", () => {
    const GROUP = "arn:aws:logs:ap-east-2:123456789012:log-group:cloudtrail";
    const group = resource(
      "aws:cloudwatch/logGroup:LogGroup",
      "trail-logs",
      { name: "cloudtrail" },
      {
        state: { name: "cloudtrail", arn: GROUP },
      },
    );
    const monitored = (
      drop: number[] = [],
      alarmPatch: (index: number) => Record<string, unknown> = () => ({}),
    ): PlanResourceLike[] =>
      CIS_METRIC_FILTERS.flatMap(({ pattern }, index) =>
        drop.includes(index)
          ? []
          : [
              resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", `cis-${index}`, {
                logGroupName: "cloudtrail",
                // White space does not matter.
                pattern: index === 0 ? pattern.replace(/ /g, "  ") : pattern,
                metricTransformation: { namespace: "CIS", name: `metric-${index}`, value: "1" },
              }),
              resource("aws:cloudwatch/metricAlarm:MetricAlarm", `cis-${index}`, {
                namespace: "CIS",
                metricName: `metric-${index}`,
                alarmActions: ["arn:aws:sns:ap-east-2:123456789012:alarms"],
                ...alarmPatch(index),
              }),
            ],
      );

    it("passes a trail whose log group has every control's filter and an alarm that notifies", async () => {
      expect(
        await findings(pack, "cloudtrail-cis-metric-filters", [trail, group, ...monitored()]),
      ).to.deep.equal([]);
      // A trail whose log group is outside the stack cannot be judged here.
      expect(await findings(pack, "cloudtrail-cis-metric-filters", [trail])).to.deep.equal([]);
    });

    it("passes the components' own monitoring set: the same exact patterns", () => {
      expect(CIS_MONITORS.slice(0, 14).map((m) => m.pattern)).to.deep.equal(
        CIS_METRIC_FILTERS.map((f) => f.pattern),
      );
    });

    it("fails a missing or changed filter and an alarm without an action", async () => {
      const changed = withInputs(
        resource("aws:cloudwatch/logMetricFilter:LogMetricFilter", "cis-1", {
          logGroupName: "cloudtrail",
          pattern: '{($.errorCode="*UnauthorizedOperation")}',
          metricTransformation: { namespace: "CIS", name: "metric-1", value: "1" },
        }),
        {},
      );
      expect(
        await findings(pack, "cloudtrail-cis-metric-filters", [
          trail,
          group,
          ...monitored([0, 1], (index) => (index === 6 ? { alarmActions: [] } : {})),
          changed,
        ]),
      ).to.deep.equal([
        "trail: the trail's log group lacks CloudWatch.1 root use (no metric filter with its pattern), " +
          "CloudWatch.2 unauthorized API calls (no metric filter with its pattern), " +
          "CloudWatch.7 disabled or deleted customer keys (no alarm with an action on its metric); add an " +
          "aws.cloudwatch.LogMetricFilter with the benchmark's exact pattern on the log group and an " +
          "aws.cloudwatch.MetricAlarm with alarmActions on its metric for each.",
      ]);
    });
  });

  describe("config-recorder-all-types", () => {
    const recorder = resource("aws:cfg/recorder:Recorder", "config", {
      name: "platform",
      roleArn: "arn:aws:iam::123456789012:role/config",
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    it("passes every type, the default, and the exclusion of the globally recorded types only", async () => {
      expect(
        await messages(pack, "config-recorder-all-types", [
          recorder,
          withInputs(recorder, { recordingGroup: undefined }),
          withInputs(recorder, {
            recordingGroup: {
              allSupported: false,
              exclusionByResourceTypes: [{ resourceTypes: ["AWS::IAM::Role", "AWS::RDS::GlobalCluster"] }],
              recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
            },
          }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails a list of types and the exclusion of a regional type", async () => {
      expect(
        await messages(pack, "config-recorder-all-types", [
          withInputs(recorder, {
            recordingGroup: { allSupported: false, resourceTypes: ["AWS::EC2::Instance"] },
          }),
          withInputs(recorder, {
            recordingGroup: {
              allSupported: false,
              exclusionByResourceTypes: [{ resourceTypes: ["AWS::IAM::Role", "AWS::EC2::SecurityGroup"] }],
              recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
            },
          }),
        ]),
      ).to.deep.equal([
        "recordingGroup records a list of types only; set recordingGroup.allSupported to true (or use the " +
          "EXCLUSION_BY_RESOURCE_TYPES strategy excluding only the globally recorded types).",
        "recordingGroup excludes AWS::EC2::SecurityGroup; exclude at most the globally recorded types " +
          "(AWS::IAM::Group, AWS::IAM::Policy, AWS::IAM::Role, AWS::IAM::User, AWS::RDS::GlobalCluster).",
      ]);
    });
  });

  describe("config-recorder-enabled", () => {
    const recorder = resource("aws:cfg/recorder:Recorder", "config", { name: "platform" });
    const channel = resource("aws:cfg/deliveryChannel:DeliveryChannel", "config", {
      name: "platform",
      s3BucketName: "archive",
    });
    const status = resource("aws:cfg/recorderStatus:RecorderStatus", "config", {
      name: "platform",
      isEnabled: true,
    });
    it("passes a started recorder with a delivery channel", async () => {
      expect(await findings(pack, "config-recorder-enabled", [recorder, channel, status])).to.deep.equal([]);
    });
    it("fails a recorder never started, one stopped, and one without a channel", async () => {
      expect(await findings(pack, "config-recorder-enabled", [recorder])).to.deep.equal([
        "config: this recorder is never started; add an aws.cfg.RecorderStatus with name set to its name and " +
          "isEnabled true (depending on the delivery channel).",
        "config: this recorder has no delivery channel, so it cannot start; add an aws.cfg.DeliveryChannel to an S3 bucket.",
      ]);
      expect(
        await findings(pack, "config-recorder-enabled", [
          recorder,
          channel,
          withInputs(status, { isEnabled: false }),
        ]),
      ).to.deep.equal([
        "config: isEnabled is false; set isEnabled to true: a stopped recorder records nothing.",
      ]);
    });
  });

  describe("config-recorder-service-linked-role", () => {
    const SLR =
      "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";
    const recorder = resource("aws:cfg/recorder:Recorder", "config", { name: "platform", roleArn: SLR });
    it("passes a recorder through AWS Config's service-linked role, in any partition", async () => {
      expect(
        await messages(pack, "config-recorder-service-linked-role", [
          recorder,
          withInputs(recorder, { roleArn: SLR.replace("arn:aws:", "arn:aws-cn:") }),
          withInputs(recorder, { roleArn: SLR.replace("arn:aws:", "arn:aws-us-gov:") }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails a role of its own, another service's service-linked role, and a look-alike", async () => {
      const wanted =
        "AWS Config's service-linked role, arn:<partition>:iam::<account>:role/aws-service-role/" +
        "config.amazonaws.com/AWSServiceRoleForConfig (create it once per account with an " +
        'aws.iam.ServiceLinkedRole whose awsServiceName is "config.amazonaws.com").';
      expect(
        await messages(pack, "config-recorder-service-linked-role", [
          withInputs(recorder, { roleArn: "arn:aws:iam::123456789012:role/platform-prod-ap-east-2-config" }),
          withInputs(recorder, {
            roleArn:
              "arn:aws:iam::123456789012:role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub",
          }),
          withInputs(recorder, { roleArn: "arn:aws:iam::123456789012:role/AWSServiceRoleForConfig" }),
        ]),
      ).to.deep.equal([
        `roleArn is "arn:aws:iam::123456789012:role/platform-prod-ap-east-2-config"; set roleArn to ${wanted}`,
        `roleArn is "arn:aws:iam::123456789012:role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub"; set roleArn to ${wanted}`,
        `roleArn is "arn:aws:iam::123456789012:role/AWSServiceRoleForConfig"; set roleArn to ${wanted}`,
      ]);
    });
  });

  describe("guardduty-enabled", () => {
    const detector = resource("aws:guardduty/detector:Detector", "guardduty", { enable: true });
    it("passes an enabled detector, explicit or by default", async () => {
      expect(
        await messages(pack, "guardduty-enabled", [detector, withInputs(detector, { enable: undefined })]),
      ).to.deep.equal([]);
    });
    it("fails a suspended detector", async () => {
      expect(
        await messages(pack, "guardduty-enabled", [withInputs(detector, { enable: false })]),
      ).to.deep.equal(["enable is false; set enable to true (or leave it unset)."]);
    });
  });

  describe("route53-query-logging", () => {
    const zone = resource("aws:route53/zone:Zone", "kimkao-io", { name: "kimkao.io" }, { id: "Z0123" });
    const queryLog = resource("aws:route53/queryLog:QueryLog", "kimkao-io-queries", {
      zoneId: "Z0123",
      cloudwatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/kimkao.io",
    });
    it("passes a public zone with query logging, and private zones", async () => {
      const privateZone = resource("aws:route53/zone:Zone", "internal", {
        name: "internal.kimkao.io",
        vpcs: [{ vpcId: "vpc-0a1" }],
      });
      expect(await messages(pack, "route53-query-logging", [zone, queryLog, privateZone])).to.deep.equal([]);
    });
    it("fails a public zone without", async () => {
      expect(await findings(pack, "route53-query-logging", [zone])).to.deep.equal([
        "kimkao-io: this public hosted zone has no query logging; add an aws.route53.QueryLog with zoneId set to its " +
          "zoneId and a log group in us-east-1 (Route 53 writes query logs there only).",
      ]);
    });
  });

  const alb = resource(
    "aws:lb/loadBalancer:LoadBalancer",
    "edge",
    {
      loadBalancerType: "application",
      enableDeletionProtection: true,
      accessLogs: { enabled: true, bucket: "platform-logs", prefix: "alb" },
    },
    { id: "arn:aws:elasticloadbalancing:ap-east-2:123456789012:loadbalancer/app/edge/1" },
  );

  describe("lb-deletion-protection", () => {
    it("passes load balancers with deletion protection", async () => {
      const nlb = resource("aws:alb/loadBalancer:LoadBalancer", "tcp", {
        loadBalancerType: "network",
        enableDeletionProtection: true,
      });
      expect(await messages(pack, "lb-deletion-protection", [alb, nlb])).to.deep.equal([]);
    });
    it("fails one without, of any type", async () => {
      const gateway = resource("aws:lb/loadBalancer:LoadBalancer", "inspection", {
        loadBalancerType: "gateway",
      });
      expect(await findings(pack, "lb-deletion-protection", [gateway])).to.deep.equal([
        "inspection: enableDeletionProtection is not set; set enableDeletionProtection to true.",
      ]);
    });
  });

  describe("lb-access-logs", () => {
    it("passes an ALB that logs to S3, and network load balancers", async () => {
      const nlb = resource("aws:lb/loadBalancer:LoadBalancer", "tcp", { loadBalancerType: "network" });
      expect(await messages(pack, "lb-access-logs", [alb, nlb])).to.deep.equal([]);
    });
    it("fails an ALB without access logs, or with them off", async () => {
      expect(
        await findings(pack, "lb-access-logs", [
          withInputs(alb, { accessLogs: undefined }),
          resource("aws:alb/loadBalancer:LoadBalancer", "alias", { accessLogs: { bucket: "platform-logs" } }),
        ]),
      ).to.deep.equal([
        "edge: accessLogs is not set; set accessLogs to { enabled: true, bucket: <the log archive> }.",
        "alias: accessLogs.enabled is not set; set accessLogs.enabled to true, with accessLogs.bucket the log archive.",
      ]);
    });
  });

  const webAcl = resource(
    "aws:wafv2/webAcl:WebAcl",
    "edge-waf",
    {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "edge", sampledRequestsEnabled: true },
      rules: [
        {
          name: "common",
          priority: 1,
          visibilityConfig: {
            cloudwatchMetricsEnabled: true,
            metricName: "common",
            sampledRequestsEnabled: true,
          },
        },
      ],
    },
    { id: "arn:aws:wafv2:ap-east-2:123456789012:regional/webacl/edge-waf/1" },
  );

  describe("waf-logging", () => {
    it("passes a web ACL with a logging configuration, linked by ARN", async () => {
      const logging = resource(
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        "edge-waf-logs",
        {
          resourceArn: webAcl.id,
          logDestinationConfigs: ["arn:aws:logs:ap-east-2:123456789012:log-group:aws-waf-logs-edge"],
        },
      );
      expect(await messages(pack, "waf-logging", [webAcl, logging])).to.deep.equal([]);
    });
    it("fails a web ACL without one", async () => {
      expect(await findings(pack, "waf-logging", [webAcl])).to.deep.equal([
        "edge-waf: web ACL has no logging configuration; add an aws.wafv2.WebAclLoggingConfiguration with " +
          'resourceArn set to its ARN and logDestinationConfigs a log group whose name starts with "aws-waf-logs-".',
      ]);
    });
  });

  describe("route53-routing-health-checked", () => {
    const weighted = resource("aws:route53/record:Record", "edge-api", {
      zoneId: "Z0123456789ABCDEFGHIJ",
      name: "api.kimkao.io",
      type: "A",
      setIdentifier: "ap-east-2",
      weightedRoutingPolicies: [{ weight: 70 }],
      healthCheckId: "11111111-2222-3333-4444-555555555555",
      aliases: [{ name: "edge-1.ap-east-2.elb.amazonaws.com", zoneId: "Z1", evaluateTargetHealth: true }],
    });
    it("passes a health-checked weighted record, and simple records without a health check", async () => {
      const simple = resource("aws:route53/record:Record", "edge-api-regional", {
        zoneId: "Z0123456789ABCDEFGHIJ",
        name: "api.ap-east-2.kimkao.io",
        type: "A",
      });
      expect(await messages(pack, "route53-routing-health-checked", [weighted, simple])).to.deep.equal([]);
    });
    it("fails weighted and failover records without one", async () => {
      const failover = resource("aws:route53/record:Record", "edge-shop", {
        name: "shop.kimkao.io",
        type: "A",
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
        healthCheckId: "",
      });
      expect(
        await findings(pack, "route53-routing-health-checked", [
          withInputs(weighted, { healthCheckId: undefined }),
          failover,
        ]),
      ).to.deep.equal([
        "edge-api: the record routes by weightedRoutingPolicies but names no health check, so Route 53 keeps " +
          "answering with it while its endpoint is down; set healthCheckId to the health check of the endpoint it " +
          "points at.",
        "edge-shop: the record routes by failoverRoutingPolicies but names no health check, so Route 53 keeps " +
          "answering with it while its endpoint is down; set healthCheckId to the health check of the endpoint it " +
          "points at.",
      ]);
    });
  });

  describe("waf-rule-metrics", () => {
    it("passes metrics on the web ACL and every rule, in rules or ruleJson", async () => {
      const json = withInputs(webAcl, {
        rules: undefined,
        ruleJson: JSON.stringify([{ Name: "common", VisibilityConfig: { CloudWatchMetricsEnabled: true } }]),
      });
      expect(await messages(pack, "waf-rule-metrics", [webAcl, json])).to.deep.equal([]);
    });
    it("fails the web ACL's metrics off and each rule without them", async () => {
      const quiet = withInputs(webAcl, {
        visibilityConfig: {
          cloudwatchMetricsEnabled: false,
          metricName: "edge",
          sampledRequestsEnabled: true,
        },
        rules: [
          {
            name: "common",
            priority: 1,
            visibilityConfig: { metricName: "common", sampledRequestsEnabled: true },
          },
        ],
        ruleJson: JSON.stringify([{ Name: "rate", VisibilityConfig: { CloudWatchMetricsEnabled: false } }]),
      });
      expect(await messages(pack, "waf-rule-metrics", [quiet])).to.deep.equal([
        "visibilityConfig.cloudwatchMetricsEnabled is false; set visibilityConfig.cloudwatchMetricsEnabled to true.",
        "rules[0].visibilityConfig.cloudwatchMetricsEnabled is not set; set rules[0].visibilityConfig.cloudwatchMetricsEnabled to true.",
        'ruleJson[0] ("rate") has VisibilityConfig.CloudWatchMetricsEnabled false; set it to true.',
      ]);
    });
  });

  describe("backup-vault-lock", () => {
    const vault = resource("aws:backup/vault:Vault", "backup", {
      name: "platform-prod-ap-east-2",
      kmsKeyArn: "arn:k",
    });
    const lock = resource("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backup-lock", {
      backupVaultName: "platform-prod-ap-east-2",
      changeableForDays: 7,
      minRetentionDays: 7,
      maxRetentionDays: 365,
    });
    it("passes a vault with a compliance-mode lock, and a lock naming a vault not known yet", async () => {
      expect(await messages(pack, "backup-vault-lock", [vault, lock])).to.deep.equal([]);
      const pending = withInputs(lock, { backupVaultName: "[unknown]" });
      expect(await messages(pack, "backup-vault-lock", [vault, pending])).to.deep.equal([]);
    });
    it("fails a vault without a lock, or with a governance-mode lock (no changeableForDays)", async () => {
      const other = withInputs(lock, { backupVaultName: "another-vault" });
      const governance = withInputs(lock, { changeableForDays: undefined });
      expect(await findings(pack, "backup-vault-lock", [vault, other])).to.deep.equal([
        'backup: vault "platform-prod-ap-east-2" has no vault lock; add an aws.backup.VaultLockConfiguration with ' +
          "backupVaultName set to it, minRetentionDays, maxRetentionDays and changeableForDays (3 or more).",
      ]);
      expect(await findings(pack, "backup-vault-lock", [vault, governance])).to.deep.equal([
        "backup: backup-lock has no changeableForDays, so it is a governance-mode lock that a privileged user can " +
          "remove; set changeableForDays to 3 or more (compliance mode).",
      ]);
    });
  });

  describe("backup-plan-cross-region-copy", () => {
    const tokyoVault = "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:platform-prod-ap-northeast-1";
    const rule = (name: string, extra: Record<string, unknown>) => ({
      ruleName: name,
      targetVaultName: "platform-prod-ap-east-2",
      schedule: "cron(0 18 ? * * *)",
      ...extra,
    });
    it("passes rules copying to another region's vault; a continuous rule needs no copy", async () => {
      const plan = resource("aws:backup/plan:Plan", "backup", {
        rules: [
          rule("daily", { copyActions: [{ destinationVaultArn: tokyoVault }] }),
          rule("continuous", { enableContinuousBackup: true }),
        ],
      });
      expect(await messages(pack, "backup-plan-cross-region-copy", [plan])).to.deep.equal([]);
    });
    it("fails a rule without copies, and one copying only within its own region", async () => {
      const plan = resource("aws:backup/plan:Plan", "backup", {
        rules: [
          rule("daily", {}),
          rule("weekly", {
            copyActions: [
              { destinationVaultArn: "arn:aws:backup:ap-east-2:123456789012:backup-vault:other" },
            ],
          }),
        ],
      });
      expect(await findings(pack, "backup-plan-cross-region-copy", [plan])).to.deep.equal([
        'backup: rule "daily" has no copyActions; add one whose destinationVaultArn is a vault in another region, ' +
          "so its recovery points survive the loss of this one.",
        'backup: rule "weekly" copies only to ["arn:aws:backup:ap-east-2:123456789012:backup-vault:other"], none ' +
          'in a region other than "ap-east-2"; set a copyActions destinationVaultArn to a vault of another region.',
      ]);
    });
    it("takes the plan's own region before the provider's, and any copy elsewhere among several", async () => {
      // A plan placed in Tokyo by its own `region` input copies within Tokyo: nothing survives Tokyo's loss.
      const inTokyo = resource("aws:backup/plan:Plan", "backup", {
        region: "ap-northeast-1",
        rules: [rule("daily", { copyActions: [{ destinationVaultArn: tokyoVault }] })],
      });
      expect(await findings(pack, "backup-plan-cross-region-copy", [inTokyo])).to.deep.equal([
        `backup: rule "daily" copies only to ["${tokyoVault}"], none in a region other than "ap-northeast-1"; set a ` +
          "copyActions destinationVaultArn to a vault of another region.",
      ]);
      const both = resource("aws:backup/plan:Plan", "backup", {
        rules: [
          rule("daily", {
            copyActions: [
              { destinationVaultArn: "arn:aws:backup:ap-east-2:123456789012:backup-vault:local" },
              { destinationVaultArn: tokyoVault },
            ],
          }),
        ],
      });
      expect(await messages(pack, "backup-plan-cross-region-copy", [both])).to.deep.equal([]);
    });
    it("counts a destination that is no ARN as no copy elsewhere, and skips rules it cannot read", async () => {
      const byName = resource("aws:backup/plan:Plan", "backup", {
        rules: [
          "not a rule",
          rule("daily", { copyActions: [{ destinationVaultArn: "platform-prod-ap-northeast-1" }] }),
          rule("weekly", { copyActions: [{ destinationVaultArn: "arn:aws:backup" }] }),
        ],
      });
      expect(await findings(pack, "backup-plan-cross-region-copy", [byName])).to.deep.equal([
        'backup: rule "daily" copies only to ["platform-prod-ap-northeast-1"], none in a region other than ' +
          '"ap-east-2"; set a copyActions destinationVaultArn to a vault of another region.',
        'backup: rule "weekly" copies only to ["arn:aws:backup"], none in a region other than "ap-east-2"; set a ' +
          "copyActions destinationVaultArn to a vault of another region.",
      ]);
    });
  });

  describe("backup-selection-covers-databases", () => {
    const clusterArn = "arn:aws:rds:ap-east-2:123456789012:cluster:database-prod-ap-east-2";
    const cluster = resource("aws:rds/cluster:Cluster", "database", {
      arn: clusterArn,
      tags: { Team: "data" },
    });
    const selection = (inputs: Record<string, unknown>) =>
      resource("aws:backup/selection:Selection", "backup", { planId: "p", iamRoleArn: "r", ...inputs });
    it("passes a cluster selected by ARN, by pattern or by tag, and one whose ARN is not known yet", async () => {
      for (const chosen of [
        selection({ resources: [clusterArn] }),
        selection({ resources: ["arn:aws:rds:*:*:cluster:*"] }),
        selection({ selectionTags: [{ type: "STRINGEQUALS", key: "Team", value: "data" }] }),
        selection({ resources: ["[unknown]"] }),
      ]) {
        expect(await messages(pack, "backup-selection-covers-databases", [cluster, chosen])).to.deep.equal(
          [],
        );
      }
    });
    it("fails a cluster no selection selects, or excluded, and a stack without selections", async () => {
      const elsewhere = selection({ resources: ["arn:aws:s3:::bucket"] });
      const excluded = selection({ resources: ["*"], notResources: [clusterArn] });
      const missing =
        `database: no AWS Backup selection selects this cluster ("${clusterArn}"); add its ARN to the resources of ` +
        "a selection of a backup plan.";
      expect(await findings(pack, "backup-selection-covers-databases", [cluster, elsewhere])).to.deep.equal([
        missing,
      ]);
      expect(await findings(pack, "backup-selection-covers-databases", [cluster, excluded])).to.deep.equal([
        missing,
      ]);
      expect(await findings(pack, "backup-selection-covers-databases", [cluster])).to.deep.equal([
        "database: no AWS Backup selection in the stack selects this cluster; add an aws.backup.Selection of a " +
          "backup plan whose resources list the cluster's ARN.",
      ]);
    });
    it("needs one selection of several, one listed ARN of several, and excludes only what notResources match", async () => {
      // Two selections need two names: the engine knows a resource by its URN.
      const elsewhere = resource("aws:backup/selection:Selection", "backup-buckets", {
        planId: "p",
        iamRoleArn: "r",
        resources: ["arn:aws:s3:::bucket"],
      });
      const listedSecond = selection({ resources: ["arn:aws:s3:::bucket", clusterArn] });
      const otherExcluded = selection({ resources: ["*"], notResources: ["arn:aws:s3:::bucket"] });
      for (const resources of [
        [cluster, elsewhere, listedSecond],
        [cluster, listedSecond, elsewhere],
        [cluster, otherExcluded],
      ]) {
        expect(await messages(pack, "backup-selection-covers-databases", resources)).to.deep.equal([]);
      }
    });
    it("selects by a tag only on an equal value of a STRINGEQUALS condition, and waits on an unknown one", async () => {
      const missing =
        `database: no AWS Backup selection selects this cluster ("${clusterArn}"); add its ARN to the resources of ` +
        "a selection of a backup plan.";
      for (const condition of [
        { type: "STRINGEQUALS", key: "Team", value: "web" },
        { type: "STRINGEQUALS", key: "Owner", value: "data" },
        { type: "STRINGLIKE", key: "Team", value: "data" },
        "Team=data",
      ]) {
        expect(
          await findings(pack, "backup-selection-covers-databases", [
            cluster,
            selection({ selectionTags: [condition] }),
          ]),
          JSON.stringify(condition),
        ).to.deep.equal([missing]);
      }
      const pending = selection({
        selectionTags: [{ type: "STRINGEQUALS", key: "Team", value: "[unknown]" }],
      });
      expect(await messages(pack, "backup-selection-covers-databases", [cluster, pending])).to.deep.equal([]);
    });
  });
});

describe("data-protection pack: threat detection", () => {
  const pack = dataProtectionPack;
  const detector = resource("aws:guardduty/detector:Detector", "guardduty", { enable: true }, { id: "d0" });
  const feature = (name: string, status = "ENABLED", extra: Record<string, unknown> = {}) =>
    resource("aws:guardduty/detectorFeature:DetectorFeature", `guardduty-${name.toLowerCase()}`, {
      detectorId: "d0",
      name,
      status,
      ...extra,
    });
  const everyPlan = [
    feature("EKS_AUDIT_LOGS"),
    feature("RUNTIME_MONITORING", "ENABLED", {
      additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }],
    }),
    feature("RDS_LOGIN_EVENTS"),
    feature("S3_DATA_EVENTS"),
    feature("EBS_MALWARE_PROTECTION"),
  ];

  describe("guardduty-protection-plans", () => {
    it("passes a detector with every plan enabled, runtime as either feature, and a suspended detector", async () => {
      expect(await messages(pack, "guardduty-protection-plans", [detector, ...everyPlan])).to.deep.equal([]);
      const eksRuntime = [...everyPlan.filter((f) => f.inputs["name"] !== "RUNTIME_MONITORING")];
      eksRuntime.push(feature("EKS_RUNTIME_MONITORING"));
      expect(await messages(pack, "guardduty-protection-plans", [detector, ...eksRuntime])).to.deep.equal([]);
      expect(
        await messages(pack, "guardduty-protection-plans", [withInputs(detector, { enable: false })]),
      ).to.deep.equal([]);
    });

    it("does not require RDS login events in ap-east-2, where GuardDuty does not offer them", async () => {
      const withoutRds = everyPlan.filter((f) => f.inputs["name"] !== "RDS_LOGIN_EVENTS");
      // The test provider is ap-east-2's; a detector managed in Tokyo through its region input needs them.
      expect(await messages(pack, "guardduty-protection-plans", [detector, ...withoutRds])).to.deep.equal([]);
      expect(
        await findings(pack, "guardduty-protection-plans", [
          withInputs(detector, { region: "ap-northeast-1" }),
          ...withoutRds,
        ]),
      ).to.deep.equal([
        "guardduty: this detector does not run RDS_LOGIN_EVENTS; add an aws.guardduty.DetectorFeature with " +
          'detectorId set to its id, name set to each and status "ENABLED" (Runtime Monitoring as ' +
          "RUNTIME_MONITORING with the EKS_ADDON_MANAGEMENT additional configuration).",
      ]);
    });

    it("fails a detector without features, or with one disabled, naming each plan", async () => {
      expect(await messages(pack, "guardduty-protection-plans", [detector])).to.deep.equal([
        "this detector does not run EKS_AUDIT_LOGS, RUNTIME_MONITORING, S3_DATA_EVENTS, EBS_MALWARE_PROTECTION; add " +
          "an aws.guardduty.DetectorFeature with detectorId set to its id, name set to each and status " +
          '"ENABLED" (Runtime Monitoring as RUNTIME_MONITORING with the EKS_ADDON_MANAGEMENT additional configuration).',
      ]);
      const disabled = everyPlan.map((f) =>
        f.inputs["name"] === "S3_DATA_EVENTS" ? withInputs(f, { status: "DISABLED" }) : f,
      );
      expect((await messages(pack, "guardduty-protection-plans", [detector, ...disabled]))[0]).to.match(
        /^this detector does not run S3_DATA_EVENTS \(status DISABLED\); /,
      );
    });

    it("counts the deprecated inline datasources, and only features of its own detector", async () => {
      const inline = withInputs(detector, {
        datasources: {
          s3Logs: { enable: true },
          kubernetes: { auditLogs: { enable: true } },
          malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: { enable: true } } },
        },
      });
      expect(await messages(pack, "guardduty-protection-plans", [inline, everyPlan[1]!])).to.deep.equal([]);
      const other = everyPlan.map((f) => withInputs(f, { detectorId: "d1" }));
      expect(await messages(pack, "guardduty-protection-plans", [detector, ...other])).to.have.length(1);
    });
  });

  describe("securityhub-standard-subscribed", () => {
    const account = resource("aws:securityhub/account:Account", "hub", { enableDefaultStandards: false });
    const fsbp = resource("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", {
      standardsArn:
        "arn:aws:securityhub:ap-east-2::standards/aws-foundational-security-best-practices/v/1.0.0",
    });
    it("passes an account with FSBP subscribed, or left to the default standards", async () => {
      expect(await messages(pack, "securityhub-standard-subscribed", [account, fsbp])).to.deep.equal([]);
      expect(
        await messages(pack, "securityhub-standard-subscribed", [
          withInputs(account, { enableDefaultStandards: undefined }),
        ]),
      ).to.deep.equal([]);
    });
    it("fails an account without default standards and without FSBP", async () => {
      const cis = withInputs(fsbp, {
        standardsArn: "arn:aws:securityhub:ap-east-2::standards/cis-aws-foundations-benchmark/v/3.0.0",
      });
      expect(await findings(pack, "securityhub-standard-subscribed", [account, cis])).to.deep.equal([
        "hub: this Security Hub account subscribes no AWS Foundational Security Best Practices; add an " +
          "aws.securityhub.StandardsSubscription with standardsArn " +
          "arn:<partition>:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0 " +
          "(dependsOn the account).",
      ]);
    });
  });
});
