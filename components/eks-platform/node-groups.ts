/**
 * The nodes: their IAM role and a managed node group per planned group, each with its hardened launch template.
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../common/iam";
import type { Context } from "./context";
import {
  IMDS_HOP_LIMIT,
  NODE_ROLE_POLICIES,
  PlannedNodeGroup,
  ROOT_DEVICE_NAME,
  nodeTrustPolicy,
} from "./plan";

/** Nodes: one role with only the policies nodes need. */
export function createNodeRole(
  { name, provider, childOpts, tags, clusterName }: Context,
  partition: pulumi.Output<aws.GetPartitionResult>,
  managed: (policy: string) => pulumi.Output<string>,
): { nodeRole: aws.iam.Role; nodeRoleAttachments: aws.iam.RolePolicyAttachment[] } {
  const nodeRole = new aws.iam.Role(
    `${name}-node`,
    {
      description: `Nodes of EKS cluster ${clusterName}: join the cluster and pull images, nothing else`,
      assumeRolePolicy: partition.dnsSuffix.apply((suffix) => policyJson(nodeTrustPolicy(suffix), "compact")),
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
export function createNodeGroups(
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
