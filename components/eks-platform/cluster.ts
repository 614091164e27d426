/**
 * The control plane: its encrypted log group, the `@pulumi/eks` cluster (without the creator's implicit admin
 * access) and the administrators' access entries, the only way into the cluster.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import type { Context } from "./context";
import { CLUSTER_ADMIN_ACCESS_POLICY, CONTROL_PLANE_LOG_TYPES, parseAdminPrincipal } from "./plan";

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

/** The control plane: its encrypted log group first, then the `@pulumi/eks` cluster (private, API authentication). */
export function createControlPlane({
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
      // Every add-on is an EKS add-on of ours, pinned in ./addons; EKS installs no unmanaged copies at creation.
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
export function createAdminAccess(
  { name, resolved, provider, childOpts, tags }: Context,
  clusterNameOutput: pulumi.Output<string>,
  partition: pulumi.Output<aws.GetPartitionResult>,
  accountId: pulumi.Output<string>,
): pulumi.Resource[] {
  const admins: [string, pulumi.Input<string>][] = [];
  for (const value of resolved.clusterAdmins) {
    const admin = parseAdminPrincipal(value);
    if (typeof admin === "string") {
      continue; // unreachable: the constructor validated every principal
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
