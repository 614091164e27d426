import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  installPlanMocks,
  MOCK_ACCOUNT_ID,
  mockRandomResult,
  PlanRecorder,
  planResourceOf,
  zoneIdOf,
} from "../../../tools/plan/mocks";
import { inputsOf, valueOf } from "../../support/pulumi";

const PRIMARY = "kimkao/platform/prod-taipei";

function install(overrides: Partial<Parameters<typeof installPlanMocks>[0]> = {}): PlanRecorder {
  return installPlanMocks({
    project: "platform",
    stack: "prod-tokyo",
    config: { "aws:region": "ap-east-2" },
    stackOutputs: {
      [PRIMARY]: { vpcId: "vpc-0123456789abcdef0", region: "ap-east-2", dbPassword: "hunter2" },
    },
    stackSecretOutputs: { [PRIMARY]: ["dbPassword"] },
    regions: { "ap-east-2": ["a", "b", "c"], "ap-northeast-1": ["a", "c", "d"] },
    ...overrides,
  });
}

class Group extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("platform:test:Group", name, {}, opts);
    this.registerOutputs({ size: 2, token: pulumi.secret("t0ken") });
  }
}

describe("offline plan mocks", () => {
  let recorder: PlanRecorder;
  let tokyo: aws.Provider;

  beforeEach(() => {
    recorder = install();
    tokyo = new aws.Provider("tokyo", {
      region: "ap-northeast-1",
      defaultTags: { tags: { Owner: "platform" } },
    });
  });

  describe("ids and ARNs", () => {
    it("gives a VPC ec2 ids and an ARN in the region of the provider it uses", async () => {
      const vpc = new aws.ec2.Vpc("main", { cidrBlock: "10.1.0.0/16" }, { provider: tokyo });
      const id = await valueOf(vpc.id);
      expect(id).to.match(/^vpc-[0-9a-f]{17}$/);
      expect(await valueOf(vpc.arn)).to.equal(`arn:aws:ec2:ap-northeast-1:${MOCK_ACCOUNT_ID}:vpc/${id}`);
      expect(await valueOf(vpc.defaultSecurityGroupId)).to.match(/^sg-[0-9a-f]{17}$/);
      expect(await valueOf(vpc.defaultNetworkAclId)).to.match(/^acl-[0-9a-f]{17}$/);
      const mainRouteTable = await valueOf(vpc.mainRouteTableId);
      expect(mainRouteTable).to.match(/^rtb-[0-9a-f]{17}$/);
      expect(await valueOf(vpc.defaultRouteTableId)).to.equal(mainRouteTable);
    });

    it("uses config aws:region for resources on the default provider", async () => {
      const group = new aws.cloudwatch.LogGroup("flow-logs", {
        name: "/platform/flow-logs",
        retentionInDays: 30,
      });
      expect(await valueOf(group.id)).to.equal("/platform/flow-logs");
      expect(await valueOf(group.arn)).to.equal(
        `arn:aws:logs:ap-east-2:${MOCK_ACCOUNT_ID}:log-group:/platform/flow-logs`,
      );
      const unnamed = new aws.cloudwatch.LogGroup("unnamed", {});
      expect(await valueOf(unnamed.arn)).to.equal(
        `arn:aws:logs:ap-east-2:${MOCK_ACCOUNT_ID}:log-group:unnamed`,
      );
    });

    it("gives subnets, gateways, EIPs, NAT gateways and security groups their id formats", async () => {
      const subnet = new aws.ec2.Subnet(
        "data-a",
        { vpcId: "vpc-1", cidrBlock: "10.1.1.0/24", availabilityZone: "ap-northeast-1c" },
        { provider: tokyo },
      );
      const subnetId = await valueOf(subnet.id);
      expect(subnetId).to.match(/^subnet-[0-9a-f]{17}$/);
      expect(await valueOf(subnet.arn)).to.equal(
        `arn:aws:ec2:ap-northeast-1:${MOCK_ACCOUNT_ID}:subnet/${subnetId}`,
      );
      expect(await valueOf(subnet.availabilityZoneId)).to.equal("apne1-az3");
      expect(await valueOf(new aws.ec2.RouteTable("rt", { vpcId: "vpc-1" }).id)).to.match(
        /^rtb-[0-9a-f]{17}$/,
      );
      expect(await valueOf(new aws.ec2.InternetGateway("igw", {}).id)).to.match(/^igw-[0-9a-f]{17}$/);
      const eip = new aws.ec2.Eip("nat-a", { domain: "vpc" });
      const allocation = await valueOf(eip.id);
      expect(allocation).to.match(/^eipalloc-[0-9a-f]{17}$/);
      expect(await valueOf(eip.allocationId)).to.equal(allocation);
      expect(await valueOf(eip.publicIp)).to.match(/^203\.0\.113\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/);
      expect(
        await valueOf(new aws.ec2.NatGateway("nat", { subnetId, allocationId: allocation }).id),
      ).to.match(/^nat-[0-9a-f]{17}$/);
      const sg = new aws.ec2.SecurityGroup("sg", { vpcId: "vpc-1" });
      const sgId = await valueOf(sg.id);
      expect(sgId).to.match(/^sg-[0-9a-f]{17}$/);
      expect(await valueOf(sg.arn)).to.equal(
        `arn:aws:ec2:ap-east-2:${MOCK_ACCOUNT_ID}:security-group/${sgId}`,
      );
      expect(await valueOf(new aws.ec2.FlowLog("fl", { vpcId: "vpc-1", trafficType: "ALL" }).id)).to.match(
        /^fl-[0-9a-f]{17}$/,
      );
    });

    it("gives gateway endpoints a prefix list and interface endpoints DNS entries", async () => {
      const s3 = new aws.ec2.VpcEndpoint("s3", {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.ap-northeast-1.s3",
        vpcEndpointType: "Gateway",
      });
      expect(await valueOf(s3.id)).to.match(/^vpce-[0-9a-f]{17}$/);
      expect(await valueOf(s3.prefixListId)).to.match(/^pl-[0-9a-f]{8}$/);
      const sts = new aws.ec2.VpcEndpoint(
        "sts",
        {
          vpcId: "vpc-1",
          serviceName: "com.amazonaws.ap-northeast-1.sts",
          vpcEndpointType: "Interface",
          subnetIds: ["subnet-a", "subnet-c"],
        },
        { provider: tokyo },
      );
      const stsId = await valueOf(sts.id);
      const dns = await valueOf(sts.dnsEntries);
      expect(dns).to.have.length(1);
      expect(dns[0].dnsName).to.match(
        new RegExp(`^${stsId}-[0-9a-f]{8}\\.sts\\.ap-northeast-1\\.vpce\\.amazonaws\\.com$`),
      );
      expect(await valueOf(sts.networkInterfaceIds)).to.have.length(2);
    });

    it("gives a peering accepter the id of the connection it accepts", async () => {
      const peering = new aws.ec2.VpcPeeringConnection("peer", {
        vpcId: "vpc-1",
        peerVpcId: "vpc-2",
        peerRegion: "ap-east-2",
      });
      const pcx = await valueOf(peering.id);
      expect(pcx).to.match(/^pcx-[0-9a-f]{17}$/);
      const accepter = new aws.ec2.VpcPeeringConnectionAccepter("accept", {
        vpcPeeringConnectionId: peering.id,
        autoAccept: true,
      });
      expect(await valueOf(accepter.id)).to.equal(pcx);
      expect(await valueOf(accepter.acceptStatus)).to.equal("active");
    });

    it("gives KMS keys, aliases, IAM roles and policies and DB subnet groups their ARNs", async () => {
      const key = new aws.kms.Key("data", {}, { provider: tokyo });
      const keyId = await valueOf(key.keyId);
      expect(keyId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await valueOf(key.id)).to.equal(keyId);
      expect(await valueOf(key.arn)).to.equal(`arn:aws:kms:ap-northeast-1:${MOCK_ACCOUNT_ID}:key/${keyId}`);
      const alias = new aws.kms.Alias(
        "data",
        { name: "alias/platform-data", targetKeyId: key.keyId },
        { provider: tokyo },
      );
      expect(await valueOf(alias.arn)).to.equal(
        `arn:aws:kms:ap-northeast-1:${MOCK_ACCOUNT_ID}:alias/platform-data`,
      );
      expect(await valueOf(alias.targetKeyArn)).to.equal(await valueOf(key.arn));
      const role = new aws.iam.Role("flow-logs", { assumeRolePolicy: "{}" });
      expect(await valueOf(role.id)).to.equal("flow-logs");
      expect(await valueOf(role.arn)).to.equal(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/flow-logs`);
      expect(await valueOf(role.uniqueId)).to.match(/^AROA[A-Z2-7]{17}$/);
      const policy = new aws.iam.Policy("reader", {
        name: "platform-reader",
        path: "/platform/",
        policy: "{}",
      });
      expect(await valueOf(policy.arn)).to.equal(
        `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/platform/platform-reader`,
      );
      const subnets = new aws.rds.SubnetGroup("data", { name: "platform-data", subnetIds: ["subnet-a"] });
      expect(await valueOf(subnets.id)).to.equal("platform-data");
      expect(await valueOf(subnets.arn)).to.equal(
        `arn:aws:rds:ap-east-2:${MOCK_ACCOUNT_ID}:subgrp:platform-data`,
      );
    });

    it("gives MSK clusters, configurations, topics, replicators and storage scaling their ARNs and strings", async () => {
      const cluster = new aws.msk.Cluster(
        "kafka",
        {
          kafkaVersion: "3.8.x",
          numberOfBrokerNodes: 3,
          brokerNodeGroupInfo: {
            instanceType: "kafka.m7g.large",
            clientSubnets: ["subnet-a", "subnet-b", "subnet-c"],
            securityGroups: ["sg-1"],
            connectivityInfo: { vpcConnectivity: { clientAuthentication: { sasl: { iam: true } } } },
          },
        },
        { provider: tokyo },
      );
      const arn = await valueOf(cluster.arn);
      expect(arn).to.match(
        new RegExp(`^arn:aws:kafka:ap-northeast-1:${MOCK_ACCOUNT_ID}:cluster/kafka/[0-9a-f-]{36}-\\d+$`),
      );
      expect(await valueOf(cluster.id)).to.equal(arn);
      expect(await valueOf(cluster.clusterName)).to.equal("kafka");
      expect(arn.endsWith(`/${await valueOf(cluster.clusterUuid)}`)).to.equal(true);
      const iam = (await valueOf(cluster.bootstrapBrokersSaslIam)).split(",");
      expect(iam).to.have.length(3);
      expect(iam[0]).to.match(/^b-1\.kafka\.[0-9a-f]{6}\.c2\.kafka\.ap-northeast-1\.amazonaws\.com:9098$/);
      expect(
        (await valueOf(cluster.bootstrapBrokersVpcConnectivitySaslIam))
          .split(",")
          .map((h) => h.split(":")[1]),
      ).to.deep.equal(["14001", "14002", "14003"]);
      expect(await valueOf(cluster.currentVersion)).to.match(/^K[A-Z2-7]{13}$/);
      expect((await valueOf(cluster.zookeeperConnectString)).split(",")).to.have.length(3);
      const kraft = new aws.msk.Cluster(
        "kraft",
        {
          kafkaVersion: "3.9.x.kraft",
          numberOfBrokerNodes: 2,
          brokerNodeGroupInfo: {
            instanceType: "kafka.t3.small",
            clientSubnets: ["a", "b"],
            securityGroups: [],
          },
        },
        { provider: tokyo },
      );
      expect(await valueOf(kraft.zookeeperConnectString)).to.equal("");
      expect(await valueOf(kraft.bootstrapBrokersVpcConnectivitySaslIam)).to.equal("");

      const configuration = new aws.msk.Configuration("kafka", { serverProperties: "" }, { provider: tokyo });
      expect(await valueOf(configuration.arn)).to.match(
        new RegExp(
          `^arn:aws:kafka:ap-northeast-1:${MOCK_ACCOUNT_ID}:configuration/kafka/[0-9a-f-]{36}-\\d+$`,
        ),
      );
      expect(await valueOf(configuration.latestRevision)).to.equal(1);

      const topic = new aws.msk.Topic(
        "orders",
        { clusterArn: cluster.arn, name: "order-events", partitionCount: 3, replicationFactor: 3 },
        { provider: tokyo },
      );
      expect(await valueOf(topic.id)).to.equal(`${arn},order-events`);
      expect(await valueOf(topic.arn)).to.equal(`${arn.replace(":cluster/", ":topic/")}/order-events`);

      const replicator = new aws.msk.Replicator(
        "replicator",
        {
          replicatorName: "platform-prod-ap-east-2-to-ap-northeast-1",
          kafkaClusters: [],
          replicationInfoList: {
            targetCompressionType: "NONE",
            topicReplications: [],
            consumerGroupReplications: [],
          },
          serviceExecutionRoleArn: "arn:aws:iam::123456789012:role/r",
        },
        { provider: tokyo },
      );
      expect(await valueOf(replicator.arn)).to.match(
        new RegExp(
          `^arn:aws:kafka:ap-northeast-1:${MOCK_ACCOUNT_ID}:replicator/platform-prod-ap-east-2-to-ap-northeast-1/[0-9a-f-]{36}-\\d+$`,
        ),
      );
      const policy = new aws.msk.ClusterPolicy(
        "source",
        { clusterArn: cluster.arn, policy: "{}" },
        { provider: tokyo },
      );
      expect(await valueOf(policy.id)).to.equal(arn);

      const target = new aws.appautoscaling.Target(
        "storage",
        {
          serviceNamespace: "kafka",
          scalableDimension: "kafka:broker-storage:VolumeSize",
          resourceId: cluster.arn,
          minCapacity: 100,
          maxCapacity: 1000,
        },
        { provider: tokyo },
      );
      expect(await valueOf(target.id)).to.equal(arn);
      const scaling = new aws.appautoscaling.Policy(
        "storage",
        { serviceNamespace: "kafka", scalableDimension: "kafka:broker-storage:VolumeSize", resourceId: arn },
        { provider: tokyo },
      );
      const UUID = (await valueOf(scaling.arn)).split(":")[6];
      expect(UUID).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await valueOf(scaling.arn)).to.equal(
        `arn:aws:autoscaling:ap-northeast-1:${MOCK_ACCOUNT_ID}:scalingPolicy:${UUID}:resource/kafka/${arn}:policyName/storage`,
      );
    });

    it("gives Aurora global clusters, clusters, instances, parameter groups and secrets their ids and endpoints", async () => {
      const global = new aws.rds.GlobalCluster(
        "db-global",
        { globalClusterIdentifier: "database-prod", engine: "aurora-postgresql", engineVersion: "17.5" },
        { provider: tokyo },
      );
      expect(await valueOf(global.id)).to.equal("database-prod");
      expect(await valueOf(global.arn)).to.equal(
        `arn:aws:rds::${MOCK_ACCOUNT_ID}:global-cluster:database-prod`,
      );
      expect(await valueOf(global.endpoint)).to.match(
        /^database-prod\.global-[0-9a-f]{12}\.global\.rds\.amazonaws\.com$/,
      );
      expect(await valueOf(global.globalClusterResourceId)).to.match(/^cluster-[A-Z2-7]{26}$/);
      const cluster = new aws.rds.Cluster(
        "db",
        {
          clusterIdentifier: "database-prod-ap-northeast-1",
          engine: "aurora-postgresql",
          engineVersion: "17.5",
        },
        { provider: tokyo },
      );
      expect(await valueOf(cluster.id)).to.equal("database-prod-ap-northeast-1");
      expect(await valueOf(cluster.arn)).to.equal(
        `arn:aws:rds:ap-northeast-1:${MOCK_ACCOUNT_ID}:cluster:database-prod-ap-northeast-1`,
      );
      const endpoint = await valueOf(cluster.endpoint);
      expect(endpoint).to.match(
        /^database-prod-ap-northeast-1\.cluster-[0-9a-f]{12}\.ap-northeast-1\.rds\.amazonaws\.com$/,
      );
      expect(await valueOf(cluster.readerEndpoint)).to.equal(endpoint.replace(".cluster-", ".cluster-ro-"));
      expect(await valueOf(cluster.port)).to.equal(5432);
      expect(await valueOf(cluster.clusterResourceId)).to.match(/^cluster-[A-Z2-7]{26}$/);
      expect(await valueOf(cluster.engineVersionActual)).to.equal("17.5");
      const mysql = new aws.rds.Cluster("legacy", { engine: "aurora-mysql" });
      expect(await valueOf(mysql.port)).to.equal(3306);
      expect(await valueOf(mysql.id)).to.match(/^legacy-[0-9a-f]{8}$/);
      const instance = new aws.rds.ClusterInstance(
        "db-a",
        {
          identifier: "database-prod-ap-northeast-1-a",
          clusterIdentifier: cluster.id,
          engine: "aurora-postgresql",
          instanceClass: "db.serverless",
        },
        { provider: tokyo },
      );
      expect(await valueOf(instance.arn)).to.equal(
        `arn:aws:rds:ap-northeast-1:${MOCK_ACCOUNT_ID}:db:database-prod-ap-northeast-1-a`,
      );
      expect(await valueOf(instance.endpoint)).to.match(
        /^database-prod-ap-northeast-1-a\.[0-9a-f]{12}\.ap-northeast-1\.rds\.amazonaws\.com$/,
      );
      const group = new aws.rds.ClusterParameterGroup(
        "db",
        { family: "aurora-postgresql17" },
        { provider: tokyo },
      );
      expect(await valueOf(group.id)).to.match(/^db-[0-9a-f]{7}$/);
      expect(await valueOf(group.arn)).to.equal(
        `arn:aws:rds:ap-northeast-1:${MOCK_ACCOUNT_ID}:cluster-pg:${await valueOf(group.id)}`,
      );
      const secret = new aws.secretsmanager.Secret("master", {}, { provider: tokyo });
      const secretArn = await valueOf(secret.arn);
      expect(secretArn).to.match(
        new RegExp(
          `^arn:aws:secretsmanager:ap-northeast-1:${MOCK_ACCOUNT_ID}:secret:master-[0-9a-f]{8}-[A-Z2-7]{6}$`,
        ),
      );
      expect(await valueOf(secret.id)).to.equal(secretArn);
      const version = new aws.secretsmanager.SecretVersion(
        "master",
        { secretId: secret.id, secretString: pulumi.secret("{}") },
        { provider: tokyo },
      );
      expect(await valueOf(version.versionId)).to.match(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(await valueOf(version.id)).to.equal(`${secretArn}|${await valueOf(version.versionId)}`);
    });

    it("answers an eks.Cluster with its kubeconfig, security group, OIDC issuer and endpoint", async () => {
      const cluster = new eks.Cluster(
        "eks",
        {
          name: "platform-prod-ap-northeast-1",
          vpcId: "vpc-0123456789abcdef0",
          privateSubnetIds: ["subnet-a", "subnet-b"],
          createOidcProvider: true,
          skipDefaultSecurityGroups: true,
        },
        { provider: tokyo },
      );
      const issuer = await valueOf(cluster.oidcIssuer);
      expect(issuer).to.match(/^oidc\.eks\.ap-northeast-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
      expect(await valueOf(cluster.oidcProviderUrl)).to.equal(`https://${issuer}`);
      expect(await valueOf(cluster.oidcProviderArn)).to.equal(
        `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer}`,
      );
      const securityGroup = await valueOf(cluster.clusterSecurityGroupId);
      expect(securityGroup).to.match(/^sg-[0-9a-f]{17}$/);
      // Without security groups of its own, the nodes carry the cluster security group.
      expect(await valueOf(cluster.nodeSecurityGroupId)).to.equal(securityGroup);
      const core = await valueOf(cluster.core);
      expect(core.endpoint).to.match(/^https:\/\/[0-9A-F]{32}\.gr7\.ap-northeast-1\.eks\.amazonaws\.com$/);
      expect(core.vpcId).to.equal("vpc-0123456789abcdef0");
      expect(core.subnetIds).to.deep.equal(["subnet-a", "subnet-b"]);
      const kubeconfig = JSON.parse(await valueOf(cluster.kubeconfigJson)) as {
        clusters: { cluster: { server: string } }[];
        users: { user: { exec: { args: string[] } } }[];
      };
      expect(kubeconfig.clusters[0].cluster.server).to.equal(core.endpoint);
      expect(kubeconfig.users[0].user.exec.args).to.deep.equal([
        "--region",
        "ap-northeast-1",
        "eks",
        "get-token",
        "--cluster-name",
        "platform-prod-ap-northeast-1",
        "--output",
        "json",
      ]);
      await recorder.settled();
      expect(recorder.byType("eks:index:Cluster").map((r) => r.custom)).to.deep.equal([false]);
    });

    it("gives launch templates a version, and EKS add-ons, access entries and pod identity associations their ids", async () => {
      const template = new aws.ec2.LaunchTemplate("nodes", {}, { provider: tokyo });
      expect(await valueOf(template.id)).to.match(/^lt-[0-9a-f]{17}$/);
      expect(await valueOf(template.latestVersion)).to.equal(1);
      const addon = new aws.eks.Addon(
        "cni",
        { clusterName: "c1", addonName: "vpc-cni" },
        { provider: tokyo },
      );
      expect(await valueOf(addon.id)).to.equal("c1:vpc-cni");
      expect(await valueOf(addon.arn)).to.match(
        new RegExp(`^arn:aws:eks:ap-northeast-1:${MOCK_ACCOUNT_ID}:addon/c1/vpc-cni/[0-9a-f-]{36}$`),
      );
      const role = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/admin`;
      const entry = new aws.eks.AccessEntry(
        "admin",
        { clusterName: "c1", principalArn: role },
        { provider: tokyo },
      );
      expect(await valueOf(entry.id)).to.equal(`c1:${role}`);
      const association = new aws.eks.PodIdentityAssociation(
        "api",
        { clusterName: "c1", namespace: "apps", serviceAccount: "api", roleArn: role },
        { provider: tokyo },
      );
      const associationId = await valueOf(association.associationId);
      expect(associationId).to.match(/^a-[0-9a-f]{17}$/);
      expect(await valueOf(association.associationArn)).to.equal(
        `arn:aws:eks:ap-northeast-1:${MOCK_ACCOUNT_ID}:podidentityassociation/c1/${associationId}`,
      );
    });

    it("returns RandomPassword results as secrets, shown as [secret], and RandomString results in plain", async () => {
      const password = new random.RandomPassword("master", { length: 24, special: true });
      const suffix = new random.RandomString("suffix", { length: 8, upper: false, special: false });
      expect(await pulumi.isSecret(password.result)).to.equal(true);
      const plaintext = await valueOf(password.result);
      expect(plaintext).to.equal(
        mockRandomResult(
          "platform",
          "prod-tokyo",
          "random:index/randomPassword:RandomPassword",
          "master",
          24,
        ),
      );
      expect(plaintext).to.have.length(24);
      expect(await valueOf(suffix.result)).to.match(/^[a-z0-9]{8}$/);
      await recorder.settled();
      const recorded = recorder.find("random:index/randomPassword:RandomPassword", "master");
      expect(recorded.state["result"]).to.equal("[secret]");
      expect(recorded.state["bcryptHash"]).to.equal("[secret]");
      expect(JSON.stringify(recorder.resources)).to.not.include(plaintext);
    });

    it("falls back to a hashed id and an ARN built from the type token", async () => {
      const queue = new aws.sqs.Queue("jobs", {}, { provider: tokyo });
      const id = await valueOf(queue.id);
      expect(id).to.match(/^jobs-[0-9a-f]{8}$/);
      expect(await valueOf(queue.arn)).to.equal(`arn:aws:sqs:ap-northeast-1:${MOCK_ACCOUNT_ID}:queue/jobs`);
    });

    it("gives observability resources their services' ids, ARNs and endpoints", async () => {
      const topic = new aws.sns.Topic("alarms", {}, { provider: tokyo });
      const topicArn = await valueOf(topic.arn);
      expect(topicArn).to.match(
        new RegExp(`^arn:aws:sns:ap-northeast-1:${MOCK_ACCOUNT_ID}:alarms-[0-9a-f]{7}$`),
      );
      expect(await valueOf(topic.id)).to.equal(topicArn);
      const subscription = new aws.sns.TopicSubscription(
        "oncall",
        { topic: topic.arn, protocol: "email", endpoint: "oncall@example.com" },
        { provider: tokyo },
      );
      expect(await valueOf(subscription.pendingConfirmation)).to.equal(true);
      const workspace = new aws.amp.Workspace("metrics", {}, { provider: tokyo });
      const workspaceId = await valueOf(workspace.id);
      expect(workspaceId).to.match(/^ws-[0-9a-f-]{36}$/);
      expect(await valueOf(workspace.arn)).to.equal(
        `arn:aws:aps:ap-northeast-1:${MOCK_ACCOUNT_ID}:workspace/${workspaceId}`,
      );
      expect(await valueOf(workspace.prometheusEndpoint)).to.equal(
        `https://aps-workspaces.ap-northeast-1.amazonaws.com/workspaces/${workspaceId}/`,
      );
      const grafana = new aws.grafana.Workspace(
        "grafana",
        {
          accountAccessType: "CURRENT_ACCOUNT",
          authenticationProviders: ["AWS_SSO"],
          permissionType: "SERVICE_MANAGED",
        },
        { provider: tokyo },
      );
      const grafanaId = await valueOf(grafana.id);
      expect(grafanaId).to.match(/^g-[0-9a-f]{10}$/);
      expect(await valueOf(grafana.endpoint)).to.equal(
        `${grafanaId}.grafana-workspace.ap-northeast-1.amazonaws.com`,
      );
      const alarm = new aws.cloudwatch.MetricAlarm(
        "cpu",
        { name: "platform-prod-cpu", comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1 },
        { provider: tokyo },
      );
      expect(await valueOf(alarm.arn)).to.equal(
        `arn:aws:cloudwatch:ap-northeast-1:${MOCK_ACCOUNT_ID}:alarm:platform-prod-cpu`,
      );
      const dashboard = new aws.cloudwatch.Dashboard(
        "main",
        { dashboardName: "platform-prod", dashboardBody: "{}" },
        { provider: tokyo },
      );
      expect(await valueOf(dashboard.dashboardArn)).to.equal(
        `arn:aws:cloudwatch::${MOCK_ACCOUNT_ID}:dashboard/platform-prod`,
      );
      const scraper = new aws.amp.Scraper(
        "eks",
        { scrapeConfiguration: "", destination: { amp: { workspaceArn: workspace.arn } } },
        { provider: tokyo },
      );
      expect(await valueOf(scraper.arn)).to.match(
        new RegExp(`^arn:aws:aps:ap-northeast-1:${MOCK_ACCOUNT_ID}:scraper/s-[0-9a-f-]{36}$`),
      );
    });

    it("gives ECR repositories their ARN, registry and URL, and their policies and the registry settings their ids", async () => {
      const repository = new aws.ecr.Repository("api", { name: "platform/api" }, { provider: tokyo });
      expect(await valueOf(repository.id)).to.equal("platform/api");
      expect(await valueOf(repository.name)).to.equal("platform/api");
      expect(await valueOf(repository.arn)).to.equal(
        `arn:aws:ecr:ap-northeast-1:${MOCK_ACCOUNT_ID}:repository/platform/api`,
      );
      expect(await valueOf(repository.registryId)).to.equal(MOCK_ACCOUNT_ID);
      expect(await valueOf(repository.repositoryUrl)).to.equal(
        `${MOCK_ACCOUNT_ID}.dkr.ecr.ap-northeast-1.amazonaws.com/platform/api`,
      );
      const unnamed = new aws.ecr.Repository("shop", {}, { provider: tokyo });
      expect(await valueOf(unnamed.name)).to.match(/^shop-[0-9a-f]{7}$/);
      const lifecycle = new aws.ecr.LifecyclePolicy(
        "api",
        { repository: repository.name, policy: "{}" },
        { provider: tokyo },
      );
      expect(await valueOf(lifecycle.id)).to.equal("platform/api");
      expect(await valueOf(lifecycle.registryId)).to.equal(MOCK_ACCOUNT_ID);
      const policy = new aws.ecr.RepositoryPolicy(
        "api",
        { repository: repository.name, policy: "{}" },
        { provider: tokyo },
      );
      expect(await valueOf(policy.id)).to.equal("platform/api");
      const replication = new aws.ecr.ReplicationConfiguration(
        "registry",
        {
          replicationConfiguration: {
            rules: [{ destinations: [{ region: "ap-east-2", registryId: MOCK_ACCOUNT_ID }] }],
          },
        },
        { provider: tokyo },
      );
      expect(await valueOf(replication.id)).to.equal(MOCK_ACCOUNT_ID);
      expect(await valueOf(replication.registryId)).to.equal(MOCK_ACCOUNT_ID);
      await recorder.settled();
      expect(recorder.find("aws:ecr/repository:Repository", "api").state["region"]).to.equal(
        "ap-northeast-1",
      );
    });

    it("gives Route 53 zones their id, ARN and delegation set, and health checks, records and query logs theirs", async () => {
      const zone = new aws.route53.Zone("zone", { name: "kimkao.io" }, { provider: tokyo });
      const zoneId = await valueOf(zone.zoneId);
      expect(zoneId).to.match(/^Z0[A-Z2-7]{19}$/);
      expect(await valueOf(zone.id)).to.equal(zoneId);
      expect(await valueOf(zone.arn)).to.equal(`arn:aws:route53:::hostedzone/${zoneId}`);
      const servers = await valueOf(zone.nameServers);
      expect(servers).to.have.length(4);
      servers.forEach((server, index) =>
        expect(server).to.match(
          new RegExp(`^ns-\\d{1,4}\\.awsdns-\\d{2}\\.${["com", "net", "org", "co\\.uk"][index]}$`),
        ),
      );
      expect(await valueOf(zone.primaryNameServer)).to.equal(servers[0]);
      const check = new aws.route53.HealthCheck(
        "api",
        { type: "HTTPS", fqdn: "api.ap-northeast-1.kimkao.io", port: 443, resourcePath: "/healthz" },
        { provider: tokyo },
      );
      const checkId = await valueOf(check.id);
      expect(checkId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await valueOf(check.arn)).to.equal(`arn:aws:route53:::healthcheck/${checkId}`);
      const weighted = new aws.route53.Record(
        "api",
        {
          zoneId,
          name: "api.kimkao.io",
          type: "A",
          setIdentifier: "ap-northeast-1",
          weightedRoutingPolicies: [{ weight: 30 }],
          aliases: [{ name: "alb.example", zoneId: "Z14GRHDCWA56QT", evaluateTargetHealth: true }],
        },
        { provider: tokyo },
      );
      expect(await valueOf(weighted.id)).to.equal(`${zoneId}_api.kimkao.io_A_ap-northeast-1`);
      expect(await valueOf(weighted.fqdn)).to.equal("api.kimkao.io");
      const simple = new aws.route53.Record(
        "txt",
        { zoneId, name: "txt.kimkao.io.", type: "TXT", ttl: 300, records: ["x"] },
        { provider: tokyo },
      );
      expect(await valueOf(simple.id)).to.equal(`${zoneId}_txt.kimkao.io_TXT`);
      expect(await valueOf(simple.fqdn)).to.equal("txt.kimkao.io");
      const queryLog = new aws.route53.QueryLog(
        "zone",
        {
          zoneId,
          cloudwatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/kimkao.io",
        },
        { provider: tokyo },
      );
      const queryLogId = await valueOf(queryLog.id);
      expect(await valueOf(queryLog.arn)).to.equal(`arn:aws:route53:::queryloggingconfig/${queryLogId}`);
      const policy = new aws.cloudwatch.LogResourcePolicy(
        "route53",
        { region: "us-east-1", policyName: "route53-query-logs-kimkao.io", policyDocument: "{}" },
        { provider: tokyo },
      );
      expect(await valueOf(policy.id)).to.equal("route53-query-logs-kimkao.io");
      expect(await valueOf(policy.region)).to.equal("us-east-1");
    });

    it("answers an ACM certificate with one validation option per name, a wildcard sharing its name's record", async () => {
      const certificate = new aws.acm.Certificate(
        "edge",
        {
          domainName: "kimkao.io",
          subjectAlternativeNames: ["*.kimkao.io", "*.ap-northeast-1.kimkao.io"],
          validationMethod: "DNS",
        },
        { provider: tokyo },
      );
      const arn = await valueOf(certificate.arn);
      expect(arn).to.match(
        new RegExp(`^arn:aws:acm:ap-northeast-1:${MOCK_ACCOUNT_ID}:certificate/[0-9a-f-]{36}$`),
      );
      expect(await valueOf(certificate.id)).to.equal(arn);
      const options = await valueOf(certificate.domainValidationOptions);
      expect(options.map((o) => o.domainName)).to.deep.equal([
        "kimkao.io",
        "*.kimkao.io",
        "*.ap-northeast-1.kimkao.io",
      ]);
      for (const option of options) {
        const validated = option.domainName.replace(/^\*\./, "");
        expect(option.resourceRecordType).to.equal("CNAME");
        expect(option.resourceRecordName).to.match(
          new RegExp(`^_[0-9a-f]{32}\\.${validated.replace(/\./g, "\\.")}\\.$`),
        );
        expect(option.resourceRecordValue).to.match(/^_[0-9a-f]{32}\.[a-p]{10}\.acm-validations\.aws\.$/);
      }
      expect(options[1]).to.deep.equal({ ...options[0], domainName: "*.kimkao.io" });
      expect(options[2].resourceRecordName).to.not.equal(options[0].resourceRecordName);
      // The record depends on the account and the name only: another certificate (another region) asks for the same.
      const other = new aws.acm.Certificate("other", { domainName: "kimkao.io", validationMethod: "DNS" });
      expect((await valueOf(other.domainValidationOptions))[0]).to.deep.equal(options[0]);
      const validation = new aws.acm.CertificateValidation(
        "edge",
        { certificateArn: certificate.arn, validationRecordFqdns: [] },
        { provider: tokyo },
      );
      expect(await valueOf(validation.certificateArn)).to.equal(arn);
    });

    it("gives load balancers their DNS name and the region's ALB zone, and nests listener and rule ARNs", async () => {
      const lb = new aws.lb.LoadBalancer("edge", { loadBalancerType: "application" }, { provider: tokyo });
      const arn = await valueOf(lb.arn);
      expect(arn).to.match(
        new RegExp(
          `^arn:aws:elasticloadbalancing:ap-northeast-1:${MOCK_ACCOUNT_ID}:loadbalancer/app/edge-[0-9a-f]{7}/[0-9a-f]{16}$`,
        ),
      );
      expect(await valueOf(lb.arnSuffix)).to.equal(arn.split(":loadbalancer/")[1]);
      const name = await valueOf(lb.name);
      expect(await valueOf(lb.dnsName)).to.match(
        new RegExp(`^${name}-\\d+\\.ap-northeast-1\\.elb\\.amazonaws\\.com$`),
      );
      expect(await valueOf(lb.zoneId)).to.equal("Z14GRHDCWA56QT");
      const internal = new aws.lb.LoadBalancer("inside", { name: "inside", internal: true });
      expect(await valueOf(internal.dnsName)).to.match(
        /^internal-inside-\d+\.ap-east-2\.elb\.amazonaws\.com$/,
      );
      // No public source listed Taipei's ALB zone: a derived id, marked as such.
      expect(await valueOf(internal.zoneId)).to.match(/^Z0MOCK[A-Z2-7]{13}$/);
      const group = new aws.lb.TargetGroup(
        "api",
        { port: 8080, protocol: "HTTP", targetType: "ip" },
        { provider: tokyo },
      );
      expect(await valueOf(group.arnSuffix)).to.match(/^targetgroup\/api-[0-9a-f]{7}\/[0-9a-f]{16}$/);
      expect(await valueOf(group.arn)).to.equal(
        `arn:aws:elasticloadbalancing:ap-northeast-1:${MOCK_ACCOUNT_ID}:${await valueOf(group.arnSuffix)}`,
      );
      const listener = new aws.lb.Listener(
        "https",
        { loadBalancerArn: lb.arn, port: 443, defaultActions: [{ type: "fixed-response" }] },
        { provider: tokyo },
      );
      const listenerArn = await valueOf(listener.arn);
      expect(listenerArn).to.match(
        new RegExp(`^${arn.replace(":loadbalancer/", ":listener/")}/[0-9a-f]{16}$`),
      );
      const rule = new aws.lb.ListenerRule(
        "api",
        { listenerArn: listener.arn, actions: [], conditions: [] },
        { provider: tokyo },
      );
      expect(await valueOf(rule.arn)).to.match(
        new RegExp(`^${listenerArn.replace(":listener/", ":listener-rule/")}/[0-9a-f]{16}$`),
      );
      const alias = new aws.alb.LoadBalancer("alias", {}, { provider: tokyo });
      expect(await valueOf(alias.zoneId)).to.equal("Z14GRHDCWA56QT");
    });

    it("gives web ACLs their ARN and the capacity of their rules, and associations and logging their ids", async () => {
      const acl = new aws.wafv2.WebAcl(
        "edge",
        {
          scope: "REGIONAL",
          defaultAction: { allow: {} },
          visibilityConfig: {
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: "edge",
          },
          rules: [
            ...["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet"].map((name, priority) => ({
              name,
              priority,
              overrideAction: { none: {} },
              statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
              visibilityConfig: {
                cloudwatchMetricsEnabled: true,
                sampledRequestsEnabled: true,
                metricName: name,
              },
            })),
            {
              name: "rate",
              priority: 2,
              action: { block: {} },
              statement: { rateBasedStatement: { limit: 100, aggregateKeyType: "IP" } },
              visibilityConfig: {
                cloudwatchMetricsEnabled: true,
                sampledRequestsEnabled: true,
                metricName: "rate",
              },
            },
          ],
        },
        { provider: tokyo },
      );
      const id = await valueOf(acl.id);
      const name = await valueOf(acl.name);
      expect(name).to.match(/^edge-[0-9a-f]{7}$/);
      expect(await valueOf(acl.arn)).to.equal(
        `arn:aws:wafv2:ap-northeast-1:${MOCK_ACCOUNT_ID}:regional/webacl/${name}/${id}`,
      );
      expect(await valueOf(acl.capacity)).to.equal(700 + 200 + 2);
      const association = new aws.wafv2.WebAclAssociation(
        "edge",
        { webAclArn: acl.arn, resourceArn: "arn:aws:elasticloadbalancing:lb" },
        { provider: tokyo },
      );
      expect(await valueOf(association.id)).to.equal(
        `${await valueOf(acl.arn)},arn:aws:elasticloadbalancing:lb`,
      );
      const logging = new aws.wafv2.WebAclLoggingConfiguration(
        "edge",
        { resourceArn: acl.arn, logDestinationConfigs: ["arn:aws:logs:x"] },
        { provider: tokyo },
      );
      expect(await valueOf(logging.id)).to.equal(await valueOf(acl.arn));
    });

    it("gives buckets their generated names, ARNs and domain names, and their configurations the bucket as id", async () => {
      const prefixed = new aws.s3.Bucket(
        "logs",
        { bucketPrefix: "prod-ap-northeast-1-alb-logs-" },
        { provider: tokyo },
      );
      const name = await valueOf(prefixed.bucket);
      expect(name).to.match(/^prod-ap-northeast-1-alb-logs-\d{26}$/);
      expect(await valueOf(prefixed.id)).to.equal(name);
      expect(await valueOf(prefixed.arn)).to.equal(`arn:aws:s3:::${name}`);
      expect(await valueOf(prefixed.bucketDomainName)).to.equal(`${name}.s3.amazonaws.com`);
      expect(await valueOf(prefixed.bucketRegionalDomainName)).to.equal(
        `${name}.s3.ap-northeast-1.amazonaws.com`,
      );
      expect(await valueOf(new aws.s3.Bucket("named", { bucket: "platform-assets" }).bucket)).to.equal(
        "platform-assets",
      );
      expect(await valueOf(new aws.s3.Bucket("auto", {}).bucket)).to.match(/^auto-[0-9a-f]{7}$/);
      const versioning = new aws.s3.BucketVersioning(
        "logs",
        { bucket: prefixed.id, versioningConfiguration: { status: "Enabled" } },
        { provider: tokyo },
      );
      expect(await valueOf(versioning.id)).to.equal(name);
    });

    it("gives GuardDuty, Security Hub, EventBridge and the account defaults their services' ids and ARNs", async () => {
      const detector = new aws.guardduty.Detector("gd", { enable: true }, { provider: tokyo });
      const detectorId = await valueOf(detector.id);
      expect(detectorId).to.match(/^[0-9a-f]{32}$/);
      expect(await valueOf(detector.arn)).to.equal(
        `arn:aws:guardduty:ap-northeast-1:${MOCK_ACCOUNT_ID}:detector/${detectorId}`,
      );
      const feature = new aws.guardduty.DetectorFeature(
        "s3",
        { detectorId: detector.id, name: "S3_DATA_EVENTS", status: "ENABLED" },
        { provider: tokyo },
      );
      expect(await valueOf(feature.id)).to.equal(`${detectorId}/S3_DATA_EVENTS`);
      const hub = new aws.securityhub.Account("hub", {}, { provider: tokyo });
      expect(await valueOf(hub.id)).to.equal(MOCK_ACCOUNT_ID);
      expect(await valueOf(hub.arn)).to.equal(
        `arn:aws:securityhub:ap-northeast-1:${MOCK_ACCOUNT_ID}:hub/default`,
      );
      const fsbp = new aws.securityhub.StandardsSubscription(
        "fsbp",
        {
          standardsArn:
            "arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        },
        { provider: tokyo },
      );
      expect(await valueOf(fsbp.id)).to.equal(
        `arn:aws:securityhub:ap-northeast-1:${MOCK_ACCOUNT_ID}:subscription/aws-foundational-security-best-practices/v/1.0.0`,
      );
      const aggregator = new aws.securityhub.FindingAggregator(
        "agg",
        { linkingMode: "ALL_REGIONS" },
        { provider: tokyo },
      );
      expect(await valueOf(aggregator.id)).to.match(
        new RegExp(
          `^arn:aws:securityhub:ap-northeast-1:${MOCK_ACCOUNT_ID}:finding-aggregator/[0-9a-f-]{36}$`,
        ),
      );
      const rule = new aws.cloudwatch.EventRule(
        "findings",
        { name: "platform-prod-guardduty-findings" },
        { provider: tokyo },
      );
      expect(await valueOf(rule.id)).to.equal("platform-prod-guardduty-findings");
      expect(await valueOf(rule.arn)).to.equal(
        `arn:aws:events:ap-northeast-1:${MOCK_ACCOUNT_ID}:rule/platform-prod-guardduty-findings`,
      );
      const target = new aws.cloudwatch.EventTarget(
        "findings",
        { rule: rule.name, arn: "arn:aws:sns:x" },
        { provider: tokyo },
      );
      expect(await valueOf(target.id)).to.match(/^platform-prod-guardduty-findings-terraform-[0-9a-f]{20}$/);
      expect(
        await valueOf(new aws.ebs.EncryptionByDefault("ebs", { enabled: true }, { provider: tokyo }).id),
      ).to.equal("ap-northeast-1");
      expect(await valueOf(new aws.s3.AccountPublicAccessBlock("pab", {}, { provider: tokyo }).id)).to.equal(
        MOCK_ACCOUNT_ID,
      );
    });

    it("gives a Firehose delivery stream its ARN as id, in the region of its provider", async () => {
      const stream = new aws.kinesis.FirehoseDeliveryStream(
        "log-archive",
        {
          name: "platform-prod-ap-northeast-1-log-archive",
          destination: "extended_s3",
          extendedS3Configuration: { roleArn: "arn:aws:iam::1:role/r", bucketArn: "arn:aws:s3:::b" },
        },
        { provider: tokyo },
      );
      const arn = `arn:aws:firehose:ap-northeast-1:${MOCK_ACCOUNT_ID}:deliverystream/platform-prod-ap-northeast-1-log-archive`;
      expect(await valueOf(stream.arn)).to.equal(arn);
      expect(await valueOf(stream.id)).to.equal(arn);
      expect(await valueOf(stream.name)).to.equal("platform-prod-ap-northeast-1-log-archive");
      const unnamed = new aws.kinesis.FirehoseDeliveryStream("unnamed", { destination: "extended_s3" });
      expect(await valueOf(unnamed.arn)).to.match(
        new RegExp(`^arn:aws:firehose:ap-east-2:${MOCK_ACCOUNT_ID}:deliverystream/unnamed-[0-9a-f]{7}$`),
      );
    });

    it("is deterministic across runs and distinct per logical name", async () => {
      const first = await valueOf(new aws.ec2.Vpc("main", { cidrBlock: "10.1.0.0/16" }).id);
      const other = await valueOf(new aws.ec2.Vpc("other", { cidrBlock: "10.2.0.0/16" }).id);
      install();
      const again = await valueOf(new aws.ec2.Vpc("main", { cidrBlock: "10.1.0.0/16" }).id);
      expect(again).to.equal(first);
      expect(other).to.not.equal(first);
    });

    it("merges the provider's default tags into tagsAll", async () => {
      const vpc = new aws.ec2.Vpc(
        "tagged",
        { cidrBlock: "10.1.0.0/16", tags: { Name: "tagged" } },
        { provider: tokyo },
      );
      expect(await valueOf(vpc.tagsAll)).to.deep.equal({ Owner: "platform", Name: "tagged" });
    });
  });

  describe("invokes", () => {
    it("answers region, partition, caller identity and zones for the calling provider's region", async () => {
      const region = await aws.getRegion({}, { provider: tokyo });
      expect(region.name).to.equal("ap-northeast-1");
      expect(region.region).to.equal("ap-northeast-1");
      expect((await aws.getRegion({})).name).to.equal("ap-east-2");
      expect((await aws.getPartition({})).partition).to.equal("aws");
      expect((await aws.getPartition({})).dnsSuffix).to.equal("amazonaws.com");
      expect((await aws.getCallerIdentity({})).accountId).to.equal(MOCK_ACCOUNT_ID);
      const zones = await aws.getAvailabilityZones({ state: "available" }, { provider: tokyo });
      expect(zones.names).to.deep.equal(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
      expect(zones.zoneIds).to.deep.equal(["apne1-az1", "apne1-az3", "apne1-az4"]);
      const taipei = await aws.getAvailabilityZones({});
      expect(taipei.names).to.deep.equal(["ap-east-2a", "ap-east-2b", "ap-east-2c"]);
      expect(recorder.invokes.map((i) => i.token)).to.include(
        "aws:index/getAvailabilityZones:getAvailabilityZones",
      );
    });

    it("answers zones from the regions it is given, and fails a region they leave out, naming it", async () => {
      recorder = install({ regions: { "ap-east-2": ["a", "c"] } });
      expect((await aws.getAvailabilityZones({})).names).to.deep.equal(["ap-east-2a", "ap-east-2c"]);
      const osaka = new aws.Provider("osaka", { region: "ap-northeast-3" });
      let error: unknown;
      try {
        await aws.getAvailabilityZones({}, { provider: osaka });
      } catch (err) {
        error = err;
      }
      const message =
        "no availability zones are known for region ap-northeast-3: the mocks were given none for it " +
        "(MockEnvironment regions)";
      expect(String(error)).to.include(message);
      expect(recorder.errors.map(String)).to.deep.equal([`Error: ${message}`]);
    });

    it("fails an unmocked invoke with a message that says where to add it", async () => {
      let error: unknown;
      try {
        await aws.ec2.getVpc({ default: true });
      } catch (err) {
        error = err;
      }
      expect(String(error)).to.include(
        "unmocked invoke aws:ec2/getVpc:getVpc: add it to tools/plan/mocks/invokes.ts",
      );
      expect(recorder.errors.map(String)).to.deep.equal([
        "Error: unmocked invoke aws:ec2/getVpc:getVpc: add it to tools/plan/mocks/invokes.ts",
      ]);
    });
  });

  describe("stack references", () => {
    it("reads the outputs of a planned stack, keeping secret outputs secret", async () => {
      const primary = new pulumi.StackReference(PRIMARY);
      expect(await valueOf(primary.requireOutput("vpcId"))).to.equal("vpc-0123456789abcdef0");
      expect(await primary.getOutputDetails("region")).to.deep.equal({ value: "ap-east-2" });
      expect(await primary.getOutputDetails("dbPassword")).to.deep.equal({ secretValue: "hunter2" });
      await recorder.settled();
      const read = recorder.find("pulumi:pulumi:StackReference", PRIMARY);
      expect(read.read).to.equal(true);
      expect(read.id).to.equal(PRIMARY);
      expect(read.state["outputs"]).to.deep.equal({
        vpcId: "vpc-0123456789abcdef0",
        region: "ap-east-2",
        dbPassword: "[secret]",
      });
    });

    it("fails reading a stack that was not planned, naming it", async () => {
      const missing = new pulumi.StackReference("kimkao/platform/staging");
      let error: unknown;
      try {
        await valueOf(missing.outputs);
      } catch (err) {
        error = err;
      }
      expect(String(error)).to.include(
        "stack kimkao/platform/staging has no outputs in the offline plan: plan it first (npm run plan -- staging)",
      );
      await recorder.settled();
      expect(recorder.byType("pulumi:pulumi:StackReference")).to.deep.equal([]);
      expect(recorder.errors).to.have.length(1);
    });
  });

  describe("recording", () => {
    it("records the URNs a resource's aliases name, resolved as the monitor resolves URNs", async () => {
      const group = new Group("edge");
      const moved = new aws.ec2.Vpc(
        "net-vpc",
        { cidrBlock: "10.1.0.0/16" },
        {
          parent: group,
          provider: tokyo,
          aliases: [
            { parent: pulumi.rootStackResource },
            { name: "old-vpc", parent: "urn:pulumi:prod-tokyo::platform::platform:test:Old::net" },
            "urn:pulumi:prod-tokyo::platform::aws:ec2/vpc:Vpc::literal",
          ],
        },
      );
      await recorder.settled();
      expect(await valueOf(moved.urn)).to.equal(
        "urn:pulumi:prod-tokyo::platform::platform:test:Group$aws:ec2/vpc:Vpc::net-vpc",
      );
      const recorded = recorder.find("aws:ec2/vpc:Vpc", "net-vpc");
      expect(recorded.options.aliases).to.deep.equal([
        "urn:pulumi:prod-tokyo::platform::aws:ec2/vpc:Vpc::net-vpc",
        "urn:pulumi:prod-tokyo::platform::platform:test:Old$aws:ec2/vpc:Vpc::old-vpc",
        "urn:pulumi:prod-tokyo::platform::aws:ec2/vpc:Vpc::literal",
      ]);
      expect(planResourceOf(recorded).options.aliases).to.deep.equal(recorded.options.aliases);
      const unaliased = new aws.ec2.Vpc("plain", { cidrBlock: "10.2.0.0/16" }, { provider: tokyo });
      await recorder.settled();
      void unaliased;
      expect(recorder.find("aws:ec2/vpc:Vpc", "plain").options.aliases).to.deep.equal([]);
      expect(planResourceOf(recorder.find("aws:ec2/vpc:Vpc", "plain")).options).to.not.have.property(
        "aliases",
      );
    });

    it("records parent, protect, ignoreChanges, dependsOn, provider and property dependencies", async () => {
      const group = new Group("net");
      const vpc = new aws.ec2.Vpc(
        "net-vpc",
        { cidrBlock: "10.1.0.0/16" },
        { parent: group, provider: tokyo, protect: true, ignoreChanges: ["tags"], retainOnDelete: true },
      );
      const subnet = new aws.ec2.Subnet(
        "net-data-a",
        { vpcId: vpc.id, cidrBlock: "10.1.1.0/24", availabilityZone: "ap-northeast-1a" },
        { parent: group, provider: tokyo, deleteBeforeReplace: true },
      );
      new aws.ec2.InternetGateway("net-igw", {}, { parent: group, dependsOn: [subnet] });
      await recorder.settled();

      const groupUrn = await valueOf(group.urn);
      const vpcUrn = await valueOf(vpc.urn);
      const subnetUrn = await valueOf(subnet.urn);
      const providerRef = `${await valueOf(tokyo.urn)}::${await valueOf(tokyo.id)}`;
      expect(groupUrn).to.equal("urn:pulumi:prod-tokyo::platform::platform:test:Group::net");
      expect(vpcUrn).to.equal(
        "urn:pulumi:prod-tokyo::platform::platform:test:Group$aws:ec2/vpc:Vpc::net-vpc",
      );

      const recordedVpc = recorder.find("aws:ec2/vpc:Vpc", "net-vpc");
      expect(recordedVpc.urn).to.equal(vpcUrn);
      expect(recordedVpc.parent).to.equal(groupUrn);
      expect(recordedVpc.custom).to.equal(true);
      expect(recordedVpc.options).to.deep.equal({
        protect: true,
        retainOnDelete: true,
        ignoreChanges: ["tags"],
        dependsOn: [],
        provider: providerRef,
        deleteBeforeReplace: false,
        transforms: [],
        aliases: [],
      });

      const recordedSubnet = recorder.find("aws:ec2/subnet:Subnet", "net-data-a");
      expect(recordedSubnet.options.deleteBeforeReplace).to.equal(true);
      expect(recordedSubnet.options.dependsOn).to.deep.equal([vpcUrn]);
      expect(recordedSubnet.propertyDependencies["vpcId"]).to.deep.equal([vpcUrn]);
      expect(recordedSubnet.inputs["vpcId"]).to.equal(recordedVpc.id);

      const recordedIgw = recorder.find("aws:ec2/internetGateway:InternetGateway", "net-igw");
      expect(recordedIgw.options.dependsOn).to.deep.equal([subnetUrn]);
      expect(recordedIgw.options.provider).to.equal(undefined);

      const recordedGroup = recorder.find("platform:test:Group", "net");
      expect(recordedGroup.custom).to.equal(false);
      expect(recordedGroup.id).to.equal(undefined);
      expect(recordedGroup.outputs).to.deep.equal({ size: 2, token: "[secret]" });
      expect(recorder.childrenOf(groupUrn).map((r) => r.name)).to.have.members([
        "net-vpc",
        "net-data-a",
        "net-igw",
      ]);
    });

    it("records resource transforms, which a test can run on the child it expects", async () => {
      const renameBucket: pulumi.ResourceTransform = (args) =>
        args.type === "aws:s3/bucket:Bucket"
          ? { props: { ...args.props, bucket: "renamed" }, opts: args.opts }
          : undefined;
      new Group("with-transform", { transforms: [renameBucket] });
      await recorder.settled();
      const group = recorder.find("platform:test:Group", "with-transform");
      expect(group.options.transforms).to.have.length(1);
      const [transform] = recorder.transformsOf(group);
      expect(
        await transform({
          custom: true,
          type: "aws:s3/bucket:Bucket",
          name: "b",
          props: { bucket: "b" },
          opts: {},
        }),
      ).to.deep.equal({ props: { bucket: "renamed" }, opts: {} });
      expect(
        await transform({ custom: true, type: "aws:sqs/queue:Queue", name: "q", props: {}, opts: {} }),
      ).to.equal(undefined);
    });

    it("redacts secret inputs and the state derived from them", async () => {
      const vpc = new aws.ec2.Vpc("secretive", {
        cidrBlock: "10.1.0.0/16",
        tags: { Name: "secretive", Token: pulumi.secret("s3cr3t") },
      });
      const role = new aws.iam.Role("app", { assumeRolePolicy: pulumi.secret("{}"), description: "plain" });
      await valueOf(role.arn);
      await recorder.settled();
      const recordedVpc = recorder.find("aws:ec2/vpc:Vpc", "secretive");
      expect(recordedVpc.inputs["tags"]).to.deep.equal({ Name: "secretive", Token: "[secret]" });
      expect(recordedVpc.state["tagsAll"]).to.equal("[secret]");
      expect(inputsOf(recorder, "aws:iam/role:Role", "app")).to.deep.equal({
        assumeRolePolicy: "[secret]",
        description: "plain",
      });
      expect(JSON.stringify(recorder.resources)).to.not.include("s3cr3t");
      expect(await pulumi.isSecret(vpc.tagsAll)).to.equal(true);
    });

    it("settles registrations that wait for inputs resolved on later turns", async () => {
      const late = new Promise<string>((resolve) => setTimeout(() => resolve("10.9.0.0/16"), 50));
      new aws.ec2.Vpc("late", { cidrBlock: late });
      new Group("late-group");
      await recorder.settled();
      expect(recorder.find("aws:ec2/vpc:Vpc", "late").inputs["cidrBlock"]).to.equal("10.9.0.0/16");
      expect(recorder.find("aws:ec2/vpc:Vpc", "late").urn).to.not.equal("");
      expect(recorder.find("platform:test:Group", "late-group").outputs).to.deep.equal({
        size: 2,
        token: "[secret]",
      });
    });

    it("records inputs that are unknown during a preview as [unknown]", async () => {
      const preview = install({ preview: true });
      expect(pulumi.runtime.isDryRun()).to.equal(true);
      const vpc = new aws.ec2.Vpc("preview", { cidrBlock: "10.1.0.0/16" });
      new aws.ec2.Subnet("preview-a", {
        vpcId: vpc.id,
        cidrBlock: "10.1.0.0/24",
        ipv6CidrBlock: vpc.ipv6CidrBlock,
      });
      await preview.settled();
      expect(preview.find("aws:ec2/subnet:Subnet", "preview-a").inputs).to.deep.equal({
        vpcId: preview.find("aws:ec2/vpc:Vpc", "preview").id,
        cidrBlock: "10.1.0.0/24",
        ipv6CidrBlock: "[unknown]",
      });
    });

    it("names the missing resource and what was registered", async () => {
      new aws.ec2.Vpc("present", { cidrBlock: "10.1.0.0/16" });
      await recorder.settled();
      expect(() => recorder.find("aws:ec2/vpc:Vpc", "absent")).to.throw(
        "no resource aws:ec2/vpc:Vpc::absent was registered (registered aws:ec2/vpc:Vpc: present)",
      );
      expect(() => recorder.find("aws:ec2/subnet:Subnet", "absent")).to.throw(
        "no resource aws:ec2/subnet:Subnet::absent was registered (no aws:ec2/subnet:Subnet was registered)",
      );
    });

    it("returns a fresh recorder on every install", async () => {
      new aws.ec2.Vpc("first", { cidrBlock: "10.1.0.0/16" });
      await recorder.settled();
      const next = install();
      new aws.ec2.Vpc("second", { cidrBlock: "10.2.0.0/16" });
      await next.settled();
      expect(next).to.not.equal(recorder);
      expect(next.byType("aws:ec2/vpc:Vpc").map((r) => r.name)).to.deep.equal(["second"]);
    });
  });

  it("derives zone ids from zone names", () => {
    expect(zoneIdOf("ap-east-2b")).to.equal("ape2-az2");
    expect(zoneIdOf("us-west-2d")).to.equal("usw2-az4");
    expect(zoneIdOf("ap-southeast-1a")).to.equal("apse1-az1");
    expect(zoneIdOf("eu-central-1c")).to.equal("euc1-az3");
  });
});

describe("offline plan mocks: what they depend on", () => {
  it("import nothing of the program (stacks/): what they need of the project comes in the environment", () => {
    const root = path.resolve(__dirname, "..", "..", "..", "tools", "plan", "mocks");
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((file) =>
      file.endsWith(".ts"),
    );
    expect(files).to.include.members(["index.ts", path.join("state", "index.ts")]);
    for (const file of files) {
      const imports = [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/from "([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(
        imports.filter((specifier) => /(^|\/)stacks\//.test(specifier)),
        file,
      ).to.deep.equal([]);
    }
  });
});
