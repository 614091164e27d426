/**
 * The arguments of `EksPlatform` and their defaults: what callers pass, and the resolved form every step of the
 * constructor reads (`context.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_KUBERNETES_VERSION, NodeGroupSpec, eksPlatformDefaults, EksPlatformPlanInput } from "./plan";

export interface EksPlatformArgs {
  /**
   * Physical name of the EKS cluster, deterministic so that the VPC can tag its subnets with it before the cluster
   * exists (include the environment and region, e.g. `platform-prod-ap-east-2`). Plain: it is part of the control
   * plane log group's name, the autoscaler's discovery tags and the subnets' cluster tag.
   */
  readonly clusterName: string;
  /**
   * Kubernetes minor version, one of `SUPPORTED_KUBERNETES_VERSIONS` (e.g. `1.35`). Plain: it selects the pinned
   * add-on versions and the Cluster Autoscaler image.
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: string;
  readonly vpcId: pulumi.Input<string>;
  /** The workload subnets (every zone): the control plane's ENIs and every node group use them, nothing else. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Customer KMS key that envelope-encrypts Kubernetes secrets (the region's `kubernetes` key). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Customer KMS key of the control plane log group (the region's `logs` key). */
  readonly logsKmsKeyArn: pulumi.Input<string>;
  /**
   * IAM principals that administer the cluster, as `arn:aws:iam::<account>:role/<name>` (or `:user/<name>`), or
   * `role/<name>` / `user/<name>` in the stack's own account. The cluster grants its creator nothing, so include the
   * role `pulumi up` runs as (it installs the Helm releases). Plain: each names its access entry.
   */
  readonly clusterAdmins: readonly string[];
  /**
   * Administrators known only as outputs (e.g. the CI deploy role this stack, or its primary, creates), by a stable
   * key that names the access entry (lowercase letters, digits and hyphens).
   * @default {}
   */
  readonly adminRoleArns?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Managed node groups by a stable key (e.g. `graviton`, `x86-fallback`). Plain: the planner validates sizes and
   * architectures and the keys name the groups' resources.
   */
  readonly nodeGroups: Readonly<Record<string, NodeGroupSpec>>;
  /**
   * Public CIDRs that may reach the public API endpoint (e.g. a VPN's egress). Empty keeps the endpoint private
   * only; `0.0.0.0/0` and private ranges are refused. Plain: validated before anything is created.
   * @default []
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Retention of the control plane log group, a CloudWatch Logs retention in days.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** Namespace of platform-team workloads, labelled `baseline` (warn and audit `restricted`). @default "platform" */
  readonly platformNamespace?: string;
  /** Namespace of the applications: Pod Security `restricted`, default-deny network policy. @default "apps" */
  readonly applicationNamespace?: string;
  /**
   * Customer KMS key of the node root volumes and of the default storage class's volumes. Its key policy must let
   * the Auto Scaling service-linked role and the EBS CSI driver use it.
   * @default undefined (the account's default EBS encryption key; volumes are encrypted either way)
   */
  readonly volumeKmsKeyArn?: pulumi.Input<string>;
  /**
   * Protect the stateful children (the cluster, with EKS deletion protection, and the control plane log group)
   * against deletion; the stacks pass `environment === "prod"`.
   * @default false
   */
  readonly protect?: boolean;
  /**
   * Tags on every child that takes them, and on the nodes' instances, volumes and network interfaces (which the
   * provider's default tags do not reach: the node groups launch them). The component's own tags win.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Every argument with its default applied: the plan's input and the Outputs the resources take. */
export interface ResolvedEksPlatformArgs extends EksPlatformPlanInput {
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly adminRoleArns: Readonly<Record<string, pulumi.Input<string>>>;
  readonly volumeKmsKeyArn: pulumi.Input<string> | undefined;
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults (`??`: an explicit 0, "" or [] is kept and validated, never replaced). */
export function withDefaults(args: EksPlatformArgs): ResolvedEksPlatformArgs {
  return {
    clusterName: args.clusterName,
    kubernetesVersion: args.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    kmsKeyArn: args.kmsKeyArn,
    logsKmsKeyArn: args.logsKmsKeyArn,
    clusterAdmins: args.clusterAdmins,
    adminRoleArns: args.adminRoleArns ?? eksPlatformDefaults.adminRoleArns,
    nodeGroups: args.nodeGroups,
    publicAccessCidrs: args.publicAccessCidrs ?? eksPlatformDefaults.publicAccessCidrs,
    logRetentionDays: args.logRetentionDays ?? eksPlatformDefaults.logRetentionDays,
    platformNamespace: args.platformNamespace ?? eksPlatformDefaults.platformNamespace,
    applicationNamespace: args.applicationNamespace ?? eksPlatformDefaults.applicationNamespace,
    volumeKmsKeyArn: args.volumeKmsKeyArn,
    protect: args.protect ?? eksPlatformDefaults.protect,
    tags: args.tags ?? eksPlatformDefaults.tags,
  };
}
