import { expect } from "chai";
import { named, ofType, plannedStacks } from "../support/stacks";
import type { StackPlan } from "../../tools/plan/model";

describe("stacks", function () {
  this.timeout(60_000);
  let plans: Record<string, StackPlan> = {};

  before(async () => {
    plans = await plannedStacks();
  });

  describe("EKS platform", () => {
    const CLUSTERS: Record<string, string> = {
      dev: "platform-dev-ap-east-2",
      "prod-taipei": "platform-prod-ap-east-2",
      "prod-tokyo": "platform-prod-ap-northeast-1",
    };

    it("runs a private cluster named after the environment and region in every stack, its kubeconfig a secret output", () => {
      for (const [stack, clusterName] of Object.entries(CLUSTERS)) {
        const plan = plans[stack];
        const cluster = named(plan, "eks:index:Cluster", "eks-cluster");
        expect(cluster.inputs, stack).to.deep.include({
          name: clusterName,
          version: "1.35",
          endpointPrivateAccess: true,
          endpointPublicAccess: false,
          authenticationMode: "API",
          skipDefaultNodeGroup: true,
        });
        expect(String(cluster.inputs.encryptionConfigKeyArn), stack).to.match(
          /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//,
        );
        expect(cluster.inputs.privateSubnetIds, stack).to.deep.equal(
          (plan.outputs.subnetIds as { workload: string[] }).workload,
        );
        expect(plan.outputs.eksClusterName, stack).to.equal(clusterName);
        expect(plan.outputs.kubeconfig, stack).to.equal("[secret]");
        expect(cluster.options.protect, stack).to.equal(stack !== "dev");
      }
    });

    it("tags the workload and edge subnets with the cluster, so the Load Balancer Controller finds them", () => {
      const plan = plans["prod-taipei"];
      for (const subnet of ofType(plan, "aws:ec2/subnet:Subnet")) {
        const tags = subnet.inputs.tags as Record<string, string>;
        const expected = tags.Tier === "data" ? undefined : "shared";
        expect(tags["kubernetes.io/cluster/platform-prod-ap-east-2"], subnet.name).to.equal(expected);
      }
    });

    it("runs one small Spot group in dev, Graviton plus a tainted x86 fallback in prod", () => {
      const groups = (stack: string) =>
        ofType(plans[stack], "eks:index:ManagedNodeGroup").map((g) => [
          g.name,
          g.inputs.amiType,
          g.inputs.capacityType,
          g.inputs.scalingConfig,
        ]);
      expect(groups("dev")).to.deep.equal([
        ["eks-graviton", "AL2023_ARM_64_STANDARD", "SPOT", { minSize: 1, desiredSize: 2, maxSize: 4 }],
      ]);
      for (const stack of ["prod-taipei", "prod-tokyo"]) {
        expect(groups(stack), stack).to.have.deep.members([
          [
            "eks-graviton",
            "AL2023_ARM_64_STANDARD",
            "ON_DEMAND",
            { minSize: 3, desiredSize: 3, maxSize: 12 },
          ],
          [
            "eks-x86-fallback",
            "AL2023_x86_64_STANDARD",
            "ON_DEMAND",
            { minSize: 0, desiredSize: 0, maxSize: 6 },
          ],
        ]);
      }
    });

    it("makes the CI deploy role a cluster admin: from ciAccess where it is owned, from config elsewhere", () => {
      const principals = (stack: string) =>
        ofType(plans[stack], "aws:eks/accessEntry:AccessEntry")
          .map((e) => e.name)
          .sort();
      expect(principals("prod-taipei")).to.deep.equal([
        "eks-admin-ci-deploy",
        "eks-admin-role-platform-admin",
      ]);
      expect(principals("dev")).to.deep.equal([
        "eks-admin-role-platform-admin",
        "eks-admin-role-platform-github-deploy",
      ]);
      const deploy = named(plans["prod-taipei"], "aws:eks/accessEntry:AccessEntry", "eks-admin-ci-deploy");
      expect(deploy.inputs.principalArn).to.equal(
        (plans["prod-taipei"].outputs.ciAccess as { deployRoleArn: string }).deployRoleArn,
      );
    });

    it("admits the nodes' security group to Aurora and MSK, and nothing else", () => {
      for (const stack of Object.keys(CLUSTERS)) {
        const plan = plans[stack];
        const nodes = plan.outputs.eksNodeSecurityGroupId;
        const admitted = (groupId: unknown) =>
          ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .filter((r) => r.inputs.securityGroupId === groupId)
            .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort]);
        expect(admitted(plan.outputs.databaseSecurityGroupId), stack).to.deep.equal([[nodes, 5432]]);
        expect(admitted(plan.outputs.kafkaBrokerSecurityGroupId), stack).to.deep.include([nodes, 9098]);
      }
    });

    it("binds the seed's application service accounts to their MSK, Aurora and S3 permissions", () => {
      const plan = plans["prod-taipei"];
      const policies = plan.outputs.kafkaClientPolicyArns as Record<string, string>;
      const associations = ofType(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation")
        .filter((a) => a.name.startsWith("app-"))
        .map((a) => [a.name, a.inputs.namespace, a.inputs.serviceAccount]);
      expect(associations).to.have.deep.members([
        ["app-api", "apps", "api"],
        ["app-shop", "apps", "shop"],
        ["app-cmc", "apps", "cmc"],
      ]);
      for (const app of ["api", "shop", "cmc"]) {
        expect(
          named(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `app-${app}-kafka`).inputs
            .policyArn,
        ).to.equal(policies[app]);
        expect(
          named(plan, "kubernetes:core/v1:ServiceAccount", `app-${app}`).inputs.metadata,
        ).to.deep.include({
          name: app,
          namespace: "apps",
        });
      }
      const connect = JSON.parse(
        named(plan, "aws:iam/rolePolicy:RolePolicy", "app-api-database-connect").inputs.policy as string,
      ) as { Statement: { Action: string; Resource: string }[] };
      // Only this region's cluster (its resource id), only the application's database user.
      const cluster = plan.resources.find((r) => r.type === "aws:rds/cluster:Cluster");
      expect(cluster?.state?.clusterResourceId).to.match(/^cluster-[A-Z0-9]+$/);
      expect(connect.Statement[0]).to.deep.include({
        Action: "rds-db:connect",
        Resource: `arn:aws:rds-db:ap-east-2:123456789012:dbuser:${cluster?.state?.clusterResourceId}/app_api`,
      });
      const assets = JSON.parse(
        named(plan, "aws:iam/rolePolicy:RolePolicy", "app-cmc-assets").inputs.policy as string,
      ) as {
        Statement: { Sid: string; Resource: string; Action: string[]; Condition: unknown }[];
      };
      // The bucket of this account (its id is in the name, ADR 0028) and the storage key through S3 only.
      const storageKey = named(plan, "aws:kms/key:Key", "keys-storage").state?.arn;
      expect(assets.Statement.map((st) => st.Resource)).to.deep.equal([
        "arn:aws:s3:::platform-prod-ap-east-2-123456789012-assets",
        "arn:aws:s3:::platform-prod-ap-east-2-123456789012-assets/cmc/*",
        storageKey,
      ]);
      expect(assets.Statement[2]).to.deep.equal({
        Sid: "UseStorageKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: storageKey,
        Condition: {
          StringEquals: {
            "kms:ViaService": "s3.ap-east-2.amazonaws.com",
            "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::platform-prod-ap-east-2-123456789012-assets",
          },
        },
      });
    });
  });
});
