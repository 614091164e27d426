import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ValidationError } from "../../../components/common/validation";
import {
  WORKLOAD_IDENTITY_TYPE,
  WorkloadCluster,
  WorkloadIdentity,
} from "../../../components/workload-identity";
import { MOCK_ACCOUNT_ID, PlanRecorder, installPlanMocks } from "../../../tools/plan/mocks";
import { valueOf } from "../../support/pulumi";

const CLUSTER_ARN = `arn:aws:eks:ap-east-2:${MOCK_ACCOUNT_ID}:cluster/platform-dev-ap-east-2`;
const ISSUER = "oidc.eks.ap-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const CLUSTER: WorkloadCluster = {
  name: "platform-dev-ap-east-2",
  arn: CLUSTER_ARN,
  oidcProviderArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${ISSUER}`,
  oidcIssuer: ISSUER,
};
const MSK_POLICY = `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/msk-client-api`;
const DB_CONNECT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: "arn:aws:rds-db:ap-east-2:123456789012:dbuser:cluster-ABC/api",
    },
  ],
});

const T = {
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
} as const;

describe("WorkloadIdentity (under the plan mocks)", () => {
  let recorder: PlanRecorder;
  let provider: aws.Provider;
  let kubernetes: k8s.Provider;
  let namespace: k8s.core.v1.Namespace;
  let podIdentity: WorkloadIdentity;
  let irsa: WorkloadIdentity;

  before(async () => {
    recorder = installPlanMocks({ project: "platform", stack: "dev", config: { "aws:region": "ap-east-2" } });
    provider = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
    kubernetes = new k8s.Provider("k8s", { kubeconfig: "{}" });
    namespace = new k8s.core.v1.Namespace("apps", { metadata: { name: "apps" } }, { provider: kubernetes });
    podIdentity = new WorkloadIdentity(
      "app-api",
      {
        cluster: CLUSTER,
        namespace: "apps",
        serviceAccount: "api",
        managedPolicyArns: { msk: MSK_POLICY },
        inlinePolicies: { "db-connect": DB_CONNECT },
        kubernetesProvider: kubernetes,
        serviceAccountDependsOn: [namespace],
      },
      { provider },
    );
    irsa = new WorkloadIdentity(
      "app-legacy",
      {
        cluster: CLUSTER,
        namespace: "apps",
        serviceAccount: "legacy",
        mechanism: "irsa",
        managedPolicyArns: { msk: MSK_POLICY },
        kubernetesProvider: kubernetes,
      },
      { provider },
    );
    await valueOf(pulumi.all([podIdentity.associationId, irsa.serviceAccountAnnotations]));
    await recorder.settled();
  });

  describe("pod-identity (the default)", () => {
    it("creates a role that only EKS Pod Identity can assume, for this cluster, namespace and service account", () => {
      const role = recorder.find(T.role, "app-api");
      expect(JSON.parse(String(role.inputs["assumeRolePolicy"]))).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EksPodIdentityForOneServiceAccount",
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
              StringEquals: {
                "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                "aws:RequestTag/kubernetes-namespace": "apps",
                "aws:RequestTag/kubernetes-service-account": "api",
              },
            },
          },
        ],
      });
      expect(role.inputs["tags"]).to.deep.equal({ Workload: "apps/api" });
      expect(role.parent).to.equal(recorder.find(WORKLOAD_IDENTITY_TYPE, "app-api").urn);
    });

    it("attaches the managed policies and puts the inline ones on the role, keyed by name", () => {
      const role = recorder.find(T.role, "app-api");
      expect(recorder.find(T.attachment, "app-api-msk").inputs).to.deep.equal({
        role: role.id,
        policyArn: MSK_POLICY,
      });
      expect(recorder.find(T.rolePolicy, "app-api-db-connect").inputs).to.deep.equal({
        role: role.id,
        policy: DB_CONNECT,
      });
    });

    it("associates the role with the service account once its permissions exist", async () => {
      const association = recorder.find(T.association, "app-api");
      expect(association.inputs).to.deep.equal({
        clusterName: "platform-dev-ap-east-2",
        namespace: "apps",
        serviceAccount: "api",
        roleArn: recorder.find(T.role, "app-api").state["arn"],
        tags: { Workload: "apps/api" },
      });
      expect(association.options.dependsOn).to.include.members([
        recorder.find(T.attachment, "app-api-msk").urn,
        recorder.find(T.rolePolicy, "app-api-db-connect").urn,
      ]);
      expect(await valueOf(podIdentity.associationId)).to.equal(association.state["associationId"]);
      expect(await valueOf(podIdentity.serviceAccountAnnotations)).to.deep.equal({});
    });

    it("creates the service account without annotations through the given Kubernetes provider, after its namespace", () => {
      const serviceAccount = recorder.find(T.serviceAccount, "app-api");
      expect(serviceAccount.options.dependsOn).to.include(
        recorder.find("kubernetes:core/v1:Namespace", "apps").urn,
      );
      expect(serviceAccount.inputs["metadata"]).to.deep.equal({
        name: "api",
        namespace: "apps",
        annotations: {},
        labels: { "app.kubernetes.io/managed-by": "pulumi" },
      });
    });
  });

  describe("irsa", () => {
    it("trusts the cluster's OIDC provider for the service account and annotates it with the role", async () => {
      const role = recorder.find(T.role, "app-legacy");
      const trust = JSON.parse(String(role.inputs["assumeRolePolicy"])) as {
        Statement: { Principal: unknown; Action: unknown; Condition: unknown }[];
      };
      expect(trust.Statement[0]).to.deep.include({
        Principal: { Federated: CLUSTER.oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${ISSUER}:aud`]: "sts.amazonaws.com",
            [`${ISSUER}:sub`]: "system:serviceaccount:apps:legacy",
          },
        },
      });
      const roleArn = String(role.state["arn"]);
      expect(await valueOf(irsa.serviceAccountAnnotations)).to.deep.equal({
        "eks.amazonaws.com/role-arn": roleArn,
      });
      const metadata = recorder.find(T.serviceAccount, "app-legacy").inputs["metadata"] as Record<
        string,
        unknown
      >;
      expect(metadata["annotations"]).to.deep.equal({ "eks.amazonaws.com/role-arn": roleArn });
      expect(recorder.byType(T.association).map((a) => a.name)).to.deep.equal(["app-api"]);
      expect(await valueOf(irsa.associationId)).to.equal("");
      expect(irsa.mechanism).to.equal("irsa");
    });
  });

  describe("validation", () => {
    it("reports every problem at once, with a fix, before creating anything", () => {
      let error: unknown;
      try {
        new WorkloadIdentity(
          "broken",
          {
            cluster: { name: "c", arn: CLUSTER_ARN },
            namespace: "Apps",
            serviceAccount: "api",
            mechanism: "irsa",
          },
          { provider },
        );
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as Error).message.split("\n")).to.deep.equal([
        'Invalid arguments for WorkloadIdentity "broken":',
        '  - namespace: "Apps" is not a Kubernetes namespace name; use 1 to 63 lowercase letters, digits and inner hyphens',
        "  - policies: grants nothing; give managedPolicyArns or inlinePolicies (a role without permissions is a mistake, not least privilege)",
        "  - cluster.oidcProviderArn: missing; irsa trusts the cluster's OIDC provider: pass the cluster's oidcProviderArn",
        "  - cluster.oidcIssuer: missing; irsa matches the token issuer: pass the cluster's OIDC issuer (without https://)",
      ]);
      expect(
        recorder.resources.filter((r) => r.name === "broken" && r.type !== WORKLOAD_IDENTITY_TYPE),
      ).to.deep.equal([]);
    });

    it("needs the regional aws.Provider", () => {
      expect(
        () =>
          new WorkloadIdentity("no-provider", {
            cluster: CLUSTER,
            namespace: "apps",
            serviceAccount: "api",
            managedPolicyArns: { msk: MSK_POLICY },
          }),
      ).to.throw(
        ValidationError,
        'Invalid arguments for WorkloadIdentity "no-provider":\n' +
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the cluster's region (roles are global, the association is regional)",
      );
    });
  });
});
