/**
 * Pure planning for `EksPlatform`: the pinned version tables (Kubernetes version → add-on versions, Helm charts),
 * the rules for the plain values the cluster is built from (version, node groups, public access CIDRs, admin
 * principals, namespaces), node-group planning, the IAM policy documents and the Helm values. No `@pulumi/*`
 * import, so config validation and the plan tests use exactly the rules the component applies.
 */
import { IPv4CidrRange, Validator } from "ip-num";
import { ActionStatement, PolicyDocument, policyDocument } from "../common/iam";
import type { Problem } from "../common/validation";

// ---------------------------------------------------------------------------------------------------------------
// Pinned versions

/** The managed add-ons the platform installs, by key, with the name the EKS add-on API knows them by. */
export const ADDON_NAMES = {
  vpcCni: "vpc-cni",
  kubeProxy: "kube-proxy",
  podIdentityAgent: "eks-pod-identity-agent",
  coredns: "coredns",
  ebsCsiDriver: "aws-ebs-csi-driver",
} as const;
export type AddonKey = keyof typeof ADDON_NAMES;
export const ADDON_KEYS = Object.keys(ADDON_NAMES) as AddonKey[];

/** Everything pinned per Kubernetes minor version. */
export interface KubernetesVersionPins {
  /** EKS add-on versions (`vX.Y.Z-eksbuild.N`), each one `describe-addon-versions` lists for this minor. */
  readonly addons: Readonly<Record<AddonKey, string>>;
  /** Cluster Autoscaler image tag: its minor must equal the cluster's (the autoscaler embeds the scheduler). */
  readonly clusterAutoscalerImageTag: string;
  /** End of EKS standard support (ISO date): plan the upgrade before it, see docs/runbooks/upgrade-kubernetes.md. */
  readonly standardSupportEnds: string;
}

/**
 * The Kubernetes versions the platform runs, newest last, with the add-on versions verified for each. Add a row
 * (and run the upgrade runbook) before moving a stack to a new minor; remove a row once no stack uses it.
 *
 * Sources (checked 2026-11):
 * - coredns: Amazon EKS User Guide, "Manage CoreDNS", CoreDNS versions table
 *   (https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html): 1.35 v1.14.2-eksbuild.4,
 *   1.34 v1.13.2-eksbuild.7.
 * - kube-proxy: EKS User Guide, "Manage kube-proxy", kube-proxy versions table
 *   (https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html): 1.35 v1.35.3-eksbuild.2,
 *   1.34 v1.34.6-eksbuild.2.
 * - vpc-cni: EKS User Guide, "Amazon VPC CNI versions" (managing-vpc-cni.html): v1.21.1-eksbuild.8 for 1.29–1.35.
 * - aws-ebs-csi-driver v1.57.1-eksbuild.1 and eks-pod-identity-agent v1.3.10-eksbuild.3: the versions
 *   `aws eks describe-addon-versions --kubernetes-version 1.35` reports for the add-ons; both support 1.34 too.
 * - Cluster Autoscaler: kubernetes/autoscaler README, "Releases" (autoscaler minor = Kubernetes minor);
 *   images registry.k8s.io/autoscaling/cluster-autoscaler:v1.35.0 and :v1.34.3 (multi-arch, so they run on
 *   Graviton).
 * - Support dates: Amazon EKS Kubernetes release calendar (kubernetes-versions.html): 1.34 standard support ends
 *   2026-12-02, 1.35 ends 2027-03-27.
 */
export const KUBERNETES_VERSIONS: Readonly<Record<string, KubernetesVersionPins>> = {
  "1.34": {
    addons: {
      vpcCni: "v1.21.1-eksbuild.8",
      kubeProxy: "v1.34.6-eksbuild.2",
      podIdentityAgent: "v1.3.10-eksbuild.3",
      coredns: "v1.13.2-eksbuild.7",
      ebsCsiDriver: "v1.57.1-eksbuild.1",
    },
    clusterAutoscalerImageTag: "v1.34.3",
    standardSupportEnds: "2026-12-02",
  },
  "1.35": {
    addons: {
      vpcCni: "v1.21.1-eksbuild.8",
      kubeProxy: "v1.35.3-eksbuild.2",
      podIdentityAgent: "v1.3.10-eksbuild.3",
      coredns: "v1.14.2-eksbuild.4",
      ebsCsiDriver: "v1.57.1-eksbuild.1",
    },
    clusterAutoscalerImageTag: "v1.35.0",
    standardSupportEnds: "2027-03-27",
  },
};

/** The Kubernetes versions the platform can build, oldest first. */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = Object.keys(KUBERNETES_VERSIONS).sort(
  (a, b) => minorOf(a) - minorOf(b),
);

/** The version new stacks start on: the newest pinned row. */
export const DEFAULT_KUBERNETES_VERSION =
  SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 1];

/** A Helm chart pinned to one version of one repository. */
export interface HelmChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/**
 * The platform controllers' Helm charts. Chart versions are exact (never ranges) and change only through a
 * reviewed commit.
 *
 * Sources (checked 2026-11):
 * - aws-load-balancer-controller: chart 1.17.1 of https://aws.github.io/eks-charts deploys controller v2.17.1
 *   (kubernetes-sigs/aws-load-balancer-controller releases; eks-charts publishes chart 1.x.y with app v2.x.y).
 * - cluster-autoscaler: chart 9.59.0 of https://kubernetes.github.io/autoscaler (appVersion 1.35.0); the image tag
 *   is set per Kubernetes version from KUBERNETES_VERSIONS, so the chart's default never decides it.
 * - metrics-server: chart 3.13.0 of https://kubernetes-sigs.github.io/metrics-server (metrics-server v0.8.0).
 */
export const HELM_CHARTS = {
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
} as const satisfies Record<string, HelmChartPin>;
export type ControllerKey = keyof typeof HELM_CHARTS;

/** The pins of a supported version; throws for an unsupported one (validate first). */
export function pinsFor(kubernetesVersion: string): KubernetesVersionPins {
  const pins = KUBERNETES_VERSIONS[kubernetesVersion];
  if (pins === undefined) {
    throw new Error(`no pinned add-on versions for Kubernetes ${kubernetesVersion}`);
  }
  return pins;
}

function minorOf(version: string): number {
  return Number(version.split(".")[1] ?? Number.NaN);
}

/** Problem text for a Kubernetes version the platform has no pins for, or undefined. */
export function kubernetesVersionProblem(version: unknown): string | undefined {
  if (typeof version === "string" && KUBERNETES_VERSIONS[version] !== undefined) {
    return undefined;
  }
  const supported = SUPPORTED_KUBERNETES_VERSIONS.join(", ");
  const shown = typeof version === "string" ? version : JSON.stringify(version);
  return (
    `${shown} is not a Kubernetes version this platform pins add-ons for; use one of ${supported} ` +
    "(a new version needs its row in KUBERNETES_VERSIONS, components/eks-platform/plan.ts, first: see " +
    "docs/runbooks/upgrade-kubernetes.md)"
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Names

/** EKS cluster names: 1 to 100 letters, digits, `-` and `_`, starting with a letter or digit (CreateCluster). */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export function clusterNameProblem(name: string): string | undefined {
  if (typeof name === "string" && CLUSTER_NAME.test(name)) {
    return undefined;
  }
  return `${JSON.stringify(name)} is not an EKS cluster name; use 1 to 100 letters, digits, - and _, starting with a letter or digit`;
}

/** Kubernetes namespace names: RFC 1123 labels, 1 to 63 lowercase letters, digits and inner hyphens. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Namespaces Kubernetes itself owns; the platform never labels or restricts them. */
export const RESERVED_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
];

export function namespaceProblem(name: string): string | undefined {
  if (typeof name !== "string" || !DNS_LABEL.test(name)) {
    return `${JSON.stringify(name)} is not a Kubernetes namespace name; use 1 to 63 lowercase letters, digits and inner hyphens`;
  }
  if (RESERVED_NAMESPACES.includes(name)) {
    return `${name} belongs to Kubernetes itself; choose a namespace of your own, e.g. apps`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Node groups

export type Architecture = "arm64" | "x86_64";

/** The AMI types node groups may use (Amazon Linux 2023; AL2 has no AMIs for Kubernetes 1.33 and later). */
export const AMI_TYPES = {
  AL2023_ARM_64_STANDARD: "arm64",
  AL2023_x86_64_STANDARD: "x86_64",
} as const satisfies Record<string, Architecture>;
export type AmiType = keyof typeof AMI_TYPES;

export function amiTypeFor(architecture: Architecture): AmiType {
  switch (architecture) {
    case "arm64":
      return "AL2023_ARM_64_STANDARD";
    case "x86_64":
      return "AL2023_x86_64_STANDARD";
    default: {
      const unknown: never = architecture;
      throw new Error(`unknown architecture ${JSON.stringify(unknown)}`);
    }
  }
}

/** `family generation attributes . size`, e.g. m7g.large, m6gd.2xlarge, m7i-flex.large, c6gn.16xlarge. */
const INSTANCE_TYPE = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/;

/**
 * The CPU architecture of an EC2 instance type, from its name: Graviton (arm64) types carry `g` among the
 * attributes after the generation (m6g, m7gd, c6gn, t4g, x2gd, g5g, im4gn), plus the first-generation a1;
 * every other type is x86_64. Undefined when the name is not an instance type name.
 */
export function instanceArchitecture(instanceType: string): Architecture | undefined {
  const match = typeof instanceType === "string" ? INSTANCE_TYPE.exec(instanceType) : null;
  if (match === null) {
    return undefined;
  }
  const [, family, generation, attributes] = match;
  if (attributes.includes("g") || (family === "a" && generation === "1")) {
    return "arm64";
  }
  return "x86_64";
}

export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

export const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export interface NodeGroupTaint {
  readonly key: string;
  readonly value?: string;
  /** `NO_SCHEDULE`, `NO_EXECUTE` or `PREFER_NO_SCHEDULE` (the EKS API's spelling). */
  readonly effect: string;
}

/** One managed node group as configured. */
export interface NodeGroupSpec {
  /** Instance types of one architecture, preferred first (Spot spreads over all of them). */
  readonly instanceTypes: readonly string[];
  /**
   * `AL2023_ARM_64_STANDARD` or `AL2023_x86_64_STANDARD`; must match the instance types' architecture.
   * @default derived from the instance types
   */
  readonly amiType?: string;
  /** @default "ON_DEMAND" */
  readonly capacityType?: string;
  readonly minSize: number;
  /** Nodes at creation only: afterwards the Cluster Autoscaler owns the desired size. */
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Kubernetes labels on every node of the group. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints on every node of the group (e.g. keep the x86 fallback for pods that ask). @default [] */
  readonly taints?: readonly NodeGroupTaint[];
  /** Root volume size (encrypted gp3). @default 50 */
  readonly diskSizeGiB?: number;
}

/** A node group with every default applied and its architecture resolved. */
export interface PlannedNodeGroup {
  /** Stable identity (the config key), part of every child's name. */
  readonly key: string;
  readonly instanceTypes: readonly string[];
  readonly architecture: Architecture;
  readonly amiType: AmiType;
  readonly capacityType: CapacityType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { key: string; value?: string; effect: TaintEffect }[];
  readonly diskSizeGiB: number;
}

export const DEFAULT_NODE_DISK_GIB = 50;
/** Smallest root volume: the AL2023 EKS AMIs' snapshots are 20 GiB. */
export const MIN_NODE_DISK_GIB = 20;
/** Largest gp3 volume (16 TiB). */
export const MAX_NODE_DISK_GIB = 16384;
/** EKS managed node groups accept up to 20 instance types and 50 taints (CreateNodegroup). */
export const MAX_INSTANCE_TYPES = 20;
export const MAX_TAINTS = 50;

/** Node group keys: lowercase letters, digits and inner hyphens, short enough for the names derived from them. */
const NODE_GROUP_KEY = /^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$/;

/** Kubernetes label keys: optional DNS-subdomain prefix and `/`, then a name of up to 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    !LABEL_NAME.test(name) ||
    (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))
  ) {
    return `${JSON.stringify(key)} is not a Kubernetes label key; use [prefix/]name, the name 1 to 63 letters, digits, -, _ and ., e.g. workload-class`;
  }
  return undefined;
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

/**
 * Every problem of the node groups, with paths `nodeGroups.<key>.<field>`: at least one group; keys; instance types
 * (known names, one architecture per group, matching the AMI type); sizes (whole numbers, min ≤ desired ≤ max,
 * max ≥ 1); capacity type; labels; taints; disk size.
 */
export function nodeGroupProblems(groups: Readonly<Record<string, NodeGroupSpec>>): Problem[] {
  const problems: Problem[] = [];
  const entries = Object.entries(groups);
  if (entries.length === 0) {
    problems.push({
      path: "nodeGroups",
      message:
        "has no node group; add one, e.g. graviton: {instanceTypes: [m7g.large], minSize: 2, desiredSize: 2, maxSize: 6}",
    });
  }
  for (const [key, group] of entries) {
    const path = `nodeGroups.${key}`;
    const add = (field: string, message: string) =>
      problems.push({ path: field === "" ? path : `${path}.${field}`, message });
    if (!NODE_GROUP_KEY.test(key)) {
      add(
        "",
        `${JSON.stringify(key)} is not a node group key; use 1 to 24 lowercase letters, digits and inner hyphens (it names the group's resources)`,
      );
    }
    problems.push(...instanceTypeProblems(path, group));
    problems.push(...sizeProblems(path, group));
    const capacity = group.capacityType;
    if (capacity !== undefined && !(CAPACITY_TYPES as readonly string[]).includes(capacity)) {
      add(
        "capacityType",
        `${JSON.stringify(capacity)} is not a capacity type; use ${CAPACITY_TYPES.join(" or ")}`,
      );
    }
    for (const [label, value] of Object.entries(group.labels ?? {})) {
      const keyProblem = labelKeyProblem(label);
      if (keyProblem !== undefined) {
        add(`labels.${label}`, keyProblem);
      } else if (typeof value !== "string" || !LABEL_VALUE.test(value)) {
        add(
          `labels.${label}`,
          `${JSON.stringify(value)} is not a Kubernetes label value; use up to 63 letters, digits, -, _ and ., starting and ending with a letter or digit`,
        );
      }
    }
    const taints = group.taints ?? [];
    if (taints.length > MAX_TAINTS) {
      add(
        "taints",
        `${taints.length} taints exceed the ${MAX_TAINTS} EKS allows per node group; remove ${taints.length - MAX_TAINTS}`,
      );
    }
    taints.forEach((taint, index) => {
      const taintPath = `taints[${index}]`;
      const keyProblem = labelKeyProblem(taint.key);
      if (keyProblem !== undefined) {
        add(`${taintPath}.key`, keyProblem.replace("label key", "taint key"));
      }
      if (taint.value !== undefined && (typeof taint.value !== "string" || !LABEL_VALUE.test(taint.value))) {
        add(
          `${taintPath}.value`,
          `${JSON.stringify(taint.value)} is not a taint value; use up to 63 letters, digits, -, _ and .`,
        );
      }
      if (!(TAINT_EFFECTS as readonly string[]).includes(taint.effect)) {
        add(
          `${taintPath}.effect`,
          `${JSON.stringify(taint.effect)} is not a taint effect; use ${TAINT_EFFECTS.join(", ")}`,
        );
      }
    });
    const disk = group.diskSizeGiB;
    if (
      disk !== undefined &&
      (!isWholeNumber(disk) || disk < MIN_NODE_DISK_GIB || disk > MAX_NODE_DISK_GIB)
    ) {
      add(
        "diskSizeGiB",
        `${JSON.stringify(disk)} is not a root volume size; use a whole number of GiB from ${MIN_NODE_DISK_GIB} (the AMI's snapshot) to ${MAX_NODE_DISK_GIB}`,
      );
    }
  }
  return problems;
}

function instanceTypeProblems(path: string, group: NodeGroupSpec): Problem[] {
  const problems: Problem[] = [];
  const types = group.instanceTypes;
  if (types.length === 0) {
    return [
      { path: `${path}.instanceTypes`, message: "is empty; list at least one instance type, e.g. m7g.large" },
    ];
  }
  if (types.length > MAX_INSTANCE_TYPES) {
    problems.push({
      path: `${path}.instanceTypes`,
      message: `${types.length} instance types exceed the ${MAX_INSTANCE_TYPES} EKS allows per node group; list fewer`,
    });
  }
  const byArchitecture = new Map<Architecture, string[]>();
  const seen = new Set<string>();
  types.forEach((type, index) => {
    const architecture = instanceArchitecture(type);
    if (architecture === undefined) {
      problems.push({
        path: `${path}.instanceTypes[${index}]`,
        message: `${JSON.stringify(type)} is not an EC2 instance type; write it like m7g.large`,
      });
      return;
    }
    if (seen.has(type)) {
      problems.push({
        path: `${path}.instanceTypes[${index}]`,
        message: `${type} is listed twice; list each type once`,
      });
    }
    seen.add(type);
    byArchitecture.set(architecture, [...(byArchitecture.get(architecture) ?? []), type]);
  });
  if (byArchitecture.size > 1) {
    const arm = byArchitecture.get("arm64")!;
    const x86 = byArchitecture.get("x86_64")!;
    problems.push({
      path: `${path}.instanceTypes`,
      message:
        `mixes arm64 (${arm.join(", ")}) and x86_64 (${x86.join(", ")}) types; a node group boots one AMI, so ` +
        "put each architecture in its own group",
    });
    return problems;
  }
  const amiType = group.amiType;
  if (amiType !== undefined) {
    const amiArchitecture = (AMI_TYPES as Record<string, Architecture>)[amiType];
    const architecture = [...byArchitecture.keys()][0];
    if (amiArchitecture === undefined) {
      problems.push({
        path: `${path}.amiType`,
        message: `${JSON.stringify(amiType)} is not an AMI type this platform runs; use ${Object.keys(AMI_TYPES).join(" or ")} (or leave it out to derive it from the instance types)`,
      });
    } else if (architecture !== undefined && amiArchitecture !== architecture) {
      problems.push({
        path: `${path}.amiType`,
        message: `${amiType} is an ${amiArchitecture} AMI, but the instance types are ${architecture}; use ${amiTypeFor(architecture)} or leave amiType out`,
      });
    }
  }
  return problems;
}

function sizeProblems(path: string, group: NodeGroupSpec): Problem[] {
  const problems: Problem[] = [];
  const sizes = { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize };
  let valid = true;
  for (const [field, value] of Object.entries(sizes)) {
    if (!isWholeNumber(value) || value < 0) {
      problems.push({
        path: `${path}.${field}`,
        message: `${JSON.stringify(value)} is not a node count; use a whole number from 0`,
      });
      valid = false;
    }
  }
  if (!valid) {
    return problems;
  }
  const { minSize, desiredSize, maxSize } = sizes;
  if (maxSize < 1) {
    problems.push({
      path: `${path}.maxSize`,
      message: "is 0; a node group needs room for at least 1 node (set maxSize to 1 or more)",
    });
  }
  if (minSize > maxSize) {
    problems.push({
      path: `${path}.minSize`,
      message: `${minSize} is greater than maxSize ${maxSize}; lower minSize or raise maxSize`,
    });
  } else if (desiredSize < minSize || desiredSize > maxSize) {
    problems.push({
      path: `${path}.desiredSize`,
      message: `${desiredSize} is outside [minSize ${minSize}, maxSize ${maxSize}]; set it within the range (it only sizes the group at creation)`,
    });
  }
  return problems;
}

/** The node groups with defaults applied, in configuration order (validate first). */
export function planNodeGroups(groups: Readonly<Record<string, NodeGroupSpec>>): PlannedNodeGroup[] {
  return Object.entries(groups).map(([key, group]) => {
    const architecture = instanceArchitecture(group.instanceTypes[0]);
    if (architecture === undefined) {
      throw new Error(`node group ${key}: unknown instance type ${group.instanceTypes[0]}`);
    }
    return {
      key,
      instanceTypes: [...group.instanceTypes],
      architecture,
      amiType: (group.amiType as AmiType | undefined) ?? amiTypeFor(architecture),
      capacityType: (group.capacityType as CapacityType | undefined) ?? "ON_DEMAND",
      minSize: group.minSize,
      desiredSize: group.desiredSize,
      maxSize: group.maxSize,
      labels: { ...(group.labels ?? {}) },
      taints: (group.taints ?? []).map((taint) => ({
        key: taint.key,
        ...(taint.value !== undefined ? { value: taint.value } : {}),
        effect: taint.effect as TaintEffect,
      })),
      diskSizeGiB: group.diskSizeGiB ?? DEFAULT_NODE_DISK_GIB,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The API endpoint

/** EKS accepts at most 40 CIDR blocks for the public endpoint (Amazon EKS service quotas). */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;

/** Ranges that never reach a public endpoint: private, shared, loopback and link-local addresses. */
const NON_PUBLIC_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
];

/**
 * Problems of the CIDRs the public API endpoint is opened to (paths `publicAccessCidrs[i]`). Empty means the
 * endpoint stays private; `0.0.0.0/0` is never accepted; private ranges are refused because the public endpoint
 * never sees them (networks that reach the VPC use the private endpoint).
 */
export function publicAccessCidrProblems(cidrs: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
    problems.push({
      path: "publicAccessCidrs",
      message: `${cidrs.length} CIDRs exceed the ${MAX_PUBLIC_ACCESS_CIDRS} EKS accepts; list fewer, wider ranges`,
    });
  }
  const seen = new Set<string>();
  cidrs.forEach((cidr, index) => {
    const path = `publicAccessCidrs[${index}]`;
    if (typeof cidr !== "string" || !Validator.isValidIPv4CidrNotation(cidr)[0]) {
      problems.push({
        path,
        message: `${JSON.stringify(cidr)} is not an IPv4 CIDR; write it like 203.0.113.0/24`,
      });
      return;
    }
    if (cidr.endsWith("/0")) {
      problems.push({
        path,
        message:
          `${cidr} would open the Kubernetes API endpoint to the whole internet; list the public egress CIDRs of ` +
          "your VPN or CI runners instead, or leave publicAccessCidrs empty to keep the endpoint private",
      });
      return;
    }
    if (!Validator.isValidIPv4CidrRange(cidr)[0]) {
      problems.push({ path, message: `${cidr} has host bits set; write the network address of the range` });
      return;
    }
    const range = IPv4CidrRange.fromCidr(cidr);
    const privateRange = NON_PUBLIC_RANGES.find((block) =>
      range.isOverlapping(IPv4CidrRange.fromCidr(block)),
    );
    if (privateRange !== undefined) {
      problems.push({
        path,
        message:
          `${cidr} is in the non-public range ${privateRange}, which the public endpoint never sees; networks that ` +
          "reach the VPC (peering, VPN) use the private endpoint: remove it",
      });
      return;
    }
    if (seen.has(cidr)) {
      problems.push({ path, message: `${cidr} is listed twice; list each CIDR once` });
    }
    seen.add(cidr);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Cluster administrators

/** An IAM principal that gets cluster-admin through an EKS access entry. */
export interface AdminPrincipal {
  /** Stable key of its access entry resources: `<kind>-<name>` (e.g. `role-platform-admin`). */
  readonly key: string;
  readonly kind: "role" | "user";
  /** The principal's full ARN, or undefined for the short form (resolved with the stack's account and partition). */
  readonly arn?: string;
  /** `role/<path/>name` or `user/<path/>name`, the part of the ARN after the account. */
  readonly resource: string;
}

const IAM_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|user)\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
const SHORT_FORM = /^(role|user)\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;

/** Keys of administrators given as ARNs (outputs): they name access entries. */
const ADMIN_KEY = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

const ADMIN_FORMS =
  "write arn:aws:iam::<12-digit account>:role/<name> or :user/<name>, or role/<name> / user/<name> for a principal of the stack's own account";

/** The principal an admin entry names, or the problem text when it is not an IAM role or user. */
export function parseAdminPrincipal(value: string): AdminPrincipal | string {
  if (typeof value !== "string") {
    return `${JSON.stringify(value)} is not an IAM principal; ${ADMIN_FORMS}`;
  }
  const full = IAM_ARN.exec(value);
  const short = full === null ? SHORT_FORM.exec(value) : null;
  const kind = (full?.[3] ?? short?.[1]) as "role" | "user" | undefined;
  const resourcePath = full?.[4] ?? short?.[2];
  if (kind !== undefined && resourcePath !== undefined) {
    const name = resourcePath.split("/").pop()!;
    return {
      key: `${kind}-${name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`,
      kind,
      ...(full !== null ? { arn: value } : {}),
      resource: `${kind}/${resourcePath}`,
    };
  }
  if (/^arn:[\w-]+:sts::\d{12}:assumed-role\//.test(value)) {
    const role = value.split("/")[1] ?? "<name>";
    return `${value} is an STS session, which changes with every sign-in; name the role it assumes: role/${role} (or its arn:aws:iam::<account>:role/${role})`;
  }
  if (/^arn:[\w-]+:iam::\d{12}:root$/.test(value)) {
    return `${value} is the account root, which EKS access entries do not take; name an administrator role instead`;
  }
  if (/^arn:[\w-]+:iam::\d{12}:group\//.test(value)) {
    return `${value} is an IAM group, which EKS access entries do not take; name a role its members assume instead`;
  }
  return `${JSON.stringify(value)} is not an IAM role or user; ${ADMIN_FORMS}`;
}

/**
 * Problems of the cluster administrators (paths `clusterAdmins[i]`): at least one, counting `otherAdmins` (the keys
 * of administrators known only as ARN outputs; with creator-admin off, nobody else could ever reach the API), each an
 * IAM role or user, no two naming the same access entry.
 */
export function clusterAdminProblems(
  values: readonly string[],
  otherAdmins: readonly string[] = [],
): Problem[] {
  const problems: Problem[] = [];
  if (values.length === 0 && otherAdmins.length === 0) {
    problems.push({
      path: "clusterAdmins",
      message:
        "is empty; the cluster grants no one admin by default, so list the roles that administer it (at least the " +
        "role `pulumi up` runs as, e.g. role/platform-deploy)",
    });
  }
  const keys = new Map<string, number>();
  otherAdmins.forEach((key) => {
    if (!ADMIN_KEY.test(key)) {
      problems.push({
        path: `adminRoleArns.${key}`,
        message: `${JSON.stringify(key)} is not an administrator key; use 1 to 40 lowercase letters, digits and inner hyphens (it names the access entry)`,
      });
    }
  });
  values.forEach((value, index) => {
    const parsed = parseAdminPrincipal(value);
    if (typeof parsed === "string") {
      problems.push({ path: `clusterAdmins[${index}]`, message: parsed });
      return;
    }
    if (otherAdmins.includes(parsed.key)) {
      problems.push({
        path: `clusterAdmins[${index}]`,
        message: `names access entry ${parsed.key}, which adminRoleArns uses as a key too; rename that key`,
      });
      return;
    }
    const earlier = keys.get(parsed.key);
    if (earlier !== undefined) {
      problems.push({
        path: `clusterAdmins[${index}]`,
        message: `names the same ${parsed.kind} as clusterAdmins[${earlier}] (access entry ${parsed.key}); list each principal once`,
      });
      return;
    }
    keys.set(parsed.key, index);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// IAM policy documents (typed; the component serializes them)

/** AWS managed policies, by name, as `arn:<partition>:iam::aws:policy/<path><name>`. */
export const MANAGED_POLICIES = {
  /** Nodes join the cluster, describe EC2 and call `eks-auth:AssumeRoleForPodIdentity` for the Pod Identity agent. */
  workerNode: "AmazonEKSWorkerNodePolicy",
  /** Nodes pull images from ECR (kubelet's credential provider). */
  registryReadOnly: "AmazonEC2ContainerRegistryReadOnly",
  /** The VPC CNI assigns ENIs and addresses (attached to its own role, not the node role). */
  cni: "AmazonEKS_CNI_Policy",
  /** The EBS CSI driver creates, attaches and snapshots volumes. */
  ebsCsiDriver: "service-role/AmazonEBSCSIDriverPolicy",
} as const;

/**
 * The node role's managed policies (and nothing else): joining the cluster and pulling images. The CNI's
 * permissions live on its own role (IRSA), so pods that reach the instance metadata cannot manage ENIs.
 * Source: Amazon EKS User Guide, "Amazon EKS node IAM role" (create-node-role.html).
 */
export const NODE_ROLE_POLICIES: readonly string[] = [
  MANAGED_POLICIES.workerNode,
  MANAGED_POLICIES.registryReadOnly,
];

/** Trust policy of the node role: EC2 instances of this partition. */
export function nodeTrustPolicy(dnsSuffix: string): PolicyDocument<ActionStatement> {
  return policyDocument<ActionStatement>([
    {
      Sid: "Ec2InstancesAssumeNodeRole",
      Effect: "Allow",
      Principal: { Service: `ec2.${dnsSuffix}` },
      Action: "sts:AssumeRole",
    },
  ]);
}

/** Tag the AWS Load Balancer Controller puts on everything it creates (its policy's conditions rely on it). */
const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/**
 * The AWS Load Balancer Controller's IAM policy, written from the controller's published policy
 * (kubernetes-sigs/aws-load-balancer-controller, docs/install/iam_policy.json, v2.17): read access to EC2, ELB,
 * ACM, WAF and Shield; creating security groups, load balancers and target groups only with the controller's
 * cluster tag; changing or deleting only what carries that tag.
 */
export function loadBalancerControllerPolicy(partition: string): PolicyDocument<ActionStatement> {
  const requestTagged = { Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "false" } };
  const resourceTagged = { Null: { [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" } };
  const retagging = {
    Null: { [`aws:RequestTag/${LBC_CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${LBC_CLUSTER_TAG}`]: "false" },
  };
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  const loadBalancers = [
    `arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
    `arn:${partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*`,
    `arn:${partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*`,
  ];
  return policyDocument<ActionStatement>([
    {
      Sid: "CreateElbServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "DescribeNetworkAndLoadBalancers",
      Effect: "Allow",
      Action: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      Resource: "*",
    },
    {
      Sid: "ReadCertificatesAndFirewalls",
      Effect: "Allow",
      Action: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      Resource: "*",
    },
    {
      Sid: "ManageNodeSecurityGroupIngress",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: "*",
    },
    { Sid: "CreateSecurityGroups", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
    {
      Sid: "TagNewSecurityGroups",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: securityGroups,
      Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...requestTagged },
    },
    {
      Sid: "RetagOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:CreateTags", "ec2:DeleteTags"],
      Resource: securityGroups,
      Condition: retagging,
    },
    {
      Sid: "ManageOwnSecurityGroups",
      Effect: "Allow",
      Action: [
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:DeleteSecurityGroup",
      ],
      Resource: "*",
      Condition: resourceTagged,
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: "*",
      Condition: requestTagged,
    },
    {
      Sid: "ManageListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      Resource: "*",
    },
    {
      Sid: "RetagOwnLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: loadBalancers,
      Condition: retagging,
    },
    {
      Sid: "TagListenersAndRules",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [
        `arn:${partition}:elasticloadbalancing:*:*:listener/net/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener/app/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener-rule/net/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener-rule/app/*/*/*`,
      ],
    },
    {
      Sid: "ManageOwnLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      Resource: "*",
      Condition: resourceTagged,
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: loadBalancers,
      Condition: {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
        ...requestTagged,
      },
    },
    {
      Sid: "RegisterTargets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: `arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
    },
    {
      Sid: "ConfigureListeners",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      Resource: "*",
    },
  ]);
}

/** Tags EKS puts on the Auto Scaling group of every managed node group (Cluster Autoscaler auto-discovery). */
export function autoDiscoveryTags(clusterName: string): Record<string, string> {
  return {
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
  };
}

/**
 * The Cluster Autoscaler's IAM policy, from the autoscaler's AWS cloud provider README ("IAM Policy", the
 * recommended least-privilege form): it may change the size of and terminate instances in only the Auto Scaling
 * groups tagged as this cluster's (the tags EKS sets on managed node groups); everything else is read-only.
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument<ActionStatement> {
  return policyDocument<ActionStatement>([
    {
      Sid: "ScaleOnlyThisClustersGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
          "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
        },
      },
    },
    {
      Sid: "DiscoverGroupsAndInstanceTypes",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup",
      ],
      Resource: "*",
    },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes objects and Helm values

/** Where the platform controllers run: `system-cluster-critical` pods are admitted only in kube-system by default. */
export const CONTROLLER_NAMESPACE = "kube-system";

/** Service accounts the controllers and add-ons run as (their charts or add-ons create them). */
export const SERVICE_ACCOUNTS = {
  vpcCni: "aws-node",
  ebsCsiDriver: "ebs-csi-controller-sa",
  awsLoadBalancerController: "aws-load-balancer-controller",
  clusterAutoscaler: "cluster-autoscaler",
} as const;

export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/**
 * Pod Security Standards labels of a namespace (Kubernetes docs, "Enforce Pod Security Standards with Namespace
 * Labels"): `enforce` rejects violating pods, `audit` and `warn` always report against `restricted`, and every mode
 * is pinned to the cluster's minor so an upgrade never tightens admission silently.
 */
export function podSecurityLabels(
  level: PodSecurityLevel,
  kubernetesVersion: string,
): Record<string, string> {
  const version = `v${kubernetesVersion}`;
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": version,
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/audit-version": version,
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/warn-version": version,
  };
}

/** Values of the AWS Load Balancer Controller chart: cluster, region and VPC given, so it never asks IMDS. */
export function loadBalancerControllerValues<T>(args: {
  clusterName: T;
  region: T;
  vpcId: T;
}): Record<string, unknown> {
  return {
    clusterName: args.clusterName,
    region: args.region,
    vpcId: args.vpcId,
    replicaCount: 2,
    serviceAccount: { create: true, name: SERVICE_ACCOUNTS.awsLoadBalancerController },
  };
}

/**
 * Values of the Cluster Autoscaler chart: AWS auto-discovery of this cluster's node groups, the image tag of the
 * cluster's minor, and the least-waste expander (Graviton stays first because the x86 fallback is tainted).
 */
export function clusterAutoscalerValues<T>(args: {
  clusterName: string;
  region: T;
  imageTag: string;
}): Record<string, unknown> {
  return {
    cloudProvider: "aws",
    awsRegion: args.region,
    autoDiscovery: { clusterName: args.clusterName },
    image: { tag: args.imageTag },
    rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNTS.clusterAutoscaler } },
    extraArgs: {
      expander: "least-waste",
      "balance-similar-node-groups": true,
      "skip-nodes-with-system-pods": false,
    },
  };
}

/** Values of the metrics-server chart: two replicas behind a disruption budget, so HPAs keep their metrics. */
export function metricsServerValues(): Record<string, unknown> {
  return { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
}
