import { expect } from "chai";
import type { Environment } from "../../stacks/config";
import {
  KUBERNETES_DEFAULTS,
  KubernetesConfig,
  checkKubernetes,
} from "../../stacks/config-sections/kubernetes";
import { checkSection } from "../support/config";

/** `checkKubernetes` on one value: what it returns and every problem, as `path: message` lines. */
function check(
  raw: unknown,
  environment: Environment = "dev",
): { config?: KubernetesConfig; problems: string[] } {
  const { config, problems } = checkSection(checkKubernetes, raw, { stack: "dev", environment });
  return { ...(config !== undefined ? { config } : {}), problems };
}

const GRAVITON = { instanceTypes: ["m7g.large", "m6g.large"], minSize: 2, desiredSize: 2, maxSize: 6 };
const MINIMAL = { clusterAdmins: ["role/platform-deploy"], nodeGroups: { graviton: GRAVITON } };

const KNOWN_KEYS =
  "version, clusterAdmins, nodeGroups, publicAccessCidrs, logRetentionDays, platformNamespace, applicationNamespace";
const NODE_GROUP_KEYS =
  "instanceTypes, amiType, capacityType, minSize, desiredSize, maxSize, labels, taints, diskSizeGiB";

describe("config: platform:kubernetes", () => {
  it("is required: every stack runs its region's EKS platform", () => {
    expect(check(undefined).problems).to.deep.equal([
      "platform:kubernetes: missing; every stack runs its region's EKS platform: set platform:kubernetes in " +
        "Pulumi.dev.yaml, e.g. {version: '1.35', clusterAdmins: [role/platform-deploy], nodeGroups: {graviton: " +
        "{instanceTypes: [m7g.large], minSize: 2, desiredSize: 2, maxSize: 6}}}",
    ]);
  });

  it("defaults everything but the administrators and node groups", () => {
    expect(check(MINIMAL)).to.deep.equal({
      config: {
        version: "1.35",
        clusterAdmins: ["role/platform-deploy"],
        nodeGroups: { graviton: GRAVITON },
        publicAccessCidrs: [],
        logRetentionDays: 365,
        platformNamespace: "platform",
        applicationNamespace: "apps",
      },
      problems: [],
    });
    expect(KUBERNETES_DEFAULTS.version).to.equal("1.35");
  });

  it("reads JSON text as Pulumi passes structured values, keeping explicit values", () => {
    const value = {
      version: "1.34",
      clusterAdmins: ["arn:aws:iam::123456789012:role/platform-admin"],
      nodeGroups: {
        graviton: {
          ...GRAVITON,
          capacityType: "SPOT",
          labels: { "workload-class": "general" },
          diskSizeGiB: 80,
        },
        "x86-fallback": {
          instanceTypes: ["m5.large"],
          amiType: "AL2023_x86_64_STANDARD",
          minSize: 0,
          desiredSize: 0,
          maxSize: 3,
          taints: [{ key: "platform/arch", value: "amd64", effect: "NO_SCHEDULE" }],
        },
      },
      publicAccessCidrs: ["203.0.113.0/24"],
      logRetentionDays: 30,
      platformNamespace: "ops",
      applicationNamespace: "shop",
    };
    expect(check(JSON.stringify(value))).to.deep.equal({ config: value, problems: [] });
  });

  it("reports shapes with our messages: unknown keys, wrong types, an unquoted version", () => {
    expect(
      check({
        version: 1.35,
        clusterAdmins: "role/platform-deploy",
        nodeGroups: { graviton: { ...GRAVITON, minSize: "2", spot: true } },
        logRetention: 30,
      }).problems,
    ).to.deep.equal([
      'platform:kubernetes.version: is the number 1.35, not a string; set the Kubernetes minor version, quoted, e.g. "1.35"',
      'platform:kubernetes.clusterAdmins: is the string "role/platform-deploy", not a list; set the cluster administrators, e.g. [role/platform-deploy, role/platform-admin]',
      'platform:kubernetes.nodeGroups.graviton.minSize: is the string "2", not a number; set the fewest nodes, e.g. 2',
      `platform:kubernetes.nodeGroups.graviton.spot: unknown key; fix its spelling or remove it (the known keys are ${NODE_GROUP_KEYS})`,
      `platform:kubernetes.logRetention: unknown key; fix its spelling or remove it (the known keys are ${KNOWN_KEYS})`,
    ]);
  });

  it("applies the component's rules: version, admins, node groups, CIDRs, retention, namespaces", () => {
    expect(
      check({
        version: "1.29",
        clusterAdmins: ["arn:aws:sts::123456789012:assumed-role/Admin/alice"],
        nodeGroups: {
          mixed: { instanceTypes: ["m7g.large", "m5.large"], minSize: 3, desiredSize: 1, maxSize: 2 },
        },
        publicAccessCidrs: ["0.0.0.0/0"],
        logRetentionDays: 10,
        platformNamespace: "apps",
      }).problems,
    ).to.deep.equal([
      "platform:kubernetes.version: 1.29 is not a Kubernetes version this platform pins add-ons for; use one of 1.34, 1.35 (a new version needs its row in KUBERNETES_VERSIONS, components/eks-platform/plan.ts, first: see docs/runbooks/upgrade-kubernetes.md)",
      "platform:kubernetes.clusterAdmins[0]: arn:aws:sts::123456789012:assumed-role/Admin/alice is an STS session, which changes with every sign-in; name the role it assumes: role/Admin (or its arn:aws:iam::<account>:role/Admin)",
      "platform:kubernetes.nodeGroups.mixed.instanceTypes: mixes arm64 (m7g.large) and x86_64 (m5.large) types; a node group boots one AMI, so put each architecture in its own group",
      "platform:kubernetes.nodeGroups.mixed.minSize: 3 is greater than maxSize 2; lower minSize or raise maxSize",
      "platform:kubernetes.publicAccessCidrs[0]: 0.0.0.0/0 would open the Kubernetes API endpoint to the whole internet; list the public egress CIDRs of your VPN or CI runners instead, or leave publicAccessCidrs empty to keep the endpoint private",
      "platform:kubernetes.logRetentionDays: 10 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (e.g. 14)",
      "platform:kubernetes.applicationNamespace: is apps, like platformNamespace; applications need their own namespace (restricted, default-deny)",
    ]);
  });

  it("reports a desired size outside the range and an AMI type that does not fit the instances", () => {
    expect(
      check({
        ...MINIMAL,
        nodeGroups: { graviton: { ...GRAVITON, desiredSize: 9, amiType: "AL2023_x86_64_STANDARD" } },
      }).problems,
    ).to.deep.equal([
      "platform:kubernetes.nodeGroups.graviton.amiType: AL2023_x86_64_STANDARD is an x86_64 AMI, but the instance types are arm64; use AL2023_ARM_64_STANDARD or leave amiType out",
      "platform:kubernetes.nodeGroups.graviton.desiredSize: 9 is outside [minSize 2, maxSize 6]; set it within the range (it only sizes the group at creation)",
    ]);
  });

  it("checks instance types against the EC2 types AWS offers, and labels and taints against EKS's limits", () => {
    const longKey = `${"a".repeat(56)}.io/arch`;
    expect(
      check({
        ...MINIMAL,
        nodeGroups: {
          graviton: {
            ...GRAVITON,
            instanceTypes: ["m7g.huge"],
            labels: { "kubernetes.io/role": "worker" },
            taints: [{ key: longKey, effect: "NO_SCHEDULE" }],
          },
        },
      }).problems,
    ).to.deep.equal([
      "platform:kubernetes.nodeGroups.graviton.instanceTypes[0]: m7g.huge is not an EC2 instance type: m7g comes in " +
        "medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, metal; pick one of those sizes",
      "platform:kubernetes.nodeGroups.graviton.labels.kubernetes.io/role: kubernetes.io/role is in Kubernetes' own " +
        "kubernetes.io namespace, which the kubelet refuses to register (or sets itself); use your own prefix (e.g. " +
        "platform/role) or node.kubernetes.io/",
      `platform:kubernetes.nodeGroups.graviton.taints[0].key: ${longKey} has 64 characters; EKS takes keys of at most 63 (prefix included): shorten it`,
    ]);
  });

  it("keeps on-demand capacity in prod, and lets dev run on Spot alone", () => {
    const spotOnly = { ...MINIMAL, nodeGroups: { graviton: { ...GRAVITON, capacityType: "SPOT" } } };
    expect(check(spotOnly, "dev").problems).to.deep.equal([]);
    expect(check(spotOnly, "prod").problems).to.deep.equal([
      "platform:kubernetes.nodeGroups: keeps 0 on-demand nodes at minimum; a prod cluster needs at least 2 (Spot capacity can be reclaimed all at once): raise minSize of an ON_DEMAND group",
    ]);
    expect(check(MINIMAL, "prod").problems).to.deep.equal([]);
  });
});
