import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  CLUSTER_IGNORED_PROPERTIES,
  GLOBAL_AURORA_TYPE,
  GlobalAurora,
  GlobalAuroraArgs,
  globalAuroraDefaults,
  withDefaults,
} from "../../../components/global-aurora";
import { ValidationError } from "../../../components/common/validation";
import {
  MOCK_ACCOUNT_ID,
  PlanRecorder,
  RecordedResource,
  SECRET_PLACEHOLDER,
  installPlanMocks,
  mockRandomResult,
} from "../../../tools/plan/mocks";
import { isSecret, valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const T = {
  global: "aws:rds/globalCluster:GlobalCluster",
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  parameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  password: "random:index/randomPassword:RandomPassword",
  randomString: "random:index/randomString:RandomString",
} as const;

const DB_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/11111111-2222-4333-a444-555555555555`;
const LOG_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/66666666-7777-4888-a999-000000000000`;
const TOKYO_DB_KEY = `arn:aws:kms:ap-northeast-1:${MOCK_ACCOUNT_ID}:key/aaaaaaaa-bbbb-4ccc-addd-eeeeeeeeeeee`;

const PRIMARY: GlobalAuroraArgs = {
  role: "primary",
  environment: "prod",
  stackName: "prod-taipei",
  engineVersion: "17.5",
  minCapacity: 1,
  maxCapacity: 32,
  instanceCount: 3,
  availabilityZones: ["ap-east-2a", "ap-east-2b", "ap-east-2c"],
  vpcId: "vpc-0123456789abcdef0",
  dbSubnetGroupName: "network-data",
  kmsKeyArn: DB_KEY,
  logKmsKeyArn: LOG_KEY,
  clientSecurityGroupIds: { "eks-nodes": "sg-0aaaaaaaaaaaaaaaa", "bastion-ssm": "sg-0bbbbbbbbbbbbbbbb" },
  backupRetentionDays: 30,
  protect: true,
  tags: { Team: "data" },
};

const SECONDARY: GlobalAuroraArgs = {
  ...PRIMARY,
  role: "secondary",
  stackName: "prod-tokyo",
  globalClusterIdentifier: "database-prod",
  instanceCount: 2,
  availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
  kmsKeyArn: TOKYO_DB_KEY,
  clientSecurityGroupIds: {},
};

interface Built {
  recorder: PlanRecorder;
  db: GlobalAurora;
  providerRef: string;
}

async function build(args: GlobalAuroraArgs, region = "ap-east-2", stack = "prod-taipei"): Promise<Built> {
  const { component: db, ...built } = await buildUnderMocks(
    (provider) => new GlobalAurora("database", args, { provider }),
    {
      stack,
      region,
      settle: (db) => [
        db.clusterArn,
        db.writerEndpoint,
        db.readerEndpoint,
        db.secretArn,
        db.globalClusterIdentifier,
      ],
    },
  );
  return { ...built, db };
}

function jsonOf(resource: RecordedResource, input: string): Record<string, unknown> {
  return JSON.parse(String(resource.inputs[input])) as Record<string, unknown>;
}

describe("GlobalAurora (under the plan mocks)", () => {
  describe("primary role (Taipei)", () => {
    let built: Built;
    before(async () => {
      built = await build(PRIMARY);
    });

    it("creates the global cluster: engine, pinned version, encrypted, deletion-protected, protected", () => {
      const global = built.recorder.find(T.global, "database-global");
      expect(global.inputs).to.deep.equal({
        globalClusterIdentifier: "database-prod",
        engine: "aurora-postgresql",
        engineVersion: "17.5",
        databaseName: "platform",
        storageEncrypted: true,
        deletionProtection: true,
        forceDestroy: false,
        tags: { Team: "data", Name: "database-global" },
      });
      expect(global.options.protect).to.equal(true);
    });

    it("creates the writer cluster joined to it, Serverless v2, encrypted with the database key", () => {
      const cluster = built.recorder.find(T.cluster, "database");
      const global = built.recorder.find(T.global, "database-global");
      const { finalSnapshotIdentifier, ...inputs } = cluster.inputs;
      expect(inputs).to.deep.equal({
        clusterIdentifier: "database-prod-ap-east-2",
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: "17.5",
        globalClusterIdentifier: global.id,
        databaseName: "platform",
        masterUsername: "platform_admin",
        masterPassword: SECRET_PLACEHOLDER,
        dbSubnetGroupName: "network-data",
        vpcSecurityGroupIds: [built.recorder.find(T.securityGroup, "database-sg").id],
        dbClusterParameterGroupName: built.recorder.find(T.parameterGroup, "database").id,
        port: 5432,
        storageEncrypted: true,
        kmsKeyId: DB_KEY,
        serverlessv2ScalingConfiguration: { minCapacity: 1, maxCapacity: 32 },
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        backupRetentionPeriod: 30,
        preferredBackupWindow: "17:00-18:00",
        preferredMaintenanceWindow: "sat:18:30-sat:19:30",
        copyTagsToSnapshot: true,
        skipFinalSnapshot: false,
        deleteAutomatedBackups: false,
        deletionProtection: true,
        tags: { Team: "data", Name: "database" },
      });
      const suffix = built.recorder.find(T.randomString, "database-final-snapshot").state["result"];
      expect(finalSnapshotIdentifier).to.equal(`database-prod-ap-east-2-prod-taipei-final-${String(suffix)}`);
      expect(String(suffix)).to.match(/^[a-z0-9]{8}$/);
    });

    it("protects the cluster, ignores the properties a switchover changes, and waits for its log group", () => {
      const cluster = built.recorder.find(T.cluster, "database");
      expect(cluster.options.protect).to.equal(true);
      expect(cluster.options.ignoreChanges).to.deep.equal([
        "replicationSourceIdentifier",
        "globalClusterIdentifier",
        "engineVersion",
      ]);
      expect(cluster.options.dependsOn).to.include(
        built.recorder.find(T.logGroup, "database-postgresql").urn,
      );
      expect(cluster.options.provider).to.equal(built.providerRef);
    });

    it("spreads three db.serverless instances over the zones with Performance Insights and monitoring", () => {
      const instances = built.recorder.byType(T.instance);
      expect(instances.map((i) => i.name).sort()).to.deep.equal(["database-a", "database-b", "database-c"]);
      const cluster = built.recorder.find(T.cluster, "database");
      const role = built.recorder.find(T.role, "database-monitoring");
      expect(built.recorder.find(T.instance, "database-b").inputs).to.deep.equal({
        identifier: "database-prod-ap-east-2-b",
        clusterIdentifier: cluster.id,
        engine: "aurora-postgresql",
        engineVersion: "17.5",
        instanceClass: "db.serverless",
        availabilityZone: "ap-east-2b",
        promotionTier: 1,
        publiclyAccessible: false,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        autoMinorVersionUpgrade: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: DB_KEY,
        performanceInsightsRetentionPeriod: 7,
        monitoringInterval: 60,
        monitoringRoleArn: role.state["arn"],
        copyTagsToSnapshot: true,
        tags: { Team: "data", Name: "database-b" },
      });
      expect(
        instances.map((i) => [i.inputs["availabilityZone"], i.inputs["promotionTier"]]).sort(),
      ).to.deep.equal([
        ["ap-east-2a", 0],
        ["ap-east-2b", 1],
        ["ap-east-2c", 1],
      ]);
      for (const instance of instances) {
        expect(instance.options.protect, instance.name).to.equal(true);
        expect(instance.options.ignoreChanges, instance.name).to.deep.equal(["engineVersion"]);
      }
    });

    it("uses a cluster parameter group of the version's family that forces TLS", () => {
      const group = built.recorder.find(T.parameterGroup, "database");
      expect(group.inputs["family"]).to.equal("aurora-postgresql17");
      expect(group.inputs["parameters"]).to.deep.include({
        name: "rds.force_ssl",
        value: "1",
        applyMethod: "immediate",
      });
      expect(group.options.protect).to.equal(false);
    });

    it("admits PostgreSQL only from the named client security groups, one rule each, never a CIDR", () => {
      const sg = built.recorder.find(T.securityGroup, "database-sg");
      expect(sg.inputs).to.deep.equal({
        vpcId: "vpc-0123456789abcdef0",
        description: "Aurora database: PostgreSQL from named client security groups only",
        tags: { Team: "data", Name: "database-sg" },
      });
      const rules = built.recorder.byType(T.ingress);
      expect(rules.map((r) => r.name).sort()).to.deep.equal([
        "database-from-bastion-ssm",
        "database-from-eks-nodes",
      ]);
      expect(built.recorder.find(T.ingress, "database-from-eks-nodes").inputs).to.deep.equal({
        securityGroupId: sg.id,
        description: "PostgreSQL from eks-nodes",
        ipProtocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        referencedSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa",
        tags: { Team: "data", Name: "database-from-eks-nodes" },
      });
      for (const rule of rules) {
        expect(rule.inputs).to.not.have.any.keys("cidrIpv4", "cidrIpv6", "prefixListId");
        expect(rule.parent).to.equal(sg.urn);
      }
    });

    it("gives enhanced monitoring its own role that only RDS monitoring of this account assumes", () => {
      const role = built.recorder.find(T.role, "database-monitoring");
      expect(jsonOf(role, "assumeRolePolicy")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RdsEnhancedMonitoringOfThisAccount",
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "monitoring.rds.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
          },
        ],
      });
      expect(built.recorder.find(T.attachment, "database-monitoring").inputs).to.deep.equal({
        role: role.id,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      });
    });

    it("creates the PostgreSQL log group first, with the logs key and a retention", () => {
      expect(built.recorder.find(T.logGroup, "database-postgresql").inputs).to.deep.equal({
        name: "/aws/rds/cluster/database-prod-ap-east-2/postgresql",
        retentionInDays: 365,
        kmsKeyId: LOG_KEY,
        tags: { Team: "data", Name: "database-postgresql" },
      });
    });

    it("generates the master password as a secret and keeps it in Secrets Manager under the database key", async () => {
      const password = built.recorder.find(T.password, "database-master-password");
      expect(password.inputs).to.deep.equal({
        length: 32,
        special: true,
        overrideSpecial: "!#$%&*()-_=+[]{}<>:?",
        minLower: 2,
        minUpper: 2,
        minNumeric: 2,
        minSpecial: 2,
      });
      expect(password.state["result"]).to.equal(SECRET_PLACEHOLDER);
      const secret = built.recorder.find(T.secret, "database-master");
      expect(secret.inputs).to.deep.equal({
        description: "Master credentials of the Aurora global database database (prod)",
        kmsKeyId: DB_KEY,
        recoveryWindowInDays: 30,
        tags: { Team: "data", Name: "database-master" },
      });
      expect(secret.options.protect).to.equal(true);
      const version = built.recorder.find(T.secretVersion, "database-master");
      expect(version.inputs).to.deep.equal({ secretId: secret.id, secretString: SECRET_PLACEHOLDER });
      expect(version.parent).to.equal(built.recorder.find(GLOBAL_AURORA_TYPE, "database").urn);
      expect(version.options.protect).to.equal(false);
      expect(await valueOf(built.db.secretArn)).to.equal(secret.state["arn"]);
      expect(await isSecret(built.db.secretArn)).to.equal(false);
    });

    it("never shows the plaintext password in any input, state or output", () => {
      const plaintext = mockRandomResult(
        "platform",
        "prod-taipei",
        T.password,
        "database-master-password",
        32,
      );
      expect(plaintext).to.have.length(32);
      const everything = JSON.stringify(built.recorder.resources);
      expect(everything).to.not.include(plaintext);
      for (const resource of built.recorder.resources) {
        const outputs = built.recorder.registeredOutputs(resource.urn);
        expect(JSON.stringify(outputs?.plain ?? {}), resource.name).to.not.include(plaintext);
      }
    });

    it("exports the identifiers, endpoints, port, security group, secret ARN and key", async () => {
      const cluster = built.recorder.find(T.cluster, "database");
      const global = built.recorder.find(T.global, "database-global");
      const db = built.db;
      expect(await valueOf(db.globalClusterIdentifier)).to.equal("database-prod");
      expect(await valueOf(db.globalWriterEndpoint)).to.equal(global.state["endpoint"]);
      expect(await valueOf(db.clusterIdentifier)).to.equal("database-prod-ap-east-2");
      expect(await valueOf(db.clusterArn)).to.equal(
        `arn:aws:rds:ap-east-2:${MOCK_ACCOUNT_ID}:cluster:database-prod-ap-east-2`,
      );
      expect(await valueOf(db.writerEndpoint)).to.equal(cluster.state["endpoint"]);
      expect(await valueOf(db.readerEndpoint)).to.equal(cluster.state["readerEndpoint"]);
      expect(String(cluster.state["readerEndpoint"])).to.match(
        /^database-prod-ap-east-2\.cluster-ro-[0-9a-f]{12}\.ap-east-2\.rds\.amazonaws\.com$/,
      );
      expect(await valueOf(db.port)).to.equal(5432);
      expect(await valueOf(db.securityGroupId)).to.equal(
        built.recorder.find(T.securityGroup, "database-sg").id,
      );
      expect(await valueOf(db.kmsKeyArn)).to.equal(DB_KEY);
      expect(db.instancePlan.map((i) => i.key)).to.deep.equal(["a", "b", "c"]);
    });

    it("creates every child through the regional provider, under the component", () => {
      const component = built.recorder.find(GLOBAL_AURORA_TYPE, "database");
      for (const resource of built.recorder.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
        expect(resource.options.provider, `${resource.type}::${resource.name}`).to.equal(built.providerRef);
      }
      const direct = built.recorder.childrenOf(component.urn).map((r) => r.name);
      expect(direct).to.include.members([
        "database-global",
        "database",
        "database-sg",
        "database-monitoring",
        "database-postgresql",
        "database-master",
        "database-master-password",
      ]);
    });
  });

  describe("secondary role (Tokyo)", () => {
    let built: Built;
    before(async () => {
      built = await build(SECONDARY, "ap-northeast-1", "prod-tokyo");
    });

    it("joins the named global cluster with its own region's key and no credentials, global cluster or secret", () => {
      expect(built.recorder.byType(T.global)).to.deep.equal([]);
      expect(built.recorder.byType(T.secret)).to.deep.equal([]);
      expect(built.recorder.byType(T.password)).to.deep.equal([]);
      const cluster = built.recorder.find(T.cluster, "database");
      expect(cluster.inputs["globalClusterIdentifier"]).to.equal("database-prod");
      expect(cluster.inputs["kmsKeyId"]).to.equal(TOKYO_DB_KEY);
      expect(cluster.inputs["storageEncrypted"]).to.equal(true);
      expect(cluster.inputs["clusterIdentifier"]).to.equal("database-prod-ap-northeast-1");
      expect(cluster.inputs).to.not.have.any.keys("masterUsername", "masterPassword", "databaseName");
      expect(cluster.inputs["skipFinalSnapshot"]).to.equal(false);
      expect(String(cluster.inputs["finalSnapshotIdentifier"])).to.match(
        /^database-prod-ap-northeast-1-prod-tokyo-final-[a-z0-9]{8}$/,
      );
      expect(cluster.inputs["deletionProtection"]).to.equal(true);
      expect(cluster.inputs["deleteAutomatedBackups"]).to.equal(false);
    });

    it("ignores replicationSourceIdentifier and globalClusterIdentifier, and is protected", () => {
      const cluster = built.recorder.find(T.cluster, "database");
      expect(cluster.options.ignoreChanges).to.include.members([
        "replicationSourceIdentifier",
        "globalClusterIdentifier",
      ]);
      expect(cluster.options.ignoreChanges).to.deep.equal([...CLUSTER_IGNORED_PROPERTIES]);
      expect(cluster.options.protect).to.equal(true);
    });

    it("has the same Serverless v2 instances, monitoring, logs and parameter group in its own zones", () => {
      expect(
        built.recorder
          .byType(T.instance)
          .map(
            (i) => `${i.name} ${String(i.inputs["availabilityZone"])} ${String(i.inputs["instanceClass"])}`,
          )
          .sort(),
      ).to.deep.equal([
        "database-a ap-northeast-1a db.serverless",
        "database-c ap-northeast-1c db.serverless",
      ]);
      expect(built.recorder.find(T.logGroup, "database-postgresql").inputs["name"]).to.equal(
        "/aws/rds/cluster/database-prod-ap-northeast-1/postgresql",
      );
      expect(built.recorder.find(T.parameterGroup, "database").inputs["family"]).to.equal(
        "aurora-postgresql17",
      );
      expect(built.recorder.byType(T.role).map((r) => r.name)).to.deep.equal(["database-monitoring"]);
      expect(built.recorder.byType(T.ingress)).to.deep.equal([]);
    });

    it("exports the joined global cluster, its own endpoints and no secret", async () => {
      expect(await valueOf(built.db.globalClusterIdentifier)).to.equal("database-prod");
      expect(await valueOf(built.db.secretArn)).to.equal(undefined);
      expect(await valueOf(built.db.globalWriterEndpoint)).to.equal(undefined);
      expect(await valueOf(built.db.kmsKeyArn)).to.equal(TOKYO_DB_KEY);
    });
  });

  it("protects nothing when not asked, and gives every child a unique type::name with two instances in one stack", async () => {
    const dev = { environment: "dev", instanceCount: 1, backupRetentionDays: 1, protect: undefined };
    const { recorder } = await buildUnderMocks(
      (provider) => ({
        a: new GlobalAurora("orders", { ...PRIMARY, ...dev }, { provider }),
        b: new GlobalAurora(
          "ledger",
          { ...SECONDARY, ...dev, availabilityZones: PRIMARY.availabilityZones },
          { provider },
        ),
      }),
      { stack: "dev", settle: ({ a, b }) => [a.clusterArn, b.clusterArn, a.secretArn] },
    );
    expect(recorder.resources.filter((r) => r.options.protect).map((r) => r.name)).to.deep.equal([]);
    expect(
      recorder
        .byType(T.cluster)
        .map((c) => c.name)
        .sort(),
    ).to.deep.equal(["ledger", "orders"]);
    const names = recorder.resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).to.equal(names.length);
  });
});

describe("GlobalAurora arguments", () => {
  it("defaults: a week of backups, quiet windows, monitoring every minute, no clients, unprotected", () => {
    const resolved = withDefaults(PRIMARY);
    expect(resolved.preferredBackupWindow).to.equal("17:00-18:00");
    expect(
      withDefaults({
        ...PRIMARY,
        backupRetentionDays: undefined,
        protect: undefined,
        clientSecurityGroupIds: undefined,
      }),
    ).to.include({
      backupRetentionDays: 7,
      protect: false,
      monitoringIntervalSeconds: 60,
      performanceInsightsRetentionDays: 7,
      logRetentionDays: 365,
      databaseName: "platform",
      masterUsername: "platform_admin",
    });
    expect(globalAuroraDefaults.clientSecurityGroupIds).to.deep.equal({});
  });

  it("rejects every problem in one error before any child is created", () => {
    const recorder = installPlanMocks({
      project: "platform",
      stack: "prod-taipei",
      config: { "aws:region": "ap-east-2" },
    });
    const provider = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
    let error: unknown;
    try {
      new GlobalAurora(
        "database",
        {
          ...PRIMARY,
          globalClusterIdentifier: "other",
          minCapacity: 8,
          maxCapacity: 4,
          instanceCount: 1,
          backupRetentionDays: 3,
          engineVersion: "15.4",
          clientSecurityGroupIds: { "EKS nodes": "sg-1" },
        },
        { provider },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.equal(
      [
        'Invalid arguments for GlobalAurora "database":',
        "  - globalClusterIdentifier: is set, but a primary creates its own global cluster; remove it, or use role secondary to join one",
        '  - engineVersion: "15.4" is not an Aurora PostgreSQL version this component lists as supporting global databases; use one of 16.6, 16.8, 17.4, 17.5 (e.g. 17.5), or add the version to GLOBAL_DATABASE_ENGINE_VERSIONS after checking it',
        "  - minCapacity: 8 ACU is more than maxCapacity (4 ACU); lower minCapacity or raise maxCapacity",
        "  - instanceCount: 1 instance leaves prod without a failover target in another zone; use 2 or more",
        "  - backupRetentionDays: 3 days is too short for prod; keep backups 7 days or more (up to 35)",
        '  - clientSecurityGroupIds.EKS nodes: "EKS nodes" cannot name an ingress rule; use 1 to 40 lowercase letters, digits and hyphens (e.g. eks-nodes)',
      ].join("\n"),
    );
    expect(recorder.resources.filter((r) => r.custom && r.type.startsWith("aws:rds"))).to.deep.equal([]);
    expect(recorder.byType(GLOBAL_AURORA_TYPE).length).to.be.at.most(1);
    expect(
      recorder.resources.filter((r) => r.parent !== undefined && r.type !== "pulumi:providers:aws"),
    ).to.deep.equal([]);
  });

  it("requires the global cluster for a secondary, zones, a stack name and the regional provider", () => {
    let error: unknown;
    installPlanMocks({
      project: "platform",
      stack: "prod-tokyo",
      config: { "aws:region": "ap-northeast-1" },
    });
    try {
      new GlobalAurora("database", {
        ...SECONDARY,
        globalClusterIdentifier: undefined,
        availabilityZones: [],
        stackName: " ",
        environment: "prod env",
      });
    } catch (caught) {
      error = caught;
    }
    expect((error as ValidationError).problems).to.deep.equal([
      {
        path: "globalClusterIdentifier",
        message:
          "missing; a secondary joins an existing global cluster: pass the primary stack's globalClusterIdentifier",
      },
      {
        path: "environment",
        message:
          '"prod env" cannot be part of an identifier; use 1 to 32 letters, digits, - and _ (e.g. prod)',
      },
      { path: "stackName", message: "is empty; pass pulumi.getStack()" },
      {
        path: "availabilityZones",
        message: "is empty; list the zones of the data subnets (those of the DB subnet group)",
      },
      {
        path: "opts.provider",
        message:
          "no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
      },
    ]);
  });
});
