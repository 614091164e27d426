/**
 * `EksPlatform`: a private, Graviton-first EKS cluster and what a platform team runs on it — managed node groups
 * with hardened launch templates, the pinned EKS add-ons, workload identities for the controllers, the AWS Load
 * Balancer Controller, Cluster Autoscaler and metrics-server through Helm, and baseline namespaces. The cluster
 * itself is `@pulumi/eks` (ADR 0017); versions, rules, policies and Helm values are planned in `./plan`. This file
 * holds the arguments and the constructor's steps; each subject's resources live in a module beside it.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsManagedPolicyArn } from "../common/iam";
import { regionalChildOptions, regionalProviderProblems } from "../common/providers";
import type { Problem } from "../common/validation";
import { WorkloadCluster } from "../workload-identity";
import { createAddonsAfterNodes, createAddonsBeforeNodes } from "./addons";
import { createAdminAccess, createControlPlane } from "./cluster";
import { EksPlatformArgs, ResolvedEksPlatformArgs, withDefaults } from "./args";
import type { Context } from "./context";
import { createControllers } from "./controllers";
import { createControllerIdentities } from "./identities";
import { createKubernetesProvider, createNamespaces, createStorageClass } from "./kubernetes";
import { createNodeGroups, createNodeRole } from "./node-groups";
import {
  AddonKey,
  ClusterScope,
  PlannedNodeGroup,
  eksPlatformArgsProblems,
  pinsFor,
  planNodeGroups,
} from "./plan";

export * from "./args";
export * from "./plan";
export { withoutCreatorAdmin } from "./cluster";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const EKS_PLATFORM_TYPE = "platform:compute:EksPlatform";

/**
 * Every problem of the (defaulted) arguments and the component's name (`eksPlatformArgsProblems`) and of the
 * provider in `opts`, with paths relative to the arguments. Empty when the component can be built.
 */
export function validateEksPlatformArgs(
  name: string,
  args: ResolvedEksPlatformArgs,
  opts?: pulumi.ComponentResourceOptions,
): Problem[] {
  return [...eksPlatformArgsProblems(name, args), ...regionalProviderProblems(opts)];
}

/**
 * A private EKS cluster with API authentication, KMS-encrypted secrets and all control plane logs; managed node
 * groups across the workload subnets; the pinned add-ons; Pod Identity (and IRSA for the CNI) roles; the AWS Load
 * Balancer Controller, Cluster Autoscaler and metrics-server; and the platform and application namespaces.
 */
export class EksPlatform extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  /** The issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/…`). */
  readonly oidcProviderUrl: pulumi.Output<string>;
  /** The issuer without `https://`, the prefix of IRSA condition keys. */
  readonly oidcIssuer: pulumi.Output<string>;
  /**
   * The security group every node (and every pod: no security groups for pods) carries — the EKS cluster security
   * group. Data stores admit it as the cluster's client.
   */
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly nodeRoleArn: pulumi.Output<string>;
  /** Kubeconfig (JSON) for `aws eks get-token`; secret, so it never prints. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Provider for Kubernetes resources in this cluster (after the admin access entries exist). */
  readonly kubernetesProvider: k8s.Provider;
  /** What `WorkloadIdentity` needs to bind service accounts of this cluster. */
  readonly identityTarget: WorkloadCluster;
  readonly kubernetesVersion: string;
  /** The pinned add-on versions in use (plain). */
  readonly addonVersions: Readonly<Record<AddonKey, string>>;
  readonly platformNamespace: string;
  readonly applicationNamespace: string;
  /** The application namespace itself: what service accounts created in it wait for. */
  readonly applicationNamespaceResource: k8s.core.v1.Namespace;
  /** The node groups as planned (plain). */
  readonly nodeGroupPlan: readonly PlannedNodeGroup[];
  /**
   * The AWS Load Balancer Controller's Helm release: what its custom resources (TargetGroupBinding, whose CRD the
   * chart installs) wait for.
   */
  readonly loadBalancerController: k8s.helm.v3.Release;

  constructor(name: string, args: EksPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EKS_PLATFORM_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    // Every AWS child goes through this provider, never the ambient default one.
    const childOpts = regionalChildOptions(
      this,
      `Invalid arguments for EksPlatform "${name}"`,
      validateEksPlatformArgs(name, resolved, opts),
      opts,
    );
    const provider = childOpts.provider;
    const { clusterName, kubernetesVersion, protect } = resolved;
    const ctx: Context = {
      name,
      resolved,
      provider,
      childOpts,
      tags: (own) => ({ ...resolved.tags, ...own }),
      clusterName,
      kubernetesVersion,
      protect,
      pins: pinsFor(kubernetesVersion),
    };
    const nodeGroups = planNodeGroups(resolved.nodeGroups);

    const partition = aws.getPartitionOutput({}, childOpts);
    const accountId = aws.getCallerIdentityOutput({}, childOpts).accountId;
    const region = aws.getRegionOutput({}, childOpts).region;
    const clusterArn = pulumi.interpolate`arn:${partition.partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
    const managed = (policy: string) => partition.partition.apply((p) => awsManagedPolicyArn(p, policy));

    const cluster = createControlPlane(ctx);
    // The cluster's name, as an output that exists once the cluster does, so everything that takes it waits.
    const clusterNameOutput = cluster.clusterSecurityGroupId.apply(() => clusterName);
    const adminAccess = createAdminAccess(ctx, clusterNameOutput, partition, accountId);
    const identityTarget: WorkloadCluster = {
      name: clusterNameOutput,
      arn: clusterArn,
      oidcProviderArn: cluster.oidcProviderArn,
      oidcIssuer: cluster.oidcIssuer,
    };
    const scope = pulumi
      .all([partition.partition, region, accountId, resolved.vpcId])
      .apply(([p, r, a, vpcId]): ClusterScope => ({
        partition: p,
        region: r,
        accountId: a,
        clusterName,
        vpcId,
      }));
    const identities = createControllerIdentities(ctx, identityTarget, scope, managed);

    // Add-ons, pinned: what nodes need to become Ready first, then the nodes, then what needs nodes.
    const { vpcCni, kubeProxy, podIdentityAgent } = createAddonsBeforeNodes(
      ctx,
      clusterNameOutput,
      identities,
    );
    const { nodeRole, nodeRoleAttachments } = createNodeRole(ctx, partition, managed);
    const managedNodeGroups = createNodeGroups(ctx, nodeGroups, cluster, nodeRole, [
      vpcCni,
      kubeProxy,
      podIdentityAgent,
      ...nodeRoleAttachments,
    ]);
    const { coredns, ebsCsiDriver } = createAddonsAfterNodes(
      ctx,
      clusterNameOutput,
      identities,
      managedNodeGroups,
      podIdentityAgent,
    );

    const { kubeconfig, kubernetesProvider } = createKubernetesProvider(ctx, cluster, adminAccess);
    const k8sOpts = { parent: this, provider: kubernetesProvider };
    const applicationNamespace = createNamespaces(ctx, k8sOpts);
    createStorageClass(ctx, k8sOpts, ebsCsiDriver);
    const { loadBalancerController } = createControllers(
      ctx,
      k8sOpts,
      [...managedNodeGroups, coredns],
      identities,
      {
        clusterNameOutput,
        region,
      },
    );

    this.clusterName = clusterNameOutput;
    this.clusterArn = clusterArn;
    this.endpoint = cluster.core.endpoint;
    this.oidcProviderArn = cluster.oidcProviderArn;
    this.oidcProviderUrl = cluster.oidcProviderUrl;
    this.oidcIssuer = cluster.oidcIssuer;
    this.nodeSecurityGroupId = cluster.nodeSecurityGroupId;
    this.nodeRoleArn = nodeRole.arn;
    this.kubeconfig = kubeconfig;
    this.kubernetesProvider = kubernetesProvider;
    this.identityTarget = identityTarget;
    this.kubernetesVersion = kubernetesVersion;
    this.addonVersions = ctx.pins.addons;
    this.platformNamespace = resolved.platformNamespace;
    this.applicationNamespace = resolved.applicationNamespace;
    this.applicationNamespaceResource = applicationNamespace;
    this.nodeGroupPlan = nodeGroups;
    this.loadBalancerController = loadBalancerController;

    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      oidcProviderArn: this.oidcProviderArn,
      oidcProviderUrl: this.oidcProviderUrl,
      oidcIssuer: this.oidcIssuer,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      nodeRoleArn: this.nodeRoleArn,
      kubeconfig: this.kubeconfig,
    });
  }
}
