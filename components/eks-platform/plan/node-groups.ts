/**
 * The managed node groups of `EksPlatform`: AMI types and architectures (Graviton first), capacity types, taints,
 * the rules of a group (sizes, one architecture, labels, taints, disk) and the groups with every default applied,
 * and what each node's launch template pins (root device, instance metadata hop limit).
 */
import { EC2_INSTANCE_TYPES, isEc2InstanceType } from "../../common/aws-limits";
import type { Problem } from "../../common/validation";

/** Root device of the AL2023 EKS-optimized AMIs, which the launch template maps encrypted. */
export const ROOT_DEVICE_NAME = "/dev/xvda";

/**
 * Instance metadata hop limit: 1, so only the node's own processes and host-network pods (the VPC CNI, kube-proxy,
 * the Pod Identity agent, the CloudWatch add-on's daemons) reach IMDS, and no ordinary pod can take the node role's
 * credentials (EKS Best Practices, "Restrict access to the instance profile assigned to the worker node"). No pod of
 * the platform needs more: credentials come from Pod Identity or IRSA, and the controllers are given their region
 * and VPC (ADR 0026).
 */
export const IMDS_HOP_LIMIT = 1;

export type Architecture = "arm64" | "x86_64";

/**
 * The AMI types node groups may use (Amazon Linux 2023; AL2 has no AMIs for Kubernetes 1.33 and later): the two
 * standard AL2023 values of the EKS API's `Nodegroup.amiType` (Amazon EKS API reference, taken 2026-12-02; the
 * installed @pulumi/aws links to that list rather than repeating it). The GPU, Neuron, Bottlerocket and Windows types
 * are left out on purpose.
 */
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

/**
 * `family generation attributes . size`, e.g. m7g.large, m6gd.2xlarge, m7i-flex.large, c6gn.16xlarge,
 * c8g.metal-24xl.
 */
const INSTANCE_TYPE = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+(?:-[a-z0-9]+)?)$/;

/**
 * The CPU architecture of an EC2 instance type, from its name: Graviton (arm64) types carry `g` among the
 * attributes after the generation (m6g, m7gd, c6gn, t4g, x2gd, g5g, im4gn), plus the first-generation a1;
 * every other type is x86_64. Undefined when the name is not written like an instance type, and for the few
 * families whose names do not follow the pattern (Mac, High Memory `u-`/`u7i-`, `p6-b200`); whether the type
 * exists is `isEc2InstanceType`'s question.
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

/**
 * Capacity types of a managed node group: the installed @pulumi/aws documents `ON_DEMAND` and `SPOT` for
 * `aws.eks.NodeGroup.capacityType` (taken 2026-12-02; a test compares them). The EKS API's `CAPACITY_BLOCK` (ML
 * capacity reservations) is not offered here.
 */
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** The EKS API's taint effects (`Taint.effect`; @pulumi/aws `NodeGroupTaint.effect`, taken 2026-12-02, tested). */
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

/**
 * The EKS API takes label keys and values of 1 to 63 characters, taint keys of 1 to 63 and taint values of up to 63
 * (Amazon EKS API reference, CreateNodegroup `labels` and `Taint`, taken 2026-12-02): a prefixed key that Kubernetes
 * accepts (prefix up to 253) can still be too long for EKS, and an empty label value is refused.
 */
export const EKS_NODE_LABEL_LIMITS = { maxKeyLength: 63, maxValueLength: 63 } as const;

/**
 * The kubelet registers a node with its labels only when none is in Kubernetes' own namespaces (`kubernetes.io`,
 * `k8s.io` and their subdomains) outside the two prefixes nodes may set, `kubelet.kubernetes.io` and
 * `node.kubernetes.io` (kubelet `--node-labels`, the NodeRestriction admission plugin); the few other well-known
 * labels there (`kubernetes.io/arch`, `topology.kubernetes.io/zone`, …) the kubelet sets itself.
 */
const RESERVED_LABEL_NAMESPACES = ["kubernetes.io", "k8s.io"];
const NODE_LABEL_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];

function inNamespace(prefix: string, namespace: string): boolean {
  return prefix === namespace || prefix.endsWith(`.${namespace}`);
}

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
  if (key.length > EKS_NODE_LABEL_LIMITS.maxKeyLength) {
    return `${key} has ${key.length} characters; EKS takes keys of at most ${EKS_NODE_LABEL_LIMITS.maxKeyLength} (prefix included): shorten it`;
  }
  return undefined;
}

/** Why a node label key is one the kubelet refuses to register, or undefined. */
function reservedLabelProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : "";
  if (
    RESERVED_LABEL_NAMESPACES.some((namespace) => inNamespace(prefix, namespace)) &&
    !NODE_LABEL_NAMESPACES.some((namespace) => inNamespace(prefix, namespace))
  ) {
    return (
      `${key} is in Kubernetes' own ${prefix} namespace, which the kubelet refuses to register (or sets itself); ` +
      `use your own prefix (e.g. platform/${key.slice(slash + 1)}) or node.kubernetes.io/`
    );
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
      const keyProblem = labelKeyProblem(label) ?? reservedLabelProblem(label);
      if (keyProblem !== undefined) {
        add(`labels.${label}`, keyProblem);
      } else if (typeof value !== "string" || !LABEL_VALUE.test(value)) {
        add(
          `labels.${label}`,
          `${JSON.stringify(value)} is not a Kubernetes label value; use up to 63 letters, digits, -, _ and ., starting and ending with a letter or digit`,
        );
      } else if (value === "") {
        add(
          `labels.${label}`,
          "is empty; EKS takes label values of 1 to 63 characters: give it a value (e.g. true) or remove the label",
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
    const typeProblem = instanceTypeProblem(type);
    if (typeProblem !== undefined) {
      problems.push({ path: `${path}.instanceTypes[${index}]`, message: typeProblem });
      return;
    }
    const architecture = instanceArchitecture(type)!;
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

/**
 * Why `type` cannot be a node group's instance type, or undefined: it must be an EC2 instance type AWS offers
 * (`EC2_INSTANCE_TYPES`, from the installed @pulumi/aws) whose architecture its name tells. Whether the stack's
 * region offers it is not known offline.
 */
export function instanceTypeProblem(type: string): string | undefined {
  if (typeof type !== "string" || INSTANCE_TYPE.exec(type) === null) {
    if (isEc2InstanceType(type)) {
      return (
        `${type} is an EC2 instance type whose CPU architecture this platform cannot tell from its name (Mac, ` +
        "High Memory and some accelerated families); node groups run general-purpose families, e.g. m7g.large or m6i.large"
      );
    }
    return `${JSON.stringify(type)} is not an EC2 instance type; write it like m7g.large`;
  }
  if (isEc2InstanceType(type)) {
    return undefined;
  }
  const family = type.slice(0, type.indexOf("."));
  const sizes = [...EC2_INSTANCE_TYPES]
    .filter((known) => known.startsWith(`${family}.`))
    .map((known) => known.slice(family.length + 1))
    .sort((a, b) => sizeRank(a) - sizeRank(b) || (a < b ? -1 : 1));
  return sizes.length > 0
    ? `${type} is not an EC2 instance type: ${family} comes in ${sizes.join(", ")}; pick one of those sizes`
    : `${type} is not an EC2 instance type: AWS has no ${family} family (check the spelling, e.g. m7g.large); the ` +
        "known types are the @pulumi/aws enum in components/common/aws-enums.json";
}

const NAMED_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge"];

/** Smallest first: nano … xlarge, then 2xlarge, 4xlarge, …, then metal sizes. */
function sizeRank(size: string): number {
  const named = NAMED_SIZES.indexOf(size);
  if (named >= 0) {
    return named;
  }
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple !== null ? NAMED_SIZES.length + Number(multiple[1]) : 10_000;
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
