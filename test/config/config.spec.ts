import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { DEFAULT_INTERFACE_ENDPOINTS } from "../../components/regional-vpc/plan";
import { loadPlatformConfig, validatePlatformConfig } from "../../stacks/config";
import { minimumAvailabilityZones } from "../../stacks/config-sections/network";
import {
  AS_SECONDARY,
  keepPulumiConfig,
  load,
  PRIMARY,
  primaryReturning,
  problemLines,
  PROD_TAIPEI,
  stackFileConfig,
} from "../support/config";

describe("stacks/config", () => {
  keepPulumiConfig();

  describe("valid configuration", () => {
    it("loads a prod-taipei-like stack into one typed object, with the program's tags added", async () => {
      const config = await load();
      expect(config).to.deep.equal({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        region: "ap-east-2",
        accountId: "123456789012",
        environment: "prod",
        role: "primary",
        tags: {
          Owner: "platform-team",
          CostCenter: "CC-1001",
          Project: pulumi.getProject(),
          Environment: "prod",
          Region: "ap-east-2",
          ManagedBy: "pulumi",
        },
        network: (PROD_TAIPEI as { "platform:network": unknown })["platform:network"],
        kafka: {
          kafkaVersion: "3.8.x",
          brokerInstanceType: "kafka.m7g.large",
          brokersPerAz: 1,
          volumeSizeGiB: 500,
          maxVolumeSizeGiB: 4000,
          storageTargetPercent: 60,
          durability: "durable",
          logRetentionDays: 90,
          enhancedMonitoring: "PER_BROKER",
          replicationSource: true,
          openMonitoring: true,
        },
        database: {
          engineVersion: "17.5",
          minCapacity: 2,
          maxCapacity: 64,
          instanceCount: 2,
          backupRetentionDays: 35,
          preferredBackupWindow: "17:00-18:00",
          preferredMaintenanceWindow: "sat:18:30-sat:19:30",
          monitoringIntervalSeconds: 60,
          performanceInsightsRetentionDays: 7,
          logRetentionDays: 365,
          databaseName: "platform",
          masterUsername: "platform_admin",
        },
        observability: {
          alarmEmails: ["platform-oncall@example.com"],
          logRetentionDays: 365,
          metricsRetentionDays: 150,
          thresholds: {},
          tracing: { samplingRate: 0.05, reservoirPerSecond: 1 },
          grafana: { enabled: false, version: "10.4" },
          kubernetes: {
            scrapeIntervalSeconds: 60,
            containerInsights: true,
            addonVersion: "v4.5.0-eksbuild.1",
          },
        },
        kubernetes: {
          version: "1.35",
          clusterAdmins: ["role/platform-admin"],
          nodeGroups: {
            graviton: { instanceTypes: ["m7g.xlarge"], minSize: 3, desiredSize: 3, maxSize: 12 },
          },
          publicAccessCidrs: [],
          logRetentionDays: 365,
          platformNamespace: "platform",
          applicationNamespace: "apps",
        },
        registries: {
          repositories: ["api", "shop", "cmc"],
          keepReleases: { count: 30, tagPattern: "v*", untaggedExpiryDays: 7 },
          replicationRegions: [],
        },
        // platform:security left out: every default, the account-wide parts in this primary, RDS Protection off in
        // ap-east-2 (not offered there).
        security: {
          guardDuty: {
            enabled: true,
            findingPublishingFrequency: "FIFTEEN_MINUTES",
            features: {
              eksAuditLogs: true,
              runtimeMonitoring: true,
              rdsLoginEvents: false,
              s3DataEvents: true,
              ebsMalwareProtection: true,
            },
            findingSeverityThreshold: 7,
          },
          securityHub: {
            enabled: true,
            standards: ["aws-foundational-security-best-practices/v/1.0.0"],
            autoEnableControls: true,
            aggregateFindings: true,
          },
          accountDefaults: { ebsEncryptionByDefault: true, s3AccountPublicAccessBlock: true },
        },
        storage: {
          archive: {
            infrequentAccessAfterDays: 30,
            glacierAfterDays: 90,
            archiveStorageClass: "GLACIER",
            expireAfterDays: 365,
            noncurrentVersionExpireAfterDays: 30,
          },
          assets: { noncurrentVersionExpireAfterDays: 30 },
          accessLogs: { expireAfterDays: 90 },
        },
      });
    });

    it("reports platform:observability in the same error as every other key, with the prod and region rules", async () => {
      expect(
        await problemLines({ "platform:observability": undefined, "platform:database.instanceCount": 1 }),
      ).to.deep.equal([
        "platform:database.instanceCount: 1 instance leaves prod without a failover target in another zone; use 2 or more",
        "platform:observability.alarmEmails: is empty in a prod stack, so its alarms would reach nobody; add the on-call address, e.g. `pulumi config set --path 'platform:observability.alarmEmails[0]' platform-oncall@example.com`",
      ]);
      expect(await problemLines({ "platform:observability.grafana": { enabled: true } })).to.deep.equal([
        "platform:observability.grafana.enabled: Amazon Managed Grafana is not offered in ap-east-2; set platform:observability.grafana.enabled to false (a workspace in another region can read this one, see ADR 0016)",
      ]);
    });

    it("reports platform:database in the same error as every other key, with the prod rules", async () => {
      expect(await problemLines({ "platform:database": undefined })).to.deep.equal([
        "platform:database: missing; every stack runs its region's cluster of the global database: set " +
          `platform:database in Pulumi.${pulumi.getStack()}.yaml, e.g. {engineVersion: "17.5", minCapacity: 0.5, maxCapacity: 16, instanceCount: 2}`,
      ]);
      expect(
        await problemLines({ "platform:database.instanceCount": 1, "platform:database.minCapacity": 128 }),
      ).to.deep.equal([
        "platform:database.minCapacity: 128 ACU is more than maxCapacity (64 ACU); lower minCapacity or raise maxCapacity",
        "platform:database.instanceCount: 1 instance leaves prod without a failover target in another zone; use 2 or more",
      ]);
      const dev = await load({ "platform:database.instanceCount": 1, "platform:environment": "dev" });
      expect(dev.database.instanceCount).to.equal(1);
    });

    it("reports platform:kafka in the same error as every other key: missing, or against the environment", async () => {
      expect(await problemLines({ "platform:kafka": undefined })).to.deep.equal([
        "platform:kafka: missing; every stack runs its region's MSK cluster: set platform:kafka in " +
          `Pulumi.${pulumi.getStack()}.yaml, e.g. {brokerInstanceType: kafka.m7g.large, brokersPerAz: 1, volumeSizeGiB: 100, maxVolumeSizeGiB: 1000}`,
      ]);
      expect(
        await problemLines({
          "platform:kafka.durability": "non-durable-dev",
          "platform:environment": "prod",
        }),
      ).to.deep.equal([
        "platform:kafka.durability: non-durable-dev can lose acknowledged writes when a broker fails; prod keeps durable topics: set durability to durable",
      ]);
    });

    it("applies the defaults of egress, interfaceEndpoints and flowLogRetentionDays", async () => {
      const config = await load({
        "platform:network.egress": undefined,
        "platform:network.interfaceEndpoints": undefined,
        "platform:network.flowLogRetentionDays": undefined,
        "platform:network.workloadCapacity": undefined,
      });
      expect(config.network.egress).to.equal("nat-per-az");
      expect(config.network.interfaceEndpoints).to.deep.equal([...DEFAULT_INTERFACE_ENDPOINTS]);
      expect(config.network.flowLogRetentionDays).to.equal(365);
      expect(config.network).to.not.have.property("workloadCapacity");
      expect(config).to.not.have.property("primaryStack");
    });

    it("loads a secondary whose VPC does not overlap the primary's", async () => {
      const deps = primaryReturning("10.1.0.0/16");
      const config = await load(AS_SECONDARY, deps);
      expect(config.role).to.equal("secondary");
      expect(config.primaryStack).to.equal(PRIMARY);
      expect(deps.calls).to.deep.equal([PRIMARY]);
    });

    for (const stack of ["dev", "prod-taipei", "prod-tokyo"]) {
      it(`loads Pulumi.${stack}.yaml without problems`, async () => {
        pulumi.runtime.setAllConfig(stackFileConfig(stack));
        // prod-taipei as prod-tokyo's primary.
        const deps = primaryReturning("10.0.0.0/16", { region: "ap-east-2" });
        const config = await loadPlatformConfig(deps);
        expect(config.network.availabilityZones.length).to.be.at.least(
          minimumAvailabilityZones(config.environment),
        );
        if (stack === "prod-tokyo") {
          expect(config.role).to.equal("secondary");
          expect(deps.calls).to.deep.equal([PRIMARY]);
        } else {
          expect(config.role).to.equal("primary");
          expect(deps.calls).to.deep.equal([]);
        }
      });
    }

    it("needs 3 zones in prod and 2 in staging and dev", () => {
      expect(minimumAvailabilityZones("prod")).to.equal(3);
      expect(minimumAvailabilityZones("staging")).to.equal(2);
      expect(minimumAvailabilityZones("dev")).to.equal(2);
    });
  });

  describe("several problems", () => {
    it("lists every problem in one error, in key order", async () => {
      const lines = await problemLines(
        {
          "platform:tags.Owner": undefined,
          "platform:tags.aws:team": "core",
          "platform:network.flowLogRetentionDays": 100,
          "platform:network.tiers.data.prefixLength": "24",
          "platform:role": "secondary",
          "platform:primaryStack": "prod-taipei",
          "aws:region": undefined,
          "platform:network.egress": "nat",
        },
        primaryReturning("10.0.0.0/16"),
      );
      expect(lines).to.deep.equal([
        "aws:region: missing; run `pulumi config set aws:region <region>`, e.g. ap-east-2",
        'platform:primaryStack: "prod-taipei" is not a fully qualified stack name; write it as ' +
          "<organization>/<project>/<stack>, e.g. acme/platform/prod-taipei",
        'platform:network.tiers.data.prefixLength: is the string "24", not a number; set the prefix length of ' +
          "the tier's subnets, e.g. 24",
        'platform:network.egress: "nat" is not an egress strategy; use one of nat-per-az, single-nat, none',
        "platform:network.flowLogRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, " +
          "14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
        "platform:tags.Owner: missing; every stack must name its Owner: run " +
          "`pulumi config set --path 'platform:tags.Owner' <value>`",
        "platform:tags.aws:team: keys starting with aws: are reserved by AWS; rename the tag",
      ]);
    });

    it("validates plain objects without reading Pulumi config", async () => {
      const { config, problems } = await validatePlatformConfig({
        project: "platform",
        stack: "staging",
        region: "ap-east-2",
        accountId: "123456789012",
        environment: "staging",
        role: "primary",
        tags: { Owner: "platform-team", CostCenter: "CC-1001" },
        network: {
          cidr: "10.30.0.0/16",
          availabilityZones: ["ap-east-2a"],
          tiers: { data: { prefixLength: 24 }, workload: { prefixLength: 19 } },
          egress: "none",
        },
        kafka: { brokerInstanceType: "kafka.t3.small", volumeSizeGiB: 20, durability: "non-durable-dev" },
        database: { engineVersion: "17.5", minCapacity: 0.5, maxCapacity: 2, instanceCount: 1 },
        kubernetes: {
          clusterAdmins: ["role/platform-admin"],
          nodeGroups: { graviton: { instanceTypes: ["m7g.large"], minSize: 1, desiredSize: 1, maxSize: 2 } },
        },
      });
      expect(config).to.equal(undefined);
      expect(problems).to.deep.equal([
        {
          path: "platform:network.availabilityZones",
          message:
            "has 1 zone of ap-east-2, but a staging stack needs at least 2; add 1 more (unused: ap-east-2b, ap-east-2c)",
        },
      ]);
    });
  });
});
