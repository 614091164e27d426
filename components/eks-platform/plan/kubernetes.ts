/**
 * The Kubernetes side of `EksPlatform`: namespace rules, where the controllers run and as which service accounts,
 * Pod Security labels, and the controllers' Helm values.
 */
import { namespaceNameProblem } from "../../common/kubernetes-limits";

/** Namespaces Kubernetes itself owns; the platform never labels or restricts them. */
export const RESERVED_NAMESPACES: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
];

/** Problem text for a namespace the platform cannot label and restrict (not a name, or Kubernetes' own), or undefined. */
export function namespaceProblem(name: string): string | undefined {
  const nameProblem = namespaceNameProblem(name);
  if (nameProblem !== undefined) {
    return nameProblem;
  }
  if (RESERVED_NAMESPACES.includes(name)) {
    return `${name} belongs to Kubernetes itself; choose a namespace of your own, e.g. apps`;
  }
  return undefined;
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

/**
 * Values of the AWS Load Balancer Controller chart: cluster, region and VPC given, so it never asks IMDS; WAF and
 * Shield off, since the stacks associate web ACLs themselves and the controller's role is not granted them.
 */
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
    enableShield: false,
    enableWaf: false,
    enableWafv2: false,
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
