import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { DEFAULT_INTERFACE_ENDPOINTS } from "../../components/regional-vpc/plan";
import {
  ConfigDependencies,
  ConfigError,
  PlatformConfig,
  loadPlatformConfig,
  validatePlatformConfig,
} from "../../stacks/config";
import { minimumAvailabilityZones } from "../../stacks/config-sections/network";
import { REGION_AZ_LETTERS } from "../../stacks/regions";
import { configMap, stackFileConfig } from "../support/config";

/** A valid prod-taipei-like configuration; every test changes one thing. */
const PROD_TAIPEI: Readonly<Record<string, unknown>> = {
  "aws:region": "ap-east-2",
  "platform:environment": "prod",
  "platform:role": "primary",
  "platform:tags": { Owner: "platform-team", CostCenter: "CC-1001" },
  "platform:network": {
    cidr: "10.0.0.0/16",
    availabilityZones: ["ap-east-2a", "ap-east-2b", "ap-east-2c"],
    tiers: {
      data: {
        prefixLength: 24,
        cidrs: { "ap-east-2a": "10.0.1.0/24", "ap-east-2b": "10.0.2.0/24", "ap-east-2c": "10.0.3.0/24" },
      },
      workload: {
        prefixLength: 19,
        cidrs: { "ap-east-2a": "10.0.32.0/19", "ap-east-2b": "10.0.64.0/19", "ap-east-2c": "10.0.96.0/19" },
      },
      edge: {
        prefixLength: 26,
        cidrs: { "ap-east-2a": "10.0.0.0/26", "ap-east-2b": "10.0.0.64/26", "ap-east-2c": "10.0.0.128/26" },
      },
    },
    egress: "nat-per-az",
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks"],
    flowLogRetentionDays: 365,
    workloadCapacity: { nodes: 60, podsPerNode: 110 },
  },
  "platform:kafka": {
    brokerInstanceType: "kafka.m7g.large",
    volumeSizeGiB: 500,
    maxVolumeSizeGiB: 4000,
    replicationSource: true,
  },
  "platform:database": {
    engineVersion: "17.5",
    minCapacity: 2,
    maxCapacity: 64,
    instanceCount: 2,
    backupRetentionDays: 35,
  },
  "platform:observability": { alarmEmails: ["platform-oncall@example.com"] },
  "platform:kubernetes": {
    version: "1.35",
    clusterAdmins: ["role/platform-admin"],
    nodeGroups: { graviton: { instanceTypes: ["m7g.xlarge"], minSize: 3, desiredSize: 3, maxSize: 12 } },
  },
};

const PRIMARY = "kimkao/platform/prod-taipei";
const AS_SECONDARY = { "platform:role": "secondary", "platform:primaryStack": PRIMARY };

/**
 * PROD_TAIPEI with changes keyed by dotted path (`platform:network.tiers.data.prefixLength`); `undefined` removes
 * the key.
 */
function withChanges(changes: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const values = structuredClone(PROD_TAIPEI) as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const parts = path.split(".");
    let target = values;
    for (const part of parts.slice(0, -1)) {
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    if (value === undefined) {
      delete target[last];
    } else {
      target[last] = value;
    }
  }
  return values;
}

async function load(
  changes: Readonly<Record<string, unknown>> = {},
  deps?: ConfigDependencies,
): Promise<PlatformConfig> {
  pulumi.runtime.setAllConfig(configMap(withChanges(changes)));
  return loadPlatformConfig(deps);
}

/** The problem lines (`<key>.<path>: message`) of the one ConfigError that loading throws. */
async function problemLines(
  changes: Readonly<Record<string, unknown>>,
  deps?: ConfigDependencies,
): Promise<string[]> {
  let error: unknown;
  try {
    await load(changes, deps);
  } catch (caught) {
    error = caught;
  }
  expect(error).to.be.instanceOf(ConfigError);
  const configError = error as ConfigError;
  expect(configError.name).to.equal("ConfigError");
  const [subject, ...lines] = configError.message.split("\n");
  expect(subject).to.equal(`Invalid configuration for stack ${pulumi.getStack()}:`);
  expect(lines).to.have.length(configError.problems.length);
  for (const line of lines) {
    expect(line.startsWith("  - "), line).to.equal(true);
  }
  return lines.map((line) => line.slice("  - ".length));
}

/** A `primaryVpcCidr` that records its calls. */
function primaryReturning(cidr: string): ConfigDependencies & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    primaryVpcCidr: async (primaryStack: string) => {
      calls.push(primaryStack);
      return cidr;
    },
  };
}

describe("stacks/config", () => {
  let savedConfig: Record<string, string>;
  before(() => {
    savedConfig = pulumi.runtime.allConfig();
  });
  after(() => {
    pulumi.runtime.setAllConfig(savedConfig);
  });

  describe("valid configuration", () => {
    it("loads a prod-taipei-like stack into one typed object, with the program's tags added", async () => {
      const config = await load();
      expect(config).to.deep.equal({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        region: "ap-east-2",
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
        const deps = primaryReturning("10.0.0.0/16");
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

  describe("aws:region", () => {
    it("reports a missing region", async () => {
      expect(await problemLines({ "aws:region": undefined })).to.deep.equal([
        "aws:region: missing; run `pulumi config set aws:region <region>`, e.g. ap-east-2",
      ]);
    });

    it("reports a region missing from stacks/regions.ts, listing the known ones", async () => {
      expect(await problemLines({ "aws:region": "eu-north-9" })).to.deep.equal([
        `aws:region: eu-north-9 is not a region this platform knows (${Object.keys(REGION_AZ_LETTERS).join(", ")}); ` +
          "use one of them, or add the region with its zone letters to REGION_AZ_LETTERS in stacks/regions.ts",
      ]);
    });
  });

  describe("platform:environment and platform:role", () => {
    it("reports a missing environment", async () => {
      expect(await problemLines({ "platform:environment": undefined })).to.deep.equal([
        "platform:environment: missing; run `pulumi config set platform:environment <environment>` with one of dev, staging, prod",
      ]);
    });

    it("reports an environment that is not allowed", async () => {
      expect(await problemLines({ "platform:environment": "production" })).to.deep.equal([
        'platform:environment: "production" is not an allowed environment; use one of dev, staging, prod',
      ]);
    });

    it("reports a missing role", async () => {
      expect(await problemLines({ "platform:role": undefined })).to.deep.equal([
        "platform:role: missing; run `pulumi config set platform:role <role>` with primary (owns the global resources) or secondary (joins a primary)",
      ]);
    });

    it("reports a role that is not allowed", async () => {
      expect(await problemLines({ "platform:role": "replica" })).to.deep.equal([
        'platform:role: "replica" is not an allowed role; use primary (owns the global resources) or secondary (joins a primary)',
      ]);
    });
  });

  describe("platform:primaryStack", () => {
    it("reports a secondary without a primary stack", async () => {
      expect(
        await problemLines({ "platform:role": "secondary" }, primaryReturning("10.1.0.0/16")),
      ).to.deep.equal([
        "platform:primaryStack: missing; a secondary joins its primary through a stack reference: run " +
          "`pulumi config set platform:primaryStack <organization>/<project>/<stack>`, e.g. acme/platform/prod-taipei",
      ]);
    });

    it("reports a primary stack name that is not fully qualified, without reading it", async () => {
      const deps = primaryReturning("10.1.0.0/16");
      expect(
        await problemLines({ ...AS_SECONDARY, "platform:primaryStack": "prod-taipei" }, deps),
      ).to.deep.equal([
        'platform:primaryStack: "prod-taipei" is not a fully qualified stack name; write it as ' +
          "<organization>/<project>/<stack>, e.g. acme/platform/prod-taipei",
      ]);
      expect(deps.calls).to.deep.equal([]);
    });

    it("reports a primary that references another stack", async () => {
      expect(await problemLines({ "platform:primaryStack": PRIMARY })).to.deep.equal([
        "platform:primaryStack: is set, but a primary never references another stack; remove it " +
          "(`pulumi config rm platform:primaryStack`) or set platform:role to secondary",
      ]);
    });

    it("reports a secondary whose VPC CIDR overlaps the primary's", async () => {
      expect(await problemLines(AS_SECONDARY, primaryReturning("10.0.0.0/16"))).to.deep.equal([
        `platform:network.cidr: 10.0.0.0/16 overlaps 10.0.0.0/16, the VPC CIDR of the primary ${PRIMARY}; ` +
          "the VPCs are peered, so they must not overlap: pick a block outside 10.0.0.0/16",
      ]);
    });

    it("reports a primary whose VPC CIDR cannot be read, with the reason", async () => {
      const deps: ConfigDependencies = {
        primaryVpcCidr: async (name) => {
          throw new Error(`stack ${name} has no output vpcCidr`);
        },
      };
      expect(await problemLines(AS_SECONDARY, deps)).to.deep.equal([
        `platform:primaryStack: cannot read the VPC CIDR of ${PRIMARY} (stack ${PRIMARY} has no output vpcCidr); ` +
          "deploy the primary first, and check the stack name and your access to it",
      ]);
    });

    it("reports a primary that returns something other than a CIDR", async () => {
      expect(await problemLines(AS_SECONDARY, primaryReturning("10.0.0.0"))).to.deep.equal([
        `platform:primaryStack: ${PRIMARY} reports the VPC CIDR "10.0.0.0", which is not an IPv4 CIDR; ` +
          "check the primary's outputs",
      ]);
    });

    it("does not read the primary when the secondary's own CIDR is invalid", async () => {
      const deps = primaryReturning("10.0.0.0/16");
      expect(
        await problemLines({ ...AS_SECONDARY, "platform:network.cidr": "10.0.0.0/33" }, deps),
      ).to.deep.equal([
        'platform:network.cidr: "10.0.0.0/33" is not an IPv4 CIDR; write the VPC CIDR like 10.0.0.0/16',
      ]);
      expect(deps.calls).to.deep.equal([]);
    });
  });

  describe("platform:network.availabilityZones", () => {
    it("reports a zone of another region, naming the region's zones", async () => {
      const zones = ["ap-east-2a", "ap-east-2b", "ap-east-2c", "ap-northeast-1d"];
      expect(await problemLines({ "platform:network.availabilityZones": zones })).to.deep.equal([
        "platform:network.availabilityZones[3]: ap-northeast-1d is not a zone of ap-east-2; use one of " +
          "ap-east-2a, ap-east-2b, ap-east-2c",
      ]);
    });

    it("reports a zone listed twice", async () => {
      const zones = ["ap-east-2a", "ap-east-2b", "ap-east-2c", "ap-east-2a"];
      expect(await problemLines({ "platform:network.availabilityZones": zones })).to.deep.equal([
        "platform:network.availabilityZones[3]: ap-east-2a is listed twice; list each zone once",
      ]);
    });

    it("reports fewer zones than a prod stack needs (and the subnets pinned to the dropped zone)", async () => {
      const zones = ["ap-east-2a", "ap-east-2b"];
      expect(await problemLines({ "platform:network.availabilityZones": zones })).to.deep.equal([
        "platform:network.availabilityZones: has 2 zones of ap-east-2, but a prod stack needs at least 3; " +
          "add 1 more (unused: ap-east-2c)",
        "platform:network.tiers.data.cidrs.ap-east-2c: ap-east-2c is not one of availabilityZones " +
          "(ap-east-2a, ap-east-2b); add the zone or remove this CIDR",
        "platform:network.tiers.workload.cidrs.ap-east-2c: ap-east-2c is not one of availabilityZones " +
          "(ap-east-2a, ap-east-2b); add the zone or remove this CIDR",
        "platform:network.tiers.edge.cidrs.ap-east-2c: ap-east-2c is not one of availabilityZones " +
          "(ap-east-2a, ap-east-2b); add the zone or remove this CIDR",
      ]);
    });
  });

  describe("platform:network subnet layout", () => {
    it("reports a subnet outside the VPC", async () => {
      expect(
        await problemLines({ "platform:network.tiers.data.cidrs.ap-east-2b": "10.1.2.0/24" }),
      ).to.deep.equal([
        "platform:network.tiers.data.cidrs.ap-east-2b: 10.1.2.0/24 is outside the VPC CIDR 10.0.0.0/16; pick a block inside it",
      ]);
    });

    it("reports subnets that overlap each other", async () => {
      expect(
        await problemLines({ "platform:network.tiers.workload.cidrs.ap-east-2a": "10.0.0.0/19" }),
      ).to.deep.equal([
        "platform:network.tiers.workload.cidrs.ap-east-2a: 10.0.0.0/19 overlaps 10.0.1.0/24 " +
          "(tiers.data.cidrs.ap-east-2a); give each subnet its own block",
      ]);
    });

    it("reports an invalid subnet CIDR", async () => {
      expect(
        await problemLines({ "platform:network.tiers.edge.cidrs.ap-east-2c": "10.0.0.130/26" }),
      ).to.deep.equal([
        "platform:network.tiers.edge.cidrs.ap-east-2c: 10.0.0.130/26 has host bits set; use the network address 10.0.0.128/26",
      ]);
    });

    it("reports a prefix length AWS does not accept", async () => {
      expect(await problemLines({ "platform:network.tiers.workload.prefixLength": 30 })).to.deep.equal([
        "platform:network.tiers.workload.prefixLength: 30 is not a subnet prefix length; use a whole number from 16 to 28",
      ]);
    });
  });

  describe("platform:network.egress", () => {
    it("reports NAT egress without edge subnets", async () => {
      expect(await problemLines({ "platform:network.tiers.edge": undefined })).to.deep.equal([
        "platform:network.egress: nat-per-az places NAT gateways in edge subnets, and none are configured; " +
          "add tiers.edge (e.g. prefixLength 26) or set egress to none",
      ]);
    });

    it("reports an unknown strategy", async () => {
      expect(await problemLines({ "platform:network.egress": "nat" })).to.deep.equal([
        'platform:network.egress: "nat" is not an egress strategy; use one of nat-per-az, single-nat, none',
      ]);
    });
  });

  describe("platform:network.interfaceEndpoints", () => {
    it("reports invalid service names and duplicates", async () => {
      const endpoints = [
        "ecr.api",
        "ecr.dkr",
        "sts",
        "logs",
        "ec2",
        "elasticloadbalancing",
        "eks",
        "sts",
        "S3!",
      ];
      expect(await problemLines({ "platform:network.interfaceEndpoints": endpoints })).to.deep.equal([
        "platform:network.interfaceEndpoints[7]: sts is listed twice; list each endpoint once",
        'platform:network.interfaceEndpoints[8]: "S3!" is not a service name; write the part after ' +
          "com.amazonaws.<region>., e.g. ecr.api",
      ]);
    });

    it("reports services the VPC reaches through its gateway endpoints, as the component does", async () => {
      expect(await problemLines({ "platform:network.interfaceEndpoints": ["ecr.api", "s3"] })).to.deep.equal([
        "platform:network.interfaceEndpoints[1]: s3 is reached through the gateway endpoint this VPC always " +
          "creates (free, on every private route table); remove it from interfaceEndpoints",
      ]);
    });

    it("reports endpoints a private EKS needs when egress is none", async () => {
      expect(
        await problemLines({
          "platform:network.egress": "none",
          "platform:network.interfaceEndpoints": ["sts"],
        }),
      ).to.deep.equal([
        "platform:network.interfaceEndpoints: egress none reaches AWS only through VPC endpoints, and the private " +
          "EKS platform needs ecr.api, ecr.dkr, sts, logs, ec2, elasticloadbalancing, eks; " +
          "add ecr.api, ecr.dkr, logs, ec2, elasticloadbalancing, eks",
      ]);
    });
  });

  describe("platform:network.flowLogRetentionDays and workloadCapacity", () => {
    it("reports a retention CloudWatch Logs does not accept", async () => {
      expect(await problemLines({ "platform:network.flowLogRetentionDays": 100 })).to.deep.equal([
        "platform:network.flowLogRetentionDays: 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, " +
          "14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 120)",
      ]);
    });

    it("reports workload subnets too small for the planned nodes and pods", async () => {
      const short = (suffix: string, cidr: string) =>
        `platform:network.workloadCapacity: workload subnet workload-${suffix} (${cidr}) has 8187 usable addresses ` +
        "but 100 nodes × (110 pods + 1) = 11100 are needed: short by 2913; use workload prefixLength 18 or fewer " +
        "nodes or pods";
      expect(await problemLines({ "platform:network.workloadCapacity.nodes": 300 })).to.deep.equal([
        short("a", "10.0.32.0/19"),
        short("b", "10.0.64.0/19"),
        short("c", "10.0.96.0/19"),
      ]);
    });

    it("still checks the capacity's own values when the layout is invalid", async () => {
      expect(
        await problemLines({
          "platform:network.tiers.workload.prefixLength": 30,
          "platform:network.workloadCapacity.nodes": 0,
        }),
      ).to.deep.equal([
        "platform:network.tiers.workload.prefixLength: 30 is not a subnet prefix length; use a whole number from 16 to 28",
        "platform:network.workloadCapacity.nodes: 0 is not a positive whole number; set at least 1",
      ]);
    });
  });

  describe("platform:network shape", () => {
    it("reports an unknown key, listing the known keys", async () => {
      expect(await problemLines({ "platform:network.egres": "none" })).to.deep.equal([
        "platform:network.egres: unknown key; fix its spelling or remove it (the known keys are cidr, " +
          "availabilityZones, tiers, egress, interfaceEndpoints, flowLogRetentionDays, workloadCapacity)",
      ]);
    });

    it("reports an unknown tier", async () => {
      expect(await problemLines({ "platform:network.tiers.public": { prefixLength: 26 } })).to.deep.equal([
        "platform:network.tiers.public: unknown key; fix its spelling or remove it (the known keys are data, " +
          "workload, edge)",
      ]);
    });

    it("reports values of the wrong type and missing keys in its own words", async () => {
      expect(
        await problemLines({
          "platform:network.cidr": 10,
          "platform:network.tiers.data.prefixLength": "24",
          "platform:network.tiers.edge": null,
          "platform:network.availabilityZones": undefined,
        }),
      ).to.deep.equal([
        "platform:network.cidr: is the number 10, not a string; set the VPC CIDR, e.g. 10.0.0.0/16",
        "platform:network.availabilityZones: missing; set the zone names, e.g. [ap-east-2a, ap-east-2b, ap-east-2c]",
        'platform:network.tiers.data.prefixLength: is the string "24", not a number; set the prefix length of ' +
          "the tier's subnets, e.g. 24",
        "platform:network.tiers.edge: is null, not a map; set the tier, e.g. {prefixLength: 26}",
      ]);
    });

    it("reports a missing network", async () => {
      expect(await problemLines({ "platform:network": undefined })).to.deep.equal([
        `platform:network: missing; add the network map (cidr, availabilityZones, tiers, …) under config: in Pulumi.${pulumi.getStack()}.yaml`,
      ]);
    });

    it("reports a value that is not JSON instead of crashing", async () => {
      expect(await problemLines({ "platform:network": "cidr=10.0.0.0/16" })).to.deep.equal([
        `platform:network: is text that does not parse as JSON; write platform:network as a YAML map under config: in Pulumi.${pulumi.getStack()}.yaml`,
      ]);
    });

    it("reports a network that is not a map", async () => {
      expect(await problemLines({ "platform:network": ["10.0.0.0/16"] })).to.deep.equal([
        "platform:network: is a list, not a map; set the network, e.g. {cidr: 10.0.0.0/16, availabilityZones: " +
          "[ap-east-2a, ap-east-2b, ap-east-2c], tiers: {…}}",
      ]);
    });
  });

  describe("platform:tags", () => {
    it("reports a missing required tag", async () => {
      expect(await problemLines({ "platform:tags.Owner": undefined })).to.deep.equal([
        "platform:tags.Owner: missing; every stack must name its Owner: run " +
          "`pulumi config set --path 'platform:tags.Owner' <value>`",
      ]);
    });

    it("reports a blank required tag", async () => {
      expect(await problemLines({ "platform:tags.CostCenter": "  " })).to.deep.equal([
        "platform:tags.CostCenter: is blank; set the CostCenter tag to a non-blank value",
      ]);
    });

    it("reports a key with the reserved aws: prefix", async () => {
      expect(await problemLines({ "platform:tags.aws:team": "core" })).to.deep.equal([
        "platform:tags.aws:team: keys starting with aws: are reserved by AWS; rename the tag",
      ]);
    });

    it("reports a key longer than 128 characters", async () => {
      const key = "K".repeat(129);
      expect(await problemLines({ [`platform:tags.${key}`]: "x" })).to.deep.equal([
        `platform:tags.${key}: the key has 129 characters; AWS allows at most 128: shorten it`,
      ]);
    });

    it("reports a value longer than 256 characters", async () => {
      expect(await problemLines({ "platform:tags.Team": "v".repeat(257) })).to.deep.equal([
        "platform:tags.Team: the value has 257 characters; AWS allows at most 256: shorten it",
      ]);
    });

    it("reports characters AWS does not accept", async () => {
      expect(await problemLines({ "platform:tags.Team": "core#1" })).to.deep.equal([
        "platform:tags.Team: the value has characters AWS does not accept in tags; use letters, digits, spaces " +
          "and _ . : / = + - @",
      ]);
    });

    it("reports the tags the program sets itself", async () => {
      expect(
        await problemLines({ "platform:tags.Project": "shop", "platform:tags.ManagedBy": "terraform" }),
      ).to.deep.equal([
        "platform:tags.Project: the program sets Project itself (the Pulumi project name); remove it from platform:tags",
        "platform:tags.ManagedBy: the program sets ManagedBy itself (always pulumi); remove it from platform:tags",
      ]);
    });

    it("reports a value that is not a string", async () => {
      expect(await problemLines({ "platform:tags.CostCenter": 1001 })).to.deep.equal([
        'platform:tags.CostCenter: is the number 1001, not a string; quote it: "1001"',
      ]);
    });

    it("reports more tags than AWS allows per resource", async () => {
      const changes = Object.fromEntries(
        Array.from({ length: 45 }, (_, i) => [`platform:tags.Extra${i}`, "x"]),
      );
      expect(await problemLines(changes)).to.deep.equal([
        "platform:tags: 47 tags plus the 4 the program sets exceed the 50 AWS allows per resource; remove 1",
      ]);
    });

    it("reports missing tags", async () => {
      expect(await problemLines({ "platform:tags": undefined })).to.deep.equal([
        "platform:tags: missing; add a map with Owner and CostCenter, e.g. " +
          "`pulumi config set --path 'platform:tags.Owner' platform-team`",
      ]);
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
