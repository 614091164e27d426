/**
 * The shapes EKS takes in a stack. `@pulumi/eks` v4 is a multi-language component: under mocks (the offline plan)
 * only `eks:index:*` resources are registered, with their inputs; at a real preview their children
 * (`aws:eks/cluster:Cluster`, `aws:eks/nodeGroup:NodeGroup`, launch templates, security groups …) are visible too.
 * Policies check both, each on what it can see.
 */
import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import type { Inputs } from "./policy";

export const AWS_EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const AWS_EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
export const EKS_CLUSTER = "eks:index:Cluster";
export const EKS_MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup";
export const EKS_NODE_GROUP = "eks:index:NodeGroup";
export const EKS_NODE_GROUP_V2 = "eks:index:NodeGroupV2";

export type AwsEksClusterInputs = Inputs<aws.eks.ClusterArgs>;
export type AwsEksNodeGroupInputs = Inputs<aws.eks.NodeGroupArgs>;

/** The `eks:index:Cluster` inputs the policies read (the full Args unwrap resource types they do not need). */
export type EksClusterInputs = Inputs<
  Pick<
    eks.ClusterArgs,
    | "encryptionConfigKeyArn"
    | "enabledClusterLogTypes"
    | "endpointPrivateAccess"
    | "endpointPublicAccess"
    | "publicAccessCidrs"
    | "skipDefaultNodeGroup"
    | "fargate"
    | "autoMode"
    | "nodeAssociatePublicIpAddress"
    | "nodeRootVolumeEncrypted"
    | "tags"
    | "version"
  >
>;
export type EksManagedNodeGroupInputs = Inputs<
  Pick<eks.ManagedNodeGroupArgs, "launchTemplate" | "instanceTypes" | "subnetIds" | "tags">
>;
export type EksNodeGroupInputs = Inputs<
  Pick<
    eks.NodeGroupV2Args,
    "nodeAssociatePublicIpAddress" | "nodeRootVolumeEncrypted" | "encryptRootBlockDevice"
  >
>;

/**
 * Whether an `eks:index:Cluster` creates its default (self-managed) node group: unless `skipDefaultNodeGroup`,
 * Fargate or Auto Mode is set.
 */
export function hasDefaultNodeGroup(cluster: EksClusterInputs): boolean {
  const fargate = cluster.fargate !== undefined && cluster.fargate !== false;
  return cluster.skipDefaultNodeGroup !== true && !fargate && cluster.autoMode?.enabled !== true;
}
