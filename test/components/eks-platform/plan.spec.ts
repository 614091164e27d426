import { expect } from "chai";
import * as fc from "fast-check";
import {
  ADDON_KEYS,
  AMI_TYPES,
  DEFAULT_KUBERNETES_VERSION,
  CAPACITY_TYPES,
  EKS_NODE_LABEL_LIMITS,
  EKS_RELEASE_CALENDAR,
  HELM_CHARTS,
  KUBERNETES_VERSIONS,
  NODE_ROLE_POLICIES,
  NodeGroupSpec,
  SUPPORTED_KUBERNETES_VERSIONS,
  TAINT_EFFECTS,
  autoDiscoveryTags,
  clusterAdminProblems,
  clusterAutoscalerPolicy,
  clusterAutoscalerValues,
  instanceArchitecture,
  instanceTypeProblem,
  kubernetesVersionProblem,
  loadBalancerControllerPolicy,
  loadBalancerControllerValues,
  namespaceProblem,
  nodeGroupProblems,
  nodeTrustPolicy,
  parseAdminPrincipal,
  planNodeGroups,
  podSecurityLabels,
  publicAccessCidrProblems,
} from "../../../components/eks-platform/plan";
import { providerDoc, quotedIn } from "../../support/provider-docs";
import {
  identityProblems,
  irsaTrustPolicy,
  podIdentityTrustPolicy,
} from "../../../components/workload-identity/plan";

const GRAVITON: NodeGroupSpec = {
  instanceTypes: ["m7g.large", "m6g.large"],
  minSize: 3,
  desiredSize: 3,
  maxSize: 12,
};

describe("eks-platform plan", () => {
  describe("pinned versions", () => {
    it("pins every add-on for every supported version as a real vX.Y.Z-eksbuild.N string", () => {
      expect(SUPPORTED_KUBERNETES_VERSIONS).to.deep.equal(["1.34", "1.35"]);
      for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
        const pins = KUBERNETES_VERSIONS[version];
        expect(Object.keys(pins.addons), version).to.have.members([...ADDON_KEYS]);
        for (const [addon, addonVersion] of Object.entries(pins.addons)) {
          expect(addonVersion, `${version} ${addon}`).to.match(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
        }
      }
    });

    it("runs kube-proxy and the Cluster Autoscaler of the cluster's own minor", () => {
      for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
        const pins = KUBERNETES_VERSIONS[version];
        expect(pins.addons.kubeProxy.startsWith(`v${version}.`), version).to.equal(true);
        expect(pins.clusterAutoscalerImageTag.startsWith(`v${version}.`), version).to.equal(true);
        expect(pins.standardSupportEnds).to.match(/^\d{4}-\d{2}-\d{2}$/);
      }
    });

    it("starts new stacks on the newest pinned version, 1.35, with its exact add-ons", () => {
      expect(DEFAULT_KUBERNETES_VERSION).to.equal("1.35");
      expect(KUBERNETES_VERSIONS["1.35"]).to.deep.equal({
        addons: {
          vpcCni: "v1.21.1-eksbuild.8",
          kubeProxy: "v1.35.3-eksbuild.2",
          podIdentityAgent: "v1.3.10-eksbuild.3",
          coredns: "v1.14.2-eksbuild.4",
          ebsCsiDriver: "v1.57.1-eksbuild.1",
        },
        clusterAutoscalerImageTag: "v1.35.0",
        standardSupportEnds: "2027-03-27",
      });
    });

    it("pins only versions on EKS's release calendar, with the calendar's end of standard support", () => {
      for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
        const calendar = EKS_RELEASE_CALENDAR[version];
        expect(calendar, version).not.to.equal(undefined);
        expect(KUBERNETES_VERSIONS[version].standardSupportEnds, version).to.equal(
          calendar.endOfStandardSupport,
        );
      }
      for (const dates of Object.values(EKS_RELEASE_CALENDAR)) {
        // Extended support is twelve months after the end of standard support, the same day.
        expect(Number(dates.endOfExtendedSupport.slice(0, 4))).to.equal(
          Number(dates.endOfStandardSupport.slice(0, 4)) + 1,
        );
        expect(dates.endOfExtendedSupport.slice(4)).to.equal(dates.endOfStandardSupport.slice(4));
      }
    });

    it("pins exact Helm chart versions, never ranges", () => {
      expect(HELM_CHARTS).to.deep.equal({
        awsLoadBalancerController: {
          repository: "https://aws.github.io/eks-charts",
          chart: "aws-load-balancer-controller",
          version: "1.17.1",
        },
        clusterAutoscaler: {
          repository: "https://kubernetes.github.io/autoscaler",
          chart: "cluster-autoscaler",
          version: "9.59.0",
        },
        metricsServer: {
          repository: "https://kubernetes-sigs.github.io/metrics-server",
          chart: "metrics-server",
          version: "3.13.0",
        },
      });
    });

    it("refuses a version without pins, naming the supported ones and the runbook", () => {
      expect(kubernetesVersionProblem("1.35")).to.equal(undefined);
      expect(kubernetesVersionProblem("1.30")).to.equal(
        "1.30 is not a Kubernetes version this platform pins add-ons for; use one of 1.34, 1.35 (a new version " +
          "needs its row in KUBERNETES_VERSIONS, components/eks-platform/plan.ts, first: see " +
          "docs/runbooks/upgrade-kubernetes.md)",
      );
      expect(kubernetesVersionProblem(1.35)).to.match(/^1\.35 is not a Kubernetes version/);
    });
  });

  describe("instanceArchitecture", () => {
    it("knows Graviton types by the g after the generation, and a1", () => {
      for (const type of [
        "m6g.large",
        "m7g.xlarge",
        "m7gd.2xlarge",
        "c6gn.16xlarge",
        "t4g.medium",
        "x2gd.large",
        "g5g.xlarge",
        "im4gn.large",
        "a1.large",
        "m8g.large",
        "c8g.metal-24xl",
      ]) {
        expect(instanceArchitecture(type), type).to.equal("arm64");
      }
    });

    it("treats every other family as x86_64", () => {
      for (const type of [
        "m5.large",
        "m5.xlarge",
        "m7i-flex.large",
        "c5ad.large",
        "g4dn.xlarge",
        "g4ad.xlarge",
        "r7iz.large",
        "m6a.large",
        "inf2.xlarge",
      ]) {
        expect(instanceArchitecture(type), type).to.equal("x86_64");
      }
    });

    it("returns undefined for what is not an instance type name", () => {
      for (const type of ["large", "m7g", "M7G.large", "m7g.", "", "m7g large"]) {
        expect(instanceArchitecture(type), type).to.equal(undefined);
      }
    });
  });

  describe("AWS's allowed values, against the installed @pulumi/aws", () => {
    it("capacity types and taint effects are the ones the provider documents", () => {
      const capacity = providerDoc("eks/nodeGroup.d.ts", "capacityType");
      expect(quotedIn(capacity.slice(capacity.indexOf("Valid values")))).to.deep.equal([...CAPACITY_TYPES]);
      const effect = providerDoc("types/input.d.ts", "effect", "interface NodeGroupTaint {");
      expect(quotedIn(effect)).to.deep.equal([...TAINT_EFFECTS]);
      const key = providerDoc("types/input.d.ts", "key", "interface NodeGroupTaint {");
      expect(key).to.contain(`Maximum length of ${EKS_NODE_LABEL_LIMITS.maxKeyLength}.`);
    });
  });

  describe("instance types", () => {
    it("accept types AWS offers (the provider's enum), of either architecture", () => {
      for (const type of [
        "m7g.xlarge",
        "m6g.xlarge",
        "m5.xlarge",
        "m6i.xlarge",
        "c8g.metal-24xl",
        "t4g.small",
      ]) {
        expect(instanceTypeProblem(type), type).to.equal(undefined);
      }
    });

    it("refuse a size the family does not come in, naming the sizes it does", () => {
      expect(instanceTypeProblem("m7g.huge")).to.equal(
        "m7g.huge is not an EC2 instance type: m7g comes in medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, " +
          "12xlarge, 16xlarge, metal; pick one of those sizes",
      );
      expect(instanceTypeProblem("t4g.4xlarge")).to.match(
        /^t4g\.4xlarge is not an EC2 instance type: t4g comes in nano, /,
      );
    });

    it("refuse a family that does not exist, and what is not written like a type", () => {
      expect(instanceTypeProblem("m7x.large")).to.equal(
        "m7x.large is not an EC2 instance type: AWS has no m7x family (check the spelling, e.g. m7g.large); the " +
          "known types are the @pulumi/aws enum in components/common/aws-enums.json",
      );
      expect(instanceTypeProblem("large")).to.equal(
        '"large" is not an EC2 instance type; write it like m7g.large',
      );
    });

    it("refuse real types whose architecture the name does not tell (Mac, High Memory)", () => {
      expect(instanceTypeProblem("mac2-m2.metal")).to.equal(
        "mac2-m2.metal is an EC2 instance type whose CPU architecture this platform cannot tell from its name " +
          "(Mac, High Memory and some accelerated families); node groups run general-purpose families, e.g. " +
          "m7g.large or m6i.large",
      );
    });
  });

  describe("node groups", () => {
    it("accepts the Graviton group and plans its defaults: AL2023 ARM, on-demand, 50 GiB", () => {
      expect(nodeGroupProblems({ graviton: GRAVITON })).to.deep.equal([]);
      expect(planNodeGroups({ graviton: GRAVITON })).to.deep.equal([
        {
          key: "graviton",
          instanceTypes: ["m7g.large", "m6g.large"],
          architecture: "arm64",
          amiType: "AL2023_ARM_64_STANDARD",
          capacityType: "ON_DEMAND",
          minSize: 3,
          desiredSize: 3,
          maxSize: 12,
          labels: {},
          taints: [],
          diskSizeGiB: 50,
        },
      ]);
    });

    it("plans an x86 fallback with its AMI, labels and taint as given", () => {
      const [fallback] = planNodeGroups({
        "x86-fallback": {
          instanceTypes: ["m5.large"],
          capacityType: "SPOT",
          minSize: 0,
          desiredSize: 0,
          maxSize: 6,
          labels: { "platform/arch-fallback": "true" },
          taints: [{ key: "platform/arch", value: "amd64", effect: "NO_SCHEDULE" }],
          diskSizeGiB: 80,
        },
      });
      expect(fallback).to.include({
        key: "x86-fallback",
        architecture: "x86_64",
        amiType: "AL2023_x86_64_STANDARD",
        capacityType: "SPOT",
        diskSizeGiB: 80,
      });
      expect(fallback.labels).to.deep.equal({ "platform/arch-fallback": "true" });
      expect(fallback.taints).to.deep.equal([
        { key: "platform/arch", value: "amd64", effect: "NO_SCHEDULE" },
      ]);
    });

    it("reports min > max, a desired size outside the range and mixed architectures, each once", () => {
      expect(
        nodeGroupProblems({
          a: { ...GRAVITON, minSize: 5, maxSize: 2 },
          b: { ...GRAVITON, desiredSize: 20 },
          c: { ...GRAVITON, instanceTypes: ["m7g.large", "m5.large", "m6g.large"] },
        }),
      ).to.deep.equal([
        {
          path: "nodeGroups.a.minSize",
          message: "5 is greater than maxSize 2; lower minSize or raise maxSize",
        },
        {
          path: "nodeGroups.b.desiredSize",
          message:
            "20 is outside [minSize 3, maxSize 12]; set it within the range (it only sizes the group at creation)",
        },
        {
          path: "nodeGroups.c.instanceTypes",
          message:
            "mixes arm64 (m7g.large, m6g.large) and x86_64 (m5.large) types; a node group boots one AMI, so put each architecture in its own group",
        },
      ]);
    });

    it("reports an AMI type that does not match the instance types, and unknown AMI types", () => {
      expect(
        nodeGroupProblems({
          arm: { ...GRAVITON, amiType: "AL2023_x86_64_STANDARD" },
          old: { ...GRAVITON, amiType: "AL2_ARM_64" },
        }),
      ).to.deep.equal([
        {
          path: "nodeGroups.arm.amiType",
          message:
            "AL2023_x86_64_STANDARD is an x86_64 AMI, but the instance types are arm64; use AL2023_ARM_64_STANDARD or leave amiType out",
        },
        {
          path: "nodeGroups.old.amiType",
          message:
            '"AL2_ARM_64" is not an AMI type this platform runs; use AL2023_ARM_64_STANDARD or AL2023_x86_64_STANDARD (or leave it out to derive it from the instance types)',
        },
      ]);
      expect(Object.keys(AMI_TYPES)).to.deep.equal(["AL2023_ARM_64_STANDARD", "AL2023_x86_64_STANDARD"]);
    });

    it("reports every other field's problem with a fix", () => {
      expect(
        nodeGroupProblems({
          Bad_Key: {
            instanceTypes: ["m7g.large", "large", "m7g.large"],
            capacityType: "RESERVED",
            minSize: -1,
            desiredSize: 1.5,
            maxSize: 2,
            labels: { "bad key!": "x", team: "not ok!" },
            taints: [{ key: "dedicated", effect: "NoSchedule" }],
            diskSizeGiB: 8,
          },
        }),
      ).to.deep.equal([
        {
          path: "nodeGroups.Bad_Key",
          message:
            '"Bad_Key" is not a node group key; use 1 to 24 lowercase letters, digits and inner hyphens (it names the group\'s resources)',
        },
        {
          path: "nodeGroups.Bad_Key.instanceTypes[1]",
          message: '"large" is not an EC2 instance type; write it like m7g.large',
        },
        {
          path: "nodeGroups.Bad_Key.instanceTypes[2]",
          message: "m7g.large is listed twice; list each type once",
        },
        { path: "nodeGroups.Bad_Key.minSize", message: "-1 is not a node count; use a whole number from 0" },
        {
          path: "nodeGroups.Bad_Key.desiredSize",
          message: "1.5 is not a node count; use a whole number from 0",
        },
        {
          path: "nodeGroups.Bad_Key.capacityType",
          message: '"RESERVED" is not a capacity type; use ON_DEMAND or SPOT',
        },
        {
          path: "nodeGroups.Bad_Key.labels.bad key!",
          message:
            '"bad key!" is not a Kubernetes label key; use [prefix/]name, the name 1 to 63 letters, digits, -, _ and ., e.g. workload-class',
        },
        {
          path: "nodeGroups.Bad_Key.labels.team",
          message:
            '"not ok!" is not a Kubernetes label value; use up to 63 letters, digits, -, _ and ., starting and ending with a letter or digit',
        },
        {
          path: "nodeGroups.Bad_Key.taints[0].effect",
          message: '"NoSchedule" is not a taint effect; use NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE',
        },
        {
          path: "nodeGroups.Bad_Key.diskSizeGiB",
          message:
            "8 is not a root volume size; use a whole number of GiB from 20 (the AMI's snapshot) to 16384",
        },
      ]);
    });

    it("reports instance types AWS does not offer, each at its index", () => {
      expect(
        nodeGroupProblems({
          graviton: { ...GRAVITON, instanceTypes: ["m7g.large", "m7g.huge", "m8x.large"] },
        }).map((p) => p.path),
      ).to.deep.equal(["nodeGroups.graviton.instanceTypes[1]", "nodeGroups.graviton.instanceTypes[2]"]);
    });

    it("keeps labels and taints within what EKS takes: keys and values of at most 63, no empty label value", () => {
      const longPrefix = `${"a".repeat(50)}.example.com`;
      expect(EKS_NODE_LABEL_LIMITS).to.deep.equal({ maxKeyLength: 63, maxValueLength: 63 });
      expect(
        nodeGroupProblems({
          g: {
            ...GRAVITON,
            labels: { [`${longPrefix}/class`]: "general", "example.com/empty": "", "example.com/ok": "x" },
            taints: [{ key: `${longPrefix}/arch`, value: "amd64", effect: "NO_SCHEDULE" }],
          },
        }),
      ).to.deep.equal([
        {
          path: `nodeGroups.g.labels.${longPrefix}/class`,
          message: `${longPrefix}/class has 68 characters; EKS takes keys of at most 63 (prefix included): shorten it`,
        },
        {
          path: "nodeGroups.g.labels.example.com/empty",
          message:
            "is empty; EKS takes label values of 1 to 63 characters: give it a value (e.g. true) or remove the label",
        },
        {
          path: "nodeGroups.g.taints[0].key",
          message: `${longPrefix}/arch has 67 characters; EKS takes keys of at most 63 (prefix included): shorten it`,
        },
      ]);
    });

    it("refuses labels in Kubernetes' own namespaces, which the kubelet will not register, but node.kubernetes.io/", () => {
      expect(
        nodeGroupProblems({
          g: {
            ...GRAVITON,
            labels: {
              "kubernetes.io/role": "worker",
              "topology.kubernetes.io/zone": "a",
              "k8s.io/x": "y",
              "node.kubernetes.io/pool": "general",
              "kubelet.kubernetes.io/x": "y",
              "example.com/kubernetes.io": "fine",
            },
          },
        }),
      ).to.deep.equal([
        {
          path: "nodeGroups.g.labels.kubernetes.io/role",
          message:
            "kubernetes.io/role is in Kubernetes' own kubernetes.io namespace, which the kubelet refuses to register " +
            "(or sets itself); use your own prefix (e.g. platform/role) or node.kubernetes.io/",
        },
        {
          path: "nodeGroups.g.labels.topology.kubernetes.io/zone",
          message:
            "topology.kubernetes.io/zone is in Kubernetes' own topology.kubernetes.io namespace, which the kubelet " +
            "refuses to register (or sets itself); use your own prefix (e.g. platform/zone) or node.kubernetes.io/",
        },
        {
          path: "nodeGroups.g.labels.k8s.io/x",
          message:
            "k8s.io/x is in Kubernetes' own k8s.io namespace, which the kubelet refuses to register (or sets " +
            "itself); use your own prefix (e.g. platform/x) or node.kubernetes.io/",
        },
      ]);
    });

    it("needs at least one group, instance types, and room for one node", () => {
      expect(nodeGroupProblems({})).to.deep.equal([
        {
          path: "nodeGroups",
          message:
            "has no node group; add one, e.g. graviton: {instanceTypes: [m7g.large], minSize: 2, desiredSize: 2, maxSize: 6}",
        },
      ]);
      expect(
        nodeGroupProblems({ empty: { instanceTypes: [], minSize: 0, desiredSize: 0, maxSize: 0 } }),
      ).to.deep.equal([
        {
          path: "nodeGroups.empty.instanceTypes",
          message: "is empty; list at least one instance type, e.g. m7g.large",
        },
        {
          path: "nodeGroups.empty.maxSize",
          message: "is 0; a node group needs room for at least 1 node (set maxSize to 1 or more)",
        },
      ]);
    });

    it("accepts any valid sizes, and reports exactly one size problem for any invalid ordering (property)", () => {
      const size = fc.integer({ min: 0, max: 50 });
      fc.assert(
        fc.property(size, size, size, (minSize, desiredSize, maxSize) => {
          const sizeProblems = nodeGroupProblems({ g: { ...GRAVITON, minSize, desiredSize, maxSize } });
          const valid = maxSize >= 1 && minSize <= desiredSize && desiredSize <= maxSize;
          expect(sizeProblems.length === 0).to.equal(valid);
          expect(sizeProblems.filter((p) => p.path !== "nodeGroups.g.maxSize").length).to.be.at.most(1);
        }),
      );
    });
  });

  describe("public access CIDRs", () => {
    it("accepts public ranges and an empty list (private endpoint only)", () => {
      expect(publicAccessCidrProblems([])).to.deep.equal([]);
      expect(publicAccessCidrProblems(["203.0.113.0/24", "198.51.100.7/32"])).to.deep.equal([]);
    });

    it("never accepts 0.0.0.0/0, and refuses private ranges, bad syntax, host bits and duplicates", () => {
      expect(
        publicAccessCidrProblems([
          "0.0.0.0/0",
          "10.1.0.0/16",
          "nope",
          "203.0.113.1/24",
          "203.0.113.0/24",
          "203.0.113.0/24",
        ]),
      ).to.deep.equal([
        {
          path: "publicAccessCidrs[0]",
          message:
            "0.0.0.0/0 would open the Kubernetes API endpoint to the whole internet; list the public egress CIDRs of your VPN or CI runners instead, or leave publicAccessCidrs empty to keep the endpoint private",
        },
        {
          path: "publicAccessCidrs[1]",
          message:
            "10.1.0.0/16 is in the non-public range 10.0.0.0/8, which the public endpoint never sees; networks that reach the VPC (peering, VPN) use the private endpoint: remove it",
        },
        { path: "publicAccessCidrs[2]", message: '"nope" is not an IPv4 CIDR; write it like 203.0.113.0/24' },
        {
          path: "publicAccessCidrs[3]",
          message: "203.0.113.1/24 has host bits set; write the network address of the range",
        },
        { path: "publicAccessCidrs[5]", message: "203.0.113.0/24 is listed twice; list each CIDR once" },
      ]);
    });
  });

  describe("cluster administrators", () => {
    it("parses full role and user ARNs and the short form of the stack's account", () => {
      expect(parseAdminPrincipal("arn:aws:iam::123456789012:role/ops/PlatformAdmin")).to.deep.equal({
        key: "role-platformadmin",
        kind: "role",
        arn: "arn:aws:iam::123456789012:role/ops/PlatformAdmin",
        resource: "role/ops/PlatformAdmin",
      });
      expect(parseAdminPrincipal("user/alice")).to.deep.equal({
        key: "user-alice",
        kind: "user",
        resource: "user/alice",
      });
    });

    it("refuses an IAM path longer than IAM allows", () => {
      const path = `${"p".repeat(300)}/${"q".repeat(250)}/`;
      expect(parseAdminPrincipal(`arn:aws:iam::123456789012:role/${path}Admin`)).to.equal(
        "role/…/Admin has an IAM path of 553 characters; IAM allows at most 512: check the role's ARN",
      );
      expect(parseAdminPrincipal(`role/${"p".repeat(500)}/Admin`)).to.have.property("kind", "role");
    });

    it("explains STS sessions, the root, groups and anything else, and refuses duplicates and an empty list", () => {
      expect(
        clusterAdminProblems([
          "arn:aws:sts::123456789012:assumed-role/Admin/alice",
          "arn:aws:iam::123456789012:root",
          "arn:aws:iam::123456789012:group/admins",
          "admin",
          "role/platform-deploy",
          "arn:aws:iam::123456789012:role/platform-deploy",
        ]),
      ).to.deep.equal([
        {
          path: "clusterAdmins[0]",
          message:
            "arn:aws:sts::123456789012:assumed-role/Admin/alice is an STS session, which changes with every sign-in; name the role it assumes: role/Admin (or its arn:aws:iam::<account>:role/Admin)",
        },
        {
          path: "clusterAdmins[1]",
          message:
            "arn:aws:iam::123456789012:root is the account root, which EKS access entries do not take; name an administrator role instead",
        },
        {
          path: "clusterAdmins[2]",
          message:
            "arn:aws:iam::123456789012:group/admins is an IAM group, which EKS access entries do not take; name a role its members assume instead",
        },
        {
          path: "clusterAdmins[3]",
          message:
            '"admin" is not an IAM role or user; write arn:aws:iam::<12-digit account>:role/<name> or :user/<name>, or role/<name> / user/<name> for a principal of the stack\'s own account',
        },
        {
          path: "clusterAdmins[5]",
          message:
            "names the same role as clusterAdmins[4] (access entry role-platform-deploy); list each principal once",
        },
      ]);
      expect(clusterAdminProblems([])).to.deep.equal([
        {
          path: "clusterAdmins",
          message:
            "is empty; the cluster grants no one admin by default, so list the roles that administer it (at least the role `pulumi up` runs as, e.g. role/platform-deploy)",
        },
      ]);
    });

    it("counts administrators given as ARN outputs, checking their keys against the others'", () => {
      expect(clusterAdminProblems([], ["ci-deploy"])).to.deep.equal([]);
      expect(
        clusterAdminProblems(["role/ci-deploy", "role/role-x"], ["Bad Key", "role-ci-deploy"]),
      ).to.deep.equal([
        {
          path: "adminRoleArns.Bad Key",
          message:
            '"Bad Key" is not an administrator key; use 1 to 40 lowercase letters, digits and inner hyphens (it names the access entry)',
        },
        {
          path: "clusterAdmins[0]",
          message:
            "names access entry role-ci-deploy, which adminRoleArns uses as a key too; rename that key",
        },
      ]);
    });
  });

  describe("namespaces", () => {
    it("accepts DNS labels and refuses Kubernetes' own namespaces", () => {
      expect(namespaceProblem("apps")).to.equal(undefined);
      expect(namespaceProblem("kube-system")).to.equal(
        "kube-system belongs to Kubernetes itself; choose a namespace of your own, e.g. apps",
      );
      expect(namespaceProblem("Apps")).to.equal(
        '"Apps" is not a Kubernetes namespace name; use 1 to 63 lowercase letters, digits and inner hyphens',
      );
    });

    it("labels namespaces with Pod Security Standards pinned to the cluster's minor", () => {
      expect(podSecurityLabels("restricted", "1.35")).to.deep.equal({
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.35",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "v1.35",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "v1.35",
      });
      expect(podSecurityLabels("baseline", "1.34")["pod-security.kubernetes.io/enforce"]).to.equal(
        "baseline",
      );
    });
  });

  describe("IAM policy documents", () => {
    it("gives nodes only the worker and registry policies, trusted by EC2", () => {
      expect(NODE_ROLE_POLICIES).to.deep.equal([
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryReadOnly",
      ]);
      expect(nodeTrustPolicy("amazonaws.com")).to.deep.equal({
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
    });

    it("scales only the Auto Scaling groups EKS tags as the cluster's, in its own account and region", () => {
      const policy = clusterAutoscalerPolicy({
        partition: "aws",
        region: "ap-east-2",
        accountId: "111122223333",
        clusterName: "platform-prod-ap-east-2",
      });
      expect(policy.Statement[0]).to.deep.equal({
        Sid: "ScaleOnlyThisClustersGroups",
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "arn:aws:autoscaling:ap-east-2:111122223333:autoScalingGroup:*:autoScalingGroupName/*",
        Condition: {
          StringEquals: {
            "aws:ResourceTag/k8s.io/cluster-autoscaler/platform-prod-ap-east-2": "owned",
            "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
          },
        },
      });
      const reads = policy.Statement[1].Action as string[];
      expect(reads.every((action) => /:(Describe|Get)/.test(action))).to.equal(true);
      expect(reads).not.to.include("eks:DescribeNodegroup");
      expect(policy.Statement[2]).to.deep.equal({
        Sid: "DescribeThisClustersNodeGroups",
        Effect: "Allow",
        Action: "eks:DescribeNodegroup",
        Resource: "arn:aws:eks:ap-east-2:111122223333:nodegroup/platform-prod-ap-east-2/*/*",
      });
      expect(policy.Statement).to.have.length(3);
      expect(autoDiscoveryTags("platform-prod-ap-east-2")).to.deep.equal({
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/platform-prod-ap-east-2": "owned",
      });
    });

    describe("the Load Balancer Controller's policy", () => {
      const scope = {
        partition: "aws",
        region: "ap-east-2",
        accountId: "111122223333",
        clusterName: "platform-dev-ap-east-2",
        vpcId: "vpc-0abc",
      };
      const statements = loadBalancerControllerPolicy(scope).Statement;
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      const actionsOf = (s: (typeof statements)[number]) => [s.Action].flat();
      const resourcesOf = (s: (typeof statements)[number]) => [s.Resource].flat();

      it("writes on * only what AWS authorises on * (the ELB service-linked role, under its condition)", () => {
        const onAnything = statements.filter((s) => resourcesOf(s).includes("*"));
        expect(onAnything.map((s) => s.Sid)).to.deep.equal([
          "CreateElbServiceLinkedRole",
          "DescribeNetworkAndLoadBalancers",
          "ReadCertificates",
        ]);
        for (const s of onAnything.slice(1)) {
          expect(
            actionsOf(s).filter((a) => !/:(Describe|Get|List)/.test(a)),
            s.Sid,
          ).to.deep.equal([]);
        }
        expect(bySid["CreateElbServiceLinkedRole"].Condition).to.deep.equal({
          StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
        });
      });

      it("names only ARNs of its own account and region", () => {
        const arns = statements.flatMap(resourcesOf).filter((r) => r !== "*");
        expect(arns.length).to.be.greaterThan(0);
        for (const arn of arns) {
          expect(arn).to.match(/^arn:aws:(ec2|elasticloadbalancing):ap-east-2:111122223333:/);
        }
      });

      it("opens security groups only in the cluster's VPC, and creates them there, tagged as this cluster's", () => {
        expect(bySid["ManageSecurityGroupIngressInClusterVpc"]).to.deep.equal({
          Sid: "ManageSecurityGroupIngressInClusterVpc",
          Effect: "Allow",
          Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
          Resource: "arn:aws:ec2:ap-east-2:111122223333:security-group/*",
          Condition: { ArnEquals: { "ec2:Vpc": "arn:aws:ec2:ap-east-2:111122223333:vpc/vpc-0abc" } },
        });
        expect(bySid["CreateSecurityGroupsInClusterVpc"].Resource).to.equal(
          "arn:aws:ec2:ap-east-2:111122223333:vpc/vpc-0abc",
        );
        expect(bySid["CreateClusterTaggedSecurityGroups"].Condition).to.deep.equal({
          StringEquals: { "aws:RequestTag/elbv2.k8s.aws/cluster": "platform-dev-ap-east-2" },
        });
        expect(bySid["ManageOwnSecurityGroups"].Condition).to.deep.equal({
          StringEquals: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "platform-dev-ap-east-2" },
        });
      });

      it("lets every cluster-tag condition name this cluster, so another cluster's resources are out of reach", () => {
        const tagConditions = statements.flatMap((s) =>
          Object.entries(s.Condition ?? {}).flatMap(([operator, keys]) =>
            Object.entries(keys as Record<string, unknown>)
              .filter(([key]) => key.endsWith("/elbv2.k8s.aws/cluster"))
              .map(([key, value]) => `${s.Sid} ${operator} ${key}=${String(value)}`),
          ),
        );
        expect(tagConditions).to.have.length.greaterThan(10);
        for (const condition of tagConditions) {
          // The only test of presence left is "the request does not re-tag" when retagging.
          expect(condition).to.match(
            /=platform-dev-ap-east-2$|Null aws:RequestTag\/elbv2\.k8s\.aws\/cluster=true$/,
          );
        }
        // Deleting a load balancer or target group needs this cluster's tag on it.
        const deletes = statements.filter((s) =>
          actionsOf(s).some((a) => /elasticloadbalancing:Delete(LoadBalancer|TargetGroup)/.test(a)),
        );
        expect(deletes.map((s) => [s.Sid, s.Condition])).to.deep.equal([
          [
            "ManageOwnLoadBalancers",
            { StringEquals: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "platform-dev-ap-east-2" } },
          ],
        ]);
      });

      it("grants no WAF or Shield action (the chart's WAF and Shield features are off)", () => {
        const granted = statements.flatMap(actionsOf);
        expect(granted.filter((a) => /^(waf|wafv2|waf-regional|shield):/.test(a))).to.deep.equal([]);
        expect(granted).not.to.include("elasticloadbalancing:SetWebAcl");
      });

      it("writes the partition it is given and keeps one Sid per statement", () => {
        expect(JSON.stringify(loadBalancerControllerPolicy({ ...scope, partition: "aws-cn" }))).to.contain(
          "arn:aws-cn:elasticloadbalancing:ap-east-2:111122223333:",
        );
        expect(statements.every((s) => s.Effect === "Allow")).to.equal(true);
        expect(statements.map((s) => s.Sid)).to.have.length(new Set(statements.map((s) => s.Sid)).size);
      });
    });
  });

  describe("Helm values", () => {
    it("gives the Load Balancer Controller its cluster, region and VPC, and a service account of its own", () => {
      expect(
        loadBalancerControllerValues({
          clusterName: "platform-dev-ap-east-2",
          region: "ap-east-2",
          vpcId: "vpc-1",
        }),
      ).to.deep.equal({
        clusterName: "platform-dev-ap-east-2",
        region: "ap-east-2",
        vpcId: "vpc-1",
        replicaCount: 2,
        enableShield: false,
        enableWaf: false,
        enableWafv2: false,
        serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      });
    });

    it("points the Cluster Autoscaler at this cluster's node groups with the image of its minor", () => {
      expect(
        clusterAutoscalerValues({
          clusterName: "platform-dev-ap-east-2",
          region: "ap-east-2",
          imageTag: "v1.35.0",
        }),
      ).to.deep.equal({
        cloudProvider: "aws",
        awsRegion: "ap-east-2",
        autoDiscovery: { clusterName: "platform-dev-ap-east-2" },
        image: { tag: "v1.35.0" },
        rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
        extraArgs: {
          expander: "least-waste",
          "balance-similar-node-groups": true,
          "skip-nodes-with-system-pods": false,
        },
      });
    });
  });
});

describe("workload-identity plan", () => {
  it("trusts EKS Pod Identity for one cluster, namespace and service account", () => {
    expect(
      podIdentityTrustPolicy(
        "arn:aws:eks:ap-east-2:123456789012:cluster/platform-dev-ap-east-2",
        "apps",
        "api",
      ),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EksPodIdentityForOneServiceAccount",
          Effect: "Allow",
          Principal: { Service: "pods.eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: {
            StringEquals: {
              "aws:RequestTag/eks-cluster-arn":
                "arn:aws:eks:ap-east-2:123456789012:cluster/platform-dev-ap-east-2",
              "aws:RequestTag/kubernetes-namespace": "apps",
              "aws:RequestTag/kubernetes-service-account": "api",
            },
          },
        },
      ],
    });
  });

  it("trusts the cluster's OIDC provider for exactly one service account's tokens (IRSA)", () => {
    const issuer = "oidc.eks.ap-east-2.amazonaws.com/id/ABCDEF";
    expect(
      irsaTrustPolicy(
        `arn:aws:iam::123456789012:oidc-provider/${issuer}`,
        `https://${issuer}`,
        "kube-system",
        "aws-node",
      ),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "IrsaForOneServiceAccount",
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
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
  });

  it("reports names, mechanism and policies that cannot work", () => {
    expect(
      identityProblems({
        name: "x".repeat(57),
        namespace: "Apps",
        serviceAccount: "api_v1",
        mechanism: "kiam",
        policyKeys: ["msk", "msk", "bad key"],
      }),
    ).to.deep.equal([
      {
        path: "name",
        message: `"${"x".repeat(57)}" has 57 characters; the role is named after it and IAM allows 64, so use at most 56`,
      },
      {
        path: "namespace",
        message:
          '"Apps" is not a Kubernetes namespace name; use 1 to 63 lowercase letters, digits and inner hyphens',
      },
      {
        path: "serviceAccount",
        message: '"api_v1" is not a service account name; use lowercase letters, digits, - and .',
      },
      {
        path: "mechanism",
        message:
          '"kiam" is not a mechanism; use pod-identity (EKS Pod Identity) or irsa (IAM roles for service accounts)',
      },
      {
        path: "policies.msk",
        message: "msk is both a managed and an inline policy key; give each policy its own key",
      },
      {
        path: "policies.bad key",
        message:
          '"bad key" is not a policy key; use 1 to 40 letters, digits and hyphens (it names the attachment)',
      },
    ]);
    expect(
      identityProblems({
        name: "api",
        namespace: "apps",
        serviceAccount: "api",
        mechanism: "irsa",
        policyKeys: [],
      }),
    ).to.deep.equal([
      {
        path: "policies",
        message:
          "grants nothing; give managedPolicyArns or inlinePolicies (a role without permissions is a mistake, not least privilege)",
      },
    ]);
  });
});
