import { expect } from "chai";
import { stackFileValues } from "../support/config";
import { PRIMARY_NAME, named, ofType, plannedStacks, providerRef, runWith } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("Aurora global database", () => {
    const CLUSTER = "aws:rds/cluster:Cluster";
    const GLOBAL = "aws:rds/globalCluster:GlobalCluster";

    it("prod-taipei creates the global cluster and an encrypted Serverless v2 writer cluster with two instances", () => {
      const plan = plans["prod-taipei"];
      const global = named(plan, GLOBAL, "database-global");
      expect(global.inputs).to.include({
        globalClusterIdentifier: "database-prod",
        engine: "aurora-postgresql",
        engineVersion: "17.5",
        storageEncrypted: true,
        deletionProtection: true,
      });
      expect(global.options.protect).to.equal(true);
      const cluster = named(plan, CLUSTER, "database");
      expect(cluster.inputs).to.include({
        clusterIdentifier: "database-prod-ap-east-2",
        globalClusterIdentifier: "database-prod",
        kmsKeyId: plan.outputs.databaseKmsKeyArn,
        storageEncrypted: true,
        masterPassword: "[secret]",
        backupRetentionPeriod: 35,
        dbSubnetGroupName: plan.outputs.dbSubnetGroupName,
      });
      expect(cluster.inputs.serverlessv2ScalingConfiguration).to.deep.equal({
        minCapacity: 2,
        maxCapacity: 64,
      });
      expect(String(cluster.inputs.kmsKeyId)).to.match(/^arn:aws:kms:ap-east-2:\d{12}:key\//);
      expect(cluster.options.protect).to.equal(true);
      expect(
        ofType(plan, "aws:rds/clusterInstance:ClusterInstance").map(
          (i) => `${i.name} ${String(i.inputs.availabilityZone)} ${String(i.inputs.instanceClass)}`,
        ),
      ).to.have.members(["database-a ap-east-2a db.serverless", "database-b ap-east-2b db.serverless"]);
      expect(
        ofType(plan, "aws:rds/clusterParameterGroup:ClusterParameterGroup").map((g) => g.name),
      ).to.deep.equal(["database"]);
      expect(named(plan, "aws:iam/role:Role", "database-monitoring").inputs.assumeRolePolicy).to.include(
        "monitoring.rds.amazonaws.com",
      );
      expect(named(plan, "aws:secretsmanager/secret:Secret", "database-master").inputs.kmsKeyId).to.equal(
        cluster.inputs.kmsKeyId,
      );
    });

    it("prod-tokyo joins the primary's planned global cluster with its own key, ignoring what a failover changes", () => {
      const taipei = plans["prod-taipei"];
      const tokyo = plans["prod-tokyo"];
      expect(ofType(tokyo, GLOBAL)).to.deep.equal([]);
      expect(
        ofType(tokyo, "aws:secretsmanager/secret:Secret").filter((s) => s.name.startsWith("database")),
      ).to.deep.equal([]);
      const cluster = named(tokyo, CLUSTER, "database");
      expect(cluster.inputs.globalClusterIdentifier).to.equal(taipei.outputs.databaseGlobalClusterId);
      expect(cluster.inputs.globalClusterIdentifier).to.equal("database-prod");
      expect(cluster.inputs.kmsKeyId).to.equal(tokyo.outputs.databaseKmsKeyArn);
      expect(String(cluster.inputs.kmsKeyId)).to.match(/^arn:aws:kms:ap-northeast-1:/);
      expect(cluster.inputs).to.not.have.any.keys("masterUsername", "masterPassword");
      expect(cluster.options.ignoreChanges).to.include.members([
        "replicationSourceIdentifier",
        "globalClusterIdentifier",
      ]);
      expect(cluster.options.protect).to.equal(true);
      expect(cluster.options.provider).to.equal(providerRef(tokyo, "ap-northeast-1"));
      expect(tokyo.outputs.databaseSecretArn).to.equal(taipei.outputs.databaseSecretArn);
      expect(tokyo.outputs.databaseGlobalWriterEndpoint).to.equal(
        taipei.outputs.databaseGlobalWriterEndpoint,
      );
      expect(tokyo.outputs.databaseWriterRegion).to.equal("ap-east-2");
      expect(tokyo.outputs.databaseClusterId).to.equal("database-prod-ap-northeast-1");
    });

    it("dev runs one small instance, unprotected, as the primary of its own global cluster", () => {
      const dev = plans["dev"];
      expect(named(dev, GLOBAL, "database-global").inputs.globalClusterIdentifier).to.equal("database-dev");
      expect(ofType(dev, "aws:rds/clusterInstance:ClusterInstance").map((i) => i.name)).to.deep.equal([
        "database-a",
      ]);
      expect(named(dev, CLUSTER, "database").options.protect).to.equal(false);
      expect(dev.outputs.databaseWriterRegion).to.equal("ap-east-2");
    });

    it("exports secret ARNs and endpoints, never the password", () => {
      for (const stack of Object.keys(plans)) {
        const outputs = plans[stack].outputs;
        expect(String(outputs.databaseSecretArn), stack).to.match(/^arn:aws:secretsmanager:ap-east-2:/);
        expect(outputs.databasePort, stack).to.equal(5432);
        expect(JSON.stringify(outputs), stack).to.not.match(/"password"/i);
      }
    });

    it("rejects a secondary's writer region outside its global database before creating anything", async () => {
      const values = stackFileValues("prod-tokyo");
      const database = values["platform:database"] as Record<string, unknown>;
      const { recorder, error } = await runWith(
        "prod-tokyo",
        { ...values, "platform:database": { ...database, writerRegion: "ap-southeast-1" } },
        { [PRIMARY_NAME]: plans["prod-taipei"].outputs },
      );
      expect(error?.message).to.equal(
        "platform:database.writerRegion is ap-southeast-1, which has no cluster of this global database; use one of " +
          "ap-east-2, ap-northeast-1 (npm run db:switchover prints the value to set), or remove it to mean ap-east-2",
      );
      expect(
        recorder.resources.filter((r) => r.custom && !r.read && r.type.startsWith("aws:")),
      ).to.deep.equal([]);
    });
  });
});
