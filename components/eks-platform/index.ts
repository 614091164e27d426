/**
 * `EksPlatform`: a private, Graviton-first EKS cluster and what a platform team runs on it — managed node groups
 * with hardened launch templates, the pinned EKS add-ons, workload identities for the controllers, the AWS Load
 * Balancer Controller, Cluster Autoscaler and metrics-server through Helm, and baseline namespaces. The cluster
 * itself is `@pulumi/eks` (ADR 0017); versions, rules, policies and Helm values are planned in `./plan`.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsManagedPolicyArn, policyJson } from "../common/iam";
import { ComponentStepContext, regionalProviderProblems } from "../common/providers";
import { Problem, throwIfProblems } from "../common/validation";
import { WorkloadCluster, WorkloadIdentity } from "../workload-identity";
import {
  ADDON_NAMES,
  AddonKey,
  CLUSTER_ADMIN_ACCESS_POLICY,
  CONTROLLER_NAMESPACE,
  CONTROL_PLANE_LOG_TYPES,
  ControllerKey,
  DEFAULT_KUBERNETES_VERSION,
  HELM_CHARTS,
  HelmChartPin,
  IMDS_HOP_LIMIT,
  KubernetesVersionPins,
  MANAGED_POLICIES,
  NODE_ROLE_POLICIES,
  NodeGroupSpec,
  PlannedNodeGroup,
  ROOT_DEVICE_NAME,
  SERVICE_ACCOUNTS,
  clusterAutoscalerPolicy,
  clusterAutoscalerValues,
  eksPlatformArgsProblems,
  eksPlatformDefaults,
  loadBalancerControllerPolicy,
  loadBalancerControllerValues,
  metricsServerValues,
  nodeTrustPolicy,
  parseAdminPrincipal,
  pinsFor,
  planNodeGroups,
  podSecurityLabels,
  EksPlatformPlanInput,
} from "./plan";

export * from "./plan";

/** Type token of the component (renaming it replaces every child: add an alias first). */
export const EKS_PLATFORM_TYPE = "platform:compute:EksPlatform";

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
 * A resource transform for the `aws:eks/cluster:Cluster` that `eks.Cluster` creates: no admin access entry for the
 * principal that creates the cluster. `@pulumi/eks` always asks EKS for one (it deploys charts itself, which this
 * platform does not ask of it); here every administrator is an explicit access entry from `clusterAdmins`.
 * The setting only counts at creation (`@pulumi/eks` ignores later changes to it).
 */
export const withoutCreatorAdmin: pulumi.ResourceTransform = (args) => {
  if (args.type !== "aws:eks/cluster:Cluster") {
    return undefined;
  }
  const disable = (config: unknown) => ({
    ...(typeof config === "object" && config !== null ? config : {}),
    bootstrapClusterCreatorAdminPermissions: false,
  });
  const current = args.props["accessConfig"];
  const accessConfig = pulumi.Output.isInstance(current) ? current.apply(disable) : disable(current);
  return { props: { ...args.props, accessConfig }, opts: args.opts };
};

/** The chart, release name and namespace of a platform controller. */
function releaseArgs(key: ControllerKey): {
  chart: string;
  version: string;
  repositoryOpts: { repo: string };
} {
  const pin: HelmChartPin = HELM_CHARTS[key];
  return { chart: pin.chart, version: pin.version, repositoryOpts: { repo: pin.repository } };
}

/** What every step of the constructor creates with. */
interface Context extends ComponentStepContext {
  readonly resolved: ResolvedEksPlatformArgs;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly protect: boolean;
  /** The add-on versions and autoscaler image pinned for the Kubernetes version. */
  readonly pins: KubernetesVersionPins;
}

/** The workload identities of the add-ons and controllers that call AWS. */
interface ControllerIdentities {
  readonly vpcCni: WorkloadIdentity;
  readonly ebsCsiDriver: WorkloadIdentity;
  readonly awsLoadBalancerController: WorkloadIdentity;
  readonly clusterAutoscaler: WorkloadIdentity;
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

  constructor(name: string, args: EksPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EKS_PLATFORM_TYPE, name, {}, opts);
    const resolved = withDefaults(args);
    throwIfProblems(
      `Invalid arguments for EksPlatform "${name}"`,
      validateEksPlatformArgs(name, resolved, opts),
    );
    // Checked above: every AWS child goes through this provider, never the ambient default one.
    const provider = opts!.provider as aws.Provider;
    const childOpts = { parent: this, provider };
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

    const cluster = this.createControlPlane(ctx);
    // The cluster's name, as an output that exists once the cluster does, so everything that takes it waits.
    const clusterNameOutput = cluster.clusterSecurityGroupId.apply(() => clusterName);
    const adminAccess = this.createAdminAccess(ctx, clusterNameOutput, partition, accountId);
    const identityTarget: WorkloadCluster = {
      name: clusterNameOutput,
      arn: clusterArn,
      oidcProviderArn: cluster.oidcProviderArn,
      oidcIssuer: cluster.oidcIssuer,
    };
    const identities = this.createControllerIdentities(ctx, identityTarget, partition, managed);
    const addon = (
      key: AddonKey,
      extra: Partial<aws.eks.AddonArgs>,
      options: pulumi.CustomResourceOptions = {},
    ) => this.createAddon(ctx, clusterNameOutput, key, extra, options);

    // Add-ons, pinned. Networking and the Pod Identity agent first (DaemonSets: nodes need them to become Ready).
    const vpcCni = addon(
      "vpcCni",
      {
        serviceAccountRoleArn: identities.vpcCni.roleArn,
        // Network policy enforcement by the VPC CNI's node agent, so NetworkPolicies (default-deny) take effect.
        configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
      },
      { dependsOn: [identities.vpcCni] },
    );
    const kubeProxy = addon("kubeProxy", {});
    const podIdentityAgent = addon("podIdentityAgent", {});

    const { nodeRole, nodeRoleAttachments } = this.createNodeRole(ctx, partition, managed);
    const managedNodeGroups = this.createNodeGroups(ctx, nodeGroups, cluster, nodeRole, [
      vpcCni,
      kubeProxy,
      podIdentityAgent,
      ...nodeRoleAttachments,
    ]);

    // Deployments need nodes to become ACTIVE: after the node groups.
    const coredns = addon("coredns", {}, { dependsOn: managedNodeGroups });
    const ebsCsiDriver = addon(
      "ebsCsiDriver",
      {},
      { dependsOn: [...managedNodeGroups, identities.ebsCsiDriver, podIdentityAgent] },
    );

    // Kubernetes: through the cluster's kubeconfig, once the administrators (the deploying role among them) exist.
    const kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    const kubernetesProvider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig, enableServerSideApply: true },
      { parent: this, dependsOn: adminAccess },
    );
    const k8sOpts = { parent: this, provider: kubernetesProvider };
    const applicationNamespace = this.createNamespaces(ctx, k8sOpts);
    this.createStorageClass(ctx, k8sOpts, ebsCsiDriver);
    this.createControllers(ctx, k8sOpts, [...managedNodeGroups, coredns], identities, {
      clusterNameOutput,
      region,
    });

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

  /** The control plane: its encrypted log group first, then the `@pulumi/eks` cluster (private, API authentication). */
  private createControlPlane({
    name,
    resolved,
    childOpts,
    tags,
    clusterName,
    kubernetesVersion,
    protect,
  }: Context): eks.Cluster {
    // EKS writes the control plane logs to /aws/eks/<cluster>/cluster and creates that group itself (unencrypted,
    // kept forever) unless it exists: create it first, with retention and the logs key, and the cluster after it.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane`,
      {
        name: `/aws/eks/${clusterName}/cluster`,
        retentionInDays: resolved.logRetentionDays,
        kmsKeyId: resolved.logsKmsKeyArn,
        tags: tags({ Name: `${clusterName}-control-plane` }),
      },
      { ...childOpts, protect },
    );

    const publicAccess = resolved.publicAccessCidrs.length > 0;
    const cluster = new eks.Cluster(
      `${name}-cluster`,
      {
        name: clusterName,
        version: kubernetesVersion,
        vpcId: resolved.vpcId,
        // Workload subnets only: the control plane's ENIs live beside the nodes, never in the edge tier.
        privateSubnetIds: resolved.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: [...resolved.publicAccessCidrs] } : {}),
        authenticationMode: eks.AuthenticationMode.Api,
        encryptionConfigKeyArn: resolved.kmsKeyArn,
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        createOidcProvider: true,
        skipDefaultNodeGroup: true,
        // No extra security groups: nodes and pods carry the cluster security group EKS creates, which is what
        // the data stores admit (nodeSecurityGroupId).
        skipDefaultSecurityGroups: true,
        nodeAssociatePublicIpAddress: false,
        // Every add-on is an EKS add-on of ours, pinned below; EKS installs no unmanaged copies at creation.
        bootstrapSelfManagedAddons: false,
        useDefaultVpcCni: true,
        corednsAddonOptions: { enabled: false },
        kubeProxyAddonOptions: { enabled: false },
        // Standard support only: a version past it is upgraded by EKS instead of silently billed for extended
        // support; the runbook upgrades before that.
        upgradePolicy: { supportType: "STANDARD" },
        deletionProtection: protect,
        tags: tags({}),
      },
      { ...childOpts, protect, dependsOn: [logGroup], transforms: [withoutCreatorAdmin] },
    );
    return cluster;
  }

  /** Administrators: explicit access entries, the only way into the cluster (authentication mode API). */
  private createAdminAccess(
    { name, resolved, provider, childOpts, tags }: Context,
    clusterNameOutput: pulumi.Output<string>,
    partition: pulumi.Output<aws.GetPartitionResult>,
    accountId: pulumi.Output<string>,
  ): pulumi.Resource[] {
    const admins: [string, pulumi.Input<string>][] = [];
    for (const value of resolved.clusterAdmins) {
      const admin = parseAdminPrincipal(value);
      if (typeof admin === "string") {
        continue; // unreachable: validated above
      }
      admins.push([
        admin.key,
        admin.arn ?? pulumi.interpolate`arn:${partition.partition}:iam::${accountId}:${admin.resource}`,
      ]);
    }
    admins.push(...Object.entries(resolved.adminRoleArns));
    const adminAccess: pulumi.Resource[] = [];
    for (const [key, principalArn] of admins) {
      const entry = new aws.eks.AccessEntry(
        `${name}-admin-${key}`,
        { clusterName: clusterNameOutput, principalArn, type: "STANDARD", tags: tags({}) },
        childOpts,
      );
      adminAccess.push(
        new aws.eks.AccessPolicyAssociation(
          `${name}-admin-${key}`,
          {
            clusterName: clusterNameOutput,
            principalArn: entry.principalArn,
            policyArn: pulumi.interpolate`arn:${partition.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_ACCESS_POLICY}`,
            accessScope: { type: "cluster" },
          },
          { parent: entry, provider },
        ),
      );
    }
    return adminAccess;
  }

  /**
   * The workload identities of the add-ons and controllers: the VPC CNI (IRSA: it must work before any node is
   * Ready, so before the Pod Identity agent can run), the EBS CSI driver, the AWS Load Balancer Controller and the
   * Cluster Autoscaler (Pod Identity).
   */
  private createControllerIdentities(
    { name, resolved, childOpts, clusterName }: Context,
    identityTarget: WorkloadCluster,
    partition: pulumi.Output<aws.GetPartitionResult>,
    managed: (policy: string) => pulumi.Output<string>,
  ): ControllerIdentities {
    const identity = (
      key: string,
      serviceAccount: string,
      grants: {
        managed?: Record<string, pulumi.Input<string>>;
        inline?: Record<string, pulumi.Input<string>>;
      },
      mechanism: "pod-identity" | "irsa" = "pod-identity",
    ) =>
      new WorkloadIdentity(
        `${name}-${key}`,
        {
          cluster: identityTarget,
          namespace: CONTROLLER_NAMESPACE,
          serviceAccount,
          mechanism,
          managedPolicyArns: grants.managed ?? {},
          inlinePolicies: grants.inline ?? {},
          description: `${key} of EKS cluster ${clusterName}`,
          tags: resolved.tags,
        },
        childOpts,
      );
    const vpcCni = identity(
      "vpc-cni",
      SERVICE_ACCOUNTS.vpcCni,
      { managed: { cni: managed(MANAGED_POLICIES.cni) } },
      "irsa",
    );
    const ebsCsiDriver = identity("ebs-csi-driver", SERVICE_ACCOUNTS.ebsCsiDriver, {
      managed: { ebs: managed(MANAGED_POLICIES.ebsCsiDriver) },
    });
    const awsLoadBalancerController = identity(
      "aws-load-balancer-controller",
      SERVICE_ACCOUNTS.awsLoadBalancerController,
      {
        inline: {
          controller: partition.partition.apply((p) =>
            policyJson(loadBalancerControllerPolicy(p), "compact"),
          ),
        },
      },
    );
    const clusterAutoscaler = identity("cluster-autoscaler", SERVICE_ACCOUNTS.clusterAutoscaler, {
      inline: { autoscaler: policyJson(clusterAutoscalerPolicy(clusterName), "compact") },
    });
    return { vpcCni, ebsCsiDriver, awsLoadBalancerController, clusterAutoscaler };
  }

  /** One EKS add-on at its pinned version; its configuration is what this program says. */
  private createAddon(
    { name, childOpts, tags, pins }: Context,
    clusterNameOutput: pulumi.Output<string>,
    key: AddonKey,
    extra: Partial<aws.eks.AddonArgs>,
    options: pulumi.CustomResourceOptions,
  ): aws.eks.Addon {
    return new aws.eks.Addon(
      `${name}-addon-${ADDON_NAMES[key]}`,
      {
        clusterName: clusterNameOutput,
        addonName: ADDON_NAMES[key],
        addonVersion: pins.addons[key],
        // The add-on's configuration is what this program says: EKS overwrites manual edits on create and update.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        tags: tags({}),
        ...extra,
      },
      { ...childOpts, ...options },
    );
  }

  /** Nodes: one role with only the policies nodes need. */
  private createNodeRole(
    { name, provider, childOpts, tags, clusterName }: Context,
    partition: pulumi.Output<aws.GetPartitionResult>,
    managed: (policy: string) => pulumi.Output<string>,
  ): { nodeRole: aws.iam.Role; nodeRoleAttachments: aws.iam.RolePolicyAttachment[] } {
    const nodeRole = new aws.iam.Role(
      `${name}-node`,
      {
        description: `Nodes of EKS cluster ${clusterName}: join the cluster and pull images, nothing else`,
        assumeRolePolicy: partition.dnsSuffix.apply((suffix) =>
          policyJson(nodeTrustPolicy(suffix), "compact"),
        ),
        tags: tags({}),
      },
      childOpts,
    );
    const nodeRoleAttachments = NODE_ROLE_POLICIES.map(
      (policy) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-node-${policy}`,
          { role: nodeRole.name, policyArn: managed(policy) },
          { parent: nodeRole, provider },
        ),
    );
    return { nodeRole, nodeRoleAttachments };
  }

  /** A managed node group per planned group over every workload subnet, each with its hardened launch template. */
  private createNodeGroups(
    { name, resolved, childOpts, tags, clusterName, kubernetesVersion }: Context,
    nodeGroups: readonly PlannedNodeGroup[],
    cluster: eks.Cluster,
    nodeRole: aws.iam.Role,
    dependsOn: pulumi.Resource[],
  ): eks.ManagedNodeGroup[] {
    const managedNodeGroups = nodeGroups.map((group) => {
      const nodeName = `${clusterName}-${group.key}`;
      const launchTemplate = new aws.ec2.LaunchTemplate(
        `${name}-${group.key}`,
        {
          description: `Nodes of ${nodeName}: IMDSv2 only, encrypted gp3 root volume, no public IP`,
          updateDefaultVersion: true,
          metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: IMDS_HOP_LIMIT,
            instanceMetadataTags: "disabled",
          },
          blockDeviceMappings: [
            {
              deviceName: ROOT_DEVICE_NAME,
              ebs: {
                volumeSize: group.diskSizeGiB,
                volumeType: "gp3",
                encrypted: "true",
                deleteOnTermination: "true",
                ...(resolved.volumeKmsKeyArn !== undefined ? { kmsKeyId: resolved.volumeKmsKeyArn } : {}),
              },
            },
          ],
          // Security groups in the launch template replace the ones EKS would add, so the cluster security group
          // is named here explicitly; no subnet (EKS places nodes in the node group's subnets).
          networkInterfaces: [
            {
              deviceIndex: 0,
              associatePublicIpAddress: "false",
              deleteOnTermination: "true",
              securityGroups: [cluster.clusterSecurityGroupId],
            },
          ],
          tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
            resourceType,
            tags: tags({ Name: nodeName, NodeGroup: group.key }),
          })),
          tags: tags({ Name: nodeName }),
        },
        childOpts,
      );
      return new eks.ManagedNodeGroup(
        `${name}-${group.key}`,
        {
          cluster,
          version: kubernetesVersion,
          nodeGroupNamePrefix: `${group.key}-`,
          nodeRoleArn: nodeRole.arn,
          // Every workload subnet, so the group spans every zone.
          subnetIds: resolved.subnetIds,
          amiType: group.amiType,
          instanceTypes: [...group.instanceTypes],
          capacityType: group.capacityType,
          scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
          // The Cluster Autoscaler owns the desired size once the group exists; `up` must not reset it.
          ignoreScalingChanges: true,
          labels: { ...group.labels },
          taints: group.taints.map((taint) => ({ ...taint })),
          launchTemplate: {
            id: launchTemplate.id,
            version: pulumi.interpolate`${launchTemplate.latestVersion}`,
          },
          tags: tags({ Name: nodeName, NodeGroup: group.key }),
        },
        { ...childOpts, dependsOn },
      );
    });
    return managedNodeGroups;
  }

  /**
   * The platform and application namespaces with their Pod Security labels, and in the application namespace a
   * default-deny network policy and DNS to CoreDNS: applications talk to nothing until they say so.
   */
  private createNamespaces(
    { name, resolved, kubernetesVersion }: Context,
    k8sOpts: { parent: pulumi.Resource; provider: k8s.Provider },
  ): k8s.core.v1.Namespace {
    new k8s.core.v1.Namespace(
      `${name}-platform-namespace`,
      {
        metadata: {
          name: resolved.platformNamespace,
          labels: podSecurityLabels("baseline", kubernetesVersion),
        },
      },
      k8sOpts,
    );
    const applicationNamespace = new k8s.core.v1.Namespace(
      `${name}-application-namespace`,
      {
        metadata: {
          name: resolved.applicationNamespace,
          labels: podSecurityLabels("restricted", kubernetesVersion),
        },
      },
      k8sOpts,
    );
    // Applications talk to nothing until they say so: deny all ingress and egress, then allow DNS only.
    new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      {
        metadata: { name: "default-deny-all", namespace: applicationNamespace.metadata.name },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      },
      k8sOpts,
    );
    new k8s.networking.v1.NetworkPolicy(
      `${name}-allow-dns`,
      {
        metadata: { name: "allow-dns", namespace: applicationNamespace.metadata.name },
        spec: {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [
            {
              to: [
                {
                  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                },
              ],
              ports: [
                { protocol: "UDP", port: 53 },
                { protocol: "TCP", port: 53 },
              ],
            },
          ],
        },
      },
      k8sOpts,
    );
    return applicationNamespace;
  }

  /** The default storage class: encrypted gp3 through the EBS CSI driver. */
  private createStorageClass(
    { name, resolved }: Context,
    k8sOpts: { parent: pulumi.Resource; provider: k8s.Provider },
    ebsCsiDriver: aws.eks.Addon,
  ): void {
    new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: {
          name: "gp3-encrypted",
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
        parameters: {
          type: "gp3",
          encrypted: "true",
          ...(resolved.volumeKmsKeyArn !== undefined ? { kmsKeyId: resolved.volumeKmsKeyArn } : {}),
        },
      },
      { ...k8sOpts, dependsOn: [ebsCsiDriver] },
    );
  }

  /**
   * The platform controllers as Helm releases in kube-system, each after the nodes and DNS exist and after its
   * identity (pods start with credentials).
   */
  private createControllers(
    { name, resolved, clusterName, pins }: Context,
    k8sOpts: { parent: pulumi.Resource; provider: k8s.Provider },
    controllerDependencies: pulumi.Resource[],
    identities: ControllerIdentities,
    {
      clusterNameOutput,
      region,
    }: { clusterNameOutput: pulumi.Output<string>; region: pulumi.Output<string> },
  ): void {
    const release = (
      key: ControllerKey,
      values: pulumi.Input<Record<string, unknown>>,
      dependsOn: pulumi.Resource[],
    ) =>
      new k8s.helm.v3.Release(
        `${name}-${HELM_CHARTS[key].chart}`,
        {
          name: HELM_CHARTS[key].chart,
          namespace: CONTROLLER_NAMESPACE,
          ...releaseArgs(key),
          values,
          // A failed upgrade rolls back instead of leaving half-applied manifests.
          atomic: true,
          cleanupOnFail: true,
          maxHistory: 10,
        },
        { ...k8sOpts, dependsOn: [...controllerDependencies, ...dependsOn] },
      );
    release(
      "awsLoadBalancerController",
      loadBalancerControllerValues({
        clusterName: clusterNameOutput,
        region,
        vpcId: pulumi.output(resolved.vpcId),
      }),
      [identities.awsLoadBalancerController],
    );
    release(
      "clusterAutoscaler",
      clusterAutoscalerValues({ clusterName, region, imageTag: pins.clusterAutoscalerImageTag }),
      [identities.clusterAutoscaler],
    );
    release("metricsServer", metricsServerValues(), []);
  }
}
