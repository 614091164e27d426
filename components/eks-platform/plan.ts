/**
 * Pure planning for `EksPlatform`. This file holds what an upgrade edits and what a stack configures: the pinned
 * versions — Kubernetes version → add-on versions and Cluster Autoscaler image (`KUBERNETES_VERSIONS`), the
 * controllers' Helm charts (`HELM_CHARTS`); the runbook and the version problem point here — and the defaults and
 * rules of the component's arguments. The subjects those rules draw on are split under `./plan/`: node groups,
 * access (control plane logs, endpoint CIDRs, administrators), IAM policies, and Kubernetes objects and Helm values.
 * No `@pulumi/*` import, so config validation and the plan tests use exactly the rules the component applies.
 */
import { eksClusterNameProblem, retentionProblem } from "../common/aws-limits";
import type { Problem } from "../common/validation";
import { clusterAdminProblems, publicAccessCidrProblems } from "./plan/access";
import { namespaceProblem } from "./plan/kubernetes";
import { NodeGroupSpec, nodeGroupProblems } from "./plan/node-groups";

export * from "./plan/access";
export * from "./plan/iam";
export * from "./plan/kubernetes";
export * from "./plan/node-groups";

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
 *   2026-12-02, 1.35 ends 2027-03-27. `EKS_RELEASE_CALENDAR` records the calendar; a test holds these dates to it.
 * Not re-checked on 2026-12-02: the add-on versions (`aws eks describe-addon-versions` needs credentials; the EKS
 * User Guide's version tables above are the source). By that date 1.34 has left standard support (extended support,
 * at extra cost per cluster hour, runs to 2027-12-02).
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

/** When EKS supports a Kubernetes minor version: standard support, then extended support (at extra cost). */
export interface EksSupportDates {
  /** Last day of standard support (ISO date, UTC). */
  readonly endOfStandardSupport: string;
  /** Last day of extended support, after which EKS upgrades the control plane itself (ISO date, UTC). */
  readonly endOfExtendedSupport: string;
}

/**
 * The Amazon EKS Kubernetes release calendar for the minors EKS offered on 2026-12-02 that the platform pins or
 * recently pinned. Sources, taken 2026-12-02: the Amazon EKS User Guide, "Understand the Kubernetes version
 * lifecycle on EKS" (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html; its source
 * awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc gives 1.32 and 1.33), and
 * endoflife.date/amazon-eks, which mirrors that calendar, for 1.34 and 1.35. Newer minors (1.36) exist on EKS but are
 * not recorded until the platform pins them. Every `KUBERNETES_VERSIONS` row must be here, with the same end of
 * standard support (a test checks it).
 */
export const EKS_RELEASE_CALENDAR: Readonly<Record<string, EksSupportDates>> = {
  "1.32": { endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
  "1.33": { endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
  "1.34": { endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
  "1.35": { endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
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
// The arguments: defaults and rules

/** Longest component name: the longest child role is `<name>-aws-load-balancer-controller`, named like a workload identity. */
export const MAX_EKS_PLATFORM_NAME_LENGTH = 24;

/** The defaults, in one place. */
export const eksPlatformDefaults = {
  adminRoleArns: {},
  publicAccessCidrs: [],
  logRetentionDays: 365,
  platformNamespace: "platform",
  applicationNamespace: "apps",
  protect: false,
  tags: {},
} as const satisfies Partial<EksPlatformPlanInput> & { protect: boolean; tags: object };

/**
 * The plain part of the (defaulted) arguments the rules read; the component's resolved arguments are one (its
 * administrators known only as Outputs count by key).
 */
export interface EksPlatformPlanInput {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly clusterAdmins: readonly string[];
  readonly adminRoleArns: Readonly<Record<string, unknown>>;
  readonly nodeGroups: Readonly<Record<string, NodeGroupSpec>>;
  readonly publicAccessCidrs: readonly string[];
  readonly logRetentionDays: number;
  readonly platformNamespace: string;
  readonly applicationNamespace: string;
}

/**
 * Every problem of the (defaulted) arguments and of the component's name, with paths relative to the arguments.
 * The component adds the problem of its provider (`validateEksPlatformArgs`); empty when it can be built.
 */
export function eksPlatformArgsProblems(name: string, args: EksPlatformPlanInput): Problem[] {
  const problems: Problem[] = [];
  if (name.length > MAX_EKS_PLATFORM_NAME_LENGTH) {
    problems.push({
      path: "name",
      message: `${JSON.stringify(name)} has ${name.length} characters; the controllers' roles are named after it, so use at most ${MAX_EKS_PLATFORM_NAME_LENGTH}`,
    });
  }
  const nameProblem = eksClusterNameProblem(args.clusterName);
  if (nameProblem !== undefined) {
    problems.push({ path: "clusterName", message: nameProblem });
  }
  const versionProblem = kubernetesVersionProblem(args.kubernetesVersion);
  if (versionProblem !== undefined) {
    problems.push({ path: "kubernetesVersion", message: versionProblem });
  }
  problems.push(...clusterAdminProblems(args.clusterAdmins, Object.keys(args.adminRoleArns)));
  problems.push(...nodeGroupProblems(args.nodeGroups));
  problems.push(...publicAccessCidrProblems(args.publicAccessCidrs));
  const retention = retentionProblem(args.logRetentionDays);
  if (retention !== undefined) {
    problems.push({ path: "logRetentionDays", message: retention });
  }
  for (const field of ["platformNamespace", "applicationNamespace"] as const) {
    const problem = namespaceProblem(args[field]);
    if (problem !== undefined) {
      problems.push({ path: field, message: problem });
    }
  }
  if (args.platformNamespace === args.applicationNamespace) {
    problems.push({
      path: "applicationNamespace",
      message: `is ${args.applicationNamespace}, like platformNamespace; applications need their own namespace (restricted, default-deny)`,
    });
  }
  return problems;
}
