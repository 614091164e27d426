import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  EKS_PLATFORM_TYPE,
  EksPlatform,
  EksPlatformArgs,
  KUBERNETES_VERSIONS,
  eksPlatformDefaults,
  withDefaults,
  withoutCreatorAdmin,
} from "../../../components/eks-platform";
import { clusterAutoscalerPolicy, loadBalancerControllerPolicy } from "../../../components/eks-platform/plan";
import { ValidationError } from "../../../components/common/validation";
import { MOCK_ACCOUNT_ID, PlanRecorder, RecordedResource, installPlanMocks } from "../../../tools/plan/mocks";
import { isSecret, valueOf } from "../../support/pulumi";
import { buildUnderMocks } from "../../support/under-mocks";

const KUBERNETES_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/11111111-1111-4111-a111-111111111111`;
const LOGS_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/22222222-2222-4222-a222-222222222222`;
const CLUSTER = "platform-prod-ap-east-2";

/** The prod-like platform: a Graviton group and a tainted x86 fallback, two admins, a private endpoint. */
const PROD: EksPlatformArgs = {
  clusterName: CLUSTER,
  kubernetesVersion: "1.35",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  kmsKeyArn: KUBERNETES_KEY,
  logsKmsKeyArn: LOGS_KEY,
  clusterAdmins: ["role/platform-deploy", "arn:aws:iam::210987654321:role/ops/PlatformAdmin"],
  adminRoleArns: {
    "ci-deploy": pulumi.output(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/ci-access-deploy-1a2b3c4`),
  },
  nodeGroups: {
    graviton: { instanceTypes: ["m7g.large", "m6g.large"], minSize: 3, desiredSize: 3, maxSize: 12 },
    "x86-fallback": {
      instanceTypes: ["m5.large"],
      minSize: 0,
      desiredSize: 0,
      maxSize: 6,
      labels: { "platform/arch-fallback": "true" },
      taints: [{ key: "platform/arch", value: "amd64", effect: "NO_SCHEDULE" }],
    },
  },
  logRetentionDays: 365,
  protect: true,
  tags: { CostCenter: "CC-1001" },
};

const T = {
  cluster: "eks:index:Cluster",
  nodeGroup: "eks:index:ManagedNodeGroup",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  accessEntry: "aws:eks/accessEntry:AccessEntry",
  accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
  addon: "aws:eks/addon:Addon",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  release: "kubernetes:helm.sh/v3:Release",
  namespace: "kubernetes:core/v1:Namespace",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
  k8sProvider: "pulumi:providers:kubernetes",
} as const;

interface Built {
  recorder: PlanRecorder;
  platform: EksPlatform;
  providerRef: string;
}

function install(): PlanRecorder {
  return installPlanMocks({
    project: "platform",
    stack: "prod-taipei",
    config: { "aws:region": "ap-east-2" },
  });
}

async function build(overrides: Partial<EksPlatformArgs> = {}, name = "eks"): Promise<Built> {
  const { component: platform, ...built } = await buildUnderMocks(
    (provider) => new EksPlatform(name, { ...PROD, ...overrides }, { provider }),
    {
      settle: (platform) => [platform.clusterName, platform.kubeconfig, platform.nodeRoleArn],
    },
  );
  return { ...built, platform };
}

function policyOf(resource: RecordedResource, input: string): unknown {
  return JSON.parse(String(resource.inputs[input]));
}

function urnOf(recorder: PlanRecorder, type: string, name: string): string {
  return recorder.find(type, name).urn;
}

describe("EksPlatform (under the plan mocks)", () => {
  describe("the prod platform", () => {
    let built: Built;
    let recorder: PlanRecorder;
    let issuer: string;
    let clusterSecurityGroup: string;
    before(async () => {
      built = await build();
      recorder = built.recorder;
      issuer = String(recorder.find(T.cluster, "eks-cluster").state["oidcIssuer"]);
      clusterSecurityGroup = String(recorder.find(T.cluster, "eks-cluster").state["clusterSecurityGroupId"]);
    });

    it("creates a private, API-authenticated, KMS-encrypted cluster with every log type and no default node group", () => {
      expect(recorder.find(T.cluster, "eks-cluster").inputs).to.deep.equal({
        name: CLUSTER,
        version: "1.35",
        vpcId: "vpc-0123456789abcdef0",
        privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        authenticationMode: "API",
        encryptionConfigKeyArn: KUBERNETES_KEY,
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        createOidcProvider: true,
        skipDefaultNodeGroup: true,
        skipDefaultSecurityGroups: true,
        nodeAssociatePublicIpAddress: false,
        bootstrapSelfManagedAddons: false,
        useDefaultVpcCni: true,
        // The SDK fills in the options' defaults; what matters is that both add-ons are off (ours are pinned).
        corednsAddonOptions: {
          enabled: false,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
        },
        kubeProxyAddonOptions: {
          enabled: false,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
        },
        upgradePolicy: { supportType: "STANDARD" },
        deletionProtection: true,
        tags: { CostCenter: "CC-1001" },
      });
    });

    it("creates the cluster after its KMS-encrypted control plane log group, both protected", () => {
      const logGroup = recorder.find(T.logGroup, "eks-control-plane");
      expect(logGroup.inputs).to.deep.equal({
        name: `/aws/eks/${CLUSTER}/cluster`,
        retentionInDays: 365,
        kmsKeyId: LOGS_KEY,
        tags: { CostCenter: "CC-1001", Name: `${CLUSTER}-control-plane` },
      });
      expect(logGroup.options.protect).to.equal(true);
      expect(logGroup.options.provider).to.equal(built.providerRef);
      const cluster = recorder.find(T.cluster, "eks-cluster");
      expect(cluster.options.protect).to.equal(true);
      expect(cluster.options.dependsOn).to.include(logGroup.urn);
      expect(cluster.parent).to.equal(urnOf(recorder, EKS_PLATFORM_TYPE, "eks"));
    });

    it("turns off the silent creator-admin on the EKS cluster the component creates, and nothing else", async () => {
      const [transform] = recorder.transformsOf(recorder.find(T.cluster, "eks-cluster"));
      expect(transform).to.equal(withoutCreatorAdmin);
      const result = await transform({
        custom: true,
        type: "aws:eks/cluster:Cluster",
        name: "eks-cluster-eksCluster",
        props: {
          name: CLUSTER,
          accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        },
        opts: {},
      });
      expect(result?.props).to.deep.equal({
        name: CLUSTER,
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      });
      expect(
        await transform({
          custom: true,
          type: "aws:iam/role:Role",
          name: "eks-cluster-eksRole",
          props: {},
          opts: {},
        }),
      ).to.equal(undefined);
    });

    it("grants cluster-admin to exactly the configured principals through access entries", () => {
      expect(
        recorder.byType(T.accessEntry).map((e) => [e.name, e.inputs["principalArn"], e.inputs["type"]]),
      ).to.have.deep.members([
        [
          "eks-admin-role-platform-deploy",
          `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-deploy`,
          "STANDARD",
        ],
        ["eks-admin-role-platformadmin", "arn:aws:iam::210987654321:role/ops/PlatformAdmin", "STANDARD"],
        ["eks-admin-ci-deploy", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/ci-access-deploy-1a2b3c4`, "STANDARD"],
      ]);
      for (const association of recorder.byType(T.accessPolicy)) {
        expect(association.inputs).to.deep.include({
          clusterName: CLUSTER,
          policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          accessScope: { type: "cluster" },
        });
      }
      expect(recorder.byType(T.accessPolicy)).to.have.length(3);
    });

    it("gives nodes a role trusted by EC2 with only the worker and registry policies", () => {
      expect(policyOf(recorder.find(T.role, "eks-node"), "assumeRolePolicy")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Ec2InstancesAssumeNodeRole",
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      });
      const nodeRole = recorder.find(T.role, "eks-node");
      expect(
        recorder
          .byType(T.attachment)
          .filter((a) => a.parent === nodeRole.urn)
          .map((a) => a.inputs["policyArn"]),
      ).to.deep.equal([
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      ]);
    });

    it("launches nodes from a template with IMDSv2 (hop limit 2), an encrypted gp3 root volume and no public IP", () => {
      expect(recorder.find(T.launchTemplate, "eks-graviton").inputs).to.deep.equal({
        description: `Nodes of ${CLUSTER}-graviton: IMDSv2 only, encrypted gp3 root volume, no public IP`,
        updateDefaultVersion: true,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
          },
        ],
        networkInterfaces: [
          {
            deviceIndex: 0,
            associatePublicIpAddress: "false",
            deleteOnTermination: "true",
            securityGroups: [clusterSecurityGroup],
          },
        ],
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
          resourceType,
          tags: { CostCenter: "CC-1001", Name: `${CLUSTER}-graviton`, NodeGroup: "graviton" },
        })),
        tags: { CostCenter: "CC-1001", Name: `${CLUSTER}-graviton` },
      });
    });

    it("runs a Graviton group and a tainted x86 fallback over every workload subnet, sized by the autoscaler", () => {
      const template = recorder.find(T.launchTemplate, "eks-graviton");
      const graviton = recorder.find(T.nodeGroup, "eks-graviton");
      expect(graviton.inputs).to.deep.include({
        version: "1.35",
        nodeGroupNamePrefix: "graviton-",
        nodeRoleArn: recorder.find(T.role, "eks-node").state["arn"],
        subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        amiType: "AL2023_ARM_64_STANDARD",
        instanceTypes: ["m7g.large", "m6g.large"],
        capacityType: "ON_DEMAND",
        scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 12 },
        ignoreScalingChanges: true,
        labels: {},
        taints: [],
        launchTemplate: { id: template.id, version: "1" },
      });
      expect(graviton.inputs["cluster"]).to.equal(urnOf(recorder, T.cluster, "eks-cluster"));
      const fallback = recorder.find(T.nodeGroup, "eks-x86-fallback");
      expect(fallback.inputs).to.deep.include({
        amiType: "AL2023_x86_64_STANDARD",
        instanceTypes: ["m5.large"],
        scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 6 },
        labels: { "platform/arch-fallback": "true" },
        taints: [{ key: "platform/arch", value: "amd64", effect: "NO_SCHEDULE" }],
      });
      // Nodes join once the network add-ons and the node role's policies exist.
      for (const dependency of [
        urnOf(recorder, T.addon, "eks-addon-vpc-cni"),
        urnOf(recorder, T.addon, "eks-addon-kube-proxy"),
        urnOf(recorder, T.addon, "eks-addon-eks-pod-identity-agent"),
        urnOf(recorder, T.attachment, "eks-node-AmazonEKSWorkerNodePolicy"),
      ]) {
        expect(graviton.options.dependsOn).to.include(dependency);
      }
    });

    it("pins every add-on to the table's version for 1.35, networking first and Deployments after the nodes", () => {
      const versions = Object.fromEntries(
        recorder.byType(T.addon).map((a) => [a.inputs["addonName"], a.inputs["addonVersion"]]),
      );
      const pins = KUBERNETES_VERSIONS["1.35"].addons;
      expect(versions).to.deep.equal({
        "vpc-cni": pins.vpcCni,
        "kube-proxy": pins.kubeProxy,
        "eks-pod-identity-agent": pins.podIdentityAgent,
        coredns: pins.coredns,
        "aws-ebs-csi-driver": pins.ebsCsiDriver,
      });
      for (const addon of recorder.byType(T.addon)) {
        expect(addon.inputs, addon.name).to.deep.include({
          clusterName: CLUSTER,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
        });
      }
      const nodeGroups = recorder.byType(T.nodeGroup).map((g) => g.urn);
      for (const name of ["eks-addon-coredns", "eks-addon-aws-ebs-csi-driver"]) {
        expect(recorder.find(T.addon, name).options.dependsOn).to.include.members(nodeGroups);
      }
    });

    it("enforces network policies in the VPC CNI, which assumes its own role through IRSA", () => {
      const cni = recorder.find(T.addon, "eks-addon-vpc-cni");
      const cniRole = recorder.find(T.role, "eks-vpc-cni");
      expect(JSON.parse(String(cni.inputs["configurationValues"]))).to.deep.equal({
        enableNetworkPolicy: "true",
      });
      expect(cni.inputs["serviceAccountRoleArn"]).to.equal(cniRole.state["arn"]);
      expect(policyOf(cniRole, "assumeRolePolicy")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "IrsaForOneServiceAccount",
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                [`${issuer}:aud`]: "sts.amazonaws.com",
                [`${issuer}:sub`]: "system:serviceaccount:kube-system:aws-node",
              },
            },
          },
        ],
      });
      expect(recorder.find(T.attachment, "eks-vpc-cni-cni").inputs["policyArn"]).to.equal(
        "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      );
      expect(recorder.byType(T.association).map((a) => a.name)).to.not.include("eks-vpc-cni");
    });

    it("binds the EBS CSI driver, Load Balancer Controller and Cluster Autoscaler through Pod Identity", () => {
      const associations = recorder
        .byType(T.association)
        .map((a) => [a.name, a.inputs["namespace"], a.inputs["serviceAccount"], a.inputs["clusterName"]]);
      expect(associations).to.have.deep.members([
        ["eks-ebs-csi-driver", "kube-system", "ebs-csi-controller-sa", CLUSTER],
        ["eks-aws-load-balancer-controller", "kube-system", "aws-load-balancer-controller", CLUSTER],
        ["eks-cluster-autoscaler", "kube-system", "cluster-autoscaler", CLUSTER],
      ]);
      // Scoped to this cluster's account, region and VPC.
      const scope = {
        partition: "aws",
        region: "ap-east-2",
        accountId: MOCK_ACCOUNT_ID,
        clusterName: CLUSTER,
        vpcId: "vpc-0123456789abcdef0",
      };
      expect(recorder.find(T.attachment, "eks-ebs-csi-driver-ebs").inputs["policyArn"]).to.equal(
        "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
      );
      expect(
        policyOf(recorder.find(T.rolePolicy, "eks-aws-load-balancer-controller-controller"), "policy"),
      ).to.deep.equal(loadBalancerControllerPolicy(scope));
      expect(
        policyOf(recorder.find(T.rolePolicy, "eks-cluster-autoscaler-autoscaler"), "policy"),
      ).to.deep.equal(clusterAutoscalerPolicy(scope));
      const trust = policyOf(recorder.find(T.role, "eks-cluster-autoscaler"), "assumeRolePolicy") as {
        Statement: { Condition: unknown }[];
      };
      expect(trust.Statement[0].Condition).to.deep.equal({
        StringEquals: {
          "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:ap-east-2:${MOCK_ACCOUNT_ID}:cluster/${CLUSTER}`,
          "aws:RequestTag/kubernetes-namespace": "kube-system",
          "aws:RequestTag/kubernetes-service-account": "cluster-autoscaler",
        },
      });
      // The driver starts with credentials: the add-on waits for its association and the agent.
      expect(recorder.find(T.addon, "eks-addon-aws-ebs-csi-driver").options.dependsOn).to.include.members([
        urnOf(recorder, T.association, "eks-ebs-csi-driver"),
        urnOf(recorder, T.addon, "eks-addon-eks-pod-identity-agent"),
      ]);
    });

    it("installs the controllers with pinned charts, the cluster's name, region and VPC, after their identities", () => {
      const k8sProvider = recorder.find(T.k8sProvider, "eks-k8s");
      const releases = Object.fromEntries(recorder.byType(T.release).map((r) => [r.name, r]));
      expect(Object.keys(releases)).to.have.members([
        "eks-aws-load-balancer-controller",
        "eks-cluster-autoscaler",
        "eks-metrics-server",
      ]);
      const lbc = releases["eks-aws-load-balancer-controller"];
      expect(lbc.inputs).to.deep.include({
        name: "aws-load-balancer-controller",
        namespace: "kube-system",
        chart: "aws-load-balancer-controller",
        version: "1.17.1",
        repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
        atomic: true,
        cleanupOnFail: true,
      });
      expect(lbc.inputs["values"]).to.deep.equal({
        clusterName: CLUSTER,
        region: "ap-east-2",
        vpcId: "vpc-0123456789abcdef0",
        replicaCount: 2,
        enableShield: false,
        enableWaf: false,
        enableWafv2: false,
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      });
      expect(lbc.options.provider).to.equal(`${k8sProvider.urn}::${k8sProvider.id}`);
      // Its pods start with credentials: the release waits for the controller's role and association (which
      // itself waits for the role's policy).
      expect(lbc.options.dependsOn).to.include.members([
        urnOf(recorder, T.role, "eks-aws-load-balancer-controller"),
        urnOf(recorder, T.association, "eks-aws-load-balancer-controller"),
      ]);
      expect(recorder.find(T.association, "eks-aws-load-balancer-controller").options.dependsOn).to.include(
        urnOf(recorder, T.rolePolicy, "eks-aws-load-balancer-controller-controller"),
      );
      const autoscaler = releases["eks-cluster-autoscaler"];
      expect(autoscaler.inputs).to.deep.include({ chart: "cluster-autoscaler", version: "9.59.0" });
      expect(autoscaler.inputs["values"]).to.deep.include({
        awsRegion: "ap-east-2",
        autoDiscovery: { clusterName: CLUSTER },
        image: { tag: "v1.35.0" },
      });
      expect(releases["eks-metrics-server"].inputs).to.deep.include({
        chart: "metrics-server",
        version: "3.13.0",
      });
      for (const release of Object.values(releases)) {
        expect(release.options.dependsOn, release.name).to.include.members([
          ...recorder.byType(T.nodeGroup).map((g) => g.urn),
          urnOf(recorder, T.addon, "eks-addon-coredns"),
        ]);
      }
    });

    it("reaches Kubernetes through the cluster's kubeconfig (secret) once the admins' access exists", () => {
      const k8sProvider = recorder.find(T.k8sProvider, "eks-k8s");
      expect(k8sProvider.inputs["kubeconfig"]).to.equal("[secret]");
      expect(k8sProvider.options.dependsOn).to.include.members(
        recorder.byType(T.accessPolicy).map((a) => a.urn),
      );
    });

    it("labels the platform namespace baseline and the application namespace restricted, pinned to v1.35", () => {
      const labels = (name: string) =>
        recorder.find(T.namespace, name).inputs["metadata"] as {
          name: string;
          labels: Record<string, string>;
        };
      expect(labels("eks-application-namespace")).to.deep.equal({
        name: "apps",
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "v1.35",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": "v1.35",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "v1.35",
        },
      });
      expect(labels("eks-platform-namespace").name).to.equal("platform");
      expect(labels("eks-platform-namespace").labels["pod-security.kubernetes.io/enforce"]).to.equal(
        "baseline",
      );
    });

    it("denies all application traffic by default and allows DNS to CoreDNS only", () => {
      expect(recorder.find(T.networkPolicy, "eks-default-deny").inputs).to.deep.equal({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "default-deny-all", namespace: "apps" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      });
      const dns = recorder.find(T.networkPolicy, "eks-allow-dns").inputs["spec"] as {
        policyTypes: string[];
        egress: { ports: unknown[] }[];
      };
      expect(dns.policyTypes).to.deep.equal(["Egress"]);
      expect(dns.egress[0].ports).to.deep.equal([
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ]);
    });

    it("makes encrypted gp3 the default storage class", () => {
      const storageClass = recorder.find(T.storageClass, "eks-gp3").inputs;
      expect(storageClass["provisioner"]).to.equal("ebs.csi.aws.com");
      expect(storageClass["parameters"]).to.deep.equal({ type: "gp3", encrypted: "true" });
    });

    it("exports the cluster's name, endpoint, OIDC provider, node security group and a secret kubeconfig", async () => {
      const { platform } = built;
      const state = recorder.find(T.cluster, "eks-cluster").state;
      expect(await valueOf(platform.clusterName)).to.equal(CLUSTER);
      expect(await valueOf(platform.clusterArn)).to.equal(
        `arn:aws:eks:ap-east-2:${MOCK_ACCOUNT_ID}:cluster/${CLUSTER}`,
      );
      expect(await valueOf(platform.endpoint)).to.equal((state["core"] as { endpoint: string }).endpoint);
      expect(await valueOf(platform.oidcProviderArn)).to.equal(state["oidcProviderArn"]);
      expect(await valueOf(platform.oidcProviderUrl)).to.equal(`https://${issuer}`);
      expect(await valueOf(platform.nodeSecurityGroupId)).to.equal(clusterSecurityGroup);
      expect(await isSecret(platform.kubeconfig)).to.equal(true);
      expect(JSON.parse(await valueOf(platform.kubeconfig)).kind).to.equal("Config");
      expect(platform.addonVersions).to.deep.equal(KUBERNETES_VERSIONS["1.35"].addons);
      expect(recorder.find(EKS_PLATFORM_TYPE, "eks").outputs?.["kubeconfig"]).to.equal("[secret]");
    });

    it("creates every AWS child through the regional provider", () => {
      for (const resource of recorder.resources.filter((r) => r.type.startsWith("aws:"))) {
        expect(resource.options.provider, `${resource.type}::${resource.name}`).to.equal(built.providerRef);
      }
    });
  });

  describe("options, with a second platform in the same stack", () => {
    const VOLUME_KEY = `arn:aws:kms:ap-east-2:${MOCK_ACCOUNT_ID}:key/33333333-3333-4333-a333-333333333333`;
    const SMALL: Partial<EksPlatformArgs> = {
      clusterAdmins: ["role/platform-deploy"],
      adminRoleArns: {},
      nodeGroups: { graviton: { instanceTypes: ["m7g.large"], minSize: 1, desiredSize: 1, maxSize: 3 } },
    };
    let recorder: PlanRecorder;
    before(async () => {
      ({ recorder } = await buildUnderMocks(
        (provider) => ({
          options: new EksPlatform(
            "eks",
            {
              ...PROD,
              ...SMALL,
              publicAccessCidrs: ["203.0.113.0/24"],
              volumeKmsKeyArn: VOLUME_KEY,
              protect: undefined,
            },
            { provider },
          ),
          second: new EksPlatform("eks-b", { ...PROD, ...SMALL, clusterName: "platform-b" }, { provider }),
        }),
        { settle: ({ options, second }) => [options.kubeconfig, second.kubeconfig] },
      ));
    });

    it("opens the public endpoint only to the listed CIDRs, and protects nothing unless asked", () => {
      const cluster = recorder.find(T.cluster, "eks-cluster");
      expect(cluster.inputs).to.deep.include({
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["203.0.113.0/24"],
        deletionProtection: false,
      });
      expect(cluster.options.protect).to.equal(false);
      expect(recorder.find(T.logGroup, "eks-control-plane").options.protect).to.equal(false);
    });

    it("encrypts node and storage class volumes with a given key", () => {
      const mappings = recorder.find(T.launchTemplate, "eks-graviton").inputs["blockDeviceMappings"] as {
        ebs: Record<string, unknown>;
      }[];
      expect(mappings[0].ebs["kmsKeyId"]).to.equal(VOLUME_KEY);
      const parameters = recorder.find(T.storageClass, "eks-gp3").inputs["parameters"] as Record<
        string,
        string
      >;
      expect(parameters["kmsKeyId"]).to.equal(VOLUME_KEY);
    });

    it("registers no type::name twice", () => {
      const keys = recorder.resources.map((r) => `${r.type}::${r.name}`);
      expect(keys.length).to.equal(new Set(keys).size);
      expect(recorder.byType(T.cluster).map((c) => c.inputs["name"])).to.have.members([
        CLUSTER,
        "platform-b",
      ]);
    });

    it("defaults to the newest pinned version, 365 days of logs, and the platform and apps namespaces", () => {
      const resolved = withDefaults({ ...PROD, kubernetesVersion: undefined, logRetentionDays: undefined });
      expect(resolved.kubernetesVersion).to.equal("1.35");
      expect(resolved.logRetentionDays).to.equal(eksPlatformDefaults.logRetentionDays);
      expect([resolved.platformNamespace, resolved.applicationNamespace]).to.deep.equal(["platform", "apps"]);
      expect(resolved.publicAccessCidrs).to.deep.equal([]);
    });
  });

  describe("validation", () => {
    it("reports every problem in one error before registering anything", () => {
      const recorder = install();
      const provider = new aws.Provider("aws-ap-east-2", { region: "ap-east-2" });
      let error: unknown;
      try {
        new EksPlatform(
          "eks",
          {
            ...PROD,
            clusterName: "-bad",
            kubernetesVersion: "1.29",
            clusterAdmins: ["arn:aws:iam::123456789012:root"],
            publicAccessCidrs: ["0.0.0.0/0"],
            logRetentionDays: 10,
            applicationNamespace: "platform",
            nodeGroups: {
              mixed: { instanceTypes: ["m7g.large", "m5.large"], minSize: 4, desiredSize: 2, maxSize: 3 },
            },
          },
          { provider },
        );
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as Error).message.split("\n")).to.deep.equal([
        'Invalid arguments for EksPlatform "eks":',
        '  - clusterName: "-bad" is not an EKS cluster name; use 1 to 100 letters, digits, - and _, starting with a letter or digit',
        "  - kubernetesVersion: 1.29 is not a Kubernetes version this platform pins add-ons for; use one of 1.34, 1.35 (a new version needs its row in KUBERNETES_VERSIONS, components/eks-platform/plan.ts, first: see docs/runbooks/upgrade-kubernetes.md)",
        "  - clusterAdmins[0]: arn:aws:iam::123456789012:root is the account root, which EKS access entries do not take; name an administrator role instead",
        "  - nodeGroups.mixed.instanceTypes: mixes arm64 (m7g.large) and x86_64 (m5.large) types; a node group boots one AMI, so put each architecture in its own group",
        "  - nodeGroups.mixed.minSize: 4 is greater than maxSize 3; lower minSize or raise maxSize",
        "  - publicAccessCidrs[0]: 0.0.0.0/0 would open the Kubernetes API endpoint to the whole internet; list the public egress CIDRs of your VPN or CI runners instead, or leave publicAccessCidrs empty to keep the endpoint private",
        "  - logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
        "  - applicationNamespace: is platform, like platformNamespace; applications need their own namespace (restricted, default-deny)",
      ]);
      expect(
        recorder.resources.filter((r) => r.type !== "pulumi:providers:aws" && r.type !== EKS_PLATFORM_TYPE),
      ).to.deep.equal([]);
    });

    it("needs the regional aws.Provider and a name short enough for its roles", () => {
      install();
      expect(() => new EksPlatform("eks-platform-with-a-long-name", PROD)).to.throw(
        ValidationError,
        'Invalid arguments for EksPlatform "eks-platform-with-a-long-name":\n' +
          '  - name: "eks-platform-with-a-long-name" has 29 characters; the controllers\' roles are named after it, so use at most 24\n' +
          "  - opts.provider: no aws.Provider given; pass { provider } with the explicit provider of the stack's region (its defaultTags carry the required tags)",
      );
    });
  });
});
